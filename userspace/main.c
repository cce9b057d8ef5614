// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab - userspace front end of the alloclab kernel modules.
 *
 * One source file per subcommand (cmd_*.c); this file only dispatches.
 * Global options before the subcommand: --json, -h/--help, -V/--version.
 */
#include <string.h>

#include "cli.h"
#include "out.h"

struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
	int hidden;
};

static const struct subcommand subcommands[] = {
	{ "list",	cmd_list,	"list experiments, their parameters and availability", 0 },
	{ "run",	cmd_run,	"run NAME key=value ...: run one experiment, print its result", 0 },
	{ "sweep",	cmd_sweep,	"sweep NAME key=a..b[*F|+S] ...: run over a range, one table", 0 },
	{ "report",	cmd_report,	"every result since load (or reset): one row each; --long the full text", 0 },
	{ "mmap",	cmd_mmap,	"mmap N: map a held result's buffer, fill and check it", 0 },
	{ "dma-validate", cmd_dma_validate, "a DMA round trip of data this process writes (edu device)", 0 },
	{ "version",	cmd_version,	"versions of the tool, the module ABI and the kernel", 0 },
	{ "snapshot",	cmd_snapshot,	"save seven /proc files (slabinfo, buddyinfo, meminfo, ...) to a file", 0 },
	{ "plot",	cmd_plot,	"plot sweep|buddy|hist INPUT...: SVG or PNG through gnuplot", 0 },
	{ "diff",	cmd_diff,	"diff A [B]: what changed between two snapshots (or A and now)", 0 },
	{ "selftest",	cmd_selftest,	"check the modules answer, run a short plan of every family, print KTAP", 0 },
	{ "cma",	cmd_cma,	"cma info|pressure: the CMA areas and their sources; CMA under memory pressure", 0 },
	{ "user",	cmd_user,	"userspace memory experiments (alloclab user --help)", 0 },
	{ "ioctl-test",	cmd_ioctl_test,	"issue a deliberately malformed ioctl (tests)", 1 },
};

#define NR_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

/* Used when the tool is built without userspace/user/. */
__attribute__((weak)) int cmd_user(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_error("this build has no userspace experiments (userspace/user/)");
	return 1;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [--json] COMMAND [ARGS...]\n\n", out_prog);
	fprintf(f, "Drive the alloclab kernel modules (/dev/%s, debugfs %s) and\n",
		ALLOCLAB_DEV_NAME, AL_DEBUGFS_DIR);
	fprintf(f, "read the kernel's allocator state.\n\nCommands:\n");
	for (i = 0; i < NR_SUBCOMMANDS; i++)
		if (!subcommands[i].hidden)
			fprintf(f, "  %-10s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(f, "\nEvery command that reports accepts --json. "
		"`%s COMMAND --help` for its options.\n", out_prog);
}

int main(int argc, char **argv)
{
	int i = 1;
	size_t k;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j")) {
			out_json_default = 1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			return cmd_version(1, (char *[]){ "version", NULL });
		} else {
			out_error("unknown option %s", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return 0;
	}
	for (k = 0; k < NR_SUBCOMMANDS; k++)
		if (!strcmp(argv[i], subcommands[k].name))
			return subcommands[k].fn(argc - i, argv + i);
	out_error("unknown command \"%s\" (try %s --help)", argv[i], out_prog);
	return EXIT_USAGE;
}
