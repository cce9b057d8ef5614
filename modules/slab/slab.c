// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_slab: the slab family.
 *
 *   kmalloc          kmalloc()/kfree() of one size in three patterns, with
 *                    what the allocator really gave (ksize, class, backing)
 *   kmalloc_classes  the kmalloc size classes of this kernel, measured
 *   kmem_cache       a cache of its own: layout, constructor calls, bulk API,
 *                    hold=1 to read /proc/slabinfo while the objects live
 *
 * Each experiment is a parameter table and a few callbacks; the core parses,
 * validates, budgets, starts the workers and times what the callbacks bracket
 * with al_op_begin()/al_op_done()/al_op_end().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/random.h>
#include <linux/sort.h>
#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/io.h>
#include "../core/alloclab.h"

/* Objects per worker: bounds the pointer array (128 MiB at most). */
#define SLAB_MAX_COUNT		BIT_ULL(24)

static void slab_free_ptrs(void **objs, u64 from, u64 to)
{
	u64 i;

	for (i = from; i < to; i++) {
		kfree(objs[i]);
		if (!(i & 1023))
			cond_resched();
	}
}

/*
 * Name of the kmalloc cache serving objects of @ksz bytes with @gfp, the way
 * mm/slab_common.c names them (kmalloc-96, kmalloc-1k, dma-kmalloc-64). The
 * cache itself is private to the kernel; the name is derived from ksize.
 */
static void slab_class_name(char *buf, size_t len, size_t ksz, gfp_t gfp)
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

/* "12.5": tenths of a percent of @part in @whole. */
static void slab_pct(char *buf, size_t len, u64 part, u64 whole)
{
	u64 pm = whole ? div64_u64(part * 1000, whole) : 0;

	snprintf(buf, len, "%llu.%llu", pm / 10, pm % 10);
}

/* ------------------------------------------------------------------ */
/* kmalloc size= count= gfp= pattern=                                  */

enum { KM_REPEAT, KM_BULK, KM_RANDOM };
static const char * const km_patterns[] = { "repeat", "bulk", "random", NULL };

enum { KM_P_SIZE, KM_P_COUNT, KM_P_GFP, KM_P_PATTERN };
static const struct al_param km_params[] = {
	[KM_P_SIZE] = { .name = "size", .help = "bytes per kmalloc",
			.type = AL_P_U64, .def = 64, .min = 1, .max = KMALLOC_MAX_SIZE },
	[KM_P_COUNT] = { .name = "count", .help = "ops (repeat) or live objects per CPU",
			 .type = AL_P_U64, .def = 10000, .min = 1, .max = SLAB_MAX_COUNT },
	[KM_P_GFP] = { .name = "gfp", .help = "flags", .type = AL_P_GFP,
		       .gfp_def = "KERNEL" },
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
	unsigned long virt;
	phys_addr_t phys;
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

static void km_sample(struct km_priv *kp, size_t size, gfp_t gfp)
{
	void *p = kmalloc(size, gfp);
	struct page *pg;

	if (!p)
		return;
	pg = virt_to_page(p);
	kp->ksize = ksize(p);
	kp->slab = al_addr_is_slab(p);
	kp->order = al_addr_order(p);
	kp->zone = page_zone(pg)->name;
	kp->nid = page_to_nid(pg);
	kp->virt = (unsigned long)p;
	kp->phys = virt_to_phys(p);
	kp->sampled = true;
	kfree(p);
}

/* Fisher-Yates; untimed. Return: true if the run must stop. */
static bool km_shuffle(struct al_worker *w, void **objs, u64 n)
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
		al_op_begin(w, AL_PH_MAIN);
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
	al_op_begin(w, AL_PH_MAIN);
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

	al_op_begin(w, AL_PH_FREE);
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
	al_fact(ctx, "sample_virt", "0x%lx", kp->virt);
	al_fact(ctx, "sample_phys", "%pa", &kp->phys);
	al_fact(ctx, "live_peak", "%llu", live);
	/* bytes: the peak live set of all workers, as asked vs as ksize'd */
	al_bytes(ctx, size * live, kp->ksize * live);
}

/* ------------------------------------------------------------------ */
/* kmalloc_classes                                                     */

#define CLS_MAX		48

struct cls_class {
	size_t lo, hi;		/* sizes lo..hi share this class */
	bool slab;
	unsigned int order;
};

struct cls_priv {
	unsigned int n;
	struct cls_class cls[CLS_MAX];
	size_t largest_ok;
	size_t first_fail;	/* 0: none seen */
	size_t page_from;	/* first size served by the page allocator */
	size_t verified_to;	/* every size 1..verified_to gave its class */
	size_t bad_size;	/* a size whose ksize broke the class table */
	size_t bad_ksize;
	u64 probes;
};

static const struct al_param cls_params[] = { { } };

static u64 cls_footprint(struct al_ctx *ctx)
{
	return KMALLOC_MAX_SIZE;
}

/* kmalloc @size once; 0 if it failed, else its ksize and backing. */
static size_t cls_probe(struct cls_priv *cp, size_t size, bool *slab, unsigned int *order)
{
	void *p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN | __GFP_RETRY_MAYFAIL);
	size_t k;

	cp->probes++;
	if (!p)
		return 0;
	k = ksize(p);
	*slab = al_addr_is_slab(p);
	*order = al_addr_order(p);
	kfree(p);
	return k;
}

/*
 * Walk the classes: kmalloc(s) has ksize k >= s, and every size s..k is
 * served by that class, so the next class starts at k + 1. Stops at the
 * first size that fails: past KMALLOC_MAX_SIZE the page allocator refuses
 * the order (quietly, with __GFP_NOWARN, on 6.1 and 6.12).
 */
static int cls_walk(struct al_worker *w, struct cls_priv *cp)
{
	size_t s = 1, k, k2;
	unsigned int order, order2;
	bool slab, slab2;

	while (cp->n < CLS_MAX) {
		k = cls_probe(cp, s, &slab, &order);
		if (!k) {
			cp->first_fail = s;
			break;
		}
		if (k < s) {
			cp->bad_size = s;
			cp->bad_ksize = k;
			break;
		}
		/* the top of the class must map to the same class */
		k2 = cls_probe(cp, k, &slab2, &order2);
		if (!k2) {
			cp->largest_ok = s;
			cp->first_fail = k;
			break;
		}
		if (k2 != k || slab2 != slab) {
			cp->bad_size = k;
			cp->bad_ksize = k2;
			break;
		}
		cp->cls[cp->n++] = (struct cls_class){ s, k, slab, order };
		cp->largest_ok = k;
		if (!slab && !cp->page_from)
			cp->page_from = s;
		if (k >= SIZE_MAX / 2)
			break;
		s = k + 1;
		if (al_should_stop(w))
			return -EINTR;
	}
	return 0;
}

/* Every size below the page allocator's: does it land in its class? */
static int cls_verify(struct al_worker *w, struct cls_priv *cp)
{
	unsigned int c = 0, order;
	size_t s, k, top;
	bool slab;

	if (!cp->n || cp->bad_size)
		return 0;
	top = cp->page_from ? cp->page_from - 1 : cp->cls[cp->n - 1].hi;
	top = min_t(size_t, top, 1 << 20);
	for (s = 1; s <= top; s++) {
		while (c < cp->n && s > cp->cls[c].hi)
			c++;
		if (c == cp->n)
			break;
		k = cls_probe(cp, s, &slab, &order);
		if (k != cp->cls[c].hi) {
			cp->bad_size = s;
			cp->bad_ksize = k;
			return 0;
		}
		cp->verified_to = s;
		if (!(s & 1023) && al_should_stop(w))
			return -EINTR;
	}
	return 0;
}

static int cls_run(struct al_worker *w)
{
	struct cls_priv *cp = al_priv(al_wctx(w));
	int ret;

	ret = cls_walk(w, cp);
	if (!ret)
		ret = cls_verify(w, cp);
	return ret;
}

static void cls_finish(struct al_ctx *ctx)
{
	struct cls_priv *cp = al_priv(ctx);
	unsigned int i, nslab = 0;
	char key[16], name[32];

	for (i = 0; i < cp->n; i++) {
		const struct cls_class *c = &cp->cls[i];

		snprintf(key, sizeof(key), "class_%02u", i);
		if (c->slab) {
			slab_class_name(name, sizeof(name), c->hi, GFP_KERNEL);
			al_fact(ctx, key, "%zu..%zu ksize=%zu slab %s", c->lo, c->hi, c->hi, name);
			nslab++;
		} else {
			al_fact(ctx, key, "%zu..%zu ksize=%zu page_allocator order=%u",
				c->lo, c->hi, c->hi, c->order);
		}
	}
	al_fact(ctx, "classes", "%u", cp->n);
	al_fact(ctx, "slab_classes", "%u", nslab);
	if (cp->n)
		al_fact(ctx, "smallest_class", "%zu", cp->cls[0].hi);
	if (cp->page_from)
		al_fact(ctx, "page_allocator_from", "%zu", cp->page_from);
	else
		al_fact(ctx, "page_allocator_from", "none");
	al_fact(ctx, "largest_ok", "%zu", cp->largest_ok);
	if (cp->first_fail)
		al_fact(ctx, "first_failure", "%zu", cp->first_fail);
	else
		al_fact(ctx, "first_failure", "none");
	al_fact(ctx, "verified_sizes", "1..%zu (every size)", cp->verified_to);
	if (cp->bad_size)
		al_fact(ctx, "inconsistent", "kmalloc(%zu) has ksize %zu", cp->bad_size,
			cp->bad_ksize);
	al_fact(ctx, "probes", "%llu", cp->probes);
	/* what this kernel's headers say, to compare with the measurement */
	al_fact(ctx, "kmalloc_min_size", "%u", (unsigned int)KMALLOC_MIN_SIZE);
	al_fact(ctx, "kmalloc_max_cache_size", "%lu", (unsigned long)KMALLOC_MAX_CACHE_SIZE);
	al_fact(ctx, "kmalloc_max_size", "%lu", (unsigned long)KMALLOC_MAX_SIZE);
	al_fact(ctx, "page_size", "%lu", PAGE_SIZE);
}

/* ------------------------------------------------------------------ */
/* kmem_cache size= align= ctor= hwcache= count= bulk=                 */

enum { KMC_P_SIZE, KMC_P_ALIGN, KMC_P_CTOR, KMC_P_HWCACHE, KMC_P_COUNT, KMC_P_BULK };
static const struct al_param kmc_params[] = {
	[KMC_P_SIZE] = { .name = "size", .help = "object bytes", .type = AL_P_U64,
			 .def = 64, .min = 1, .max = KMALLOC_MAX_SIZE / 2 },
	[KMC_P_ALIGN] = { .name = "align", .help = "0 or a power of two",
			  .type = AL_P_U64, .def = 0, .min = 0, .max = PAGE_SIZE },
	[KMC_P_CTOR] = { .name = "ctor", .help = "constructor (cache cannot merge)",
			 .type = AL_P_BOOL, .def = 0, .min = 0, .max = 1 },
	[KMC_P_HWCACHE] = { .name = "hwcache", .help = "SLAB_HWCACHE_ALIGN",
			    .type = AL_P_BOOL, .def = 0, .min = 0, .max = 1 },
	[KMC_P_COUNT] = { .name = "count", .help = "objects per CPU", .type = AL_P_U64,
			  .def = 10000, .min = 1, .max = SLAB_MAX_COUNT },
	[KMC_P_BULK] = { .name = "bulk", .help = "0: loop; N: *_bulk() N per call",
			 .type = AL_P_U64, .def = 0, .min = 0, .max = 1024 },
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
 * Cache names must never repeat in one boot: SLUB leaves the sysfs alias of a
 * merged cache behind after kmem_cache_destroy(), and a later unmergeable
 * cache of that name would fail to register. The sequence starts at the
 * microseconds since boot at load, which every earlier load stayed below.
 */
static atomic64_t kmc_seq = ATOMIC64_INIT(0);

static void kmc_ctor(void *obj)
{
	*(u8 *)obj = KMC_CTOR_MARK;
	atomic_long_inc(&kmc_ctor_calls);
}

struct kmc_slot {
	void **objs;
	u64 first, n;		/* objs[first..n) are live */
};

struct kmc_priv {
	struct kmem_cache *cache;
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
};

static int kmc_check(struct al_ctx *ctx)
{
	u64 align = al_val(ctx, KMC_P_ALIGN);

	if (align && !is_power_of_2(align)) {
		al_err(ctx, "align=%llu is not a power of two", align);
		return -EINVAL;
	}
	return 0;
}

static u64 kmc_footprint(struct al_ctx *ctx)
{
	u64 size = al_val(ctx, KMC_P_SIZE);
	u64 align = max_t(u64, al_val(ctx, KMC_P_ALIGN), sizeof(void *));

	if (al_val(ctx, KMC_P_HWCACHE))
		align = max_t(u64, align, L1_CACHE_BYTES);
	/* the free pointer may sit after the object (constructor) */
	size = ALIGN(size + sizeof(void *), align);
	/* objects and pointer arrays, plus worker 0's sorted copy */
	return (size + sizeof(void *)) * al_val(ctx, KMC_P_COUNT) * al_cpus(ctx) +
	       min_t(u64, al_val(ctx, KMC_P_COUNT), KMC_SAMPLE) * sizeof(void *);
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
	kmem_cache_destroy(kp->cache);
	kp->cache = NULL;
}

static int kmc_prepare(struct al_ctx *ctx)
{
	struct kmc_priv *kp = al_priv(ctx);
	slab_flags_t flags = al_val(ctx, KMC_P_HWCACHE) ? SLAB_HWCACHE_ALIGN : 0;
	unsigned int size = al_val(ctx, KMC_P_SIZE);
	unsigned int align = al_val(ctx, KMC_P_ALIGN);

	kp->nr_slots = al_cpus(ctx);
	kp->slots = kcalloc(kp->nr_slots, sizeof(*kp->slots), GFP_KERNEL);
	if (!kp->slots)
		return -ENOMEM;
	snprintf(kp->name, sizeof(kp->name), "alloclab_%lld", atomic64_inc_return(&kmc_seq));
	kp->ctor_base = atomic_long_read(&kmc_ctor_calls);
	kp->cache = kmem_cache_create(kp->name, size, align, flags,
				      al_val(ctx, KMC_P_CTOR) ? kmc_ctor : NULL);
	if (!kp->cache) {
		al_err(ctx, "kmem_cache_create(%s, size=%u, align=%u) failed", kp->name,
		       size, align);
		kfree(kp->slots);
		kp->slots = NULL;
		return -ENOMEM;
	}
	return 0;
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
	memcpy(v, objs, m * sizeof(*v));
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

static int kmc_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct kmc_priv *kp = al_priv(ctx);
	struct kmc_slot *sl = &kp->slots[al_wid(w)];
	struct kmem_cache *s = kp->cache;
	u64 count = al_val(ctx, KMC_P_COUNT);
	u64 bulk = al_val(ctx, KMC_P_BULK);
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	u64 i, chunk;
	void *p;

	sl->objs = kvmalloc_array(count, sizeof(*sl->objs), GFP_KERNEL | __GFP_NOWARN);
	if (!sl->objs) {
		al_err(ctx, "no memory for an array of %llu object pointers", count);
		return -ENOMEM;
	}

	/* one op: one object (bulk=0) or one *_bulk() call of up to N */
	al_op_begin(w, AL_PH_MAIN);
	for (i = 0; i < count; i += chunk) {
		if (!bulk) {
			chunk = 1;
			p = kmem_cache_alloc(s, gfp);
			if (likely(p))
				sl->objs[sl->n++] = p;
			else
				al_failure(w);
		} else {
			chunk = min(bulk, count - i);
			if (likely(kmem_cache_alloc_bulk(s, gfp, chunk, sl->objs + sl->n)))
				sl->n += chunk;
			else
				al_failure(w);
		}
		if (al_op_done(w))
			return -EINTR;	/* ->finish frees what is live */
	}
	al_op_end(w);
	atomic64_add(sl->n, &kp->live);

	if (al_wid(w) == 0)
		kmc_measure(kp, sl->objs, sl->n, al_val(ctx, KMC_P_CTOR));
	if (al_hold(ctx))
		return 0;

	al_op_begin(w, AL_PH_FREE);
	while (sl->first < sl->n) {
		if (!bulk) {
			kmem_cache_free(s, sl->objs[sl->first++]);
		} else {
			chunk = min(bulk, sl->n - sl->first);
			kmem_cache_free_bulk(s, chunk, sl->objs + sl->first);
			sl->first += chunk;
		}
		if (al_op_done(w))
			return -EINTR;
	}
	al_op_end(w);
	return 0;
}

static void kmc_finish(struct al_ctx *ctx)
{
	struct kmc_priv *kp = al_priv(ctx);
	u64 size = al_val(ctx, KMC_P_SIZE), bulk = al_val(ctx, KMC_P_BULK);
	u64 live = atomic64_read(&kp->live);
	unsigned long stride = kp->stride;

	al_fact(ctx, "cache", "%s", kp->name);
	al_fact(ctx, "object_size", "%u", kmem_cache_size(kp->cache));
	if (kp->measured) {
		if (stride)
			al_fact(ctx, "stride", "%lu", stride);
		else
			al_fact(ctx, "stride", "unknown (no two objects in one slab)");
		al_fact(ctx, "objects_per_slab", "%lu", kp->per_slab);
		al_fact(ctx, "slab_order", "%u", kp->slab_order);
		al_fact(ctx, "slab_bytes", "%lu", PAGE_SIZE << kp->slab_order);
		al_fact(ctx, "slabs_seen", "%lu (of %lu objects of worker 0)",
			kp->slabs_seen, kp->sampled);
	}
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

/* ------------------------------------------------------------------ */

static struct al_experiment slab_exps[] = {
	{
		.name = "kmalloc",
		.summary = "kmalloc/kfree of one size: ns per op, ksize, slab class or page order",
		.params = km_params,
		.flags = AL_EXP_TIMED,
		.check = km_check,
		.footprint = km_footprint,
		.run = km_run,
		.finish = km_finish,
		.priv_size = sizeof(struct km_priv),
	},
	{
		.name = "kmalloc_classes",
		.summary = "the kmalloc size classes, where pages take over, the largest size",
		.params = cls_params,
		.footprint = cls_footprint,
		.run = cls_run,
		.finish = cls_finish,
		.priv_size = sizeof(struct cls_priv),
	},
	{
		.name = "kmem_cache",
		.summary = "a cache of its own: stride, objects per slab, ctor calls, bulk API",
		.params = kmc_params,
		.flags = AL_EXP_TIMED | AL_EXP_HOLD,
		.check = kmc_check,
		.footprint = kmc_footprint,
		.prepare = kmc_prepare,
		.run = kmc_run,
		.finish = kmc_finish,
		.release = kmc_release,
		.priv_size = sizeof(struct kmc_priv),
	},
};

static int __init slab_init(void)
{
	atomic64_set(&kmc_seq, div_u64(ktime_get_boottime_ns(), NSEC_PER_USEC));
	return alloclab_register(slab_exps, ARRAY_SIZE(slab_exps));
}

static void __exit slab_exit(void)
{
	alloclab_unregister(slab_exps, ARRAY_SIZE(slab_exps));
}

module_init(slab_init);
module_exit(slab_exit);

MODULE_DESCRIPTION("alloclab slab family: kmalloc, kmalloc_classes, kmem_cache");
MODULE_AUTHOR("alloclab developers");
MODULE_LICENSE("GPL");
