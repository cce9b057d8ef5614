// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_pages: the free lists as /proc/buddyinfo shows them, read by the
 * module (zone->free_area[order].nr_free under zone->lock), the pages parked
 * on the per-CPU lists next to them, and the unusable free space index of
 * mm/vmstat.c computed from those counts.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/math64.h>
#include "pages.h"

/* Pages on the per-CPU lists of @zone (zoneinfo's "count:" summed). */
static unsigned long pg_zone_pcp(struct zone *zone)
{
	unsigned long n = 0;
	int cpu;

	for_each_online_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(zone->per_cpu_pageset, cpu)->count);
	return n;
}

static void pg_snap_zone(struct pg_zone_snap *zs, struct zone *zone)
{
	unsigned long flags;
	unsigned int o;

	zs->nid = zone_to_nid(zone);
	zs->zidx = zone_idx(zone);
	zs->name = zone->name;
	spin_lock_irqsave(&zone->lock, flags);
	for (o = 0; o < PG_ORDERS; o++)
		zs->nr_free[o] = zone->free_area[o].nr_free;
	spin_unlock_irqrestore(&zone->lock, flags);
	zs->pcp = pg_zone_pcp(zone);
}

/**
 * pg_snap_take() - the free block counts of every populated zone
 * @s: filled in; zones in node, then zone order (as /proc/buddyinfo)
 */
void pg_snap_take(struct pg_snap *s)
{
	struct zone *zone;
	int nid, z;

	s->nz = 0;
	for_each_online_node(nid) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			zone = &NODE_DATA(nid)->node_zones[z];
			if (!populated_zone(zone) || s->nz >= PG_MAX_ZONES)
				continue;
			pg_snap_zone(&s->z[s->nz++], zone);
		}
	}
}

/**
 * pg_snap_pages_from() - free pages in blocks of @order or larger, all zones
 * @s: a snapshot
 * @order: the smallest order counted
 *
 * Return: sum over zones and orders >= @order of nr_free << order.
 */
unsigned long pg_snap_pages_from(const struct pg_snap *s, unsigned int order)
{
	unsigned long n = 0;
	unsigned int i, o;

	for (i = 0; i < s->nz; i++)
		for (o = order; o < PG_ORDERS; o++)
			n += s->z[i].nr_free[o] << o;
	return n;
}

/**
 * pg_snap_pcp() - pages on the per-CPU lists of all zones at the snapshot
 * @s: a snapshot
 *
 * Return: the sum.
 */
unsigned long pg_snap_pcp(const struct pg_snap *s)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < s->nz; i++)
		n += s->z[i].pcp;
	return n;
}

/**
 * pg_snap_largest() - largest order with a free block a @gfp request may use
 * @s: a snapshot
 * @gfp: the request's flags (its zone modifier picks the zones)
 *
 * Return: the order, or -1 if no usable zone has a free block.
 */
int pg_snap_largest(const struct pg_snap *s, gfp_t gfp)
{
	int top = gfp_zone(gfp), best = -1, o;
	unsigned int i;

	for (i = 0; i < s->nz; i++) {
		if (s->z[i].zidx > top)
			continue;
		for (o = PG_ORDERS - 1; o > best; o--)
			if (s->z[i].nr_free[o])
				best = o;
	}
	return best;
}

/**
 * pg_unusable_index() - mm/vmstat.c's unusable free space index
 * @nr_free: a zone's free block counts, orders 0..PG_ORDERS-1
 * @order: the order a request needs
 *
 * The share of free pages that sit in blocks smaller than @order, in
 * thousandths: 0 nothing unusable, 1000 all of it (or nothing free), as
 * unusable_free_index() computes it for /sys/kernel/debug/extfrag.
 *
 * Return: 0..1000.
 */
unsigned int pg_unusable_index(const unsigned long *nr_free, unsigned int order)
{
	unsigned long free_pages = 0, suitable = 0;
	unsigned int o;

	for (o = 0; o < PG_ORDERS; o++) {
		free_pages += nr_free[o] << o;
		if (o >= order)
			suitable += nr_free[o] << (o - order);
	}
	if (!free_pages)
		return 1000;
	return div64_u64((u64)(free_pages - (suitable << order)) * 1000, free_pages);
}

/* "o0=12 o1=3 ..." of one zone, into @buf. */
static void pg_fmt_orders(char *buf, size_t len, const unsigned long *v)
{
	unsigned int o, n = 0;

	buf[0] = '\0';
	for (o = 0; o < PG_ORDERS && n < len; o++)
		n += scnprintf(buf + n, len - n, "%so%u=%lu", o ? " " : "", o, v[o]);
}

/**
 * pg_snap_rows() - a "buddy" and an "unusable" row per zone of a snapshot
 * @ctx: the run
 * @s: the snapshot
 * @when: its label ("before", "held", "after" ...)
 *
 * buddy rows carry the free block count per order (/proc/buddyinfo) and
 * the per-CPU list pages; unusable rows the index per order, in thousandths.
 */
void pg_snap_rows(struct al_ctx *ctx, const struct pg_snap *s, const char *when)
{
	unsigned long idx[PG_ORDERS];
	char buf[160];
	unsigned int i, o;

	for (i = 0; i < s->nz; i++) {
		const struct pg_zone_snap *z = &s->z[i];

		pg_fmt_orders(buf, sizeof(buf), z->nr_free);
		al_row(ctx, "buddy", "when=%s node=%d zone=%s pcp=%lu %s", when, z->nid,
		       z->name, z->pcp, buf);
		for (o = 0; o < PG_ORDERS; o++)
			idx[o] = pg_unusable_index(z->nr_free, o);
		pg_fmt_orders(buf, sizeof(buf), idx);
		al_row(ctx, "unusable", "when=%s node=%d zone=%s %s", when, z->nid, z->name,
		       buf);
	}
}
