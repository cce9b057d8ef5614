/* SPDX-License-Identifier: GPL-2.0 */
/* alloclab core internals: not for family modules (they use alloclab.h). */
#ifndef _ALLOCLAB_CORE_H
#define _ALLOCLAB_CORE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/completion.h>
#include <linux/wait.h>
#include <linux/seq_file.h>
#include "alloclab.h"

#define AL_MODULE_VERSION	"0.1.0"

/*
 * Log-linear histogram: values below 2^AL_HIST_SUB_BITS have a bucket each;
 * above, every power of two is split into 2^AL_HIST_SUB_BITS buckets, so a
 * percentile is known within 1/16 of its value (+-3%).
 */
#define AL_HIST_SUB_BITS	4
#define AL_HIST_SUB		(1U << AL_HIST_SUB_BITS)
#define AL_HIST_BUCKETS		((64 - AL_HIST_SUB_BITS + 1) * AL_HIST_SUB)

struct al_hist {
	u64 count;	/* ops (weights) recorded */
	u64 sum;	/* sum of value * weight */
	u64 min;
	u64 max;
	u64 bucket[AL_HIST_BUCKETS];
};

void al_hist_init(struct al_hist *h);
void al_hist_add(struct al_hist *h, u64 v, u64 weight);
void al_hist_merge(struct al_hist *dst, const struct al_hist *src);
void al_hist_stats(const struct al_hist *h, struct alloclab_stats *st);

/* Per-phase measurements of one worker. */
struct al_phase_stats {
	struct al_hist ns_ps;
	struct al_hist cycles;
};

#define AL_CAL_RECORDS	64

struct al_worker {
	struct al_worker_clock clock;	/* must stay first: see al_clock() */
	struct al_ctx *ctx;
	struct task_struct *task;
	unsigned int id;
	unsigned int cpu;
	int ret;
	u64 failures;
	u64 ovh_ns;		/* calibrated cost of one empty record, ns * 1000 */
	u64 ovh_cyc;
	u64 t_start;
	u64 t_end;
	/* calibration: raw record deltas of the empty loop */
	bool calibrating;
	unsigned int cal_n;
	u64 cal_ns[AL_CAL_RECORDS];
	u64 cal_cyc[AL_CAL_RECORDS];
	struct al_phase_stats ph[AL_NR_PH];
	void *wpriv;
};

/* Index of the core's own parameters in al_ctx.val[] after the family's. */
enum {
	AL_CP_CPUS,
	AL_CP_MODE,
	AL_CP_BATCH,
	AL_CP_FORCE,
	AL_CP_HOLD,
	AL_NR_CP,
};

#define AL_MODE_BATCH	0
#define AL_MODE_PEROP	1

struct al_ctx {
	const struct al_experiment *exp;
	unsigned int nparams;		/* family parameters */
	u64 val[AL_MAX_PARAMS];
	u64 core[AL_NR_CP];
	bool given[AL_MAX_PARAMS + AL_NR_CP];
	char *reason;			/* ALLOCLAB_REASON_LEN */
	struct alloclab_result *res;
	spinlock_t lock;		/* res facts and byte counts */
	int stop;			/* READ_ONCE: stop all workers */
	unsigned int nr_workers;
	struct al_worker **workers;
	atomic_t ready;
	atomic_t done;
	struct completion go;
	wait_queue_head_t wq;
	void *priv;
	struct list_head held_node;
};

/* registry.c */
extern struct mutex al_registry_lock;
extern struct list_head al_experiments;
const struct al_experiment *al_find_experiment(const char *name);
unsigned int al_nr_experiments(void);
void al_describe_params(const struct al_experiment *exp, char *buf, size_t len);
const struct al_param *al_core_params(void);
u64 al_param_max(const struct al_param *p);
bool al_core_param_allowed(const struct al_experiment *exp, unsigned int i);

/* parse.c */
int al_parse(const char *cmd, struct al_ctx *ctx);
int al_check_command_text(const char *buf, size_t len, char *reason);
const char *al_errno_name(int err);
void al_resolved_command(const struct al_ctx *ctx, char *buf, size_t len);
gfp_t al_gfp_from_mask(u64 mask);
int al_gfp_list(char *buf, size_t len, const char *sep, const char *mod_sep);

/* runner.c */
int al_execute(const char *buf, size_t len, struct alloclab_result *out, char *reason);
int al_builtin(const char *cmd, char *reason);
void al_release_held(const struct al_experiment *exps, unsigned int n);
void al_ctx_free(struct al_ctx *ctx);
extern unsigned int al_budget_pct;

/* result.c */
void al_result_show(struct seq_file *m, const struct alloclab_result *r);
void al_results_store(const struct alloclab_result *r);
void al_results_reset(void);
void al_results_free(void);
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
