// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of argument handling: key=value splitting and command assembly
 * with its length limits (userspace/args.c), the experiment parameter
 * descriptions of ALLOCLAB_IOC_LIST, and the subcommands' refusal of bad
 * options before they touch the kernel.
 */
#include "testutil.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <linux/types.h>
#include "uapi/alloclab.h"
#include "args.h"
#include "cli.h"

static void test_split_kv(void **state)
{
	char key[16], err[128];
	const char *val;

	(void)state;
	assert_int_equal(args_split_kv("size=40", key, sizeof(key), &val, err, sizeof(err)), 0);
	assert_string_equal(key, "size");
	assert_string_equal(val, "40");
	assert_int_equal(args_split_kv("gfp=KERNEL|ZERO", key, sizeof(key), &val, err, sizeof(err)), 0);
	assert_string_equal(key, "gfp");
	assert_string_equal(val, "KERNEL|ZERO");
	/* the first '=' splits; later ones belong to the value */
	assert_int_equal(args_split_kv("a=b=c", key, sizeof(key), &val, err, sizeof(err)), 0);
	assert_string_equal(key, "a");
	assert_string_equal(val, "b=c");

	assert_int_equal(args_split_kv("size", key, sizeof(key), &val, err, sizeof(err)), -1);
	assert_string_equal(err, "\"size\" is not key=value");
	assert_int_equal(args_split_kv("=40", key, sizeof(key), &val, err, sizeof(err)), -1);
	assert_string_equal(err, "empty key in \"=40\"");
	assert_int_equal(args_split_kv("size=", key, sizeof(key), &val, err, sizeof(err)), -1);
	assert_string_equal(err, "empty value in \"size=\"");
	assert_int_equal(args_split_kv("si ze=1", key, sizeof(key), &val, err, sizeof(err)), -1);
	assert_string_equal(err, "bad character in key of \"si ze=1\"");
	assert_int_equal(args_split_kv("size=4 0", key, sizeof(key), &val, err, sizeof(err)), -1);
	assert_int_equal(args_split_kv("size=4\n", key, sizeof(key), &val, err, sizeof(err)), -1);
	assert_int_equal(args_split_kv("size=\x7f", key, sizeof(key), &val, err, sizeof(err)), -1);
	assert_int_equal(args_split_kv("averyveryverylongkey=1", key, sizeof(key), &val, err,
				       sizeof(err)), -1);
	assert_string_equal(err, "key too long in \"averyveryverylongkey=1\"");
	/* exactly fits: 15 bytes + NUL */
	assert_int_equal(args_split_kv("abcdefghijklmno=1", key, sizeof(key), &val, err,
				       sizeof(err)), 0);
}

static void test_build_ok(void **state)
{
	char *words[] = { "size=40", "count=1000", "gfp=KERNEL|NOWARN" };
	char buf[ALLOCLAB_CMD_MAX + 1], err[128];
	int code = 0;

	(void)state;
	assert_int_equal(args_build_command(buf, sizeof(buf), "kmalloc", 3, words, err,
					    sizeof(err), &code), 44);
	assert_string_equal(buf, "kmalloc size=40 count=1000 gfp=KERNEL|NOWARN");
	assert_int_equal(args_build_command(buf, sizeof(buf), "release", 0, NULL, err,
					    sizeof(err), &code), 7);
	assert_string_equal(buf, "release");
	assert_int_equal(args_build_command(buf, sizeof(buf), "kmem-cache_2", 0, NULL, err,
					    sizeof(err), NULL), 12);
}

static void test_build_bad(void **state)
{
	char *bad_word[] = { "size=40", "count" };
	char buf[ALLOCLAB_CMD_MAX + 1], err[128];
	char name[ALLOCLAB_NAME_LEN + 1];
	int code;

	(void)state;
	code = 0;
	assert_int_equal(args_build_command(buf, sizeof(buf), "kmalloc", 2, bad_word, err,
					    sizeof(err), &code), -1);
	assert_int_equal(code, EINVAL);
	assert_string_equal(err, "\"count\" is not key=value");
	assert_string_equal(buf, "");

	code = 0;
	assert_int_equal(args_build_command(buf, sizeof(buf), "", 0, NULL, err, sizeof(err),
					    &code), -1);
	assert_int_equal(code, EINVAL);
	assert_int_equal(args_build_command(buf, sizeof(buf), NULL, 0, NULL, err, sizeof(err),
					    &code), -1);
	assert_int_equal(args_build_command(buf, sizeof(buf), "km alloc", 0, NULL, err,
					    sizeof(err), &code), -1);
	assert_string_equal(err, "bad experiment name \"km alloc\"");
	assert_int_equal(args_build_command(buf, sizeof(buf), "size=40", 0, NULL, err,
					    sizeof(err), &code), -1);

	/* name length: ALLOCLAB_NAME_LEN - 1 fits, ALLOCLAB_NAME_LEN does not */
	memset(name, 'n', sizeof(name));
	name[ALLOCLAB_NAME_LEN - 1] = '\0';
	assert_int_equal(args_build_command(buf, sizeof(buf), name, 0, NULL, err, sizeof(err),
					    &code), ALLOCLAB_NAME_LEN - 1);
	name[ALLOCLAB_NAME_LEN - 1] = 'n';
	name[ALLOCLAB_NAME_LEN] = '\0';
	code = 0;
	assert_int_equal(args_build_command(buf, sizeof(buf), name, 0, NULL, err, sizeof(err),
					    &code), -1);
	assert_int_equal(code, EINVAL);
}

/* Commands of exactly ALLOCLAB_CMD_MAX bytes pass, one more is E2BIG. */
static void test_build_limits(void **state)
{
	static char big[ALLOCLAB_CMD_MAX * 2];
	char buf[ALLOCLAB_CMD_MAX * 2], err[128];
	char *words[1] = { big };
	int code;
	size_t vlen;

	(void)state;
	/* "kmalloc " (8) + "x=" (2) + value */
	vlen = ALLOCLAB_CMD_MAX - 10;
	memcpy(big, "x=", 2);
	memset(big + 2, 'v', vlen);
	big[2 + vlen] = '\0';
	code = 0;
	assert_int_equal(args_build_command(buf, sizeof(buf), "kmalloc", 1, words, err,
					    sizeof(err), &code), ALLOCLAB_CMD_MAX);
	assert_int_equal(strlen(buf), ALLOCLAB_CMD_MAX);

	big[2 + vlen] = 'v';
	big[3 + vlen] = '\0';
	assert_int_equal(args_build_command(buf, sizeof(buf), "kmalloc", 1, words, err,
					    sizeof(err), &code), -1);
	assert_int_equal(code, E2BIG);
	assert_string_equal(err, "command too long (limit 1024 bytes)");
	assert_string_equal(buf, "");

	/* a small output buffer is a limit too */
	{
		char *w2[] = { "size=40" };
		char small[12];

		code = 0;
		assert_int_equal(args_build_command(small, sizeof(small), "kmalloc", 1, w2,
						    err, sizeof(err), &code), -1);
		assert_int_equal(code, E2BIG);
		assert_string_equal(err, "command too long (limit 11 bytes)");
		assert_int_equal(args_build_command(small, 16, "kmalloc", 1, w2, err,
						    sizeof(err), &code), 15);
	}
}

static void test_params(void **state)
{
	/* exactly what the core's al_describe_params() produces */
	const char *text =
		"size=64 (1..4194304) bytes per allocation; "
		"gfp=KERNEL (KERNEL|ATOMIC|NOWAIT|DMA|DMA32|HIGHUSER_MOVABLE +ZERO|NOWARN|NORETRY|RETRY_MAYFAIL) allocation flags; "
		"pattern=repeat (repeat|bulk|random) order of allocs and frees; "
		"cpus=1 (1..2) worker kthreads, one bound to each CPU; "
		"hold=0 (0|1) 1: keep the objects until 'release';";
	struct param_desc pd[8];
	int bad = -1, n;

	(void)state;
	n = args_parse_params(text, pd, 8, &bad);
	assert_int_equal(n, 5);
	assert_int_equal(bad, 0);
	assert_string_equal(pd[0].name, "size");
	assert_string_equal(pd[0].def, "64");
	assert_string_equal(pd[0].range, "1..4194304");
	assert_string_equal(pd[0].help, "bytes per allocation");
	assert_string_equal(pd[1].name, "gfp");
	assert_string_equal(pd[1].def, "KERNEL");
	assert_string_equal(pd[1].range,
			    "KERNEL|ATOMIC|NOWAIT|DMA|DMA32|HIGHUSER_MOVABLE +ZERO|NOWARN|NORETRY|RETRY_MAYFAIL");
	assert_string_equal(pd[1].help, "allocation flags");
	assert_string_equal(pd[2].range, "repeat|bulk|random");
	assert_string_equal(pd[4].name, "hold");
	assert_string_equal(pd[4].help, "1: keep the objects until 'release'");

	/* capacity limit, empty input, malformed items */
	assert_int_equal(args_parse_params(text, pd, 2, &bad), 2);
	assert_int_equal(bad, 3);
	assert_int_equal(args_parse_params("", pd, 8, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(args_parse_params("  ", pd, 8, NULL), 0);
	n = args_parse_params("noequals (1..2) x; =5 (1..2) y; a=1 (unclosed help; b=2", pd, 8, &bad);
	assert_int_equal(n, 1);
	assert_int_equal(bad, 3);
	assert_string_equal(pd[0].name, "b");
	assert_string_equal(pd[0].def, "2");
	assert_string_equal(pd[0].range, "");
	assert_string_equal(pd[0].help, "");
	/* ';' not followed by a blank belongs to the help text */
	n = args_parse_params("a=1 (0|1) x;y z; b=2", pd, 8, &bad);
	assert_int_equal(n, 2);
	assert_string_equal(pd[0].help, "x;y z");
}

static void test_errno_names(void **state)
{
	(void)state;
	assert_string_equal(args_errno_name(EINVAL), "EINVAL");
	assert_string_equal(args_errno_name(EPROTO), "EPROTO");
	assert_string_equal(args_errno_name(EFAULT), "EFAULT");
	assert_string_equal(args_errno_name(E2BIG), "E2BIG");
	assert_string_equal(args_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	assert_string_equal(args_errno_name(9999), "E9999");
}

/* Run a subcommand with stderr silenced; its exit status. */
static int quiet(int (*fn)(int, char **), int argc, char **argv)
{
	int saved = dup(2), null = open("/dev/null", O_WRONLY), ret;

	fflush(stderr);
	dup2(null, 2);
	ret = fn(argc, argv);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(null);
	return ret;
}

#define ARGV(...) (sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)), (char *[]){ __VA_ARGS__, NULL }

/* Bad usage is refused with status 2 before /dev/alloclab is opened. */
static void test_bad_options(void **state)
{
	(void)state;
	assert_int_equal(quiet(cmd_run, ARGV("run")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_run, ARGV("run", "--bogus", "kmalloc")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_run, ARGV("run", "--via=pigeon", "kmalloc")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_run, ARGV("run", "kmalloc", "size")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_run, ARGV("run", "kmalloc", "size=")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_run, ARGV("run", "bad name")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_list, ARGV("list", "extra")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_list, ARGV("list", "-x")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_version, ARGV("version", "now")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_report, ARGV("report", "--jsn")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_snapshot, ARGV("snapshot", "file")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_snapshot, ARGV("snapshot", "--out")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_diff, ARGV("diff")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_diff, ARGV("diff", "a", "b", "c")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_diff, ARGV("diff", "--only=slab,bogus", "a")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_ioctl_test, ARGV("ioctl-test")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_ioctl_test, ARGV("ioctl-test", "badluck")), EXIT_USAGE);
	/* a missing snapshot file is a failure, not bad usage */
	assert_int_equal(quiet(cmd_diff, ARGV("diff", "/nonexistent/snap")), 1);
	/* the same option parser accepts options after the words (permutation) */
	assert_int_equal(quiet(cmd_diff, ARGV("diff", "/nonexistent/snap", "--json")), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_kv),
		cmocka_unit_test(test_build_ok),
		cmocka_unit_test(test_build_bad),
		cmocka_unit_test(test_build_limits),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_errno_names),
		cmocka_unit_test(test_bad_options),
	};

	return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
