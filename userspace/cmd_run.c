// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab run [--json] [--via=ioctl|debugfs] [--raw] NAME [key=value ...]
 *
 * Runs one command and prints its result in the text form of
 * include/uapi/alloclab.h (the same text as debugfs `last`), or as JSON.
 * The ioctl transport (default) sends the command through ALLOCLAB_IOC_RUN
 * and formats the binary result; --via=debugfs writes it to
 * /sys/kernel/debug/alloclab/run and prints `last`. On failure both print
 * the kernel's reason and exit with its errno. The built-in commands
 * `release` and `reset` print nothing.
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

static int is_builtin(const char *cmd)
{
	return !strcmp(cmd, "release") || !strcmp(cmd, "reset");
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

static int run_ioctl(const char *cmd, size_t len, int json)
{
	struct alloclab_result *res;
	struct alloclab_run run;
	int fd, ret = 0;

	fd = al_dev_open();
	if (fd < 0)
		return 1;
	res = calloc(1, sizeof(*res));
	if (!res) {
		out_error("out of memory");
		close(fd);
		return 1;
	}
	memset(&run, 0, sizeof(run));
	run.abi_version = ALLOCLAB_ABI_VERSION;
	run.cmd_len = len;
	run.cmd = (uintptr_t)cmd;
	run.result = (uintptr_t)res;
	run.result_size = sizeof(*res);
	if (ioctl(fd, ALLOCLAB_IOC_RUN, &run) < 0) {
		ret = errno;
		run.reason[sizeof(run.reason) - 1] = '\0';
		report_failure(cmd, ret, run.reason);
	} else if (!is_builtin(cmd)) {
		char *text = result_format_str(res);

		ret = print_text(text, json);
		free(text);
	}
	free(res);
	close(fd);
	return ret;
}

/* The reason line of debugfs last_error, or "" (malloc'ed). */
static char *last_error_reason(void)
{
	char *text = al_debugfs_read("last_error");
	struct kvdoc doc;
	const char *r;
	char *reason;

	if (!text)
		return out_xstrdup("");
	kv_parse(text, &doc);
	r = doc.n ? kv_get(&doc.b[0], "reason") : NULL;
	reason = out_xstrdup(r ? r : "");
	kv_free(&doc);
	free(text);
	return reason;
}

static int run_debugfs(const char *cmd, int json)
{
	char *text, *reason;
	int ret;

	ret = al_debugfs_write("run", cmd);
	if (ret > 0)
		return 1;
	if (ret < 0) {
		reason = last_error_reason();
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
