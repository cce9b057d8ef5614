// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of userspace/model.c: real result texts captured in the test
 * VM (tests/unit/data/result.*) read into struct model_result: header,
 * command parameters, phases with their distributions, facts in order,
 * table rows; a report with "dropped:"; the median of repeated runs; the
 * JSON view identical to result_text_to_json()'s.
 */
#include "testutil.h"
#include "model.h"
#include "result.h"

static void parse_file(const char *name, struct model_result *m)
{
	char *text = read_data(name);

	assert_int_equal(model_result_parse(text, m), 0);
	free(text);
}

static void test_mempool(void **state)
{
	struct model_result m;
	const struct model_phase *ph;

	(void)state;
	parse_file("result.mempool.deb-amd64-6.1", &m);
	assert_int_equal(m.seq, 4);
	assert_string_equal(m.experiment, "mempool");
	assert_string_equal(m.mode, "batch");
	assert_int_equal(m.cpus, 2);
	assert_int_equal(m.ops, 300);
	assert_int_equal(m.failures, 0);
	assert_int_equal(m.bytes_requested, 6656);
	assert_string_equal(model_param(&m, "kind"), "slab");
	assert_string_equal(model_param(&m, "free_after_ms"), "200");
	assert_string_equal(m.params[0].key, "kind");
	assert_null(model_param(&m, "mempool"));
	assert_int_equal(m.nphases, 3);
	assert_string_equal(m.phases[0].name, "hit");
	assert_int_equal(m.phases[0].ops, 300);
	assert_true(m.phases[0].has_ns);
	assert_true(m.phases[0].ns[MS_P50] == 708.9);
	assert_true(m.phases[0].ns[MS_P90] == 920.4);
	assert_string_equal(m.phases[0].unit, "objects");
	ph = model_phase_find(&m, "fallback");
	assert_non_null(ph);
	assert_int_equal(ph->ops, 300);
	assert_true(ph->ns[MS_MIN] == 611.0);
	assert_true(ph->ns[MS_P99] == 760.8);
	ph = model_phase_find(&m, "wait");
	assert_int_equal(ph->ops, 1);
	assert_true(ph->ns[MS_MAX] == 200837890.9);
	/* facts: everything after bytes_consumed, in order */
	assert_string_equal(m.facts[0].key, "kind");
	assert_string_equal(m.facts[m.nfacts - 1].key, "allocator_refused");
	assert_string_equal(model_fact(&m, "wait_served_from"),
			    "reserve (the element worker 1 freed)");
	assert_null(model_fact(&m, "ns_p50"));
	assert_null(model_fact(&m, "bytes_consumed"));
	assert_int_equal(m.nrows, 0);
	model_result_free(&m);
}

static void test_untimed_phase(void **state)
{
	struct model_result m;

	(void)state;
	parse_file("result.edu_copy.deb-amd64-6.1", &m);
	assert_string_equal(m.experiment, "edu_copy@0000:00:03.0");
	assert_int_equal(m.nphases, 1);
	assert_int_equal(m.phases[0].ops, 17);
	assert_false(m.phases[0].has_ns);	/* no distribution in this result */
	assert_string_equal(m.phases[0].unit, "bytes");
	assert_true(m.phases[0].has_mb_per_s);
	assert_string_equal(model_fact(&m, "buf"), "coherent");
	assert_true(model_fact_is_address("src_phys", model_fact(&m, "src_phys")));
	assert_true(model_fact_is_address("x", "hidden (kptr_restrict)"));
	assert_true(model_fact_is_address("sample_virt", "0"));
	assert_false(model_fact_is_address("ksize", "64"));
	model_result_free(&m);
}

static const char rows_text[] =
	"result: 9\n"
	"experiment: kmalloc_classes\n"
	"command: kmalloc_classes max=4096 force=0 timeout_ms=0\n"
	"cpus: 1\nmode: batch\nbatch: 1\nops: 0\nfailures: 0\nelapsed_ns: 5\n"
	"bytes_requested: 0\nbytes_consumed: 0\n"
	"held: yes\n"
	"classes: 2\n"
	"class[0]: lo=1 hi=8\n"
	"class[1]: lo=9 hi=16\n"
	"truncated: yes\n";

static void test_rows_untimed(void **state)
{
	struct model_result m;

	(void)state;
	assert_int_equal(model_result_parse(rows_text, &m), 0);
	assert_int_equal(m.nphases, 0);
	assert_true(m.held);
	assert_true(m.truncated);
	assert_int_equal(m.nfacts, 1);
	assert_string_equal(m.facts[0].key, "classes");
	assert_int_equal(m.nrows, 2);
	assert_string_equal(m.rows[1].table, "class");
	assert_int_equal(m.rows[1].index, 1);
	assert_string_equal(m.rows[1].text, "lo=9 hi=16");
	model_result_free(&m);

	assert_int_equal(model_result_parse("released: 2\n", &m), -1);
	assert_int_equal(model_result_parse("", &m), -1);
}

static void test_report_parse(void **state)
{
	struct model_report rep;
	char *a = read_data("result.mempool.deb-amd64-6.1");
	char *b = read_data("result.edu_copy.deb-amd64-6.1");
	char *text = malloc(strlen(a) + strlen(b) + 64);

	(void)state;
	sprintf(text, "dropped: 3\n\n%s\n%s\nreleased: 1\n", a, b);
	model_report_parse(text, &rep);
	assert_true(rep.has_dropped);
	assert_int_equal(rep.dropped, 3);
	assert_int_equal(rep.n, 2);		/* the built-in's block is no result */
	assert_string_equal(rep.r[0].experiment, "mempool");
	assert_string_equal(rep.r[1].experiment, "edu_copy@0000:00:03.0");
	model_report_free(&rep);
	free(text);
	free(a);
	free(b);
}

/* The model's JSON is the JSON result_text_to_json() makes of the text. */
static void test_json_same(void **state)
{
	struct capture c1, c2;
	struct model_result m;
	struct out_json j;
	char *text = read_data("result.mempool.deb-amd64-6.1"), *x, *y;

	(void)state;
	assert_int_equal(result_text_to_json(text, cap_open(&c1), 1), 0);
	x = cap_take(&c1);
	assert_int_equal(model_result_parse(text, &m), 0);
	json_init(&j, cap_open(&c2));
	model_result_json(&j, NULL, &m);
	assert_int_equal(json_end(&j), 0);
	y = cap_take(&c2);
	assert_string_equal(x, y);
	model_result_free(&m);
	free(x);
	free(y);
	free(text);
}

static void set_p50(struct model_result *m, double v, unsigned long long ops)
{
	m->phases[0].ns[MS_P50] = v;
	m->phases[0].ops = ops;
}

static void test_median(void **state)
{
	struct model_result runs[4], dst;
	char *text = read_data("result.mempool.deb-amd64-6.1");
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(model_result_parse(text, &runs[i]), 0);
	assert_int_equal(model_result_parse(text, &dst), 0);
	set_p50(&runs[0], 30.0, 300);
	set_p50(&runs[1], 10.0, 100);
	set_p50(&runs[2], 20.0, 200);
	set_p50(&runs[3], 1000.0, 400);
	model_median(&dst, runs, 3);
	assert_true(dst.phases[0].ns[MS_P50] == 20.0);
	assert_int_equal(dst.phases[0].ops, 200);
	assert_int_equal(dst.ops, 200);
	model_median(&dst, runs, 4);		/* even: mean of the middle two */
	assert_true(dst.phases[0].ns[MS_P50] == 25.0);
	assert_true(dst.phases[1].ns[MS_P99] == 760.8);	/* equal runs: unchanged */
	for (i = 0; i < 4; i++)
		model_result_free(&runs[i]);
	model_result_free(&dst);
	free(text);
}

static int hide_size(void *arg, const char *experiment, const char *key, const char *val)
{
	(void)arg;
	(void)experiment;
	(void)val;
	return !strcmp(key, "size") || model_core_param(key);
}

static void test_params_facts(void **state)
{
	struct model_result m;
	char buf[512];

	(void)state;
	parse_file("result.mempool.deb-amd64-6.1", &m);
	model_key_params(&m, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "kind=slab size=256 order=0 min_nr=16 fail_after=8 count=300 "
			    "free_after_ms=200 resize=0");
	model_key_params(&m, hide_size, NULL, buf, sizeof(buf));
	assert_null(strstr(buf, " size="));
	assert_non_null(strstr(buf, "resize=0"));
	assert_non_null(strstr(buf, "kind=slab"));
	/* not listed: the first three facts, explanations cut */
	model_main_facts(&m, buf, sizeof(buf));
	assert_string_equal(buf, "kind=slab element_bytes=256 min_nr=16");
	model_result_free(&m);
}

static void test_kmalloc(void **state)
{
	struct model_result m;
	char buf[512];

	(void)state;
	parse_file("result.kmalloc-40.deb-amd64-6.1", &m);
	assert_string_equal(m.experiment, "kmalloc");
	assert_int_equal(m.ops, 10000);
	assert_int_equal(m.nphases, 2);
	assert_string_equal(m.phases[1].name, "free");
	assert_int_equal(m.phases[1].ops, 0);		/* did not run: no keys */
	assert_true(m.phases[0].ns[MS_P50] == 405.1);
	assert_true(m.phases[0].has_cycles);
	assert_true(m.phases[0].cycles[MS_P99] == 16824);
	assert_int_equal(m.bytes_consumed, 64);
	assert_string_equal(model_fact(&m, "ksize"), "64");
	assert_string_equal(model_main_facts(&m, buf, sizeof(buf)),
			    "ksize=64 waste_pct=37.5 slab_class=kmalloc-64");
	assert_true(model_fact_is_address("sample_virt", model_fact(&m, "sample_virt")));
	model_result_free(&m);

	parse_file("result.kmalloc-4m.deb-amd64-6.1", &m);
	assert_string_equal(model_main_facts(&m, buf, sizeof(buf)),
			    "ksize=4194304 waste_pct=0.0 page_order=10");
	model_result_free(&m);

	parse_file("result.kmem_cache.deb-amd64-6.1", &m);
	assert_string_equal(model_main_facts(&m, buf, sizeof(buf)),
			    "cache=alloclab_kmc_0 object_size=200 objects_per_slab=19 slab_order=0");
	model_result_free(&m);
}

static void test_report_file(void **state)
{
	struct model_report rep;
	char *text = read_data("report.deb-amd64-6.1");

	(void)state;
	model_report_parse(text, &rep);
	assert_int_equal(rep.n, 3);
	assert_false(rep.has_dropped);
	assert_int_equal(rep.r[0].seq, 1);
	assert_string_equal(model_param(&rep.r[1], "size"), "4194304");
	assert_string_equal(rep.r[2].experiment, "kmem_cache");
	model_report_free(&rep);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mempool),
		cmocka_unit_test(test_untimed_phase),
		cmocka_unit_test(test_rows_untimed),
		cmocka_unit_test(test_report_parse),
		cmocka_unit_test(test_json_same),
		cmocka_unit_test(test_median),
		cmocka_unit_test(test_params_facts),
		cmocka_unit_test(test_kmalloc),
		cmocka_unit_test(test_report_file),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
