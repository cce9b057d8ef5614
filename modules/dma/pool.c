// SPDX-License-Identifier: GPL-2.0
/*
 * pool size= align= boundary= count= mask=: a dma_pool of size-byte blocks,
 * count blocks allocated per worker (the alloc phase), every one checked
 * untimed against align (bus and kernel address) and boundary (the block
 * must not cross a multiple of it), then freed (the free phase). Parameters
 * dma_pool_create() would refuse are refused first, with the reason.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/log2.h>
#include <linux/dmapool.h>
#include <linux/atomic.h>
#include "dma.h"

#define PO_MAX_SIZE	SZ_64K
#define PO_MAX_COUNT	SZ_64K

enum { PO_P_SIZE, PO_P_ALIGN, PO_P_BOUNDARY, PO_P_COUNT, PO_P_MASK };
static const struct al_param po_params[] = {
	[PO_P_SIZE] = { .name = "size", .help = "bytes per block", .type = AL_P_U64,
			.def = 64, .min = 1, .max = PO_MAX_SIZE, .unit = "bytes" },
	[PO_P_ALIGN] = { .name = "align", .help = "block alignment, a power of two (0: none)",
			 .type = AL_P_U64, .def = 0, .min = 0, .max = PO_MAX_SIZE, .unit = "bytes" },
	[PO_P_BOUNDARY] = { .name = "boundary",
			    .help = "no block crosses a multiple of it: a power of two >= size (0: none)",
			    .type = AL_P_U64, .def = 0, .min = 0, .max = SZ_1M, .unit = "bytes" },
	[PO_P_COUNT] = { .name = "count", .help = "blocks per worker, all live at once",
			 .type = AL_P_U64, .def = 256, .min = 1, .max = PO_MAX_COUNT },
	[PO_P_MASK] = { .name = "mask", .help = "own device: DMA mask bits 24|28|32|64 (0: 32)",
			.type = AL_P_U64, .def = 0, .min = 0, .max = 64, .unit = "bits" },
	{ }
};

enum { PO_PH_ALLOC, PO_PH_FREE };
static const struct al_phase_desc po_phases[] = {
	[PO_PH_ALLOC] = { "alloc", ALLOCLAB_U_OBJECTS },
	[PO_PH_FREE] = { "free", ALLOCLAB_U_OBJECTS },
	{ }
};

struct po_blk {
	void *cpu;
	dma_addr_t dma;
};

struct po_priv {
	struct dma_pool *pool;
	atomic64_t checked, unaligned, crossing, outside;
	dma_addr_t first, second;	/* worker 0's first two blocks */
};

static int po_check(struct al_ctx *ctx)
{
	u64 size = al_val(ctx, PO_P_SIZE), align = al_val(ctx, PO_P_ALIGN);
	u64 boundary = al_val(ctx, PO_P_BOUNDARY);

	if (align && !is_power_of_2(align)) {
		al_err(ctx, "align=%llu is not a power of two", align);
		return -EINVAL;
	}
	if (boundary && !is_power_of_2(boundary)) {
		al_err(ctx, "boundary=%llu is not a power of two", boundary);
		return -EINVAL;
	}
	if (boundary && boundary < max(size, align)) {
		al_err(ctx, "boundary=%llu is smaller than the block (size=%llu, align=%llu): no block could fit between two boundaries",
		       boundary, size, align);
		return -EINVAL;
	}
	return dma_check_mask(ctx, PO_P_MASK);
}

static u64 po_footprint(struct al_ctx *ctx)
{
	u64 blk = max(al_val(ctx, PO_P_SIZE), al_val(ctx, PO_P_ALIGN));

	return (u64)al_cpus(ctx) * al_val(ctx, PO_P_COUNT) * (roundup_pow_of_two(blk) +
	       sizeof(struct po_blk)) + PAGE_SIZE;
}

static int po_prepare(struct al_ctx *ctx)
{
	struct po_priv *pp = al_priv(ctx);
	int ret = dma_begin(ctx, PO_P_MASK);

	if (ret)
		return ret;
	pp->pool = dma_pool_create("alloclab_dma_pool", dma_dev(ctx), al_val(ctx, PO_P_SIZE),
				   al_val(ctx, PO_P_ALIGN), al_val(ctx, PO_P_BOUNDARY));
	if (!pp->pool) {
		al_err(ctx, "dma_pool_create refused size=%llu align=%llu boundary=%llu",
		       al_val(ctx, PO_P_SIZE), al_val(ctx, PO_P_ALIGN), al_val(ctx, PO_P_BOUNDARY));
		dma_end(ctx);
		return -ENOMEM;
	}
	return 0;
}

/* Untimed: the block against align, boundary and the device's mask. */
static void po_inspect(struct al_ctx *ctx, const struct po_blk *b)
{
	struct po_priv *pp = al_priv(ctx);
	u64 size = al_val(ctx, PO_P_SIZE), align = al_val(ctx, PO_P_ALIGN);
	u64 boundary = al_val(ctx, PO_P_BOUNDARY);

	atomic64_inc(&pp->checked);
	if (align && ((b->dma | (unsigned long)b->cpu) & (align - 1)))
		atomic64_inc(&pp->unaligned);
	if (boundary && (b->dma & ~(boundary - 1)) != ((b->dma + size - 1) & ~(boundary - 1)))
		atomic64_inc(&pp->crossing);
	if (b->dma + size - 1 > dma_dev(ctx)->coherent_dma_mask)
		atomic64_inc(&pp->outside);
}

static int po_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct po_priv *pp = al_priv(ctx);
	u64 n = al_val(ctx, PO_P_COUNT), i, got = 0;
	struct po_blk *blks = kvcalloc(n, sizeof(*blks), GFP_KERNEL);
	int ret = -EINTR;

	if (!blks)
		return -ENOMEM;
	al_op_begin(w, PO_PH_ALLOC);
	for (got = 0; got < n; got++) {
		blks[got].cpu = dma_pool_alloc(pp->pool, GFP_KERNEL | __GFP_NOWARN, &blks[got].dma);
		if (!blks[got].cpu)
			al_failure(w);
		if (al_op_done(w)) {
			got++;
			goto out;
		}
	}
	al_op_end(w);
	for (i = 0; i < n; i++) {
		if (blks[i].cpu)
			po_inspect(ctx, &blks[i]);
		if (!(i % 256) && al_should_stop(w))
			goto out;
	}
	if (!al_wid(w) && n > 1) {
		pp->first = blks[0].dma;
		pp->second = blks[1].dma;
	}
	al_op_begin(w, PO_PH_FREE);
	for (i = 0; i < n; i++) {
		if (blks[i].cpu)
			dma_pool_free(pp->pool, blks[i].cpu, blks[i].dma);
		blks[i].cpu = NULL;
		if (al_op_done(w))
			goto out;
	}
	al_op_end(w);
	ret = 0;
out:
	for (i = 0; i < got; i++)
		if (blks[i].cpu)
			dma_pool_free(pp->pool, blks[i].cpu, blks[i].dma);
	kvfree(blks);
	return ret;
}

static void po_finish(struct al_ctx *ctx)
{
	struct po_priv *pp = al_priv(ctx);

	dma_path_facts(ctx, dma_dev(ctx));
	al_fact(ctx, "blocks_checked", "%lld", atomic64_read(&pp->checked));
	al_fact(ctx, "misaligned", "%lld", atomic64_read(&pp->unaligned));
	al_fact(ctx, "crossing_boundary", "%lld", atomic64_read(&pp->crossing));
	al_fact(ctx, "outside_mask", "%lld", atomic64_read(&pp->outside));
	if (pp->second && pp->first)
		al_fact(ctx, "stride", "%lld", (s64)(pp->second - pp->first));
	dma_pool_destroy(pp->pool);
	dma_end(ctx);
}

const struct al_experiment dma_exp_pool = {
	.name = "pool",
	.summary = "dma_pool blocks, each checked against align= and boundary=",
	.params = po_params,
	.phases = po_phases,
	.flags = AL_EXP_TIMED,
	.check = po_check,
	.footprint = po_footprint,
	.prepare = po_prepare,
	.run = po_run,
	.finish = po_finish,
	.priv_size = sizeof(struct po_priv),
};
