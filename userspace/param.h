/* SPDX-License-Identifier: GPL-2.0 */
/*
 * param.h - the typed parameter records of ALLOCLAB_IOC_LIST
 * (struct alloclab_param) as text, for `alloclab list`:
 *
 *	size=64 (1..4194304 bytes) object size
 *	gfp=KERNEL (KERNEL|ATOMIC|...|NORETRY) GFP flags, joined by '|'
 *	pattern=repeat (repeat|bulk|random) allocation order
 *	hold=0 (0|1) keep the objects until 'release'
 *	dev=- (text) device name
 *
 * The kernel's strings are fixed-size fields that may lack their NUL:
 * param_terminate() first.
 */
#ifndef ALLOCLAB_PARAM_H
#define ALLOCLAB_PARAM_H

#include <stddef.h>

#include <linux/types.h>
#include "uapi/alloclab.h"

/* NUL-terminate every string field of @p. */
void param_terminate(struct alloclab_param *p);

/* "u64", "bool", "enum", "gfp", "string", or "type<N>". */
const char *param_type_name(unsigned int type, char *buf, size_t len);

/*
 * The default as text: def_str if set, else def in decimal (U64, BOOL),
 * the def-th choice (ENUM), "-" if nothing says.
 */
const char *param_default(const struct alloclab_param *p, char *buf, size_t len);

/*
 * What a value may be: "min..max unit" (U64, unit only if set), "0|1"
 * (BOOL), the choices (ENUM, GFP; "flags" if the kernel gave none), "text"
 * (STRING).
 */
const char *param_range(const struct alloclab_param *p, char *buf, size_t len);

/* "name=default (range) help" ("name=default (range)" without help). */
const char *param_format(const struct alloclab_param *p, char *buf, size_t len);

/*
 * Choice @i of a "a|b|c" list into @buf; NULL if there is no such choice.
 */
const char *param_choice(const char *choices, unsigned int i, char *buf, size_t len);

#endif /* ALLOCLAB_PARAM_H */
