// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the byte pattern `alloclab mmap --fill/--check` writes and
 * verifies in a held buffer (userspace/pattern.c): byte i of seed S is
 * (i * 31 + S) & 0xff, and the check finds every byte that differs, the
 * first one's offset included.
 */
#include "testutil.h"
#include "pattern.h"

static void test_bytes(void **state)
{
	(void)state;
	assert_int_equal(pattern_byte(0, 0), 0);
	assert_int_equal(pattern_byte(1, 0), 31);
	assert_int_equal(pattern_byte(9, 0), (9 * 31) & 0xff);
	assert_int_equal(pattern_byte(0, 7), 7);
	assert_int_equal(pattern_byte(10, 300), (10 * 31 + 300) & 0xff);
	assert_int_equal(pattern_byte(~0ULL, 0), (uint8_t)(~0ULL * 31));
	/* 31 is odd: 256 consecutive bytes take every value once */
	{
		int seen[256] = { 0 }, i;

		for (i = 0; i < 256; i++)
			seen[pattern_byte(1000 + i, 5)]++;
		for (i = 0; i < 256; i++)
			assert_int_equal(seen[i], 1);
	}
}

static void test_fill_check(void **state)
{
	size_t len = 3 * 4096 + 17, first = 0;
	unsigned char *buf = malloc(len);

	(void)state;
	assert_non_null(buf);
	pattern_fill(buf, len, 7);
	assert_int_equal(buf[0], 7);
	assert_int_equal(buf[len - 1], pattern_byte(len - 1, 7));
	assert_int_equal(pattern_check(buf, len, 7, &first), 0);
	assert_int_equal(first, len);

	/* another seed: almost every byte differs, the first at 0 */
	assert_true(pattern_check(buf, len, 8, &first) == len);
	assert_int_equal(first, 0);
	/* seeds 256 apart are the same pattern */
	assert_int_equal(pattern_check(buf, len, 7 + 256, &first), 0);

	buf[4096] ^= 0x40;
	buf[5000] ^= 1;
	assert_int_equal(pattern_check(buf, len, 7, &first), 2);
	assert_int_equal(first, 4096);

	/* a buffer shifted by one byte does not pass */
	memmove(buf, buf + 1, len - 1);
	assert_true(pattern_check(buf, len - 1, 7, &first) > len / 2);
	assert_int_equal(pattern_check(buf, 0, 7, &first), 0);
	assert_int_equal(first, 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_fill_check),
	};

	return cmocka_run_group_tests_name("pattern", tests, NULL, NULL);
}
