/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim of <linux/types.h> for the kcore unit tests: the host's UAPI
 * header (the __u64 family the uapi header needs) plus the kernel-internal
 * names (u64 ...), size_t and bool.
 */
#ifndef ALLOCLAB_SHIM_LINUX_TYPES_H
#define ALLOCLAB_SHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#endif /* ALLOCLAB_SHIM_LINUX_TYPES_H */
