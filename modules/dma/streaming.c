// SPDX-License-Identifier: GPL-2.0
/*
 * streaming size= count= dir= pattern= mask= beyond=: streaming mappings,
 * dma_map_single() for sub-page buffers (kmalloc), dma_map_page() from a page
 * up, with map, sync (for_device then for_cpu) and unmap as timed phases.
 *
 *   repeat               one buffer mapped, synced and unmapped count times
 *   map_all_then_unmap   count buffers all mapped, then all synced, unmapped
 *
 * beyond=1 takes buffers whose physical address lies beyond the device's
 * reach: they must bounce through swiotlb. Every buffer is checked before
 * the mapping call (dma_map_allowed()): one the device cannot reach and
 * swiotlb cannot bounce is refused with the reason, never handed to the API.
 * The result counts the mappings that bounced (bus address != the buffer's).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/atomic.h>
#include <linux/dma-direct.h>
#include "dma.h"

#define ST_MAX_COUNT	SZ_64K
#define ST_BEYOND_TRIES	32	/* allocations tried for one beyond the reach */

enum { ST_REPEAT, ST_MAP_ALL };
static const char * const st_patterns[] = { "repeat", "map_all_then_unmap", NULL };

enum { ST_P_SIZE, ST_P_COUNT, ST_P_DIR, ST_P_PATTERN, ST_P_MASK, ST_P_BEYOND };
static const struct al_param st_params[] = {
	[ST_P_SIZE] = { .name = "size", .help = "bytes per mapping", .type = AL_P_U64,
			.def = PAGE_SIZE, .min = 1, .max = DMA_MAX_SIZE, .unit = "bytes" },
	[ST_P_COUNT] = { .name = "count", .help = "mappings per worker", .type = AL_P_U64,
			 .def = 1000, .min = 1, .max = ST_MAX_COUNT },
	[ST_P_DIR] = { .name = "dir", .help = "DMA direction", .type = AL_P_ENUM,
		       .def = DMA_TO_DEVICE, .choices = dma_dirs },
	[ST_P_PATTERN] = { .name = "pattern", .help = "one buffer again and again / all mapped at once",
			   .type = AL_P_ENUM, .def = ST_REPEAT, .choices = st_patterns },
	[ST_P_MASK] = { .name = "mask", .help = "own device: DMA mask bits 24|28|32|64 (0: 32)",
			.type = AL_P_U64, .def = 0, .min = 0, .max = 64, .unit = "bits" },
	[ST_P_BEYOND] = { .name = "beyond", .help = "buffers beyond the device's reach (must bounce)",
			  .type = AL_P_BOOL, .def = 0 },
	{ }
};

enum { ST_PH_MAP, ST_PH_SYNC, ST_PH_UNMAP };
static const struct al_phase_desc st_phases[] = {
	[ST_PH_MAP] = { "map", ALLOCLAB_U_OBJECTS },
	[ST_PH_SYNC] = { "sync", ALLOCLAB_U_OBJECTS },
	[ST_PH_UNMAP] = { "unmap", ALLOCLAB_U_OBJECTS },
	{ }
};

struct st_buf {
	void *cpu;		/* kmalloc'ed (sub-page), else page_address(pg) */
	struct page *pg;
	phys_addr_t pa;
	dma_addr_t dma;
	bool bounce;		/* dma_map_allowed() said it will bounce */
};

struct st_priv {
	struct dma_reach r;
	bool begun;
	atomic64_t bounced, expected, mapped;
	bool sampled;
	phys_addr_t s_phys;
	dma_addr_t s_dma;
};

/*
 * A sub-page buffer gets cache lines of its own (a power-of-two kmalloc size
 * is aligned to itself): two mappings sharing a line is what DMA-API debug
 * reports as an error ("cacheline tracking EEXIST").
 */
static size_t st_kmalloc_size(size_t size)
{
	return roundup_pow_of_two(max_t(size_t, size, dma_get_cache_alignment()));
}

static u64 st_nbufs(struct al_ctx *ctx)
{
	return al_val(ctx, ST_P_PATTERN) == ST_MAP_ALL ? al_val(ctx, ST_P_COUNT) : 1;
}

static int st_check(struct al_ctx *ctx)
{
	return dma_check_mask(ctx, ST_P_MASK);
}

static u64 st_footprint(struct al_ctx *ctx)
{
	u64 size = al_val(ctx, ST_P_SIZE);

	if (size >= PAGE_SIZE || al_val(ctx, ST_P_BEYOND))
		size = PAGE_SIZE << get_order(size);
	else
		size = st_kmalloc_size(size);
	return (u64)al_cpus(ctx) * st_nbufs(ctx) * (size + sizeof(struct st_buf));
}

static int st_prepare(struct al_ctx *ctx)
{
	struct st_priv *sp = al_priv(ctx);
	size_t size = al_val(ctx, ST_P_SIZE);
	bool bounce;
	int ret = dma_begin(ctx, ST_P_MASK);

	if (ret)
		return ret;
	sp->begun = true;
	dma_reach_get(dma_dev(ctx), &sp->r);
	if (!al_val(ctx, ST_P_BEYOND))
		return 0;
	/* refuse before allocating: a buffer just past the reach */
	ret = dma_map_allowed(ctx, &sp->r, sp->r.limit + 1, size, &bounce);
	if (!ret && sp->r.limit == DMA_BIT_MASK(64)) {
		al_err(ctx, "beyond=1: a 64-bit reach has no memory beyond it");
		ret = -EINVAL;
	}
	if (ret) {
		sp->begun = false;
		dma_end(ctx);
	}
	return ret;
}

static void st_buf_free(struct st_buf *b, size_t size)
{
	if (b->pg)
		__free_pages(b->pg, get_order(size));
	else
		kfree(b->cpu);
	b->pg = NULL;
	b->cpu = NULL;
}

/* Pages whose end lies beyond @limit; the misses are freed. */
static struct page *st_alloc_beyond(struct device *dev, u64 limit, size_t size)
{
	unsigned int order = get_order(size), i, n = 0;
	struct page *miss[ST_BEYOND_TRIES], *pg = NULL;

	for (i = 0; i < ST_BEYOND_TRIES && !pg; i++) {
		pg = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, order);
		if (!pg)
			break;
		if (phys_to_dma(dev, page_to_phys(pg) + size - 1) <= limit) {
			miss[n++] = pg;
			pg = NULL;
		}
	}
	while (n)
		__free_pages(miss[--n], order);
	return pg;
}

static int st_buf_alloc(struct al_ctx *ctx, struct st_buf *b)
{
	struct st_priv *sp = al_priv(ctx);
	struct device *dev = dma_dev(ctx);
	size_t size = al_val(ctx, ST_P_SIZE);
	gfp_t zone = dma_zone_gfp(dev);
	int ret;

	if (al_val(ctx, ST_P_BEYOND))
		b->pg = st_alloc_beyond(dev, sp->r.limit, size);
	else if (size < PAGE_SIZE)	/* GFP_DMA32 is not for kmalloc */
		b->cpu = kmalloc(st_kmalloc_size(size), GFP_KERNEL | __GFP_NOWARN |
				 (zone ? GFP_DMA : 0));
	else
		b->pg = alloc_pages(GFP_KERNEL | __GFP_NOWARN | zone, get_order(size));
	if (b->pg)
		b->cpu = page_address(b->pg);
	if (!b->cpu && al_val(ctx, ST_P_BEYOND))
		al_err(ctx, "beyond=1: no free memory beyond the device's reach (%#llx) in %d tries: this machine's RAM may all lie inside it",
		       sp->r.limit, ST_BEYOND_TRIES);
	else if (!b->cpu)
		al_err(ctx, "out of memory for a %zu-byte buffer", size);
	if (!b->cpu)
		return -ENOMEM;
	b->pa = virt_to_phys(b->cpu);
	ret = dma_map_allowed(ctx, &sp->r, b->pa, size, &b->bounce);
	if (ret)
		st_buf_free(b, size);
	return ret;
}

static int st_map(struct al_worker *w, struct st_buf *b, enum dma_data_direction dir)
{
	struct al_ctx *ctx = al_wctx(w);
	struct device *dev = dma_dev(ctx);
	size_t size = al_val(ctx, ST_P_SIZE);

	if (b->pg)
		b->dma = dma_map_page_attrs(dev, b->pg, 0, size, dir, DMA_ATTR_NO_WARN);
	else
		b->dma = dma_map_single_attrs(dev, b->cpu, size, dir, DMA_ATTR_NO_WARN);
	if (dma_mapping_error(dev, b->dma)) {
		al_failure(w);
		return -ENOMEM;
	}
	return 0;
}

/* Untimed: did it bounce? Worker 0's first mapping gives the facts. */
static void st_note(struct al_worker *w, struct st_buf *b)
{
	struct al_ctx *ctx = al_wctx(w);
	struct st_priv *sp = al_priv(ctx);

	atomic64_inc(&sp->mapped);
	if (!sp->r.iommu && b->dma != phys_to_dma(dma_dev(ctx), b->pa))
		atomic64_inc(&sp->bounced);
	if (b->bounce)
		atomic64_inc(&sp->expected);
	if (al_wid(w) || sp->sampled)
		return;
	sp->sampled = true;
	sp->s_phys = b->pa;
	sp->s_dma = b->dma;
}

static void st_unmap(struct device *dev, struct st_buf *b, size_t size,
		     enum dma_data_direction dir)
{
	if (b->pg)
		dma_unmap_page_attrs(dev, b->dma, size, dir, DMA_ATTR_NO_WARN);
	else
		dma_unmap_single_attrs(dev, b->dma, size, dir, DMA_ATTR_NO_WARN);
	b->dma = DMA_MAPPING_ERROR;
}

static void st_sync(struct device *dev, struct st_buf *b, size_t size,
		    enum dma_data_direction dir)
{
	dma_sync_single_for_device(dev, b->dma, size, dir);
	dma_sync_single_for_cpu(dev, b->dma, size, dir);
}

/* One timed op of @phase on @b; Return: true if the run must stop. */
static bool st_op(struct al_worker *w, unsigned int phase, struct st_buf *b)
{
	struct al_ctx *ctx = al_wctx(w);
	struct device *dev = dma_dev(ctx);
	size_t size = al_val(ctx, ST_P_SIZE);
	enum dma_data_direction dir = al_val(ctx, ST_P_DIR);

	if (phase == ST_PH_MAP)
		st_map(w, b, dir);
	else if (b->dma == DMA_MAPPING_ERROR)
		;	/* the map failed: nothing to sync or unmap */
	else if (phase == ST_PH_SYNC)
		st_sync(dev, b, size, dir);
	else
		st_unmap(dev, b, size, dir);
	return al_op_done(w);
}

/* repeat: map, sync, unmap one buffer count times, each a phase of its own. */
static int st_repeat(struct al_worker *w, struct st_buf *b)
{
	u64 count = al_val(al_wctx(w), ST_P_COUNT), i;
	unsigned int ph;

	for (i = 0; i < count; i++) {
		for (ph = ST_PH_MAP; ph <= ST_PH_UNMAP; ph++) {
			al_op_begin(w, ph);
			if (st_op(w, ph, b))
				return -EINTR;
			al_op_end(w);
			if (ph == ST_PH_MAP && b->dma != DMA_MAPPING_ERROR)
				st_note(w, b);
		}
	}
	return 0;
}

/* map_all_then_unmap: each phase over every buffer. */
static int st_all(struct al_worker *w, struct st_buf *bufs, u64 n)
{
	unsigned int ph;
	u64 i;

	for (ph = ST_PH_MAP; ph <= ST_PH_UNMAP; ph++) {
		al_op_begin(w, ph);
		for (i = 0; i < n; i++)
			if (st_op(w, ph, &bufs[i]))
				return -EINTR;
		al_op_end(w);
		for (i = 0; ph == ST_PH_MAP && i < n; i++)
			if (bufs[i].dma != DMA_MAPPING_ERROR)
				st_note(w, &bufs[i]);
	}
	return 0;
}

static int st_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct device *dev = dma_dev(ctx);
	size_t size = al_val(ctx, ST_P_SIZE);
	enum dma_data_direction dir = al_val(ctx, ST_P_DIR);
	u64 n = st_nbufs(ctx), i, got = 0;
	struct st_buf *bufs = kvcalloc(n, sizeof(*bufs), GFP_KERNEL);
	int ret = 0;

	if (!bufs)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		bufs[i].dma = DMA_MAPPING_ERROR;
	for (got = 0; got < n && !ret; got++) {
		ret = st_buf_alloc(ctx, &bufs[got]);
		if (!ret && al_should_stop(w))
			ret = -EINTR;
	}
	if (!ret)
		ret = n == 1 ? st_repeat(w, bufs) : st_all(w, bufs, n);
	for (i = 0; i < got; i++) {
		if (bufs[i].dma != DMA_MAPPING_ERROR)
			st_unmap(dev, &bufs[i], size, dir);
		st_buf_free(&bufs[i], size);
	}
	kvfree(bufs);
	return ret;
}

static void st_finish(struct al_ctx *ctx)
{
	struct st_priv *sp = al_priv(ctx);
	struct device *dev = dma_dev(ctx);

	dma_path_facts(ctx, dev);
	dma_reach_facts(ctx, &sp->r);
	al_fact(ctx, "api", "%s", al_val(ctx, ST_P_SIZE) < PAGE_SIZE && !al_val(ctx, ST_P_BEYOND) ?
		"dma_map_single (kmalloc buffer)" : "dma_map_page");
	al_fact(ctx, "mappings", "%lld", atomic64_read(&sp->mapped));
	al_fact(ctx, "bounced", "%lld", atomic64_read(&sp->bounced));
	al_fact(ctx, "expected_bounces", "%lld", atomic64_read(&sp->expected));
	if (sp->sampled) {
		al_fact_phys(ctx, "buffer_phys", sp->s_phys);
		al_fact_phys(ctx, "dma", sp->s_dma);
		al_fact(ctx, "dma_is_phys", "%s", sp->s_dma == sp->s_phys ? "yes" : "no");
		al_fact(ctx, "path", "%s", sp->r.iommu ? dma_path_name(dev, NULL, 0) :
			sp->s_dma != phys_to_dma(dev, sp->s_phys) ? "swiotlb (bounced)" : "direct");
	}
	if (sp->begun)
		dma_end(ctx);
}

const struct al_experiment dma_exp_streaming = {
	.name = "streaming",
	.summary = "dma_map_single/page with sync: map, sync, unmap phases; swiotlb bounces",
	.params = st_params,
	.phases = st_phases,
	.flags = AL_EXP_TIMED,
	.check = st_check,
	.footprint = st_footprint,
	.prepare = st_prepare,
	.run = st_run,
	.finish = st_finish,
	.priv_size = sizeof(struct st_priv),
};
