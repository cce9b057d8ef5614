// SPDX-License-Identifier: GPL-2.0
/* The driver for QEMU's edu device (skeleton: filled in next). */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include "dma.h"

/**
 * edu_init() - register the edu PCI driver
 *
 * Return: 0 or -errno.
 */
int edu_init(void)
{
	return 0;
}

/**
 * edu_exit() - unregister the edu PCI driver
 */
void edu_exit(void)
{
}
