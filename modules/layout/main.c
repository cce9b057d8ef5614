// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_layout: where memory is, on the kernel in front of you.
 *
 *   layout    the address-space constants, MAX_ORDER and pageblock_order,
 *             and a row per node and zone: extent, managed and free pages,
 *             watermarks and the protection (lowmem reserve), with the
 *             old "low = min x 5/4, high = min x 3/2" rule checked
 *   addr      a kmalloc buffer, a vmalloc buffer, a page and a kernel stack
 *             address: virtual, physical and bus address, zone, node, and
 *             whether each lies in the linear map
 *   pagewalk  the page-table walk of a kernel address or of a user address
 *             of the calling process: each level's entry and flags, the PFN
 *
 * Nothing here is timed: each experiment reads what the kernel has and
 * reports it as facts and table rows.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/err.h>
#include "layout.h"

/* The experiments, in the order they are listed; one file each. */
static const struct al_experiment * const lo_list[] = {
	&lo_layout,
	&lo_addr,
	&lo_pagewalk,
};

/* The table the core keeps a pointer to, copied from lo_list[] at load. */
static struct al_experiment lo_exps[ARRAY_SIZE(lo_list)];

static struct al_instance *lo_inst;

static int __init lo_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lo_list); i++)
		lo_exps[i] = *lo_list[i];
	lo_inst = alloclab_register(lo_exps, ARRAY_SIZE(lo_exps));
	return PTR_ERR_OR_ZERO(lo_inst);
}

static void __exit lo_exit(void)
{
	alloclab_unregister(lo_inst);
}

module_init(lo_init);
module_exit(lo_exit);

MODULE_DESCRIPTION("alloclab layout family: layout, addr, pagewalk");
MODULE_AUTHOR("alloclab developers");
MODULE_LICENSE("GPL");
