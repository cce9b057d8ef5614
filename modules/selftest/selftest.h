/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab_selftest internals: what the experiment files (one experiment
 * each, buffer.c two) share with main.c. Only this module includes it.
 */
#ifndef _ALLOCLAB_SELFTEST_H
#define _ALLOCLAB_SELFTEST_H

#include <linux/bug.h>
#include "../../include/alloclab/family.h"

/* Entries of the main table, in the order the experiments are listed. */
enum st_index {
	ST_NULL,
	ST_SLEEP,
	ST_FAIL,
	ST_BUFFER,
	ST_BUFFER_CHECK,
	ST_NR,
};

/**
 * struct st_table - one registration of a table of this module
 * @exps:	the table
 * @n:		its number of entries
 * @name:	instance name ("selftest0"); NULL for the main table
 * @inst:	the core's handle while registered, else NULL
 * @registered:	READ_ONCE(): set before alloclab_register*(), cleared after
 *		alloclab_unregister() returned; a run callback that finds it
 *		clear runs after the core claimed to have drained its runs
 *
 * An instance's &struct st_table is its data pointer (al_data()); the main
 * table is registered without one.
 */
struct st_table {
	const struct al_experiment *exps;
	unsigned int n;
	const char *name;
	struct al_instance *inst;
	bool registered;
};

/* Each file's experiment, copied into the tables by main.c at load. */
extern const struct al_experiment st_null;
extern const struct al_experiment st_sleep;
extern const struct al_experiment st_fail;
extern const struct al_experiment st_buffer;
extern const struct al_experiment st_buffer_check;

bool st_registered(const struct al_ctx *ctx);
const struct al_experiment *st_entry(enum st_index idx);

/*
 * Every run callback starts with this (long ones end with it too): under
 * panic_on_warn=1 a run of an unregistered table crashes the test VM.
 */
#define st_assert_registered(w)	WARN_ON_ONCE(!st_registered(al_wctx(w)))

int st_try_bad_tables(void);

#endif /* _ALLOCLAB_SELFTEST_H */
