// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_cma: the CMA family.
 *
 *   cma_info      the CMA areas as far as a module sees them: pages per
 *                 zone, CmaFree, how buffers reach CMA on this kernel
 *   cma           count= contiguous buffers of size= (>= 1 MiB) through the
 *                 DMA API: alloc and free latency, CmaFree before / held /
 *                 after, where each buffer lies, the largest size that works
 *   cma_pressure  the same once userspace filled memory with movable pages
 *                 (the kernel lent CMA pageblocks to them): what taking them
 *                 back costs, and the migration counters
 *
 * The kernels alloclab runs on do not export cma_alloc() to modules, so
 * buffers come from dma_alloc_attrs() on a platform device of alloclab's own
 * ("alloclab-cma", no IOMMU, 64-bit coherent mask): dma-direct hands every
 * sleeping allocation above a page to dma_alloc_contiguous(), i.e. to CMA.
 * Without CMA the experiments are listed, unavailable, with the reason.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/err.h>
#include <linux/platform_device.h>
#include <linux/dma-mapping.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/percpu.h>
#include <linux/cpumask.h>
#include "cma.h"

#define CMX_DEV_NAME	"alloclab-cma"

/* The experiments, in the order they are listed; one file each. */
static const struct al_experiment * const cmx_list[] = {
	&cmx_info,
	&cmx_cma,
	&cmx_pressure,
};

/* The table the core keeps a pointer to, copied from cmx_list[] at load. */
static struct al_experiment cmx_exps[ARRAY_SIZE(cmx_list)];

static struct al_instance *cmx_inst;
static struct platform_device *cmx_pdev;	/* NULL or an ERR_PTR: no device */

/**
 * cmx_dev() - alloclab's own DMA device
 *
 * Return: the device, or NULL if it could not be created at load.
 */
struct device *cmx_dev(void)
{
	return IS_ERR_OR_NULL(cmx_pdev) ? NULL : &cmx_pdev->dev;
}

/**
 * cmx_total_pages() - pages of every zone that belong to a CMA area
 *
 * Return: the sum of the zones' cma_pages (/proc/meminfo CmaTotal).
 */
unsigned long cmx_total_pages(void)
{
	unsigned long n = 0;
	int nid, z;

	for_each_online_node(nid)
		for (z = 0; z < MAX_NR_ZONES; z++)
			n += al_zone_cma_pages(&NODE_DATA(nid)->node_zones[z]);
	return n;
}

/**
 * cmx_check_fits() - ->check of the experiments that hold @count buffers of @size
 * @ctx: the run
 * @size: bytes per buffer
 * @count: buffers
 *
 * Return: 0, or -ENOSPC with the reason if they exceed what the CMA areas hold.
 */
int cmx_check_fits(struct al_ctx *ctx, u64 size, u64 count)
{
	u64 need = size * count;
	u64 total = (u64)cmx_total_pages() << PAGE_SHIFT;

	if (need > total) {
		al_err(ctx, "size x count = %llu KiB is more than the CMA areas hold (CmaTotal %llu KiB)",
		       need >> 10, total >> 10);
		return -ENOSPC;
	}
	return 0;
}

/**
 * cmx_pcp_pages() - pages on the per-CPU free lists of the zones with CMA
 *
 * Return: zoneinfo's "count:" summed over those zones and the online CPUs:
 * freed CMA pages wait there (counted in neither MemFree nor CmaFree) until
 * the lists are drained, e.g. by the next cma_alloc().
 */
unsigned long cmx_pcp_pages(void)
{
	struct zone *zone;
	unsigned long n = 0;
	int nid, z, cpu;

	for_each_online_node(nid) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			zone = &NODE_DATA(nid)->node_zones[z];
			if (!al_zone_cma_pages(zone))
				continue;
			for_each_online_cpu(cpu)
				n += READ_ONCE(per_cpu_ptr(zone->per_cpu_pageset, cpu)->count);
		}
	}
	return n;
}

/**
 * cmx_available() - ->available of every experiment of the family
 * @ctx: the run (or a probe context)
 *
 * Return: NULL if CMA can be reached here, else why not.
 */
const char *cmx_available(struct al_ctx *ctx)
{
	if (AL_CMA_UNAVAILABLE)
		return AL_CMA_UNAVAILABLE;
	if (!cmx_total_pages())
		return "CONFIG_CMA is set but no CMA area was reserved at boot (boot with cma=64M)";
	if (!cmx_dev())
		return "alloclab's DMA device (" CMX_DEV_NAME ") could not be created at load";
	return NULL;
}

/* A platform device with a 64-bit DMA mask; no driver, no IOMMU: dma-direct. */
static void cmx_dev_create(void)
{
	struct platform_device_info info = {
		.name = CMX_DEV_NAME,
		.id = PLATFORM_DEVID_NONE,
		.dma_mask = DMA_BIT_MASK(64),
	};

	cmx_pdev = platform_device_register_full(&info);
	if (IS_ERR(cmx_pdev))
		pr_warn("cannot create device %s (%ld): the experiments are unavailable\n",
			CMX_DEV_NAME, PTR_ERR(cmx_pdev));
}

static int __init cmx_init(void)
{
	unsigned int i;

	if (!AL_CMA_UNAVAILABLE)
		cmx_dev_create();
	for (i = 0; i < ARRAY_SIZE(cmx_list); i++)
		cmx_exps[i] = *cmx_list[i];
	cmx_inst = alloclab_register(cmx_exps, ARRAY_SIZE(cmx_exps));
	if (IS_ERR(cmx_inst)) {
		if (!IS_ERR_OR_NULL(cmx_pdev))
			platform_device_unregister(cmx_pdev);
		return PTR_ERR(cmx_inst);
	}
	return 0;
}

static void __exit cmx_exit(void)
{
	alloclab_unregister(cmx_inst);
	if (!IS_ERR_OR_NULL(cmx_pdev))
		platform_device_unregister(cmx_pdev);
}

module_init(cmx_init);
module_exit(cmx_exit);

MODULE_DESCRIPTION("alloclab CMA family: cma_info, cma, cma_pressure");
MODULE_AUTHOR("alloclab developers");
MODULE_LICENSE("GPL");
