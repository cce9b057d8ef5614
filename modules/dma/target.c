// SPDX-License-Identifier: GPL-2.0
/*
 * Targets of the generic DMA experiments.
 *
 * - alloclab's own device: a platform device "alloclab-dma" no driver binds,
 *   registered under the plain names ("coherent", "streaming", ...). Its
 *   mask (32 bits by default) is set per run by mask=; runs on it are
 *   serialized (a mutex from ->prepare to ->finish) and the default comes
 *   back after each.
 * - Devices named in dev= (PCI or platform names, comma separated): looked up
 *   at load, referenced, never bound and never given another mask; their
 *   experiments are "name@device". A name not found is logged and skipped.
 *   A bus notifier removes the target when the device goes away or its
 *   driver unbinds (its DMA setup may change under the runs).
 * - The edu driver (edu.c) adds the edu device it binds through dmat_add().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include "dma.h"

static char *dev_names;
module_param_named(dev, dev_names, charp, 0444);
MODULE_PARM_DESC(dev, "existing devices to validate (PCI or platform names, comma separated), never bound");

#define DMAT_OWN_NAME	"alloclab-dma"
#define DMAT_OWN_MASK	DMA_BIT_MASK(32)

/* The table the core keeps a pointer to, copied from the experiment files at load. */
static struct al_experiment dmat_exps[5];

static struct platform_device *dmat_pdev;
static struct dmat *dmat_own;
static LIST_HEAD(dmat_named);		/* dev= targets */
static DEFINE_MUTEX(dmat_lock);		/* dmat_named */

/* Take @dev's dev= target out (its driver is adding it, or it goes away). */
static bool dmat_forget(struct device *dev)
{
	struct dmat *t, *found = NULL;

	mutex_lock(&dmat_lock);
	list_for_each_entry(t, &dmat_named, node) {
		if (t->dev == dev) {
			found = t;
			list_del_init(&t->node);
			break;
		}
	}
	mutex_unlock(&dmat_lock);
	if (!found)
		return false;
	pr_info("dev=%s: no longer a dev= target (its driver adds it, or it goes away)\n",
		found->name);
	dmat_remove(found);
	return true;
}

/**
 * dmat_add() - make @dev a target of the generic DMA experiments
 * @dev: the device (its DMA mask already set by its driver)
 * @name: the instance name ("0000:00:04.0"); NULL: the plain names (own)
 * @own: alloclab's own device: runs may change its mask
 *
 * A driver adding a device that dev= named replaces that dev= target.
 *
 * Return: the target, or an ERR_PTR (-EEXIST: the name is registered).
 */
struct dmat *dmat_add(struct device *dev, const char *name, bool own)
{
	struct dmat *t;
	int ret = -ENOMEM;

	if (!own)
		dmat_forget(dev);
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	if (name) {
		t->name = kstrdup(name, GFP_KERNEL);
		if (!t->name)
			goto err;
	}
	t->dev = get_device(dev);
	t->own = own;
	t->def_mask = dma_get_mask(dev);
	mutex_init(&t->lock);
	INIT_LIST_HEAD(&t->node);
	t->inst = alloclab_register_instance(dmat_exps, ARRAY_SIZE(dmat_exps), name, t);
	if (IS_ERR(t->inst)) {
		ret = PTR_ERR(t->inst);
		put_device(dev);
		goto err;
	}
	return t;
err:
	kfree(t->name);
	kfree(t);
	return ERR_PTR(ret);
}

/**
 * dmat_remove() - unregister a target's experiments and free it
 * @t: the target, may be NULL or an ERR_PTR
 *
 * The core drains the runs in flight first (they see al_should_stop()).
 */
void dmat_remove(struct dmat *t)
{
	if (IS_ERR_OR_NULL(t))
		return;
	alloclab_unregister(t->inst);
	put_device(t->dev);
	mutex_destroy(&t->lock);
	kfree(t->name);
	kfree(t);
}

static struct device *dmat_find(const char *name)
{
	struct device *dev = bus_find_device_by_name(&pci_bus_type, NULL, name);

	return dev ?: bus_find_device_by_name(&platform_bus_type, NULL, name);
}

/* One dev= name: a target, or a line in the log. */
static void dmat_add_named(const char *name)
{
	struct device *dev = dmat_find(name);
	struct dmat *t;

	if (!dev) {
		pr_warn("dev=%s: no such PCI or platform device, skipped\n", name);
		return;
	}
	if (!dev->dma_mask || !dev->coherent_dma_mask) {
		pr_warn("dev=%s: the device has no DMA mask (not DMA-capable), skipped\n", name);
		put_device(dev);
		return;
	}
	t = dmat_add(dev, name, false);
	put_device(dev);	/* dmat_add() took its own */
	if (IS_ERR(t)) {
		pr_warn("dev=%s: cannot register its experiments (%ld), skipped\n", name,
			PTR_ERR(t));
		return;
	}
	mutex_lock(&dmat_lock);
	list_add_tail(&t->node, &dmat_named);
	mutex_unlock(&dmat_lock);
	pr_info("dev=%s: validating it (DMA mask %d bits), its driver untouched\n", name,
		fls64(dma_get_mask(dev)));
}

static void dmat_add_names(void)
{
	char *list, *p, *name;

	if (!dev_names || !*dev_names)
		return;
	list = kstrdup(dev_names, GFP_KERNEL);
	if (!list)
		return;
	p = list;
	while ((name = strsep(&p, ",")))
		if (*name)
			dmat_add_named(name);
	kfree(list);
}

/* A dev= device went away or lost its driver: take its target out. */
static int dmat_bus_event(struct notifier_block *nb, unsigned long action, void *data)
{
	if (action != BUS_NOTIFY_DEL_DEVICE && action != BUS_NOTIFY_UNBIND_DRIVER)
		return NOTIFY_DONE;
	return dmat_forget(data) ? NOTIFY_OK : NOTIFY_DONE;
}

static struct notifier_block dmat_pci_nb = { .notifier_call = dmat_bus_event };
static struct notifier_block dmat_plat_nb = { .notifier_call = dmat_bus_event };

static int dmat_own_add(void)
{
	int ret;

	dmat_pdev = platform_device_register_simple(DMAT_OWN_NAME, PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(dmat_pdev))
		return PTR_ERR(dmat_pdev);
	ret = dma_set_mask_and_coherent(&dmat_pdev->dev, DMAT_OWN_MASK);
	if (ret)
		goto err;
	dmat_own = dmat_add(&dmat_pdev->dev, NULL, true);
	if (!IS_ERR(dmat_own))
		return 0;
	ret = PTR_ERR(dmat_own);
err:
	platform_device_unregister(dmat_pdev);
	return ret;
}

/**
 * dmat_init() - add alloclab's own device and the dev= devices
 *
 * Return: 0 or -errno (only if the own device cannot be made).
 */
int dmat_init(void)
{
	int ret;

	dmat_exps[0] = dma_exp_coherent;
	dmat_exps[1] = dma_exp_streaming;
	dmat_exps[2] = dma_exp_sg;
	dmat_exps[3] = dma_exp_pool;
	dmat_exps[4] = dma_exp_noncoherent;
	ret = dmat_own_add();
	if (ret)
		return ret;
	ret = bus_register_notifier(&pci_bus_type, &dmat_pci_nb);
	if (ret)
		goto err_own;
	ret = bus_register_notifier(&platform_bus_type, &dmat_plat_nb);
	if (ret)
		goto err_pci;
	dmat_add_names();
	return 0;
err_pci:
	bus_unregister_notifier(&pci_bus_type, &dmat_pci_nb);
err_own:
	dmat_remove(dmat_own);
	platform_device_unregister(dmat_pdev);
	return ret;
}

/**
 * dmat_exit() - remove every target dmat_init() added
 */
void dmat_exit(void)
{
	struct dmat *t, *tmp;

	bus_unregister_notifier(&platform_bus_type, &dmat_plat_nb);
	bus_unregister_notifier(&pci_bus_type, &dmat_pci_nb);
	list_for_each_entry_safe(t, tmp, &dmat_named, node) {
		list_del(&t->node);
		dmat_remove(t);
	}
	dmat_remove(dmat_own);
	platform_device_unregister(dmat_pdev);
}
