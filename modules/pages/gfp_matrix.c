// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_matrix tries= max_order=: every GFP profile x every order 0..max_order,
 * a table row per cell: how many of `tries` held allocations succeeded, the
 * zone and node they came from, and the latency of each call.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/sort.h>
#include "pages.h"

#define GM_MAX_TRIES	64

/* The profiles: the symbolic bases of the command language and the zones. */
static const struct {
	const char *name;
	gfp_t gfp;
} gm_profiles[] = {
	{ "KERNEL", GFP_KERNEL },
	{ "ATOMIC", GFP_ATOMIC },
	{ "NOWAIT", GFP_NOWAIT },
	{ "HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE },
	{ "DMA", GFP_KERNEL | __GFP_DMA },
	{ "DMA32", GFP_KERNEL | __GFP_DMA32 },
};

enum { GM_P_TRIES, GM_P_MAX_ORDER };
static const struct al_param gm_params[] = {
	[GM_P_TRIES] = { .name = "tries", .help = "blocks held per cell", .type = AL_P_U64,
			 .def = 4, .min = 1, .max = GM_MAX_TRIES, .unit = "blocks" },
	[GM_P_MAX_ORDER] = { .name = "max_order", .help = "last order tried", .type = AL_P_U64,
			     .def = AL_MAX_PAGE_ORDER, .min = 0, .max = AL_MAX_PAGE_ORDER },
	{ }
};

struct gm_priv {
	struct pg_check check;
	unsigned long cells, cells_ok, cells_mixed;
};

/* One cell's blocks and the time of each call (kmalloc'ed: too big for the stack). */
struct gm_cell {
	struct page *pages[GM_MAX_TRIES];
	u64 ns[GM_MAX_TRIES];
	unsigned int ok;
	struct zone *zone;		/* of the first block */
	bool mixed;			/* blocks from more than one zone */
};

static u64 gm_footprint(struct al_ctx *ctx)
{
	/* one cell is held at a time: the largest order's */
	return al_val(ctx, GM_P_TRIES) * (PAGE_SIZE << al_val(ctx, GM_P_MAX_ORDER));
}

static int gm_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Allocate the cell's blocks (held together), timing each call; untimed checks. */
static void gm_fill(struct gm_priv *gp, struct gm_cell *c, gfp_t gfp, unsigned int order,
		    unsigned int tries)
{
	unsigned int i;
	u64 t0;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < tries; i++) {
		t0 = al_now_ns();
		c->pages[i] = alloc_pages(gfp, order);
		c->ns[i] = al_now_ns() - t0;
	}
	for (i = 0; i < tries; i++) {
		struct page *p = c->pages[i];

		if (!p)
			continue;
		c->ok++;
		pg_check_block(&gp->check, p, order, false);
		if (!c->zone)
			c->zone = page_zone(p);
		else if (page_zone(p) != c->zone)
			c->mixed = true;
	}
}

static void gm_row(struct al_ctx *ctx, struct gm_cell *c, const char *name,
		   unsigned int order, unsigned int tries)
{
	sort(c->ns, tries, sizeof(c->ns[0]), gm_cmp_u64, NULL);
	al_row(ctx, "cell", "gfp=%s order=%u ok=%u/%u zone=%s%s node=%d ns_min=%llu ns_p50=%llu ns_max=%llu",
	       name, order, c->ok, tries, c->zone ? c->zone->name : "none",
	       c->mixed ? "+" : "", c->zone ? zone_to_nid(c->zone) : -1,
	       c->ns[0], c->ns[tries / 2], c->ns[tries - 1]);
}

static int gm_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct gm_priv *gp = al_priv(ctx);
	unsigned int tries = al_val(ctx, GM_P_TRIES), order, i, j;
	unsigned int max_order = al_val(ctx, GM_P_MAX_ORDER);
	struct gm_cell *c;

	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(gm_profiles); i++) {
		for (order = 0; order <= max_order; order++) {
			gfp_t gfp = gm_profiles[i].gfp | __GFP_NOWARN;

			if (order > PAGE_ALLOC_COSTLY_ORDER)
				gfp |= __GFP_NORETRY;
			gm_fill(gp, c, gfp, order, tries);
			for (j = 0; j < tries; j++)
				if (c->pages[j])
					__free_pages(c->pages[j], order);
			gm_row(ctx, c, gm_profiles[i].name, order, tries);
			gp->cells++;
			gp->cells_ok += c->ok == tries;
			gp->cells_mixed += c->mixed;
			if (al_should_stop(w)) {
				kfree(c);
				return -EINTR;
			}
		}
	}
	kfree(c);
	return 0;
}

static void gm_finish(struct al_ctx *ctx)
{
	struct gm_priv *gp = al_priv(ctx);

	al_fact(ctx, "profiles", "%zu", ARRAY_SIZE(gm_profiles));
	al_fact(ctx, "max_order", "%llu", al_val(ctx, GM_P_MAX_ORDER));
	al_fact(ctx, "cells", "%lu", gp->cells);
	al_fact(ctx, "cells_all_ok", "%lu", gp->cells_ok);
	al_fact(ctx, "cells_mixed_zones", "%lu", gp->cells_mixed);
	al_fact(ctx, "costly_orders", "above %u add NORETRY (one reclaim/compaction pass, no retry loop)",
		PAGE_ALLOC_COSTLY_ORDER);
	al_fact(ctx, "blocks_checked", "%ld", atomic_long_read(&gp->check.checked));
	al_fact(ctx, "blocks_bad", "%ld (misaligned %ld, not contiguous %ld, two zones %ld)",
		atomic_long_read(&gp->check.misaligned) + atomic_long_read(&gp->check.discontig) +
		atomic_long_read(&gp->check.mixed_zone), atomic_long_read(&gp->check.misaligned),
		atomic_long_read(&gp->check.discontig), atomic_long_read(&gp->check.mixed_zone));
	pg_zone_facts(ctx);
}

const struct al_experiment pg_gfp_matrix = {
	.name = "gfp_matrix",
	.summary = "every GFP profile x order 0..MAX_ORDER: success, zone, latency per cell",
	.params = gm_params,
	.footprint = gm_footprint,
	.run = gm_run,
	.finish = gm_finish,
	.priv_size = sizeof(struct gm_priv),
};
