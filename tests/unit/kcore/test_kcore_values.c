// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of modules/core/values.c (compiled unchanged against shim/):
 * numbers, symbolic GFP masks, the command text check and errno names.
 * Each function is driven by a case table: the input, the expected return,
 * the expected value and a piece of the reason that a refusal must give.
 */
#include "kcore_test.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <linux/kernel.h>
#include "values.h"

#define RLEN	256	/* ALLOCLAB_REASON_LEN */

/* ---- al_parse_number ---- */

struct num_case {
	const char *in;
	int ret;
	u64 val;		/* when ret is 0 */
	const char *why;	/* in the reason, when ret is not 0 */
};

static const struct num_case num_cases[] = {
	/* decimal */
	{ "0", 0, 0, NULL },
	{ "1", 0, 1, NULL },
	{ "9", 0, 9, NULL },
	{ "10", 0, 10, NULL },
	{ "4096", 0, 4096, NULL },
	{ "123456789", 0, 123456789, NULL },
	{ "4294967296", 0, 1ULL << 32, NULL },
	{ "9223372036854775808", 0, 1ULL << 63, NULL },
	{ "10000000000000000000", 0, 10000000000000000000ULL, NULL },		/* 20 digits */
	{ "18446744073709551614", 0, U64_MAX - 1, NULL },
	{ "18446744073709551615", 0, U64_MAX, NULL },
	/* suffixes: powers of 1024, either case */
	{ "0k", 0, 0, NULL },
	{ "1k", 0, 1024, NULL },
	{ "4k", 0, 4096, NULL },
	{ "4K", 0, 4096, NULL },
	{ "2m", 0, 2ULL << 20, NULL },
	{ "2M", 0, 2ULL << 20, NULL },
	{ "3g", 0, 3ULL << 30, NULL },
	{ "3G", 0, 3ULL << 30, NULL },
	{ "1023k", 0, 1023ULL << 10, NULL },
	{ "18014398509481983k", 0, U64_MAX << 10, NULL },			/* (2^54 - 1) k */
	{ "17592186044415m", 0, U64_MAX << 20, NULL },			/* (2^44 - 1) m */
	{ "17179869183g", 0, U64_MAX << 30, NULL },				/* (2^34 - 1) g */
	{ "8589934592g", 0, 1ULL << 63, NULL },
	/* hex */
	{ "0x0", 0, 0, NULL },
	{ "0x1", 0, 1, NULL },
	{ "0x10", 0, 16, NULL },
	{ "0X10", 0, 16, NULL },
	{ "0xff", 0, 255, NULL },
	{ "0xFF", 0, 255, NULL },
	{ "0xaBcDeF", 0, 0xabcdef, NULL },
	{ "0x0001", 0, 1, NULL },					/* no octal to confuse */
	{ "0x8000000000000000", 0, 1ULL << 63, NULL },
	{ "0xffffffffffffffff", 0, U64_MAX, NULL },
	{ "0xFFFFFFFFFFFFFFFF", 0, U64_MAX, NULL },
	{ "0x00000000000000000000ffffffffffffffff", 0, U64_MAX, NULL },	/* 38 chars */
	{ "0x10k", 0, 16ULL << 10, NULL },
	{ "0x1G", 0, 1ULL << 30, NULL },
	{ "0x3fffffffffk", 0, 0x3fffffffffULL << 10, NULL },
	{ "0x3ffffffffg", 0, 0x3ffffffffULL << 30, NULL },
	/* overflow: ERANGE, also through a suffix */
	{ "18446744073709551616", -ERANGE, 0, "overflows 64 bits" },
	{ "18446744073709551620", -ERANGE, 0, "overflows 64 bits" },
	{ "99999999999999999999", -ERANGE, 0, "overflows 64 bits" },	/* 20 digits */
	{ "100000000000000000000", -ERANGE, 0, "overflows 64 bits" },	/* 21 digits */
	{ "0x10000000000000000", -ERANGE, 0, "overflows 64 bits" },
	{ "0xfffffffffffffffff", -ERANGE, 0, "overflows 64 bits" },
	{ "18014398509481984k", -ERANGE, 0, "overflows 64 bits" },	/* 2^54 k */
	{ "17592186044416m", -ERANGE, 0, "overflows 64 bits" },		/* 2^44 m */
	{ "17179869184g", -ERANGE, 0, "overflows 64 bits" },		/* 2^34 g */
	{ "18446744073709551615k", -ERANGE, 0, "overflows 64 bits" },
	{ "0x400000000g", -ERANGE, 0, "overflows 64 bits" },
	{ "0xffffffffffffffffk", -ERANGE, 0, "overflows 64 bits" },
	/* empty, alone, signs */
	{ "", -EINVAL, 0, "not an unsigned number" },
	{ "k", -EINVAL, 0, "not an unsigned number" },
	{ "G", -EINVAL, 0, "not an unsigned number" },
	{ "-1", -EINVAL, 0, "not an unsigned number" },
	{ "-0", -EINVAL, 0, "not an unsigned number" },
	{ "+1", -EINVAL, 0, "not an unsigned number" },
	{ "+0x10", -EINVAL, 0, "not an unsigned number" },
	{ "-4k", -EINVAL, 0, "not an unsigned number" },
	/* leading zero (octal in C) */
	{ "00", -EINVAL, 0, "leading zero" },
	{ "01", -EINVAL, 0, "leading zero" },
	{ "0123", -EINVAL, 0, "leading zero" },
	{ "007", -EINVAL, 0, "leading zero" },
	{ "01k", -EINVAL, 0, "leading zero" },
	{ "00000000000000000001", -EINVAL, 0, "leading zero" },
	/* a prefix without digits */
	{ "0x", -EINVAL, 0, "'0x'" },
	{ "0X", -EINVAL, 0, "'0X'" },
	{ "0xk", -EINVAL, 0, "'0xk'" },
	{ "0xg", -EINVAL, 0, "'0xg'" },
	/* not digits */
	{ "x10", -EINVAL, 0, "is not a number" },
	{ "1.5", -EINVAL, 0, "is not a number" },
	{ "1,000", -EINVAL, 0, "is not a number" },
	{ "1_000", -EINVAL, 0, "is not a number" },
	{ "12a", -EINVAL, 0, "is not a number" },
	{ "1e3", -EINVAL, 0, "is not a number" },
	{ "ff", -EINVAL, 0, "is not a number" },
	{ "0xfg0", -EINVAL, 0, "is not a number" },
	{ "0xz", -EINVAL, 0, "is not a number" },
	{ "0x-1", -EINVAL, 0, "is not a number" },
	{ "0x 1", -EINVAL, 0, "is not a number" },
	{ "0b101", -EINVAL, 0, "'0b101'" },
	{ " 1", -EINVAL, 0, "is not a number" },
	{ "1 ", -EINVAL, 0, "is not a number" },
	{ "1\t", -EINVAL, 0, "is not a number" },
	{ "1\n", -EINVAL, 0, "is not a number" },
	{ "4kb", -EINVAL, 0, "is not a number" },
	{ "4kk", -EINVAL, 0, "is not a number" },
	{ "4km", -EINVAL, 0, "is not a number" },
	{ "4t", -EINVAL, 0, "is not a number" },
	{ "4 k", -EINVAL, 0, "is not a number" },
	{ "k4", -EINVAL, 0, "is not a number" },
	{ "1\xb2", -EINVAL, 0, "is not a number" },		/* Latin-1 superscript two */
	{ "\xd9\xa3", -EINVAL, 0, "is not a number" },		/* Arabic-Indic three */
	{ "1k\xff", -EINVAL, 0, "is not a number" },
};

/* NULL when @c holds, else what differs (in @why). */
static const char *number_mismatch(const char *key, const struct num_case *c, char *why,
				   size_t wlen)
{
	char reason[RLEN];
	u64 v = 0x5a5a5a5a5a5a5a5aULL;
	int ret;

	memset(reason, 0, sizeof(reason));
	ret = al_parse_number(key, c->in, &v, reason, sizeof(reason));
	if (ret != c->ret)
		snprintf(why, wlen, "\"%s\": returned %d (%s), expected %d (%s); reason \"%s\"",
			 c->in, ret, al_errno_name(ret), c->ret, al_errno_name(c->ret), reason);
	else if (ret && (!reason[0] || !strstr(reason, c->why) || !strstr(reason, key)))
		snprintf(why, wlen, "\"%s\": reason \"%s\" lacks \"%s\" or \"%s\"", c->in,
			 reason, c->why, key);
	else if (ret && v != 0x5a5a5a5a5a5a5a5aULL)
		snprintf(why, wlen, "\"%s\": refused but wrote the value", c->in);
	else if (!ret && v != c->val)
		snprintf(why, wlen, "\"%s\": value %llu, expected %llu", c->in,
			 (unsigned long long)v, (unsigned long long)c->val);
	else
		return NULL;
	return why;
}

static void test_number_cases(void **state)
{
	char why[512];
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(num_cases); i++)
		if (number_mismatch("size", &num_cases[i], why, sizeof(why)))
			fail_msg("%s", why);
}

/* Every u64 printed in decimal and hex, every shift with a suffix, reads back. */
static void test_number_print_parse(void **state)
{
	static const char sfx[] = { 'k', 'm', 'g', 'K', 'M', 'G' };
	char text[64], reason[RLEN];
	u64 seed = 0x9e3779b97f4a7c15ULL, v, got;
	unsigned int i, s;

	(void)state;
	for (i = 0; i < 20000; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		v = seed >> (i % 64);

		snprintf(text, sizeof(text), "%llu", (unsigned long long)v);
		assert_int_equal(al_parse_number("n", text, &got, reason, sizeof(reason)), 0);
		assert_true(got == v);
		snprintf(text, sizeof(text), i & 1 ? "0x%llx" : "0X%llX", (unsigned long long)v);
		assert_int_equal(al_parse_number("n", text, &got, reason, sizeof(reason)), 0);
		assert_true(got == v);

		s = i % ARRAY_SIZE(sfx);
		snprintf(text, sizeof(text), "%llu%c", (unsigned long long)v, sfx[s]);
		memset(reason, 0, sizeof(reason));
		if (v > U64_MAX >> (10 * (s % 3 + 1))) {
			assert_int_equal(al_parse_number("n", text, &got, reason, sizeof(reason)),
					 -ERANGE);
			assert_reason(reason, sizeof(reason), "overflows");
		} else {
			assert_int_equal(al_parse_number("n", text, &got, reason, sizeof(reason)), 0);
			assert_true(got == v << (10 * (s % 3 + 1)));
		}
	}
}

/* A short reason buffer is filled and terminated, not overrun. */
static void test_number_short_reason(void **state)
{
	char reason[12];
	u64 v;

	(void)state;
	memset(reason, 'X', sizeof(reason));
	assert_int_equal(al_parse_number("size", "12q", &v, reason, 8), -EINVAL);
	assert_string_equal(reason, "size: '");
	assert_int_equal(reason[8], 'X');
}

/*
 * Overflow is ERANGE however long the number (doc: "-ERANGE (over 64
 * bits)"), and a number within 64 bits is read however many zeros follow
 * "0x". values.c refuses any number over 40 characters with EINVAL "is not
 * an unsigned number" first.
 */
static void test_number_long(void **state)
{
	static const struct num_case long_cases[] = {
		{ "11111111111111111111111111111111111111111", -ERANGE, 0, "overflows" },
		{ "0x000000000000000000000000000000000000000001", 0, 1, NULL },
		{ "1111111111111111111111111111111111111111111111111111k", -ERANGE, 0, "overflows" },
	};
	static char why[512];
	const char *bug = NULL;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(long_cases) && !bug; i++)
		bug = number_mismatch("size", &long_cases[i], why, sizeof(why));
	fixed_bug(bug);
}

/* ---- al_parse_gfp_mask ---- */

#define K	AL_GFP_KERNEL
#define AT	AL_GFP_ATOMIC
#define NW	AL_GFP_NOWAIT
#define HM	AL_GFP_HIGHUSER_MOVABLE
#define D	AL_GFP_DMA
#define D32	AL_GFP_DMA32
#define Z	AL_GFP_ZERO
#define NWN	AL_GFP_NOWARN
#define NR	AL_GFP_NORETRY
#define RM	AL_GFP_RETRY_MAYFAIL

struct gfp_case {
	const char *in;
	int ret;
	u64 mask;
	const char *why;
};

static const struct gfp_case gfp_cases[] = {
	/* one base; KERNEL when none is given */
	{ "KERNEL", 0, K, NULL },
	{ "ATOMIC", 0, AT, NULL },
	{ "NOWAIT", 0, NW, NULL },
	{ "HIGHUSER_MOVABLE", 0, HM, NULL },
	{ "ZERO", 0, K | Z, NULL },
	{ "NOWARN", 0, K | NWN, NULL },
	{ "NORETRY", 0, K | NR, NULL },
	{ "RETRY_MAYFAIL", 0, K | RM, NULL },
	{ "DMA", 0, K | D, NULL },
	{ "DMA32", 0, K | D32, NULL },
	/* any case */
	{ "kernel", 0, K, NULL },
	{ "Kernel", 0, K, NULL },
	{ "atomic", 0, AT, NULL },
	{ "highuser_movable", 0, HM, NULL },
	{ "HighUser_Movable|Zero", 0, HM | Z, NULL },
	{ "dma32", 0, K | D32, NULL },
	{ "retry_mayfail", 0, K | RM, NULL },
	/* separators | + , */
	{ "KERNEL|ZERO", 0, K | Z, NULL },
	{ "KERNEL+ZERO", 0, K | Z, NULL },
	{ "KERNEL,ZERO", 0, K | Z, NULL },
	{ "ZERO|KERNEL", 0, K | Z, NULL },
	{ "atomic|zero+nowarn,noretry", 0, AT | Z | NWN | NR, NULL },
	{ "DMA|ATOMIC", 0, AT | D, NULL },
	{ "NOWAIT,DMA32,ZERO", 0, NW | D32 | Z, NULL },
	{ "ZERO|NOWARN|NORETRY|RETRY_MAYFAIL", 0, K | Z | NWN | NR | RM, NULL },
	{ "KERNEL|KERNEL", 0, K, NULL },		/* a repeat is no second base */
	{ "DMA|dma", 0, K | D, NULL },
	{ "ZERO+ZERO", 0, K | Z, NULL },
	/* two bases, two zones, a movable page in a DMA zone */
	{ "KERNEL|ATOMIC", -EINVAL, 0, "at most one of KERNEL ATOMIC NOWAIT HIGHUSER_MOVABLE" },
	{ "ATOMIC|NOWAIT", -EINVAL, 0, "at most one" },
	{ "NOWAIT|HIGHUSER_MOVABLE", -EINVAL, 0, "at most one" },
	{ "kernel+highuser_movable", -EINVAL, 0, "at most one" },
	{ "ZERO|ATOMIC|KERNEL", -EINVAL, 0, "at most one" },
	{ "DMA|DMA32", -EINVAL, 0, "DMA and DMA32 are two different zones" },
	{ "ATOMIC|DMA32|DMA", -EINVAL, 0, "two different zones" },
	{ "HIGHUSER_MOVABLE|DMA", -EINVAL, 0, "HIGHUSER_MOVABLE cannot be combined with a DMA zone" },
	{ "HIGHUSER_MOVABLE|DMA32", -EINVAL, 0, "HIGHUSER_MOVABLE cannot" },
	{ "dma32,highuser_movable,zero", -EINVAL, 0, "HIGHUSER_MOVABLE cannot" },
	/* unknown flags: the reason names the flag, and the known ones */
	{ "FOO", -EINVAL, 0, "unknown GFP flag 'FOO'" },
	{ "KERNEL|FOO", -EINVAL, 0, "unknown GFP flag 'FOO'" },
	{ "FOO|KERNEL", -EINVAL, 0, "unknown GFP flag 'FOO'" },
	{ "KERNEL|ZERO|bar+NOWARN", -EINVAL, 0, "unknown GFP flag 'bar'" },
	{ "GFP_KERNEL", -EINVAL, 0, "'GFP_KERNEL'" },
	{ "__GFP_ZERO", -EINVAL, 0, "'__GFP_ZERO'" },
	{ "KERN", -EINVAL, 0, "'KERN'" },
	{ "KERNELS", -EINVAL, 0, "'KERNELS'" },
	{ "DMA3", -EINVAL, 0, "'DMA3'" },
	{ "DMA322", -EINVAL, 0, "'DMA322'" },
	{ "HIGHUSER", -EINVAL, 0, "'HIGHUSER'" },
	{ "KERNEL ZERO", -EINVAL, 0, "'KERNEL ZERO'" },
	{ " KERNEL", -EINVAL, 0, "' KERNEL'" },
	{ "KERNEL\n", -EINVAL, 0, "'KERNEL\n'" },
	{ "KERNEL;ZERO", -EINVAL, 0, "'KERNEL;ZERO'" },
	{ "0x10", -EINVAL, 0, "'0x10'" },
	{ "", -EINVAL, 0, "unknown GFP flag ''" },
	{ "|", -EINVAL, 0, "''" },
	{ "KERNEL|", -EINVAL, 0, "''" },
	{ "|KERNEL", -EINVAL, 0, "''" },
	{ "KERNEL||ZERO", -EINVAL, 0, "''" },
	{ "KERNEL,+ZERO", -EINVAL, 0, "''" },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", -EINVAL, 0,
	  "'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'" },		/* the first 32 characters */
	{ "NOPE", -EINVAL, 0,
	  "(KERNEL ATOMIC NOWAIT DMA DMA32 HIGHUSER_MOVABLE ZERO NOWARN NORETRY RETRY_MAYFAIL)" },
};

static void check_gfp(const struct gfp_case *c)
{
	char reason[RLEN];
	u64 mask = 0xa5a5;
	int ret;

	memset(reason, 0, sizeof(reason));
	ret = al_parse_gfp_mask("gfp", c->in, &mask, reason, sizeof(reason));
	if (ret != c->ret)
		fail_msg("\"%s\": returned %d, expected %d; reason \"%s\"", c->in, ret, c->ret,
			 reason);
	if (ret) {
		assert_reason(reason, sizeof(reason), c->why);
		assert_reason(reason, sizeof(reason), "gfp: ");
		assert_true(mask == 0xa5a5);
	} else if (mask != c->mask) {
		fail_msg("\"%s\": mask 0x%llx, expected 0x%llx", c->in, (unsigned long long)mask,
			 (unsigned long long)c->mask);
	}
}

static void test_gfp_cases(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(gfp_cases); i++)
		check_gfp(&gfp_cases[i]);
}

#define ALL_GFP		((u64)(RM << 1) - 1)
#define BASES		(K | AT | NW | HM)
#define ZONES		(D | D32)

/* @in, the text of mask @m, parses to @m (+ KERNEL) or is refused for its rule. */
static int expect_gfp(const char *in, u64 m)
{
	char reason[RLEN];
	u64 got;
	int ret;

	memset(reason, 0, sizeof(reason));
	ret = al_parse_gfp_mask("gfp", in, &got, reason, sizeof(reason));
	if (!m) {
		assert_int_equal(ret, -EINVAL);
		assert_reason(reason, sizeof(reason), "''");
	} else if (__builtin_popcountll(m & BASES) > 1) {
		assert_int_equal(ret, -EINVAL);
		assert_reason(reason, sizeof(reason), "at most one");
	} else if (__builtin_popcountll(m & ZONES) > 1) {
		assert_int_equal(ret, -EINVAL);
		assert_reason(reason, sizeof(reason), "zones");
	} else if ((m & HM) && (m & ZONES)) {
		assert_int_equal(ret, -EINVAL);
		assert_reason(reason, sizeof(reason), "HIGHUSER_MOVABLE cannot");
	} else {
		if (ret)
			fail_msg("\"%s\" refused: %s", in, reason);
		assert_true(got == (m & BASES ? m : m | K));
		return 1;
	}
	return 0;
}

/*
 * Every mask of the ten flags, formatted, parses back (in upper and lower
 * case) to itself, plus KERNEL when it has no base; or is refused for the
 * rule it breaks. A parsed mask formats to the same text.
 */
static void test_gfp_format_round_trip(void **state)
{
	char text[256], lower[256];
	unsigned int i, ok = 0;
	u64 m;
	int n;

	(void)state;
	for (m = 0; m <= ALL_GFP; m++) {
		n = al_format_gfp(m, text, sizeof(text));
		assert_int_equal(n, strlen(text));
		assert_int_equal(!m, !n);
		for (i = 0; text[i]; i++)
			lower[i] = tolower(text[i]);
		lower[i] = '\0';
		ok += expect_gfp(text, m);
		expect_gfp(lower, m);
		if (m & BASES) {
			n = al_format_gfp(m, lower, sizeof(lower));
			assert_string_equal(lower, text);
		}
	}
	/* (none, KERNEL, ATOMIC, NOWAIT) x 3 zone choices + HIGHUSER_MOVABLE, x 2^4 modifiers, but 0 */
	assert_int_equal(ok, 13 * 16 - 1);
}

struct fmt_case {
	u64 mask;
	size_t len;
	const char *out;
};

static const struct fmt_case fmt_cases[] = {
	{ 0, 64, "" },
	{ K, 64, "KERNEL" },
	{ K | Z, 64, "KERNEL|ZERO" },
	{ Z | K, 64, "KERNEL|ZERO" },
	{ HM | Z | NWN, 64, "HIGHUSER_MOVABLE|ZERO|NOWARN" },
	{ AT | D32 | RM | NR, 64, "ATOMIC|DMA32|NORETRY|RETRY_MAYFAIL" },
	{ D | NW, 64, "NOWAIT|DMA" },				/* table order */
	{ ALL_GFP, 128,
	  "KERNEL|ATOMIC|NOWAIT|DMA|DMA32|HIGHUSER_MOVABLE|ZERO|NOWARN|NORETRY|RETRY_MAYFAIL" },
	{ 1ULL << 10, 64, "" },					/* not a flag */
	{ K | 1ULL << 40, 64, "KERNEL" },
	/* truncated: what fits, terminated */
	{ K | Z, 12, "KERNEL|ZERO" },
	{ K | Z, 11, "KERNEL|ZER" },
	{ K | Z, 8, "KERNEL|" },
	{ K | Z, 7, "KERNEL" },
	{ K | Z, 5, "KERN" },
	{ K | Z, 1, "" },
};

static void test_gfp_format_cases(void **state)
{
	char buf[160];
	unsigned int i;
	int n;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fmt_cases); i++) {
		const struct fmt_case *c = &fmt_cases[i];

		memset(buf, 'X', sizeof(buf));
		n = al_format_gfp(c->mask, buf, c->len);
		assert_string_equal(buf, c->out);
		assert_int_equal(n, strlen(c->out));
		assert_int_equal(buf[c->len], 'X');
	}
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(al_format_gfp(K | Z, buf, 0), 0);
	assert_int_equal(buf[0], 'X');
}

static void test_gfp_list(void **state)
{
	static const char *const names[] = {
		"KERNEL", "ATOMIC", "NOWAIT", "DMA", "DMA32", "HIGHUSER_MOVABLE",
		"ZERO", "NOWARN", "NORETRY", "RETRY_MAYFAIL",
	};
	char buf[256], reason[RLEN], *p, *tok;
	unsigned int i = 0;
	u64 m, all = 0;
	int n;

	(void)state;
	n = al_gfp_list(buf, sizeof(buf), "|", " +");
	assert_string_equal(buf, "KERNEL|ATOMIC|NOWAIT|DMA|DMA32|HIGHUSER_MOVABLE"
			    " +ZERO|NOWARN|NORETRY|RETRY_MAYFAIL");
	assert_int_equal(n, strlen(buf));

	n = al_gfp_list(buf, sizeof(buf), " ", " ");
	assert_int_equal(n, strlen(buf));
	/* every listed name parses alone, and together they are every flag */
	for (p = buf; (tok = strsep(&p, " ")); i++) {
		assert_true(i < ARRAY_SIZE(names));
		assert_string_equal(tok, names[i]);
		assert_int_equal(al_parse_gfp_mask("gfp", tok, &m, reason, sizeof(reason)), 0);
		all |= m;
	}
	assert_int_equal(i, ARRAY_SIZE(names));
	assert_true(all == ALL_GFP);

	/* truncated: what fits, terminated, counted */
	memset(buf, 'X', sizeof(buf));
	n = al_gfp_list(buf, 10, ",", ";");
	assert_string_equal(buf, "KERNEL,AT");
	assert_int_equal(n, 9);
	assert_int_equal(buf[10], 'X');
	n = al_gfp_list(buf, 1, ",", ";");
	assert_string_equal(buf, "");
	assert_int_equal(n, 0);
}

/* With a zero-sized buffer nothing is written (as al_format_gfp() does). */
static void test_gfp_list_empty_buffer(void **state)
{
	char buf[2] = { 'X', 'X' };
	int n;

	(void)state;
	n = al_gfp_list(buf, 0, "|", " +");
	assert_int_equal(n, 0);
	fixed_bug(buf[0] != 'X' ? "al_gfp_list(buf, 0, ...) writes buf[0] (a NUL) "
		  "out of a zero-sized buffer" : NULL);
}

/* ---- al_check_command_text ---- */

#define TXT(s)	.text = (s), .text_len = sizeof(s) - 1

struct cmd_case {
	const char *name;
	size_t fill;		/* this many 'a' first */
	const char *text;	/* then these bytes */
	size_t text_len;
	int ret;
	const char *why;
};

static const struct cmd_case cmd_cases[] = {
	{ "command", 0, TXT("alloc size=4k"), 0, NULL },
	{ "command and newline", 0, TXT("alloc size=4k\n"), 0, NULL },
	{ "command and NUL", 0, TXT("alloc size=4k\0"), 0, NULL },
	{ "tabs and blanks", 0, TXT("\talloc  size=4k\t"), 0, NULL },
	{ "every printable byte", 0,
	  TXT(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
	      "abcdefghijklmnopqrstuvwxyz{|}~"), 0, NULL },
	{ "one character", 0, TXT("x"), 0, NULL },
	/* empty */
	{ "nothing", 0, TXT(""), -EINVAL, "empty command" },
	{ "newline only", 0, TXT("\n"), -EINVAL, "empty command" },
	{ "NUL only", 0, TXT("\0"), -EINVAL, "empty command" },
	{ "blanks", 0, TXT("   "), -EINVAL, "empty command" },
	{ "blanks, tabs, newline", 0, TXT(" \t \t\n"), -EINVAL, "empty command" },
	/* binary: the byte and its offset */
	{ "two newlines", 0, TXT("\n\n"), -EINVAL, "byte 0x0a at offset 0" },
	{ "newline inside", 0, TXT("a\nb"), -EINVAL, "byte 0x0a at offset 1" },
	{ "newline then NUL", 0, TXT("run\n\0"), -EINVAL, "byte 0x0a at offset 3" },
	{ "CR LF", 0, TXT("run\r\n"), -EINVAL, "byte 0x0d at offset 3" },
	{ "NUL inside", 0, TXT("ab\0cd"), -EINVAL, "byte 0x00 at offset 2" },
	{ "NUL first", 0, TXT("\0abc"), -EINVAL, "byte 0x00 at offset 0" },
	{ "two NULs", 0, TXT("abc\0\0"), -EINVAL, "byte 0x00 at offset 3" },
	{ "control", 0, TXT("abc\x01"), -EINVAL, "byte 0x01 at offset 3" },
	{ "escape", 0, TXT("\x1b[0m"), -EINVAL, "byte 0x1b at offset 0" },
	{ "vertical tab", 0, TXT("a\vb"), -EINVAL, "byte 0x0b at offset 1" },
	{ "form feed", 0, TXT("a b\f"), -EINVAL, "byte 0x0c at offset 3" },
	{ "DEL", 0, TXT("x\x7f"), -EINVAL, "byte 0x7f at offset 1" },
	{ "UTF-8", 0, TXT("caf\xc3\xa9"), -EINVAL, "byte 0xc3 at offset 3" },
	{ "0xff", 0, TXT("\xff"), -EINVAL, "byte 0xff at offset 0" },
	{ "0x80 late", 1000, TXT("\x80"), -EINVAL, "byte 0x80 at offset 1000" },
	{ "blanks then binary", 0, TXT("   \x02"), -EINVAL, "byte 0x02 at offset 3" },
	/* the limit: ALLOCLAB_CMD_MAX bytes, one trailing newline or NUL free */
	{ "1023 bytes", 1023, TXT(""), 0, NULL },
	{ "1023 bytes + newline", 1023, TXT("\n"), 0, NULL },
	{ "1024 bytes", 1024, TXT(""), 0, NULL },
	{ "1024 bytes + newline", 1024, TXT("\n"), 0, NULL },
	{ "1024 bytes + NUL", 1024, TXT("\0"), 0, NULL },
	{ "1023 bytes + blank + newline", 1023, TXT(" \n"), 0, NULL },
	{ "1025 bytes", 1025, TXT(""), -E2BIG, "command is 1025 bytes, the limit is 1024" },
	{ "1025 bytes + newline", 1025, TXT("\n"), -E2BIG, "1025 bytes" },
	{ "1024 bytes + 2 newlines", 1024, TXT("\n\n"), -E2BIG, "1025 bytes" },
	{ "1024 bytes + newline + NUL", 1024, TXT("\n\0"), -E2BIG, "1025 bytes" },
	{ "1024 bytes + blank", 1024, TXT(" "), -E2BIG, "1025 bytes" },
	{ "64 KiB", 65536, TXT("\n"), -E2BIG, "65536 bytes" },
	{ "too long and binary", 2000, TXT("\x01"), -E2BIG, "2001 bytes" },
};

static void test_command_text_cases(void **state)
{
	char reason[RLEN];
	unsigned int i;
	char *buf;
	int ret;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cmd_cases); i++) {
		const struct cmd_case *c = &cmd_cases[i];
		size_t len = c->fill + c->text_len;

		/* exactly len bytes: a read past them is caught under ASan */
		buf = malloc(len ? len : 1);
		assert_non_null(buf);
		memset(buf, 'a', c->fill);
		memcpy(buf + c->fill, c->text, c->text_len);
		memset(reason, 0, sizeof(reason));
		ret = al_check_command_text(buf, len, reason, sizeof(reason));
		if (ret != c->ret)
			fail_msg("%s: returned %d, expected %d; reason \"%s\"", c->name, ret, c->ret,
				 reason);
		if (ret)
			assert_reason(reason, sizeof(reason), c->why);
		free(buf);
	}
}

/* ---- al_errno_name ---- */

#define E(x)	{ -x, #x }

static const struct {
	int err;
	const char *name;
} errno_cases[] = {
	E(EINVAL), E(ERANGE), E(E2BIG), E(EFBIG), E(ENOENT), E(ENOMEM), E(EOPNOTSUPP),
	E(EINTR), E(EFAULT), E(EPROTO), E(EPERM), E(EBUSY), E(ENODEV), E(EIO), E(EAGAIN),
	E(ENOSPC), E(ETIMEDOUT), E(ECANCELED), E(EEXIST), E(ENOTTY),
	/* the core never returns these */
	{ 0, "E?" }, { EINVAL, "E?" }, { ENOMEM, "E?" }, { -EACCES, "E?" },
	{ -ENOSYS, "E?" }, { -4095, "E?" }, { -100000, "E?" }, { INT_MAX, "E?" },
};

/* Bounds: the edges are in, one past them is ERANGE with both bounds named. */
struct bound_case {
	const char *in;
	u64 min, max;
	int ret;
	u64 val;
	const char *why;
};

static const struct bound_case bound_cases[] = {
	{ "1", 1, 4194304, 0, 1, NULL },
	{ "0", 1, 4194304, -ERANGE, 0, "size=0 is out of range 1..4194304" },
	{ "4m", 1, 4194304, 0, 4194304, NULL },
	{ "4194305", 1, 4194304, -ERANGE, 0, "out of range 1..4194304" },
	{ "1g", 1, 4194304, -ERANGE, 0, "size=1073741824 is out of range" },
	{ "0x400000", 1, 4194304, 0, 4194304, NULL },
	{ "0", 0, 0, 0, 0, NULL },
	{ "1", 0, 0, -ERANGE, 0, "out of range 0..0" },
	{ "18446744073709551615", 0, U64_MAX, 0, U64_MAX, NULL },
	{ "18446744073709551616", 0, U64_MAX, -ERANGE, 0, "overflows 64 bits" },
	{ "16777216", 1, 16777216, 0, 16777216, NULL },
	{ "16777217", 1, 16777216, -ERANGE, 0, "out of range" },
	{ "abc", 1, 10, -EINVAL, 0, "is not a number" },
	{ "010", 0, 100, -EINVAL, 0, "leading zero" },
	{ "-1", 0, 100, -EINVAL, 0, "not an unsigned number" },
};

static void test_bounded_cases(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bound_cases); i++) {
		const struct bound_case *c = &bound_cases[i];
		char reason[256] = "";
		u64 v = 0x5a5a5a5a;
		int ret = al_parse_bounded("size", c->in, c->min, c->max, &v, reason,
					   sizeof(reason));

		if (ret != c->ret)
			fail_msg("'%s' in %llu..%llu: ret %d, want %d (%s)", c->in,
				 (unsigned long long)c->min, (unsigned long long)c->max, ret,
				 c->ret, reason);
		if (!ret && v != c->val)
			fail_msg("'%s': %llu, want %llu", c->in, (unsigned long long)v,
				 (unsigned long long)c->val);
		if (ret) {
			assert_true(v == 0x5a5a5a5a);	/* untouched on error */
			assert_reason(reason, sizeof(reason), c->why);
		}
	}
}

static void test_errno_name(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(errno_cases); i++)
		assert_string_equal(al_errno_name(errno_cases[i].err), errno_cases[i].name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_cases),
		cmocka_unit_test(test_number_print_parse),
		cmocka_unit_test(test_number_short_reason),
		cmocka_unit_test(test_number_long),
		cmocka_unit_test(test_gfp_cases),
		cmocka_unit_test(test_gfp_format_round_trip),
		cmocka_unit_test(test_gfp_format_cases),
		cmocka_unit_test(test_gfp_list),
		cmocka_unit_test(test_gfp_list_empty_buffer),
		cmocka_unit_test(test_command_text_cases),
		cmocka_unit_test(test_bounded_cases),
		cmocka_unit_test(test_errno_name),
	};

	return cmocka_run_group_tests_name("kcore values.c", tests, NULL, NULL);
}
