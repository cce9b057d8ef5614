// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the result text form (userspace/result.c): byte-for-byte the
 * form fixed by include/uapi/alloclab.h and printed by the core's debugfs
 * `last`, and the text -> JSON conversion both transports share.
 */
#include "testutil.h"
#include "result.h"

static void fact(struct alloclab_result *r, const char *k, const char *v)
{
	struct alloclab_fact *f = &r->facts[r->nr_facts++];

	snprintf(f->key, sizeof(f->key), "%s", k);
	snprintf(f->value, sizeof(f->value), "%s", v);
}

static void stats(struct alloclab_stats *s, unsigned long long base)
{
	s->mean = base + 5;
	s->min = base;
	s->p50 = base + 4;
	s->p90 = base + 10;
	s->p99 = base + 20;
	s->max = base + 100;
}

static struct alloclab_result *full_result(void)
{
	struct alloclab_result *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->abi_version = ALLOCLAB_ABI_VERSION;
	r->seq = 7;
	strcpy(r->experiment, "kmalloc");
	strcpy(r->command, "kmalloc size=40 count=1000 gfp=KERNEL pattern=bulk cpus=1 mode=perop batch=1");
	r->flags = ALLOCLAB_RES_TIMED | ALLOCLAB_RES_CYCLES | ALLOCLAB_RES_PEROP |
		   ALLOCLAB_RES_FREE_PHASE | ALLOCLAB_RES_HELD;
	r->cpus = 1;
	r->batch = 1;
	r->ops = 1000;
	r->failures = 0;
	r->elapsed_ns = 123456;
	r->timer_overhead_ps = 20049;	/* 20.0 */
	r->timer_overhead_cycles = 55;
	stats(&r->ns_ps, 50950);	/* 51.0 (half up) ... */
	stats(&r->cycles, 140);
	r->free_ops = 1000;
	stats(&r->free_ns_ps, 30000);
	stats(&r->free_cycles, 90);
	r->bytes_requested = 40000;
	r->bytes_consumed = 64000;
	fact(r, "ksize", "64");
	fact(r, "waste_pct", "37.5");
	fact(r, "backing", "slab");
	fact(r, "slab_class", "kmalloc-64");
	return r;
}

static const char full_text[] =
	"result: 7\n"
	"experiment: kmalloc\n"
	"command: kmalloc size=40 count=1000 gfp=KERNEL pattern=bulk cpus=1 mode=perop batch=1\n"
	"cpus: 1\n"
	"mode: perop\n"
	"batch: 1\n"
	"ops: 1000\n"
	"failures: 0\n"
	"elapsed_ns: 123456\n"
	"timer_overhead_ns: 20.0\n"
	"timer_overhead_cycles: 55\n"
	"ns_mean: 51.0\n"
	"ns_min: 51.0\n"
	"ns_p50: 51.0\n"
	"ns_p90: 51.0\n"
	"ns_p99: 51.0\n"
	"ns_max: 51.1\n"
	"cycles_mean: 145\n"
	"cycles_min: 140\n"
	"cycles_p50: 144\n"
	"cycles_p90: 150\n"
	"cycles_p99: 160\n"
	"cycles_max: 240\n"
	"free_ops: 1000\n"
	"free_ns_mean: 30.0\n"
	"free_ns_min: 30.0\n"
	"free_ns_p50: 30.0\n"
	"free_ns_p90: 30.0\n"
	"free_ns_p99: 30.0\n"
	"free_ns_max: 30.1\n"
	"free_cycles_mean: 95\n"
	"free_cycles_min: 90\n"
	"free_cycles_p50: 94\n"
	"free_cycles_p90: 100\n"
	"free_cycles_p99: 110\n"
	"free_cycles_max: 190\n"
	"bytes_requested: 40000\n"
	"bytes_consumed: 64000\n"
	"held: yes\n"
	"ksize: 64\n"
	"waste_pct: 37.5\n"
	"backing: slab\n"
	"slab_class: kmalloc-64\n";

static void test_format_full(void **state)
{
	struct alloclab_result *r = full_result();
	char *s = result_format_str(r);

	(void)state;
	assert_string_equal(s, full_text);
	free(s);
	free(r);
}

/* No TIMED: no timer or ns lines; no CYCLES: no cycle lines; batch mode. */
static void test_format_flags(void **state)
{
	struct alloclab_result *r = full_result();
	char *s;

	(void)state;
	r->flags = ALLOCLAB_RES_TIMED;
	r->nr_facts = 0;
	s = result_format_str(r);
	assert_int_equal(count_lines(s, "cycles_"), 0);
	assert_int_equal(count_lines(s, "timer_overhead_cycles"), 0);
	assert_int_equal(count_lines(s, "free_"), 0);
	assert_int_equal(count_lines(s, "held:"), 0);
	assert_int_equal(count_lines(s, "ns_"), 6);
	assert_int_equal(count_lines(s, "mode: batch"), 1);
	assert_non_null(strstr(s, "elapsed_ns: 123456\ntimer_overhead_ns: 20.0\nns_mean: 51.0\n"));
	free(s);

	r->flags = 0;
	s = result_format_str(r);
	assert_string_equal(s,
		"result: 7\n"
		"experiment: kmalloc\n"
		"command: kmalloc size=40 count=1000 gfp=KERNEL pattern=bulk cpus=1 mode=perop batch=1\n"
		"cpus: 1\n"
		"mode: batch\n"
		"batch: 1\n"
		"ops: 1000\n"
		"failures: 0\n"
		"elapsed_ns: 123456\n"
		"bytes_requested: 40000\n"
		"bytes_consumed: 64000\n");
	free(s);

	/* free phase without cycles */
	r->flags = ALLOCLAB_RES_FREE_PHASE;
	s = result_format_str(r);
	assert_int_equal(count_lines(s, "free_ns_"), 6);
	assert_int_equal(count_lines(s, "free_cycles_"), 0);
	free(s);
	free(r);
}

/* Fields the kernel filled to the last byte, and too many facts. */
static void test_format_limits(void **state)
{
	struct alloclab_result *r = full_result();
	char *s, want[256];
	unsigned int i;

	(void)state;
	memset(r->experiment, 'e', sizeof(r->experiment));	/* no NUL */
	r->nr_facts = 0;
	for (i = 0; i < ALLOCLAB_MAX_FACTS; i++)
		fact(r, "k", "v");
	memset(r->facts[0].key, 'K', sizeof(r->facts[0].key));
	memset(r->facts[0].value, 'V', sizeof(r->facts[0].value));
	r->nr_facts = ALLOCLAB_MAX_FACTS + 50;
	s = result_format_str(r);
	snprintf(want, sizeof(want), "experiment: %.*s\n", (int)sizeof(r->experiment),
		 "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
	assert_non_null(strstr(s, want));
	assert_int_equal(count_lines(s, "k: v"), ALLOCLAB_MAX_FACTS - 1);
	assert_int_equal(count_lines(s, "KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK: VVVV"), 1);
	free(s);
	free(r);
}

/* The core prints tenths = (ps + 50) / 100; so must we. */
static void test_ps_rounding(void **state)
{
	unsigned long long v[] = { 0, 1, 49, 50, 94, 99, 100, 149, 150, 999, 1000, 1049, 1050,
				   999949, 999950, 123456789, 18446744073709551000ULL };
	char buf[32], want[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		unsigned long long t = (v[i] + 50) / 100;

		snprintf(want, sizeof(want), "%llu.%llu", t / 10, t % 10);
		assert_string_equal(result_ps_to_ns(v[i], buf, sizeof(buf)), want);
	}
	assert_string_equal(result_ps_to_ns(1050, buf, sizeof(buf)), "1.1");
	assert_string_equal(result_ps_to_ns(999950, buf, sizeof(buf)), "1000.0");
	assert_string_equal(result_ps_to_ns(49, buf, sizeof(buf)), "0.0");
}

/* Text -> blocks keeps every key in order: the ioctl and debugfs paths agree. */
static void test_roundtrip(void **state)
{
	static const char *const keys[] = {
		"result", "experiment", "command", "cpus", "mode", "batch", "ops", "failures",
		"elapsed_ns", "timer_overhead_ns", "timer_overhead_cycles", "ns_mean", "ns_min",
		"ns_p50", "ns_p90", "ns_p99", "ns_max",
	};
	struct alloclab_result *r = full_result();
	char *s = result_format_str(r);
	struct kvdoc doc;
	size_t i;

	(void)state;
	kv_parse(s, &doc);
	assert_int_equal(doc.n, 1);
	assert_int_equal(doc.bad, 0);
	assert_int_equal(doc.b[0].n, (size_t)count_lines(s, ""));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_string_equal(doc.b[0].kv[i].key, keys[i]);
	assert_string_equal(kv_get(&doc.b[0], "slab_class"), "kmalloc-64");
	assert_string_equal(kv_get(&doc.b[0], "command"), r->command);
	kv_free(&doc);
	free(s);
	free(r);
}

static void test_json_single(void **state)
{
	struct capture c;
	char *s;

	(void)state;
	assert_int_equal(result_text_to_json(
		"result: 3\n"
		"experiment: kmalloc\n"
		"command: kmalloc size=40 count=1000\n"
		"ns_p50: 12.5\n"
		"ksize: 64\n"
		"backing: slab\n"
		"virt: 0xffff888003a1c000\n"
		"note: say \"hi\"\n"
		"\n"
		"result: 4\n", cap_open(&c), 1), 0);
	s = cap_take(&c);
	assert_string_equal(s,
		"{\n"
		"  \"result\": 3,\n"
		"  \"experiment\": \"kmalloc\",\n"
		"  \"command\": \"kmalloc size=40 count=1000\",\n"
		"  \"ns_p50\": 12.5,\n"
		"  \"ksize\": 64,\n"
		"  \"backing\": \"slab\",\n"
		"  \"virt\": \"0xffff888003a1c000\",\n"
		"  \"note\": \"say \\\"hi\\\"\"\n"
		"}\n");
	free(s);

	/* nothing to convert */
	assert_int_equal(result_text_to_json("", cap_open(&c), 1), -1);
	free(cap_take(&c));
}

static void test_json_report(void **state)
{
	struct capture c;
	char *s;

	(void)state;
	assert_int_equal(result_text_to_json(
		"dropped: 2\n"
		"\n"
		"result: 3\n"
		"ops: 10\n"
		"\n"
		"result: 4\n"
		"ops: 20\n", cap_open(&c), 0), 0);
	s = cap_take(&c);
	assert_string_equal(s,
		"{\n"
		"  \"dropped\": 2,\n"
		"  \"results\": [\n"
		"    {\n"
		"      \"result\": 3,\n"
		"      \"ops\": 10\n"
		"    },\n"
		"    {\n"
		"      \"result\": 4,\n"
		"      \"ops\": 20\n"
		"    }\n"
		"  ]\n"
		"}\n");
	free(s);

	/* an empty report is an empty list */
	assert_int_equal(result_text_to_json("", cap_open(&c), 0), 0);
	s = cap_take(&c);
	assert_string_equal(s, "{\n  \"results\": []\n}\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_full),
		cmocka_unit_test(test_format_flags),
		cmocka_unit_test(test_format_limits),
		cmocka_unit_test(test_ps_rounding),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_json_single),
		cmocka_unit_test(test_json_report),
	};

	return cmocka_run_group_tests_name("result", tests, NULL, NULL);
}
