/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab_pages internals: what the experiment files (one experiment each)
 * share with common.c, buddy.c and main.c. Only this module includes it.
 */
#ifndef _ALLOCLAB_PAGES_H
#define _ALLOCLAB_PAGES_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/mmzone.h>
#include "../../include/alloclab/family.h"

/* Orders the buddy allocator hands out: 0..AL_MAX_PAGE_ORDER. */
#define PG_ORDERS		(AL_MAX_PAGE_ORDER + 1)

/* Blocks per worker: bounds the page array (8 MiB of pointers at most). */
#define PG_MAX_COUNT		BIT_ULL(20)

/* Zones (over all nodes) a snapshot or a tally keeps apart; more are summed. */
#define PG_MAX_ZONES		16

/* Phases of the timed experiment: the allocations, then the frees. */
enum { PG_PH_ALLOC, PG_PH_FREE };
extern const struct al_phase_desc pg_phases[];

/* Allocation patterns of `pages` (pattern=). */
enum { PG_REPEAT, PG_BULK, PG_RANDOM };
extern const char * const pg_patterns[];

/* Where blocks came from: one count per (node, zone), filled by pg_tally(). */
struct pg_tally {
	atomic_long_t blocks[PG_MAX_ZONES];
	atomic_long_t other;		/* beyond PG_MAX_ZONES */
};

/* What the check of a block found (pg_check_block()). */
struct pg_check {
	atomic_long_t checked;
	atomic_long_t misaligned;	/* pfn not a multiple of 2^order */
	atomic_long_t discontig;	/* a page not at pfn + i / phys + i * PAGE_SIZE */
	atomic_long_t mixed_zone;	/* a page in another zone than the first */
	atomic_long_t nonzero;		/* __GFP_ZERO asked, a byte was not 0 */
	atomic_long_t below_4g;		/* block ends below 4 GiB */
	atomic64_t top_pfn;		/* highest pfn seen + 1 */
};

/* One zone's free lists as /proc/buddyinfo shows them, plus its pcp pages. */
struct pg_zone_snap {
	int nid;
	int zidx;			/* zone_idx() */
	const char *name;
	unsigned long nr_free[PG_ORDERS];
	unsigned long pcp;		/* pages on the zone's per-CPU lists */
};

struct pg_snap {
	unsigned int nz;
	struct pg_zone_snap z[PG_MAX_ZONES];
};

/* common.c */
int pg_zone_slot(struct zone *zone);
struct zone *pg_zone_at(unsigned int slot);
void pg_tally(struct pg_tally *t, struct page *page);
void pg_tally_rows(struct al_ctx *ctx, const char *table, struct pg_tally *t);
bool pg_check_block(struct pg_check *c, struct page *page, unsigned int order, bool zero);
void pg_check_facts(struct al_ctx *ctx, struct pg_check *c, unsigned int order, bool zero);
bool pg_shuffle(struct al_worker *w, struct page **pages, u64 n);
void pg_free_blocks(struct page **pages, u64 from, u64 to, unsigned int order);
void pg_zone_facts(struct al_ctx *ctx);

/* buddy.c */
void pg_snap_take(struct pg_snap *s);
unsigned long pg_snap_pages_from(const struct pg_snap *s, unsigned int order);
unsigned long pg_snap_pcp(const struct pg_snap *s);
int pg_snap_largest(const struct pg_snap *s, gfp_t gfp);
unsigned int pg_unusable_index(const unsigned long *nr_free, unsigned int order);
void pg_snap_rows(struct al_ctx *ctx, const struct pg_snap *s, const char *when);

/* Each file's experiment, copied into the table by main.c at load. */
extern const struct al_experiment pg_pages;
extern const struct al_experiment pg_gfp_matrix;
extern const struct al_experiment pg_fragment;

#endif /* _ALLOCLAB_PAGES_H */
