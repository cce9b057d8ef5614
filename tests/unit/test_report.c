// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the views of userspace/model.c and model_sweep.c: the
 * report table (one row per result, one more per other phase that ran,
 * parameters and main facts), the report CSV, and a sweep's table, CSV
 * (the exact columns `alloclab plot` reads by name) and JSON, a failed
 * point included. The results are real texts captured in the test VM.
 */
#include "testutil.h"
#include "model.h"

static char *report_text(void)
{
	char *a = read_data("result.mempool.deb-amd64-6.1");
	char *b = read_data("result.edu_copy.deb-amd64-6.1");
	char *text = malloc(strlen(a) + strlen(b) + 8);

	sprintf(text, "%s\n%s", a, b);
	free(a);
	free(b);
	return text;
}

/* The line of @s that starts with @prefix (after blanks), or NULL. */
static char *line_of(char *s, const char *prefix)
{
	char *line;

	for (line = strtok(s, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line + strspn(line, " "), prefix, strlen(prefix)))
			return line;
	return NULL;
}

/* @l with every run of blanks as one blank (alignment aside). */
static char *squeeze(char *l)
{
	char *r = l, *w = l;

	for (; *r; r++)
		if (*r != ' ' || (w > l && w[-1] != ' '))
			*w++ = *r;
	*w = '\0';
	return l;
}

static void test_report_table(void **state)
{
	struct model_report rep;
	struct capture c;
	char *text = report_text(), *out, *l;

	(void)state;
	model_report_parse(text, &rep);
	model_report_table(&rep, NULL, NULL, cap_open(&c));
	out = cap_take(&c);
	/* header, 2 results, mempool's 2 other phases */
	assert_int_equal(count_lines(out, ""), 5);
	assert_int_equal(count_lines(out, "result  experiment"), 1);
	assert_int_equal(count_lines(out, "     4  mempool"), 1);
	assert_int_equal(count_lines(out, "    27  edu_copy@0000:00:03.0"), 1);
	l = line_of(out, "4  mempool");
	assert_non_null(l);
	/* core parameters hidden, phase 0 with ops p50 p99, first facts */
	assert_non_null(strstr(l, "kind=slab size=256 "));
	assert_null(strstr(l, "cpu_list="));
	assert_non_null(strstr(squeeze(l), "hit 300 708.9 920.4 kind=slab element_bytes=256"));
	free(out);

	model_report_table(&rep, NULL, NULL, cap_open(&c));
	out = cap_take(&c);
	l = line_of(out, "fallback");
	assert_non_null(l);
	assert_non_null(strstr(squeeze(l), "fallback 300 643.8 760.8"));
	free(out);
	model_report_free(&rep);

	model_report_parse("", &rep);
	model_report_table(&rep, NULL, NULL, cap_open(&c));
	out = cap_take(&c);
	assert_non_null(strstr(out, "no results"));
	free(out);
	model_report_free(&rep);
	free(text);
}

/* debugfs report of 3 runs in the VM: one row per result, no more */
static void test_report_table_file(void **state)
{
	struct model_report rep;
	struct capture c;
	char *text = read_data("report.deb-amd64-6.1"), *out;

	(void)state;
	model_report_parse(text, &rep);
	model_report_table(&rep, NULL, NULL, cap_open(&c));
	out = cap_take(&c);
	assert_int_equal(count_lines(out, ""), 5);	/* + kmem_cache's free phase */
	assert_non_null(strstr(out, "ksize=4194304 waste_pct=0.0 page_order=10\n"));
	assert_int_equal(count_lines(out, "     3  kmem_cache"), 1);
	assert_string_equal(squeeze(line_of(out, "1  kmalloc")),
			    "1 kmalloc size=40 count=10000 gfp=KERNEL pattern=repeat alloc 10000 "
			    "405.1 6404.1 ksize=64 waste_pct=37.5 slab_class=kmalloc-64");
	free(out);
	model_report_free(&rep);
	free(text);
}

static void test_report_csv(void **state)
{
	struct model_report rep;
	struct capture c;
	char *text = report_text(), *out;

	(void)state;
	model_report_parse(text, &rep);
	model_report_csv(&rep, NULL, NULL, cap_open(&c));
	out = cap_take(&c);
	assert_int_equal(count_lines(out, "result,experiment,params,phase,ops,ns_p50,ns_p90,"
				     "ns_p99,ns_mean,ns_min,ns_max,facts"), 1);
	assert_int_equal(count_lines(out, "4,mempool,"), 3);	/* hit, fallback, wait */
	assert_int_equal(count_lines(out, "4,mempool,kind=slab size=256 order=0 min_nr=16 "
				     "fail_after=8 count=300 free_after_ms=200 resize=0,hit,"
				     "300,708.9,920.4,920.4,742.5,688.5,920.4,"), 1);
	/* no distribution: empty fields, same column count */
	assert_int_equal(count_lines(out, "27,edu_copy@0000:00:03.0,"), 1);
	assert_non_null(strstr(out, ",roundtrip,17,,,,,,,"));
	free(out);
	model_report_free(&rep);
	free(text);
}

static void test_csv_field(void **state)
{
	struct capture c;
	char *out;
	FILE *f;

	(void)state;
	f = cap_open(&c);
	model_csv_field(f, "plain");
	fputc('|', f);
	model_csv_field(f, "a,b");
	fputc('|', f);
	model_csv_field(f, "say \"x\"");
	out = cap_take(&c);
	assert_string_equal(out, "plain|\"a,b\"|\"say \"\"x\"\"\"");
	free(out);
}

/* A sweep over size of 3 points from the mempool text, ksize set per point. */
static void make_sweep(struct model_sweep *s, int fail_last)
{
	static const char *const sizes[] = { "32", "64", "128" };
	static const char *const ksizes[] = { "32", "64", "128" };
	char *text = read_data("result.mempool.deb-amd64-6.1");
	size_t i, k;

	memset(s, 0, sizeof(*s));
	s->experiment = strdup("mempool");
	s->fixed = strdup("count=300");
	s->keys[0] = strdup("size");
	s->nkeys = 1;
	s->repeat = 1;
	s->npt = 3;
	s->pt = calloc(3, sizeof(*s->pt));
	for (i = 0; i < 3; i++) {
		s->pt[i].val[0] = strdup(sizes[i]);
		if (fail_last && i == 2) {
			s->pt[i].err = 34;	/* ERANGE */
			s->pt[i].reason = strdup("size=128 is out of range 1..64");
			continue;
		}
		assert_int_equal(model_result_parse(text, &s->pt[i].res), 0);
		for (k = 0; k < s->pt[i].res.nfacts; k++) {
			if (strcmp(s->pt[i].res.facts[k].key, "element_bytes"))
				continue;
			free(s->pt[i].res.facts[k].val);
			s->pt[i].res.facts[k].val = strdup(ksizes[i]);
		}
	}
	model_sweep_changing(s);
	free(text);
}

static void test_sweep_csv(void **state)
{
	struct model_sweep s;
	struct capture c;
	char *out;

	(void)state;
	make_sweep(&s, 0);
	assert_int_equal(s.nchanging, 1);	/* element_bytes; the rest is equal */
	assert_string_equal(s.changing[0], "element_bytes");
	model_sweep_csv(&s, cap_open(&c));
	out = cap_take(&c);
	assert_int_equal(count_lines(out, "experiment,size,phase,ops,ns_p50,ns_p90,ns_p99,"
				     "ns_mean,ns_min,ns_max,element_bytes\n"), 1);
	assert_int_equal(count_lines(out, "mempool,"), 9);	/* 3 points x 3 phases */
	assert_int_equal(count_lines(out, "mempool,64,hit,300,708.9,920.4,920.4,742.5,688.5,"
				     "920.4,64\n"), 1);
	assert_int_equal(count_lines(out, "mempool,128,wait,1,"), 1);
	free(out);
	model_sweep_free(&s);
}

static void test_sweep_failed(void **state)
{
	struct model_sweep s;
	struct capture c;
	char *out, *l;

	(void)state;
	make_sweep(&s, 1);
	model_sweep_csv(&s, cap_open(&c));
	out = cap_take(&c);
	assert_int_equal(count_lines(out, "experiment,size,phase,ops,ns_p50,ns_p90,ns_p99,"
				     "ns_mean,ns_min,ns_max,element_bytes,error\n"), 1);
	assert_int_equal(count_lines(out, "mempool,128,,,,,,,,,,ERANGE: size=128 is out of "
				     "range 1..64\n"), 1);
	free(out);

	model_sweep_table(&s, cap_open(&c));
	out = cap_take(&c);
	assert_int_equal(count_lines(out, "mempool count=300: 3 points"), 1);
	l = line_of(out, "128");
	assert_non_null(l);
	assert_non_null(strstr(l, "ERANGE: size=128 is out of range 1..64"));
	free(out);
	model_sweep_table(&s, cap_open(&c));
	out = cap_take(&c);
	l = line_of(out, "size");
	assert_non_null(l);
	assert_non_null(strstr(squeeze(l), "phase ops ns_p50 ns_p90 ns_p99 ns_mean element_bytes error"));
	free(out);
	model_sweep_free(&s);
}

static void test_sweep_json(void **state)
{
	struct model_sweep s;
	struct capture c;
	char *out;

	(void)state;
	make_sweep(&s, 1);
	assert_int_equal(model_sweep_json(&s, cap_open(&c)), 0);
	out = cap_take(&c);
	assert_non_null(strstr(out, "\"keys\": [\n    \"size\"\n  ]"));
	assert_int_equal(count_lines(out, "      \"params\": {"), 3);
	assert_non_null(strstr(out, "\"errno\": \"ERANGE\""));
	assert_non_null(strstr(out, "\"ns_p50\": 708.9"));
	assert_non_null(strstr(out, "\"element_bytes\": 64"));
	free(out);
	model_sweep_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_table),
		cmocka_unit_test(test_report_table_file),
		cmocka_unit_test(test_report_csv),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_sweep_csv),
		cmocka_unit_test(test_sweep_failed),
		cmocka_unit_test(test_sweep_json),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
