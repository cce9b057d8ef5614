/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim of <linux/math64.h>: the divisions with the kernel's types. */
#ifndef ALLOCLAB_SHIM_LINUX_MATH64_H
#define ALLOCLAB_SHIM_LINUX_MATH64_H

#include <linux/types.h>

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

/* a * b / c with a 128-bit product; the quotient is truncated to 64 bits. */
static inline u64 mul_u64_u64_div_u64(u64 a, u64 b, u64 c)
{
	return (u64)((unsigned __int128)a * b / c);
}

#endif /* ALLOCLAB_SHIM_LINUX_MATH64_H */
