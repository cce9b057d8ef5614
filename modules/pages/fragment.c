// SPDX-License-Identifier: GPL-2.0
/*
 * fragment percent= movable= compact= tries=: take a share of free memory
 * as order-0 pages, free every other page frame (odd pfns), and report
 * what is left: the largest order that still succeeds, the success rate per
 * order, the free lists and the unusable free space index per zone before,
 * while held, after compaction and after. hold=1 keeps the damage in place
 * for /proc/buddyinfo and /proc/pagetypeinfo until `release`.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/vmstat.h>
#include <linux/fs.h>
#include <linux/err.h>
#include <linux/math64.h>
#include "pages.h"

/* percent= above this needs force=1 (then the memory budget is waived too). */
#define FR_SAFE_PCT	50
#define FR_MAX_TRIES	32
/* "high order": above PAGE_ALLOC_COSTLY_ORDER, what the allocator cannot make up */
#define FR_HIGH		(PAGE_ALLOC_COSTLY_ORDER + 1)

enum { FR_P_PERCENT, FR_P_MOVABLE, FR_P_COMPACT, FR_P_TRIES };
static const struct al_param fr_params[] = {
	[FR_P_PERCENT] = { .name = "percent", .help = "share of free memory taken as order-0 pages",
			   .type = AL_P_U64, .def = 10, .min = 1, .max = 90, .unit = "%" },
	[FR_P_MOVABLE] = { .name = "movable", .help = "GFP_HIGHUSER_MOVABLE (else GFP_KERNEL)",
			   .type = AL_P_BOOL, .def = 0, .min = 0, .max = 1 },
	[FR_P_COMPACT] = { .name = "compact", .help = "write /proc/sys/vm/compact_memory while held",
			   .type = AL_P_BOOL, .def = 0, .min = 0, .max = 1 },
	[FR_P_TRIES] = { .name = "tries", .help = "blocks held per order when probing",
			 .type = AL_P_U64, .def = 4, .min = 1, .max = FR_MAX_TRIES,
			 .unit = "blocks" },
	{ }
};

struct fr_priv {
	struct page **pages;		/* the pages kept (even pfns) */
	unsigned long n;		/* kept */
	unsigned long taken, freed, failed;
	unsigned int ok[PG_ORDERS];	/* probe successes per order */
	int largest_ok;
	int compact_err;
	struct pg_snap before, held, compacted, after;
};

static gfp_t fr_gfp(struct al_ctx *ctx)
{
	return (al_val(ctx, FR_P_MOVABLE) ? GFP_HIGHUSER_MOVABLE : GFP_KERNEL) | __GFP_NOWARN;
}

static unsigned long fr_target(struct al_ctx *ctx)
{
	return div_u64((u64)global_zone_page_state(NR_FREE_PAGES) * al_val(ctx, FR_P_PERCENT),
		       100);
}

static int fr_check(struct al_ctx *ctx)
{
	u64 pct = al_val(ctx, FR_P_PERCENT);

	if (pct > FR_SAFE_PCT && !al_forced(ctx)) {
		al_err(ctx, "percent=%llu is above the safe bound of %u%% of free memory; add force=1",
		       pct, FR_SAFE_PCT);
		return -EFBIG;
	}
	return 0;
}

static u64 fr_footprint(struct al_ctx *ctx)
{
	u64 n = fr_target(ctx);

	/* the peak: every page taken, its pointer, and one probe cell of top order */
	return n * (PAGE_SIZE + sizeof(struct page *)) +
	       (al_val(ctx, FR_P_TRIES) << (PAGE_SHIFT + AL_MAX_PAGE_ORDER));
}

static void fr_free_kept(struct fr_priv *fp)
{
	pg_free_blocks(fp->pages, 0, fp->n, 0);
	kvfree(fp->pages);
	fp->pages = NULL;
	fp->n = 0;
}

/* Take @target order-0 pages (no OOM kill, no retry); keep the even pfns. */
static int fr_take(struct al_worker *w, struct fr_priv *fp, unsigned long target)
{
	gfp_t gfp = fr_gfp(al_wctx(w)) | __GFP_NORETRY;
	struct page *p;
	unsigned long i;

	fp->pages = kvzalloc(array_size(target, sizeof(*fp->pages)), GFP_KERNEL | __GFP_NOWARN);
	if (!fp->pages)
		return -ENOMEM;
	for (i = 0; i < target; i++) {
		p = alloc_page(gfp);
		if (!p) {
			fp->failed++;
			break;
		}
		fp->pages[fp->n++] = p;
		if (!(i & 1023) && al_should_stop(w))
			return -EINTR;
	}
	fp->taken = fp->n;
	return 0;
}

/* Free every other page frame: odd pfns go, their even buddies stay. */
static void fr_punch(struct fr_priv *fp)
{
	unsigned long i, kept = 0;

	for (i = 0; i < fp->n; i++) {
		struct page *p = fp->pages[i];

		fp->pages[i] = NULL;
		if (page_to_pfn(p) & 1) {
			__free_page(p);
			fp->freed++;
		} else {
			fp->pages[kept++] = p;
		}
		if (!(i & 1023))
			cond_resched();
	}
	fp->n = kept;
}

/*
 * For each order, up to tries blocks held together, without reclaim or
 * compaction (nothing but the free lists answers): the success rate per
 * order and the largest order that still succeeds.
 */
static void fr_probe(struct al_worker *w, struct fr_priv *fp, unsigned int tries)
{
	gfp_t gfp = (fr_gfp(al_wctx(w)) & ~__GFP_RECLAIM) | __GFP_NOMEMALLOC;
	struct page *blk[FR_MAX_TRIES];
	unsigned int o, i;

	fp->largest_ok = -1;
	for (o = 0; o < PG_ORDERS; o++) {
		for (i = 0; i < tries; i++) {
			blk[i] = alloc_pages(gfp, o);
			fp->ok[o] += !!blk[i];
		}
		for (i = 0; i < tries; i++)
			if (blk[i])
				__free_pages(blk[i], o);
		if (fp->ok[o])
			fp->largest_ok = o;
		cond_resched();
	}
}

/* echo 1 > /proc/sys/vm/compact_memory, from the module. Return: 0 or -errno. */
static int fr_compact(void)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = filp_open("/proc/sys/vm/compact_memory", O_WRONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, "1\n", 2, &pos);
	filp_close(f, NULL);
	return n < 0 ? n : 0;
}

static int fr_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct fr_priv *fp = al_priv(ctx);
	int ret;

	pg_snap_take(&fp->before);
	ret = fr_take(w, fp, fr_target(ctx));
	if (ret) {
		if (ret == -ENOMEM)
			al_err(ctx, "no memory for the page array");
		return ret;	/* ->finish frees what was taken */
	}
	fr_punch(fp);
	pg_snap_take(&fp->held);
	fr_probe(w, fp, al_val(ctx, FR_P_TRIES));
	if (al_val(ctx, FR_P_COMPACT)) {
		fp->compact_err = fr_compact();
		pg_snap_take(&fp->compacted);
	}
	if (al_should_stop(w))
		return -EINTR;
	return 0;
}

static void fr_snap_facts(struct al_ctx *ctx, const struct pg_snap *s, const char *when)
{
	char key[ALLOCLAB_FACT_KEY_LEN];

	snprintf(key, sizeof(key), "high_order_pages_%s", when);
	al_fact(ctx, key, "%lu", pg_snap_pages_from(s, FR_HIGH));
	snprintf(key, sizeof(key), "pcp_pages_%s", when);
	al_fact(ctx, key, "%lu", pg_snap_pcp(s));
	pg_snap_rows(ctx, s, when);
}

static void fr_report(struct al_ctx *ctx, struct fr_priv *fp)
{
	unsigned int tries = al_val(ctx, FR_P_TRIES), o;

	al_fact(ctx, "gfp", al_val(ctx, FR_P_MOVABLE) ? "HIGHUSER_MOVABLE" : "KERNEL");
	al_fact(ctx, "pages_taken", "%lu", fp->taken);
	al_fact(ctx, "pages_freed", "%lu", fp->freed);
	al_fact(ctx, "pages_held", "%lu", fp->n);
	al_fact(ctx, "take_failed", "%s", fp->failed ? "yes (stopped at the first failure)" : "no");
	al_fact(ctx, "high_order_from", "%u", FR_HIGH);
	for (o = 0; o < PG_ORDERS; o++)
		al_row(ctx, "order", "order=%u ok=%u/%u rate_pct=%u", o, fp->ok[o], tries,
		       fp->ok[o] * 100 / tries);
	al_fact(ctx, "largest_ok", "%d", fp->largest_ok);
	al_fact(ctx, "buddy_largest_held", "%d", pg_snap_largest(&fp->held, fr_gfp(ctx)));
	fr_snap_facts(ctx, &fp->before, "before");
	fr_snap_facts(ctx, &fp->held, "held");
	if (al_val(ctx, FR_P_COMPACT)) {
		if (fp->compact_err)
			al_fact(ctx, "compact", "failed: error %d writing /proc/sys/vm/compact_memory",
				fp->compact_err);
		else
			al_fact(ctx, "compact", "done (/proc/sys/vm/compact_memory)");
		fr_snap_facts(ctx, &fp->compacted, "compacted");
	}
}

static void fr_finish(struct al_ctx *ctx)
{
	struct fr_priv *fp = al_priv(ctx);

	if (fp->taken)
		fr_report(ctx, fp);
	al_bytes(ctx, (u64)fp->n << PAGE_SHIFT, (u64)fp->n << PAGE_SHIFT);
	if (al_hold(ctx)) {
		al_fact(ctx, "after", "at release: read /proc/buddyinfo then");
		return;
	}
	fr_free_kept(fp);
	if (fp->taken) {
		pg_snap_take(&fp->after);
		fr_snap_facts(ctx, &fp->after, "after");
	}
}

static void fr_release(struct al_ctx *ctx)
{
	fr_free_kept(al_priv(ctx));
}

const struct al_experiment pg_fragment = {
	.name = "fragment",
	.summary = "take a share of free memory, free every other page: largest order left, buddyinfo, unusable index",
	.params = fr_params,
	.flags = AL_EXP_HOLD,
	.check = fr_check,
	.footprint = fr_footprint,
	.run = fr_run,
	.finish = fr_finish,
	.release = fr_release,
	.priv_size = sizeof(struct fr_priv),
};
