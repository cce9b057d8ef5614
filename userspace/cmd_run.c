// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab run [--json] [--via=ioctl|debugfs] [--raw] NAME [key=value ...]
 *
 * Runs one command and prints its result in the text form of
 * include/uapi/alloclab.h (the same text as debugfs `last`), or as JSON.
 * The ioctl transport (default) sends the command through ALLOCLAB_IOC_RUN
 * and formats the binary result; --via=debugfs writes it to
 * /sys/kernel/debug/alloclab/run and prints `last`. On failure both print
 * the kernel's reason and exit with its errno.
 *
 * The result buffer has room for the largest result the ABI allows, so
 * the kernel's ENOSPC (result larger than the buffer; the run happened)
 * cannot occur in practice; if it does it is reported as such. What the
 * kernel wrote is bounds-checked before it is read (result_view_init()).
 *
 * The built-in commands (release, release N, reset, cancel) print the
 * facts the kernel returns ("released: 2") through the ioctl, nothing
 * through debugfs (it has no result for them).
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
#include "proc.h"
#include "result.h"

static const char usage_text[] =
	"run [--json] [--via=ioctl|debugfs] [--raw] NAME [key=value ...]\n"
	"  --json          print the result as a JSON object\n"
	"  --via=debugfs   write the command to debugfs run, print debugfs last\n"
	"  --raw           send the words as they are (no client-side checks)";

/* Room for --raw commands longer than the kernel accepts (to test E2BIG). */
#define RAW_MAX (64 * 1024)

/* release, release N, reset, cancel: they print no result. */
static int is_builtin(const char *cmd)
{
	size_t n = strcspn(cmd, " ");

	return (n == 7 && !strncmp(cmd, "release", 7)) ||
	       (n == 5 && !strncmp(cmd, "reset", 5)) ||
	       (n == 6 && !strncmp(cmd, "cancel", 6));
}

static void report_failure(const char *cmd, int e, const char *reason)
{
	out_error("%.*s: %s (%s)", (int)strcspn(cmd, " "), cmd,
		  reason && *reason ? reason : strerror(e), args_errno_name(e));
}

static int print_text(const char *text, int json)
{
	if (!json) {
		fputs(text, stdout);
		return 0;
	}
	if (result_text_to_json(text, stdout, 1)) {
		out_error("no result to print");
		return 1;
	}
	return 0;
}

/* A built-in's facts ("released: 2"), as text or as one JSON object. */
static int print_builtin(const char *text, int json)
{
	if (json && !*text) {
		puts("{}");
		return 0;
	}
	return print_text(text, json);
}

/* What RUN filled: check it, print it. */
static int print_result(const struct alloclab_run *run, const void *res, int json)
{
	struct result_view v;
	char err[256];
	size_t avail = run->result_needed < run->result_size ?
		       run->result_needed : run->result_size;
	char *text;
	int ret;

	if (result_view_init(&v, res, avail, err, sizeof(err))) {
		out_error("malformed result from the kernel: %s", err);
		return 1;
	}
	text = result_format_str(&v);
	if (v.hdr.flags & ALLOCLAB_RES_BUILTIN)
		ret = print_builtin(text, json);
	else
		ret = print_text(text, json);
	free(text);
	return ret;
}

/* The ioctl failed with @e: say why, in the kernel's words if it gave some. */
static int run_failed(int fd, const char *cmd, int e, struct alloclab_run *run)
{
	run->reason[sizeof(run->reason) - 1] = '\0';
	if (e == ENOSPC && run->result_needed > run->result_size) {
		out_error("%.*s: the result needs %u bytes, more than the %u-byte buffer "
			  "(ENOSPC); the run happened: alloclab report --last shows it",
			  (int)strcspn(cmd, " "), cmd, run->result_needed, run->result_size);
		return e;
	}
	report_failure(cmd, e, run->reason);
	al_abi_explain(fd, e);
	return e;
}

/* ALLOCLAB_IOC_RUN of @cmd into @res (RESULT_MAX_SIZE bytes); the ioctl's return. */
static int run_submit(int fd, const char *cmd, size_t len, void *res, struct alloclab_run *run)
{
	memset(run, 0, sizeof(*run));
	run->abi_version = ALLOCLAB_ABI_VERSION;
	run->cmd_len = len;
	run->cmd = (uintptr_t)cmd;
	run->result = (uintptr_t)res;
	run->result_size = RESULT_MAX_SIZE;
	return ioctl(fd, ALLOCLAB_IOC_RUN, run);
}

static int run_ioctl(const char *cmd, size_t len, int json)
{
	struct alloclab_run run;
	void *res;
	int fd, ret;

	fd = al_dev_open();
	if (fd < 0)
		return 1;
	res = calloc(1, RESULT_MAX_SIZE);
	if (!res) {
		out_error("out of memory");
		close(fd);
		return 1;
	}
	if (run_submit(fd, cmd, len, res, &run) < 0)
		ret = run_failed(fd, cmd, errno, &run);
	else
		ret = print_result(&run, res, json);
	free(res);
	close(fd);
	return ret;
}

int al_run_text(int fd, const char *cmd, char **text, char *reason, size_t rlen)
{
	struct alloclab_run run;
	struct result_view v;
	void *res = out_xmalloc(RESULT_MAX_SIZE);
	int ret = 0;

	*text = NULL;
	memset(res, 0, RESULT_MAX_SIZE);
	if (run_submit(fd, cmd, strlen(cmd), res, &run) < 0) {
		ret = errno;
		run.reason[sizeof(run.reason) - 1] = '\0';
		snprintf(reason, rlen, "%s", run.reason[0] ? run.reason : strerror(ret));
	} else if (result_view_init(&v, res, run.result_needed < run.result_size ?
				    run.result_needed : run.result_size, reason, rlen)) {
		ret = EPROTO;
	} else {
		*text = result_format_str(&v);
	}
	free(res);
	return ret;
}

static int run_debugfs(const char *cmd, int json)
{
	char *text, *reason;
	int ret;

	ret = al_debugfs_write("run", cmd);
	if (ret > 0)
		return 1;
	if (ret < 0) {
		reason = al_last_error_reason();
		report_failure(cmd, -ret, reason);
		free(reason);
		return -ret;
	}
	if (is_builtin(cmd))
		return 0;
	text = al_debugfs_read("last");
	if (!text)
		return 1;
	ret = print_text(text, json);
	free(text);
	return ret;
}

/* --raw: the words joined by blanks, nothing checked but the size. */
static int join_raw(char *buf, size_t size, int n, char **w)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		size_t wl = strlen(w[i]);

		if (len + (i > 0) + wl >= size)
			return -1;
		if (i)
			buf[len++] = ' ';
		memcpy(buf + len, w[i], wl + 1);
		len += wl;
	}
	return (int)len;
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "via", required_argument, NULL, 'v' },
		{ "raw", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int json = out_json_default, raw = 0, debugfs = 0;
	char err[256];
	char *cmd;
	int c, len, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'v':
			if (!strcmp(optarg, "debugfs")) {
				debugfs = 1;
			} else if (!strcmp(optarg, "ioctl")) {
				debugfs = 0;
			} else {
				out_error("--via: \"%s\" is neither ioctl nor debugfs", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'r':
			raw = 1;
			break;
		case 'h':
			al_usage(stdout, usage_text);
			return 0;
		default:
			al_usage(stderr, usage_text);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		out_error("run: which experiment? (alloclab list shows them)");
		al_usage(stderr, usage_text);
		return EXIT_USAGE;
	}

	cmd = out_xmalloc(RAW_MAX);
	if (raw) {
		len = join_raw(cmd, RAW_MAX, argc - optind, argv + optind);
		if (len < 0) {
			out_error("command longer than %d bytes", RAW_MAX - 1);
			free(cmd);
			return EXIT_USAGE;
		}
	} else {
		int code = 0;

		len = args_build_command(cmd, ALLOCLAB_CMD_MAX + 1, argv[optind],
					 argc - optind - 1, argv + optind + 1,
					 err, sizeof(err), &code);
		if (len < 0) {
			out_error("%s", err);
			free(cmd);
			return EXIT_USAGE;
		}
	}
	ret = debugfs ? run_debugfs(cmd, json) : run_ioctl(cmd, len, json);
	free(cmd);
	return ret;
}
