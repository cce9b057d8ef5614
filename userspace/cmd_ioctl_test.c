// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab ioctl-test KIND [COMMAND]: issue one deliberately malformed
 * ALLOCLAB_IOC_RUN (for the guest tests of the kernel's input checks) and
 * print "<ERRNO>: <reason>". Exit 0 if the kernel refused it, 1 if it
 * accepted it (or the device cannot be opened), 2 on bad usage. The kinds
 * marked strict also exit 1 unless the errno is the expected one and the
 * kernel gave a reason (abi1: one naming both ABI versions).
 *
 *   badversion   abi_version is not ALLOCLAB_ABI_VERSION        (EPROTO)
 *   abi1         an ABI 1 request (abi_version 1)               (EPROTO, strict)
 *   badptr       result points at address 16                   (EFAULT)
 *   badcmd       cmd points at address 16                      (EFAULT)
 *   badsize      result_size is one byte short of the header   (EINVAL)
 *   short        result_size is half the header          (EINVAL or ENOSPC, strict)
 *   badlen       cmd_len is ALLOCLAB_CMD_MAX + 2               (E2BIG)
 *   badreserved  a reserved byte is set                        (EINVAL)
 *   badioctl     an ioctl number the device does not know      (ENOTTY)
 *
 * alloclab ioctl-test fuzz [COUNT] [--seed=S] [-v]: see cmd_fuzz.c.
 * alloclab ioctl-test failsweep MAXN COMMAND [keep]: see cmd_failsweep.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "out.h"
#include "result.h"

static const char usage_text[] =
	"ioctl-test badversion|abi1|badptr|badcmd|badsize|short|badlen|badreserved|badioctl"
	" [COMMAND]\n"
	"       alloclab ioctl-test fuzz [COUNT] [--seed=S] [-v]\n"
	"       alloclab ioctl-test failsweep MAXN COMMAND [keep]";

struct itest {
	struct alloclab_run run;
	unsigned long req;
	char big[ALLOCLAB_CMD_MAX + 3];
};

static void set_badversion(struct itest *t)
{
	t->run.abi_version = ALLOCLAB_ABI_VERSION + 1000;
}

static void set_abi1(struct itest *t)
{
	t->run.abi_version = 1;
}

static void set_badptr(struct itest *t)
{
	t->run.result = 16;
}

static void set_badcmd(struct itest *t)
{
	t->run.cmd = 16;
}

static void set_badsize(struct itest *t)
{
	t->run.result_size = sizeof(struct alloclab_result) - 1;
}

static void set_short(struct itest *t)
{
	t->run.result_size = sizeof(struct alloclab_result) / 2;
}

/* Longer than the kernel accepts even with the free trailing newline. */
static void set_badlen(struct itest *t)
{
	memset(t->big, 'x', ALLOCLAB_CMD_MAX + 2);
	t->big[ALLOCLAB_CMD_MAX + 2] = '\0';
	t->run.cmd = (uintptr_t)t->big;
	t->run.cmd_len = ALLOCLAB_CMD_MAX + 2;
}

static void set_badreserved(struct itest *t)
{
	t->run.reserved[7] = 1;
}

static void set_badioctl(struct itest *t)
{
	t->req = _IOWR(ALLOCLAB_IOC_MAGIC, 0x7f, struct alloclab_run);
}

static const struct {
	const char *kind;
	void (*set)(struct itest *t);
	int expect, expect2;
	int strict;
} kinds[] = {
	{ "badversion", set_badversion, EPROTO, 0, 0 },
	{ "abi1", set_abi1, EPROTO, 0, 1 },
	{ "badptr", set_badptr, EFAULT, 0, 0 },
	{ "badcmd", set_badcmd, EFAULT, 0, 0 },
	{ "badsize", set_badsize, EINVAL, 0, 0 },
	{ "short", set_short, EINVAL, ENOSPC, 1 },
	{ "badlen", set_badlen, E2BIG, 0, 0 },
	{ "badreserved", set_badreserved, EINVAL, 0, 0 },
	{ "badioctl", set_badioctl, ENOTTY, 0, 0 },
};

#define NR_KINDS (sizeof(kinds) / sizeof(kinds[0]))

/* Does @s contain the number @n on its own (not inside a longer number)? */
static int mentions_number(const char *s, unsigned int n)
{
	char want[16];
	const char *p = s;
	size_t len;

	len = (size_t)snprintf(want, sizeof(want), "%u", n);
	while ((p = strstr(p, want))) {
		int before = p > s && p[-1] >= '0' && p[-1] <= '9';
		int after = p[len] >= '0' && p[len] <= '9';

		if (!before && !after)
			return 1;
		p++;
	}
	return 0;
}

/* A strict kind's verdict on the kernel's refusal: 0 as expected, else 1. */
static int strict_check(size_t k, int e, const char *reason)
{
	if (e != kinds[k].expect && (!kinds[k].expect2 || e != kinds[k].expect2)) {
		out_error("%s: expected %s%s%s, got %s", kinds[k].kind,
			  args_errno_name(kinds[k].expect), kinds[k].expect2 ? " or " : "",
			  kinds[k].expect2 ? args_errno_name(kinds[k].expect2) : "",
			  args_errno_name(e));
		return 1;
	}
	if (!*reason) {
		out_error("%s: the kernel gave no reason", kinds[k].kind);
		return 1;
	}
	if (kinds[k].set == set_abi1 &&
	    (!mentions_number(reason, 1) || !mentions_number(reason, ALLOCLAB_ABI_VERSION))) {
		out_error("%s: the reason does not name both ABI versions (1 and %d)",
			  kinds[k].kind, ALLOCLAB_ABI_VERSION);
		return 1;
	}
	return 0;
}

/* Issue kind @k with @cmd; the exit status. */
static int itest_run(size_t k, const char *cmd)
{
	struct itest *t = calloc(1, sizeof(*t));
	void *res = calloc(1, RESULT_MAX_SIZE);
	int fd, ret, e;

	if (!t || !res) {
		out_error("out of memory");
		free(t);
		free(res);
		return 1;
	}
	t->req = ALLOCLAB_IOC_RUN;
	t->run.abi_version = ALLOCLAB_ABI_VERSION;
	t->run.cmd = (uintptr_t)cmd;
	t->run.cmd_len = strlen(cmd);
	t->run.result = (uintptr_t)res;
	t->run.result_size = RESULT_MAX_SIZE;
	kinds[k].set(t);

	fd = al_dev_open();
	if (fd < 0) {
		free(t);
		free(res);
		return 1;
	}
	ret = ioctl(fd, t->req, &t->run);
	e = errno;
	close(fd);
	free(res);
	if (ret >= 0) {
		printf("OK: the kernel accepted a %s request\n", kinds[k].kind);
		out_error("%s: expected an error (%s), the ioctl succeeded",
			  kinds[k].kind, args_errno_name(kinds[k].expect));
		free(t);
		return 1;
	}
	t->run.reason[sizeof(t->run.reason) - 1] = '\0';
	printf("%s: %s\n", args_errno_name(e), t->run.reason[0] ? t->run.reason : strerror(e));
	ret = 0;
	if (kinds[k].strict)
		ret = strict_check(k, e, t->run.reason);
	else if (e != kinds[k].expect)
		out_error("note: %s usually gives %s", kinds[k].kind,
			  args_errno_name(kinds[k].expect));
	free(t);
	return ret;
}

int cmd_ioctl_test(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = "kmalloc size=8 count=1";
	size_t k;
	int c;

	if (argc >= 2 && !strcmp(argv[1], "fuzz"))
		return ioctl_fuzz(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "failsweep"))
		return ioctl_failsweep(argc - 1, argv + 1);
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			al_usage(stdout, usage_text);
			return 0;
		}
		al_usage(stderr, usage_text);
		return EXIT_USAGE;
	}
	if (argc - optind < 1 || argc - optind > 2) {
		al_usage(stderr, usage_text);
		return EXIT_USAGE;
	}
	for (k = 0; k < NR_KINDS; k++)
		if (!strcmp(argv[optind], kinds[k].kind))
			break;
	if (k == NR_KINDS) {
		out_error("unknown ioctl-test kind \"%s\"", argv[optind]);
		al_usage(stderr, usage_text);
		return EXIT_USAGE;
	}
	if (argc - optind == 2)
		cmd = argv[optind + 1];
	return itest_run(k, cmd);
}
