/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim of <linux/kernel.h>: the few helpers modules/core/stats.c and
 * values.c use, with the kernel's semantics (scnprintf() returns what it
 * wrote; min()/max()/clamp() refuse two different types).
 */
#ifndef ALLOCLAB_SHIM_LINUX_KERNEL_H
#define ALLOCLAB_SHIM_LINUX_KERNEL_H

#include <stdarg.h>
#include <stdio.h>
#include <linux/types.h>

#define U8_MAX		((u8)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)
#define S64_MAX		((s64)(U64_MAX >> 1))

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The comparison of two pointers warns (-Werror) when the types differ. */
#define __al_cmp(x, y, op) ({			\
	typeof(x) _x = (x);			\
	typeof(y) _y = (y);			\
	(void)(&_x == &_y);			\
	_x op _y ? _x : _y; })

#define min(x, y)		__al_cmp(x, y, <)
#define max(x, y)		__al_cmp(x, y, >)
#define min_t(type, x, y)	__al_cmp((type)(x), (type)(y), <)
#define max_t(type, x, y)	__al_cmp((type)(x), (type)(y), >)
#define clamp(v, lo, hi)	min(max(v, lo), hi)

/* Kernel scnprintf(): characters written to @buf, not counting the NUL. */
static inline __attribute__((format(printf, 3, 4)))
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int i;

	va_start(ap, fmt);
	i = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (i < 0)
		return 0;
	if ((size_t)i < size)
		return i;
	return size ? (int)size - 1 : 0;
}

#endif /* ALLOCLAB_SHIM_LINUX_KERNEL_H */
