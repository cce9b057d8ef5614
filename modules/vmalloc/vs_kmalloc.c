// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc_vs_kmalloc size= count=: the same size through kmalloc()+kfree()
 * and through vmalloc()+vfree(), one phase each, side by side.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/math64.h>
#include "vm.h"

enum { VK_P_SIZE, VK_P_COUNT };
static const struct al_param vk_params[] = {
	[VK_P_SIZE] = { .name = "size", .help = "bytes per call, through both allocators",
			.type = AL_P_U64, .def = SZ_4K, .min = 1, .max = KMALLOC_MAX_SIZE,
			.unit = "bytes" },
	[VK_P_COUNT] = { .name = "count", .help = "alloc+free pairs per allocator",
			 .type = AL_P_U64, .def = 1000, .min = 1, .max = SZ_1M },
	{ }
};

enum { VK_PH_KMALLOC, VK_PH_VMALLOC };
static const struct al_phase_desc vk_phases[] = {
	[VK_PH_KMALLOC] = { "kmalloc", ALLOCLAB_U_OBJECTS },
	[VK_PH_VMALLOC] = { "vmalloc", ALLOCLAB_U_OBJECTS },
	{ }
};

struct vk_priv {
	const char *kmalloc_backing;	/* worker 0's first kmalloc */
	u64 k_ns, v_ns;			/* worker 0's loops, raw (clock reads included) */
};

static u64 vk_footprint(struct al_ctx *ctx)
{
	return 2 * PAGE_ALIGN(kmalloc_size_roundup(al_val(ctx, VK_P_SIZE))) * al_cpus(ctx);
}

/* count alloc+free pairs through kmalloc (@vm false) or vmalloc; Return: ns, or 0 if stopped */
static u64 vk_loop(struct al_worker *w, bool vm, size_t size, u64 count, const char **backing)
{
	u64 t0 = al_now_ns(), i;
	void *p;

	al_op_begin(w, vm ? VK_PH_VMALLOC : VK_PH_KMALLOC);
	for (i = 0; i < count; i++) {
		p = vm ? __vmalloc(size, GFP_KERNEL | __GFP_NOWARN) :
			 kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
		if (!p)
			al_failure(w);
		else if (backing && !*backing)
			*backing = vml_backing(p);
		if (vm)
			vfree(p);
		else
			kfree(p);
		if (al_op_done(w) || (size >= VML_BIG_OP && al_pause_check(w)))
			return 0;
	}
	al_op_end(w);
	return al_now_ns() - t0 ?: 1;
}

static int vk_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct vk_priv *vp = al_priv(ctx);
	size_t size = al_val(ctx, VK_P_SIZE);
	u64 count = al_val(ctx, VK_P_COUNT), k, v;

	k = vk_loop(w, false, size, count, al_wid(w) ? NULL : &vp->kmalloc_backing);
	if (!k)
		return -EINTR;
	v = vk_loop(w, true, size, count, NULL);
	if (!v)
		return -EINTR;
	if (al_wid(w) == 0) {
		vp->k_ns = k;
		vp->v_ns = v;
	}
	return 0;
}

static void vk_finish(struct al_ctx *ctx)
{
	struct vk_priv *vp = al_priv(ctx);
	size_t size = al_val(ctx, VK_P_SIZE);
	u64 r;

	vml_purge();
	al_fact(ctx, "kmalloc_backing", "%s", vp->kmalloc_backing ?: "unknown");
	al_fact(ctx, "kmalloc_bytes", "%zu", kmalloc_size_roundup(size));
	al_fact(ctx, "vmalloc_bytes", "%lu", PAGE_ALIGN(size));
	al_fact(ctx, "vmalloc_pages", "%lu", PAGE_ALIGN(size) >> PAGE_SHIFT);
	if (vp->k_ns) {
		r = div64_u64(vp->v_ns * 10, vp->k_ns);
		al_fact(ctx, "vmalloc_over_kmalloc", "%llu.%llu (worker 0's loops, raw)",
			r / 10, r % 10);
	}
}

const struct al_experiment vml_vs_kmalloc = {
	.name = "vmalloc_vs_kmalloc",
	.summary = "the same size through kmalloc+kfree and vmalloc+vfree, side by side",
	.params = vk_params,
	.phases = vk_phases,
	.flags = AL_EXP_TIMED,
	.footprint = vk_footprint,
	.run = vk_run,
	.finish = vk_finish,
	.priv_size = sizeof(struct vk_priv),
};
