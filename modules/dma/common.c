// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_dma: what the generic experiments share. The mask= rule (only
 * alloclab's own device takes a mask of the run's choosing), where a buffer
 * came from (direct, remapped, IOMMU, swiotlb, CMA) as far as the kernel shows
 * it, and the reach check made before every mapping call: the DMA API WARNs
 * on a buffer a device cannot reach without a bounce buffer, and the guests
 * run panic_on_warn=1, so such a mapping is refused here, with the reason.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <linux/iommu.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include "dma.h"

const char * const dma_dirs[] = { "bidirectional", "to_device", "from_device", NULL };

/**
 * dma_dev() - the device a run is for
 * @ctx: the run
 *
 * Return: the target's device.
 */
struct device *dma_dev(struct al_ctx *ctx)
{
	return ((struct dmat *)al_data(ctx))->dev;
}

static const char *dma_name(struct al_ctx *ctx)
{
	const struct dmat *t = al_data(ctx);

	return t->name ?: "alloclab-dma";
}

/**
 * dma_check_mask() - ->check part: mask= is 0, 24, 28, 32 or 64, and only
 * for alloclab's own device (a foreign device keeps its driver's mask)
 * @ctx: the run
 * @idx: the mask= parameter's index
 *
 * Return: 0 or -EINVAL with the reason.
 */
int dma_check_mask(struct al_ctx *ctx, unsigned int idx)
{
	const struct dmat *t = al_data(ctx);
	u64 bits = al_val(ctx, idx);

	if (bits && bits != 24 && bits != 28 && bits != 32 && bits != 64) {
		al_err(ctx, "mask=%llu: the DMA mask is 24, 28, 32 or 64 bits (0: the device's own)",
		       bits);
		return -EINVAL;
	}
	if (bits && !t->own) {
		al_err(ctx, "mask= sets the mask of alloclab's own device only; %s keeps its driver's (%d bits)",
		       dma_name(ctx), fls64(dma_get_mask(t->dev)));
		return -EINVAL;
	}
	return 0;
}

/**
 * dma_begin() - ->prepare part: own device: lock it for the run and set the
 * run's mask (held until dma_end(), called from ->finish by the same task)
 * @ctx: the run
 * @idx: the mask= parameter's index
 *
 * Return: 0, -EINTR, or -EIO with the reason if the platform refuses the mask.
 */
int dma_begin(struct al_ctx *ctx, unsigned int idx)
{
	struct dmat *t = al_data(ctx);
	u64 bits = al_val(ctx, idx);
	int ret;

	if (!t->own)
		return 0;
	if (mutex_lock_killable(&t->lock))
		return -EINTR;
	if (!bits)
		return 0;
	ret = dma_set_mask_and_coherent(t->dev, DMA_BIT_MASK(bits));
	if (ret) {
		dma_set_mask_and_coherent(t->dev, t->def_mask);
		mutex_unlock(&t->lock);
		al_err(ctx, "dma_set_mask(%llu bits) failed (%d): this platform cannot address DMA memory with so few bits",
		       bits, ret);
	}
	return ret;
}

/**
 * dma_end() - ->finish part: restore the own device's mask and unlock it
 * @ctx: the run (its dma_begin() succeeded)
 */
void dma_end(struct al_ctx *ctx)
{
	struct dmat *t = al_data(ctx);

	if (!t->own)
		return;
	dma_set_mask_and_coherent(t->dev, t->def_mask);
	mutex_unlock(&t->lock);
}

static struct iommu_domain *dma_dom(struct device *dev)
{
	struct iommu_domain *dom = iommu_get_domain_for_dev(dev);

	return dom && (dom->type & __IOMMU_DOMAIN_DMA_API) ? dom : NULL;
}

/**
 * dma_reach_get() - how the DMA API will reach memory for @dev
 * @dev: the device
 * @r: filled in
 */
void dma_reach_get(struct device *dev, struct dma_reach *r)
{
	memset(r, 0, sizeof(*r));
	r->limit = min_not_zero(dma_get_mask(dev), dev->bus_dma_limit);
	r->iommu = dma_dom(dev);
	r->swiotlb = al_swiotlb_pool(dev, &r->pool_start, &r->pool_end, &r->force);
	r->pool_ok = r->swiotlb && r->pool_end > r->pool_start &&
		     phys_to_dma(dev, r->pool_end - 1) <= r->limit;
	r->max_map = dma_max_mapping_size(dev);
}

/**
 * dma_reach_facts() - report what dma_reach_get() found
 * @ctx: the run
 * @r: the reach
 */
void dma_reach_facts(struct al_ctx *ctx, const struct dma_reach *r)
{
	al_fact(ctx, "reach_limit", "%#llx", r->limit);
	if (!r->swiotlb) {
		al_fact(ctx, "swiotlb", "inactive for this device");
		return;
	}
	al_fact(ctx, "swiotlb", "active%s, pool %s the device's reach",
		r->force ? ", forced (swiotlb=force)" : "", r->pool_ok ? "inside" : "beyond");
	al_fact_phys(ctx, "swiotlb_pool_start", r->pool_start);
	al_fact_phys(ctx, "swiotlb_pool_end", r->pool_end);
	al_fact(ctx, "max_mapping_size", "%zu", r->max_map);
}

/**
 * dma_map_allowed() - may @size bytes at @pa be mapped for the run's device?
 * @ctx: the run
 * @r: the device's reach
 * @pa: first physical address of the buffer
 * @size: its length
 * @bounce: set: the mapping will go through swiotlb
 *
 * Through an IOMMU every buffer is reachable. On the direct path a buffer
 * beyond the device's reach, or any buffer under swiotlb=force, bounces:
 * allowed only if swiotlb is active for the device, its pool lies inside the
 * reach and the size fits a bounce slot; else dma-direct / swiotlb would WARN.
 *
 * Return: 0, or -EINVAL with the reason.
 */
int dma_map_allowed(struct al_ctx *ctx, const struct dma_reach *r, phys_addr_t pa,
		    size_t size, bool *bounce)
{
	u64 end = phys_to_dma(dma_dev(ctx), pa + size - 1);

	*bounce = false;
	if (size > r->max_map) {
		al_err(ctx, "size=%zu exceeds dma_max_mapping_size() = %zu for this device",
		       size, r->max_map);
		return -EINVAL;
	}
	if (r->iommu || (!r->force && end <= r->limit))
		return 0;
	if (!r->swiotlb) {
		al_err(ctx, "the buffer ends at bus address %#llx, beyond the device's reach %#llx, and swiotlb is not active for it: dma-direct would WARN \"DMA addr overflow\"; refused (boot with iommu=soft or swiotlb=force to bounce)",
		       end, r->limit);
		return -EINVAL;
	}
	if (!r->pool_ok) {
		al_err(ctx, "the buffer needs a bounce but the swiotlb pool lies beyond the device's reach %#llx: swiotlb_map would WARN \"swiotlb addr overflow\"; refused",
		       r->limit);
		return -EINVAL;
	}
	*bounce = true;
	return 0;
}

/**
 * dma_zone_gfp() - the zone a buffer for a direct-mapped device comes from
 * @dev: the device
 *
 * Like dma-direct's own choice: GFP_DMA below 32 bits, GFP_DMA32 for 32..63
 * (page allocations only: kmalloc callers turn it into GFP_DMA), none through
 * an IOMMU or with a 64-bit mask.
 *
 * Return: GFP_DMA, GFP_DMA32 or 0.
 */
gfp_t dma_zone_gfp(struct device *dev)
{
	u64 limit = min_not_zero(dma_get_mask(dev), dev->bus_dma_limit);

	if (dma_dom(dev) || limit == DMA_BIT_MASK(64))
		return 0;
	return limit < DMA_BIT_MASK(32) ? GFP_DMA : GFP_DMA32;
}

/**
 * dma_virt_phys() - physical address behind a kernel address of a DMA buffer
 * @cpu: linear-map or vmalloc-space (remapped) address
 *
 * Return: the physical address, or 0 if nothing maps @cpu.
 */
phys_addr_t dma_virt_phys(const void *cpu)
{
	struct page *pg;

	if (!is_vmalloc_addr(cpu))
		return virt_to_phys((void *)cpu);
	pg = vmalloc_to_page(cpu);
	return pg ? page_to_phys(pg) + offset_in_page(cpu) : 0;
}

/**
 * dma_contiguous() - are the pages behind [@cpu, @cpu + @size) physically
 * contiguous? Walks every page (vmalloc_to_page for remapped buffers).
 * @cpu: the buffer
 * @size: its length
 *
 * Return: true if each page follows the previous one.
 */
bool dma_contiguous(const void *cpu, size_t size)
{
	phys_addr_t first = dma_virt_phys(cpu);
	size_t off;

	for (off = PAGE_SIZE; off < size; off += PAGE_SIZE)
		if (dma_virt_phys(cpu + off) != first + off)
			return false;
	return first != 0;
}

/**
 * dma_cma_free_pages() - free CMA pages now (CmaFree), 0 without CONFIG_CMA
 *
 * Return: pages.
 */
unsigned long dma_cma_free_pages(void)
{
#ifdef CONFIG_CMA
	return global_zone_page_state(NR_FREE_CMA_PAGES);
#else
	return 0;
#endif
}

/**
 * dma_path_name() - the path that served a buffer, as far as the kernel
 * shows it (CMA is told by the caller, from CmaFree)
 * @dev: the device
 * @cpu: the buffer's kernel address, or NULL
 * @pa: its physical address
 *
 * Return: a constant string.
 */
const char *dma_path_name(struct device *dev, const void *cpu, phys_addr_t pa)
{
	struct iommu_domain *dom = dma_dom(dev);
	phys_addr_t s, e;
	bool force;

	if (dom)
		return dom->type == IOMMU_DOMAIN_DMA_FQ ? "iommu (DMA-FQ domain)" :
							  "iommu (DMA domain)";
	if (al_swiotlb_pool(dev, &s, &e, &force) && pa >= s && pa < e)
		return "swiotlb";
	if (cpu && is_vmalloc_addr(cpu))
		return "direct, remapped (uncached mapping in vmalloc space)";
	return "direct";
}

static const char *dma_domain_type(struct device *dev)
{
	struct iommu_domain *dom = iommu_get_domain_for_dev(dev);

	if (!dom)
		return "none";
	if (dom->type == IOMMU_DOMAIN_DMA_FQ)
		return "DMA-FQ";
	if (dom->type == IOMMU_DOMAIN_DMA)
		return "DMA";
	if (dom->type == IOMMU_DOMAIN_IDENTITY)
		return "identity (passthrough)";
	return "other";
}

/**
 * dma_path_facts() - the device's side of the path: mask, IOMMU, coherence
 * @ctx: the run
 * @dev: the device
 */
void dma_path_facts(struct al_ctx *ctx, struct device *dev)
{
	al_fact(ctx, "device", "%s", dma_name(ctx));
	al_fact(ctx, "dma_mask_bits", "%d", fls64(dma_get_mask(dev)));
	al_fact(ctx, "coherent_mask_bits", "%d", fls64(dev->coherent_dma_mask));
	al_fact(ctx, "dma_coherent", "%s", dev_is_dma_coherent(dev) ? "yes" : "no (the CPU cache is maintained by the DMA API)");
	if (dev->iommu_group)
		al_fact(ctx, "iommu_group", "%d", iommu_group_id(dev->iommu_group));
	else
		al_fact(ctx, "iommu_group", "none");
	al_fact(ctx, "iommu_domain", "%s", dma_domain_type(dev));
}
