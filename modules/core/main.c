// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_core: experiment registry, command language, runner, statistics,
 * debugfs (/sys/kernel/debug/alloclab) and /dev/alloclab. It knows no
 * allocator: the family modules (alloclab_slab, ...) bring the experiments.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include "core.h"

static int __init al_core_init(void)
{
	int ret;

	ret = al_runner_init();
	if (ret) {
		pr_err("cannot register a CPU hotplug callback (%d)\n", ret);
		return ret;
	}
	ret = al_debugfs_init();
	if (ret) {
		pr_err("cannot create debugfs directory (%d); is debugfs enabled?\n", ret);
		goto err_runner;
	}
	ret = al_chardev_init();
	if (ret) {
		pr_err("cannot register /dev/%s (%d)\n", ALLOCLAB_DEV_NAME, ret);
		goto err_debugfs;
	}
	pr_info("version %s, ABI %d, clock %s\n", AL_MODULE_VERSION, ALLOCLAB_ABI_VERSION,
		AL_HAVE_CYCLES ? "ns + " AL_CYCLES_NAME " cycles" : "ns");
	return 0;

err_debugfs:
	al_debugfs_exit();
err_runner:
	al_runner_exit();
	return ret;
}

static void __exit al_core_exit(void)
{
	al_chardev_exit();
	al_debugfs_exit();
	al_runner_exit();
	/* every family is gone: their unregister released what they held */
	al_results_reset();
}

module_init(al_core_init);
module_exit(al_core_exit);

MODULE_DESCRIPTION("alloclab core: allocator experiment runner, debugfs and /dev/alloclab");
MODULE_AUTHOR("alloclab developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(AL_MODULE_VERSION);
