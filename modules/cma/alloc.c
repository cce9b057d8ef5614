// SPDX-License-Identifier: GPL-2.0
/*
 * cma size= count= probe_max= [hold=1]: count= physically contiguous
 * buffers of size= bytes (>= 1 MiB) through the DMA API on alloclab's own
 * device, timed as phase "alloc" then phase "free". CmaFree before, while
 * the buffers are held and after; where they lie (lowest and highest
 * physical address, to compare with the area's base and size); whether each
 * came from CMA. probe_max=1 then bisects the largest buffer CMA gives now.
 * hold=1 keeps the buffers until `release N` (CmaFree stays down meanwhile).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include "cma.h"

enum { CA_P_SIZE, CA_P_COUNT, CA_P_PROBE };
static const struct al_param ca_params[] = {
	[CA_P_SIZE] = { .name = "size", .help = "bytes per buffer (physically contiguous)",
			.type = AL_P_U64, .def = SZ_1M, .min = CMX_MIN_SIZE, .max = CMX_MAX_SIZE,
			.unit = "bytes" },
	[CA_P_COUNT] = { .name = "count", .help = "buffers, all held before the first is freed",
			 .type = AL_P_U64, .def = 4, .min = 1, .max = CMX_MAX_COUNT,
			 .unit = "buffers" },
	[CA_P_PROBE] = { .name = "probe_max", .help = "then bisect the largest buffer CMA gives (MiB steps)",
			 .type = AL_P_BOOL, .def = 0, .min = 0, .max = 1 },
	{ }
};

struct ca_priv {
	struct cmx_set set;
	u64 largest;
	unsigned long tries;
};

static int ca_check(struct al_ctx *ctx)
{
	return cmx_check_fits(ctx, al_val(ctx, CA_P_SIZE), al_val(ctx, CA_P_COUNT));
}

static u64 ca_footprint(struct al_ctx *ctx)
{
	u64 need = PAGE_ALIGN(al_val(ctx, CA_P_SIZE)) * al_val(ctx, CA_P_COUNT);

	if (al_val(ctx, CA_P_PROBE))
		need = max_t(u64, need, (u64)cmx_total_pages() << PAGE_SHIFT);
	return need;
}

static int ca_prepare(struct al_ctx *ctx)
{
	if (al_cpus(ctx) > 1) {
		al_err(ctx, "cma runs on one CPU (cpus=1): the buffers of a run are one set");
		return -EINVAL;
	}
	return 0;
}

static int ca_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct ca_priv *cp = al_priv(ctx);
	int ret;

	ret = cmx_alloc_set(w, &cp->set, al_val(ctx, CA_P_SIZE), al_val(ctx, CA_P_COUNT));
	if (ret)
		return ret;
	cmx_set_facts(ctx, &cp->set, al_val(ctx, CA_P_SIZE), al_val(ctx, CA_P_COUNT));
	if (al_hold(ctx))
		return 0;
	ret = cmx_free_set(w, &cp->set, true);
	if (ret)
		return ret;
	if (al_val(ctx, CA_P_PROBE))
		cp->largest = cmx_probe_max(w, &cp->tries);
	return al_should_stop(w) ? -EINTR : 0;
}

static void ca_finish(struct al_ctx *ctx)
{
	struct ca_priv *cp = al_priv(ctx);
	u64 bytes = (u64)cp->set.n * al_val(ctx, CA_P_SIZE);

	al_bytes(ctx, bytes, (u64)cp->set.n * PAGE_ALIGN(al_val(ctx, CA_P_SIZE)));
	cmx_path_facts(ctx);
	if (al_hold(ctx)) {
		al_fact(ctx, "cma_free_kb_after", "at release: read /proc/meminfo CmaFree then");
		return;
	}
	if (!cp->set.freed)	/* the run stopped before its free phase */
		cmx_free_set(NULL, &cp->set, false);
	cmx_after_facts(ctx, &cp->set);
	if (al_val(ctx, CA_P_PROBE)) {
		al_fact(ctx, "largest_ok_bytes", "%llu", cp->largest);
		al_fact(ctx, "largest_ok", "%llu MiB from CMA (bisected in %lu allocations)",
			cp->largest >> 20, cp->tries);
	}
}

static void ca_release(struct al_ctx *ctx)
{
	struct ca_priv *cp = al_priv(ctx);

	cmx_free_set(NULL, &cp->set, false);
}

const struct al_experiment cmx_cma = {
	.name = "cma",
	.summary = "contiguous buffers >= 1 MiB through the DMA API: alloc/free latency, CmaFree before/held/after, largest size",
	.params = ca_params,
	.phases = cmx_phases,
	.flags = AL_EXP_TIMED | AL_EXP_HOLD,
	.available = cmx_available,
	.check = ca_check,
	.footprint = ca_footprint,
	.prepare = ca_prepare,
	.run = ca_run,
	.finish = ca_finish,
	.release = ca_release,
	.priv_size = sizeof(struct ca_priv),
};
