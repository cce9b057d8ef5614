/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab_layout internals: what the experiment files (one experiment each)
 * share with common.c and main.c. Only this module includes it.
 */
#ifndef _ALLOCLAB_LAYOUT_H
#define _ALLOCLAB_LAYOUT_H

#include <linux/types.h>
#include <linux/mm_types.h>
#include "../../include/alloclab/family.h"

/* Fact and row text for an address this task may not see (kptr_restrict). */
#define LO_HIDDEN	"hidden (kptr_restrict)"

/**
 * struct lo_ident - the identities of one kernel address
 * @virt:	the kernel virtual address
 * @page:	the page behind it (NULL if none could be found)
 * @phys:	physical address of @virt (valid with @page)
 * @bus:	what a device without an IOMMU or DMA offset would be given
 * @zone:	name of the page's zone
 * @nid:	the page's node
 * @linear:	@virt lies in the linear map (virt_addr_valid())
 * @region:	"linear map", "vmalloc", "module area" or "other"
 */
struct lo_ident {
	const void *virt;
	struct page *page;
	phys_addr_t phys;
	dma_addr_t bus;
	const char *zone;
	int nid;
	bool linear;
	const char *region;
};

void lo_ident_of(const void *p, struct lo_ident *id);
void lo_ident_report(struct al_ctx *ctx, const char *prefix, const struct lo_ident *id);
unsigned int lo_pgtable_levels(void);

/* Each file's experiment, copied into the table by main.c at load. */
extern const struct al_experiment lo_layout;
extern const struct al_experiment lo_addr;
extern const struct al_experiment lo_pagewalk;

#endif /* _ALLOCLAB_LAYOUT_H */
