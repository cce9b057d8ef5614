/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim of <linux/bitops.h>: population count and last set bit. */
#ifndef ALLOCLAB_SHIM_LINUX_BITOPS_H
#define ALLOCLAB_SHIM_LINUX_BITOPS_H

#include <linux/types.h>

static inline unsigned int hweight64(u64 w)
{
	return __builtin_popcountll(w);
}

/* 1-based index of the most significant set bit, 0 for 0 (as the kernel's). */
static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

#endif /* ALLOCLAB_SHIM_LINUX_BITOPS_H */
