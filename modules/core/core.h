/* SPDX-License-Identifier: GPL-2.0 */
/* alloclab core internals: not for family modules (they use family.h). */
#ifndef _ALLOCLAB_CORE_H
#define _ALLOCLAB_CORE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/completion.h>
#include <linux/wait.h>
#include <linux/seq_file.h>
#include <linux/atomic.h>
#include <linux/build_bug.h>
#include "../../include/alloclab/family.h"
#include "stats.h"
#include "values.h"

#define AL_MODULE_VERSION	"0.2.0"

/* ---- registry ---- */

/**
 * struct al_entry - one registered experiment (a table entry, maybe @instance)
 * @node:	in al_experiments
 * @exp:	the family's description
 * @inst:	the registration it belongs to
 * @name:	"name" or "name@instance"
 * @nparams:	entries of exp->params
 * @nphases:	declared phases (at least 1)
 */
struct al_entry {
	struct list_head node;
	const struct al_experiment *exp;
	struct al_instance *inst;
	char name[ALLOCLAB_NAME_LEN];
	unsigned int nparams;
	unsigned int nphases;
};

/**
 * struct al_instance - one alloclab_register*() call
 * @node:	in al_instances
 * @owner:	the family module
 * @calib:	its copy of the empty timed loop (al_calib_loop())
 * @data:	al_data() of its runs
 * @suffix:	instance name or NULL
 * @n:		number of entries
 * @inflight:	runs of its experiments between lookup and end (registry lock)
 * @dead:	unregistering: no new run may start
 * @entries:	@n entries
 */
struct al_instance {
	struct list_head node;
	struct module *owner;
	al_calib_fn calib;
	void *data;
	const char *suffix;
	unsigned int n;
	unsigned int inflight;
	bool dead;
	struct al_entry entries[];
};

extern struct mutex al_registry_lock;
extern struct list_head al_experiments;
extern wait_queue_head_t al_drain_wq;
struct al_entry *al_find_entry(const char *name);
unsigned int al_nr_experiments(void);
const struct al_param *al_core_params(void);
bool al_core_param_allowed(const struct al_experiment *exp, unsigned int i);
u64 al_param_max(const struct al_param *p);
void al_describe_params(const struct al_entry *e, char *buf, size_t len);
void al_entry_put(struct al_entry *e);

/* Index of the core's own parameters, after AL_MAX_PARAMS family slots. */
enum {
	AL_CP_CPUS,
	AL_CP_CPU_LIST,
	AL_CP_NODE,
	AL_CP_MODE,
	AL_CP_BATCH,
	AL_CP_FORCE,
	AL_CP_HOLD,
	AL_CP_TIMEOUT,
	AL_CP_HIST,
	AL_NR_CP,
};
#define AL_NR_VALS	(AL_MAX_PARAMS + AL_NR_CP)
/* every parameter of the fullest family table and all of the core's reach `alloclab list` */
static_assert(AL_MAX_PARAMS + AL_NR_CP <= ALLOCLAB_MAX_PARAMS);
#define AL_CV(i)	(AL_MAX_PARAMS + (i))

#define AL_MODE_BATCH	0
#define AL_MODE_PEROP	1

/* ---- a run ---- */

#define AL_CAL_RECORDS	256
#define AL_RECAL_MAX	512	/* empty records sampled during a run */

struct al_phase_acc {
	struct al_hist ns_ps;
	struct al_hist cycles;
	u64 units;
	u64 time_ps;
};

/* The core's worker record around what a family sees (struct al_worker). */
struct al_wrk {
	struct al_worker pub;
	struct al_ctx *ctx;
	struct task_struct *task;
	unsigned int id;
	unsigned int cpu;
	int node;
	int ret;
	u64 failures;
	u64 ovh_ps;		/* calibrated cost of one empty record (median) */
	u64 ovh_cyc;
	u64 t_start;
	u64 t_end;
	bool calibrating;
	u8 recal;		/* 2, 1: in an in-run calibration; 0: not */
	unsigned int cal_skip;
	unsigned int cal_n;
	unsigned int recal_n;
	unsigned int recal_skip;
	u64 cal_ps[AL_CAL_RECORDS];
	u64 cal_cyc[AL_CAL_RECORDS];
	u64 recal_ps[AL_RECAL_MAX];
	u64 recal_cyc[AL_RECAL_MAX];
	struct al_phase_acc *ph;	/* one per declared phase, then a scratch one */
	void *wpriv;
};

static inline struct al_wrk *al_wrk(struct al_worker *w)
{
	return container_of(w, struct al_wrk, pub);
}

/* What a run reports, before it is packed into one result blob. */
struct al_acc {
	struct alloclab_result hdr;
	struct alloclab_phase phases[ALLOCLAB_MAX_PHASES];
	struct alloclab_fact *facts;	/* ALLOCLAB_MAX_FACTS */
	struct alloclab_row *rows;	/* ALLOCLAB_MAX_ROWS, on the first row */
	u64 unshift_ps;			/* drift taken off every phase's figures */
};

struct al_ctx {
	struct al_entry *ent;
	const struct al_experiment *exp;
	u64 val[AL_NR_VALS];
	char *str[AL_NR_VALS];		/* AL_P_STRING values */
	bool given[AL_NR_VALS];
	char *reason;			/* ALLOCLAB_REASON_LEN */
	struct al_acc *acc;
	spinlock_t lock;		/* acc, reason */
	int stop;			/* READ_ONCE: stop all workers */
	int stop_err;			/* why (first one wins), under lock */
	unsigned int nr_workers;
	unsigned int *cpu_ids;
	struct al_wrk **workers;
	atomic_t ready;
	atomic_t done;
	struct completion go;
	wait_queue_head_t wq;
	atomic64_t events[AL_NR_EVENTS];
	void *priv;
	/* result and held state */
	struct alloclab_result *blob;	/* packed result, owned by the report */
	u32 seq;
	u64 charged;			/* footprint charged to the budget while held */
	atomic_t maps;			/* live user mappings of its buffer */
	atomic_t users;			/* al_held_get() references */
	struct list_head held_node;
};

/* ctx.c */
struct al_ctx *al_ctx_alloc(void);
struct al_ctx *al_ctx_probe(void);
void al_ctx_free(struct al_ctx *ctx);
void al_stop(struct al_ctx *ctx, int err, const char *fmt, ...) __printf(3, 4);
u64 al_budget_bytes(void);
int al_held_admit(struct al_ctx *ctx, u64 need);
void al_held_add(struct al_ctx *ctx);
int al_held_release(u32 seq, bool all, unsigned int *released, char *reason);
void al_held_release_inst(struct al_instance *inst);
int al_held_mmap(u32 seq, struct vm_area_struct *vma, char *reason);
int al_held_show(struct seq_file *m);
void al_held_stats(u32 *nr, u64 *bytes);
extern unsigned int al_budget_pct;
extern unsigned int al_max_held;

/* parse.c */
int al_parse(const char *cmd, struct al_ctx *ctx);
void al_resolved_command(const struct al_ctx *ctx, char *buf, size_t len);
gfp_t al_gfp_from_mask(u64 mask);

/* timing.c */
void al_calibrate(struct al_wrk *k);
u64 al_drift(struct al_wrk *k, u64 *cyc);
void al_phase_acc_init(struct al_phase_acc *a);

/* runner.c */
int al_execute(const char *buf, size_t len, struct alloclab_result **out, char *reason);
int al_runner_init(void);
void al_runner_stop_inst(struct al_instance *inst);
void al_runner_exit(void);

/* result.c */
struct alloclab_result *al_result_pack(struct al_ctx *ctx);
struct alloclab_result *al_result_builtin(const char *name, const char *key, u64 value);
void al_result_show(struct seq_file *m, const struct alloclab_result *r);
int al_results_store(struct alloclab_result *r);
void al_results_reset(void);
int al_results_show_last(struct seq_file *m);
int al_results_show_all(struct seq_file *m);
void al_last_error_set(const char *cmd, size_t len, int err, const char *reason);
int al_last_error_show(struct seq_file *m);
u32 al_next_seq(void);

/* debugfs.c, chardev.c */
int al_debugfs_init(void);
void al_debugfs_exit(void);
int al_chardev_init(void);
void al_chardev_exit(void);

#endif /* _ALLOCLAB_CORE_H */
