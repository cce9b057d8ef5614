// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_pages: the buddy allocator family.
 *
 *   pages       alloc_pages()/__free_pages() of one order in three patterns,
 *               or the page-array bulk API: ns per block, zone and node of
 *               each block, every block checked contiguous and aligned
 *   gfp_matrix  every GFP profile x order 0..MAX_ORDER: success, zone,
 *               latency per cell
 *   fragment    takes a share of free memory and frees every other page:
 *               the largest order left, the free lists and the unusable
 *               free space index before / held / after, compaction
 *
 * Each experiment is a parameter table and a few callbacks (one file each);
 * the core parses, validates, budgets, starts the workers and times what the
 * callbacks bracket with al_op_begin()/al_op_done()/al_op_end().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/err.h>
#include "pages.h"

/* The experiments, in the order they are listed; one file each. */
static const struct al_experiment * const pg_list[] = {
	&pg_pages,
	&pg_gfp_matrix,
	&pg_fragment,
};

/* The table the core keeps a pointer to, copied from pg_list[] at load. */
static struct al_experiment pg_exps[ARRAY_SIZE(pg_list)];

static struct al_instance *pg_inst;

static int __init pg_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pg_list); i++)
		pg_exps[i] = *pg_list[i];
	pg_inst = alloclab_register(pg_exps, ARRAY_SIZE(pg_exps));
	return PTR_ERR_OR_ZERO(pg_inst);
}

static void __exit pg_exit(void)
{
	alloclab_unregister(pg_inst);
}

module_init(pg_init);
module_exit(pg_exit);

MODULE_DESCRIPTION("alloclab pages family: pages, gfp_matrix, fragment");
MODULE_AUTHOR("alloclab developers");
MODULE_LICENSE("GPL");
