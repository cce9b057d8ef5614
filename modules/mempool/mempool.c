// SPDX-License-Identifier: GPL-2.0
/*
 * mempool kind= size= order= min_nr= fail_after= count= free_after_ms=
 * resize= [cpus=2]: a mempool over an allocator that fails on demand.
 *
 *   hit       count x mempool_alloc + mempool_free with a working allocator:
 *             every element comes from it and goes back to it
 *   drain     (untimed) the allocator serves fail_after more, then fails:
 *             GFP_NOWAIT allocations get exactly min_nr elements from the
 *             reserve, then NULL
 *   wait      (cpus=2) with the reserve empty, worker 0's GFP_KERNEL
 *             mempool_alloc() sleeps until worker 1 frees an element after
 *             free_after_ms (at once on cancel, timeout_ms= or a signal)
 *   fallback  count x alloc + free served by the reserve, the allocator
 *             failing every time
 *   resize    mempool_resize(resize=) with the allocator working again
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/mempool.h>
#include <linux/ktime.h>
#include <linux/delay.h>
#include <linux/minmax.h>
#include "mp.h"

#define MP_MAX_NR	4096	/* min_nr, resize= */
#define MP_MAX_FAIL	SZ_64K	/* fail_after= */
#define MP_POLL_US	1000	/* worker 1's poll while nothing is armed */

static const char * const mp_kinds[] = { "slab", "kmalloc", "page", NULL };

enum { MP_P_KIND, MP_P_SIZE, MP_P_ORDER, MP_P_MIN_NR, MP_P_FAIL_AFTER, MP_P_COUNT,
       MP_P_FREE_AFTER, MP_P_RESIZE };
static const struct al_param mp_params[] = {
	[MP_P_KIND] = { .name = "kind", .help = "backing allocator: a cache of its own, kmalloc, pages",
			.type = AL_P_ENUM, .def = MP_SLAB, .choices = mp_kinds },
	[MP_P_SIZE] = { .name = "size", .help = "element bytes (slab, kmalloc)", .type = AL_P_U64,
			.def = 256, .min = 1, .max = SZ_64K, .unit = "bytes" },
	[MP_P_ORDER] = { .name = "order", .help = "page order of an element (page)",
			 .type = AL_P_U64, .def = 0, .min = 0, .max = 4 },
	[MP_P_MIN_NR] = { .name = "min_nr", .help = "elements the pool keeps in reserve",
			  .type = AL_P_U64, .def = 16, .min = 1, .max = MP_MAX_NR },
	[MP_P_FAIL_AFTER] = { .name = "fail_after",
			      .help = "allocator successes in the drain before it fails",
			      .type = AL_P_U64, .def = 8, .min = 0, .max = MP_MAX_FAIL },
	[MP_P_COUNT] = { .name = "count", .help = "alloc+free pairs of the hit and fallback phases",
			 .type = AL_P_U64, .def = 1000, .min = 1, .max = SZ_1M },
	[MP_P_FREE_AFTER] = { .name = "free_after_ms",
			      .help = "cpus=2: worker 1 frees an element this long after the wait began",
			      .type = AL_P_U64, .def = 200, .min = 0, .max = 10000, .unit = "ms" },
	[MP_P_RESIZE] = { .name = "resize", .help = "mempool_resize() to this min_nr at the end; 0: no",
			  .type = AL_P_U64, .def = 0, .min = 0, .max = MP_MAX_NR },
	{ }
};

enum { MP_PH_HIT, MP_PH_FALLBACK, MP_PH_WAIT };
static const struct al_phase_desc mp_phases[] = {
	[MP_PH_HIT] = { "hit", ALLOCLAB_U_OBJECTS },
	[MP_PH_FALLBACK] = { "fallback", ALLOCLAB_U_OBJECTS },
	[MP_PH_WAIT] = { "wait", ALLOCLAB_U_OBJECTS },
	{ }
};

/* The handshake of the wait: worker 0 arms, worker 1 frees or closes. */
enum { MP_IDLE, MP_ARMED, MP_CLOSED };

struct mp_priv {
	struct mp_backing b;
	mempool_t *pool;
	void **held;			/* worker 0's elements during the drain */
	unsigned int nheld, cap;
	/* drain */
	unsigned int from_backing, from_reserve;
	bool nowait_null;
	int curr_after_drain;
	unsigned int returned_to_reserve;
	u64 hit_misses, fb_misses;	/* hit not from the allocator, fallback from it */
	/* wait */
	bool freer_alive;		/* worker 1 is in mp_freer() */
	atomic_t state;
	void *give;			/* the element worker 1 frees */
	u64 armed_ns, freed_ns, wait_ns;
	bool waited, wait_from_reserve;
	/* resize */
	int resize_ret, resize_min, resize_curr;
	u64 resize_calls;
	u64 created_calls;
};

static u64 mp_elem_bytes(struct al_ctx *ctx)
{
	if (al_val(ctx, MP_P_KIND) == MP_PAGE)
		return PAGE_SIZE << al_val(ctx, MP_P_ORDER);
	return kmalloc_size_roundup(al_val(ctx, MP_P_SIZE));
}

static u64 mp_footprint(struct al_ctx *ctx)
{
	u64 n = al_val(ctx, MP_P_MIN_NR) + al_val(ctx, MP_P_FAIL_AFTER) + 2;

	n = max(n, al_val(ctx, MP_P_RESIZE));
	return n * (mp_elem_bytes(ctx) + sizeof(void *));
}

static int mp_prepare(struct al_ctx *ctx)
{
	struct mp_priv *mp = al_priv(ctx);
	unsigned int min_nr = al_val(ctx, MP_P_MIN_NR);
	int ret;

	/* here, not in ->check: the workers are counted once the CPUs are picked */
	if (al_cpus(ctx) > 2) {
		al_err(ctx, "mempool runs one pool on cpus=1, or cpus=2 (worker 1 frees the element worker 0 waits for)");
		return -EINVAL;
	}
	ret = mp_backing_init(&mp->b, al_val(ctx, MP_P_KIND), al_val(ctx, MP_P_SIZE),
			      al_val(ctx, MP_P_ORDER));
	if (ret) {
		al_err(ctx, "could not create the slab cache behind the pool");
		return ret;
	}
	mp->cap = min_nr + al_val(ctx, MP_P_FAIL_AFTER) + 2;
	mp->held = kvmalloc_array(mp->cap, sizeof(*mp->held), GFP_KERNEL | __GFP_NOWARN);
	mp->pool = mempool_create(min_nr, mp_backing_alloc, mp_backing_free, &mp->b);
	if (!mp->held || !mp->pool) {
		if (mp->pool)
			mempool_destroy(mp->pool);
		kvfree(mp->held);
		mp_backing_exit(&mp->b);
		mp->pool = NULL;
		mp->held = NULL;
		al_err(ctx, "could not create a pool of %u elements", min_nr);
		return -ENOMEM;
	}
	mp->created_calls = atomic64_read(&mp->b.calls);
	atomic_set(&mp->state, MP_IDLE);
	return 0;
}

/* One alloc+free pair per op; @from_backing: where every element should come from. */
static int mp_pairs(struct al_worker *w, unsigned int phase, gfp_t gfp, bool from_backing,
		    u64 *misses)
{
	struct al_ctx *ctx = al_wctx(w);
	struct mp_priv *mp = al_priv(ctx);
	u64 count = al_val(ctx, MP_P_COUNT), i, served;
	void *p;

	al_op_begin(w, phase);
	for (i = 0; i < count; i++) {
		served = atomic64_read(&mp->b.served);
		p = mempool_alloc(mp->pool, gfp);
		if (p) {
			if ((atomic64_read(&mp->b.served) != served) != from_backing)
				(*misses)++;
			mempool_free(p, mp->pool);
		} else {
			al_failure(w);
		}
		if (al_op_done(w))
			return -EINTR;
	}
	al_op_end(w);
	return 0;
}

/* Untimed: fail_after elements from the allocator, min_nr from the reserve, then NULL. */
static int mp_drain(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct mp_priv *mp = al_priv(ctx);
	unsigned int i;
	u64 served;
	void *p;

	mp_backing_fail(&mp->b, true, al_val(ctx, MP_P_FAIL_AFTER));
	for (i = 0; i + 1 < mp->cap; i++) {
		served = atomic64_read(&mp->b.served);
		p = mempool_alloc(mp->pool, GFP_NOWAIT);
		if (!p) {
			mp->nowait_null = true;
			break;
		}
		mp->held[mp->nheld++] = p;
		if (atomic64_read(&mp->b.served) != served)
			mp->from_backing++;
		else
			mp->from_reserve++;
		if (!((i + 1) % 256) && al_should_stop(w))
			return -EINTR;
	}
	mp->curr_after_drain = READ_ONCE(mp->pool->curr_nr);
	return 0;
}

/* Worker 0: a GFP_KERNEL allocation with the reserve empty, until worker 1 frees. */
static int mp_wait(struct al_worker *w)
{
	struct mp_priv *mp = al_priv(al_wctx(w));
	u64 served, t0;
	bool stop;
	void *p;

	if (!mp->nheld)
		return 0;
	/* worker 1 skips ->run if the run was stopped before it started */
	while (!READ_ONCE(mp->freer_alive)) {
		if (al_should_stop(w))
			return -EINTR;
		usleep_range(MP_POLL_US, 2 * MP_POLL_US);
	}
	mp->give = mp->held[--mp->nheld];
	mp->armed_ns = ktime_get_ns();
	if (atomic_cmpxchg(&mp->state, MP_IDLE, MP_ARMED) != MP_IDLE) {
		mp->held[mp->nheld++] = mp->give;	/* worker 1 saw a stop */
		return -EINTR;
	}
	served = atomic64_read(&mp->b.served);
	t0 = ktime_get_ns();
	al_op_begin(w, MP_PH_WAIT);
	p = mempool_alloc(mp->pool, GFP_KERNEL);	/* sleeps in the mempool */
	stop = al_op_done(w);
	al_op_end(w);
	mp->wait_ns = ktime_get_ns() - t0;
	mp->waited = true;
	if (p) {
		mp->held[mp->nheld++] = p;
		mp->wait_from_reserve = atomic64_read(&mp->b.served) == served;
	}
	return stop ? -EINTR : 0;
}

/*
 * Worker 1: once worker 0 is armed, free its element after free_after_ms,
 * or at once when the run must stop; close the handshake if stopped before.
 */
static int mp_freer(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct mp_priv *mp = al_priv(ctx);
	u64 after = al_val(ctx, MP_P_FREE_AFTER) * NSEC_PER_MSEC;
	s64 left;
	bool stop;

	WRITE_ONCE(mp->freer_alive, true);
	for (;;) {
		stop = al_should_stop(w);
		/* acquire: give and armed_ns were written before MP_ARMED */
		switch (atomic_read_acquire(&mp->state)) {
		case MP_CLOSED:
			return 0;
		case MP_IDLE:
			if (stop && atomic_cmpxchg(&mp->state, MP_IDLE, MP_CLOSED) == MP_IDLE)
				return -EINTR;
			usleep_range(MP_POLL_US, 2 * MP_POLL_US);
			continue;
		}
		left = mp->armed_ns + after - ktime_get_ns();
		if (stop || left <= 0)
			break;
		left = min_t(s64, left / NSEC_PER_USEC, 10 * USEC_PER_MSEC);
		usleep_range(left, left + 50);
	}
	mp->freed_ns = ktime_get_ns() - mp->armed_ns;
	mempool_free(mp->give, mp->pool);
	atomic_set(&mp->state, MP_CLOSED);
	return stop ? -EINTR : 0;
}

/* Every element worker 0 holds back to the pool (the reserve first). */
static void mp_return_all(struct mp_priv *mp)
{
	int before = READ_ONCE(mp->pool->curr_nr);

	while (mp->nheld)
		mempool_free(mp->held[--mp->nheld], mp->pool);
	mp->returned_to_reserve = READ_ONCE(mp->pool->curr_nr) - before;
}

static void mp_resize(struct al_ctx *ctx, struct mp_priv *mp)
{
	u64 calls = atomic64_read(&mp->b.calls);

	mp->resize_ret = mempool_resize(mp->pool, al_val(ctx, MP_P_RESIZE));
	mp->resize_calls = atomic64_read(&mp->b.calls) - calls;
	mp->resize_min = READ_ONCE(mp->pool->min_nr);
	mp->resize_curr = READ_ONCE(mp->pool->curr_nr);
}

static int mp_main(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct mp_priv *mp = al_priv(ctx);
	int ret;

	ret = mp_pairs(w, MP_PH_HIT, GFP_KERNEL, true, &mp->hit_misses);
	if (!ret)
		ret = mp_drain(w);
	if (!ret && al_cpus(ctx) == 2)
		ret = mp_wait(w);
	/* worker 1 may go: nothing will be armed any more (a no-op if it freed) */
	atomic_cmpxchg(&mp->state, MP_IDLE, MP_CLOSED);
	mp_return_all(mp);
	if (!ret) {
		mp_backing_fail(&mp->b, true, 0);
		ret = mp_pairs(w, MP_PH_FALLBACK, GFP_NOWAIT, false, &mp->fb_misses);
	}
	mp_backing_fail(&mp->b, false, 0);
	if (!ret && al_val(ctx, MP_P_RESIZE))
		mp_resize(ctx, mp);
	return ret;
}

static int mp_run(struct al_worker *w)
{
	switch (al_wid(w)) {
	case 0:
		return mp_main(w);
	case 1:
		return mp_freer(w);
	}
	return 0;	/* ->prepare refuses a third worker */
}

static void mp_report_wait(struct al_ctx *ctx, struct mp_priv *mp)
{
	if (!mp->waited) {
		al_fact(ctx, "wait", "not measured (cpus=2: worker 1 frees the element a GFP_KERNEL allocation waits for)");
		return;
	}
	al_fact(ctx, "wait_ms", "%llu.%03llu", mp->wait_ns / NSEC_PER_MSEC,
		(mp->wait_ns % NSEC_PER_MSEC) / NSEC_PER_USEC);
	al_fact(ctx, "freed_after_ms", "%llu.%03llu", mp->freed_ns / NSEC_PER_MSEC,
		(mp->freed_ns % NSEC_PER_MSEC) / NSEC_PER_USEC);
	al_fact(ctx, "wait_served_from", "%s", mp->wait_from_reserve ?
		"reserve (the element worker 1 freed)" : "allocator");
}

static void mp_finish(struct al_ctx *ctx)
{
	struct mp_priv *mp = al_priv(ctx);

	al_fact(ctx, "kind", "%s", mp_kinds[mp->b.kind]);
	al_fact(ctx, "element_bytes", "%zu", mp_element_bytes(&mp->b));
	al_fact(ctx, "min_nr", "%llu", al_val(ctx, MP_P_MIN_NR));
	al_fact(ctx, "created_with_calls", "%llu", mp->created_calls);
	al_fact(ctx, "hit_not_from_allocator", "%llu", mp->hit_misses);
	al_fact(ctx, "drain_from_allocator", "%u", mp->from_backing);
	al_fact(ctx, "drain_from_reserve", "%u", mp->from_reserve);
	al_fact(ctx, "nowait_after_reserve", "%s", mp->nowait_null ? "NULL" : "not reached");
	al_fact(ctx, "curr_nr_after_drain", "%d", mp->curr_after_drain);
	mp_report_wait(ctx, mp);
	al_fact(ctx, "returned_to_reserve", "%u", mp->returned_to_reserve);
	al_fact(ctx, "fallback_from_allocator", "%llu", mp->fb_misses);
	al_fact(ctx, "allocator_calls", "%lld", atomic64_read(&mp->b.calls));
	al_fact(ctx, "allocator_refused", "%lld", atomic64_read(&mp->b.refused));
	if (al_val(ctx, MP_P_RESIZE)) {
		al_fact(ctx, "resize_ret", "%d", mp->resize_ret);
		al_fact(ctx, "min_nr_after_resize", "%d", mp->resize_min);
		al_fact(ctx, "curr_nr_after_resize", "%d", mp->resize_curr);
		al_fact(ctx, "resize_allocator_calls", "%llu", mp->resize_calls);
	}
	al_bytes(ctx, (u64)mp_element_bytes(&mp->b) * mp->cap, mp_elem_bytes(ctx) * mp->cap);
	mempool_destroy(mp->pool);
	mp->pool = NULL;
	kvfree(mp->held);
	mp->held = NULL;
	mp_backing_exit(&mp->b);
}

const struct al_experiment mp_mempool = {
	.name = "mempool",
	.summary = "a mempool whose allocator fails on demand: reserve, NOWAIT NULL, a GFP_KERNEL wait (cpus=2), resize",
	.params = mp_params,
	.phases = mp_phases,
	.flags = AL_EXP_TIMED,
	.footprint = mp_footprint,
	.prepare = mp_prepare,
	.run = mp_run,
	.finish = mp_finish,
	.priv_size = sizeof(struct mp_priv),
};
