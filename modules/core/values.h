/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab values: the text-level pieces of the command language (numbers,
 * symbolic GFP flags, what counts as command text). Pure functions on
 * strings, also built on the host for the unit tests.
 */
#ifndef _ALLOCLAB_VALUES_H
#define _ALLOCLAB_VALUES_H

#include <linux/types.h>

/* Symbolic GFP flags: raw bit values differ between kernels. */
enum {
	AL_GFP_KERNEL		= 1 << 0,
	AL_GFP_ATOMIC		= 1 << 1,
	AL_GFP_NOWAIT		= 1 << 2,
	AL_GFP_HIGHUSER_MOVABLE	= 1 << 3,
	AL_GFP_DMA		= 1 << 4,
	AL_GFP_DMA32		= 1 << 5,
	AL_GFP_ZERO		= 1 << 6,
	AL_GFP_NOWARN		= 1 << 7,
	AL_GFP_NORETRY		= 1 << 8,
	AL_GFP_RETRY_MAYFAIL	= 1 << 9,
};

int al_parse_number(const char *key, const char *s, u64 *out, char *reason, size_t rlen);
int al_parse_bounded(const char *key, const char *s, u64 min, u64 max, u64 *out,
		      char *reason, size_t rlen);
int al_parse_gfp_mask(const char *key, const char *s, u64 *out, char *reason, size_t rlen);
int al_format_gfp(u64 mask, char *buf, size_t len);
int al_gfp_list(char *buf, size_t len, const char *sep, const char *mod_sep);
int al_check_command_text(const char *buf, size_t len, char *reason, size_t rlen);
const char *al_errno_name(int err);

#endif /* _ALLOCLAB_VALUES_H */
