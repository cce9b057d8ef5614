// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_layout: what the experiments of the layout family share (declared
 * in layout.h): the identities of a kernel address. Whether this task may
 * see addresses at all is the core's al_addrs_shown().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/vmalloc.h>
#include <linux/mem_encrypt.h>
#include <linux/io.h>
#include "layout.h"

/**
 * lo_pgtable_levels() - levels of page table this kernel uses now
 *
 * Return: 2..5 (x86_64: 5 if LA57 paging was enabled at boot).
 */
unsigned int lo_pgtable_levels(void)
{
	return AL_PGTABLE_LEVELS;
}

static const char *lo_region(const void *p)
{
	unsigned long a = (unsigned long)p;

	if (virt_addr_valid(p))
		return "linear map";
	if (is_vmalloc_addr(p))
		return "vmalloc";
	if (a >= MODULES_VADDR && a < MODULES_END)
		return "module area";
	return "other";
}

/**
 * lo_ident_of() - find the page, physical and bus address of a kernel address
 * @p:	a kernel virtual address of memory that stays allocated meanwhile
 * @id:	filled in; @id->page is NULL if no page could be found
 */
void lo_ident_of(const void *p, struct lo_ident *id)
{
	memset(id, 0, sizeof(*id));
	id->virt = p;
	id->region = lo_region(p);
	id->linear = virt_addr_valid(p);
	if (id->linear)
		id->page = virt_to_page(p);
	else if (is_vmalloc_addr(p) || !strcmp(id->region, "module area"))
		id->page = vmalloc_to_page(p);
	if (!id->page)
		return;
	id->phys = page_to_phys(id->page) + offset_in_page(p);
	/* dma-direct without dma-ranges: the physical address (+ the SME C-bit) */
	id->bus = __sme_set(id->phys);
	id->zone = page_zone(id->page)->name;
	id->nid = page_to_nid(id->page);
}

/**
 * lo_ident_report() - report an address's identities as facts <prefix>_*
 * @ctx:	the run
 * @prefix:	"kmalloc", "vmalloc", ...
 * @id:	what lo_ident_of() found
 */
void lo_ident_report(struct al_ctx *ctx, const char *prefix, const struct lo_ident *id)
{
	char key[ALLOCLAB_FACT_KEY_LEN];

	snprintf(key, sizeof(key), "%s_virt", prefix);
	al_fact_ptr(ctx, key, id->virt);
	snprintf(key, sizeof(key), "%s_region", prefix);
	al_fact(ctx, key, "%s", id->region);
	snprintf(key, sizeof(key), "%s_linear", prefix);
	al_fact(ctx, key, "%s", id->linear ? "yes" : "no");
	if (!id->page) {
		snprintf(key, sizeof(key), "%s_phys", prefix);
		al_fact(ctx, key, "unknown (no page found behind the address)");
		return;
	}
	snprintf(key, sizeof(key), "%s_phys", prefix);
	al_fact_phys(ctx, key, id->phys);
	snprintf(key, sizeof(key), "%s_bus", prefix);
	al_fact_phys(ctx, key, id->bus);
	snprintf(key, sizeof(key), "%s_zone", prefix);
	al_fact(ctx, key, "%s", id->zone);
	snprintf(key, sizeof(key), "%s_node", prefix);
	al_fact(ctx, key, "%d", id->nid);
}
