/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim of <linux/errno.h>. The C library's <errno.h> itself includes
 * <linux/errno.h> (and finds this file first), so the constants come from
 * the host's UAPI header via #include_next, never from <errno.h> alone.
 */
#ifndef ALLOCLAB_SHIM_LINUX_ERRNO_H
#define ALLOCLAB_SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>
#include <errno.h>

#endif /* ALLOCLAB_SHIM_LINUX_ERRNO_H */
