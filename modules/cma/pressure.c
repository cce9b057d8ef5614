// SPDX-License-Identifier: GPL-2.0
/*
 * cma_pressure size= count=: the cma experiment's buffers, once userspace
 * has filled memory with movable pages (`alloclab cma pressure` does it):
 * the page allocator then lends free CMA pageblocks to movable allocations,
 * and cma_alloc() has to migrate those pages out before it can hand the
 * range to the device. Reported: how much of the area was lent when the run
 * started (CmaTotal - CmaFree), the alloc latency, and the deltas of the
 * migration counters (/proc/vmstat: pgmigrate_*, compact_*, cma_alloc_*)
 * across the allocations, read in the kernel with all_vm_events().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include "cma.h"

enum { CP_P_SIZE, CP_P_COUNT };
static const struct al_param cp_params[] = {
	[CP_P_SIZE] = { .name = "size", .help = "bytes per buffer (physically contiguous)",
			.type = AL_P_U64, .def = SZ_4M, .min = CMX_MIN_SIZE, .max = CMX_MAX_SIZE,
			.unit = "bytes" },
	[CP_P_COUNT] = { .name = "count", .help = "buffers, all held before the first is freed",
			 .type = AL_P_U64, .def = 4, .min = 1, .max = CMX_MAX_COUNT,
			 .unit = "buffers" },
	{ }
};

struct cp_priv {
	struct cmx_set set;
	unsigned long total;		/* CmaTotal, pages */
	unsigned long ev0[AL_CMA_NR_EV], ev1[AL_CMA_NR_EV];
	bool ev_ok;
};

static int cp_check(struct al_ctx *ctx)
{
	return cmx_check_fits(ctx, al_val(ctx, CP_P_SIZE), al_val(ctx, CP_P_COUNT));
}

static u64 cp_footprint(struct al_ctx *ctx)
{
	return PAGE_ALIGN(al_val(ctx, CP_P_SIZE)) * al_val(ctx, CP_P_COUNT);
}

static int cp_prepare(struct al_ctx *ctx)
{
	if (al_cpus(ctx) > 1) {
		al_err(ctx, "cma_pressure runs on one CPU (cpus=1): the buffers of a run are one set");
		return -EINVAL;
	}
	return 0;
}

static int cp_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct cp_priv *cp = al_priv(ctx);
	int ret;

	cp->total = cmx_total_pages();
	cp->ev_ok = al_cma_events(cp->ev0);
	ret = cmx_alloc_set(w, &cp->set, al_val(ctx, CP_P_SIZE), al_val(ctx, CP_P_COUNT));
	if (ret)
		return ret;
	if (cp->ev_ok)
		cp->ev_ok = al_cma_events(cp->ev1);
	cmx_set_facts(ctx, &cp->set, al_val(ctx, CP_P_SIZE), al_val(ctx, CP_P_COUNT));
	return cmx_free_set(w, &cp->set, true);
}

static void cp_events(struct al_ctx *ctx, struct cp_priv *cp)
{
	char key[ALLOCLAB_FACT_KEY_LEN];
	unsigned int i;

	if (AL_CMA_EV_UNAVAILABLE) {
		al_fact(ctx, "migration_counters", "%s", AL_CMA_EV_UNAVAILABLE);
		return;
	}
	if (!cp->ev_ok) {
		al_fact(ctx, "migration_counters", "not read (out of memory for the counter array)");
		return;
	}
	al_fact(ctx, "migration_counters", "deltas across the alloc phase");
	for (i = 0; i < AL_CMA_NR_EV; i++) {
		snprintf(key, sizeof(key), "delta_%s", al_cma_ev_name(i));
		if (cp->ev0[i] == AL_CMA_EV_NONE)
			al_fact(ctx, key, "not counted on this kernel");
		else
			al_fact(ctx, key, "%lu", cp->ev1[i] - cp->ev0[i]);
	}
}

static void cp_finish(struct al_ctx *ctx)
{
	struct cp_priv *cp = al_priv(ctx);
	unsigned long lent = cp->total > cp->set.free_before ? cp->total - cp->set.free_before : 0;

	al_bytes(ctx, (u64)cp->set.n * al_val(ctx, CP_P_SIZE),
		 (u64)cp->set.n * PAGE_ALIGN(al_val(ctx, CP_P_SIZE)));
	if (!cp->set.freed)	/* the run stopped before its free phase */
		cmx_free_set(NULL, &cp->set, false);
	cmx_after_facts(ctx, &cp->set);
	al_fact(ctx, "cma_used_kb_before", "%lu", lent << (PAGE_SHIFT - 10));
	al_fact(ctx, "lent", "%s", lent > cp->total / 4 ?
		"yes: CmaFree well below CmaTotal at the start (movable pages in the area)" :
		"little or nothing: fill memory first (alloclab cma pressure)");
	cp_events(ctx, cp);
	cmx_path_facts(ctx);
}

const struct al_experiment cmx_pressure = {
	.name = "cma_pressure",
	.summary = "cma once movable pages fill the area (alloclab cma pressure): latency, CmaFree, migration counters",
	.params = cp_params,
	.phases = cmx_phases,
	.flags = AL_EXP_TIMED,
	.available = cmx_available,
	.check = cp_check,
	.footprint = cp_footprint,
	.prepare = cp_prepare,
	.run = cp_run,
	.finish = cp_finish,
	.release = NULL,
	.priv_size = sizeof(struct cp_priv),
};
