/* SPDX-License-Identifier: GPL-2.0 */
/* Host shim of <linux/string.h>: the C library has the same functions. */
#ifndef ALLOCLAB_SHIM_LINUX_STRING_H
#define ALLOCLAB_SHIM_LINUX_STRING_H

#include <string.h>
#include <strings.h>

#endif /* ALLOCLAB_SHIM_LINUX_STRING_H */
