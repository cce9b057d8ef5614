// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc size= count= gfp= pattern=: kmalloc()/kfree() of one size in three
 * patterns, with what the allocator really gave (ksize, class, backing).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/atomic.h>
#include <linux/math64.h>
#include <linux/io.h>
#include "slab.h"

enum { KM_P_SIZE, KM_P_COUNT, KM_P_GFP, KM_P_PATTERN };
static const struct al_param km_params[] = {
	[KM_P_SIZE] = { .name = "size", .help = "bytes per kmalloc", .type = AL_P_U64,
			.def = 64, .min = 1, .max = KMALLOC_MAX_SIZE, .unit = "bytes" },
	[KM_P_COUNT] = { .name = "count", .help = "ops (repeat) or live objects per CPU",
			 .type = AL_P_U64, .def = 10000, .min = 1, .max = SLAB_MAX_COUNT },
	[KM_P_GFP] = { .name = "gfp", .help = "flags", .type = AL_P_GFP,
		       .def_str = "KERNEL" },
	[KM_P_PATTERN] = { .name = "pattern",
			   .help = "alloc+free / all then free all / free shuffled",
			   .type = AL_P_ENUM, .def = KM_REPEAT, .choices = km_patterns },
	{ }
};

struct km_priv {
	atomic64_t live;	/* sum of every worker's peak of live objects */
	/* one untimed sample allocation by worker 0, before timing */
	bool sampled;
	bool slab;
	unsigned int order;
	int nid;
	size_t ksize;
	const char *zone;
	const void *virt;
	phys_addr_t phys;
	unsigned int kfence_skipped;	/* sample objects KFENCE had taken */
};

static int km_check(struct al_ctx *ctx)
{
	/* kmalloc would "fix" these with a stack dump (GFP_SLAB_BUG_MASK) */
	if (al_gfp(ctx, KM_P_GFP) & (__GFP_HIGHMEM | __GFP_DMA32)) {
		al_err(ctx, "kmalloc cannot take HIGHUSER_MOVABLE or DMA32 (slab memory is never highmem or DMA32-only); use DMA");
		return -EINVAL;
	}
	return 0;
}

static u64 km_footprint(struct al_ctx *ctx)
{
	u64 per = kmalloc_size_roundup(al_val(ctx, KM_P_SIZE));
	u64 count = al_val(ctx, KM_P_COUNT);

	if (al_val(ctx, KM_P_PATTERN) == KM_REPEAT)
		return per * (al_cpus(ctx) + 1);
	/* live objects plus the pointer array, per worker; plus the sample */
	return (count * (per + sizeof(void *))) * al_cpus(ctx) + per;
}

#define KM_SAMPLE_TRIES	8

/*
 * One allocation to describe; an object KFENCE sampled (a page of its own,
 * ksize() == size) tells nothing about the class, so it is kept aside and
 * another one taken.
 */
static void *km_sample_alloc(struct km_priv *kp, size_t size, gfp_t gfp)
{
	void *aside[KM_SAMPLE_TRIES], *p = NULL;
	unsigned int n = 0, i;

	while (n < KM_SAMPLE_TRIES) {
		p = kmalloc(size, gfp);
		if (!p || !al_addr_is_kfence(p))
			break;
		aside[n++] = p;
		p = NULL;
	}
	for (i = 0; i < n; i++)
		kfree(aside[i]);
	kp->kfence_skipped = n;
	return p;
}

static void km_sample(struct km_priv *kp, size_t size, gfp_t gfp)
{
	void *p = km_sample_alloc(kp, size, gfp);
	struct page *pg;

	if (!p)
		return;
	pg = virt_to_page(p);
	kp->ksize = ksize(p);
	kp->slab = al_addr_is_slab(p);
	kp->order = al_addr_order(p);
	kp->zone = page_zone(pg)->name;
	kp->nid = page_to_nid(pg);
	kp->virt = p;
	kp->phys = virt_to_phys(p);
	kp->sampled = true;
	kfree(p);
}

static void slab_free_ptrs(void **objs, u64 from, u64 to)
{
	u64 i;

	for (i = from; i < to; i++) {
		kfree(objs[i]);
		if (!(i & 1023))
			cond_resched();
	}
}

/* "12.5": tenths of a percent of @part in @whole. */
static void slab_pct(char *buf, size_t len, u64 part, u64 whole)
{
	u64 pm = whole ? div64_u64(part * 1000, whole) : 0;

	snprintf(buf, len, "%llu.%llu", pm / 10, pm % 10);
}

static int km_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct km_priv *kp = al_priv(ctx);
	size_t size = al_val(ctx, KM_P_SIZE);
	u64 count = al_val(ctx, KM_P_COUNT);
	gfp_t gfp = al_gfp(ctx, KM_P_GFP);
	u64 i, n = 0;
	bool any = false;
	void **objs;
	void *p;

	if (al_wid(w) == 0)
		km_sample(kp, size, gfp);

	if (al_val(ctx, KM_P_PATTERN) == KM_REPEAT) {
		al_op_begin(w, SLAB_PH_ALLOC);
		for (i = 0; i < count; i++) {
			p = kmalloc(size, gfp);
			if (likely(p)) {
				kfree(p);
				any = true;
			} else {
				al_failure(w);
			}
			if (al_op_done(w))
				return -EINTR;
		}
		al_op_end(w);
		if (any)
			atomic64_inc(&kp->live);
		return 0;
	}

	objs = kvmalloc_array(count, sizeof(*objs), GFP_KERNEL | __GFP_NOWARN);
	if (!objs) {
		al_err(ctx, "no memory for an array of %llu object pointers", count);
		return -ENOMEM;
	}
	al_op_begin(w, SLAB_PH_ALLOC);
	for (i = 0; i < count; i++) {
		p = kmalloc(size, gfp);
		if (likely(p))
			objs[n++] = p;
		else
			al_failure(w);
		if (al_op_done(w))
			goto stop;
	}
	al_op_end(w);
	atomic64_add(n, &kp->live);

	if (al_val(ctx, KM_P_PATTERN) == KM_RANDOM && km_shuffle(w, objs, n))
		goto stop;

	al_op_begin(w, SLAB_PH_FREE);
	for (i = 0; i < n; i++) {
		kfree(objs[i]);
		if (al_op_done(w)) {
			slab_free_ptrs(objs, i + 1, n);
			kvfree(objs);
			return -EINTR;
		}
	}
	al_op_end(w);
	kvfree(objs);
	return 0;

stop:
	slab_free_ptrs(objs, 0, n);
	kvfree(objs);
	return -EINTR;
}

static void km_finish(struct al_ctx *ctx)
{
	struct km_priv *kp = al_priv(ctx);
	size_t size = al_val(ctx, KM_P_SIZE);
	u64 live = atomic64_read(&kp->live);
	char buf[32];

	if (!kp->sampled) {
		al_fact(ctx, "backing", "unknown (the sample allocation failed)");
		al_bytes(ctx, size * live, 0);
		return;
	}
	al_fact(ctx, "ksize", "%zu", kp->ksize);
	slab_pct(buf, sizeof(buf), kp->ksize - size, kp->ksize);
	al_fact(ctx, "waste_pct", "%s", buf);
	if (kp->slab) {
		al_fact(ctx, "backing", "slab");
		slab_class_name(buf, sizeof(buf), kp->ksize, al_gfp(ctx, KM_P_GFP));
		al_fact(ctx, "slab_class", "%s", buf);
		al_fact(ctx, "slab_order", "%u", kp->order);
	} else {
		al_fact(ctx, "backing", "page_allocator");
		al_fact(ctx, "page_order", "%u", kp->order);
	}
	al_fact(ctx, "zone", "%s", kp->zone);
	al_fact(ctx, "node", "%d", kp->nid);
	al_fact_ptr(ctx, "sample_virt", kp->virt);
	al_fact_phys(ctx, "sample_phys", kp->phys);
	al_fact(ctx, "live_peak", "%llu", live);
	/* on every KFENCE kernel, 0 included: results of one command keep one key set */
	if (IS_ENABLED(CONFIG_KFENCE))
		al_fact(ctx, "kfence_skipped", "%u", kp->kfence_skipped);
	/* bytes: the peak live set of all workers, as asked vs as ksize'd */
	al_bytes(ctx, size * live, kp->ksize * live);
}

const struct al_experiment slab_kmalloc = {
	.name = "kmalloc",
	.summary = "kmalloc/kfree of one size: ns per op, ksize, slab class or page order",
	.params = km_params,
	.phases = slab_phases,
	.flags = AL_EXP_TIMED,
	.check = km_check,
	.footprint = km_footprint,
	.run = km_run,
	.finish = km_finish,
	.priv_size = sizeof(struct km_priv),
};
