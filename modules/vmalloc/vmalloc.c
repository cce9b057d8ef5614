// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc size= count= huge= user= seed= [hold=1]: count buffers through
 * vmalloc() (or vmalloc_huge(), vmalloc_user()), then the same through the
 * zeroing variant, then the frees: ns per call and per page. Worker 0's
 * first buffer is walked page by page (vmalloc_to_pfn): contiguous runs,
 * the mapping granule (huge mappings), the guard page. hold=1 keeps the
 * buffers for /proc/vmallocinfo; with user=1 the first one can be mapped
 * through /dev/alloclab and holds the pattern of seed=.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/pgtable.h>
#include "vm.h"

/* page[i] and run[i] rows of the walked buffer, at most */
#define VML_ROWS		256

enum { VML_P_SIZE, VML_P_COUNT, VML_P_HUGE, VML_P_USER, VML_P_SEED };
static const struct al_param vml_params[] = {
	[VML_P_SIZE] = { .name = "size", .help = "bytes per call (rounded up to pages)",
			.type = AL_P_U64, .def = SZ_64K, .min = 1, .max = VML_MAX_SIZE,
			.unit = "bytes" },
	[VML_P_COUNT] = { .name = "count", .help = "buffers per worker, live at once",
			 .type = AL_P_U64, .def = 100, .min = 1, .max = VML_MAX_COUNT },
	[VML_P_HUGE] = { .name = "huge", .help = "vmalloc_huge(): PMD mappings where the arch has them",
			.type = AL_P_BOOL },
	[VML_P_USER] = { .name = "user", .help = "vmalloc_user(): zeroed, mmap()able when held",
			.type = AL_P_BOOL },
	[VML_P_SEED] = { .name = "seed", .help = "pattern (i * 31 + seed) & 0xff in the first buffer",
			.type = AL_P_U64, .def = 0, .min = 0, .max = 255 },
	{ }
};

enum { VML_PH_ALLOC, VML_PH_FREE, VML_PH_ZALLOC };
static const struct al_phase_desc vml_phases[] = {
	[VML_PH_ALLOC] = { "alloc", ALLOCLAB_U_PAGES },
	[VML_PH_FREE] = { "free", ALLOCLAB_U_PAGES },
	[VML_PH_ZALLOC] = { "vzalloc", ALLOCLAB_U_PAGES },
	{ }
};

/* One worker's buffers; kept in the run's priv so ->release finds them. */
struct vml_set {
	void **bufs;
	u64 n;
};

struct vml_priv {
	struct vml_set *sets;		/* one per worker */
	unsigned int nsets;
	unsigned long *pfns;		/* worker 0's first buffer, page by page */
	struct vml_layout lo;
	const void *first;		/* that buffer (for facts and mmap) */
	size_t size;
	bool walked;
};

static int vml_check(struct al_ctx *ctx)
{
	if (al_val(ctx, VML_P_HUGE) && al_val(ctx, VML_P_USER)) {
		al_err(ctx, "huge=1 and user=1 cannot be combined: vmalloc_user() has no huge variant");
		return -EINVAL;
	}
	return 0;
}

/* Bytes of one area's pages (a huge one is rounded up to whole PMDs). */
static u64 vml_area_bytes(struct al_ctx *ctx)
{
	u64 size = al_val(ctx, VML_P_SIZE);

	if (al_val(ctx, VML_P_HUGE) && size >= PMD_SIZE)
		return ALIGN(size, PMD_SIZE);
	return PAGE_ALIGN(size);
}

static u64 vml_footprint(struct al_ctx *ctx)
{
	u64 count = al_val(ctx, VML_P_COUNT);

	/* count live per worker, +1 vzalloc buffer, the arrays */
	return ((count + 1) * vml_area_bytes(ctx) + count * sizeof(void *)) * al_cpus(ctx) +
	       (PAGE_ALIGN(al_val(ctx, VML_P_SIZE)) >> PAGE_SHIFT) * sizeof(unsigned long);
}

static int vml_prepare(struct al_ctx *ctx)
{
	struct vml_priv *vp = al_priv(ctx);

	vp->size = al_val(ctx, VML_P_SIZE);
	vp->nsets = al_cpus(ctx);
	vp->sets = kcalloc(vp->nsets, sizeof(*vp->sets), GFP_KERNEL);
	vp->pfns = kvmalloc_array(PAGE_ALIGN(vp->size) >> PAGE_SHIFT, sizeof(*vp->pfns),
				  GFP_KERNEL | __GFP_NOWARN);
	if (!vp->sets || !vp->pfns) {
		kfree(vp->sets);
		kvfree(vp->pfns);
		vp->sets = NULL;
		vp->pfns = NULL;
		al_err(ctx, "no memory for the run's bookkeeping");
		return -ENOMEM;
	}
	return 0;
}

/* One buffer from the allocator the parameters name; @zero: its zeroing variant. */
static void *vml_alloc_one(struct al_ctx *ctx, size_t size, bool zero)
{
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN | (zero ? __GFP_ZERO : 0);

	if (al_val(ctx, VML_P_USER))
		return vmalloc_user(size);	/* always zeroed */
	if (al_val(ctx, VML_P_HUGE))
		return vmalloc_huge(size, gfp);
	return __vmalloc(size, gfp);		/* vmalloc() / vzalloc(), quietly */
}

/* count buffers into @s, timed as @phase; @zero: the zeroing variant. */
static int vml_fill_set(struct al_worker *w, struct vml_set *s, unsigned int phase, bool zero)
{
	struct al_ctx *ctx = al_wctx(w);
	struct vml_priv *vp = al_priv(ctx);
	u64 count = al_val(ctx, VML_P_COUNT), i;
	unsigned long pages = PAGE_ALIGN(vp->size) >> PAGE_SHIFT;
	bool big = vp->size >= VML_BIG_OP;
	void *p;

	al_op_begin(w, phase);
	for (i = 0; i < count; i++) {
		p = vml_alloc_one(ctx, vp->size, zero);
		if (p)
			s->bufs[s->n++] = p;
		else
			al_failure(w);
		if (al_op_done_n(w, p ? pages : 0) || (big && al_pause_check(w)))
			return -EINTR;	/* ->finish frees the set */
	}
	al_op_end(w);
	return 0;
}

static void vml_empty_set(struct vml_set *s)
{
	while (s->n) {
		vfree(s->bufs[--s->n]);
		if (!(s->n & 63))
			cond_resched();
	}
}

/* Worker 0: fill and walk the first buffer (untimed). */
static int vml_inspect(struct al_worker *w, struct vml_priv *vp)
{
	struct al_ctx *ctx = al_wctx(w);
	void *p = vp->sets[0].bufs[0];
	int ret;

	ret = vml_walk(w, p, vp->size, al_val(ctx, VML_P_SEED), vp->pfns, &vp->lo);
	vp->first = p;
	vp->walked = !ret;
	return ret;
}

static int vml_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct vml_priv *vp = al_priv(ctx);
	struct vml_set *s = &vp->sets[al_wid(w)];
	u64 count = al_val(ctx, VML_P_COUNT);
	unsigned long pages = PAGE_ALIGN(vp->size) >> PAGE_SHIFT;

	s->bufs = kvmalloc_array(count, sizeof(*s->bufs), GFP_KERNEL | __GFP_NOWARN);
	if (!s->bufs) {
		al_err(ctx, "no memory for an array of %llu buffer pointers", count);
		return -ENOMEM;
	}
	/* the zeroing variant first (freed untimed): what is held comes last */
	if (vml_fill_set(w, s, VML_PH_ZALLOC, true))
		return -EINTR;
	vml_empty_set(s);
	if (vml_fill_set(w, s, VML_PH_ALLOC, false))
		return -EINTR;
	if (al_wid(w) == 0 && s->n && vml_inspect(w, vp))
		return -EINTR;
	if (al_hold(ctx))
		return 0;
	al_op_begin(w, VML_PH_FREE);
	while (s->n) {
		vfree(s->bufs[--s->n]);
		if (al_op_done_n(w, pages) || (vp->size >= VML_BIG_OP && al_pause_check(w)))
			return -EINTR;
	}
	al_op_end(w);
	return 0;
}

static void vml_free_all(struct vml_priv *vp)
{
	unsigned int i;

	for (i = 0; vp->sets && i < vp->nsets; i++) {
		vml_empty_set(&vp->sets[i]);
		kvfree(vp->sets[i].bufs);
	}
	kfree(vp->sets);
	vp->sets = NULL;
	vp->first = NULL;
	vml_purge();
}

static void vml_finish(struct al_ctx *ctx)
{
	struct vml_priv *vp = al_priv(ctx);
	u64 live = 0;
	unsigned int i;

	for (i = 0; i < vp->nsets; i++)
		live += vp->sets[i].n;
	al_fact(ctx, "allocator", "%s", al_val(ctx, VML_P_USER) ? "vmalloc_user" :
		al_val(ctx, VML_P_HUGE) ? "vmalloc_huge" : "vmalloc");
	al_fact(ctx, "zeroing_variant", "%s", al_val(ctx, VML_P_USER) ? "vmalloc_user" :
		al_val(ctx, VML_P_HUGE) ? "vmalloc_huge(__GFP_ZERO)" : "vzalloc");
	if (vp->walked) {
		al_fact_ptr(ctx, "addr", vp->first);
		al_fact_ptr(ctx, "addr_end", vp->first + PAGE_ALIGN(vp->size));
		vml_report_layout(ctx, &vp->lo, vp->pfns, VML_ROWS);
	}
	if (al_hold(ctx))
		al_fact(ctx, "held_buffers", "%llu", live);
	al_bytes(ctx, vp->size * (al_val(ctx, VML_P_COUNT) * vp->nsets),
		 vml_area_bytes(ctx) * (al_val(ctx, VML_P_COUNT) * vp->nsets));
	kvfree(vp->pfns);
	vp->pfns = NULL;
	if (!al_hold(ctx))
		vml_free_all(vp);
}

static void vml_release(struct al_ctx *ctx)
{
	vml_free_all(al_priv(ctx));
}

static int vml_mmap(struct al_ctx *ctx, struct vm_area_struct *vma)
{
	struct vml_priv *vp = al_priv(ctx);

	if (!al_val(ctx, VML_P_USER) || !vp->first)
		return -EINVAL;		/* only vmalloc_user() areas may be mapped */
	if (vma->vm_end - vma->vm_start > PAGE_ALIGN(vp->size))
		return -EINVAL;
	return remap_vmalloc_range(vma, (void *)vp->first, 0);
}

const struct al_experiment vml_vmalloc = {
	.name = "vmalloc",
	.summary = "vmalloc/vzalloc (huge=1, user=1) per call and per page, physical layout, vmallocinfo with hold=1",
	.params = vml_params,
	.phases = vml_phases,
	.flags = AL_EXP_TIMED | AL_EXP_HOLD | AL_EXP_MMAP,
	.check = vml_check,
	.footprint = vml_footprint,
	.prepare = vml_prepare,
	.run = vml_run,
	.finish = vml_finish,
	.release = vml_release,
	.mmap = vml_mmap,
	.priv_size = sizeof(struct vml_priv),
};
