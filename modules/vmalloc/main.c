// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_vmalloc: the kernel virtual allocators.
 *
 *   vmalloc            vmalloc/vzalloc/vmalloc_user/vmalloc_huge per call and
 *                      per page, the buffer's physical layout page by page,
 *                      huge mappings, hold=1 for /proc/vmallocinfo and mmap
 *   kvmalloc           which sizes kvmalloc serves from kmalloc, which from
 *                      vmalloc, measured with is_vmalloc_addr()
 *   vmalloc_vs_kmalloc the same size through both allocators
 *   percpu             alloc_percpu/free_percpu and the per-CPU addresses
 *   ioremap            a device's BAR (QEMU's edu) mapped into vmalloc space
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/err.h>
#include "vm.h"

/* The experiments, in the order they are listed; one file each. */
static const struct al_experiment * const vml_list[] = {
	&vml_vmalloc,
	&vml_kvmalloc,
	&vml_vs_kmalloc,
	&vml_percpu,
	&vml_ioremap,
};

/* The table the core keeps a pointer to, copied from vml_list[] at load. */
static struct al_experiment vml_exps[ARRAY_SIZE(vml_list)];

static struct al_instance *vml_inst;

static int __init vml_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vml_list); i++)
		vml_exps[i] = *vml_list[i];
	vml_inst = alloclab_register(vml_exps, ARRAY_SIZE(vml_exps));
	return PTR_ERR_OR_ZERO(vml_inst);
}

static void __exit vml_exit(void)
{
	alloclab_unregister(vml_inst);	/* frees what held runs keep */
}

module_init(vml_init);
module_exit(vml_exit);

MODULE_DESCRIPTION("alloclab vmalloc family: vmalloc, kvmalloc, vmalloc_vs_kmalloc, percpu, ioremap");
MODULE_AUTHOR("alloclab developers");
MODULE_LICENSE("GPL");
