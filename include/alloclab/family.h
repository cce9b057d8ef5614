/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab family API: what a family module may use of alloclab_core.
 *
 * A family describes experiments (a parameter table, declared phases and a
 * few callbacks) and registers them, once, or once per instance (a device,
 * a CMA area) with a data pointer. The core parses and validates commands,
 * enforces the memory budget and the cap on held runs, starts one bound
 * kthread per requested CPU behind a start barrier, times what the run
 * callback brackets with al_op_begin() / al_op_done() / al_op_end(), and
 * formats the result. A family knows no debugfs, ioctl or statistics code.
 */
#ifndef _ALLOCLAB_FAMILY_H
#define _ALLOCLAB_FAMILY_H

#include <linux/types.h>
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>
#include "../uapi/alloclab.h"
#include "compat.h"

#define AL_MAX_PARAMS	15	/* of one family table (the core adds its own: all fit in ALLOCLAB_MAX_PARAMS) */

enum al_param_type {
	AL_P_U64 = ALLOCLAB_P_U64,	/* unsigned number, k/m/g suffixes, 0x hex */
	AL_P_BOOL = ALLOCLAB_P_BOOL,	/* 0 or 1 */
	AL_P_ENUM = ALLOCLAB_P_ENUM,	/* one of ->choices; value is the index */
	AL_P_GFP = ALLOCLAB_P_GFP,	/* symbolic GFP flags joined with '|' */
	AL_P_STRING = ALLOCLAB_P_STRING, /* text without blanks: al_str() */
};

/**
 * struct al_param - one typed parameter of an experiment
 * @name:	key in the command ("size")
 * @help:	one line for the experiment list
 * @type:	how the value is parsed
 * @def:	default (AL_P_ENUM: the index; AL_P_GFP, AL_P_STRING: @def_str)
 * @min:	smallest accepted value (AL_P_U64)
 * @max:	largest accepted value (AL_P_U64)
 * @choices:	NULL-terminated names (AL_P_ENUM)
 * @def_str:	default as text (AL_P_GFP, e.g. "KERNEL"; AL_P_STRING)
 * @unit:	unit shown in the list ("bytes", "ms"), may be NULL
 */
struct al_param {
	const char *name;
	const char *help;
	enum al_param_type type;
	u64 def;
	u64 min;
	u64 max;
	const char * const *choices;
	const char *def_str;
	const char *unit;
};

/**
 * struct al_phase_desc - one timed phase an experiment declares
 * @name:	short lower-case name ("alloc", "free", "map")
 * @unit:	ALLOCLAB_U_OBJECTS, _PAGES or _BYTES: what al_op_done_n() counts
 */
struct al_phase_desc {
	const char *name;
	u32 unit;
};

struct al_ctx;
struct al_worker;
struct al_instance;

/* Experiment flags (same bits as ALLOCLAB_EXP_* where they overlap). */
#define AL_EXP_HOLD	ALLOCLAB_EXP_HOLD	/* accepts hold=1, has ->release */
#define AL_EXP_TIMED	ALLOCLAB_EXP_TIMED	/* core adds cpus=, mode=, batch= ... */
#define AL_EXP_MMAP	ALLOCLAB_EXP_MMAP	/* ->mmap maps a held run's buffer */

/**
 * struct al_experiment - an experiment a family module provides
 * @name:	command name ("kmalloc"); with an instance, "name@instance"
 * @summary:	one line for the experiment list
 * @params:	parameter table, terminated by an entry with a NULL name
 * @phases:	declared phases, terminated by a NULL name; NULL: one phase
 *		"op" of objects. Phase 0 prints ns_*, phase k <name>_ns_*.
 * @flags:	AL_EXP_*
 * @available:	optional: return NULL if it can run on this kernel (and this
 *		instance), else why not; it is then listed with the reason
 *		and refused with -EOPNOTSUPP
 * @footprint:	optional: peak bytes the run will allocate (all CPUs);
 *		checked against the memory budget before anything runs, and
 *		charged to the budget as long as a hold=1 run keeps them
 * @check:	optional: cross-parameter validation; set al_err() and return
 *		-EINVAL (or another errno) to refuse. Nothing allocated yet;
 *		the workers' CPUs are not chosen yet either (al_cpus() is 0):
 *		refuse a worker count in @prepare
 * @prepare:	optional: once before the workers start (create a cache ...)
 * @run:	on each worker kthread (one per CPU); returns 0 or -errno
 * @finish:	optional: once after all workers ended (even after an error
 *		in @run; not after an error in @prepare), report facts, free
 *		what @prepare made unless al_hold()
 * @release:	with AL_EXP_HOLD: free what a hold=1 run kept
 * @mmap:	with AL_EXP_MMAP: map the held run's buffer into @vma (e.g.
 *		remap_vmalloc_range()); must not set vma->vm_ops. The core
 *		keeps the run (release answers -EBUSY) until it is unmapped.
 * @priv_size:	bytes of zeroed per-run storage at al_priv(ctx)
 * @wpriv_size:	bytes of zeroed per-worker storage at al_wpriv(w), node-local
 */
struct al_experiment {
	const char *name;
	const char *summary;
	const struct al_param *params;
	const struct al_phase_desc *phases;
	unsigned int flags;
	const char *(*available)(struct al_ctx *ctx);
	u64 (*footprint)(struct al_ctx *ctx);
	int (*check)(struct al_ctx *ctx);
	int (*prepare)(struct al_ctx *ctx);
	int (*run)(struct al_worker *w);
	void (*finish)(struct al_ctx *ctx);
	void (*release)(struct al_ctx *ctx);
	int (*mmap)(struct al_ctx *ctx, struct vm_area_struct *vma);
	size_t priv_size;
	size_t wpriv_size;
};

typedef bool (*al_calib_fn)(struct al_worker *w, u64 n);
struct al_instance *__alloclab_register(const struct al_experiment *exps, unsigned int n,
					const char *instance, void *data,
					struct module *owner, al_calib_fn calib);
void alloclab_unregister(struct al_instance *inst);

/*
 * The empty loop the core times on each worker before a run and subtracts
 * from every record. It is compiled into every family module (static, from
 * this header) so it pays what the family's own loops pay: the calls into
 * the core across modules (PLT veneers on arm64, page-crossing jumps under
 * an emulator), not a shorter path inside the core.
 */
static bool __maybe_unused al_calib_loop(struct al_worker *w, u64 n);

/**
 * alloclab_register() - register a family's experiments once
 * @exps:	the table (must stay valid until unregistered)
 * @n:		its number of entries
 *
 * Return: a handle for alloclab_unregister(), or an ERR_PTR.
 */
#define alloclab_register(exps, n) \
	__alloclab_register(exps, n, NULL, NULL, THIS_MODULE, al_calib_loop)

/**
 * alloclab_register_instance() - register a table once per instance
 * @exps:	the table
 * @n:		its number of entries
 * @instance:	suffix: the experiments are named "name@instance"
 * @data:	the instance's data, al_data(ctx) in every callback
 *
 * Return: a handle for alloclab_unregister(), or an ERR_PTR.
 */
#define alloclab_register_instance(exps, n, instance, data) \
	__alloclab_register(exps, n, instance, data, THIS_MODULE, al_calib_loop)

/* ---- parameters and context ---- */
u64 al_val(const struct al_ctx *ctx, unsigned int idx);
gfp_t al_gfp(const struct al_ctx *ctx, unsigned int idx);
const char *al_str(const struct al_ctx *ctx, unsigned int idx);
bool al_given(const struct al_ctx *ctx, unsigned int idx);
unsigned int al_cpus(const struct al_ctx *ctx);
bool al_hold(const struct al_ctx *ctx);
bool al_forced(const struct al_ctx *ctx);
void *al_priv(struct al_ctx *ctx);
void *al_data(const struct al_ctx *ctx);
unsigned int al_seq(const struct al_ctx *ctx);
struct al_ctx *al_wctx(struct al_worker *w);
void *al_wpriv(struct al_worker *w);
unsigned int al_wid(const struct al_worker *w);	/* 0..cpus-1 */
int al_wnode(const struct al_worker *w);		/* the worker's NUMA node */

/* ---- a held run of another command (e.g. to check what userspace wrote) ---- */
struct al_ctx *al_held_get(struct al_ctx *ctx, unsigned int seq,
			   const struct al_experiment *exp);
void al_held_put(struct al_ctx *held);

/* ---- reporting ---- */
__printf(3, 4) void al_fact(struct al_ctx *ctx, const char *key, const char *fmt, ...);
void al_fact_ptr(struct al_ctx *ctx, const char *key, const void *p);
void al_fact_phys(struct al_ctx *ctx, const char *key, phys_addr_t pa);
bool al_addrs_shown(void);
__printf(3, 4) void al_row(struct al_ctx *ctx, const char *table, const char *fmt, ...);
__printf(2, 3) void al_err(struct al_ctx *ctx, const char *fmt, ...);
void al_bytes(struct al_ctx *ctx, u64 requested, u64 consumed);
void al_failure(struct al_worker *w);
void al_event(struct al_ctx *ctx, unsigned int idx);
u64 al_events(struct al_ctx *ctx, unsigned int idx);
#define AL_NR_EVENTS	4	/* IRQ-safe counters per run: al_event(ctx, 0..3) */

/* ---- timing: the run function brackets its operations ----
 *
 *	al_op_begin(w, 0);			// phase 0 ("alloc")
 *	for (i = 0; i < n; i++) {
 *		p = kmalloc(...);		// the operation
 *		...
 *		if (al_op_done(w))		// clock read every batch ops;
 *			return -EINTR;		// resched + stop check outside
 *	}					// the timed records
 *	al_op_end(w);
 *
 * mode=perop reads the clock around every op (batch=1); mode=batch once per
 * batch= ops. The cost of the bracketing itself (calibrated by the core on
 * the same CPU with an empty loop) is subtracted. al_op_done_n(w, units)
 * counts an op of several units (bytes, pages, objects of a bulk call).
 */
struct al_worker_clock {
	u64 t_ns;
	u64 t_cyc;
	u64 units;
	unsigned int in_batch;
	unsigned int batch;
	unsigned int since_check;
	unsigned int phase;
};

/**
 * struct al_worker - what a family sees of one worker kthread
 * @clock:	the timing state of al_op_done(), inline in the hot loop
 *
 * The core embeds it in its own worker record.
 */
struct al_worker {
	struct al_worker_clock clock;
};

/* Ops between two reschedule / stop checks, inside a batch too. */
#define AL_CHECK_OPS	256

bool al_record(struct al_worker *w, u64 now_ns, u64 now_cyc);
bool al_pause_check(struct al_worker *w);
bool al_check_stop(struct al_worker *w);

void al_op_begin(struct al_worker *w, unsigned int phase);
void al_op_end(struct al_worker *w);

/**
 * al_op_done_n() - mark one timed operation of @units units complete
 * @w: the worker
 * @units: objects, pages or bytes of this op (the phase's unit)
 *
 * Return: true if the run must stop (fatal signal, cancel, timeout,
 * unload, a CPU went offline); the caller then frees what it holds and
 * returns -EINTR.
 */
static inline bool al_op_done_n(struct al_worker *w, u64 units)
{
	struct al_worker_clock *c = &w->clock;

	c->units += units;
	if (++c->in_batch >= c->batch)
		return al_record(w, al_now_ns(), al_now_cycles());
	/* a long batch of slow ops still reschedules, with the clock paused */
	if (unlikely(!(c->in_batch & (AL_CHECK_OPS - 1))))
		return al_pause_check(w);
	return false;
}

/**
 * al_op_done() - mark one timed operation of one unit complete
 * @w: the worker
 *
 * Return: true if the run must stop.
 */
static inline bool al_op_done(struct al_worker *w)
{
	return al_op_done_n(w, 1);
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

/**
 * al_calib_loop() - @n empty timed ops: the loop the core calibrates with
 * @w: the worker
 * @n: ops
 *
 * Also the body of the selftest family's null op: the same code timed twice
 * must read ~0 after the subtraction.
 *
 * Return: true if the run must stop.
 */
static bool __maybe_unused al_calib_loop(struct al_worker *w, u64 n)
{
	u64 i;

	for (i = 0; i < n; i++) {
		barrier();
		if (al_op_done(w))
			return true;
	}
	return false;
}

#endif /* _ALLOCLAB_FAMILY_H */
