/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab_vmalloc internals: what the experiment files (one experiment
 * each) share with common.c and main.c. Only this module includes it.
 */
#ifndef _ALLOCLAB_VML_H
#define _ALLOCLAB_VML_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/sizes.h>
#include "../../include/alloclab/family.h"

/* Buffers per worker: bounds the pointer arrays. */
#define VML_MAX_COUNT		SZ_64K
/* Largest buffer of one call. */
#define VML_MAX_SIZE		SZ_256M
/*
 * Ops of at least this many bytes check for a stop after each op (the clock
 * paused): 256 of them, the core's interval, could take minutes under TCG.
 */
#define VML_BIG_OP		SZ_1M

/**
 * struct vml_layout - what the page-by-page walk of one buffer found
 * @pages:	pages walked (the requested size, rounded up to pages)
 * @runs:	physically contiguous runs (pfn[i + 1] == pfn[i] + 1 inside one)
 * @longest:	pages in the longest run
 * @granule_order: largest order k such that every 2^k-page block of the
 *		buffer aligned in virtual memory is physically contiguous and
 *		aligned: 9 on x86-64 for a PMD (2 MiB) mapping, 0 for pages
 * @blocks:	aligned blocks of 2^granule_order pages inside the buffer
 * @alias_bad:	pages whose direct-map alias (pfn_to_page) read differently
 * @mapped:	pages mapped from the buffer's start up to the first hole
 *		(the guard page): more than @pages when a huge mapping
 *		rounded the area up
 * @stopped:	the walk stopped early (a stop request)
 */
struct vml_layout {
	unsigned long pages;
	unsigned long runs;
	unsigned long longest;
	unsigned int granule_order;
	unsigned long blocks;
	unsigned long alias_bad;
	unsigned long mapped;
	bool stopped;
};

int vml_walk(struct al_worker *w, void *addr, size_t size, unsigned int seed,
	     unsigned long *pfns, struct vml_layout *lo);
void vml_report_layout(struct al_ctx *ctx, const struct vml_layout *lo,
		      const unsigned long *pfns, unsigned int max_rows);
const char *vml_backing(const void *p);
void vml_purge(void);

/* Each file's experiment, copied into the table by main.c at load. */
extern const struct al_experiment vml_vmalloc;
extern const struct al_experiment vml_kvmalloc;
extern const struct al_experiment vml_vs_kmalloc;
extern const struct al_experiment vml_percpu;
extern const struct al_experiment vml_ioremap;

#endif /* _ALLOCLAB_VML_H */
