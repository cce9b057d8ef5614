// SPDX-License-Identifier: GPL-2.0
/*
 * kmem_cache size= align= ctor= hwcache= count= bulk= pattern=: a cache of its
 * own in three patterns: layout, constructor calls, bulk API, hold=1 to read
 * /proc/slabinfo while the objects live.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/cache.h>
#include <linux/sort.h>
#include <linux/atomic.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/idr.h>
#include "slab.h"

enum { KMC_P_SIZE, KMC_P_ALIGN, KMC_P_CTOR, KMC_P_HWCACHE, KMC_P_COUNT, KMC_P_BULK,
       KMC_P_PATTERN };
static const struct al_param kmc_params[] = {
	[KMC_P_SIZE] = { .name = "size", .help = "object bytes", .type = AL_P_U64,
			 .def = 64, .min = 1, .max = KMALLOC_MAX_SIZE / 2, .unit = "bytes" },
	[KMC_P_ALIGN] = { .name = "align", .help = "0 or a power of two",
			  .type = AL_P_U64, .def = 0, .min = 0, .max = PAGE_SIZE, .unit = "bytes" },
	[KMC_P_CTOR] = { .name = "ctor", .help = "constructor (cache cannot merge)",
			 .type = AL_P_BOOL, .def = 0, .min = 0, .max = 1 },
	[KMC_P_HWCACHE] = { .name = "hwcache", .help = "SLAB_HWCACHE_ALIGN",
			    .type = AL_P_BOOL, .def = 0, .min = 0, .max = 1 },
	[KMC_P_COUNT] = { .name = "count", .help = "objects per CPU", .type = AL_P_U64,
			  .def = 10000, .min = 1, .max = SLAB_MAX_COUNT, .unit = "objects" },
	[KMC_P_BULK] = { .name = "bulk", .help = "0: one object per call; N: *_bulk() of N",
			 .type = AL_P_U64, .def = 0, .min = 0, .max = 1024, .unit = "objects" },
	[KMC_P_PATTERN] = { .name = "pattern",
			    .help = "alloc+free at once / all then free all / free shuffled",
			    .type = AL_P_ENUM, .def = KM_BULK, .choices = km_patterns },
	{ }
};

#define KMC_CTOR_MARK	0xa5
#define KMC_SAMPLE	65536UL	/* objects of worker 0 examined for the layout */

/*
 * Constructor calls of all caches of this module. Runs are serialised by the
 * core and held caches allocate nothing, so a run's share is the difference
 * across it.
 */
static atomic_long_t kmc_ctor_calls = ATOMIC_LONG_INIT(0);

/*
 * Cache names are reused: "alloclab_kmc_<id>" with the lowest id no live
 * cache of this module has. SLUB leaves the /sys/kernel/slab alias link of a
 * merged (constructor-less) cache behind after kmem_cache_destroy(); a cache
 * that cannot merge takes over the name and removes a stale link, and its
 * own directory goes with it, so such a sweeper cache cleans up behind each
 * mergeable one.
 */
static DEFINE_IDA(kmc_ida);

static void kmc_ctor(void *obj)
{
	*(u8 *)obj = KMC_CTOR_MARK;
	atomic_long_inc(&kmc_ctor_calls);
}

static void kmc_sweep_ctor(void *obj)
{
}

struct kmc_slot {
	void **objs;
	u64 first, n;		/* objs[first..n) are live */
};

struct kmc_priv {
	struct kmem_cache *cache;
	int id;
	char name[32];
	struct kmc_slot *slots;	/* one per worker */
	unsigned int nr_slots;
	long ctor_base;
	atomic64_t live;
	/* layout, measured by worker 0 on its objects */
	bool measured;
	unsigned int slab_order;
	unsigned long stride;	/* 0: not seen */
	unsigned long per_slab;
	unsigned long slabs_seen;
	unsigned long sampled;
	unsigned long ctor_bad;
	unsigned long kfence_objs;	/* sampled objects KFENCE had served */
};

static int kmc_check(struct al_ctx *ctx)
{
	u64 align = al_val(ctx, KMC_P_ALIGN);

	if (align && !is_power_of_2(align)) {
		al_err(ctx, "align=%llu is not a power of two", align);
		return -EINVAL;
	}
	if (al_hold(ctx) && al_val(ctx, KMC_P_PATTERN) == KM_REPEAT) {
		al_err(ctx, "hold=1 keeps the objects of pattern=bulk or random; pattern=repeat frees each at once");
		return -EINVAL;
	}
	return 0;
}

/* Bytes one object really takes: a slab slot, or its own pages when large. */
static u64 kmc_obj_bytes(struct al_ctx *ctx)
{
	u64 size = al_val(ctx, KMC_P_SIZE);
	u64 align = max_t(u64, al_val(ctx, KMC_P_ALIGN), sizeof(void *));

	if (al_val(ctx, KMC_P_HWCACHE))
		align = max_t(u64, align, L1_CACHE_BYTES);
	/* the free pointer may sit after the object (constructor) */
	size = ALIGN(size + sizeof(void *), align);
	/* above the costly order a slab holds one object of a whole page order */
	if (size > (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER))
		size = PAGE_SIZE << get_order(size);
	return size;
}

static u64 kmc_footprint(struct al_ctx *ctx)
{
	u64 per = kmc_obj_bytes(ctx), count = al_val(ctx, KMC_P_COUNT);
	u64 bulk = max_t(u64, al_val(ctx, KMC_P_BULK), 1);

	if (al_val(ctx, KMC_P_PATTERN) == KM_REPEAT)
		return (per + sizeof(void *)) * min(bulk, count) * al_cpus(ctx);
	/* objects and pointer arrays, plus worker 0's sorted copy */
	return (per + sizeof(void *)) * count * al_cpus(ctx) +
	       min_t(u64, count, KMC_SAMPLE) * sizeof(void *);
}

/* Destroy the cache and give its name back, with no stale sysfs link. */
static void kmc_destroy(struct kmc_priv *kp)
{
	struct kmem_cache *sweeper;

	kmem_cache_destroy(kp->cache);
	kp->cache = NULL;
	sweeper = kmem_cache_create(kp->name, 8, 0, 0, kmc_sweep_ctor);
	kmem_cache_destroy(sweeper);
	ida_free(&kmc_ida, kp->id);
}

/* Free every live object, the arrays and the cache. */
static void kmc_free_all(struct kmc_priv *kp)
{
	unsigned int w;
	u64 i;

	for (w = 0; kp->slots && w < kp->nr_slots; w++) {
		struct kmc_slot *sl = &kp->slots[w];

		for (i = sl->first; i < sl->n; i++) {
			kmem_cache_free(kp->cache, sl->objs[i]);
			if (!(i & 1023))
				cond_resched();
		}
		kvfree(sl->objs);
	}
	kfree(kp->slots);
	kp->slots = NULL;
	kmc_destroy(kp);
}

static int kmc_prepare(struct al_ctx *ctx)
{
	struct kmc_priv *kp = al_priv(ctx);
	slab_flags_t flags = al_val(ctx, KMC_P_HWCACHE) ? SLAB_HWCACHE_ALIGN : 0;
	unsigned int size = al_val(ctx, KMC_P_SIZE);
	unsigned int align = al_val(ctx, KMC_P_ALIGN);

	kp->id = ida_alloc(&kmc_ida, GFP_KERNEL);
	if (kp->id < 0)
		return kp->id;
	kp->nr_slots = al_cpus(ctx);
	kp->slots = kcalloc(kp->nr_slots, sizeof(*kp->slots), GFP_KERNEL);
	if (!kp->slots)
		goto err;
	snprintf(kp->name, sizeof(kp->name), "alloclab_kmc_%d", kp->id);
	kp->ctor_base = atomic_long_read(&kmc_ctor_calls);
	kp->cache = kmem_cache_create(kp->name, size, align, flags,
				      al_val(ctx, KMC_P_CTOR) ? kmc_ctor : NULL);
	if (!kp->cache) {
		al_err(ctx, "kmem_cache_create(%s, size=%u, align=%u) failed", kp->name,
		       size, align);
		goto err;
	}
	return 0;
err:
	kfree(kp->slots);
	kp->slots = NULL;
	ida_free(&kmc_ida, kp->id);
	return -ENOMEM;
}

static int kmc_cmp_ptr(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/*
 * Layout from addresses: sorted, the objects of one slab are neighbours;
 * the smallest gap between two of them is the stride (object size after
 * alignment and metadata), the most objects seen in one slab block the
 * objects per slab (exact once a slab was filled: count >= 2 slabs' worth).
 * Untimed, on worker 0, on a sorted copy of its first KMC_SAMPLE objects (the
 * free phase keeps the allocation order).
 */
static void kmc_measure(struct kmc_priv *kp, void **objs, u64 n, bool ctor)
{
	unsigned long m = min_t(u64, n, KMC_SAMPLE), i, in_blk = 0;
	const void *blk = NULL;
	void **v;

	if (!m)
		return;
	v = kvmalloc_array(m, sizeof(*v), GFP_KERNEL | __GFP_NOWARN);
	if (!v)
		return;
	/* KFENCE's objects sit on pages of their own: not the cache's layout */
	for (i = 0, n = 0; i < m; i++)
		if (!al_addr_is_kfence(objs[i]))
			v[n++] = objs[i];
	kp->kfence_objs = m - n;
	m = n;
	if (!m) {
		kvfree(v);
		return;
	}
	if (ctor)
		for (i = 0; i < m; i++)
			if (*(u8 *)v[i] != KMC_CTOR_MARK)
				kp->ctor_bad++;
	sort(v, m, sizeof(*v), kmc_cmp_ptr, NULL);
	kp->slab_order = al_addr_order(v[0]);
	for (i = 0; i < m; i++) {
		const void *b = al_addr_block(v[i]);

		if (b != blk) {
			blk = b;
			in_blk = 0;
			kp->slabs_seen++;
		} else {
			unsigned long d = (unsigned long)v[i] - (unsigned long)v[i - 1];

			if (!kp->stride || d < kp->stride)
				kp->stride = d;
		}
		in_blk++;
		kp->per_slab = max(kp->per_slab, in_blk);
	}
	kvfree(v);
	kp->sampled = m;
	kp->measured = true;
}

/*
 * pattern=repeat: one op = alloc + free of one object, or (bulk=N) one
 * alloc_bulk of N and one free_bulk of the same N: the per-CPU fastpath.
 */
static int kmc_run_repeat(struct al_worker *w, struct kmc_priv *kp, struct kmc_slot *sl)
{
	struct al_ctx *ctx = al_wctx(w);
	u64 count = al_val(ctx, KMC_P_COUNT), bulk = al_val(ctx, KMC_P_BULK), i, chunk;
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	void *p;

	al_op_begin(w, SLAB_PH_ALLOC);
	for (i = 0; i < count; i += chunk) {
		chunk = bulk ? min(bulk, count - i) : 1;
		if (!bulk) {
			p = kmem_cache_alloc(kp->cache, gfp);
			if (likely(p))
				kmem_cache_free(kp->cache, p);
			else
				al_failure(w);
		} else if (likely(kmem_cache_alloc_bulk(kp->cache, gfp, chunk, sl->objs))) {
			kmem_cache_free_bulk(kp->cache, chunk, sl->objs);
		} else {
			al_failure(w);
		}
		if (al_op_done_n(w, chunk))
			return -EINTR;
	}
	al_op_end(w);
	atomic64_add(min(bulk ? bulk : 1, count), &kp->live);
	return 0;
}

/* pattern=bulk|random, first half: every object allocated (and kept). */
static int kmc_run_fill(struct al_worker *w, struct kmc_priv *kp, struct kmc_slot *sl)
{
	struct al_ctx *ctx = al_wctx(w);
	u64 count = al_val(ctx, KMC_P_COUNT), bulk = al_val(ctx, KMC_P_BULK), i, chunk;
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	void *p;

	al_op_begin(w, SLAB_PH_ALLOC);
	for (i = 0; i < count; i += chunk) {
		chunk = bulk ? min(bulk, count - i) : 1;
		if (!bulk) {
			p = kmem_cache_alloc(kp->cache, gfp);
			if (likely(p))
				sl->objs[sl->n++] = p;
			else
				al_failure(w);
		} else if (likely(kmem_cache_alloc_bulk(kp->cache, gfp, chunk, sl->objs + sl->n))) {
			sl->n += chunk;
		} else {
			al_failure(w);
		}
		if (al_op_done_n(w, chunk))
			return -EINTR;	/* ->finish frees what is live */
	}
	al_op_end(w);
	atomic64_add(sl->n, &kp->live);
	return 0;
}

/* Second half: free in allocation order (bulk) or shuffled (random). */
static int kmc_run_drain(struct al_worker *w, struct kmc_priv *kp, struct kmc_slot *sl)
{
	struct al_ctx *ctx = al_wctx(w);
	u64 bulk = al_val(ctx, KMC_P_BULK), chunk;

	if (al_val(ctx, KMC_P_PATTERN) == KM_RANDOM && km_shuffle(w, sl->objs, sl->n))
		return -EINTR;
	al_op_begin(w, SLAB_PH_FREE);
	while (sl->first < sl->n) {
		chunk = bulk ? min(bulk, sl->n - sl->first) : 1;
		if (!bulk)
			kmem_cache_free(kp->cache, sl->objs[sl->first]);
		else
			kmem_cache_free_bulk(kp->cache, chunk, sl->objs + sl->first);
		sl->first += chunk;
		if (al_op_done_n(w, chunk))
			return -EINTR;
	}
	al_op_end(w);
	return 0;
}

static int kmc_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct kmc_priv *kp = al_priv(ctx);
	struct kmc_slot *sl = &kp->slots[al_wid(w)];
	u64 count = al_val(ctx, KMC_P_COUNT);
	bool repeat = al_val(ctx, KMC_P_PATTERN) == KM_REPEAT;
	int ret;

	if (repeat)
		count = min_t(u64, count, max_t(u64, al_val(ctx, KMC_P_BULK), 1));
	sl->objs = kvmalloc_node(array_size(count, sizeof(*sl->objs)),
				 GFP_KERNEL | __GFP_NOWARN, al_wnode(w));
	if (!sl->objs) {
		al_err(ctx, "no memory for an array of %llu object pointers", count);
		return -ENOMEM;
	}
	if (repeat)
		return kmc_run_repeat(w, kp, sl);
	ret = kmc_run_fill(w, kp, sl);
	if (ret)
		return ret;
	if (al_wid(w) == 0)
		kmc_measure(kp, sl->objs, sl->n, al_val(ctx, KMC_P_CTOR));
	if (al_hold(ctx))
		return 0;
	return kmc_run_drain(w, kp, sl);
}

static void kmc_layout_facts(struct al_ctx *ctx, struct kmc_priv *kp)
{
	if (!kp->measured) {
		al_fact(ctx, "layout", "not measured (pattern=repeat keeps no object alive)");
		return;
	}
	if (kp->stride)
		al_fact(ctx, "stride", "%lu", kp->stride);
	else
		al_fact(ctx, "stride", "unknown (no two objects in one slab)");
	al_fact(ctx, "objects_per_slab", "%lu", kp->per_slab);
	al_fact(ctx, "slab_order", "%u", kp->slab_order);
	al_fact(ctx, "slab_bytes", "%lu", PAGE_SIZE << kp->slab_order);
	al_fact(ctx, "slabs_seen", "%lu (of %lu objects of worker 0)", kp->slabs_seen,
		kp->sampled);
	if (kp->kfence_objs)
		al_fact(ctx, "kfence_objects", "%lu (left out of the layout)", kp->kfence_objs);
}

static void kmc_finish(struct al_ctx *ctx)
{
	struct kmc_priv *kp = al_priv(ctx);
	u64 size = al_val(ctx, KMC_P_SIZE), bulk = al_val(ctx, KMC_P_BULK);
	u64 live = atomic64_read(&kp->live);
	unsigned long stride = kp->stride;

	al_fact(ctx, "cache", "%s", kp->name);
	al_fact(ctx, "object_size", "%u", kmem_cache_size(kp->cache));
	kmc_layout_facts(ctx, kp);
	if (al_val(ctx, KMC_P_CTOR)) {
		al_fact(ctx, "ctor_calls", "%ld",
			atomic_long_read(&kmc_ctor_calls) - kp->ctor_base);
		if (kp->measured)
			al_fact(ctx, "ctor_state", kp->ctor_bad ? "%lu objects lack the mark" :
				"ok (%lu objects carry the mark)",
				kp->ctor_bad ? kp->ctor_bad : kp->sampled);
		al_fact(ctx, "mergeable", "no (constructor)");
	} else {
		al_fact(ctx, "ctor_calls", "0");
		al_fact(ctx, "mergeable",
			"yes: may alias a compatible cache, then not in slabinfo under its name");
	}
	if (bulk)
		al_fact(ctx, "objects_per_op", "%llu (kmem_cache_alloc_bulk/free_bulk)", bulk);
	else
		al_fact(ctx, "objects_per_op", "1");
	al_fact(ctx, "live_peak", "%llu", live);
	if (!stride)
		stride = kmem_cache_size(kp->cache);
	al_bytes(ctx, size * live, (u64)stride * live);

	if (!al_hold(ctx))
		kmc_free_all(kp);
}

static void kmc_release(struct al_ctx *ctx)
{
	struct kmc_priv *kp = al_priv(ctx);

	if (kp->cache)
		kmc_free_all(kp);
}

const struct al_experiment slab_kmem_cache = {
	.name = "kmem_cache",
	.summary = "a cache of its own: stride, objects per slab, ctor calls, bulk API",
	.params = kmc_params,
	.phases = slab_phases,
	.flags = AL_EXP_TIMED | AL_EXP_HOLD,
	.check = kmc_check,
	.footprint = kmc_footprint,
	.prepare = kmc_prepare,
	.run = kmc_run,
	.finish = kmc_finish,
	.release = kmc_release,
	.priv_size = sizeof(struct kmc_priv),
};

/**
 * slab_kmc_exit() - forget the cache names, at module unload
 *
 * Call after alloclab_unregister(): no run is left to hold a name.
 */
void slab_kmc_exit(void)
{
	ida_destroy(&kmc_ida);
}
