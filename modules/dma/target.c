// SPDX-License-Identifier: GPL-2.0
/* Targets of the generic DMA experiments (skeleton: filled in next). */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include "dma.h"

struct dmat {
	struct device *dev;
};

/**
 * dmat_add() - make @dev a target of the generic DMA experiments
 * @dev: the device (its DMA mask already set)
 * @name: the instance name ("0000:00:04.0")
 * @own: alloclab's own device: runs may change its mask
 *
 * Return: the target, or an ERR_PTR.
 */
struct dmat *dmat_add(struct device *dev, const char *name, bool own)
{
	struct dmat *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return ERR_PTR(-ENOMEM);
	t->dev = dev;
	return t;
}

/**
 * dmat_remove() - unregister a target's experiments and free it
 * @t: the target, may be NULL or an ERR_PTR
 */
void dmat_remove(struct dmat *t)
{
	if (!IS_ERR_OR_NULL(t))
		kfree(t);
}

/**
 * dmat_init() - add alloclab's own device and the dev= devices
 *
 * Return: 0 or -errno.
 */
int dmat_init(void)
{
	return 0;
}

/**
 * dmat_exit() - remove every target dmat_init() added
 */
void dmat_exit(void)
{
}
