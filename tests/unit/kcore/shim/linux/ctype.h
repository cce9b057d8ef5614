/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim of <linux/ctype.h>: ASCII classes like the kernel's (any char,
 * signed or not, is a valid argument; bytes >= 0x80 are neither digits nor
 * letters here), not the C library's locale-dependent ones.
 */
#ifndef ALLOCLAB_SHIM_LINUX_CTYPE_H
#define ALLOCLAB_SHIM_LINUX_CTYPE_H

static inline int al_shim_isdigit(int c)
{
	return '0' <= c && c <= '9';
}

static inline int al_shim_isxdigit(int c)
{
	unsigned char u = c;

	return al_shim_isdigit(u) || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F');
}

static inline unsigned char al_shim_tolower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

#define isdigit(c)	al_shim_isdigit(c)
#define isxdigit(c)	al_shim_isxdigit(c)
#define tolower(c)	al_shim_tolower(c)

#endif /* ALLOCLAB_SHIM_LINUX_CTYPE_H */
