// SPDX-License-Identifier: GPL-2.0
/*
 * result.c - struct alloclab_result to text, result text to JSON.
 * The text form is the one fixed in include/uapi/alloclab.h.
 */
#include <stdlib.h>
#include <string.h>

#include "result.h"

const char *result_ps_to_ns(unsigned long long ps, char *buf, size_t len)
{
	unsigned long long tenths = ps / 100 + (ps % 100 >= 50);

	snprintf(buf, len, "%llu.%llu", tenths / 10, tenths % 10);
	return buf;
}

static const char *const stat_names[] = {
	"mean", "min", "p50", "p90", "p99", "max",
};

static void stats_values(const struct alloclab_stats *s, unsigned long long v[6])
{
	v[0] = s->mean;
	v[1] = s->min;
	v[2] = s->p50;
	v[3] = s->p90;
	v[4] = s->p99;
	v[5] = s->max;
}

/* "<prefix>_mean: x.y" ... from picoseconds */
static void print_stats_ps(FILE *f, const char *prefix, const struct alloclab_stats *s)
{
	unsigned long long v[6];
	char buf[32];
	int i;

	stats_values(s, v);
	for (i = 0; i < 6; i++)
		fprintf(f, "%s_%s: %s\n", prefix, stat_names[i],
			result_ps_to_ns(v[i], buf, sizeof(buf)));
}

static void print_stats_int(FILE *f, const char *prefix, const struct alloclab_stats *s)
{
	unsigned long long v[6];
	int i;

	stats_values(s, v);
	for (i = 0; i < 6; i++)
		fprintf(f, "%s_%s: %llu\n", prefix, stat_names[i], v[i]);
}

/* A fixed-size char field that may lack its NUL. */
static void print_field(FILE *f, const char *key, const char *s, size_t size)
{
	fprintf(f, "%s: %.*s\n", key, (int)strnlen(s, size), s);
}

void result_format(const struct alloclab_result *r, FILE *f)
{
	int cycles = !!(r->flags & ALLOCLAB_RES_CYCLES);
	unsigned int i, nf;
	char buf[32];

	fprintf(f, "result: %u\n", r->seq);
	print_field(f, "experiment", r->experiment, sizeof(r->experiment));
	print_field(f, "command", r->command, sizeof(r->command));
	fprintf(f, "cpus: %u\n", r->cpus);
	fprintf(f, "mode: %s\n", r->flags & ALLOCLAB_RES_PEROP ? "perop" : "batch");
	fprintf(f, "batch: %u\n", r->batch);
	fprintf(f, "ops: %llu\n", (unsigned long long)r->ops);
	fprintf(f, "failures: %llu\n", (unsigned long long)r->failures);
	fprintf(f, "elapsed_ns: %llu\n", (unsigned long long)r->elapsed_ns);
	if (r->flags & ALLOCLAB_RES_TIMED) {
		fprintf(f, "timer_overhead_ns: %s\n",
			result_ps_to_ns(r->timer_overhead_ps, buf, sizeof(buf)));
		if (cycles)
			fprintf(f, "timer_overhead_cycles: %llu\n",
				(unsigned long long)r->timer_overhead_cycles);
		print_stats_ps(f, "ns", &r->ns_ps);
		if (cycles)
			print_stats_int(f, "cycles", &r->cycles);
	}
	if (r->flags & ALLOCLAB_RES_FREE_PHASE) {
		fprintf(f, "free_ops: %llu\n", (unsigned long long)r->free_ops);
		print_stats_ps(f, "free_ns", &r->free_ns_ps);
		if (cycles)
			print_stats_int(f, "free_cycles", &r->free_cycles);
	}
	fprintf(f, "bytes_requested: %llu\n", (unsigned long long)r->bytes_requested);
	fprintf(f, "bytes_consumed: %llu\n", (unsigned long long)r->bytes_consumed);
	if (r->flags & ALLOCLAB_RES_HELD)
		fputs("held: yes\n", f);
	nf = r->nr_facts;
	if (nf > ALLOCLAB_MAX_FACTS)
		nf = ALLOCLAB_MAX_FACTS;
	for (i = 0; i < nf; i++) {
		const struct alloclab_fact *fa = &r->facts[i];

		fprintf(f, "%.*s: %.*s\n",
			(int)strnlen(fa->key, sizeof(fa->key)), fa->key,
			(int)strnlen(fa->value, sizeof(fa->value)), fa->value);
	}
}

char *result_format_str(const struct alloclab_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		out_perror("open_memstream");
		exit(1);
	}
	result_format(r, f);
	fclose(f);
	return buf;
}

void result_json_block(struct out_json *j, const char *key, const struct kvblock *b)
{
	size_t i;

	json_obj_begin(j, key);
	for (i = 0; i < b->n; i++)
		json_num(j, b->kv[i].key, b->kv[i].val);
	json_obj_end(j);
}

int result_text_to_json(const char *text, FILE *f, int single)
{
	struct out_json j;
	struct kvdoc doc;
	size_t i;
	int ret = 0;

	kv_parse(text, &doc);
	json_init(&j, f);
	if (single) {
		if (!doc.n) {
			kv_free(&doc);
			return -1;
		}
		result_json_block(&j, NULL, &doc.b[0]);
	} else {
		i = 0;
		json_obj_begin(&j, NULL);
		if (doc.n && doc.b[0].n == 1 && !strcmp(doc.b[0].kv[0].key, "dropped")) {
			json_num(&j, "dropped", doc.b[0].kv[0].val);
			i = 1;
		}
		json_arr_begin(&j, "results");
		for (; i < doc.n; i++)
			result_json_block(&j, NULL, &doc.b[i]);
		json_arr_end(&j);
		json_obj_end(&j);
	}
	if (json_end(&j))
		ret = -1;
	kv_free(&doc);
	return ret;
}
