// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_cma: buffers from dma_alloc_attrs() on alloclab's device, and
 * what tells where each came from: CmaFree (NR_FREE_CMA_PAGES) read around
 * the call falls by the buffer's pages when CMA served it; its physical
 * address, the alignment CMA gives (the size's order, capped at
 * CONFIG_CMA_ALIGNMENT), and the kernel mapping (linear, or a vmap when the
 * device is not DMA-coherent and the buffer is remapped uncached).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/dma-mapping.h>
#include <linux/dma-map-ops.h>
#include "cma.h"

#define CMX_ATTRS	DMA_ATTR_FORCE_CONTIGUOUS

const struct al_phase_desc cmx_phases[] = {
	{ "alloc", ALLOCLAB_U_OBJECTS },
	{ "free", ALLOCLAB_U_OBJECTS },
	{ }
};

static unsigned long cmx_pages(size_t size)
{
	return PAGE_ALIGN(size) >> PAGE_SHIFT;
}

/**
 * cmx_from_cma() - did CMA serve @b?
 * @b: an allocated buffer
 *
 * Yes if cma_alloc() counted a success during the call; where events are
 * not counted, if CmaFree fell by at least half its pages, counting back
 * the per-CPU list pages the call drained (lent pages migrating out of the
 * range make the drop smaller than the buffer).
 *
 * Return: true if it came from a CMA area.
 */
bool cmx_from_cma(const struct cmx_buf *b)
{
	if (b->cma_event != AL_CMA_EV_NONE)
		return b->cma_event > 0;
	return b->cma_drop >= (long)(cmx_pages(b->size) / 2);
}

/**
 * cmx_alloc() - one buffer of @size bytes for alloclab's device
 * @b: where to keep it
 * @size: bytes
 *
 * Return: 0, or -ENOMEM (no warning printed).
 */
int cmx_alloc(struct cmx_buf *b, size_t size)
{
	unsigned long before = al_cma_free_pages(), ev = al_cma_alloc_successes();
	unsigned long pcp = cmx_pcp_pages();
	long drained;

	b->size = size;
	b->cpu = dma_alloc_attrs(cmx_dev(), size, &b->dma, GFP_KERNEL | __GFP_NOWARN, CMX_ATTRS);
	if (!b->cpu)
		return -ENOMEM;
	/* cma_alloc() drains the per-CPU lists: CMA pages parked there count again */
	drained = (long)pcp - (long)cmx_pcp_pages();
	b->cma_drop = (long)before - (long)al_cma_free_pages() + max(drained, 0L);
	b->cma_event = ev == AL_CMA_EV_NONE ? ev : al_cma_alloc_successes() - ev;
	if (is_vmalloc_addr(b->cpu))
		b->phys = page_to_phys(vmalloc_to_page(b->cpu));
	else
		b->phys = virt_to_phys(b->cpu);
	return 0;
}

/**
 * cmx_free() - give back what cmx_alloc() took (nothing if it failed)
 * @b: the buffer
 */
void cmx_free(struct cmx_buf *b)
{
	if (!b->cpu)
		return;
	dma_free_attrs(cmx_dev(), b->size, b->cpu, b->dma, CMX_ATTRS);
	b->cpu = NULL;
}

/* The alignment CMA gives a buffer of @size: its order, capped. */
static phys_addr_t cmx_align(size_t size)
{
	return (phys_addr_t)PAGE_SIZE << min_t(unsigned int, get_order(size), AL_CMA_ALIGN_ORDER);
}

static void cmx_note(struct cmx_set *s, const struct cmx_buf *b)
{
	if (cmx_from_cma(b))
		s->from_cma++;
	if (b->phys & (cmx_align(b->size) - 1))
		s->misaligned++;
	if (!s->phys_hi || b->phys < s->phys_lo)
		s->phys_lo = b->phys;
	if (b->phys + b->size > s->phys_hi)
		s->phys_hi = b->phys + b->size;
}

/**
 * cmx_alloc_set() - phase "alloc": @count buffers of @size, kept in @s
 * @w: the worker
 * @s: the run's set (zeroed)
 * @size: bytes per buffer
 * @count: buffers
 *
 * A failed allocation is counted (al_failure()) and the next one tried.
 *
 * Return: 0 or -EINTR (what was allocated stays in @s for cmx_free_set()).
 */
int cmx_alloc_set(struct al_worker *w, struct cmx_set *s, size_t size, unsigned int count)
{
	unsigned int i;

	s->free_before = al_cma_free_pages();
	s->pcp_before = cmx_pcp_pages();
	al_op_begin(w, CMX_PH_ALLOC);
	for (i = 0; i < count; i++) {
		struct cmx_buf *b = &s->buf[s->n];

		if (cmx_alloc(b, size))
			al_failure(w);
		else
			s->n++;
		if (al_op_done(w))
			return -EINTR;
	}
	al_op_end(w);
	s->free_held = al_cma_free_pages();
	for (i = 0; i < s->n; i++)
		cmx_note(s, &s->buf[i]);
	return 0;
}

/**
 * cmx_free_set() - free every buffer of @s; phase "free" if @timed
 * @w: the worker, or NULL (untimed: release, an error path)
 * @s: the set
 * @timed: time the frees as phase "free"
 *
 * Return: 0 or -EINTR (the frees are finished first: nothing stays behind).
 */
int cmx_free_set(struct al_worker *w, struct cmx_set *s, bool timed)
{
	bool stop = false;
	unsigned int i;

	if (timed)
		al_op_begin(w, CMX_PH_FREE);
	for (i = 0; i < s->n; i++) {
		cmx_free(&s->buf[i]);
		if (timed && !stop)
			stop = al_op_done(w);
	}
	if (timed && !stop)
		al_op_end(w);
	s->free_after = al_cma_free_pages();
	s->pcp_after = cmx_pcp_pages();
	s->freed = true;
	return stop ? -EINTR : 0;
}

static const char *cmx_served(const struct cmx_set *s)
{
	if (!s->n)
		return "nothing (every allocation failed)";
	if (s->from_cma == s->n)
		return "CMA (cma_alloc_success or CmaFree fell, for each buffer)";
	if (!s->from_cma)
		return "the buddy allocator (no cma_alloc success, CmaFree unmoved)";
	return "mixed: CMA and the buddy allocator";
}

/**
 * cmx_set_facts() - what a set of buffers showed
 * @ctx: the run
 * @s: the set, its buffers still allocated (or held)
 * @size: bytes per buffer asked for
 * @count: buffers asked for
 */
void cmx_set_facts(struct al_ctx *ctx, struct cmx_set *s, size_t size, unsigned int count)
{
	u64 want = (u64)s->n * cmx_pages(size);

	al_fact(ctx, "buffers", "%u of %u", s->n, count);
	al_fact(ctx, "buffer_bytes", "%zu", size);
	al_fact(ctx, "cma_total_kb", "%lu", cmx_total_pages() << (PAGE_SHIFT - 10));
	al_fact(ctx, "cma_free_kb_before", "%lu", s->free_before << (PAGE_SHIFT - 10));
	al_fact(ctx, "cma_free_kb_held", "%lu", s->free_held << (PAGE_SHIFT - 10));
	al_fact(ctx, "cma_drop_kb", "%ld",
		((long)s->free_before - (long)s->free_held) << (PAGE_SHIFT - 10));
	al_fact(ctx, "buffers_kb", "%llu", want << (PAGE_SHIFT - 10));
	al_fact(ctx, "from_cma", "%u", s->from_cma);
	al_fact(ctx, "served_by", "%s", cmx_served(s));
	if (!s->n)
		return;
	al_fact_phys(ctx, "phys_lo", s->phys_lo);
	al_fact_phys(ctx, "phys_hi", s->phys_hi);
	al_fact_phys(ctx, "dma_addr_first", s->buf[0].dma);
	al_fact(ctx, "dma_equals_phys", "%s",
		s->buf[0].dma == s->buf[0].phys ? "yes (dma-direct, no offset)" : "no");
	al_fact(ctx, "aligned", "%s (%u misaligned; CMA aligns to %llu KiB here)",
		s->misaligned ? "no" : "yes", s->misaligned, (u64)cmx_align(size) >> 10);
	al_fact(ctx, "kernel_mapping", "%s", is_vmalloc_addr(s->buf[0].cpu) ?
		"vmap (non-coherent device: remapped uncached)" : "linear map (coherent device)");
}

/**
 * cmx_after_facts() - CmaFree once the buffers are freed
 * @ctx: the run
 * @s: the set, freed by cmx_free_set()
 *
 * Freed CMA pages first go to the per-CPU lists, where CmaFree does not
 * count them until they are drained (the next cma_alloc() drains them):
 * pcp_kb_delta says how much those lists gained.
 */
void cmx_after_facts(struct al_ctx *ctx, struct cmx_set *s)
{
	long pcp = (long)s->pcp_after - (long)s->pcp_before;

	al_fact(ctx, "cma_free_kb_after", "%lu", s->free_after << (PAGE_SHIFT - 10));
	al_fact(ctx, "pcp_kb_delta", "%ld", pcp << (PAGE_SHIFT - 10));
}

/**
 * cmx_path_facts() - how buffers reach CMA on this kernel
 * @ctx: the run
 */
void cmx_path_facts(struct al_ctx *ctx)
{
	struct device *dev = cmx_dev();

	al_fact(ctx, "device", "%s (platform device, no IOMMU, coherent mask 0x%llx)",
		dev_name(dev), dev->coherent_dma_mask);
	al_fact(ctx, "device_coherent", "%s", dev_is_dma_coherent(dev) ? "yes" : "no");
	al_fact(ctx, "path", "dma_alloc_attrs -> dma-direct -> dma_alloc_contiguous -> cma_alloc");
	al_fact(ctx, "cma_api", "%s", AL_CMA_API_EXPORTED ?
		"exported (cma_alloc in Module.symvers at build time)" :
		"not exported (cma_alloc not in Module.symvers at build time)");
}

/* One try of @size: does it work, and from CMA? Freed at once. */
static int cmx_try(size_t size, bool *cma)
{
	struct cmx_buf b = { };

	if (cmx_alloc(&b, size))
		return -ENOMEM;
	*cma = cmx_from_cma(&b);
	cmx_free(&b);
	return 0;
}

/**
 * cmx_probe_max() - the largest buffer CMA gives now, in MiB steps
 * @w: the worker (stop checks)
 * @tries: allocations tried
 *
 * Bisects between 1 MiB and CmaTotal over allocations served by CMA
 * (CmaFree fell), each freed at once.
 *
 * Return: the largest size in bytes, 0 if not even 1 MiB came from CMA.
 */
u64 cmx_probe_max(struct al_worker *w, unsigned long *tries)
{
	unsigned long lo = 0, hi = (cmx_total_pages() >> (20 - PAGE_SHIFT)) + 1, mid;
	bool cma;

	*tries = 0;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		(*tries)++;
		if (!cmx_try((size_t)mid << 20, &cma) && cma)
			lo = mid;
		else
			hi = mid;
		if (al_should_stop(w))
			break;
	}
	return (u64)lo << 20;
}
