// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_slab: the slab family.
 *
 *   kmalloc          kmalloc()/kfree() of one size in three patterns, with
 *                    what the allocator really gave (ksize, class, backing)
 *   kmalloc_classes  the kmalloc size classes of this kernel, measured
 *   kmem_cache       a cache of its own in three patterns: layout, constructor
 *                    calls, bulk API, hold=1 to read /proc/slabinfo while the
 *                    objects live
 *
 * Each experiment is a parameter table and a few callbacks; the core parses,
 * validates, budgets, starts the workers and times what the callbacks bracket
 * with al_op_begin()/al_op_done()/al_op_end().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/err.h>
#include "slab.h"

/* The experiments, in the order they are listed; one file each. */
static const struct al_experiment * const slab_list[] = {
	&slab_kmalloc,
	&slab_kmalloc_classes,
	&slab_kmem_cache,
};

/* The table the core keeps a pointer to, copied from slab_list[] at load. */
static struct al_experiment slab_exps[ARRAY_SIZE(slab_list)];

static struct al_instance *slab_inst;

static int __init slab_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(slab_list); i++)
		slab_exps[i] = *slab_list[i];
	slab_inst = alloclab_register(slab_exps, ARRAY_SIZE(slab_exps));
	return PTR_ERR_OR_ZERO(slab_inst);
}

static void __exit slab_exit(void)
{
	alloclab_unregister(slab_inst);
	slab_kmc_exit();
}

module_init(slab_init);
module_exit(slab_exit);

MODULE_DESCRIPTION("alloclab slab family: kmalloc, kmalloc_classes, kmem_cache");
MODULE_AUTHOR("alloclab developers");
MODULE_LICENSE("GPL");
