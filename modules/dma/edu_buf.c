// SPDX-License-Identifier: GPL-2.0
/*
 * Buffers the edu device reads and writes: coherent (dma_alloc_coherent) or
 * streaming (a block of pages, mapped with dma_map_single for each pass).
 *
 * The device cuts every RAM address to its DMA reach without an error, so
 * a buffer it cannot reach would have it read and write other memory. Where
 * no IOMMU translates, a streaming buffer is placed inside the reach (the
 * lowest zone that fits, as dma-direct does for coherent memory) or refused;
 * every mapping is checked against the reach before the device sees it, and
 * the kernel's own mapping code is never asked for one it would warn about.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/vmalloc.h>
#include <linux/sizes.h>
#include <linux/list.h>
#include <linux/iommu.h>
#include <linux/dma-mapping.h>
#include "edu.h"

#define EDU_HIGH_TRIES	4096	/* blocks tried to find one beyond the reach */

/**
 * edu_translated() - does an IOMMU translate the device's DMA addresses?
 * @ed: the device
 *
 * Return: true if the DMA API maps through an IOMMU (a DMA domain), false
 * for direct mapping (no IOMMU, or an identity / passthrough domain).
 */
bool edu_translated(struct edu_dev *ed)
{
	struct iommu_domain *d = iommu_get_domain_for_dev(edu_to_dev(ed));

	return d && iommu_is_dma_domain(d);
}

/**
 * edu_reach() - the highest bus address the device reaches
 * @ed: the device
 *
 * Return: the DMA mask, or the bus limit if lower.
 */
u64 edu_reach(struct edu_dev *ed)
{
	struct device *dev = edu_to_dev(ed);

	return min_not_zero(dma_get_mask(dev), dev->bus_dma_limit);
}

/* Without translation, is [phys, phys + size) a range the device reaches? */
static bool edu_direct_ok(struct edu_dev *ed, phys_addr_t phys, size_t size)
{
	/* a bus offset (dma_range_map) is not modelled: never assume dma == phys */
	if (edu_to_dev(ed)->dma_range_map)
		return false;
	return (u64)phys + size - 1 <= edu_reach(ed);
}

static struct edu_buf *edu_buf_new(enum edu_buf_kind kind, size_t size,
				   enum dma_data_direction dir)
{
	struct edu_buf *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return NULL;
	INIT_LIST_HEAD(&b->node);
	b->kind = kind;
	b->size = size;
	b->dir = dir;
	b->order = get_order(size);
	return b;
}

/* A block inside the reach: the zones from the highest down, as dma-direct tries. */
static struct page *edu_pages_reach(struct edu_dev *ed, unsigned int order, size_t size)
{
	static const gfp_t zones[] = { GFP_KERNEL, GFP_DMA32, GFP_DMA };
	struct page *pg;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(zones); i++) {
		if ((zones[i] & GFP_DMA32) && !IS_ENABLED(CONFIG_ZONE_DMA32))
			continue;
		if ((zones[i] & GFP_DMA) && !IS_ENABLED(CONFIG_ZONE_DMA))
			continue;
		pg = alloc_pages(zones[i] | __GFP_NOWARN | __GFP_NORETRY, order);
		if (!pg)
			continue;
		if (edu_translated(ed) || edu_direct_ok(ed, page_to_phys(pg), size))
			return pg;
		__free_pages(pg, order);
	}
	return NULL;
}

/*
 * A block wholly above the reach (a fault case), if this machine has one
 * free: up to 16 MiB of blocks are taken (chained on their lru) until one
 * lies above, then the others are given back.
 */
static struct page *edu_pages_high(struct edu_dev *ed, unsigned int order)
{
	unsigned int n = 0, tries = clamp_t(unsigned int, SZ_16M >> (PAGE_SHIFT + order), 4,
					      EDU_HIGH_TRIES);
	struct page *pg, *tmp, *found = NULL;
	LIST_HEAD(tried);

	while (n++ < tries && !found) {
		pg = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, order);
		if (!pg)
			break;
		if ((u64)page_to_phys(pg) > edu_reach(ed))
			found = pg;
		else
			list_add(&pg->lru, &tried);
	}
	list_for_each_entry_safe(pg, tmp, &tried, lru) {
		list_del(&pg->lru);
		__free_pages(pg, order);
	}
	return found;
}

static int edu_streaming_alloc(struct edu_dev *ed, struct edu_buf *b, enum edu_place place,
			       char *why, size_t whylen)
{
	struct page *pg;

	if (place == EDU_PLACE_HIGH)
		pg = edu_pages_high(ed, b->order);
	else
		pg = edu_pages_reach(ed, b->order, b->size);
	if (!pg && place == EDU_PLACE_HIGH) {
		snprintf(why, whylen,
			 "no free block of order %u above the device's %u-bit reach found: this machine's free RAM lies inside it",
			 b->order, ed->bits);
		return -ENOMEM;
	}
	if (!pg) {
		snprintf(why, whylen, "no free block of order %u inside the device's %u-bit reach",
			 b->order, ed->bits);
		return -ENOMEM;
	}
	b->cpu = page_address(pg);
	b->phys = page_to_phys(pg);
	return 0;
}

/**
 * edu_buf_alloc() - a buffer for the device
 * @ed: the device
 * @kind: coherent or streaming
 * @size: bytes (at most a block of the buddy allocator's largest order)
 * @place: streaming: inside the reach (as far as placement matters), or
 *	   deliberately above it
 * @dir: streaming: the direction it will be mapped in
 * @why: the reason on failure
 * @whylen: its size
 *
 * A streaming buffer is not mapped yet: edu_buf_map() after the CPU filled it.
 *
 * Return: the buffer, or NULL with @why set.
 */
struct edu_buf *edu_buf_alloc(struct edu_dev *ed, enum edu_buf_kind kind, size_t size,
			      enum edu_place place, enum dma_data_direction dir,
			      char *why, size_t whylen)
{
	struct edu_buf *b = edu_buf_new(kind, size, dir);

	if (!b) {
		snprintf(why, whylen, "no memory for a buffer descriptor");
		return NULL;
	}
	if (kind == EDU_BUF_STREAMING) {
		if (edu_streaming_alloc(ed, b, place, why, whylen))
			goto err;
		return b;
	}
	b->cpu = dma_alloc_coherent(edu_to_dev(ed), size, &b->dma, GFP_KERNEL | __GFP_NOWARN);
	if (!b->cpu) {
		snprintf(why, whylen, "dma_alloc_coherent(%zu) for the %u-bit device failed",
			 size, ed->bits);
		goto err;
	}
	/* an IOMMU (or a non-coherent device) may hand out a vmap()ed buffer */
	b->phys = is_vmalloc_addr(b->cpu) ? page_to_phys(vmalloc_to_page(b->cpu)) :
					    virt_to_phys(b->cpu);
	return b;
err:
	kfree(b);
	return NULL;
}

/**
 * edu_buf_map() - map a streaming buffer for the device (whole, in @b->dir)
 * @ed: the device
 * @b: the buffer
 * @why: the reason on failure
 * @whylen: its size
 *
 * Refuses a buffer the device cannot reach before asking the DMA API, and
 * checks the bus address the mapping gives against the reach.
 *
 * Return: 0, -ERANGE (beyond the reach) or -ENOMEM (mapping failed).
 */
int edu_buf_map(struct edu_dev *ed, struct edu_buf *b, char *why, size_t whylen)
{
	struct device *dev = edu_to_dev(ed);

	if (!edu_translated(ed) && !edu_direct_ok(ed, b->phys, b->size)) {
		snprintf(why, whylen,
			 "the streaming buffer lies beyond the device's %u-bit reach and no IOMMU translates for %s: the device would cut the address and reach other memory; refused",
			 ed->bits, pci_name(ed->pdev));
		return -ERANGE;
	}
	b->dma = dma_map_single(dev, b->cpu, b->size, b->dir);
	if (dma_mapping_error(dev, b->dma)) {
		snprintf(why, whylen, "dma_map_single(%zu bytes) failed", b->size);
		return -ENOMEM;
	}
	b->mapped = true;
	if ((u64)b->dma + b->size - 1 > edu_reach(ed)) {
		edu_buf_unmap(ed, b, false);
		snprintf(why, whylen, "the mapping ends beyond the device's %u-bit reach; refused",
			 ed->bits);
		return -ERANGE;
	}
	return 0;
}

/**
 * edu_buf_unmap() - unmap a streaming buffer (not after a hung command)
 * @ed: the device
 * @b: the buffer
 * @sync: false: DMA_ATTR_SKIP_CPU_SYNC (nothing the CPU reads later)
 */
void edu_buf_unmap(struct edu_dev *ed, struct edu_buf *b, bool sync)
{
	if (!b->mapped || READ_ONCE(ed->hung))
		return;
	dma_unmap_single_attrs(edu_to_dev(ed), b->dma, b->size, b->dir,
			       sync ? 0 : DMA_ATTR_SKIP_CPU_SYNC);
	b->mapped = false;
}

/**
 * edu_buf_sync_for_cpu() - hand a mapped streaming buffer back to the CPU
 * @ed: the device
 * @b: the buffer
 */
void edu_buf_sync_for_cpu(struct edu_dev *ed, struct edu_buf *b)
{
	if (b->mapped)
		dma_sync_single_for_cpu(edu_to_dev(ed), b->dma, b->size, b->dir);
}

/**
 * edu_buf_free() - unmap and free a buffer the device no longer uses
 * @ed: the device
 * @b: the buffer (NULL: no-op)
 */
void edu_buf_free(struct edu_dev *ed, struct edu_buf *b)
{
	if (!b)
		return;
	if (b->kind == EDU_BUF_COHERENT) {
		dma_free_coherent(edu_to_dev(ed), b->size, b->cpu, b->dma);
	} else {
		if (b->mapped)
			dma_unmap_single(edu_to_dev(ed), b->dma, b->size, b->dir);
		__free_pages(virt_to_page(b->cpu), b->order);
	}
	kfree(b);
}

/**
 * edu_buf_put() - done with a buffer: free it, or keep it if the device hung
 * @ed: the device
 * @b: the buffer (NULL: no-op)
 *
 * After a command that never completed the device may still write any
 * buffer it was given: those wait on &edu_dev.orphans until remove.
 */
void edu_buf_put(struct edu_dev *ed, struct edu_buf *b)
{
	if (!b)
		return;
	mutex_lock(&ed->lock);
	if (ed->hung) {
		list_add_tail(&b->node, &ed->orphans);
		b = NULL;
	}
	mutex_unlock(&ed->lock);
	edu_buf_free(ed, b);
}

/**
 * edu_buf_mmap() - map a coherent buffer into a shared user mapping
 * @ed: the device
 * @b: the buffer
 * @vma: the mapping (its page offset names the result, not a place in @b)
 *
 * Return: 0 or -errno.
 */
int edu_buf_mmap(struct edu_dev *ed, struct edu_buf *b, struct vm_area_struct *vma)
{
	unsigned long pgoff = vma->vm_pgoff;
	int ret;

	if (b->kind != EDU_BUF_COHERENT || !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_end - vma->vm_start > PAGE_ALIGN(b->size))
		return -EINVAL;
	vma->vm_pgoff = 0;
	ret = dma_mmap_coherent(edu_to_dev(ed), vma, b->cpu, b->dma, b->size);
	vma->vm_pgoff = pgoff;
	return ret;
}
