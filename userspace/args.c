// SPDX-License-Identifier: GPL-2.0
/*
 * args.c - experiment command assembly and errno names. See args.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/types.h>
#include "alloclab.h"
#include "args.h"

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static void set_err(char *err, size_t errlen, int *code, int e,
		    const char *fmt, const char *a, unsigned long n)
{
	if (code)
		*code = e;
	if (err && errlen)
		snprintf(err, errlen, fmt, a, n);
}

int args_split_kv(const char *word, char *key, size_t keylen,
		  const char **val, char *err, size_t errlen)
{
	const char *eq = strchr(word, '=');
	const char *p;
	size_t klen;

	if (!eq) {
		set_err(err, errlen, NULL, 0,
			"\"%s\" is not key=value", word, 0);
		return -1;
	}
	klen = eq - word;
	if (!klen) {
		set_err(err, errlen, NULL, 0, "empty key in \"%s\"", word, 0);
		return -1;
	}
	for (p = word; p < eq; p++) {
		if (!word_char(*p)) {
			set_err(err, errlen, NULL, 0,
				"bad character in key of \"%s\"", word, 0);
			return -1;
		}
	}
	if (klen >= keylen) {
		set_err(err, errlen, NULL, 0, "key too long in \"%s\"", word, 0);
		return -1;
	}
	if (!eq[1]) {
		set_err(err, errlen, NULL, 0, "empty value in \"%s\"", word, 0);
		return -1;
	}
	for (p = eq + 1; *p; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			set_err(err, errlen, NULL, 0,
				"blank or control character in value of \"%s\"",
				word, 0);
			return -1;
		}
	}
	memcpy(key, word, klen);
	key[klen] = '\0';
	*val = eq + 1;
	return 0;
}

int args_valid_name(const char *name)
{
	const char *at = strchr(name, '@'), *p;

	if (!*name || name == at || strlen(name) >= ALLOCLAB_NAME_LEN)
		return 0;
	for (p = name; *p && p != at; p++)
		if (!word_char(*p) && *p != '-')
			return 0;
	if (!at)
		return 1;
	if (!at[1])
		return 0;
	for (p = at + 1; *p; p++)
		if (!word_char(*p) && !strchr("-.:", *p))
			return 0;
	return 1;
}

int args_build_command(char *buf, size_t size, const char *name,
		       int nwords, char *const words[],
		       char *err, size_t errlen, int *code)
{
	size_t len, limit = size - 1;
	int i;

	if (!size)
		return -1;
	buf[0] = '\0';
	if (limit > ALLOCLAB_CMD_MAX)
		limit = ALLOCLAB_CMD_MAX;
	if (!name || !*name) {
		set_err(err, errlen, code, EINVAL, "no experiment name%s", "", 0);
		return -1;
	}
	if (strlen(name) >= ALLOCLAB_NAME_LEN) {
		set_err(err, errlen, code, EINVAL,
			"experiment name \"%s\" longer than %lu bytes", name,
			ALLOCLAB_NAME_LEN - 1);
		return -1;
	}
	if (!args_valid_name(name)) {
		set_err(err, errlen, code, EINVAL,
			"bad experiment name \"%s\"", name, 0);
		return -1;
	}
	len = strlen(name);
	if (len > limit)
		goto too_long;
	memcpy(buf, name, len + 1);

	for (i = 0; i < nwords; i++) {
		char key[ALLOCLAB_CMD_MAX];
		const char *val;
		size_t wl = strlen(words[i]);

		if (args_split_kv(words[i], key, sizeof(key), &val, err, errlen)) {
			if (code)
				*code = EINVAL;
			buf[0] = '\0';
			return -1;
		}
		if (len + 1 + wl > limit)
			goto too_long;
		buf[len++] = ' ';
		memcpy(buf + len, words[i], wl + 1);
		len += wl;
	}
	return (int)len;

too_long:
	buf[0] = '\0';
	set_err(err, errlen, code, E2BIG, "command too long%s (limit %lu bytes)",
		"", (unsigned long)limit);
	return -1;
}

int args_parse_u64(const char *s, unsigned long long *v)
{
	unsigned long long n = 0, base = 10, shift = 0, d;
	const char *p = s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!*p)
		return -1;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (n > (~0ULL - d) / base)
			return -1;
		n = n * base + d;
	}
	if (p == s || (base == 16 && p == s + 2))
		return -1;
	if (*p && p[1])
		return -1;
	switch (*p) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	default:
		return -1;
	}
	if (shift && n > (~0ULL >> shift))
		return -1;
	*v = n << shift;
	return 0;
}

const char *args_errno_name(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
		{ EINTR, "EINTR" }, { EIO, "EIO" }, { ENXIO, "ENXIO" },
		{ E2BIG, "E2BIG" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
		{ EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
		{ ENOTTY, "ENOTTY" }, { EFBIG, "EFBIG" }, { ENOSYS, "ENOSYS" },
		{ ENAMETOOLONG, "ENAMETOOLONG" }, { EOVERFLOW, "EOVERFLOW" },
		{ EPROTO, "EPROTO" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { ECANCELED, "ECANCELED" },
		{ EMSGSIZE, "EMSGSIZE" }, { EDOM, "EDOM" }, { ENODATA, "ENODATA" },
		{ EILSEQ, "EILSEQ" },
	};
	static char buf[16];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}
