/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab_dma: shared declarations of the DMA family.
 *
 * target.c owns the "targets": devices the generic DMA experiments (coherent,
 * streaming, sg, pool, noncoherent) run on, each registered as a table of
 * "name@device" experiments. edu.c is the driver for QEMU's edu device; its
 * probe adds the device as a target and registers the round-trip experiment.
 */
#ifndef _ALLOCLAB_DMA_H
#define _ALLOCLAB_DMA_H

#include <linux/device.h>
#include "../../include/alloclab/family.h"

struct dmat;

struct dmat *dmat_add(struct device *dev, const char *name, bool own);
void dmat_remove(struct dmat *t);
int dmat_init(void);
void dmat_exit(void);

int edu_init(void);
void edu_exit(void);

#endif /* _ALLOCLAB_DMA_H */
