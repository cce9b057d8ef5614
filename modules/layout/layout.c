// SPDX-License-Identifier: GPL-2.0
/*
 * layout: where memory is. The address-space constants, the buddy
 * allocator's order limit and pageblock order, and a row per node and zone:
 * its extent, managed and free pages, watermarks and protection (the lowmem
 * reserve), with the seeds' rule "low = min x 5/4, high = min x 3/2" checked
 * against what this kernel computed (watermark_scale_factor changed it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/vmstat.h>
#include <linux/vmalloc.h>
#include <linux/pageblock-flags.h>
#include <linux/math64.h>
#include "layout.h"

static const struct al_param lo_layout_params[] = {
	{ }
};

/* What the node/zone walk adds up for the facts after the rows. */
struct lo_sums {
	unsigned long managed;
	unsigned long free;
	unsigned long end_pfn;		/* of the highest populated zone */
	unsigned int nodes;
	unsigned int zones;
	unsigned int populated;
	unsigned int old_rule_holds;	/* "yes" or "within rounding" */
};

static void lo_fact_range(struct al_ctx *ctx, const char *what, unsigned long start,
			  unsigned long end)
{
	char key[ALLOCLAB_FACT_KEY_LEN];

	snprintf(key, sizeof(key), "%s_start", what);
	al_fact_ptr(ctx, key, (void *)start);
	snprintf(key, sizeof(key), "%s_end", what);
	al_fact_ptr(ctx, key, (void *)end);
	snprintf(key, sizeof(key), "%s_kb", what);
	al_fact(ctx, key, "%lu", (end - start) >> 10);
}

static void lo_address_space(struct al_ctx *ctx)
{
	al_fact(ctx, "page_size", "%lu", PAGE_SIZE);
	al_fact(ctx, "page_shift", "%u", PAGE_SHIFT);
	al_fact_ptr(ctx, "page_offset", (void *)PAGE_OFFSET);
	/* a bound of user space, not a kernel address: shown as it is */
	al_fact(ctx, "task_size", "0x%lx", TASK_SIZE);
	/* _kb as /proc/meminfo's VmallocTotal computes it: (END - START) >> 10 */
	lo_fact_range(ctx, "vmalloc", VMALLOC_START, VMALLOC_END);
	lo_fact_range(ctx, "modules", MODULES_VADDR, MODULES_END);
	al_fact_ptr(ctx, "high_memory", high_memory);
	al_fact(ctx, "linear_map_kb", "%lu",
		((unsigned long)high_memory - PAGE_OFFSET) >> 10);
	al_fact(ctx, "pgtable_levels", "%u", lo_pgtable_levels());
	al_fact(ctx, "max_order_macro", "%s=%d", AL_MAX_ORDER_MACRO, (int)AL_MAX_ORDER_RAW);
	al_fact(ctx, "max_page_order", "%d", (int)AL_MAX_PAGE_ORDER);
	al_fact(ctx, "nr_page_orders", "%d", (int)AL_MAX_PAGE_ORDER + 1);
	al_fact(ctx, "pageblock_order", "%u", (unsigned int)pageblock_order);
	al_fact(ctx, "pageblock_pages", "%lu", (unsigned long)pageblock_nr_pages);
}

/*
 * The seeds' rule against the zone's own watermarks (without the boost):
 * "yes" if exact, "within rounding" if off by less than a page (the kernel
 * shifts, min/4 floors), else "no".
 */
static const char *lo_old_rule(unsigned long min, unsigned long low, unsigned long high)
{
	/* in quarter pages: low vs 5/4 min, high vs 6/4 min */
	long dl = (long)(low * 4) - (long)(min * 5);
	long dh = (long)(high * 4) - (long)(min * 6);

	if (!dl && !dh)
		return "yes";
	/* each min / 4 floors: low by < 1 page, high (two of them) by < 2 */
	if (abs(dl) < 4 && abs(dh) < 8)
		return "within_rounding";
	return "no";
}

static void lo_protection(char *buf, size_t len, const struct zone *z)
{
	size_t n = 0;
	int i;

	for (i = 0; i < MAX_NR_ZONES; i++)
		n += scnprintf(buf + n, len - n, "%s%ld", i ? "," : "[",
			       z->lowmem_reserve[i]);
	scnprintf(buf + n, len - n, "]");
}

static void lo_zone_wmarks(struct al_ctx *ctx, int nid, struct zone *z, struct lo_sums *s)
{
	unsigned long min = z->_watermark[WMARK_MIN];
	unsigned long low = z->_watermark[WMARK_LOW];
	unsigned long high = z->_watermark[WMARK_HIGH];
	unsigned long managed = zone_managed_pages(z);
	unsigned long delta = low - min;
	const char *rule = lo_old_rule(min, low, high);
	char prot[64], why[64];

	lo_protection(prot, sizeof(prot), z);
	if (!managed) {
		al_row(ctx, "wmark", "node=%d zone=%s min=%lu low=%lu high=%lu boost=%lu protection=%s old_rule=n/a",
		       nid, z->name, min_wmark_pages(z), low_wmark_pages(z), high_wmark_pages(z),
		       z->watermark_boost, prot);
		return;
	}
	if (strcmp(rule, "no"))
		s->old_rule_holds++;
	/*
	 * low - min = max(min / 4, managed * watermark_scale_factor / 10000)
	 * (the sysctl is not exported): which term won, and the factor it
	 * implies, or the factor above which it would win.
	 */
	if (delta == min / 4)
		snprintf(why, sizeof(why), "delta_from=min/4 wsf_wins_above=%llu",
			 div64_u64((u64)delta * 10000, managed));
	else
		snprintf(why, sizeof(why), "delta_from=scale_factor wsf_implied=%llu",
			 div64_u64((u64)delta * 10000, managed));
	al_row(ctx, "wmark",
	       "node=%d zone=%s min=%lu low=%lu high=%lu boost=%lu protection=%s old_rule=%s delta=%lu %s",
	       nid, z->name, min_wmark_pages(z), low_wmark_pages(z), high_wmark_pages(z),
	       z->watermark_boost, prot, rule, delta, why);
}

static void lo_zone(struct al_ctx *ctx, int nid, struct zone *z, struct lo_sums *s)
{
	unsigned long managed = zone_managed_pages(z);
	unsigned long free = zone_page_state(z, NR_FREE_PAGES);

	al_row(ctx, "zone", "node=%d zone=%s start_pfn=%lu end_pfn=%lu spanned=%lu present=%lu managed=%lu free=%lu",
	       nid, z->name, z->zone_start_pfn, zone_end_pfn(z), z->spanned_pages,
	       z->present_pages, managed, free);
	lo_zone_wmarks(ctx, nid, z, s);
	s->zones++;
	s->managed += managed;
	s->free += free;
	if (populated_zone(z)) {
		s->populated++;
		s->end_pfn = max(s->end_pfn, zone_end_pfn(z));
	}
}

static int lo_layout_prepare(struct al_ctx *ctx)
{
	struct lo_sums s = { };
	int nid, i;

	lo_address_space(ctx);
	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		s.nodes++;
		for (i = 0; i < MAX_NR_ZONES; i++)
			lo_zone(ctx, nid, &pgdat->node_zones[i], &s);
	}
	al_fact(ctx, "nodes", "%u", s.nodes);
	al_fact(ctx, "zones", "%u", s.zones);
	al_fact(ctx, "populated_zones", "%u", s.populated);
	al_fact(ctx, "max_pfn", "%lu", s.end_pfn);
	al_fact(ctx, "max_pfn_from", "end pfn of the highest populated zone (max_pfn is not exported)");
	al_fact(ctx, "managed_pages", "%lu", s.managed);
	al_fact(ctx, "totalram_pages", "%lu", totalram_pages());
	al_fact(ctx, "free_pages", "%lu", s.free);
	al_fact(ctx, "old_rule_holds", "%u of %u populated zones", s.old_rule_holds, s.populated);
	return 0;
}

static int lo_layout_run(struct al_worker *w)
{
	return 0;	/* nothing to time: prepare read it all */
}

const struct al_experiment lo_layout = {
	.name = "layout",
	.summary = "address-space constants, orders, and per node/zone pages and watermarks",
	.params = lo_layout_params,
	.prepare = lo_layout_prepare,
	.run = lo_layout_run,
};
