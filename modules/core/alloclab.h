/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab core <-> family module interface.
 *
 * A family module describes experiments (a parameter table and a run
 * function) and registers them with alloclab_register(). The core parses and
 * validates the command, enforces the memory budget, starts one bound kthread
 * per requested CPU behind a start barrier, times what the run function does
 * through the al_op_*() helpers below, and formats the result. A family knows
 * no debugfs, ioctl or statistics code.
 */
#ifndef _ALLOCLAB_H
#define _ALLOCLAB_H

#include <linux/types.h>
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/kthread.h>
#include "../../include/uapi/alloclab.h"
#include "compat.h"

#define AL_MAX_PARAMS	16

enum al_param_type {
	AL_P_U64,	/* unsigned number, k/K/m/M/g/G suffixes (powers of 2) */
	AL_P_BOOL,	/* 0 or 1 */
	AL_P_ENUM,	/* one of ->choices; value is the index */
	AL_P_GFP,	/* symbolic GFP flags joined with '|'; value is gfp_t */
};

/**
 * struct al_param - one typed parameter of an experiment
 * @name:	key in the command ("size")
 * @help:	one line for the experiment list
 * @type:	how the value is parsed
 * @def:	default (for AL_P_ENUM the index, for AL_P_GFP ignored: @gfp_def)
 * @min:	smallest accepted value (AL_P_U64)
 * @max:	largest accepted value (AL_P_U64)
 * @choices:	NULL-terminated names (AL_P_ENUM)
 * @gfp_def:	default flags, symbolic (AL_P_GFP), e.g. "KERNEL"
 */
struct al_param {
	const char *name;
	const char *help;
	enum al_param_type type;
	u64 def;
	u64 min;
	u64 max;
	const char * const *choices;
	const char *gfp_def;
};

struct al_ctx;
struct al_worker;

/* Experiment flags (same bits as ALLOCLAB_EXP_* where they overlap). */
#define AL_EXP_HOLD	ALLOCLAB_EXP_HOLD	/* accepts hold=1, has ->release */
#define AL_EXP_TIMED	ALLOCLAB_EXP_TIMED	/* core adds cpus=, mode=, batch= */

/**
 * struct al_experiment - an experiment a family module provides
 * @name:	command name ("kmalloc")
 * @summary:	one line for the experiment list
 * @params:	parameter table, terminated by an entry with a NULL name
 * @flags:	AL_EXP_*
 * @unavailable: if non-NULL, why this experiment cannot run on this kernel;
 *		it is listed with the reason and refused with -EOPNOTSUPP
 * @footprint:	optional: peak bytes the run will allocate (all CPUs);
 *		checked against the memory budget before anything runs
 * @check:	optional: cross-parameter validation; set al_err() and return
 *		-EINVAL (or another errno) to refuse. Nothing allocated yet.
 * @prepare:	optional: once before the workers start (create a cache ...)
 * @run:	on each worker kthread (one per CPU); returns 0 or -errno
 * @finish:	optional: once after all workers ended (even after an error
 *		in @run; not after an error in @prepare), report facts, free
 *		what @prepare made unless the run holds it
 * @release:	with AL_EXP_HOLD: free what a hold=1 run kept
 * @priv_size:	bytes of zeroed per-run storage at al_priv(ctx)
 * @wpriv_size:	bytes of zeroed per-worker storage at al_wpriv(w)
 * @owner:	set by alloclab_register()
 * @node:	private to the core: registry list
 * @family:	private to the core: name of @owner, for the list
 */
struct al_experiment {
	const char *name;
	const char *summary;
	const struct al_param *params;
	unsigned int flags;
	const char *unavailable;
	u64 (*footprint)(struct al_ctx *ctx);
	int (*check)(struct al_ctx *ctx);
	int (*prepare)(struct al_ctx *ctx);
	int (*run)(struct al_worker *w);
	void (*finish)(struct al_ctx *ctx);
	void (*release)(struct al_ctx *ctx);
	size_t priv_size;
	size_t wpriv_size;
	/* private to the core */
	struct module *owner;
	struct list_head node;
	const char *family;
};

int __alloclab_register(struct al_experiment *exps, unsigned int n, struct module *owner);
void alloclab_unregister(struct al_experiment *exps, unsigned int n);
#define alloclab_register(exps, n) __alloclab_register(exps, n, THIS_MODULE)

/* ---- parameters and context ---- */
u64 al_val(const struct al_ctx *ctx, unsigned int idx);
gfp_t al_gfp(const struct al_ctx *ctx, unsigned int idx);
unsigned int al_cpus(const struct al_ctx *ctx);
bool al_hold(const struct al_ctx *ctx);
bool al_forced(const struct al_ctx *ctx);
void *al_priv(struct al_ctx *ctx);
struct al_ctx *al_wctx(struct al_worker *w);
void *al_wpriv(struct al_worker *w);
unsigned int al_wid(const struct al_worker *w);	/* 0..cpus-1 */

/* ---- reporting ---- */
__printf(3, 4) void al_fact(struct al_ctx *ctx, const char *key, const char *fmt, ...);
__printf(2, 3) void al_err(struct al_ctx *ctx, const char *fmt, ...);
void al_bytes(struct al_ctx *ctx, u64 requested, u64 consumed);
void al_failure(struct al_worker *w);

/* ---- timing: the run function brackets its operations ----
 *
 *	al_op_begin(w, AL_PH_MAIN);
 *	for (i = 0; i < n; i++) {
 *		p = kmalloc(...);		// the operation
 *		kfree(p);
 *		if (al_op_done(w))		// clock read every batch ops,
 *			return -EINTR;		// cond_resched, signal check
 *	}
 *	al_op_end(w);
 *
 * mode=perop reads the clock around every op (batch=1); mode=batch once per
 * batch= ops. The cost of the bracketing itself (calibrated by the core on
 * the same CPU with an empty loop) is subtracted. AL_PH_FREE times a second,
 * separate phase (e.g. the frees of a bulk pattern).
 */
enum al_phase { AL_PH_MAIN, AL_PH_FREE, AL_NR_PH };

struct al_worker_clock {
	u64 t_ns;
	u64 t_cyc;
	unsigned int in_batch;
	unsigned int batch;
	unsigned int since_check;
	enum al_phase phase;
};

void al_record(struct al_worker *w, u64 now_ns, u64 now_cyc);
bool al_check_stop(struct al_worker *w);

/* The core keeps the clock as the first member of struct al_worker. */
static inline struct al_worker_clock *al_clock(struct al_worker *w)
{
	return (struct al_worker_clock *)w;
}

void al_op_begin(struct al_worker *w, enum al_phase ph);
void al_op_end(struct al_worker *w);

/**
 * al_op_done() - mark one timed operation complete
 * @w: the worker
 *
 * Return: true if the run must stop (fatal signal, unload); the caller then
 * frees what it holds and returns -EINTR.
 */
static inline bool al_op_done(struct al_worker *w)
{
	struct al_worker_clock *c = al_clock(w);

	if (++c->in_batch >= c->batch)
		al_record(w, al_now_ns(), al_now_cycles());
	if (unlikely(++c->since_check >= 256))
		return al_check_stop(w);
	return false;
}

/**
 * al_should_stop() - untimed loops call this every so often
 * @w: the worker
 *
 * Calls cond_resched().
 *
 * Return: true if the run must stop.
 */
static inline bool al_should_stop(struct al_worker *w)
{
	return al_check_stop(w);
}

#endif /* _ALLOCLAB_H */
