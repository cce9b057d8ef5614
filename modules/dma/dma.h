/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab_dma: shared declarations of the DMA family.
 *
 * target.c owns the "targets": devices the generic DMA experiments (coherent,
 * streaming, sg, pool, noncoherent) run on, each registered as a table of
 * "name@device" experiments (alloclab's own device: the plain names).
 * common.c holds what the experiments share: the mask= rule, the path a
 * buffer took (direct, remapped, IOMMU, swiotlb, CMA), the reach check made
 * before any mapping call. edu.c is the driver for QEMU's edu device; its
 * probe adds the device as a target and registers the round-trip experiment.
 */
#ifndef _ALLOCLAB_DMA_H
#define _ALLOCLAB_DMA_H

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/mutex.h>
#include <linux/list.h>
#include "../../include/alloclab/family.h"

/**
 * struct dmat - one device the generic experiments run on
 * @dev:	the device (a reference is held while it is a target)
 * @name:	the instance name ("0000:00:04.0"); NULL: alloclab's own
 * @own:	alloclab's own device: a run may set its mask (mask=)
 * @inst:	the registration of the experiment table
 * @node:	on the list of dev= targets (target.c)
 * @lock:	own device: held from ->prepare to ->finish of every run
 * @def_mask:	own device: the mask restored after a run
 */
struct dmat {
	struct device *dev;
	const char *name;
	bool own;
	struct al_instance *inst;
	struct list_head node;
	struct mutex lock;
	u64 def_mask;
};

struct dmat *dmat_add(struct device *dev, const char *name, bool own);
void dmat_remove(struct dmat *t);
int dmat_init(void);
void dmat_exit(void);

int edu_init(void);
void edu_exit(void);

/* ---- common.c: what every generic experiment shares ---- */

/* Largest buffer of one allocation or mapping (bytes). */
#define DMA_MAX_SIZE	SZ_4M

/* Directions of the streaming experiments (dir=), in enum dma_data_direction order. */
extern const char * const dma_dirs[];

/**
 * struct dma_reach - how the DMA API will reach memory for a device
 * @limit:	highest bus address the device reaches (mask and bus limit)
 * @iommu:	a DMA-API IOMMU domain translates its addresses
 * @swiotlb:	swiotlb is active for it (a pool exists)
 * @force:	swiotlb bounces every mapping (swiotlb=force)
 * @pool_ok:	the swiotlb pool lies inside @limit
 * @pool_start:	first physical address of the (default) swiotlb pool
 * @pool_end:	one past its last
 * @max_map:	dma_max_mapping_size()
 */
struct dma_reach {
	u64 limit;
	bool iommu, swiotlb, force, pool_ok;
	phys_addr_t pool_start, pool_end;
	size_t max_map;
};

struct device *dma_dev(struct al_ctx *ctx);
int dma_check_mask(struct al_ctx *ctx, unsigned int idx);
int dma_begin(struct al_ctx *ctx, unsigned int idx);
void dma_end(struct al_ctx *ctx);
void dma_reach_get(struct device *dev, struct dma_reach *r);
void dma_reach_facts(struct al_ctx *ctx, const struct dma_reach *r);
int dma_map_allowed(struct al_ctx *ctx, const struct dma_reach *r, phys_addr_t pa,
		    size_t size, bool *bounce);
gfp_t dma_zone_gfp(struct device *dev);
const char *dma_path_name(struct device *dev, const void *cpu, phys_addr_t pa);
void dma_path_facts(struct al_ctx *ctx, struct device *dev);
phys_addr_t dma_virt_phys(const void *cpu);
bool dma_contiguous(const void *cpu, size_t size);
unsigned long dma_cma_free_pages(void);

/* Each file's experiment, copied into the table by target.c at load. */
extern const struct al_experiment dma_exp_coherent;
extern const struct al_experiment dma_exp_streaming;
extern const struct al_experiment dma_exp_sg;
extern const struct al_experiment dma_exp_pool;
extern const struct al_experiment dma_exp_noncoherent;

#endif /* _ALLOCLAB_DMA_H */
