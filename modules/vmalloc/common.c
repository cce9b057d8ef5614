// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_vmalloc: what the experiments share (declared in vm.h): the
 * page-by-page walk of a vmalloc buffer through vmalloc_to_pfn(), its
 * report, the fill pattern userspace checks through mmap, and the name of
 * the allocator behind an address.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/highmem.h>
#include <linux/string.h>
#include <linux/minmax.h>
#include <linux/pgtable.h>
#include "vm.h"

/* Stop checks during a walk: every this many pages. */
#define VML_WALK_CHECK		256

/* The pattern byte[i] = (i * 31 + seed) & 0xff: what `alloclab mmap N --check=SEED` expects. */
static void vml_fill(void *buf, size_t size, unsigned int seed)
{
	u8 period[256];
	size_t off;
	unsigned int i;

	for (i = 0; i < sizeof(period); i++)
		period[i] = (i * 31 + seed) & 0xff;
	for (off = 0; off < size; off += sizeof(period))
		memcpy(buf + off, period, min(sizeof(period), size - off));
}

/**
 * vml_purge() - hand back now what vfree() and iounmap() freed lazily
 *
 * Freed vmap areas keep their virtual range (and, with KASAN_VMALLOC, their
 * shadow pages) until a purge that comes when enough has piled up; a run
 * ends with one, untimed, so its memory is back when its result is and the
 * next run starts from a purged vmalloc space.
 */
void vml_purge(void)
{
	vm_unmap_aliases();
}

/**
 * vml_backing() - which allocator an address came from
 * @p: a kernel address kvmalloc() or kmalloc() returned
 *
 * Return: "vmalloc", "slab" or "page_allocator".
 */
const char *vml_backing(const void *p)
{
	if (is_vmalloc_addr(p))
		return "vmalloc";
	return al_addr_is_slab(p) ? "slab" : "page_allocator";
}

/* Does the direct-map alias of @pfn read what @va holds (its first @len bytes)? */
static bool vml_alias_same(const void *va, unsigned long pfn, size_t len)
{
	void *k = kmap_local_page(pfn_to_page(pfn));
	bool same = !memcmp(va, k, len);

	kunmap_local(k);
	return same;
}

/*
 * Largest order k such that every 2^k-page block of the buffer aligned in
 * virtual memory (at least one) is one physically contiguous, 2^k-aligned
 * block: what a huge (PMD) or contiguous-PTE mapping needs.
 */
static unsigned int vml_granule(const void *addr, const unsigned long *pfns,
			       unsigned long n, unsigned long *blocks)
{
	unsigned long va0 = (unsigned long)addr >> PAGE_SHIFT, b, j, nb;
	unsigned int k, best = 0;

	*blocks = n;
	for (k = 1; (1UL << k) <= n; k++) {
		unsigned long sz = 1UL << k;
		bool ok = true;

		nb = 0;
		for (b = (sz - (va0 & (sz - 1))) & (sz - 1); ok && b + sz <= n; b += sz) {
			ok = !(pfns[b] & (sz - 1));
			for (j = 1; ok && j < sz; j++)
				ok = pfns[b + j] == pfns[b] + j;
			nb++;
		}
		if (!ok || !nb)
			break;
		best = k;
		*blocks = nb;
	}
	return best;
}

/* Pages mapped from @addr on, @pages known mapped, up to the first hole. */
static unsigned long vml_mapped_pages(const void *addr, unsigned long pages)
{
	unsigned long i, limit = pages + (PMD_SIZE >> PAGE_SHIFT);

	for (i = pages; i < limit; i++)
		if (!vmalloc_to_page(addr + (i << PAGE_SHIFT)))
			break;
	return i;
}

/**
 * vml_walk() - fill a vmalloc buffer and walk its physical layout, page by page
 * @w: the worker (stop checks)
 * @addr: the buffer
 * @size: its bytes
 * @seed: each page gets the pattern vml_fill() writes with this seed
 * @pfns: room for PAGE_ALIGN(@size) / PAGE_SIZE frame numbers
 * @lo: what was found
 *
 * Each page's frame comes from vmalloc_to_pfn() (the kernel's page tables);
 * its direct-map alias must read what was written through the vmalloc address.
 *
 * Return: 0, or -EINTR if the run must stop.
 */
int vml_walk(struct al_worker *w, void *addr, size_t size, unsigned int seed,
	     unsigned long *pfns, struct vml_layout *lo)
{
	unsigned long n = PAGE_ALIGN(size) >> PAGE_SHIFT, i, run = 0;

	memset(lo, 0, sizeof(*lo));
	lo->pages = n;
	for (i = 0; i < n; i++) {
		void *va = addr + (i << PAGE_SHIFT);
		size_t len = min_t(size_t, PAGE_SIZE, size - (i << PAGE_SHIFT));

		vml_fill(va, len, seed);	/* the period (256) divides a page */
		pfns[i] = vmalloc_to_pfn(va);
		if (i && pfns[i] == pfns[i - 1] + 1) {
			run++;
		} else {
			lo->runs++;
			run = 1;
		}
		lo->longest = max(lo->longest, run);
		if (!vml_alias_same(va, pfns[i], len))
			lo->alias_bad++;
		if (!((i + 1) % VML_WALK_CHECK) && al_should_stop(w)) {
			lo->stopped = true;
			return -EINTR;
		}
	}
	lo->granule_order = vml_granule(addr, pfns, n, &lo->blocks);
	lo->mapped = vml_mapped_pages(addr, n);
	return 0;
}

/**
 * vml_report_layout() - facts and rows of a walked buffer
 * @ctx: the run (->finish: kptr_restrict is the sender's)
 * @lo: what vml_walk() found
 * @pfns: its frame numbers
 * @max_rows: page[i] rows at most (frames are shown as kptr_restrict allows)
 */
void vml_report_layout(struct al_ctx *ctx, const struct vml_layout *lo,
		      const unsigned long *pfns, unsigned int max_rows)
{
	bool shown = al_addrs_shown();
	unsigned long i, first = 0, nrun = 0;

	al_fact(ctx, "pages", "%lu", lo->pages);
	al_fact(ctx, "contiguous_runs", "%lu", lo->runs);
	al_fact(ctx, "longest_run_pages", "%lu", lo->longest);
	al_fact(ctx, "mapping_granule_bytes", "%lu", PAGE_SIZE << lo->granule_order);
	al_fact(ctx, "granule_blocks", "%lu", lo->blocks);
	al_fact(ctx, "huge_mapping", "%s",
		PAGE_SIZE << lo->granule_order >= PMD_SIZE ? "yes" : "no");
	al_fact(ctx, "pmd_size", "%lu", (unsigned long)PMD_SIZE);
	al_fact(ctx, "mapped_pages", "%lu", lo->mapped);
	al_fact(ctx, "guard_page", "unmapped (page %lu of the area)", lo->mapped);
	al_fact(ctx, "alias_mismatches", "%lu", lo->alias_bad);
	al_fact(ctx, "pfns", "%s", shown ? "shown" : "hidden (kptr_restrict)");
	for (i = 1; i <= lo->pages; i++) {
		if (i < lo->pages && pfns[i] == pfns[i - 1] + 1)
			continue;
		if (nrun++ >= max_rows / 2) {
			first = i;
			continue;
		}
		if (shown)
			al_row(ctx, "run", "first_page=%lu pages=%lu pfn=0x%lx",
			       first, i - first, pfns[first]);
		else
			al_row(ctx, "run", "first_page=%lu pages=%lu", first, i - first);
		first = i;
	}
	for (i = 0; shown && i < min_t(unsigned long, lo->pages, max_rows); i++)
		al_row(ctx, "page", "pfn=0x%lx", pfns[i]);
}
