// SPDX-License-Identifier: GPL-2.0
/*
 * coherent size= count= mask= attrs=: count dma_alloc_attrs() buffers per
 * worker (the alloc phase), each checked untimed: aligned to its size's page
 * order (bus and physical address), inside the coherent mask, physically
 * contiguous (every page walked), then freed (the free phase). Worker 0's
 * first buffer gives the facts: virtual, physical and bus address, the path
 * that served it (direct, remapped, IOMMU, swiotlb; CMA from CmaFree).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/atomic.h>
#include "dma.h"

#define CO_MAX_COUNT	4096
#define CO_ROWS		4	/* rows of worker 0's buffers */

enum { CO_P_SIZE, CO_P_COUNT, CO_P_MASK, CO_P_ATTRS };
static const struct al_param co_params[] = {
	[CO_P_SIZE] = { .name = "size", .help = "bytes per buffer", .type = AL_P_U64,
			.def = PAGE_SIZE, .min = 1, .max = DMA_MAX_SIZE, .unit = "bytes" },
	[CO_P_COUNT] = { .name = "count", .help = "buffers per worker, all live at once",
			 .type = AL_P_U64, .def = 16, .min = 1, .max = CO_MAX_COUNT },
	[CO_P_MASK] = { .name = "mask", .help = "own device: DMA mask bits 24|28|32|64 (0: 32)",
			.type = AL_P_U64, .def = 0, .min = 0, .max = 64, .unit = "bits" },
	[CO_P_ATTRS] = { .name = "attrs", .help = "none, or WRITE_COMBINE|FORCE_CONTIGUOUS|ALLOC_SINGLE_PAGES",
			 .type = AL_P_STRING, .def_str = "none" },
	{ }
};

enum { CO_PH_ALLOC, CO_PH_FREE };
static const struct al_phase_desc co_phases[] = {
	[CO_PH_ALLOC] = { "alloc", ALLOCLAB_U_OBJECTS },
	[CO_PH_FREE] = { "free", ALLOCLAB_U_OBJECTS },
	{ }
};

static const struct { const char *name; unsigned long attr; } co_attr_names[] = {
	{ "WRITE_COMBINE", DMA_ATTR_WRITE_COMBINE },
	{ "FORCE_CONTIGUOUS", DMA_ATTR_FORCE_CONTIGUOUS },
	{ "ALLOC_SINGLE_PAGES", DMA_ATTR_ALLOC_SINGLE_PAGES },
};

struct co_buf {
	void *cpu;
	dma_addr_t dma;
};

struct co_priv {
	unsigned long attrs;
	atomic64_t checked, unaligned, phys_unaligned, outside, scattered;
	unsigned long cma_before, cma_held;
	bool sampled, cma_served;
	const void *cpu;
	phys_addr_t phys;
	dma_addr_t dma;
	const char *path;
};

/* attrs=A|B: the DMA_ATTR_* bits, or -EINVAL with the reason. */
static int co_parse_attrs(struct al_ctx *ctx, unsigned long *attrs)
{
	char buf[96], *p = buf, *tok;
	unsigned int i;

	*attrs = 0;
	if (strscpy(buf, al_str(ctx, CO_P_ATTRS), sizeof(buf)) < 0)
		goto bad;
	while ((tok = strsep(&p, "|,"))) {
		if (!*tok || !strcmp(tok, "none"))
			continue;
		for (i = 0; i < ARRAY_SIZE(co_attr_names); i++)
			if (!strcasecmp(tok, co_attr_names[i].name))
				break;
		if (i == ARRAY_SIZE(co_attr_names))
			goto bad;
		*attrs |= co_attr_names[i].attr;
	}
	return 0;
bad:
	al_err(ctx, "attrs=%s: none, or WRITE_COMBINE, FORCE_CONTIGUOUS, ALLOC_SINGLE_PAGES joined with '|'",
	       al_str(ctx, CO_P_ATTRS));
	return -EINVAL;
}

static int co_check(struct al_ctx *ctx)
{
	unsigned long attrs;
	int ret = dma_check_mask(ctx, CO_P_MASK);

	return ret ?: co_parse_attrs(ctx, &attrs);
}

static u64 co_footprint(struct al_ctx *ctx)
{
	return (u64)al_cpus(ctx) * al_val(ctx, CO_P_COUNT) *
	       (PAGE_SIZE << get_order(al_val(ctx, CO_P_SIZE)));
}

static int co_prepare(struct al_ctx *ctx)
{
	struct co_priv *cp = al_priv(ctx);

	co_parse_attrs(ctx, &cp->attrs);	/* checked in ->check */
	cp->cma_before = dma_cma_free_pages();
	return dma_begin(ctx, CO_P_MASK);
}

/* Untimed: the checks of one buffer; worker 0's first gives the facts. */
static void co_inspect(struct al_worker *w, struct co_buf *b, unsigned int i,
		       bool cma_fell)
{
	struct al_ctx *ctx = al_wctx(w);
	struct co_priv *cp = al_priv(ctx);
	struct device *dev = dma_dev(ctx);
	size_t size = al_val(ctx, CO_P_SIZE);
	u64 align = PAGE_SIZE << get_order(size);
	phys_addr_t pa = dma_virt_phys(b->cpu);
	bool contig = dma_contiguous(b->cpu, size);

	atomic64_inc(&cp->checked);
	if (b->dma & (align - 1))
		atomic64_inc(&cp->unaligned);
	if (pa & (align - 1))
		atomic64_inc(&cp->phys_unaligned);
	if (b->dma + size - 1 > dev->coherent_dma_mask)
		atomic64_inc(&cp->outside);
	if (!contig)
		atomic64_inc(&cp->scattered);
	if (al_wid(w) || i >= CO_ROWS)
		return;
	al_row(ctx, "buffer", "order=%u dma_aligned=%s phys_aligned=%s in_mask=%s contiguous=%s dma_is_phys=%s",
	       get_order(size), b->dma & (align - 1) ? "no" : "yes", pa & (align - 1) ? "no" : "yes",
	       b->dma + size - 1 > dev->coherent_dma_mask ? "no" : "yes", contig ? "yes" : "no",
	       b->dma == pa ? "yes" : "no");
	if (i)
		return;
	cp->sampled = true;
	cp->cpu = b->cpu;
	cp->phys = pa;
	cp->dma = b->dma;
	cp->path = dma_path_name(dev, b->cpu, pa);
	cp->cma_served = cma_fell;
}

static void co_free_all(struct device *dev, struct co_buf *bufs, u64 n, size_t size,
			unsigned long attrs)
{
	u64 i;

	for (i = 0; i < n; i++)
		if (bufs[i].cpu)
			dma_free_attrs(dev, size, bufs[i].cpu, bufs[i].dma, attrs);
}

static int co_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct co_priv *cp = al_priv(ctx);
	struct device *dev = dma_dev(ctx);
	size_t size = al_val(ctx, CO_P_SIZE);
	u64 n = al_val(ctx, CO_P_COUNT), i;
	unsigned long cma0 = dma_cma_free_pages();
	bool cma_fell = false;
	struct co_buf *bufs = kvcalloc(n, sizeof(*bufs), GFP_KERNEL);
	int ret = -EINTR;

	if (!bufs)
		return -ENOMEM;
	al_op_begin(w, CO_PH_ALLOC);
	for (i = 0; i < n; i++) {
		bufs[i].cpu = dma_alloc_attrs(dev, size, &bufs[i].dma, GFP_KERNEL | __GFP_NOWARN,
					      cp->attrs | DMA_ATTR_NO_WARN);
		if (!bufs[i].cpu)
			al_failure(w);
		/* CmaFree fell by half the first buffer at least: CMA served it
		 * (CMA pages freed before may wait on the per-CPU lists, where
		 * CmaFree does not count them)
		 */
		if (!i)
			cma_fell = size >= PAGE_SIZE &&
				   cma0 >= dma_cma_free_pages() + (size >> (PAGE_SHIFT + 1));
		if (al_op_done(w))
			goto out;
	}
	al_op_end(w);
	if (!al_wid(w))
		cp->cma_held = dma_cma_free_pages();
	for (i = 0; i < n; i++) {
		if (bufs[i].cpu)
			co_inspect(w, &bufs[i], i, cma_fell);
		if (al_should_stop(w))
			goto out;
	}
	al_op_begin(w, CO_PH_FREE);
	for (i = 0; i < n; i++) {
		if (bufs[i].cpu)
			dma_free_attrs(dev, size, bufs[i].cpu, bufs[i].dma, cp->attrs);
		bufs[i].cpu = NULL;
		if (al_op_done(w))
			goto out;
	}
	al_op_end(w);
	ret = 0;
out:
	co_free_all(dev, bufs, n, size, cp->attrs);
	kvfree(bufs);
	return ret;
}

static void co_finish(struct al_ctx *ctx)
{
	struct co_priv *cp = al_priv(ctx);
	struct device *dev = dma_dev(ctx);

	dma_path_facts(ctx, dev);
	al_fact(ctx, "buffers_checked", "%lld", atomic64_read(&cp->checked));
	al_fact(ctx, "not_aligned_to_order", "%lld", atomic64_read(&cp->unaligned));
	al_fact(ctx, "phys_not_aligned_to_order", "%lld", atomic64_read(&cp->phys_unaligned));
	al_fact(ctx, "outside_mask", "%lld", atomic64_read(&cp->outside));
	al_fact(ctx, "not_contiguous", "%lld", atomic64_read(&cp->scattered));
	if (cp->sampled) {
		al_fact_ptr(ctx, "virt", cp->cpu);
		al_fact_phys(ctx, "phys", cp->phys);
		al_fact_phys(ctx, "dma", cp->dma);
		al_fact(ctx, "dma_is_phys", "%s", cp->dma == cp->phys ? "yes" : "no");
		al_fact(ctx, "path", "%s%s", cp->path, cp->cma_served ? ", from CMA (CmaFree fell by the buffer)" : "");
	}
	if (IS_ENABLED(CONFIG_CMA))
		al_fact(ctx, "cma_free_kb", "before=%lu held=%lu after=%lu",
			cp->cma_before << (PAGE_SHIFT - 10), cp->cma_held << (PAGE_SHIFT - 10),
			dma_cma_free_pages() << (PAGE_SHIFT - 10));
	else
		al_fact(ctx, "cma", "not configured in this kernel");
	dma_end(ctx);
}

const struct al_experiment dma_exp_coherent = {
	.name = "coherent",
	.summary = "dma_alloc_coherent buffers: addresses, alignment, mask, contiguity, path",
	.params = co_params,
	.phases = co_phases,
	.flags = AL_EXP_TIMED,
	.check = co_check,
	.footprint = co_footprint,
	.prepare = co_prepare,
	.run = co_run,
	.finish = co_finish,
	.priv_size = sizeof(struct co_priv),
};
