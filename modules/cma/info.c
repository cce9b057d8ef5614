// SPDX-License-Identifier: GPL-2.0
/*
 * cma_info: the CMA areas as far as a module sees them. The zones know how
 * many of their pages belong to CMA (cma_pages) and the vmstat counters how
 * many of those are free (CmaFree); the areas' names, bases and sizes live
 * in struct cma, which only cma_for_each_area() / cma_get_base() reach, and
 * those are not exported: `alloclab cma info` adds them from
 * /sys/kernel/mm/cma, debugfs and the boot log. One 1 MiB buffer, taken and
 * freed at once, shows where the default area lies and that the path works.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include "cma.h"

static void ci_zones(struct al_ctx *ctx)
{
	struct zone *zone;
	int nid, z;

	for_each_online_node(nid) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			zone = &NODE_DATA(nid)->node_zones[z];
			if (!al_zone_cma_pages(zone))
				continue;
			al_row(ctx, "zone", "node=%d zone=%s cma_pages=%lu cma_free_pages=%lu managed_pages=%lu",
			       nid, zone->name, al_zone_cma_pages(zone),
			       zone_page_state(zone, NR_FREE_CMA_PAGES),
			       zone_managed_pages(zone));
		}
	}
}

static void ci_sample(struct al_ctx *ctx)
{
	struct cmx_buf b = { };

	if (cmx_alloc(&b, SZ_1M)) {
		al_fact(ctx, "sample", "a 1 MiB buffer could not be allocated now");
		return;
	}
	al_fact_phys(ctx, "sample_phys", b.phys);
	al_fact(ctx, "sample_from_cma", "%s (CmaFree fell by %ld pages for %lu, pcp drain counted)",
		cmx_from_cma(&b) ? "yes" : "no",
		b.cma_drop, (unsigned long)(SZ_1M >> PAGE_SHIFT));
	cmx_free(&b);
}

static int ci_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	unsigned long total = cmx_total_pages(), free = al_cma_free_pages();

	al_fact(ctx, "cma_total_kb", "%lu", total << (PAGE_SHIFT - 10));
	al_fact(ctx, "cma_free_kb", "%lu", free << (PAGE_SHIFT - 10));
	al_fact(ctx, "cma_used_kb", "%lu", (total - min(free, total)) << (PAGE_SHIFT - 10));
	al_fact(ctx, "pageblock_kb", "%lu", (PAGE_SIZE << pageblock_order) >> 10);
	al_fact(ctx, "align_max_kb", "%lu", (PAGE_SIZE << AL_CMA_ALIGN_ORDER) >> 10);
	ci_zones(ctx);
	al_fact(ctx, "areas", "%s", AL_CMA_API_EXPORTED ?
		"cma_alloc exported; the area list is not read by this module" :
		"base and size hidden (cma_get_base/size not exported): see alloclab cma info");
	cmx_path_facts(ctx);
	ci_sample(ctx);
	return 0;
}

const struct al_experiment cmx_info = {
	.name = "cma_info",
	.summary = "the CMA areas as a module sees them: pages per zone, CmaFree, the path to CMA, a sample buffer",
	.available = cmx_available,
	.run = ci_run,
};
