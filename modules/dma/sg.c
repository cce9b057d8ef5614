// SPDX-License-Identifier: GPL-2.0
/*
 * sg nents= size= count= dir= mask=: a scatterlist of nents separately
 * allocated buffers of size bytes, mapped with dma_map_sg() and unmapped,
 * count times (the map and unmap phases). The result compares the segments
 * in with the segments out: an IOMMU merges neighbours into one bus range
 * (up to the device's max segment size), the direct path keeps them apart.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include "dma.h"

#define SG_MAX_NENTS	512
#define SG_ROWS		8	/* mapped segments shown */

enum { SG_P_NENTS, SG_P_SIZE, SG_P_COUNT, SG_P_DIR, SG_P_MASK };
static const struct al_param sg_params[] = {
	[SG_P_NENTS] = { .name = "nents", .help = "scatterlist entries", .type = AL_P_U64,
			 .def = 16, .min = 1, .max = SG_MAX_NENTS },
	[SG_P_SIZE] = { .name = "size", .help = "bytes per entry (a buffer of its own)",
			.type = AL_P_U64, .def = PAGE_SIZE, .min = 1, .max = SZ_1M, .unit = "bytes" },
	[SG_P_COUNT] = { .name = "count", .help = "map+unmap rounds per worker", .type = AL_P_U64,
			 .def = 100, .min = 1, .max = SZ_64K },
	[SG_P_DIR] = { .name = "dir", .help = "DMA direction", .type = AL_P_ENUM,
		       .def = DMA_TO_DEVICE, .choices = dma_dirs },
	[SG_P_MASK] = { .name = "mask", .help = "own device: DMA mask bits 24|28|32|64 (0: 32)",
			.type = AL_P_U64, .def = 0, .min = 0, .max = 64, .unit = "bits" },
	{ }
};

enum { SG_PH_MAP, SG_PH_UNMAP };
static const struct al_phase_desc sg_phases[] = {
	[SG_PH_MAP] = { "map", ALLOCLAB_U_OBJECTS },
	[SG_PH_UNMAP] = { "unmap", ALLOCLAB_U_OBJECTS },
	{ }
};

struct sg_priv {
	struct dma_reach r;
	int nents_out;		/* worker 0's first mapping */
	bool sampled;
	atomic64_t bounces;
};

static int sg_check(struct al_ctx *ctx)
{
	return dma_check_mask(ctx, SG_P_MASK);
}

static u64 sg_footprint(struct al_ctx *ctx)
{
	return (u64)al_cpus(ctx) * al_val(ctx, SG_P_NENTS) *
	       ((PAGE_SIZE << get_order(al_val(ctx, SG_P_SIZE))) + sizeof(struct scatterlist));
}

static int sg_prepare(struct al_ctx *ctx)
{
	struct sg_priv *sp = al_priv(ctx);
	struct device *dev = dma_dev(ctx);
	u64 size = al_val(ctx, SG_P_SIZE);
	int ret = dma_begin(ctx, SG_P_MASK);

	if (ret)
		return ret;
	dma_reach_get(dev, &sp->r);
	if (size > dma_get_max_seg_size(dev)) {
		al_err(ctx, "size=%llu exceeds the device's max segment size %u (dma_get_max_seg_size): a driver must split it",
		       size, dma_get_max_seg_size(dev));
		dma_end(ctx);
		return -EINVAL;
	}
	return 0;
}

static void sg_free_pages(struct sg_table *t, size_t size)
{
	struct scatterlist *sg;
	unsigned int i;

	for_each_sgtable_sg(t, sg, i)
		if (sg_page(sg))
			__free_pages(sg_page(sg), get_order(size));
	sg_free_table(t);
}

/* One buffer per entry, each checked against the device's reach. */
static int sg_fill(struct al_ctx *ctx, struct sg_table *t)
{
	struct sg_priv *sp = al_priv(ctx);
	struct device *dev = dma_dev(ctx);
	size_t size = al_val(ctx, SG_P_SIZE);
	struct scatterlist *sg;
	struct page *pg;
	unsigned int i;
	bool bounce;
	int ret;

	for_each_sgtable_sg(t, sg, i) {
		pg = alloc_pages(GFP_KERNEL | __GFP_NOWARN | dma_zone_gfp(dev), get_order(size));
		if (!pg) {
			al_err(ctx, "out of memory for entry %u (%zu bytes)", i, size);
			return -ENOMEM;
		}
		sg_set_page(sg, pg, size, 0);
		ret = dma_map_allowed(ctx, &sp->r, page_to_phys(pg), size, &bounce);
		if (ret)
			return ret;
		if (bounce)
			atomic64_inc(&sp->bounces);
	}
	return 0;
}

/* Worker 0's first mapping: the segments out. */
static void sg_note(struct al_ctx *ctx, struct sg_table *t, int out)
{
	struct sg_priv *sp = al_priv(ctx);
	struct scatterlist *sg;
	dma_addr_t a;
	int i;

	sp->sampled = true;
	sp->nents_out = out;
	for_each_sg(t->sgl, sg, min(out, SG_ROWS), i) {
		a = sg_dma_address(sg);
		if (al_addrs_shown())
			al_row(ctx, "segment", "dma=%pad len=%u", &a, sg_dma_len(sg));
		else
			al_row(ctx, "segment", "len=%u", sg_dma_len(sg));
	}
}

static int sg_rounds(struct al_worker *w, struct sg_table *t)
{
	struct al_ctx *ctx = al_wctx(w);
	struct device *dev = dma_dev(ctx);
	enum dma_data_direction dir = al_val(ctx, SG_P_DIR);
	u64 count = al_val(ctx, SG_P_COUNT), i;
	int out;

	for (i = 0; i < count; i++) {
		al_op_begin(w, SG_PH_MAP);
		out = dma_map_sg_attrs(dev, t->sgl, t->orig_nents, dir, DMA_ATTR_NO_WARN);
		if (al_op_done(w))
			goto stop;
		al_op_end(w);
		if (!out) {
			al_failure(w);
			continue;
		}
		if (!i && !al_wid(w))
			sg_note(ctx, t, out);
		al_op_begin(w, SG_PH_UNMAP);
		dma_unmap_sg_attrs(dev, t->sgl, t->orig_nents, dir, DMA_ATTR_NO_WARN);
		if (al_op_done(w))
			return -EINTR;
		al_op_end(w);
	}
	return 0;
stop:
	if (out)
		dma_unmap_sg_attrs(dev, t->sgl, t->orig_nents, dir, DMA_ATTR_NO_WARN);
	return -EINTR;
}

static int sg_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct sg_table t;
	int ret = sg_alloc_table(&t, al_val(ctx, SG_P_NENTS), GFP_KERNEL | __GFP_NOWARN);

	if (ret)
		return ret;
	ret = sg_fill(ctx, &t);
	if (!ret)
		ret = sg_rounds(w, &t);
	sg_free_pages(&t, al_val(ctx, SG_P_SIZE));
	return ret;
}

static void sg_finish(struct al_ctx *ctx)
{
	struct sg_priv *sp = al_priv(ctx);
	struct device *dev = dma_dev(ctx);

	dma_path_facts(ctx, dev);
	dma_reach_facts(ctx, &sp->r);
	al_fact(ctx, "max_segment_size", "%u", dma_get_max_seg_size(dev));
	al_fact(ctx, "nents_in", "%llu", al_val(ctx, SG_P_NENTS));
	if (sp->sampled) {
		al_fact(ctx, "nents_out", "%d", sp->nents_out);
		al_fact(ctx, "merged", "%llu", al_val(ctx, SG_P_NENTS) - sp->nents_out);
	}
	al_fact(ctx, "entries_bouncing", "%lld", atomic64_read(&sp->bounces));
	dma_end(ctx);
}

const struct al_experiment dma_exp_sg = {
	.name = "sg",
	.summary = "dma_map_sg of a scatterlist: segments in vs out (IOMMU merging)",
	.params = sg_params,
	.phases = sg_phases,
	.flags = AL_EXP_TIMED,
	.check = sg_check,
	.footprint = sg_footprint,
	.prepare = sg_prepare,
	.run = sg_run,
	.finish = sg_finish,
	.priv_size = sizeof(struct sg_priv),
};
