// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab ioctl-test failnth N COMMAND: write COMMAND to debugfs run with
 * the N-th kernel allocation of this thread made to fail (fault injection,
 * /proc/thread-self/fail-nth; a kernel with FAULT_INJECTION). The run file
 * and fail-nth are opened before arming, so the only allocations counted are
 * the ones the write makes inside the kernel. Prints
 *
 *   injected: yes|no        did the N-th allocation happen during the write
 *   errno: 0|<NAME>         what the write answered
 *
 * Exit 0 when that was found out, 1 if fail-nth or run cannot be used, 2 on
 * bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "out.h"

#define NTH_PATH "/proc/thread-self/fail-nth"

static int nth_set(int fd, unsigned long n)
{
	char buf[24];
	int len = snprintf(buf, sizeof(buf), "%lu", n);

	return pwrite(fd, buf, len, 0) == len ? 0 : -1;
}

int ioctl_failnth(int argc, char **argv)
{
	char left[24] = "";
	unsigned long n;
	char *end;
	int frun, fnth, e = 0;
	ssize_t r;

	if (argc != 3 || !(n = strtoul(argv[1], &end, 10)) || *end) {
		out_error("usage: alloclab ioctl-test failnth N COMMAND (N >= 1)");
		return EXIT_USAGE;
	}
	fnth = open(NTH_PATH, O_RDWR);
	if (fnth < 0) {
		out_perror("%s (a kernel with CONFIG_FAULT_INJECTION?)", NTH_PATH);
		return 1;
	}
	frun = open(AL_DEBUGFS_DIR "/run", O_WRONLY);
	if (frun < 0) {
		out_perror("%s", AL_DEBUGFS_DIR "/run");
		close(fnth);
		return 1;
	}
	if (nth_set(fnth, n)) {
		out_perror("arming %s", NTH_PATH);
		return 1;
	}
	r = write(frun, argv[2], strlen(argv[2]));
	if (r < 0)
		e = errno;
	/* read and disarm through the fds opened before: they allocate nothing */
	r = pread(fnth, left, sizeof(left) - 1, 0);
	nth_set(fnth, 0);
	close(frun);
	close(fnth);
	if (r <= 0) {
		out_error("cannot read back %s", NTH_PATH);
		return 1;
	}
	left[r] = '\0';
	printf("injected: %s\n", strtoul(left, NULL, 10) == 0 ? "yes" : "no");
	printf("errno: %s\n", e ? args_errno_name(e) : "0");
	return 0;
}
