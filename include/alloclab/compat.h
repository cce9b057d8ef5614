/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab compat: every kernel-version and architecture difference the
 * modules care about, in one place. Experiments use only the al_*() names.
 */
#ifndef _ALLOCLAB_COMPAT_H
#define _ALLOCLAB_COMPAT_H

#include <linux/version.h>
#include <linux/ktime.h>
#include <linux/timex.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/page-flags.h>
#include <linux/kfence.h>
#include <linux/pgtable.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/vmstat.h>

/* Clock: ns from the clocksource, cycles only where get_cycles() counts them. */
static inline u64 al_now_ns(void)
{
	return ktime_get_ns();
}

#if defined(CONFIG_X86)
#define AL_HAVE_CYCLES		1
#define AL_CYCLES_NAME		"tsc"
static inline u64 al_now_cycles(void)
{
	return get_cycles();
}
#else
/* arm64 get_cycles() reads the generic timer (e.g. 62.5 MHz), not cycles. */
#define AL_HAVE_CYCLES		0
#define AL_CYCLES_NAME		"none"
static inline u64 al_now_cycles(void)
{
	return 0;
}
#endif

/* Largest order the buddy allocator hands out (MAX_ORDER meaning changed). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define AL_MAX_PAGE_ORDER	MAX_PAGE_ORDER
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define AL_MAX_PAGE_ORDER	MAX_ORDER
#else
#define AL_MAX_PAGE_ORDER	(MAX_ORDER - 1)
#endif

/*
 * Was this object handed out by KFENCE (a sampled allocation on a page of its
 * own, ksize() == the size asked for)? Always false without CONFIG_KFENCE.
 */
static inline bool al_addr_is_kfence(const void *p)
{
	return is_kfence_address(p);
}

/* Is this kernel address backed by a slab page (vs the page allocator)? */
static inline bool al_addr_is_slab(const void *p)
{
	return folio_test_slab(virt_to_folio(p));
}

/* Order of the (compound) allocation backing a kernel address. */
static inline unsigned int al_addr_order(const void *p)
{
	return folio_order(virt_to_folio(p));
}

/* First address of the slab / compound page backing @p. */
static inline const void *al_addr_block(const void *p)
{
	return folio_address(virt_to_folio(p));
}

/* ---- layout family (modules/layout) ---- */

/* The kernel's own name and value for the order limit, as it spells it. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define AL_MAX_ORDER_MACRO	"MAX_PAGE_ORDER"
#define AL_MAX_ORDER_RAW	MAX_PAGE_ORDER
#else
#define AL_MAX_ORDER_MACRO	"MAX_ORDER"
#define AL_MAX_ORDER_RAW	MAX_ORDER
#endif

/* Levels of page table this kernel walks (x86_64: 5 with LA57 at boot). */
#if defined(CONFIG_X86_64)
#define AL_PGTABLE_LEVELS	(pgtable_l5_enabled() ? 5 : 4)
#else
#define AL_PGTABLE_LEVELS	CONFIG_PGTABLE_LEVELS
#endif

/*
 * Read the PTE mapping @addr below the PMD at @pmdp. 6.5+ frees PTE tables
 * under RCU without mmap_lock and __pte_offset_map() is not exported: read it
 * the way that function does. Return: false if no PTE table is there now.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
static inline bool al_pte_peek(pmd_t *pmdp, unsigned long addr, pte_t *out)
{
	bool ok = false;
	pmd_t pmd;

	if (IS_ENABLED(CONFIG_HIGHPTE))
		return false;
	rcu_read_lock();
	pmd = pmdp_get_lockless(pmdp);
	if (pmd_present(pmd) && !pmd_leaf(pmd) && !pmd_bad(pmd)) {
		*out = ptep_get(pte_offset_kernel(&pmd, addr));
		ok = true;
	}
	rcu_read_unlock();
	return ok;
}
#else
static inline bool al_pte_peek(pmd_t *pmdp, unsigned long addr, pte_t *out)
{
	pte_t *ptep = pte_offset_map(pmdp, addr);

	*out = ptep_get(ptep);
	pte_unmap(ptep);
	return true;
}
#endif

/* Names of the bits of a page-table entry on this architecture. */
struct al_pt_bit {
	u64 mask;
	const char *name;
};

#if defined(CONFIG_X86)
static inline const struct al_pt_bit *al_pt_bits(unsigned int *n)
{
	static const struct al_pt_bit bits[] = {
		{ _PAGE_PRESENT, "P" }, { _PAGE_RW, "RW" }, { _PAGE_USER, "U" },
		{ _PAGE_PWT, "PWT" }, { _PAGE_PCD, "PCD" }, { _PAGE_ACCESSED, "A" },
		{ _PAGE_DIRTY, "D" }, { _PAGE_PSE, "PS" }, { _PAGE_GLOBAL, "G" },
		{ _PAGE_NX, "NX" },
	};

	*n = ARRAY_SIZE(bits);
	return bits;
}
#elif defined(CONFIG_ARM64)
static inline const struct al_pt_bit *al_pt_bits(unsigned int *n)
{
	static const struct al_pt_bit bits[] = {
		{ PTE_VALID, "VALID" }, { PTE_TABLE_BIT, "TABLE/PAGE" },
		{ PTE_USER, "USER" }, { PTE_RDONLY, "RDONLY" }, { PTE_AF, "AF" },
		{ PTE_NG, "nG" }, { PTE_DBM, "DBM" }, { PTE_CONT, "CONT" },
		{ PTE_PXN, "PXN" }, { PTE_UXN, "UXN" }, { PTE_DIRTY, "DIRTY" },
	};

	*n = ARRAY_SIZE(bits);
	return bits;
}
#else
static inline const struct al_pt_bit *al_pt_bits(unsigned int *n)
{
	*n = 0;
	return NULL;
}
#endif

/* Is @addr in the kernel half of the address space (canonical)? */
#if defined(CONFIG_X86_64)
#define al_kernel_half(addr)	((addr) >= (~0UL << __VIRTUAL_MASK_SHIFT))
#else
#define al_kernel_half(addr)	((addr) >= PAGE_OFFSET)
#endif

/*
 * Walking kernel page tables (init_mm is not exported). x86_64 shares the
 * kernel half of the top-level table with every mm (the vmalloc area's lower
 * tables are preallocated at boot) and exports lookup_address() to check the
 * leaf. arm64 translates kernel addresses through TTBR1_EL1, which holds
 * swapper_pg_dir (mapped in the linear map like any kernel page). Elsewhere
 * the walk is unavailable and says why.
 */
#if defined(CONFIG_X86_64)
#define AL_KWALK_UNAVAILABLE	((const char *)NULL)
#define AL_KWALK_HOW \
	"kernel half of the current mm's top-level table (shared by every mm on x86_64)"
static inline pgd_t *al_kwalk_pgd(void)
{
	return current->active_mm->pgd;
}

/* The present leaf entry lookup_address() finds for @addr, its page shift. */
static inline void *al_kwalk_lookup(unsigned long addr, unsigned int *shift)
{
	unsigned int level;
	pte_t *p = lookup_address(addr, &level);

	*shift = level == PG_LEVEL_1G ? PUD_SHIFT :
		 level == PG_LEVEL_2M ? PMD_SHIFT : PAGE_SHIFT;
	return p && pte_present(ptep_get(p)) ? p : NULL;
}
#define AL_KWALK_HAVE_LOOKUP	1
#elif defined(CONFIG_ARM64)
#define AL_KWALK_UNAVAILABLE	((const char *)NULL)
#define AL_KWALK_HOW		"swapper_pg_dir, found through TTBR1_EL1"
static inline pgd_t *al_kwalk_pgd(void)
{
	return __va(read_sysreg(ttbr1_el1) & PHYS_MASK & PAGE_MASK);
}

static inline void *al_kwalk_lookup(unsigned long addr, unsigned int *shift)
{
	*shift = 0;
	return NULL;
}
#define AL_KWALK_HAVE_LOOKUP	0	/* no exported lookup to check against */
#else
#define AL_KWALK_UNAVAILABLE \
	((const char *)"init_mm is not exported on this kernel (kernel tables hang off swapper_pg_dir)")
#define AL_KWALK_HOW		"none"
static inline pgd_t *al_kwalk_pgd(void)
{
	return NULL;
}

static inline void *al_kwalk_lookup(unsigned long addr, unsigned int *shift)
{
	*shift = 0;
	return NULL;
}
#define AL_KWALK_HAVE_LOOKUP	0
#endif
/* ---- end of layout family ---- */

/* ---- pages family (modules/pages) ---- */

/*
 * Order-0 pages into the NULL slots of an array, in as few trips to the
 * per-CPU lists as possible; returns how many slots are filled. 6.1:
 * alloc_pages_bulk_array() inline over __alloc_pages_bulk() (exported GPL);
 * 6.10+: a macro over alloc_pages_bulk_noprof() (exported GPL), 6.14 renamed
 * it alloc_pages_bulk(). A macro, so that allocation profiling (6.10+)
 * accounts the call to the module.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
#define al_alloc_pages_bulk(gfp, nr, pages)	alloc_pages_bulk(gfp, nr, pages)
#else
#define al_alloc_pages_bulk(gfp, nr, pages)	alloc_pages_bulk_array(gfp, nr, pages)
#endif

/*
 * Drop one reference to each of @nr pages and free those that reach 0 as a
 * batch (one zone lock per batch): release_pages() is exported on 6.1 and
 * 6.12; 6.12 takes a transparent union of page / folio arrays.
 */
static inline void al_release_pages(struct page **pages, int nr)
{
	release_pages(pages, nr);
}

/* ---- dma family (modules/dma) ---- */
#include <linux/device.h>
#include <linux/swiotlb.h>

/*
 * The swiotlb pool a device bounces through: false if none is active for it.
 * 6.1: struct io_tlb_mem holds start/end and is_swiotlb_active() is exported;
 * 6.6+ moved them into mem->defpool (dynamic pools may add more) and 6.12 no
 * longer exports is_swiotlb_active(). Both test mem->nslabs, as done here.
 */
static inline bool al_swiotlb_pool(struct device *dev, phys_addr_t *start,
				   phys_addr_t *end, bool *force)
{
#ifdef CONFIG_SWIOTLB
	struct io_tlb_mem *mem = dev->dma_io_tlb_mem;

	if (!mem || !mem->nslabs)
		return false;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	*start = mem->defpool.start;
	*end = mem->defpool.end;
#else
	*start = mem->start;
	*end = mem->end;
#endif
	*force = mem->force_bounce;
	return true;
#else
	return false;
#endif
}

/* Does this kernel have dma_alloc_pages() / dma_alloc_noncoherent() (5.10+)? */
#define AL_HAVE_DMA_ALLOC_PAGES	(LINUX_VERSION_CODE >= KERNEL_VERSION(5, 10, 0))
/* ---- end of dma family ---- */
/* ---- cma family (modules/cma) ---- */

/*
 * CMA through the DMA API: dma_alloc_attrs() on a device without an IOMMU
 * ends in dma_alloc_contiguous(), which takes the default CMA area (or the
 * node's with DMA_PERNUMA_CMA) for anything above a page. Without
 * CONFIG_DMA_CMA there is no area to take from.
 */
#if IS_ENABLED(CONFIG_DMA_CMA)
#define AL_CMA_UNAVAILABLE	((const char *)NULL)
#else
#define AL_CMA_UNAVAILABLE \
	((const char *)"this kernel has no CMA (CONFIG_CMA / CONFIG_DMA_CMA not set): no contiguous area to allocate from")
#endif

/*
 * The CMA API itself (cma_alloc, cma_release, cma_get_base, cma_for_each_area)
 * is not exported to modules by Debian's 6.1 and 6.12 kernels nor by the
 * debug kernel; modules/cma/Kbuild greps the kernel's Module.symvers for
 * cma_alloc at build time and passes the count as AL_SYMVERS_CMA_ALLOC.
 */
#if defined(AL_SYMVERS_CMA_ALLOC) && AL_SYMVERS_CMA_ALLOC > 0
#define AL_CMA_API_EXPORTED	1
#else
#define AL_CMA_API_EXPORTED	0
#endif

/* CMA aligns a buffer to its order, capped at this order. */
#ifdef CONFIG_CMA_ALIGNMENT
#define AL_CMA_ALIGN_ORDER	CONFIG_CMA_ALIGNMENT
#else
#define AL_CMA_ALIGN_ORDER	AL_MAX_PAGE_ORDER
#endif

/* Free pages in CMA areas, all zones (/proc/meminfo CmaFree). */
static inline unsigned long al_cma_free_pages(void)
{
	return IS_ENABLED(CONFIG_CMA) ? global_zone_page_state(NR_FREE_CMA_PAGES) : 0;
}

/* Pages of @zone that belong to a CMA area (0 without CONFIG_CMA). */
static inline unsigned long al_zone_cma_pages(struct zone *zone)
{
	return zone_cma_pages(zone);
}

/*
 * The /proc/vmstat event counters that show CMA taking its pages back:
 * migrations, compaction scanning, cma_alloc() successes and failures.
 * An item this kernel does not count reads as AL_CMA_EV_NONE.
 */
#define AL_CMA_EV_NONE		(~0UL)
#define AL_CMA_NR_EV		6
#ifdef CONFIG_VM_EVENT_COUNTERS
#define AL_CMA_EV_UNAVAILABLE	((const char *)NULL)
#else
#define AL_CMA_EV_UNAVAILABLE \
	((const char *)"not counted: CONFIG_VM_EVENT_COUNTERS is off (no events in /proc/vmstat)")
#endif

static inline const char *al_cma_ev_name(unsigned int i)
{
	static const char * const names[AL_CMA_NR_EV] = {
		"pgmigrate_success", "pgmigrate_fail", "compact_migrate_scanned",
		"compact_isolated", "cma_alloc_success", "cma_alloc_fail",
	};

	return i < AL_CMA_NR_EV ? names[i] : "?";
}

static inline int al_cma_ev_item(unsigned int i)
{
	static const int items[AL_CMA_NR_EV] = {
#if defined(CONFIG_VM_EVENT_COUNTERS) && defined(CONFIG_MIGRATION)
		PGMIGRATE_SUCCESS, PGMIGRATE_FAIL,
#else
		-1, -1,
#endif
#if defined(CONFIG_VM_EVENT_COUNTERS) && defined(CONFIG_COMPACTION)
		COMPACTMIGRATE_SCANNED, COMPACTISOLATED,
#else
		-1, -1,
#endif
#if defined(CONFIG_VM_EVENT_COUNTERS) && defined(CONFIG_CMA)
		CMA_ALLOC_SUCCESS, CMA_ALLOC_FAIL,
#else
		-1, -1,
#endif
	};

	return i < AL_CMA_NR_EV ? items[i] : -1;
}

/*
 * Read the counters into @out (AL_CMA_EV_NONE where not counted).
 * all_vm_events() (exported GPL, 6.1 and 6.12) sums every CPU's counters
 * into an array of NR_VM_EVENT_ITEMS. Return: false if out of memory.
 */
static inline bool al_cma_events(unsigned long *out)
{
	unsigned long *all = kcalloc(NR_VM_EVENT_ITEMS, sizeof(*all), GFP_KERNEL);
	unsigned int i;

	if (!all)
		return false;
	all_vm_events(all);
	for (i = 0; i < AL_CMA_NR_EV; i++)
		out[i] = al_cma_ev_item(i) < 0 ? AL_CMA_EV_NONE : all[al_cma_ev_item(i)];
	kfree(all);
	return true;
}

/*
 * cma_alloc() successes so far (the cma_alloc_success event: a buffer came
 * from a CMA area even when migrating lent pages out hid it from CmaFree),
 * or AL_CMA_EV_NONE where the kernel does not count events.
 */
static inline unsigned long al_cma_alloc_successes(void)
{
#if defined(CONFIG_VM_EVENT_COUNTERS) && defined(CONFIG_CMA)
	unsigned long n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += per_cpu(vm_event_states, cpu).event[CMA_ALLOC_SUCCESS];
	return n;
#else
	return AL_CMA_EV_NONE;
#endif
}
/* ---- end of cma family ---- */

#endif /* _ALLOCLAB_COMPAT_H */
