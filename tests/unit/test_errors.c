// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the CLI's error advice (userspace/util.c al_open_advice(),
 * al_abi_advice()): each names the cause and what to do.
 */
#include <errno.h>
#include <unistd.h>

#include "testutil.h"
#include "cli.h"

static void test_open_advice(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(al_open_advice(EACCES, buf, sizeof(buf)),
			    "Permission denied: run as root");
	assert_string_equal(al_open_advice(EPERM, buf, sizeof(buf)),
			    "Operation not permitted: run as root");
	assert_string_equal(al_open_advice(EIO, buf, sizeof(buf)), "Input/output error");
	/* the build host has no alloclab_core loaded */
	if (access("/sys/module/alloclab_core", F_OK))
		assert_string_equal(al_open_advice(ENOENT, buf, sizeof(buf)),
				    "alloclab_core is not loaded: insmod alloclab_core.ko "
				    "(or modprobe alloclab_core)");
}

static void test_abi_advice(void **state)
{
	char buf[256];

	(void)state;
	assert_non_null(strstr(al_abi_advice(ALLOCLAB_ABI_VERSION - 1, buf, sizeof(buf)),
			       "the modules are older, rebuild and reload them"));
	assert_non_null(strstr(al_abi_advice(ALLOCLAB_ABI_VERSION + 1, buf, sizeof(buf)),
			       "the tool is older, rebuild it"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_advice),
		cmocka_unit_test(test_abi_advice),
	};

	return cmocka_run_group_tests_name("errors", tests, NULL, NULL);
}
