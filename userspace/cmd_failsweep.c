// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab ioctl-test failsweep MAXN COMMAND [keep]: write COMMAND to debugfs
 * run with the N-th kernel allocation of this thread made to fail (fault
 * injection, /proc/thread-self/fail-nth: a kernel with FAULT_INJECTION), for
 * N = 1, 2, ... until the N-th allocation is not reached (or MAXN), all in
 * this one process (a shell loop forks several processes per N: minutes on a
 * KASAN kernel). The run file and fail-nth are opened before arming, so the
 * only allocations counted are the ones the write makes inside the kernel.
 * Before each N a refused marker command is written, so last_error is the
 * injected run's or visibly stale. Each injected N is classified: absorbed
 * (the write succeeded), refused (an errno, and last_error names this command,
 * a reason and the same errno) or other (printed as "other: n=N ..."). After
 * each N a "release" is written unless "keep". Prints
 *
 *   injected: <n>  absorbed: <n>  refused: <n>  other: <n>   (one per line)
 *   clean_at: <N of the first run without injection, 0 if MAXN was reached>
 *
 * Exit 0 when the sweep ran, 1 if fail-nth or run cannot be used, 2 on bad
 * usage.
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

struct failsweep {
	int frun, fnth;
	unsigned long injected, absorbed, refused, other;
};

/* One N: 1 if the N-th allocation was failed, 0 if not reached, -1 on error. */
static int failsweep_one(struct failsweep *fs, unsigned long n, const char *cmd)
{
	char marker[32], left[24] = "";
	struct al_last_error le;
	int e = 0, ok;
	ssize_t r;

	snprintf(marker, sizeof(marker), "fi_marker_%lu", n);
	if (write(fs->frun, marker, strlen(marker)) >= 0) {
		out_error("the marker command %s was accepted", marker);
		return -1;
	}
	if (nth_set(fs->fnth, n)) {
		out_perror("arming %s", NTH_PATH);
		return -1;
	}
	if (write(fs->frun, cmd, strlen(cmd)) < 0)
		e = errno;
	r = pread(fs->fnth, left, sizeof(left) - 1, 0);
	nth_set(fs->fnth, 0);
	if (r <= 0) {
		out_error("cannot read back %s", NTH_PATH);
		return -1;
	}
	left[r] = '\0';
	if (strtoul(left, NULL, 10) != 0)
		return 0;
	fs->injected++;
	if (!e) {
		fs->absorbed++;
		return 1;
	}
	if (al_last_error_get(&le)) {
		out_error("cannot read %s/last_error", AL_DEBUGFS_DIR);
		return -1;
	}
	ok = strcmp(le.command, marker) && le.reason[0] && le.err == e;
	if (ok)
		fs->refused++;
	else
		printf("other: n=%lu errno %s; last_error: command \"%s\" errno %d reason \"%s\"\n",
		       n, args_errno_name(e), le.command, le.err, le.reason);
	fs->other += !ok;
	al_last_error_free(&le);
	return 1;
}

int ioctl_failsweep(int argc, char **argv)
{
	struct failsweep fs = { 0 };
	unsigned long n, maxn, clean_at = 0;
	int keep = argc == 4 && !strcmp(argv[3], "keep");
	char *end;
	int ret = 0, r;

	if ((argc != 3 && !keep) || !(maxn = strtoul(argv[1], &end, 10)) || *end) {
		out_error("usage: alloclab ioctl-test failsweep MAXN COMMAND [keep]");
		return EXIT_USAGE;
	}
	fs.fnth = open(NTH_PATH, O_RDWR);
	if (fs.fnth < 0) {
		out_perror("%s (a kernel with CONFIG_FAULT_INJECTION?)", NTH_PATH);
		return 1;
	}
	fs.frun = open(AL_DEBUGFS_DIR "/run", O_WRONLY);
	if (fs.frun < 0) {
		out_perror("%s", AL_DEBUGFS_DIR "/run");
		close(fs.fnth);
		return 1;
	}
	for (n = 1; n <= maxn; n++) {
		r = failsweep_one(&fs, n, argv[2]);
		if (r < 0) {
			ret = 1;
			break;
		}
		if (!r) {
			clean_at = n;
			break;
		}
		/* nothing held is not an error here */
		if (!keep && write(fs.frun, "release", 7) < 0)
			errno = 0;
	}
	close(fs.frun);
	close(fs.fnth);
	printf("injected: %lu\nabsorbed: %lu\nrefused: %lu\nother: %lu\nclean_at: %lu\n",
	       fs.injected, fs.absorbed, fs.refused, fs.other, clean_at);
	return ret;
}
