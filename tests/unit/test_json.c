// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the JSON writer and text table in userspace/out.c. */
#include "testutil.h"
#include <limits.h>
#include "out.h"

static void test_structure(void **state)
{
	struct capture c;
	struct out_json j;
	char *s;

	(void)state;
	json_init(&j, cap_open(&c));
	json_obj_begin(&j, NULL);
	json_str(&j, "name", "kmalloc");
	json_uint(&j, "ksize", 64);
	json_arr_begin(&j, "list");
	json_int(&j, NULL, -1);
	json_obj_begin(&j, NULL);
	json_bool(&j, "ok", 1);
	json_null(&j, "none");
	json_obj_end(&j);
	json_arr_end(&j);
	json_obj_begin(&j, "empty");
	json_obj_end(&j);
	json_arr_begin(&j, "nothing");
	json_arr_end(&j);
	json_obj_end(&j);
	assert_int_equal(json_end(&j), 0);
	s = cap_take(&c);
	assert_string_equal(s,
		"{\n"
		"  \"name\": \"kmalloc\",\n"
		"  \"ksize\": 64,\n"
		"  \"list\": [\n"
		"    -1,\n"
		"    {\n"
		"      \"ok\": true,\n"
		"      \"none\": null\n"
		"    }\n"
		"  ],\n"
		"  \"empty\": {},\n"
		"  \"nothing\": []\n"
		"}\n");
	free(s);
}

static char *escaped(const char *in)
{
	struct capture c;

	json_escape(cap_open(&c), in);
	return cap_take(&c);
}

static void test_escape(void **state)
{
	struct { const char *in, *out; } cases[] = {
		{ "", "\"\"" },
		{ "plain", "\"plain\"" },
		{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
		{ "a\\b", "\"a\\\\b\"" },
		{ "l1\nl2\tx\r", "\"l1\\nl2\\tx\\r\"" },
		{ "\b\f", "\"\\b\\f\"" },
		{ "\x01\x1f", "\"\\u0001\\u001f\"" },
		{ "del\x7f", "\"del\\u007f\"" },
		{ "caf\xc3\xa9 \xe2\x82\xac", "\"caf\xc3\xa9 \xe2\x82\xac\"" },	/* UTF-8 as is */
		{ "/slash/", "\"/slash/\"" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = escaped(cases[i].in);

		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void test_escaped_key(void **state)
{
	struct capture c;
	struct out_json j;
	char *s;

	(void)state;
	json_init(&j, cap_open(&c));
	json_obj_begin(&j, NULL);
	json_str(&j, "k\"ey", "v\n");
	json_str(&j, "nul", NULL);
	json_obj_end(&j);
	assert_int_equal(json_end(&j), 0);
	s = cap_take(&c);
	assert_string_equal(s, "{\n  \"k\\\"ey\": \"v\\n\",\n  \"nul\": null\n}\n");
	free(s);
}

static void test_numbers(void **state)
{
	struct capture c;
	struct out_json j;
	char *s;

	(void)state;
	json_init(&j, cap_open(&c));
	json_arr_begin(&j, NULL);
	json_int(&j, NULL, LLONG_MIN);
	json_uint(&j, NULL, ULLONG_MAX);
	json_fixed(&j, NULL, 12345, 3);
	json_fixed(&j, NULL, 7, 3);
	json_fixed(&j, NULL, -5, 1);
	json_fixed(&j, NULL, 42, 0);
	json_double(&j, NULL, 2.25, 1);
	json_double(&j, NULL, 1.0 / 0.0, 2);
	json_num(&j, NULL, "12.5");
	json_num(&j, NULL, "-0");
	json_num(&j, NULL, "1e-3");
	json_num(&j, NULL, "0x40");
	json_num(&j, NULL, "012");
	json_num(&j, NULL, "slab");
	json_num(&j, NULL, "");
	json_arr_end(&j);
	assert_int_equal(json_end(&j), 0);
	s = cap_take(&c);
	assert_string_equal(s,
		"[\n"
		"  -9223372036854775808,\n"
		"  18446744073709551615,\n"
		"  12.345,\n"
		"  0.007,\n"
		"  -0.5,\n"
		"  42,\n"
		"  2.2,\n"		/* round-half-even of 2.25 in printf */
		"  null,\n"
		"  12.5,\n"
		"  -0,\n"
		"  1e-3,\n"
		"  \"0x40\",\n"
		"  \"012\",\n"
		"  \"slab\",\n"
		"  \"\"\n"
		"]\n");
	free(s);
}

static void test_is_number(void **state)
{
	const char *yes[] = { "0", "-0", "7", "123", "-12.5", "0.25", "1e9", "1E+2", "2.5e-3" };
	const char *no[] = { "", "-", "+1", "01", "1.", ".5", "1e", "1e+", "0x1", "12 ", " 1",
			     "1,5", "NaN", "inf", "64 bytes" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(json_is_number(yes[i]));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		if (json_is_number(no[i]))
			fail_msg("\"%s\" taken for a JSON number", no[i]);
	}
	assert_false(json_is_number(NULL));
}

/* Every misuse makes json_end() report -1. */
static void test_misuse(void **state)
{
	struct capture c;
	struct out_json j;

	(void)state;
	/* value without key in an object */
	json_init(&j, cap_open(&c));
	json_obj_begin(&j, NULL);
	json_int(&j, NULL, 1);
	json_obj_end(&j);
	assert_int_equal(json_end(&j), -1);
	free(cap_take(&c));

	/* key inside an array */
	json_init(&j, cap_open(&c));
	json_arr_begin(&j, NULL);
	json_int(&j, "k", 1);
	json_arr_end(&j);
	assert_int_equal(json_end(&j), -1);
	free(cap_take(&c));

	/* unbalanced */
	json_init(&j, cap_open(&c));
	json_obj_begin(&j, NULL);
	assert_int_equal(json_end(&j), -1);
	free(cap_take(&c));

	/* wrong closer */
	json_init(&j, cap_open(&c));
	json_obj_begin(&j, NULL);
	json_arr_end(&j);
	json_obj_end(&j);
	assert_int_equal(json_end(&j), -1);
	free(cap_take(&c));

	/* two top-level values */
	json_init(&j, cap_open(&c));
	json_int(&j, NULL, 1);
	json_int(&j, NULL, 2);
	assert_int_equal(json_end(&j), -1);
	free(cap_take(&c));

	/* nothing at all */
	json_init(&j, cap_open(&c));
	assert_int_equal(json_end(&j), -1);
	free(cap_take(&c));

	/* a bare top-level scalar is fine */
	json_init(&j, cap_open(&c));
	json_str(&j, NULL, "x");
	assert_int_equal(json_end(&j), 0);
	free(cap_take(&c));
}

static void test_deep(void **state)
{
	struct capture c;
	struct out_json j;
	int i;

	(void)state;
	json_init(&j, cap_open(&c));
	for (i = 0; i < OUT_JSON_MAX_DEPTH + 1; i++)
		json_arr_begin(&j, NULL);
	for (i = 0; i < OUT_JSON_MAX_DEPTH + 1; i++)
		json_arr_end(&j);
	assert_int_equal(json_end(&j), -1);
	free(cap_take(&c));
}

static void test_table(void **state)
{
	struct out_table t;
	struct capture c;
	char *s;

	(void)state;
	table_init(&t, "NAME", "SIZE", "DELTA", "NOTE", NULL);
	table_row(&t);
	table_cell(&t, "%s", "kmalloc-64");
	table_cell(&t, "%d", 64);
	table_cell(&t, "%+d", 12);
	table_cell(&t, "%s", "slab");
	table_row(&t);
	table_cell(&t, "%s", "x");
	table_cell(&t, "%d", 4096);
	table_cell(&t, "%s", "-3.5");
	table_cell(&t, "%s", "page allocator");
	table_row(&t);			/* missing cells print empty */
	table_cell(&t, "%s", "short");
	table_print(&t, cap_open(&c));
	s = cap_take(&c);
	assert_string_equal(s,
		"NAME        SIZE  DELTA  NOTE\n"
		"kmalloc-64    64    +12  slab\n"
		"x           4096   -3.5  page allocator\n"
		"short\n");
	free(s);
	table_free(&t);
}

static void test_table_align(void **state)
{
	struct out_table t;
	struct capture c;
	char *s;

	(void)state;
	table_init(&t, "A", "B", NULL);
	table_align(&t, 0, TABLE_RIGHT);
	table_align(&t, 1, TABLE_LEFT);
	table_row(&t);
	table_cell(&t, "word");
	table_cell(&t, "1");
	table_row(&t);
	table_cell(&t, "w\xc3\xa9");	/* 2 columns wide in UTF-8 */
	table_cell(&t, "100%%");
	table_cell(&t, "ignored: beyond the last column");
	table_print(&t, cap_open(&c));
	s = cap_take(&c);
	assert_string_equal(s,
		"   A  B\n"
		"word  1\n"
		"  w\xc3\xa9  100%\n");
	free(s);
	table_free(&t);
}

static void test_table_empty(void **state)
{
	struct out_table t;
	struct capture c;
	char *s;

	(void)state;
	table_init(&t, "ONLY", "HEAD", NULL);
	table_print(&t, cap_open(&c));
	s = cap_take(&c);
	assert_string_equal(s, "ONLY  HEAD\n");
	free(s);
	table_free(&t);
	/* cell before any row: ignored, no crash */
	table_init(&t, "X", NULL);
	table_cell(&t, "lost");
	assert_int_equal(t.nrows, 0);
	table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escaped_key),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_is_number),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_align),
		cmocka_unit_test(test_table_empty),
	};

	return cmocka_run_group_tests_name("json+table", tests, NULL, NULL);
}
