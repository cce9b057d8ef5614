// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_mempool: the mempool family.
 *
 *   mempool   a pool whose backing allocator (a slab cache, kmalloc or
 *             pages) fails on demand: elements served by the allocator
 *             and by the reserve, GFP_NOWAIT failing once the reserve is
 *             empty, a GFP_KERNEL allocation waiting for another worker's
 *             free, mempool_resize()
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/err.h>
#include "mp.h"

/* The table the core keeps a pointer to, copied from mp_mempool at load. */
static struct al_experiment mp_exps[1];

static struct al_instance *mp_inst;

static int __init mp_init(void)
{
	mp_exps[0] = mp_mempool;
	mp_inst = alloclab_register(mp_exps, ARRAY_SIZE(mp_exps));
	return PTR_ERR_OR_ZERO(mp_inst);
}

static void __exit mp_exit(void)
{
	alloclab_unregister(mp_inst);
}

module_init(mp_init);
module_exit(mp_exit);

MODULE_DESCRIPTION("alloclab mempool family: a mempool whose backing allocator fails on demand");
MODULE_AUTHOR("alloclab developers");
MODULE_LICENSE("GPL");
