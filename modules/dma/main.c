// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_dma: the DMA family.
 *
 * Targets (target.c): alloclab's own device, with a DMA mask of the run's
 * choosing, and existing devices named in the dev= parameter, validated
 * without taking them from their drivers. The edu driver (edu.c) binds QEMU's
 * edu device, adds it as a target and moves real data through its DMA engine.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include "dma.h"

static int __init dma_init(void)
{
	int ret = dmat_init();

	if (ret)
		return ret;
	ret = edu_init();
	if (ret)
		dmat_exit();
	return ret;
}

static void __exit dma_exit(void)
{
	edu_exit();
	dmat_exit();
}

module_init(dma_init);
module_exit(dma_exit);

MODULE_DESCRIPTION("alloclab DMA family: coherent, streaming, sg and pool buffers, an edu round trip");
MODULE_AUTHOR("alloclab developers");
MODULE_LICENSE("GPL");
