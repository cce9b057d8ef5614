// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_pages: what the experiments share (declared in pages.h): the
 * phases and patterns, where a block came from (node and zone), the check
 * that a block is 2^order contiguous pages aligned to its size, the shuffle
 * of the free phase.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/minmax.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/io.h>
#include <linux/string.h>
#include "pages.h"

/* Phases of the timed experiment: the allocations, then the frees. */
const struct al_phase_desc pg_phases[] = {
	[PG_PH_ALLOC] = { "alloc", ALLOCLAB_U_PAGES },
	[PG_PH_FREE] = { "free", ALLOCLAB_U_PAGES },
	{ }
};

const char * const pg_patterns[] = { "repeat", "bulk", "random", NULL };

/**
 * pg_zone_slot() - index of a zone in the per-zone tables of this module
 * @zone: a zone
 *
 * Return: node * MAX_NR_ZONES + zone index, or -1 past PG_MAX_ZONES.
 */
int pg_zone_slot(struct zone *zone)
{
	int slot = zone_to_nid(zone) * MAX_NR_ZONES + zone_idx(zone);

	return slot < PG_MAX_ZONES ? slot : -1;
}

/**
 * pg_zone_at() - the zone of a slot (see pg_zone_slot())
 * @slot: 0..PG_MAX_ZONES-1
 *
 * Return: the zone, or NULL if its node is offline or the zone is empty.
 */
struct zone *pg_zone_at(unsigned int slot)
{
	int nid = slot / MAX_NR_ZONES;
	struct zone *zone;

	if (nid >= MAX_NUMNODES || !node_online(nid))
		return NULL;
	zone = &NODE_DATA(nid)->node_zones[slot % MAX_NR_ZONES];
	return populated_zone(zone) ? zone : NULL;
}

/**
 * pg_tally() - count a block under its node and zone
 * @t: the tally
 * @page: first page of the block
 */
void pg_tally(struct pg_tally *t, struct page *page)
{
	int slot = pg_zone_slot(page_zone(page));

	if (slot >= 0)
		atomic_long_inc(&t->blocks[slot]);
	else
		atomic_long_inc(&t->other);
}

/**
 * pg_tally_rows() - one row per zone that served blocks, and the zone fact
 * @ctx: the run
 * @table: table name ("zone")
 * @t: the tally
 *
 * The fact "zone" names the zone that served the most blocks, "node" its node.
 */
void pg_tally_rows(struct al_ctx *ctx, const char *table, struct pg_tally *t)
{
	long n, best = 0;
	struct zone *zone, *top = NULL;
	unsigned int s;

	for (s = 0; s < PG_MAX_ZONES; s++) {
		n = atomic_long_read(&t->blocks[s]);
		zone = pg_zone_at(s);
		if (!n || !zone)
			continue;
		al_row(ctx, table, "node=%d zone=%s blocks=%ld", zone_to_nid(zone),
		       zone->name, n);
		if (n > best) {
			best = n;
			top = zone;
		}
	}
	if (atomic_long_read(&t->other))
		al_row(ctx, table, "node=other zone=other blocks=%ld",
		       atomic_long_read(&t->other));
	al_fact(ctx, "zone", "%s", top ? top->name : "none");
	if (top)
		al_fact(ctx, "node", "%d", zone_to_nid(top));
}

/**
 * pg_check_block() - is this block what the buddy allocator promises?
 * @c: counters to update
 * @page: first page of a block of order @order
 * @order: its order
 * @zero: it was asked for with __GFP_ZERO: every byte must read 0
 *
 * Checks, page by page, that the struct pages are consecutive frames (pfn,
 * physical and, for lowmem, virtual addresses advance by one page), that the
 * first pfn is a multiple of 2^order and that the whole block is in one zone.
 *
 * Return: true if the block passed.
 */
bool pg_check_block(struct pg_check *c, struct page *page, unsigned int order, bool zero)
{
	unsigned long pfn = page_to_pfn(page), n = 1UL << order, i;
	phys_addr_t pa = page_to_phys(page);
	struct zone *zone = page_zone(page);
	bool lowmem = !PageHighMem(page), ok = true;
	s64 top = pfn + n, old;
	char *va = lowmem ? page_address(page) : NULL;

	atomic_long_inc(&c->checked);
	if (pfn & (n - 1)) {
		atomic_long_inc(&c->misaligned);
		ok = false;
	}
	for (i = 1; i < n; i++) {
		struct page *p = pfn_to_page(pfn + i);

		if (p != page + i || page_to_phys(p) != pa + i * PAGE_SIZE ||
		    (lowmem && page_address(p) != va + i * PAGE_SIZE)) {
			atomic_long_inc(&c->discontig);
			return false;
		}
		if (page_zone(p) != zone) {
			atomic_long_inc(&c->mixed_zone);
			return false;
		}
	}
	if (zero && lowmem && memchr_inv(va, 0, n << PAGE_SHIFT)) {
		atomic_long_inc(&c->nonzero);
		ok = false;
	}
	if (pa + (n << PAGE_SHIFT) <= SZ_4G)
		atomic_long_inc(&c->below_4g);
	old = atomic64_read(&c->top_pfn);
	while (top > old && !atomic64_try_cmpxchg(&c->top_pfn, &old, top))
		;
	return ok;
}

/**
 * pg_check_facts() - report what pg_check_block() found
 * @ctx: the run
 * @c: the counters
 * @order: the order of the blocks
 * @zero: the blocks were asked for zeroed
 */
void pg_check_facts(struct al_ctx *ctx, struct pg_check *c, unsigned int order, bool zero)
{
	long checked = atomic_long_read(&c->checked);
	long bad = atomic_long_read(&c->misaligned) + atomic_long_read(&c->discontig) +
		   atomic_long_read(&c->mixed_zone);

	al_fact(ctx, "blocks_checked", "%ld", checked);
	al_fact(ctx, "contiguous", "%s (%ld of %ld blocks: %lu pages each, consecutive frames)",
		atomic_long_read(&c->discontig) ? "no" : "yes",
		checked - atomic_long_read(&c->discontig), checked, 1UL << order);
	al_fact(ctx, "aligned", "%s (%ld misaligned; pfn a multiple of %lu)",
		atomic_long_read(&c->misaligned) ? "no" : "yes",
		atomic_long_read(&c->misaligned), 1UL << order);
	al_fact(ctx, "one_zone", "%s", atomic_long_read(&c->mixed_zone) ? "no" : "yes");
	if (zero)
		al_fact(ctx, "zeroed", "%s (%ld blocks with a non-zero byte)",
			atomic_long_read(&c->nonzero) ? "no" : "yes",
			atomic_long_read(&c->nonzero));
	bad += atomic_long_read(&c->nonzero);
	al_fact(ctx, "blocks_bad", "%ld", bad);
	al_fact(ctx, "below_4g", "%ld", atomic_long_read(&c->below_4g));
	/* coarse (MiB): the layout is in /proc/zoneinfo and /proc/iomem anyway */
	al_fact(ctx, "top_mib", "%llu",
		(atomic64_read(&c->top_pfn) << PAGE_SHIFT) >> 20);
}

/**
 * pg_shuffle() - Fisher-Yates of a page array; untimed
 * @w: the worker
 * @pages: the array
 * @n: its length
 *
 * Return: true if the run must stop.
 */
bool pg_shuffle(struct al_worker *w, struct page **pages, u64 n)
{
	u64 i;

	for (i = n; i > 1; i--) {
		u32 j = get_random_u32_below(i);

		swap(pages[i - 1], pages[j]);
		if (!(i & 4095) && al_should_stop(w))
			return true;
	}
	return false;
}

/**
 * pg_free_blocks() - free pages[from..to) (NULL entries skipped)
 * @pages: the array
 * @from: first index
 * @to: one past the last
 * @order: order of every block
 */
void pg_free_blocks(struct page **pages, u64 from, u64 to, unsigned int order)
{
	u64 i;

	for (i = from; i < to; i++) {
		if (pages[i])
			__free_pages(pages[i], order);
		pages[i] = NULL;
		if (!(i & 1023))
			cond_resched();
	}
}

/**
 * pg_zone_facts() - the zones of this machine, one "zones" row each
 * @ctx: the run
 *
 * What a test compares the zones of the blocks with: the populated zones
 * with their node, pfn span and managed pages.
 */
void pg_zone_facts(struct al_ctx *ctx)
{
	struct zone *zone;
	unsigned int s;

	for (s = 0; s < PG_MAX_ZONES; s++) {
		zone = pg_zone_at(s);
		if (!zone)
			continue;
		al_row(ctx, "zones", "node=%d zone=%s start_pfn=%lu end_pfn=%lu managed=%lu",
		       zone_to_nid(zone), zone->name, zone->zone_start_pfn,
		       zone_end_pfn(zone), zone_managed_pages(zone));
	}
}
