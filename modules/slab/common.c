// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_slab: what the experiments of the slab family share (declared in
 * slab.h): the phases of the timed ones, the allocation patterns, the name of
 * a kmalloc class and the shuffle of the free phase.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/minmax.h>
#include <linux/random.h>
#include "slab.h"

/* Phases of the timed experiments: the allocations, then the frees. */
const struct al_phase_desc slab_phases[] = {
	[SLAB_PH_ALLOC] = { "alloc", ALLOCLAB_U_OBJECTS },
	[SLAB_PH_FREE] = { "free", ALLOCLAB_U_OBJECTS },
	{ }
};

const char * const km_patterns[] = { "repeat", "bulk", "random", NULL };

/*
 * Name of the kmalloc cache serving objects of @ksz bytes with @gfp, the way
 * mm/slab_common.c names them (kmalloc-96, kmalloc-1k, dma-kmalloc-64). The
 * cache itself is private to the kernel; the name is derived from ksize.
 */
void slab_class_name(char *buf, size_t len, size_t ksz, gfp_t gfp)
{
	const char *prefix = "kmalloc-";

	if (gfp & __GFP_DMA)
		prefix = "dma-kmalloc-";
	else if (gfp & __GFP_RECLAIMABLE)
		prefix = "kmalloc-rcl-";
	if (ksz >= 1024 && !(ksz % 1024))
		snprintf(buf, len, "%s%zuk", prefix, ksz / 1024);
	else
		snprintf(buf, len, "%s%zu", prefix, ksz);
}

/* Fisher-Yates; untimed. Return: true if the run must stop. */
bool km_shuffle(struct al_worker *w, void **objs, u64 n)
{
	u64 i;

	for (i = n; i > 1; i--) {
		u32 j = get_random_u32_below(i);

		swap(objs[i - 1], objs[j]);
		if (!(i & 4095) && al_should_stop(w))
			return true;
	}
	return false;
}
