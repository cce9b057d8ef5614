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

#endif /* _ALLOCLAB_COMPAT_H */
