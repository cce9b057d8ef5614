/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab_cma internals: alloclab's own DMA device (main.c), the buffers
 * allocated for it and what tells where they came from (buf.c), and the
 * experiments (info.c, alloc.c, pressure.c). Only this module includes it.
 */
#ifndef _ALLOCLAB_CMA_H
#define _ALLOCLAB_CMA_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/sizes.h>
#include "../../include/alloclab/family.h"

/* Buffers of one run (count=), and the largest size= a run may ask for. */
#define CMX_MAX_COUNT	64
#define CMX_MIN_SIZE	SZ_1M
#define CMX_MAX_SIZE	SZ_256M

/* Phases of cma and cma_pressure. */
enum { CMX_PH_ALLOC, CMX_PH_FREE };
extern const struct al_phase_desc cmx_phases[];

/**
 * struct cmx_buf - one buffer from dma_alloc_attrs() on alloclab's device
 * @cpu:	kernel address (linear map, or a vmap on a non-coherent device)
 * @dma:	the device's (bus) address
 * @phys:	physical address of the first byte
 * @size:	bytes asked for
 * @cma_drop:	pages CmaFree fell by across the call, plus the per-CPU list
 *		pages it drained (CMA served it if ~size)
 * @cma_event:	cma_alloc_success counted during the call (AL_CMA_EV_NONE: not
 *		counted on this kernel)
 */
struct cmx_buf {
	void *cpu;
	dma_addr_t dma;
	phys_addr_t phys;
	size_t size;
	long cma_drop;
	unsigned long cma_event;
};

/**
 * struct cmx_set - the buffers of a run and what they showed
 * @buf:	count= buffers
 * @n:		allocated so far
 * @from_cma:	buffers CmaFree dropped for
 * @misaligned:	buffers whose physical address is not aligned as CMA aligns
 * @phys_lo:	lowest physical address of a buffer
 * @phys_hi:	highest physical address + 1
 * @free_before:	CmaFree (pages) before the allocations
 * @free_held:	CmaFree (pages) while the buffers are held
 * @free_after:	CmaFree (pages) after they were freed
 * @pcp_before:	pages on the per-CPU lists before (cmx_pcp_pages())
 * @pcp_after:	pages on the per-CPU lists after
 * @freed:	cmx_free_set() ran
 */
struct cmx_set {
	struct cmx_buf buf[CMX_MAX_COUNT];
	unsigned int n;
	unsigned int from_cma;
	unsigned int misaligned;
	phys_addr_t phys_lo;
	phys_addr_t phys_hi;
	unsigned long free_before;
	unsigned long free_held;
	unsigned long free_after;
	unsigned long pcp_before;
	unsigned long pcp_after;
	bool freed;
};

/* main.c */
struct device *cmx_dev(void);
const char *cmx_available(struct al_ctx *ctx);
unsigned long cmx_total_pages(void);
int cmx_check_fits(struct al_ctx *ctx, u64 size, u64 count);
unsigned long cmx_pcp_pages(void);

/* buf.c */
int cmx_alloc(struct cmx_buf *b, size_t size);
bool cmx_from_cma(const struct cmx_buf *b);
void cmx_free(struct cmx_buf *b);
int cmx_alloc_set(struct al_worker *w, struct cmx_set *s, size_t size, unsigned int count);
int cmx_free_set(struct al_worker *w, struct cmx_set *s, bool timed);
void cmx_set_facts(struct al_ctx *ctx, struct cmx_set *s, size_t size, unsigned int count);
u64 cmx_probe_max(struct al_worker *w, unsigned long *tries);
void cmx_path_facts(struct al_ctx *ctx);
void cmx_after_facts(struct al_ctx *ctx, struct cmx_set *s);

/* Each file's experiment, copied into the table by main.c at load. */
extern const struct al_experiment cmx_info;
extern const struct al_experiment cmx_cma;
extern const struct al_experiment cmx_pressure;

#endif /* _ALLOCLAB_CMA_H */
