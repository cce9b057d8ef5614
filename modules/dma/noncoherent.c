// SPDX-License-Identifier: GPL-2.0
/*
 * noncoherent size= count= dir= api= mask=: buffers the CPU caches, owned by
 * the device only between the sync calls: dma_alloc_noncoherent() (a kernel
 * address) or dma_alloc_pages() (a struct page), count per worker (alloc
 * phase), a sync_for_device + sync_for_cpu pair on each (sync phase), then
 * freed (free phase). Each is checked untimed like a coherent buffer:
 * inside the mask, physically contiguous, aligned to its page order.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/atomic.h>
#include "dma.h"

#define NC_MAX_COUNT	1024

enum { NC_NONCOHERENT, NC_PAGES };
static const char * const nc_apis[] = { "noncoherent", "pages", NULL };

enum { NC_P_SIZE, NC_P_COUNT, NC_P_DIR, NC_P_API, NC_P_MASK };
static const struct al_param nc_params[] = {
	[NC_P_SIZE] = { .name = "size", .help = "bytes per buffer", .type = AL_P_U64,
			.def = PAGE_SIZE, .min = 1, .max = DMA_MAX_SIZE, .unit = "bytes" },
	[NC_P_COUNT] = { .name = "count", .help = "buffers per worker, all live at once",
			 .type = AL_P_U64, .def = 16, .min = 1, .max = NC_MAX_COUNT },
	[NC_P_DIR] = { .name = "dir", .help = "DMA direction", .type = AL_P_ENUM,
		       .def = DMA_BIDIRECTIONAL, .choices = dma_dirs },
	[NC_P_API] = { .name = "api", .help = "dma_alloc_noncoherent / dma_alloc_pages",
		       .type = AL_P_ENUM, .def = NC_NONCOHERENT, .choices = nc_apis },
	[NC_P_MASK] = { .name = "mask", .help = "own device: DMA mask bits 24|28|32|64 (0: 32)",
			.type = AL_P_U64, .def = 0, .min = 0, .max = 64, .unit = "bits" },
	{ }
};

enum { NC_PH_ALLOC, NC_PH_SYNC, NC_PH_FREE };
static const struct al_phase_desc nc_phases[] = {
	[NC_PH_ALLOC] = { "alloc", ALLOCLAB_U_OBJECTS },
	[NC_PH_SYNC] = { "sync", ALLOCLAB_U_OBJECTS },
	[NC_PH_FREE] = { "free", ALLOCLAB_U_OBJECTS },
	{ }
};

struct nc_buf {
	void *cpu;
	struct page *pg;
	dma_addr_t dma;
};

struct nc_priv {
	atomic64_t checked, unaligned, outside, scattered;
	bool sampled;
	phys_addr_t phys;
	dma_addr_t dma;
};

static const char *nc_available(struct al_ctx *ctx)
{
	return AL_HAVE_DMA_ALLOC_PAGES ? NULL :
	       "dma_alloc_pages / dma_alloc_noncoherent came in Linux 5.10";
}

static int nc_check(struct al_ctx *ctx)
{
	return dma_check_mask(ctx, NC_P_MASK);
}

static u64 nc_footprint(struct al_ctx *ctx)
{
	return (u64)al_cpus(ctx) * al_val(ctx, NC_P_COUNT) *
	       (PAGE_SIZE << get_order(al_val(ctx, NC_P_SIZE)));
}

static int nc_prepare(struct al_ctx *ctx)
{
	return dma_begin(ctx, NC_P_MASK);
}

static void nc_alloc(struct al_ctx *ctx, struct nc_buf *b)
{
	struct device *dev = dma_dev(ctx);
	size_t size = al_val(ctx, NC_P_SIZE);
	enum dma_data_direction dir = al_val(ctx, NC_P_DIR);

	if (al_val(ctx, NC_P_API) == NC_PAGES) {
		b->pg = dma_alloc_pages(dev, size, &b->dma, dir, GFP_KERNEL | __GFP_NOWARN);
		b->cpu = b->pg ? page_address(b->pg) : NULL;
	} else {
		b->cpu = dma_alloc_noncoherent(dev, size, &b->dma, dir, GFP_KERNEL | __GFP_NOWARN);
	}
	/*
	 * 6.1's dma_alloc_pages() enters the buffer in DMA-API debug as a
	 * streaming mapping whose error was not checked, and the free then
	 * WARNs "device driver failed to check map error": check it.
	 */
	if (b->cpu)
		(void)dma_mapping_error(dev, b->dma);
}

static void nc_free(struct al_ctx *ctx, struct nc_buf *b)
{
	struct device *dev = dma_dev(ctx);
	size_t size = al_val(ctx, NC_P_SIZE);
	enum dma_data_direction dir = al_val(ctx, NC_P_DIR);

	if (b->pg)
		dma_free_pages(dev, size, b->pg, b->dma, dir);
	else if (b->cpu)
		dma_free_noncoherent(dev, size, b->cpu, b->dma, dir);
	b->pg = NULL;
	b->cpu = NULL;
}

static void nc_inspect(struct al_worker *w, const struct nc_buf *b)
{
	struct al_ctx *ctx = al_wctx(w);
	struct nc_priv *np = al_priv(ctx);
	size_t size = al_val(ctx, NC_P_SIZE);
	u64 align = PAGE_SIZE << get_order(size);

	atomic64_inc(&np->checked);
	if (b->dma & (align - 1))
		atomic64_inc(&np->unaligned);
	if (b->dma + size - 1 > dma_get_mask(dma_dev(ctx)))
		atomic64_inc(&np->outside);
	if (!dma_contiguous(b->cpu, size))
		atomic64_inc(&np->scattered);
	if (al_wid(w) || np->sampled)
		return;
	np->sampled = true;
	np->phys = dma_virt_phys(b->cpu);
	np->dma = b->dma;
}

/* One timed pass of @phase over the buffers; Return: true to stop. */
static bool nc_pass(struct al_worker *w, unsigned int phase, struct nc_buf *bufs, u64 n)
{
	struct al_ctx *ctx = al_wctx(w);
	struct device *dev = dma_dev(ctx);
	size_t size = al_val(ctx, NC_P_SIZE);
	enum dma_data_direction dir = al_val(ctx, NC_P_DIR);
	u64 i;

	al_op_begin(w, phase);
	for (i = 0; i < n; i++) {
		if (phase == NC_PH_ALLOC) {
			nc_alloc(ctx, &bufs[i]);
			if (!bufs[i].cpu)
				al_failure(w);
		} else if (phase == NC_PH_FREE) {
			nc_free(ctx, &bufs[i]);
		} else if (bufs[i].cpu) {
			dma_sync_single_for_device(dev, bufs[i].dma, size, dir);
			dma_sync_single_for_cpu(dev, bufs[i].dma, size, dir);
		}
		if (al_op_done(w))
			return true;
	}
	al_op_end(w);
	return false;
}

static int nc_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	u64 n = al_val(ctx, NC_P_COUNT), i;
	struct nc_buf *bufs = kvcalloc(n, sizeof(*bufs), GFP_KERNEL);
	int ret = -EINTR;

	if (!bufs)
		return -ENOMEM;
	if (nc_pass(w, NC_PH_ALLOC, bufs, n))
		goto out;
	for (i = 0; i < n; i++)
		if (bufs[i].cpu)
			nc_inspect(w, &bufs[i]);
	if (nc_pass(w, NC_PH_SYNC, bufs, n) || nc_pass(w, NC_PH_FREE, bufs, n))
		goto out;
	ret = 0;
out:
	for (i = 0; i < n; i++)
		nc_free(ctx, &bufs[i]);
	kvfree(bufs);
	return ret;
}

static void nc_finish(struct al_ctx *ctx)
{
	struct nc_priv *np = al_priv(ctx);

	dma_path_facts(ctx, dma_dev(ctx));
	al_fact(ctx, "api", "%s", al_val(ctx, NC_P_API) == NC_PAGES ? "dma_alloc_pages" :
		"dma_alloc_noncoherent");
	al_fact(ctx, "buffers_checked", "%lld", atomic64_read(&np->checked));
	al_fact(ctx, "not_aligned_to_order", "%lld", atomic64_read(&np->unaligned));
	al_fact(ctx, "outside_mask", "%lld", atomic64_read(&np->outside));
	al_fact(ctx, "not_contiguous", "%lld", atomic64_read(&np->scattered));
	if (np->sampled) {
		al_fact_phys(ctx, "phys", np->phys);
		al_fact_phys(ctx, "dma", np->dma);
		al_fact(ctx, "dma_is_phys", "%s", np->dma == np->phys ? "yes" : "no");
	}
	dma_end(ctx);
}

const struct al_experiment dma_exp_noncoherent = {
	.name = "noncoherent",
	.summary = "dma_alloc_noncoherent / dma_alloc_pages with the sync calls",
	.params = nc_params,
	.phases = nc_phases,
	.flags = AL_EXP_TIMED,
	.available = nc_available,
	.check = nc_check,
	.footprint = nc_footprint,
	.prepare = nc_prepare,
	.run = nc_run,
	.finish = nc_finish,
	.priv_size = sizeof(struct nc_priv),
};
