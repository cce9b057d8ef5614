// SPDX-License-Identifier: GPL-2.0
/*
 * pages order= count= gfp= pattern= api= bulk=: alloc_pages()/__free_pages()
 * of one order in three patterns, or the page-array bulk API; every block
 * checked (contiguous frames, aligned to its size, one zone), its node and
 * zone counted, and how much of the allocation the buddy free lists (not
 * the per-CPU lists) paid for.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/atomic.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include "pages.h"

/*
 * Blocks a repeat run allocates, checks and frees before it is timed: up to
 * 64, and no more than 512 pages' worth (one block of the top orders).
 */
#define PGS_SAMPLE	64
#define PGS_SAMPLE_PAGES	512
/* Largest bulk call: pages per alloc_pages_bulk_array(). */
#define PGS_MAX_BULK	4096

enum { PGS_API_SINGLE, PGS_API_ARRAY };
static const char * const pgs_apis[] = { "single", "array", NULL };

enum { PGS_P_ORDER, PGS_P_COUNT, PGS_P_GFP, PGS_P_PATTERN, PGS_P_API, PGS_P_BULK };
static const struct al_param pgs_params[] = {
	[PGS_P_ORDER] = { .name = "order", .help = "blocks of 2^order pages", .type = AL_P_U64,
			  .def = 0, .min = 0, .max = AL_MAX_PAGE_ORDER },
	[PGS_P_COUNT] = { .name = "count",
			  .help = "blocks: ops (repeat) or live blocks per CPU (bulk, random)",
			  .type = AL_P_U64, .def = 1000, .min = 1, .max = PG_MAX_COUNT,
			  .unit = "blocks" },
	[PGS_P_GFP] = { .name = "gfp", .help = "flags", .type = AL_P_GFP, .def_str = "KERNEL" },
	[PGS_P_PATTERN] = { .name = "pattern",
			    .help = "alloc+free / all then free all / free shuffled",
			    .type = AL_P_ENUM, .def = PG_REPEAT, .choices = pg_patterns },
	[PGS_P_API] = { .name = "api",
			.help = "alloc_pages per block / alloc_pages_bulk_array + release_pages (order 0)",
			.type = AL_P_ENUM, .def = PGS_API_SINGLE, .choices = pgs_apis },
	[PGS_P_BULK] = { .name = "bulk", .help = "pages per bulk call (api=array)",
			 .type = AL_P_U64, .def = 64, .min = 1, .max = PGS_MAX_BULK,
			 .unit = "pages" },
	{ }
};

struct pgs_priv {
	struct pg_tally tally;
	struct pg_check check;
	atomic64_t live;		/* blocks live at the peak, all workers */
	struct pg_snap before;		/* free lists before the run */
	struct pg_snap held;		/* after worker 0's allocation phase */
	bool have_held;
};

/* One worker: its page array (bulk, random, the repeat sample, a bulk call). */
struct pgs_wpriv {
	struct page **pages;
	u64 n;				/* blocks in pages[] */
};

static int pgs_check(struct al_ctx *ctx)
{
	gfp_t gfp = al_gfp(ctx, PGS_P_GFP);

	/* GFP_ZONE_BAD (the core refuses it too): gfp_zone() would VM_BUG_ON() */
	if ((gfp & __GFP_HIGHMEM) && (gfp & (__GFP_DMA | __GFP_DMA32))) {
		al_err(ctx, "HIGHUSER_MOVABLE cannot take DMA or DMA32 (no zone is both highmem and DMA)");
		return -EINVAL;
	}
	if (al_val(ctx, PGS_P_API) == PGS_API_ARRAY && al_val(ctx, PGS_P_ORDER)) {
		al_err(ctx, "api=array allocates order-0 pages only (alloc_pages_bulk_array); use order=0");
		return -EINVAL;
	}
	if (al_given(ctx, PGS_P_BULK) && al_val(ctx, PGS_P_API) != PGS_API_ARRAY) {
		al_err(ctx, "bulk= is the pages per call of api=array; add api=array");
		return -EINVAL;
	}
	return 0;
}

static u64 pgs_slots(struct al_ctx *ctx)
{
	u64 count = al_val(ctx, PGS_P_COUNT);
	bool array = al_val(ctx, PGS_P_API) == PGS_API_ARRAY;

	if (al_val(ctx, PGS_P_PATTERN) != PG_REPEAT)
		return count;
	if (array)
		return min(count, al_val(ctx, PGS_P_BULK));
	return min3(count, (u64)PGS_SAMPLE,
		    max_t(u64, PGS_SAMPLE_PAGES >> al_val(ctx, PGS_P_ORDER), 1));
}

static u64 pgs_footprint(struct al_ctx *ctx)
{
	u64 block = PAGE_SIZE << al_val(ctx, PGS_P_ORDER);

	return pgs_slots(ctx) * (block + sizeof(struct page *)) * al_cpus(ctx);
}

static int pgs_prepare(struct al_ctx *ctx)
{
	struct pgs_priv *pp = al_priv(ctx);

	pg_snap_take(&pp->before);
	return 0;
}

/* Untimed: check and count every block of pages[0..n). */
static bool pgs_inspect(struct al_worker *w, struct page **pages, u64 n)
{
	struct al_ctx *ctx = al_wctx(w);
	struct pgs_priv *pp = al_priv(ctx);
	unsigned int order = al_val(ctx, PGS_P_ORDER);
	bool zero = al_gfp(ctx, PGS_P_GFP) & __GFP_ZERO;
	u64 i;

	for (i = 0; i < n; i++) {
		if (!pages[i])
			continue;
		pg_check_block(&pp->check, pages[i], order, zero);
		pg_tally(&pp->tally, pages[i]);
		if (!(i & 255) && al_should_stop(w))
			return true;
	}
	return false;
}

/* pattern=repeat, one block per op: alloc + free, the per-CPU fast path. */
static int pgs_repeat_single(struct al_worker *w, struct pgs_wpriv *wp)
{
	struct al_ctx *ctx = al_wctx(w);
	unsigned int order = al_val(ctx, PGS_P_ORDER);
	u64 count = al_val(ctx, PGS_P_COUNT), i;
	gfp_t gfp = al_gfp(ctx, PGS_P_GFP);
	struct page *p;

	/* the sample: untimed, held together so they are distinct blocks */
	for (i = 0; i < wp->n; i++)
		wp->pages[i] = alloc_pages(gfp, order);
	pgs_inspect(w, wp->pages, wp->n);
	pg_free_blocks(wp->pages, 0, wp->n, order);

	al_op_begin(w, PG_PH_ALLOC);
	for (i = 0; i < count; i++) {
		p = alloc_pages(gfp, order);
		if (likely(p))
			__free_pages(p, order);
		else
			al_failure(w);
		if (al_op_done_n(w, 1UL << order))
			return -EINTR;
	}
	al_op_end(w);
	return 0;
}

/* pattern=repeat, api=array: one bulk call of up to bulk pages, then their release. */
static int pgs_repeat_array(struct al_worker *w, struct pgs_wpriv *wp)
{
	struct al_ctx *ctx = al_wctx(w);
	u64 count = al_val(ctx, PGS_P_COUNT), i, chunk, got;
	gfp_t gfp = al_gfp(ctx, PGS_P_GFP);

	/* the sample: one untimed call's pages */
	got = al_alloc_pages_bulk(gfp, wp->n, wp->pages);
	pgs_inspect(w, wp->pages, got);
	al_release_pages(wp->pages, got);
	memset(wp->pages, 0, wp->n * sizeof(*wp->pages));

	al_op_begin(w, PG_PH_ALLOC);
	for (i = 0; i < count; i += chunk) {
		chunk = min(wp->n, count - i);
		got = al_alloc_pages_bulk(gfp, chunk, wp->pages);
		if (unlikely(got < chunk))
			al_failure(w);
		al_release_pages(wp->pages, got);
		memset(wp->pages, 0, got * sizeof(*wp->pages));
		if (al_op_done_n(w, got))
			return -EINTR;
	}
	al_op_end(w);
	return 0;
}

/* pattern=bulk|random, first half: count blocks allocated one by one, kept. */
static int pgs_fill_single(struct al_worker *w, struct pgs_wpriv *wp)
{
	struct al_ctx *ctx = al_wctx(w);
	unsigned int order = al_val(ctx, PGS_P_ORDER);
	u64 count = al_val(ctx, PGS_P_COUNT), i;
	gfp_t gfp = al_gfp(ctx, PGS_P_GFP);
	struct page *p;

	al_op_begin(w, PG_PH_ALLOC);
	for (i = 0; i < count; i++) {
		p = alloc_pages(gfp, order);
		if (likely(p))
			wp->pages[wp->n++] = p;
		else
			al_failure(w);
		if (al_op_done_n(w, p ? 1UL << order : 0))
			return -EINTR;	/* ->finish frees what is live */
	}
	al_op_end(w);
	return 0;
}

/* The same with api=array: bulk calls of up to bulk pages until count. */
static int pgs_fill_array(struct al_worker *w, struct pgs_wpriv *wp)
{
	struct al_ctx *ctx = al_wctx(w);
	u64 count = al_val(ctx, PGS_P_COUNT), bulk = al_val(ctx, PGS_P_BULK), chunk, got;
	gfp_t gfp = al_gfp(ctx, PGS_P_GFP);

	al_op_begin(w, PG_PH_ALLOC);
	while (wp->n < count) {
		chunk = min(bulk, count - wp->n);
		got = al_alloc_pages_bulk(gfp, chunk, wp->pages + wp->n);
		wp->n += got;
		if (al_op_done_n(w, got))
			return -EINTR;
		if (unlikely(got < chunk)) {	/* out of pages: stop filling */
			al_failure(w);
			break;
		}
	}
	al_op_end(w);
	return 0;
}

/* Second half: free in allocation order (bulk) or shuffled (random). */
static int pgs_drain(struct al_worker *w, struct pgs_wpriv *wp, bool array)
{
	struct al_ctx *ctx = al_wctx(w);
	unsigned int order = al_val(ctx, PGS_P_ORDER);
	u64 bulk = al_val(ctx, PGS_P_BULK), i, chunk;

	al_op_begin(w, PG_PH_FREE);
	for (i = 0; i < wp->n; i += chunk) {
		chunk = array ? min(bulk, wp->n - i) : 1;
		if (array) {
			al_release_pages(wp->pages + i, chunk);
			memset(wp->pages + i, 0, chunk * sizeof(*wp->pages));
		} else {
			__free_pages(wp->pages[i], order);
			wp->pages[i] = NULL;
		}
		if (al_op_done_n(w, chunk << order))
			return -EINTR;	/* ->finish frees the rest */
	}
	al_op_end(w);
	return 0;
}

static int pgs_fill_drain(struct al_worker *w, struct pgs_wpriv *wp)
{
	struct al_ctx *ctx = al_wctx(w);
	struct pgs_priv *pp = al_priv(ctx);
	bool array = al_val(ctx, PGS_P_API) == PGS_API_ARRAY;
	int ret;

	ret = array ? pgs_fill_array(w, wp) : pgs_fill_single(w, wp);
	if (ret)
		return ret;
	atomic64_add(wp->n, &pp->live);
	if (al_wid(w) == 0) {
		pg_snap_take(&pp->held);
		pp->have_held = true;
	}
	if (pgs_inspect(w, wp->pages, wp->n))
		return -EINTR;
	if (al_val(ctx, PGS_P_PATTERN) == PG_RANDOM && pg_shuffle(w, wp->pages, wp->n))
		return -EINTR;
	return pgs_drain(w, wp, array);
}

static int pgs_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct pgs_wpriv *wp = al_wpriv(w);
	u64 slots = pgs_slots(ctx);
	int ret;

	wp->pages = kvzalloc_node(array_size(slots, sizeof(*wp->pages)),
				  GFP_KERNEL | __GFP_NOWARN, al_wnode(w));
	if (!wp->pages) {
		al_err(ctx, "no memory for an array of %llu page pointers", slots);
		return -ENOMEM;
	}
	if (al_val(ctx, PGS_P_PATTERN) != PG_REPEAT) {
		ret = pgs_fill_drain(w, wp);
	} else {
		wp->n = slots;
		if (al_val(ctx, PGS_P_API) == PGS_API_ARRAY)
			ret = pgs_repeat_array(w, wp);
		else
			ret = pgs_repeat_single(w, wp);
	}
	/* a stopped run still holds blocks: every slot freed is NULL */
	pg_free_blocks(wp->pages, 0, slots, al_val(ctx, PGS_P_ORDER));
	kvfree(wp->pages);
	wp->pages = NULL;
	return ret;
}

/* What the buddy free lists (not the per-CPU lists) paid for the allocations. */
static void pgs_buddy_facts(struct al_ctx *ctx, struct pgs_priv *pp)
{
	unsigned long before = pg_snap_pages_from(&pp->before, 0);
	unsigned long held = pg_snap_pages_from(&pp->held, 0);

	if (!pp->have_held) {
		al_fact(ctx, "buddy_pages_taken",
			"not measured (pattern=repeat keeps at most one block: the per-CPU lists serve it)");
		return;
	}
	al_fact(ctx, "buddy_pages_taken", "%ld", (long)(before - held));
	al_fact(ctx, "pcp_pages_before", "%lu", pg_snap_pcp(&pp->before));
	al_fact(ctx, "pcp_pages_held", "%lu", pg_snap_pcp(&pp->held));
}

static void pgs_finish(struct al_ctx *ctx)
{
	struct pgs_priv *pp = al_priv(ctx);
	unsigned int order = al_val(ctx, PGS_P_ORDER);
	bool array = al_val(ctx, PGS_P_API) == PGS_API_ARRAY;
	u64 live = atomic64_read(&pp->live);

	al_fact(ctx, "order", "%u", order);
	al_fact(ctx, "block_bytes", "%lu", PAGE_SIZE << order);
	al_fact(ctx, "max_order", "%u", AL_MAX_PAGE_ORDER);
	if (array)
		al_fact(ctx, "api", "alloc_pages_bulk_array + release_pages, %llu pages per call",
			al_val(ctx, PGS_P_BULK));
	else
		al_fact(ctx, "api", "alloc_pages + __free_pages, one block per call");
	pg_check_facts(ctx, &pp->check, order, al_gfp(ctx, PGS_P_GFP) & __GFP_ZERO);
	/* init_on_alloc=1 (Debian's default) zeroes every page: ZERO is then free */
	al_fact(ctx, "init_on_alloc", "%s", want_init_on_alloc(GFP_KERNEL) ?
		"yes (every block is zeroed when allocated, __GFP_ZERO or not)" :
		"no (only __GFP_ZERO zeroes)");
	pg_tally_rows(ctx, "zone", &pp->tally);
	pgs_buddy_facts(ctx, pp);
	if (al_val(ctx, PGS_P_PATTERN) != PG_REPEAT)
		al_fact(ctx, "live_peak", "%llu", live);
	else
		live = al_cpus(ctx) * (array ? al_val(ctx, PGS_P_BULK) : 1);
	al_bytes(ctx, live * (PAGE_SIZE << order), live * (PAGE_SIZE << order));
}

const struct al_experiment pg_pages = {
	.name = "pages",
	.summary = "alloc_pages/__free_pages of one order or the bulk API: ns per block, zone, node, contiguity",
	.params = pgs_params,
	.phases = pg_phases,
	.flags = AL_EXP_TIMED,
	.check = pgs_check,
	.footprint = pgs_footprint,
	.prepare = pgs_prepare,
	.run = pgs_run,
	.finish = pgs_finish,
	.priv_size = sizeof(struct pgs_priv),
	.wpriv_size = sizeof(struct pgs_wpriv),
};
