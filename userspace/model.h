/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model.h - alloclab results read once into structs, rendered many ways.
 *
 * The text form of a result (include/uapi/alloclab.h: debugfs `last`,
 * `report`, `alloclab run`) is parsed into a struct model_result: the
 * header, the command's parameters, each declared phase with its
 * distribution, the facts in their order and the table rows. `alloclab
 * report` (table, JSON), `alloclab sweep` (table, CSV, JSON) render from
 * it; a missing key is a value (not there), not an error.
 *
 *	struct model_report rep;
 *
 *	model_report_parse(text, &rep);		every result of debugfs report
 *	model_report_table(&rep, NULL, stdout);	one aligned row per result
 *	model_report_free(&rep);
 */
#ifndef ALLOCLAB_MODEL_H
#define ALLOCLAB_MODEL_H

#include <stdio.h>

#include "out.h"
#include "proc.h"

#include <linux/types.h>
#include "uapi/alloclab.h"

/* The distribution of a phase, per op: the uapi's order. */
enum { MS_MEAN, MS_MIN, MS_P50, MS_P90, MS_P99, MS_MAX, MS_NR };

extern const char *const model_stat_names[MS_NR];	/* "mean", "min", ... */

struct model_kv {
	char *key;
	char *val;
};

struct model_phase {
	char *name;
	unsigned long long ops;		/* 0: the phase did not run */
	int has_ns;			/* ns[] read */
	double ns[MS_NR];		/* x.y from the text */
	int has_cycles;
	double cycles[MS_NR];
	char *unit;			/* "objects", "pages", "bytes"; NULL if absent */
	int has_mb_per_s;
	double mb_per_s;
};

struct model_row {
	char *table;			/* "class" of "class[3]: ..." */
	unsigned long index;
	char *text;			/* "k=v k=v" */
};

struct model_result {
	unsigned long long seq;
	char *experiment;		/* "" if absent */
	char *command;			/* "" if absent */
	struct model_kv *params;	/* command's k=v after the name, in order */
	size_t nparams;
	char *mode;			/* "batch", "perop"; "" if absent */
	unsigned long long cpus, batch, ops, failures, elapsed_ns;
	unsigned long long bytes_requested, bytes_consumed;
	int held, truncated;
	struct model_phase *phases;	/* declared, in order */
	size_t nphases;
	struct model_kv *facts;		/* in the order reported */
	size_t nfacts;
	struct model_row *rows;
	size_t nrows;
	struct kvblock block;		/* every line as read: the JSON view */
};

struct model_report {
	int has_dropped;
	unsigned long long dropped;	/* "dropped: N" before the results */
	struct model_result *r;
	size_t n;
};

/*
 * One result's "key: value" block into @m. Returns 0, or -1 if the block
 * has no "result:" or "experiment:" (not a result: @m is then empty).
 */
int model_result_from_block(const struct kvblock *b, struct model_result *m);
void model_result_free(struct model_result *m);

/* The first result of @text (alloclab run's output) into @m; -1 if none. */
int model_result_parse(const char *text, struct model_result *m);

/* Text holding results (blank-line separated, debugfs report) into @rep. */
int model_report_parse(const char *text, struct model_report *rep);
void model_report_free(struct model_report *rep);

/* Lookups; NULL if absent. */
const char *model_fact(const struct model_result *m, const char *key);
const char *model_param(const struct model_result *m, const char *key);
const struct model_phase *model_phase_find(const struct model_result *m, const char *name);

/*
 * The facts worth a column for @m's experiment (kmalloc: ksize,
 * slab_class, ...; others: their first facts, addresses left out), as
 * "k=v k=v" into @buf, each value cut at " (" (the explanation).
 */
const char *model_main_facts(const struct model_result *m, char *buf, size_t len);

/* Is fact @key an address (sample_virt, *_phys, ...), noise in a comparison? */
int model_fact_is_address(const char *key, const char *val);

/*
 * Which parameters of a result are worth showing: a callback that says
 * whether parameter @key=@val of @experiment is at its default (or a core
 * parameter); NULL shows every parameter but the core ones the command
 * language always resolves (cpus=, mode=, batch=, hold=, ...).
 */
typedef int (*model_param_hidden_fn)(void *arg, const char *experiment,
				     const char *key, const char *val);

/* Is @key one of the core's parameters (cpus=, mode=, hold=, ...)? */
int model_core_param(const char *key);

/* "k=v k=v" of @m's shown parameters into @buf. */
const char *model_key_params(const struct model_result *m, model_param_hidden_fn hidden,
			     void *arg, char *buf, size_t len);

/*
 * The report table: one row per result (#, experiment, parameters, ops,
 * p50 and p99 of phase 0, main facts) and one row under it per other phase
 * that ran (its name, ops, p50, p99).
 */
void model_report_table(const struct model_report *rep, model_param_hidden_fn hidden,
			void *arg, FILE *f);

/*
 * CSV, one row per (result, phase that ran): result,experiment,params,
 * phase,ops,ns_p50,ns_p90,ns_p99,ns_mean,ns_min,ns_max,facts.
 */
void model_report_csv(const struct model_report *rep, model_param_hidden_fn hidden,
		      void *arg, FILE *f);

/* @s as one CSV field: quoted (quotes doubled) if it holds , " or a newline. */
void model_csv_field(FILE *f, const char *s);

/* The ns columns of the CSV views: p50,p90,p99,mean,min,max. */
extern const int model_csv_stats[MS_NR];

/* ",<p50>,<p90>,..." of @ph in that order (empty fields without a distribution). */
void model_csv_stats_row(FILE *f, const struct model_phase *ph);

/* {"dropped": N, "results": [ {...}, ... ]}: each result as result.h's JSON. */
int model_report_json(const struct model_report *rep, FILE *f);

/* One result as result.h's JSON object (key NULL at top level / in arrays). */
void model_result_json(struct out_json *j, const char *key, const struct model_result *m);

/* ---- sweeps ---- */

#define MODEL_SWEEP_KEYS	2
#define MODEL_SWEEP_FACT_COLS	12	/* changing facts shown as table columns */

struct model_point {
	char *val[MODEL_SWEEP_KEYS];	/* the swept keys' values here */
	int err;			/* errno of a failed run, 0 if it ran */
	char *reason;			/* the kernel's reason (err != 0) */
	struct model_result res;	/* the first run; its phases the medians */
};

struct model_sweep {
	char *experiment;
	char *fixed;			/* "count=1000 ..." the other words, or "" */
	char *keys[MODEL_SWEEP_KEYS];
	unsigned int nkeys;
	unsigned int repeat;		/* runs per point */
	struct model_point *pt;
	size_t npt;
	char **changing;		/* fact keys whose values differ (no addresses) */
	size_t nchanging;
	char *kernel;			/* uname -r where it ran (a last CSV column), or NULL */
};

/*
 * The median of each phase's ops and ns statistics over @n runs into
 * @dst's phases (matched by name; a run without the phase is left out):
 * each statistic separately, the middle value (the mean of the two middle
 * ones for an even count).
 */
void model_median(struct model_result *dst, const struct model_result *runs, size_t n);

/* Fill @s->changing from the points that ran. */
void model_sweep_changing(struct model_sweep *s);

/*
 * Views. Table: one row per (point, phase that ran): the swept values,
 * PHASE OPS P50_NS P90_NS P99_NS MEAN_NS, the changing facts (first phase
 * row), ERROR for a failed point. CSV: "experiment,<key1>[,<key2>],phase,
 * ops,ns_p50,ns_p90,ns_p99,ns_mean,ns_min,ns_max" then the changing facts
 * (then "error" if a point failed). JSON: {"experiment", "keys", "repeat",
 * "points": [{"params", "phases", "facts"} or {"params", "error"}]}.
 */
void model_sweep_table(const struct model_sweep *s, FILE *f);
void model_sweep_csv(const struct model_sweep *s, FILE *f);
int model_sweep_json(const struct model_sweep *s, FILE *f);
void model_sweep_free(struct model_sweep *s);

/* "12.3" from a model x.y value. */
const char *model_fmt(double v, char *buf, size_t len);

#endif /* ALLOCLAB_MODEL_H */
