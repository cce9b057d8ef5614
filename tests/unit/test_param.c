// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the typed parameter records of ALLOCLAB_IOC_LIST as text
 * (userspace/param.c): one line per record the way `alloclab list --long`
 * and --json show it, for every type, with the kernel's fixed-size fields
 * filled to the last byte.
 */
#include "testutil.h"
#include <linux/types.h>
#include "uapi/alloclab.h"
#include "param.h"

static struct alloclab_param rec(const char *name, unsigned int type, unsigned long long def,
				 unsigned long long min, unsigned long long max,
				 const char *unit, const char *def_str, const char *choices,
				 const char *help)
{
	struct alloclab_param p;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.type = type;
	p.def = def;
	p.min = min;
	p.max = max;
	snprintf(p.unit, sizeof(p.unit), "%s", unit);
	snprintf(p.def_str, sizeof(p.def_str), "%s", def_str);
	snprintf(p.choices, sizeof(p.choices), "%s", choices);
	snprintf(p.help, sizeof(p.help), "%s", help);
	return p;
}

static const char *fmt(const struct alloclab_param *p)
{
	static char buf[512];

	return param_format(p, buf, sizeof(buf));
}

static void test_format_types(void **state)
{
	struct alloclab_param p;

	(void)state;
	p = rec("size", ALLOCLAB_P_U64, 64, 1, 4194304, "bytes", "64", "", "object size");
	assert_string_equal(fmt(&p), "size=64 (1..4194304 bytes) object size");
	p = rec("count", ALLOCLAB_P_U64, 1000, 1, 1000000, "", "1000", "", "objects");
	assert_string_equal(fmt(&p), "count=1000 (1..1000000) objects");
	p = rec("hold", ALLOCLAB_P_BOOL, 0, 0, 1, "", "0", "", "keep the objects until 'release'");
	p.flags = ALLOCLAB_PF_CORE;
	assert_string_equal(fmt(&p), "hold=0 (0|1) keep the objects until 'release'");
	p = rec("pattern", ALLOCLAB_P_ENUM, 1, 0, 0, "", "bulk", "repeat|bulk|random", "order");
	assert_string_equal(fmt(&p), "pattern=bulk (repeat|bulk|random) order");
	p = rec("gfp", ALLOCLAB_P_GFP, 0, 0, 0, "", "KERNEL", "KERNEL|ATOMIC|ZERO", "GFP flags");
	assert_string_equal(fmt(&p), "gfp=KERNEL (KERNEL|ATOMIC|ZERO) GFP flags");
	p = rec("dev", ALLOCLAB_P_STRING, 0, 0, 0, "", "0000:00:04.0", "", "PCI device");
	assert_string_equal(fmt(&p), "dev=0000:00:04.0 (text) PCI device");
	/* no help: no trailing blank */
	p = rec("cpus", ALLOCLAB_P_U64, 1, 1, 2, "cpus", "1", "", "");
	assert_string_equal(fmt(&p), "cpus=1 (1..2 cpus)");
	/* 64-bit bounds */
	p = rec("n", ALLOCLAB_P_U64, 0, 0, ~0ULL, "", "0", "", "any");
	assert_string_equal(fmt(&p), "n=0 (0..18446744073709551615) any");
}

/* No def_str: the default from def (numbers) or the def-th choice (ENUM). */
static void test_default(void **state)
{
	struct alloclab_param p;
	char buf[64];

	(void)state;
	p = rec("size", ALLOCLAB_P_U64, 4096, 1, 8192, "bytes", "", "", "");
	assert_string_equal(param_default(&p, buf, sizeof(buf)), "4096");
	p = rec("zero", ALLOCLAB_P_BOOL, 1, 0, 1, "", "", "", "");
	assert_string_equal(param_default(&p, buf, sizeof(buf)), "1");
	p = rec("mode", ALLOCLAB_P_ENUM, 2, 0, 0, "", "", "batch|perop|auto", "");
	assert_string_equal(param_default(&p, buf, sizeof(buf)), "auto");
	p.def = 3;					/* no such choice */
	assert_string_equal(param_default(&p, buf, sizeof(buf)), "-");
	p.def = 1ULL << 40;
	assert_string_equal(param_default(&p, buf, sizeof(buf)), "-");
	p = rec("dev", ALLOCLAB_P_STRING, 0, 0, 0, "", "", "", "");
	assert_string_equal(param_default(&p, buf, sizeof(buf)), "-");
	assert_string_equal(fmt(&p), "dev=- (text)");
	p = rec("gfp", ALLOCLAB_P_GFP, 0, 0, 0, "", "", "", "");
	assert_string_equal(fmt(&p), "gfp=- (flags)");
	p = rec("e", ALLOCLAB_P_ENUM, 0, 0, 0, "", "", "", "");
	assert_string_equal(fmt(&p), "e=- (-)");
}

static void test_choice(void **state)
{
	char buf[8];

	(void)state;
	assert_string_equal(param_choice("a|bb|ccc", 0, buf, sizeof(buf)), "a");
	assert_string_equal(param_choice("a|bb|ccc", 1, buf, sizeof(buf)), "bb");
	assert_string_equal(param_choice("a|bb|ccc", 2, buf, sizeof(buf)), "ccc");
	assert_null(param_choice("a|bb|ccc", 3, buf, sizeof(buf)));
	assert_null(param_choice("", 0, buf, sizeof(buf)));
	assert_null(param_choice("a||c", 1, buf, sizeof(buf)));	/* empty choice */
	assert_string_equal(param_choice("a||c", 2, buf, sizeof(buf)), "c");
	assert_string_equal(param_choice("abcdefghijk|x", 0, buf, sizeof(buf)), "abcdefg");
}

static void test_type_names(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(param_type_name(ALLOCLAB_P_U64, buf, sizeof(buf)), "u64");
	assert_string_equal(param_type_name(ALLOCLAB_P_BOOL, buf, sizeof(buf)), "bool");
	assert_string_equal(param_type_name(ALLOCLAB_P_ENUM, buf, sizeof(buf)), "enum");
	assert_string_equal(param_type_name(ALLOCLAB_P_GFP, buf, sizeof(buf)), "gfp");
	assert_string_equal(param_type_name(ALLOCLAB_P_STRING, buf, sizeof(buf)), "string");
	assert_string_equal(param_type_name(42, buf, sizeof(buf)), "type42");
	assert_string_equal(param_range(&(struct alloclab_param){ .type = 42 }, buf,
					sizeof(buf)), "text");
}

/* Every string field full to its last byte: terminated, nothing overruns. */
static void test_terminate(void **state)
{
	struct alloclab_param p;
	char buf[1024];

	(void)state;
	memset(&p, 'z', sizeof(p));
	p.type = ALLOCLAB_P_ENUM;
	p.def = 0;
	param_terminate(&p);
	assert_int_equal(strlen(p.name), sizeof(p.name) - 1);
	assert_int_equal(strlen(p.unit), sizeof(p.unit) - 1);
	assert_int_equal(strlen(p.def_str), sizeof(p.def_str) - 1);
	assert_int_equal(strlen(p.choices), sizeof(p.choices) - 1);
	assert_int_equal(strlen(p.help), sizeof(p.help) - 1);
	param_format(&p, buf, sizeof(buf));
	assert_int_equal(strlen(buf), (sizeof(p.name) - 1) + 1 + (sizeof(p.def_str) - 1) + 2 +
			 (sizeof(p.choices) - 1) + 2 + (sizeof(p.help) - 1));
	/* a short output buffer truncates */
	param_format(&p, buf, 10);
	assert_int_equal(strlen(buf), 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_types),
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_terminate),
	};

	return cmocka_run_group_tests_name("param", tests, NULL, NULL);
}
