// SPDX-License-Identifier: GPL-2.0
/*
 * kvmalloc size= count= [sweep=1]: kvmalloc()/kvfree() of one size, with
 * the allocator that really served it (is_vmalloc_addr(): vmalloc, else the
 * slab or the page allocator behind kmalloc). sweep=1 probes every power of
 * two from 8 bytes up to size= and one byte more, one row each: where
 * kvmalloc stops using kmalloc on this kernel.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/ktime.h>
#include <linux/string.h>
#include <linux/log2.h>
#include "vm.h"

enum { KV_P_SIZE, KV_P_COUNT, KV_P_SWEEP };
static const struct al_param kv_params[] = {
	[KV_P_SIZE] = { .name = "size", .help = "bytes per call (sweep=1: the largest probe)",
			.type = AL_P_U64, .def = SZ_64K, .min = 1, .max = VML_MAX_SIZE,
			.unit = "bytes" },
	[KV_P_COUNT] = { .name = "count", .help = "buffers per worker, live at once",
			 .type = AL_P_U64, .def = 100, .min = 1, .max = VML_MAX_COUNT },
	[KV_P_SWEEP] = { .name = "sweep",
			 .help = "probe 8, 9, 16, 17 ... up to size= once each instead",
			 .type = AL_P_BOOL },
	{ }
};

enum { KV_PH_ALLOC, KV_PH_FREE };
static const struct al_phase_desc kv_phases[] = {
	[KV_PH_ALLOC] = { "alloc", ALLOCLAB_U_OBJECTS },
	[KV_PH_FREE] = { "free", ALLOCLAB_U_OBJECTS },
	{ }
};

struct kv_priv {
	const char *backing;		/* of worker 0's first buffer */
	size_t largest_kmalloc;		/* sweep: largest probe kmalloc served */
	size_t smallest_vmalloc;	/* sweep: smallest probe vmalloc served */
	unsigned int probes;
	unsigned int failed;
};

static u64 kv_footprint(struct al_ctx *ctx)
{
	u64 size = PAGE_ALIGN(al_val(ctx, KV_P_SIZE) + 1);

	if (al_val(ctx, KV_P_SWEEP))
		return size;
	return (size + sizeof(void *)) * al_val(ctx, KV_P_COUNT) * al_cpus(ctx);
}

/* One probe of the sweep: allocate, classify, free; one row. */
static void kv_probe(struct al_ctx *ctx, struct kv_priv *kp, size_t size)
{
	u64 t0 = al_now_ns(), dt;
	const char *b;
	void *p;

	p = kvmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	dt = al_now_ns() - t0;
	kp->probes++;
	if (!p) {
		kp->failed++;
		al_row(ctx, "probe", "bytes=%zu backing=failed", size);
		return;
	}
	b = vml_backing(p);
	if (strcmp(b, "vmalloc")) {
		kp->largest_kmalloc = max(kp->largest_kmalloc, size);
	} else if (!kp->smallest_vmalloc || size < kp->smallest_vmalloc) {
		kp->smallest_vmalloc = size;
	}
	kvfree(p);
	al_row(ctx, "probe", "bytes=%zu backing=%s ns=%llu", size, b, dt);
}

static int kv_sweep(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct kv_priv *kp = al_priv(ctx);
	size_t max = al_val(ctx, KV_P_SIZE), s;

	for (s = 8; s <= max; s *= 2) {
		kv_probe(ctx, kp, s);
		if (s + 1 <= max)
			kv_probe(ctx, kp, s + 1);
		if (al_should_stop(w))
			return -EINTR;
	}
	return 0;
}

static void kv_free(void **objs, u64 from, u64 to)
{
	u64 i;

	for (i = from; i < to; i++) {
		kvfree(objs[i]);
		if (!(i & 63))
			cond_resched();
	}
}

static int kv_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct kv_priv *kp = al_priv(ctx);
	size_t size = al_val(ctx, KV_P_SIZE);
	u64 count = al_val(ctx, KV_P_COUNT), i, n = 0;
	void **objs, *p;

	if (al_val(ctx, KV_P_SWEEP))
		return al_wid(w) ? 0 : kv_sweep(w);
	objs = kvmalloc_array(count, sizeof(*objs), GFP_KERNEL | __GFP_NOWARN);
	if (!objs) {
		al_err(ctx, "no memory for an array of %llu buffer pointers", count);
		return -ENOMEM;
	}
	al_op_begin(w, KV_PH_ALLOC);
	for (i = 0; i < count; i++) {
		p = kvmalloc(size, GFP_KERNEL | __GFP_NOWARN);
		if (p)
			objs[n++] = p;
		else
			al_failure(w);
		if (al_op_done(w) || (size >= VML_BIG_OP && al_pause_check(w)))
			goto stop;
	}
	al_op_end(w);
	if (al_wid(w) == 0 && n)
		kp->backing = vml_backing(objs[0]);
	al_op_begin(w, KV_PH_FREE);
	for (i = 0; i < n; i++) {
		kvfree(objs[i]);
		if (al_op_done(w) || (size >= VML_BIG_OP && al_pause_check(w))) {
			kv_free(objs, i + 1, n);
			kvfree(objs);
			return -EINTR;
		}
	}
	al_op_end(w);
	kvfree(objs);
	return 0;
stop:
	kv_free(objs, 0, n);
	kvfree(objs);
	return -EINTR;
}

static void kv_finish(struct al_ctx *ctx)
{
	struct kv_priv *kp = al_priv(ctx);

	vml_purge();
	al_fact(ctx, "kmalloc_max_cache_size", "%lu", (unsigned long)KMALLOC_MAX_CACHE_SIZE);
	al_fact(ctx, "kmalloc_max_size", "%lu", (unsigned long)KMALLOC_MAX_SIZE);
	al_fact(ctx, "page_size", "%lu", PAGE_SIZE);
	if (!al_val(ctx, KV_P_SWEEP)) {
		al_fact(ctx, "backing", "%s", kp->backing ?: "unknown (every call failed)");
		return;
	}
	al_fact(ctx, "probes", "%u", kp->probes);
	al_fact(ctx, "probes_failed", "%u", kp->failed);
	if (kp->largest_kmalloc)
		al_fact(ctx, "largest_kmalloc", "%zu", kp->largest_kmalloc);
	else
		al_fact(ctx, "largest_kmalloc", "none");
	if (kp->smallest_vmalloc)
		al_fact(ctx, "smallest_vmalloc", "%zu", kp->smallest_vmalloc);
	else
		al_fact(ctx, "smallest_vmalloc", "none (size= is below the switch)");
}

const struct al_experiment vml_kvmalloc = {
	.name = "kvmalloc",
	.summary = "kvmalloc/kvfree: which sizes kmalloc serves and which vmalloc (sweep=1: a probe per size)",
	.params = kv_params,
	.phases = kv_phases,
	.flags = AL_EXP_TIMED,
	.footprint = kv_footprint,
	.run = kv_run,
	.finish = kv_finish,
	.priv_size = sizeof(struct kv_priv),
};
