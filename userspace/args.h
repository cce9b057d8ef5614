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
 * a valid experiment name (args_valid_name()); each word is checked with args_split_kv(). The command must fit
 * ALLOCLAB_CMD_MAX bytes and @size. Returns the length, or -1 with a
 * message in @err (errno-like code in *@code: EINVAL or E2BIG, if non-NULL).
 */
int args_build_command(char *buf, size_t size, const char *name,
		       int nwords, char *const words[],
		       char *err, size_t errlen, int *code);

/*
 * Is @name a valid experiment name: "name" or "name@instance", name made
 * of [A-Za-z0-9_-], instance of [A-Za-z0-9_.:-] (a device or area name),
 * both non-empty, at most ALLOCLAB_NAME_LEN - 1 bytes in all?
 */
int args_valid_name(const char *name);

/*
 * A number as the command language writes one: decimal or 0x hex, with an
 * optional k, m or g (powers of 1024, either case). Returns 0, or -1 if
 * @s is empty, not such a number or does not fit 64 bits.
 */
int args_parse_u64(const char *s, unsigned long long *v);

/* errno name ("EINVAL") for @e, or "E<number>" in a static buffer. */
const char *args_errno_name(int e);

#endif /* ALLOCLAB_ARGS_H */
