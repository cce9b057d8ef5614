// SPDX-License-Identifier: GPL-2.0
/*
 * addr kmalloc_size= vmalloc_size= gfp=: one kmalloc buffer, one vmalloc
 * buffer, one page and one kernel stack address (the writing task's), each
 * with its virtual, physical and bus address, zone, node, and whether it lies
 * in the linear map; and how many of the vmalloc buffer's pages are
 * physically contiguous with the one before.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/sizes.h>
#include "layout.h"

enum { AD_P_KSIZE, AD_P_VSIZE, AD_P_GFP };
static const struct al_param ad_params[] = {
	[AD_P_KSIZE] = { .name = "kmalloc_size", .help = "bytes of the kmalloc buffer",
			 .type = AL_P_U64, .def = 100, .min = 1, .max = KMALLOC_MAX_CACHE_SIZE,
			 .unit = "bytes" },
	[AD_P_VSIZE] = { .name = "vmalloc_size", .help = "bytes of the vmalloc buffer",
			 .type = AL_P_U64, .def = SZ_64K, .min = 1, .max = SZ_16M,
			 .unit = "bytes" },
	[AD_P_GFP] = { .name = "gfp", .help = "flags of the page (alloc_page)",
		       .type = AL_P_GFP, .def_str = "KERNEL" },
	{ }
};

static int ad_check(struct al_ctx *ctx)
{
	/* the core refuses DMA|DMA32 itself */
	if (al_gfp(ctx, AD_P_GFP) & __GFP_HIGHMEM) {
		al_err(ctx, "gfp: a highmem page has no permanent kernel address to describe; use KERNEL, DMA or DMA32");
		return -EINVAL;
	}
	return 0;
}

static u64 ad_footprint(struct al_ctx *ctx)
{
	return al_val(ctx, AD_P_KSIZE) + PAGE_ALIGN(al_val(ctx, AD_P_VSIZE)) + PAGE_SIZE;
}

/* Pages of the vmalloc buffer whose frame follows the previous page's. */
static unsigned int ad_vmalloc_contig(const void *buf, unsigned long size)
{
	unsigned long off, prev = 0, pfn;
	unsigned int contig = 0;

	for (off = 0; off < size; off += PAGE_SIZE) {
		pfn = vmalloc_to_pfn(buf + off);
		if (off && pfn == prev + 1)
			contig++;
		prev = pfn;
	}
	return contig;
}

static void ad_report(struct al_ctx *ctx, const char *what, const void *p)
{
	struct lo_ident id;

	lo_ident_of(p, &id);
	lo_ident_report(ctx, what, &id);
}

static int ad_prepare(struct al_ctx *ctx)
{
	size_t kbytes = al_val(ctx, AD_P_KSIZE);
	unsigned long vsize = al_val(ctx, AD_P_VSIZE);
	int here = 0;	/* on the writing task's kernel stack */
	struct page *page;
	void *kbuf, *vbuf;
	int ret = -ENOMEM;

	kbuf = kmalloc(kbytes, GFP_KERNEL | __GFP_NOWARN);
	if (!kbuf) {
		al_err(ctx, "kmalloc(%zu) failed", kbytes);
		return ret;
	}
	vbuf = vmalloc(vsize);
	if (!vbuf) {
		al_err(ctx, "vmalloc(%lu) failed", vsize);
		goto free_k;
	}
	page = alloc_page(al_gfp(ctx, AD_P_GFP) | __GFP_NOWARN);
	if (!page) {
		al_err(ctx, "alloc_page() with the gfp= flags failed");
		goto free_v;
	}
	ad_report(ctx, "kmalloc", kbuf);
	ad_report(ctx, "vmalloc", vbuf);
	al_fact(ctx, "vmalloc_pages", "%lu", PAGE_ALIGN(vsize) >> PAGE_SHIFT);
	al_fact(ctx, "vmalloc_contiguous", "%u", ad_vmalloc_contig(vbuf, vsize));
	ad_report(ctx, "page", page_address(page));
	ad_report(ctx, "stack", &here);
	al_fact(ctx, "bus_rule", "dma-direct without dma-ranges or an IOMMU: the physical address");
	al_bytes(ctx, kbytes + vsize + PAGE_SIZE, ksize(kbuf) + PAGE_ALIGN(vsize) + PAGE_SIZE);
	ret = 0;
	__free_page(page);
free_v:
	vfree(vbuf);
free_k:
	kfree(kbuf);
	return ret;
}

static int ad_run(struct al_worker *w)
{
	return 0;	/* nothing to time: prepare described the buffers */
}

const struct al_experiment lo_addr = {
	.name = "addr",
	.summary = "a kmalloc, vmalloc, page and stack address: virtual, physical, bus, zone, node",
	.params = ad_params,
	.check = ad_check,
	.footprint = ad_footprint,
	.prepare = ad_prepare,
	.run = ad_run,
};
