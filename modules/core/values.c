// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab values: numbers, symbolic GFP flags and the command text check.
 * Every function takes text and returns 0 or -errno with a reason; nothing
 * here knows a run, an experiment or an allocator.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/bitops.h>
#include "../../include/uapi/alloclab.h"
#include "values.h"

#define AL_GFP_BASES	(AL_GFP_KERNEL | AL_GFP_ATOMIC | AL_GFP_NOWAIT | \
			 AL_GFP_HIGHUSER_MOVABLE)
#define AL_GFP_ZONES	(AL_GFP_DMA | AL_GFP_DMA32)

/* Bases and zones first, modifiers after (the order help texts show them in). */
static const struct {
	const char *name;
	u64 bit;
} al_gfp_names[] = {
	{ "KERNEL", AL_GFP_KERNEL },
	{ "ATOMIC", AL_GFP_ATOMIC },
	{ "NOWAIT", AL_GFP_NOWAIT },
	{ "DMA", AL_GFP_DMA },
	{ "DMA32", AL_GFP_DMA32 },
	{ "HIGHUSER_MOVABLE", AL_GFP_HIGHUSER_MOVABLE },
	{ "ZERO", AL_GFP_ZERO },
	{ "NOWARN", AL_GFP_NOWARN },
	{ "NORETRY", AL_GFP_NORETRY },
	{ "RETRY_MAYFAIL", AL_GFP_RETRY_MAYFAIL },
};

/**
 * al_gfp_list() - the symbolic GFP flags, from the one table that parses them
 * @buf:	output
 * @len:	size of @buf
 * @sep:	between two names
 * @mod_sep:	before the first modifier (ZERO ...), in place of @sep
 *
 * Return: characters written.
 */
int al_gfp_list(char *buf, size_t len, const char *sep, const char *mod_sep)
{
	unsigned int i;
	int n = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(al_gfp_names); i++)
		n += scnprintf(buf + n, len - n, "%s%s",
			       !i ? "" : al_gfp_names[i].bit == AL_GFP_ZERO ? mod_sep : sep,
			       al_gfp_names[i].name);
	return n;
}

/**
 * al_format_gfp() - a symbolic GFP mask as "KERNEL|ZERO"
 * @mask:	AL_GFP_* bits
 * @buf:	output
 * @len:	size of @buf
 *
 * Return: characters written.
 */
int al_format_gfp(u64 mask, char *buf, size_t len)
{
	unsigned int i;
	int n = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(al_gfp_names); i++)
		if (mask & al_gfp_names[i].bit)
			n += scnprintf(buf + n, len - n, "%s%s", n ? "|" : "",
				       al_gfp_names[i].name);
	return n;
}

/**
 * al_parse_gfp_mask() - "KERNEL|ZERO" to AL_GFP_* bits
 * @key:	parameter name, for the reason
 * @s:		the text ('|', '+' or ',' between names, any case)
 * @out:	the mask; KERNEL is added when no base is given
 * @reason:	why it was refused
 * @rlen:	size of @reason
 *
 * Return: 0 or -EINVAL.
 */
int al_parse_gfp_mask(const char *key, const char *s, u64 *out, char *reason, size_t rlen)
{
	u64 mask = 0;
	unsigned int i;
	size_t n;

	for (;;) {
		n = strcspn(s, "|+,");
		for (i = 0; i < ARRAY_SIZE(al_gfp_names); i++)
			if (strlen(al_gfp_names[i].name) == n &&
			    !strncasecmp(s, al_gfp_names[i].name, n))
				break;
		if (i == ARRAY_SIZE(al_gfp_names)) {
			char names[128];

			al_gfp_list(names, sizeof(names), " ", " ");
			snprintf(reason, rlen, "%s: unknown GFP flag '%.*s' (%s)", key,
				 (int)min_t(size_t, n, 32), s, names);
			return -EINVAL;
		}
		mask |= al_gfp_names[i].bit;
		if (!s[n])
			break;
		s += n + 1;
	}
	if (hweight64(mask & AL_GFP_BASES) > 1) {
		snprintf(reason, rlen, "%s: give at most one of KERNEL ATOMIC NOWAIT HIGHUSER_MOVABLE",
			 key);
		return -EINVAL;
	}
	if (hweight64(mask & AL_GFP_ZONES) > 1) {
		snprintf(reason, rlen, "%s: DMA and DMA32 are two different zones: give one", key);
		return -EINVAL;
	}
	if ((mask & AL_GFP_HIGHUSER_MOVABLE) && (mask & AL_GFP_ZONES)) {
		snprintf(reason, rlen, "%s: HIGHUSER_MOVABLE cannot be combined with a DMA zone",
			 key);
		return -EINVAL;
	}
	if (!(mask & AL_GFP_BASES))
		mask |= AL_GFP_KERNEL;
	*out = mask;
	return 0;
}

static unsigned int al_suffix_shift(char c)
{
	switch (c) {
	case 'k': case 'K':
		return 10;
	case 'm': case 'M':
		return 20;
	case 'g': case 'G':
		return 30;
	}
	return 0;
}

/**
 * al_parse_number() - an unsigned number of the command language
 * @key:	parameter name, for the reason
 * @s:		decimal ("4096") or hex ("0x1000"), optionally followed by k, m
 *		or g (powers of 1024); a leading zero (octal in C) is refused
 * @out:	the value
 * @reason:	why it was refused
 * @rlen:	size of @reason
 *
 * Return: 0, -EINVAL (not a number) or -ERANGE (over 64 bits).
 */
int al_parse_number(const char *key, const char *s, u64 *out, char *reason, size_t rlen)
{
	size_t n = strlen(s);
	unsigned int shift = 0, base = 10, i, start = 0;
	u64 v = 0, d;

	if (n && al_suffix_shift(s[n - 1])) {
		shift = al_suffix_shift(s[n - 1]);
		n--;
	}
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		start = 2;
	}
	if (!n || s[0] == '-' || s[0] == '+') {
		snprintf(reason, rlen, "%s: '%.32s' is not an unsigned number", key, s);
		return -EINVAL;
	}
	if (base == 10 && n > 1 && s[0] == '0') {
		snprintf(reason, rlen,
			 "%s: '%.32s' has a leading zero (octal is not accepted): write it without, or 0x for hex",
			 key, s);
		return -EINVAL;
	}
	for (i = start; i < n; i++) {
		if (base == 10 ? !isdigit(s[i]) : !isxdigit(s[i])) {
			snprintf(reason, rlen, "%s: '%.32s' is not a number", key, s);
			return -EINVAL;
		}
		d = isdigit(s[i]) ? s[i] - '0' : (tolower(s[i]) - 'a' + 10);
		if (v > (U64_MAX - d) / base) {
			snprintf(reason, rlen, "%s: '%.32s' overflows 64 bits", key, s);
			return -ERANGE;
		}
		v = v * base + d;
	}
	if (shift && v > (U64_MAX >> shift)) {
		snprintf(reason, rlen, "%s: '%.32s' overflows 64 bits", key, s);
		return -ERANGE;
	}
	*out = v << shift;
	return 0;
}

/**
 * al_parse_bounded() - a number of the command language within [min, max]
 * @key:	parameter name, for the reason
 * @s:		the text (see al_parse_number())
 * @min:	smallest value accepted
 * @max:	largest value accepted
 * @out:	the value (untouched on error)
 * @reason:	why it was refused
 * @rlen:	size of @reason
 *
 * Return: 0, -EINVAL (not a number), -ERANGE (over 64 bits or out of bounds).
 */
int al_parse_bounded(const char *key, const char *s, u64 min, u64 max, u64 *out,
		     char *reason, size_t rlen)
{
	u64 v;
	int ret = al_parse_number(key, s, &v, reason, rlen);

	if (ret)
		return ret;
	if (v < min || v > max) {
		snprintf(reason, rlen, "%s=%llu is out of range %llu..%llu", key, v, min, max);
		return -ERANGE;
	}
	*out = v;
	return 0;
}

/**
 * al_check_command_text() - reject what is not a command before parsing
 * @buf:	bytes written by the user
 * @len:	their number (one trailing newline or NUL is not counted)
 * @reason:	why it was refused
 * @rlen:	size of @reason
 *
 * Return: 0, -EINVAL (empty, binary), -E2BIG (too long).
 */
int al_check_command_text(const char *buf, size_t len, char *reason, size_t rlen)
{
	size_t i;

	if (len && (buf[len - 1] == '\n' || !buf[len - 1]))
		len--;
	if (len > ALLOCLAB_CMD_MAX) {
		snprintf(reason, rlen, "command is %zu bytes, the limit is %d", len,
			 ALLOCLAB_CMD_MAX);
		return -E2BIG;
	}
	for (i = 0; i < len; i++) {
		unsigned char ch = buf[i];

		if (ch != ' ' && ch != '\t' && (ch < 0x21 || ch > 0x7e)) {
			snprintf(reason, rlen, "byte 0x%02x at offset %zu is not printable text",
				 ch, i);
			return -EINVAL;
		}
	}
	for (i = 0; i < len; i++)
		if (buf[i] != ' ' && buf[i] != '\t')
			return 0;
	snprintf(reason, rlen, "empty command: give NAME key=value ...");
	return -EINVAL;
}

/**
 * al_errno_name() - "EINVAL" for -EINVAL
 * @err:	a negative errno
 *
 * Return: the name, or "E?" for one the core never returns.
 */
const char *al_errno_name(int err)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ EINVAL, "EINVAL" }, { ERANGE, "ERANGE" }, { E2BIG, "E2BIG" },
		{ EFBIG, "EFBIG" }, { ENOENT, "ENOENT" }, { ENOMEM, "ENOMEM" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EINTR, "EINTR" }, { EFAULT, "EFAULT" },
		{ EPROTO, "EPROTO" }, { EPERM, "EPERM" }, { EBUSY, "EBUSY" },
		{ ENODEV, "ENODEV" }, { EIO, "EIO" }, { EAGAIN, "EAGAIN" },
		{ ENOSPC, "ENOSPC" }, { ETIMEDOUT, "ETIMEDOUT" }, { ECANCELED, "ECANCELED" },
		{ EEXIST, "EEXIST" }, { ENOTTY, "ENOTTY" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].e == -err)
			return names[i].name;
	return "E?";
}
