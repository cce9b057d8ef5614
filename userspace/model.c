// SPDX-License-Identifier: GPL-2.0
/*
 * model.c - result text read once into struct model_result; the report
 * table and JSON rendered from it. See model.h.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "result.h"

const char *const model_stat_names[MS_NR] = {
	"mean", "min", "p50", "p90", "p99", "max",
};

/* ---- parse ---- */

static unsigned long long num(const char *s)
{
	return strtoull(s, NULL, 10);
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = out_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void kvblock_copy(struct kvblock *dst, const struct kvblock *src)
{
	size_t i;

	dst->n = src->n;
	dst->kv = out_xmalloc(sizeof(*dst->kv) * (src->n ? src->n : 1));
	for (i = 0; i < src->n; i++) {
		dst->kv[i].key = out_xstrdup(src->kv[i].key);
		dst->kv[i].val = out_xstrdup(src->kv[i].val);
	}
}

static void kv_push(struct model_kv **arr, size_t *n, const char *k, size_t klen,
		    const char *v)
{
	struct model_kv *kv;

	*arr = out_xrealloc(*arr, sizeof(**arr) * (*n + 1));
	kv = &(*arr)[(*n)++];
	kv->key = xstrndup(k, klen);
	kv->val = out_xstrdup(v);
}

/* "NAME k=v k=v": the k=v words as params. */
static void parse_command(struct model_result *m, const char *cmd)
{
	char *copy = out_xstrdup(cmd), *save = NULL, *w;

	w = strtok_r(copy, " \t", &save);	/* the experiment name */
	while (w && (w = strtok_r(NULL, " \t", &save))) {
		char *eq = strchr(w, '=');

		if (eq && eq != w)
			kv_push(&m->params, &m->nparams, w, eq - w, eq + 1);
	}
	free(copy);
}

static void parse_phases(struct model_result *m, const char *names)
{
	char *copy = out_xstrdup(names), *save = NULL, *w;

	for (w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		m->phases = out_xrealloc(m->phases, sizeof(*m->phases) * (m->nphases + 1));
		memset(&m->phases[m->nphases], 0, sizeof(*m->phases));
		m->phases[m->nphases++].name = out_xstrdup(w);
	}
	free(copy);
	if (m->nphases)
		m->phases[0].ops = m->ops;
}

/* "ns_p50" -> stats[MS_P50] of @what ("ns_" / "cycles_"); 0 if not one. */
static int set_stat(const char *key, const char *what, double *stats, const char *val)
{
	size_t wl = strlen(what);
	int i;

	if (strncmp(key, what, wl))
		return 0;
	for (i = 0; i < MS_NR; i++) {
		if (!strcmp(key + wl, model_stat_names[i])) {
			stats[i] = strtod(val, NULL);
			return 1;
		}
	}
	return 0;
}

/* @key without the phase prefix into @ph. */
static void set_phase_key(struct model_phase *ph, const char *key, const char *val)
{
	if (!strcmp(key, "ops")) {
		ph->ops = num(val);
	} else if (set_stat(key, "ns_", ph->ns, val)) {
		ph->has_ns = 1;
	} else if (set_stat(key, "cycles_", ph->cycles, val)) {
		ph->has_cycles = 1;
	} else if (!strcmp(key, "unit")) {
		free(ph->unit);
		ph->unit = out_xstrdup(val);
	} else if (!strcmp(key, "mb_per_s")) {
		ph->mb_per_s = strtod(val, NULL);
		ph->has_mb_per_s = 1;
	}
}

/* A key between "phases:" and "bytes_requested:": whose phase is it? */
static void parse_phase_key(struct model_result *m, const char *key, const char *val)
{
	size_t i, nl;

	for (i = 1; i < m->nphases; i++) {
		nl = strlen(m->phases[i].name);
		if (!strncmp(key, m->phases[i].name, nl) && key[nl] == '_') {
			set_phase_key(&m->phases[i], key + nl + 1, val);
			return;
		}
	}
	if (m->nphases)
		set_phase_key(&m->phases[0], key, val);
}

/* A header key; 0 if @key is none. */
static int parse_header(struct model_result *m, const char *key, const char *val)
{
	static const char *const names[] = {
		"result", "cpus", "batch", "ops", "failures", "elapsed_ns",
		"bytes_requested", "bytes_consumed",
	};
	unsigned long long *fields[] = {
		&m->seq, &m->cpus, &m->batch, &m->ops, &m->failures, &m->elapsed_ns,
		&m->bytes_requested, &m->bytes_consumed,
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(key, names[i])) {
			*fields[i] = num(val);
			return 1;
		}
	}
	if (!strcmp(key, "experiment")) {
		free(m->experiment);
		m->experiment = out_xstrdup(val);
	} else if (!strcmp(key, "command")) {
		free(m->command);
		m->command = out_xstrdup(val);
		parse_command(m, val);
	} else if (!strcmp(key, "mode")) {
		free(m->mode);
		m->mode = out_xstrdup(val);
	} else if (!strncmp(key, "timer_overhead_", 15)) {
		return 1;
	} else {
		return 0;
	}
	return 1;
}

/* After bytes_consumed: held, facts, rows, truncated. */
static void parse_tail(struct model_result *m, const struct kvblock *b, size_t i)
{
	unsigned long idx;
	size_t nl;

	if (i < b->n && !strcmp(b->kv[i].key, "held")) {
		m->held = 1;
		i++;
	}
	for (; i < b->n; i++) {
		const char *k = b->kv[i].key, *v = b->kv[i].val;

		nl = result_row_key(k, &idx);
		if (nl) {
			struct model_row *row;

			m->rows = out_xrealloc(m->rows, sizeof(*m->rows) * (m->nrows + 1));
			row = &m->rows[m->nrows++];
			row->table = xstrndup(k, nl);
			row->index = idx;
			row->text = out_xstrdup(v);
		} else if (!strcmp(k, "truncated") && i + 1 == b->n) {
			m->truncated = 1;
		} else {
			kv_push(&m->facts, &m->nfacts, k, strlen(k), v);
		}
	}
}

int model_result_from_block(const struct kvblock *b, struct model_result *m)
{
	int in_phases = 0;
	size_t i;

	memset(m, 0, sizeof(*m));
	if (!kv_get(b, "result") || !kv_get(b, "experiment"))
		return -1;
	m->experiment = out_xstrdup("");
	m->command = out_xstrdup("");
	m->mode = out_xstrdup("");
	for (i = 0; i < b->n; i++) {
		const char *k = b->kv[i].key, *v = b->kv[i].val;

		if (!strcmp(k, "phases")) {
			parse_phases(m, v);
			in_phases = 1;
		} else if (parse_header(m, k, v)) {
			if (!strcmp(k, "bytes_requested"))
				in_phases = 0;
			if (!strcmp(k, "bytes_consumed"))
				break;
		} else if (in_phases) {
			parse_phase_key(m, k, v);
		}
	}
	parse_tail(m, b, i + 1);
	kvblock_copy(&m->block, b);
	return 0;
}

static void kvs_free(struct model_kv *kv, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].val);
	}
	free(kv);
}

void model_result_free(struct model_result *m)
{
	size_t i;

	free(m->experiment);
	free(m->command);
	free(m->mode);
	kvs_free(m->params, m->nparams);
	for (i = 0; i < m->nphases; i++) {
		free(m->phases[i].name);
		free(m->phases[i].unit);
	}
	free(m->phases);
	kvs_free(m->facts, m->nfacts);
	for (i = 0; i < m->nrows; i++) {
		free(m->rows[i].table);
		free(m->rows[i].text);
	}
	free(m->rows);
	for (i = 0; i < m->block.n; i++) {
		free(m->block.kv[i].key);
		free(m->block.kv[i].val);
	}
	free(m->block.kv);
	memset(m, 0, sizeof(*m));
}

int model_result_parse(const char *text, struct model_result *m)
{
	struct kvdoc doc;
	int ret = -1;

	memset(m, 0, sizeof(*m));
	kv_parse(text, &doc);
	if (doc.n)
		ret = model_result_from_block(&doc.b[0], m);
	kv_free(&doc);
	return ret;
}

int model_report_parse(const char *text, struct model_report *rep)
{
	struct kvdoc doc;
	size_t i = 0;

	memset(rep, 0, sizeof(*rep));
	kv_parse(text, &doc);
	if (doc.n && doc.b[0].n == 1 && !strcmp(doc.b[0].kv[0].key, "dropped")) {
		rep->has_dropped = 1;
		rep->dropped = num(doc.b[0].kv[0].val);
		i = 1;
	}
	rep->r = out_xmalloc(sizeof(*rep->r) * (doc.n ? doc.n : 1));
	for (; i < doc.n; i++)
		if (!model_result_from_block(&doc.b[i], &rep->r[rep->n]))
			rep->n++;
	kv_free(&doc);
	return 0;
}

void model_report_free(struct model_report *rep)
{
	size_t i;

	for (i = 0; i < rep->n; i++)
		model_result_free(&rep->r[i]);
	free(rep->r);
	memset(rep, 0, sizeof(*rep));
}

/* ---- lookups ---- */

static const char *kvs_get(const struct model_kv *kv, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(kv[i].key, key))
			return kv[i].val;
	return NULL;
}

const char *model_fact(const struct model_result *m, const char *key)
{
	return kvs_get(m->facts, m->nfacts, key);
}

const char *model_param(const struct model_result *m, const char *key)
{
	return kvs_get(m->params, m->nparams, key);
}

const struct model_phase *model_phase_find(const struct model_result *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nphases; i++)
		if (!strcmp(m->phases[i].name, name))
			return &m->phases[i];
	return NULL;
}

const char *model_fmt(double v, char *buf, size_t len)
{
	snprintf(buf, len, "%.1f", v);
	return buf;
}

/* ---- views ---- */

int model_fact_is_address(const char *key, const char *val)
{
	static const char *const ends[] = { "_virt", "_phys", "_dma", "_addr", "_ptr" };
	size_t kl = strlen(key), i;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		size_t el = strlen(ends[i]);

		if (kl >= el && !strcmp(key + kl - el, ends[i]))
			return 1;
	}
	return !strncmp(val, "hidden (kptr", 12) ||
	       (!strncmp(val, "0x", 2) && strlen(val) >= 10);
}

/* The facts that tell an experiment's story, by experiment (name before '@'). */
static const struct {
	const char *experiment;
	const char *facts;
} main_facts[] = {
	{ "kmalloc",		"ksize waste_pct slab_class page_order" },
	{ "kmem_cache",		"cache object_size objects_per_slab slab_order" },
	{ "kmalloc_classes",	"classes smallest_class page_allocator_from largest_ok" },
};

#define MAIN_FACTS_DEFAULT	3

/* " k=v" onto @buf at *@off, the value cut at " (" (its explanation). */
static void append_kv(char *buf, size_t len, size_t *off, const char *k, const char *v)
{
	int n;

	if (*off >= len)
		return;
	n = snprintf(buf + *off, len - *off, "%s%s=%.*s", *off ? " " : "", k,
		     (int)(strstr(v, " (") ? (size_t)(strstr(v, " (") - v) : strlen(v)), v);
	if (n > 0)
		*off += (size_t)n;
}

static const char *listed_facts(const struct model_result *m)
{
	size_t nl = strcspn(m->experiment, "@"), i;

	for (i = 0; i < sizeof(main_facts) / sizeof(main_facts[0]); i++)
		if (strlen(main_facts[i].experiment) == nl &&
		    !strncmp(m->experiment, main_facts[i].experiment, nl))
			return main_facts[i].facts;
	return NULL;
}

const char *model_main_facts(const struct model_result *m, char *buf, size_t len)
{
	const char *list = listed_facts(m), *v;
	size_t off = 0, i, shown = 0;
	char *copy, *save = NULL, *w;

	buf[0] = '\0';
	if (list) {
		copy = out_xstrdup(list);
		for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
			if ((v = model_fact(m, w)))
				append_kv(buf, len, &off, w, v);
		free(copy);
		return buf;
	}
	for (i = 0; i < m->nfacts && shown < MAIN_FACTS_DEFAULT; i++) {
		if (model_fact_is_address(m->facts[i].key, m->facts[i].val))
			continue;
		append_kv(buf, len, &off, m->facts[i].key, m->facts[i].val);
		shown++;
	}
	return buf;
}

/* The core's parameters: every command resolves them, they rarely matter. */
int model_core_param(const char *key)
{
	static const char *const core[] = {
		"cpus", "cpu_list", "node", "mode", "batch", "force", "timeout_ms", "hold",
	};
	size_t i;

	for (i = 0; i < sizeof(core) / sizeof(core[0]); i++)
		if (!strcmp(key, core[i]))
			return 1;
	return 0;
}

const char *model_key_params(const struct model_result *m, model_param_hidden_fn hidden,
			     void *arg, char *buf, size_t len)
{
	size_t off = 0, i;

	buf[0] = '\0';
	for (i = 0; i < m->nparams; i++) {
		const struct model_kv *p = &m->params[i];

		if (hidden ? hidden(arg, m->experiment, p->key, p->val) : model_core_param(p->key))
			continue;
		append_kv(buf, len, &off, p->key, p->val);
	}
	return buf;
}

/* p50 and p99 cells of @ph ("" if it has no distribution). */
static void stat_cells(struct out_table *t, const struct model_phase *ph)
{
	char buf[48];

	if (ph && ph->has_ns) {
		table_cell(t, "%s", model_fmt(ph->ns[MS_P50], buf, sizeof(buf)));
		table_cell(t, "%s", model_fmt(ph->ns[MS_P99], buf, sizeof(buf)));
	} else {
		table_cell(t, "%s", "");
		table_cell(t, "%s", "");
	}
}

static void report_rows(struct out_table *t, const struct model_result *m,
			model_param_hidden_fn hidden, void *arg)
{
	const struct model_phase *ph0 = m->nphases ? &m->phases[0] : NULL;
	char params[ALLOCLAB_CMD_MAX], facts[512];
	size_t i;

	table_row(t);
	table_cell(t, "%llu", m->seq);
	table_cell(t, "%s", m->experiment);
	table_cell(t, "%s", model_key_params(m, hidden, arg, params, sizeof(params)));
	table_cell(t, "%s", ph0 ? ph0->name : "");
	table_cell(t, "%llu", m->ops);
	stat_cells(t, ph0);
	table_cell(t, "%s", model_main_facts(m, facts, sizeof(facts)));
	for (i = 1; i < m->nphases; i++) {
		if (!m->phases[i].ops)
			continue;
		table_row(t);
		table_cell(t, "%s", "");
		table_cell(t, "%s", "");
		table_cell(t, "%s", "");
		table_cell(t, "%s", m->phases[i].name);
		table_cell(t, "%llu", m->phases[i].ops);
		stat_cells(t, &m->phases[i]);
	}
}

void model_report_table(const struct model_report *rep, model_param_hidden_fn hidden,
			void *arg, FILE *f)
{
	struct out_table t;
	size_t i;

	if (rep->has_dropped && rep->dropped)
		fprintf(f, "(%llu older results dropped: the report keeps the last ones)\n",
			rep->dropped);
	if (!rep->n) {
		fputs("no results (since the modules were loaded or `alloclab run reset`)\n", f);
		return;
	}
	/* the CSV's names (one model, many views) */
	table_init(&t, "result", "experiment", "params", "phase", "ops", "ns_p50", "ns_p99",
		   "facts", NULL);
	for (i = 0; i < rep->n; i++)
		report_rows(&t, &rep->r[i], hidden, arg);
	table_print(&t, f);
	table_free(&t);
}

void model_result_json(struct out_json *j, const char *key, const struct model_result *m)
{
	result_json_block(j, key, &m->block);
}

int model_report_json(const struct model_report *rep, FILE *f)
{
	struct out_json j;
	size_t i;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	if (rep->has_dropped)
		json_uint(&j, "dropped", rep->dropped);
	json_arr_begin(&j, "results");
	for (i = 0; i < rep->n; i++)
		model_result_json(&j, NULL, &rep->r[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	return json_end(&j);
}

/* ---- CSV ---- */

const int model_csv_stats[MS_NR] = { MS_P50, MS_P90, MS_P99, MS_MEAN, MS_MIN, MS_MAX };

void model_csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void model_csv_stats_row(FILE *f, const struct model_phase *ph)
{
	char buf[48];
	int i;

	for (i = 0; i < MS_NR; i++) {
		fputc(',', f);
		if (ph && ph->has_ns)
			fputs(model_fmt(ph->ns[model_csv_stats[i]], buf, sizeof(buf)), f);
	}
}

static void csv_phase_row(FILE *f, const struct model_result *m, const char *params,
			  const struct model_phase *ph, const char *facts)
{
	fprintf(f, "%llu,", m->seq);
	model_csv_field(f, m->experiment);
	fputc(',', f);
	model_csv_field(f, params);
	fputc(',', f);
	model_csv_field(f, ph ? ph->name : "");
	fprintf(f, ",%llu", ph ? ph->ops : m->ops);
	model_csv_stats_row(f, ph);
	fputc(',', f);
	model_csv_field(f, facts);
	fputc('\n', f);
}

void model_report_csv(const struct model_report *rep, model_param_hidden_fn hidden,
		      void *arg, FILE *f)
{
	char params[ALLOCLAB_CMD_MAX], facts[512];
	size_t i, k;

	fputs("result,experiment,params,phase,ops,ns_p50,ns_p90,ns_p99,ns_mean,ns_min,ns_max,"
	      "facts\n", f);
	for (i = 0; i < rep->n; i++) {
		const struct model_result *m = &rep->r[i];

		model_key_params(m, hidden, arg, params, sizeof(params));
		model_main_facts(m, facts, sizeof(facts));
		if (!m->nphases)
			csv_phase_row(f, m, params, NULL, facts);
		for (k = 0; k < m->nphases; k++)
			if (!k || m->phases[k].ops)
				csv_phase_row(f, m, params, &m->phases[k], facts);
	}
}
