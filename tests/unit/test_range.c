// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of userspace/range.c: the sweep ranges (geometric, arithmetic,
 * lists, single values), numbers as the kernel's parser reads them, and
 * every bad range refused with its reason.
 */
#include "testutil.h"
#include "range.h"

static struct range r;
static char err[256];

static void ok(const char *word)
{
	err[0] = '\0';
	if (range_parse(word, &r, err, sizeof(err)))
		fail_msg("'%s' refused: %s", word, err);
}

/* @word refused, the reason holding @why. */
static void bad(const char *word, const char *why)
{
	err[0] = '\0';
	if (!range_parse(word, &r, err, sizeof(err)))
		fail_msg("'%s' accepted (%u points)", word, r.n);
	if (!strstr(err, why))
		fail_msg("'%s': reason '%s' lacks '%s'", word, err, why);
	assert_int_equal(r.n, 0);
}

static void test_numbers(void **state)
{
	unsigned long long v;

	(void)state;
	assert_int_equal(range_parse_number("40", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 40);
	assert_int_equal(range_parse_number("4k", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(range_parse_number("4M", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 4194304);
	assert_int_equal(range_parse_number("1g", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 1ULL << 30);
	assert_int_equal(range_parse_number("0x1000", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(range_parse_number("0x10k", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 16384);
	assert_int_equal(range_parse_number("0", &v, err, sizeof(err)), 0);
	assert_int_equal(v, 0);
	assert_int_equal(range_parse_number("18446744073709551615", &v, err, sizeof(err)), 0);
	assert_true(v == ~0ULL);

	assert_int_equal(range_parse_number("18446744073709551616", &v, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "64 bits"));
	assert_int_equal(range_parse_number("17179869184g", &v, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "64 bits"));
	assert_int_equal(range_parse_number("010", &v, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "leading zero"));
	assert_int_equal(range_parse_number("-1", &v, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unsigned"));
	assert_int_equal(range_parse_number("", &v, err, sizeof(err)), -1);
	assert_int_equal(range_parse_number("k", &v, err, sizeof(err)), -1);
	assert_int_equal(range_parse_number("4x", &v, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a number"));
	assert_int_equal(range_parse_number("0xg", &v, err, sizeof(err)), -1);
	assert_int_equal(range_parse_number("4kk", &v, err, sizeof(err)), -1);
}

static void test_geometric(void **state)
{
	(void)state;
	ok("size=8..4m*2");
	assert_string_equal(r.key, "size");
	assert_int_equal(r.n, 20);	/* 2^3 .. 2^22 */
	assert_true(r.numeric && r.ranged);
	assert_int_equal(r.num[0], 8);
	assert_string_equal(r.val[0], "8");
	assert_int_equal(r.num[19], 4194304);
	assert_string_equal(r.val[19], "4194304");
	ok("size=8..4m");		/* *2 is the default */
	assert_int_equal(r.n, 20);
	ok("size=1..100*10");		/* b only if reached */
	assert_int_equal(r.n, 3);
	assert_int_equal(r.num[2], 100);
	ok("size=3..100*4");
	assert_int_equal(r.n, 3);
	assert_int_equal(r.num[2], 48);
	ok("x=1..18446744073709551615*2");	/* stops before 64 bits overflow */
	assert_int_equal(r.n, 64);
	assert_true(r.num[63] == 1ULL << 63);
	ok("size=0x10..0x40*2");
	assert_int_equal(r.n, 3);
	assert_int_equal(r.num[2], 64);
}

static void test_arithmetic(void **state)
{
	(void)state;
	ok("count=1000..5000+1000");
	assert_int_equal(r.n, 5);
	assert_int_equal(r.num[4], 5000);
	ok("size=1k..4k+1k");
	assert_int_equal(r.n, 4);
	assert_int_equal(r.num[3], 4096);
	ok("size=0..10+3");
	assert_int_equal(r.n, 4);
	assert_int_equal(r.num[3], 9);
	ok("size=18446744073709551614..18446744073709551615+1");
	assert_int_equal(r.n, 2);
	ok("size=18446744073709551614..18446744073709551615+5");	/* no wrap */
	assert_int_equal(r.n, 1);
	ok("n=5..5+1");
	assert_int_equal(r.n, 1);
	assert_false(r.ranged);
}

static void test_lists(void **state)
{
	(void)state;
	ok("size=40,100,1k");
	assert_int_equal(r.n, 3);
	assert_true(r.numeric);
	assert_int_equal(r.num[2], 1024);
	assert_string_equal(r.val[2], "1024");
	ok("pattern=repeat,random");
	assert_int_equal(r.n, 2);
	assert_false(r.numeric);
	assert_string_equal(r.val[1], "random");
	ok("gfp=KERNEL|ZERO,ATOMIC");
	assert_string_equal(r.val[0], "KERNEL|ZERO");
	ok("size=40");
	assert_int_equal(r.n, 1);
	assert_false(r.ranged);
	assert_int_equal(r.num[0], 40);
	ok("dev=edu0");
	assert_false(r.numeric);
}

static void test_bad(void **state)
{
	(void)state;
	bad("size=64..8", "above the end");
	bad("size=8..64+0", "step is 0");
	bad("size=8..64*1", "factor of 2");
	bad("size=8..64*0", "factor of 2");
	bad("size=0..64*2", "start above 0");
	bad("size=1..100000+1", "more than 64 points");
	bad("size=1..18446744073709551615+1", "more than 64 points");
	bad("size=1..18446744073709551616", "64 bits");
	bad("size=8..", "not a range");
	bad("size=..64", "not a range");
	bad("size=8..64*", "not an unsigned number");
	bad("size=8..64*2x", "not a number");
	bad("size=8..64..128", "one range");
	bad("size=8..64,128", "one range");
	bad("size=8...64", "not a number");
	bad("size=abc..64", "not a number");
	bad("size=1,,2", "empty value");
	bad("size=1,", "empty value");
	bad("size=", "no value");
	bad("size", "not key=VALUES");
	bad("=8..64", "not key=VALUES");
	bad("si-ze=8", "bad character");
	bad("size=4x", "not a number");
	bad("size=-1", "unsigned");
	bad("size=08", "leading zero");
	bad("averyveryverylongkeyname_over_24=1", "too long");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_geometric),
		cmocka_unit_test(test_arithmetic),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests_name("range", tests, NULL, NULL);
}
