// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of argument handling: key=value splitting and command assembly
 * with its length limits, experiment names (name@instance) and numbers
 * (userspace/args.c), and the subcommands' refusal of bad options before
 * they touch the kernel.
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
		char small[16];

		code = 0;
		assert_int_equal(args_build_command(small, 12, "kmalloc", 1, w2,
						    err, sizeof(err), &code), -1);
		assert_int_equal(code, E2BIG);
		assert_string_equal(err, "command too long (limit 11 bytes)");
		assert_int_equal(args_build_command(small, sizeof(small), "kmalloc", 1, w2, err,
						    sizeof(err), &code), 15);
	}
}

/* "name" or "name@instance" (a device, a CMA area) */
static void test_valid_name(void **state)
{
	char name[ALLOCLAB_NAME_LEN + 1];

	(void)state;
	assert_true(args_valid_name("kmalloc"));
	assert_true(args_valid_name("kmem-cache_2"));
	assert_true(args_valid_name("dma_coherent@0000:00:04.0"));
	assert_true(args_valid_name("cma_alloc@reserved"));
	assert_true(args_valid_name("x@y"));
	assert_false(args_valid_name(""));
	assert_false(args_valid_name("@edu"));
	assert_false(args_valid_name("dma@"));
	assert_false(args_valid_name("a@b@c"));
	assert_false(args_valid_name("dma.x@edu"));	/* '.' only in the instance */
	assert_false(args_valid_name("km alloc"));
	assert_false(args_valid_name("dma@0000 00"));
	assert_false(args_valid_name("size=40"));
	memset(name, 'n', sizeof(name));
	name[ALLOCLAB_NAME_LEN - 1] = '\0';
	name[10] = '@';
	assert_true(args_valid_name(name));
	name[ALLOCLAB_NAME_LEN - 1] = 'n';
	name[ALLOCLAB_NAME_LEN] = '\0';
	assert_false(args_valid_name(name));
}

static void test_build_instance(void **state)
{
	char *words[] = { "size=4096" };
	char buf[ALLOCLAB_CMD_MAX + 1], err[128];
	int code = 0;

	(void)state;
	assert_int_equal(args_build_command(buf, sizeof(buf), "dma_coherent@0000:00:04.0", 1,
					    words, err, sizeof(err), &code), 35);
	assert_string_equal(buf, "dma_coherent@0000:00:04.0 size=4096");
	assert_int_equal(args_build_command(buf, sizeof(buf), "dma@", 0, NULL, err,
					    sizeof(err), &code), -1);
	assert_int_equal(code, EINVAL);
	assert_string_equal(err, "bad experiment name \"dma@\"");
}

static void test_parse_u64(void **state)
{
	static const struct {
		const char *s;
		int ret;
		unsigned long long v;
	} cases[] = {
		{ "0", 0, 0 }, { "64", 0, 64 }, { "0x40", 0, 64 }, { "0XfF", 0, 255 },
		{ "4k", 0, 4096 }, { "4K", 0, 4096 }, { "1m", 0, 1 << 20 }, { "2G", 0, 2ULL << 30 },
		{ "0x10k", 0, 16384 }, { "007", 0, 7 },
		{ "18446744073709551615", 0, ~0ULL },
		{ "16777215g", 0, 16777215ULL << 30 },
		{ "18446744073709551616", -1, 0 }, { "17179869184g", -1, 0 },
		{ "", -1, 0 }, { "0x", -1, 0 }, { "k", -1, 0 }, { "1t", -1, 0 }, { "-1", -1, 0 },
		{ "1kk", -1, 0 }, { "1 ", -1, 0 }, { "+1", -1, 0 }, { "1.5", -1, 0 },
		{ "0xg", -1, 0 },
	};
	unsigned long long v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = 12345;
		if (args_parse_u64(cases[i].s, &v) != cases[i].ret)
			fail_msg("args_parse_u64(\"%s\") did not return %d", cases[i].s,
				 cases[i].ret);
		if (!cases[i].ret && v != cases[i].v)
			fail_msg("args_parse_u64(\"%s\") = %llu, not %llu", cases[i].s, v,
				 cases[i].v);
	}
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
	assert_int_equal(quiet(cmd_ioctl_test, ARGV("ioctl-test", "fuzz", "many")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_ioctl_test, ARGV("ioctl-test", "fuzz", "1", "2")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_ioctl_test, ARGV("ioctl-test", "fuzz", "--seed=x")),
			 EXIT_USAGE);
	assert_int_equal(quiet(cmd_ioctl_test, ARGV("ioctl-test", "fuzz", "--bogus")),
			 EXIT_USAGE);
	assert_int_equal(quiet(cmd_mmap, ARGV("mmap")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_mmap, ARGV("mmap", "x")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_mmap, ARGV("mmap", "1", "2")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_mmap, ARGV("mmap", "4294967296")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_mmap, ARGV("mmap", "1", "--size=0")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_mmap, ARGV("mmap", "1", "--fill=x")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_mmap, ARGV("mmap", "1", "--hold")), EXIT_USAGE);
	assert_int_equal(quiet(cmd_run, ARGV("run", "dma@")), EXIT_USAGE);
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
		cmocka_unit_test(test_valid_name),
		cmocka_unit_test(test_build_instance),
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_errno_names),
		cmocka_unit_test(test_bad_options),
	};

	return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
