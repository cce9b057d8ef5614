// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab ioctl-test KIND [COMMAND]: issue one deliberately malformed
 * ALLOCLAB_IOC_RUN (for the guest tests of the kernel's input checks) and
 * print "<ERRNO>: <reason>". Exit 0 if the kernel refused it, 1 if it
 * accepted it (or the device cannot be opened), 2 on bad usage.
 *
 *   badversion   abi_version is not ALLOCLAB_ABI_VERSION        (EPROTO)
 *   badptr       result points at address 16                   (EFAULT)
 *   badcmd       cmd points at address 16                      (EFAULT)
 *   badsize      result_size is one byte short                 (EINVAL)
 *   badlen       cmd_len is ALLOCLAB_CMD_MAX + 1               (E2BIG)
 *   badreserved  a reserved byte is set                        (EINVAL)
 *   badioctl     an ioctl number the device does not know      (ENOTTY)
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

static const char usage_text[] =
	"ioctl-test badversion|badptr|badcmd|badsize|badlen|badreserved|badioctl [COMMAND]";

static const struct {
	const char *kind;
	int expect;
} kinds[] = {
	{ "badversion", EPROTO },
	{ "badptr", EFAULT },
	{ "badcmd", EFAULT },
	{ "badsize", EINVAL },
	{ "badlen", E2BIG },
	{ "badreserved", EINVAL },
	{ "badioctl", ENOTTY },
};

#define NR_KINDS (sizeof(kinds) / sizeof(kinds[0]))

int cmd_ioctl_test(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = "kmalloc size=8 count=1";
	struct alloclab_result *res;
	struct alloclab_run run;
	char *big = NULL;
	unsigned long req = ALLOCLAB_IOC_RUN;
	size_t k;
	int c, fd, ret, e;

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

	res = calloc(1, sizeof(*res));
	if (!res) {
		out_error("out of memory");
		return 1;
	}
	memset(&run, 0, sizeof(run));
	run.abi_version = ALLOCLAB_ABI_VERSION;
	run.cmd = (uintptr_t)cmd;
	run.cmd_len = strlen(cmd);
	run.result = (uintptr_t)res;
	run.result_size = sizeof(*res);

	switch (k) {
	case 0:
		run.abi_version = ALLOCLAB_ABI_VERSION + 1000;
		break;
	case 1:
		run.result = 16;
		break;
	case 2:
		run.cmd = 16;
		break;
	case 3:
		run.result_size = sizeof(*res) - 1;
		break;
	case 4:
		big = out_xmalloc(ALLOCLAB_CMD_MAX + 2);
		memset(big, 'x', ALLOCLAB_CMD_MAX + 1);
		big[ALLOCLAB_CMD_MAX + 1] = '\0';
		run.cmd = (uintptr_t)big;
		run.cmd_len = ALLOCLAB_CMD_MAX + 1;
		break;
	case 5:
		run.reserved[7] = 1;
		break;
	case 6:
		req = _IOWR(ALLOCLAB_IOC_MAGIC, 0x7f, struct alloclab_run);
		break;
	}

	fd = al_dev_open();
	if (fd < 0) {
		free(res);
		free(big);
		return 1;
	}
	ret = ioctl(fd, req, &run);
	e = errno;
	close(fd);
	free(res);
	free(big);
	if (ret >= 0) {
		printf("OK: the kernel accepted a %s request\n", kinds[k].kind);
		out_error("%s: expected an error (%s), the ioctl succeeded",
			  kinds[k].kind, args_errno_name(kinds[k].expect));
		return 1;
	}
	run.reason[sizeof(run.reason) - 1] = '\0';
	printf("%s: %s\n", args_errno_name(e), run.reason[0] ? run.reason : strerror(e));
	if (e != kinds[k].expect)
		out_error("note: %s usually gives %s", kinds[k].kind,
			  args_errno_name(kinds[k].expect));
	return 0;
}
