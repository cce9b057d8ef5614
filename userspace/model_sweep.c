// SPDX-License-Identifier: GPL-2.0
/*
 * model_sweep.c - a sweep (one model_result per point) and its table, CSV
 * and JSON views. See model.h.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "model.h"

/* ---- compute ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Phase @ph's statistics as the median over the runs that have it. */
static void phase_median(struct model_phase *ph, const struct model_result *runs, size_t n)
{
	double *v = out_xmalloc(sizeof(*v) * (n ? n : 1));
	size_t i, got;
	int s;

	for (s = -1; s < MS_NR; s++) {		/* -1: ops */
		for (got = 0, i = 0; i < n; i++) {
			const struct model_phase *p = model_phase_find(&runs[i], ph->name);

			if (!p || (s >= 0 && !p->has_ns))
				continue;
			v[got++] = s < 0 ? (double)p->ops : p->ns[s];
		}
		if (!got)
			continue;
		if (s < 0)
			ph->ops = (unsigned long long)median(v, got);
		else
			ph->ns[s] = median(v, got);
	}
	free(v);
}

void model_median(struct model_result *dst, const struct model_result *runs, size_t n)
{
	size_t k;

	for (k = 0; k < dst->nphases; k++)
		phase_median(&dst->phases[k], runs, n);
	if (dst->nphases)
		dst->ops = dst->phases[0].ops;
}

static int listed(char **keys, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(keys[i], key))
			return 1;
	return 0;
}

/* Does fact @key differ between the points that ran (or miss in one)? */
static int fact_changes(const struct model_sweep *s, const char *key)
{
	const char *first = NULL, *v;
	size_t i;

	for (i = 0; i < s->npt; i++) {
		if (s->pt[i].err)
			continue;
		v = model_fact(&s->pt[i].res, key);
		if (!first)
			first = v ? v : "";
		else if (strcmp(first, v ? v : ""))
			return 1;
	}
	return 0;
}

void model_sweep_changing(struct model_sweep *s)
{
	size_t i, k;

	for (i = 0; i < s->npt; i++) {
		const struct model_result *m = &s->pt[i].res;

		for (k = 0; !s->pt[i].err && k < m->nfacts; k++) {
			const struct model_kv *f = &m->facts[k];

			if (model_fact_is_address(f->key, f->val) ||
			    listed(s->changing, s->nchanging, f->key) ||
			    !fact_changes(s, f->key))
				continue;
			s->changing = out_xrealloc(s->changing,
						   sizeof(*s->changing) * (s->nchanging + 1));
			s->changing[s->nchanging++] = out_xstrdup(f->key);
		}
	}
}

void model_sweep_free(struct model_sweep *s)
{
	size_t i, k;

	for (i = 0; i < s->npt; i++) {
		for (k = 0; k < MODEL_SWEEP_KEYS; k++)
			free(s->pt[i].val[k]);
		free(s->pt[i].reason);
		model_result_free(&s->pt[i].res);
	}
	free(s->pt);
	free(s->kernel);
	for (i = 0; i < s->nchanging; i++)
		free(s->changing[i]);
	free(s->changing);
	for (k = 0; k < MODEL_SWEEP_KEYS; k++)
		free(s->keys[k]);
	free(s->experiment);
	free(s->fixed);
	memset(s, 0, sizeof(*s));
}

static int any_failed(const struct model_sweep *s)
{
	size_t i;

	for (i = 0; i < s->npt; i++)
		if (s->pt[i].err)
			return 1;
	return 0;
}

/* "EINVAL: the kernel's reason" */
static const char *error_text(const struct model_point *p, char *buf, size_t len)
{
	snprintf(buf, len, "%s: %s", args_errno_name(p->err), p->reason ? p->reason : "");
	return buf;
}

/* ---- table ---- */

#define SWEEP_COLS (MODEL_SWEEP_KEYS + 6 + MODEL_SWEEP_FACT_COLS + 1)

static size_t fact_cols(const struct model_sweep *s)
{
	return s->nchanging < MODEL_SWEEP_FACT_COLS ? s->nchanging : MODEL_SWEEP_FACT_COLS;
}

static void sweep_table_init(struct out_table *t, const struct model_sweep *s)
{
	static const char *const fixed[] = {
		"phase", "ops", "ns_p50", "ns_p90", "ns_p99", "ns_mean",
	};
	const char *h[SWEEP_COLS + 1] = { NULL };
	size_t n = 0, i;

	for (i = 0; i < s->nkeys; i++)
		h[n++] = s->keys[i];
	for (i = 0; i < 6; i++)
		h[n++] = fixed[i];
	for (i = 0; i < fact_cols(s); i++)
		h[n++] = s->changing[i];
	if (any_failed(s))
		h[n++] = "error";
	/* the CSV's and JSON's names (one model, many views); NULL ends them early */
	table_init(t, h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10],
		   h[11], h[12], h[13], h[14], h[15], h[16], h[17], h[18], h[19], h[20],
		   NULL);
}

static void phase_cells(struct out_table *t, const struct model_phase *ph)
{
	static const int stats[] = { MS_P50, MS_P90, MS_P99, MS_MEAN };
	char buf[48];
	size_t i;

	table_cell(t, "%s", ph->name);
	table_cell(t, "%llu", ph->ops);
	for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++)
		table_cell(t, "%s", ph->has_ns ? model_fmt(ph->ns[stats[i]], buf, sizeof(buf)) : "");
}

static void point_rows(struct out_table *t, const struct model_sweep *s,
		       const struct model_point *p)
{
	char buf[ALLOCLAB_REASON_LEN + 32];
	size_t i, k, rows = 0;
	const char *v;

	for (k = 0; k < p->res.nphases || (!rows && p->err); k++) {
		if (!p->err && k && !p->res.phases[k].ops)
			continue;
		table_row(t);
		for (i = 0; i < s->nkeys; i++)
			table_cell(t, "%s", rows ? "" : p->val[i]);
		if (p->err) {
			for (i = 0; i < 6 + fact_cols(s); i++)
				table_cell(t, "%s", "");
			table_cell(t, "%s", error_text(p, buf, sizeof(buf)));
			return;
		}
		phase_cells(t, &p->res.phases[k]);
		for (i = 0; !rows && i < fact_cols(s); i++) {
			v = model_fact(&p->res, s->changing[i]);
			if (!v)
				v = "";
			/* the value without its explanation " (...)" */
			table_cell(t, "%.*s", (int)(strstr(v, " (") ? (size_t)(strstr(v, " (") - v) :
						    strlen(v)), v);
		}
		rows++;
	}
}

void model_sweep_table(const struct model_sweep *s, FILE *f)
{
	struct out_table t;
	size_t i;

	fprintf(f, "%s%s%s: %zu points", s->experiment, *s->fixed ? " " : "", s->fixed,
		s->npt);
	if (s->repeat > 1)
		fprintf(f, ", the median of %u runs each", s->repeat);
	fputc('\n', f);
	sweep_table_init(&t, s);
	for (i = 0; i < s->npt; i++)
		point_rows(&t, s, &s->pt[i]);
	table_print(&t, f);
	table_free(&t);
	if (s->nchanging > MODEL_SWEEP_FACT_COLS)
		fprintf(f, "(%zu more facts change: --json or --csv shows them)\n",
			s->nchanging - MODEL_SWEEP_FACT_COLS);
}

/* ---- CSV ---- */

static void csv_point(FILE *f, const struct model_sweep *s, const struct model_point *p,
		      const struct model_phase *ph, int failed)
{
	char buf[ALLOCLAB_REASON_LEN + 32];
	size_t i;
	const char *v;

	model_csv_field(f, s->experiment);
	for (i = 0; i < s->nkeys; i++) {
		fputc(',', f);
		model_csv_field(f, p->val[i]);
	}
	fputc(',', f);
	model_csv_field(f, ph ? ph->name : "");
	fputc(',', f);
	if (ph)
		fprintf(f, "%llu", ph->ops);
	model_csv_stats_row(f, ph);
	for (i = 0; i < s->nchanging; i++) {
		fputc(',', f);
		v = p->err ? NULL : model_fact(&p->res, s->changing[i]);
		model_csv_field(f, v ? v : "");
	}
	if (failed) {
		fputc(',', f);
		model_csv_field(f, p->err ? error_text(p, buf, sizeof(buf)) : "");
	}
	if (s->kernel) {
		fputc(',', f);
		model_csv_field(f, s->kernel);
	}
	fputc('\n', f);
}

void model_sweep_csv(const struct model_sweep *s, FILE *f)
{
	int failed = any_failed(s);
	size_t i, k;

	fputs("experiment", f);
	for (i = 0; i < s->nkeys; i++)
		fprintf(f, ",%s", s->keys[i]);
	fputs(",phase,ops,ns_p50,ns_p90,ns_p99,ns_mean,ns_min,ns_max", f);
	for (i = 0; i < s->nchanging; i++)
		fprintf(f, ",%s", s->changing[i]);
	fputs(failed ? ",error" : "", f);
	fputs(s->kernel ? ",kernel\n" : "\n", f);
	for (i = 0; i < s->npt; i++) {
		const struct model_point *p = &s->pt[i];

		if (p->err)
			csv_point(f, s, p, NULL, failed);
		for (k = 0; !p->err && k < p->res.nphases; k++)
			if (!k || p->res.phases[k].ops)
				csv_point(f, s, p, &p->res.phases[k], failed);
	}
}

/* ---- JSON ---- */

static void json_phase(struct out_json *j, const struct model_phase *ph)
{
	char key[16];
	int i;

	json_obj_begin(j, NULL);
	json_str(j, "name", ph->name);
	json_uint(j, "ops", ph->ops);
	for (i = 0; ph->has_ns && i < MS_NR; i++) {
		snprintf(key, sizeof(key), "ns_%s", model_stat_names[model_csv_stats[i]]);
		json_double(j, key, ph->ns[model_csv_stats[i]], 1);
	}
	if (ph->unit)
		json_str(j, "unit", ph->unit);
	if (ph->has_mb_per_s)
		json_double(j, "mb_per_s", ph->mb_per_s, 1);
	json_obj_end(j);
}

static void json_point(struct out_json *j, const struct model_sweep *s,
		       const struct model_point *p)
{
	size_t i;

	json_obj_begin(j, NULL);
	json_obj_begin(j, "params");
	for (i = 0; i < s->nkeys; i++)
		json_num(j, s->keys[i], p->val[i]);
	json_obj_end(j);
	if (p->err) {
		json_obj_begin(j, "error");
		json_str(j, "errno", args_errno_name(p->err));
		json_str(j, "reason", p->reason ? p->reason : "");
		json_obj_end(j);
		json_obj_end(j);
		return;
	}
	json_uint(j, "result", p->res.seq);
	json_arr_begin(j, "phases");
	for (i = 0; i < p->res.nphases; i++)
		if (!i || p->res.phases[i].ops)
			json_phase(j, &p->res.phases[i]);
	json_arr_end(j);
	json_obj_begin(j, "facts");
	for (i = 0; i < p->res.nfacts; i++) {
		const struct model_kv *f = &p->res.facts[i];

		/* a key once (JSON keys are unique): its first value */
		if (!model_fact_is_address(f->key, f->val) &&
		    model_fact(&p->res, f->key) == f->val)
			json_num(j, f->key, f->val);
	}
	json_obj_end(j);
	json_obj_end(j);
}

int model_sweep_json(const struct model_sweep *s, FILE *f)
{
	struct out_json j;
	size_t i;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_str(&j, "experiment", s->experiment);
	json_str(&j, "fixed", s->fixed);
	if (s->kernel)
		json_str(&j, "kernel", s->kernel);
	json_arr_begin(&j, "keys");
	for (i = 0; i < s->nkeys; i++)
		json_str(&j, NULL, s->keys[i]);
	json_arr_end(&j);
	json_uint(&j, "repeat", s->repeat);
	json_arr_begin(&j, "changing_facts");
	for (i = 0; i < s->nchanging; i++)
		json_str(&j, NULL, s->changing[i]);
	json_arr_end(&j);
	json_arr_begin(&j, "points");
	for (i = 0; i < s->npt; i++)
		json_point(&j, s, &s->pt[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	return json_end(&j);
}
