/* SPDX-License-Identifier: GPL-2.0 */
/*
 * args.h - assembling an experiment command ("NAME key=value ...") from
 * command-line words, with the checks the kernel would apply anyway so the
 * user gets the message before anything is sent.
 */
#ifndef ALLOCLAB_ARGS_H
#define ALLOCLAB_ARGS_H

#include <stddef.h>

/*
 * Split "key=value" at the first '='. The key must be non-empty and made of
 * [A-Za-z0-9_]; the value must be non-empty and contain no blank or control
 * character. Returns 0, or -1 with a message in @err.
 */
int args_split_kv(const char *word, char *key, size_t keylen,
		  const char **val, char *err, size_t errlen);

/*
 * Build "NAME k=v k=v" into @buf (size @size, NUL-terminated). NAME must be
 * a valid experiment name ([A-Za-z0-9_-], at most ALLOCLAB_NAME_LEN - 1
 * bytes); each word is checked with args_split_kv(). The command must fit
 * ALLOCLAB_CMD_MAX bytes and @size. Returns the length, or -1 with a
 * message in @err (errno-like code in *@code: EINVAL or E2BIG, if non-NULL).
 */
int args_build_command(char *buf, size_t size, const char *name,
		       int nwords, char *const words[],
		       char *err, size_t errlen, int *code);

/*
 * One parameter of an experiment as ALLOCLAB_IOC_LIST describes it:
 * "key=default (min..max|a|b) help;" items, separated by blanks.
 */
struct param_desc {
	char name[32];
	char def[64];
	char range[192];	/* inside the parentheses, may be "" */
	char help[256];
};

/*
 * Parse a params description into at most @max entries of @out. Returns the
 * number of entries (items that do not parse are skipped and counted in
 * *@bad if non-NULL).
 */
int args_parse_params(const char *text, struct param_desc *out, int max, int *bad);

/* errno name ("EINVAL") for @e, or "E<number>" in a static buffer. */
const char *args_errno_name(int e);

#endif /* ALLOCLAB_ARGS_H */
