/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz.h - what `alloclab ioctl-test fuzz` sends, made without touching the
 * kernel so it can be unit-tested: a seeded generator and random command
 * texts built from the experiments ALLOCLAB_IOC_LIST describes.
 *
 * Safety rules every command obeys (fuzz_command_safe() checks them, the
 * executor sends nothing that fails the check):
 *  - force= only ever gets a value no parser reads as true ("2", "-1" ...);
 *  - no experiment whose name starts with "sleep" is named;
 *  - a command naming a listed experiment ends with "timeout_ms=2000" and
 *    sets timeout_ms nowhere else, so nothing runs long.
 */
#ifndef ALLOCLAB_FUZZ_H
#define ALLOCLAB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>
#include "uapi/alloclab.h"

/* splitmix64: the same seed gives the same cases on every machine. */
struct fuzz_rng {
	uint64_t s;
};

void fuzz_seed(struct fuzz_rng *r, uint64_t seed);
uint64_t fuzz_next(struct fuzz_rng *r);
/* 0..n-1 (0 if n is 0) */
uint64_t fuzz_below(struct fuzz_rng *r, uint64_t n);

/* Kinds of command text */
enum {
	FUZZ_BYTES,		/* random bytes, NUL and high bytes included */
	FUZZ_PRINTABLE,		/* random printable words */
	FUZZ_EXPERIMENT,	/* a listed name, real and bogus key=value words */
	FUZZ_LONG,		/* a listed name and ~2000 bytes of words */
	FUZZ_BUILTIN,		/* release / cancel / reset with junk */
	FUZZ_NR_KINDS
};

#define FUZZ_CMD_ROOM	4096			/* a buffer for one command */
#define FUZZ_TIMEOUT	"timeout_ms=2000"	/* ends every experiment command */

/* May a command name experiment @l? (every listed one but sleep*) */
int fuzz_usable(const struct alloclab_list *l);

/* "bytes", "printable", "experiment", "long", "builtin" */
const char *fuzz_kind_name(int kind);

/*
 * One random command of the experiments @exps[0..n-1] into @buf
 * (FUZZ_CMD_ROOM bytes); its kind in *@kind. Returns the length (the text
 * may hold NUL bytes; it is NUL-terminated after @len too).
 */
size_t fuzz_command(struct fuzz_rng *r, const struct alloclab_list *exps, unsigned int n,
		    char *buf, int *kind);

/* Does the @len bytes of @cmd obey the safety rules above? */
int fuzz_command_safe(const char *cmd, size_t len, const struct alloclab_list *exps,
		      unsigned int n);

/*
 * A command that runs quickly if anything does: "null timeout_ms=2000",
 * else "kmalloc size=8 count=1 timeout_ms=2000", else the first usable
 * available experiment with its defaults. Returns its length.
 */
size_t fuzz_cheap_command(const struct alloclab_list *exps, unsigned int n,
			  char *buf, size_t size);

#endif /* ALLOCLAB_FUZZ_H */
