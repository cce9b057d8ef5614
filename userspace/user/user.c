// SPDX-License-Identifier: GPL-2.0
/*
 * user.c - `alloclab user NAME [options] [--json]`: what a process sees of
 * Linux memory management, measured and checked. No kernel module needed.
 *
 * One source file per experiment (user_NAME.c, entry u_NAME()); shared
 * helpers in user_common.c, pure parsers in user_parse.c.
 */
#include <stdio.h>
#include <string.h>

#include "user.h"

struct uexp {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct uexp exps[] = {
	{ "lazy",   u_lazy,   "malloc N MiB, read-touch, write-touch: VSZ, RSS, minor faults" },
	{ "rt",     u_rt,     "real-time recipe (mlockall, mallopt, pre-touch): later malloc faults" },
	{ "cow",    u_cow,    "fork, child writes N pages: copy-on-write faults and RSS/PSS" },
	{ "mmap",   u_mmap,   "private/shared x file/anonymous mappings across fork: who sees what" },
	{ "pss",    u_pss,    "VSS/RSS/PSS/USS from smaps (smem), USS sampler that flags leaks" },
	{ "faults", u_faults, "SIGSEGV si_codes, stack growth vs RLIMIT_STACK, major faults" },
	{ "oom",    u_oom,    "hog in a cgroup v2 group with memory.max: oom_score, adj, the kill" },
	{ "io",     u_io,     "buffered vs O_DIRECT read: page cache, drop_caches 1/2/3" },
	{ "addr",   u_addr,   "address sizes, user/kernel boundary, process layout, ASLR" },
};

#define NR_EXPS (sizeof(exps) / sizeof(exps[0]))

/* Every field description, for the unit tests (same keys in both views). */
const struct ufields *const u_all_fields[] = {
	&u_lazy_params, &u_lazy_steps,
	&u_cow_params, &u_cow_steps,
	&u_mmap_kinds,
	&u_rt_params, &u_rt_modes, &u_rt_rounds,
	&u_pss_processes, &u_pss_demo, &u_pss_samples,
	&u_faults_segv, &u_faults_stack, &u_faults_major,
	&u_io_params, &u_io_reads, &u_io_drops,
	&u_addr_sizes, &u_addr_layout, &u_addr_runs,
	&u_oom_params, &u_oom_round, &u_oom_steps, &u_oom_cleanup,
	NULL
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s user EXPERIMENT [OPTIONS] [--json]\n\n", out_prog);
	fprintf(f, "Userspace memory experiments: each measures what a process sees,\n"
		"prints the figures step by step and the conclusion, and exits 0 when the\n"
		"expected behaviour was observed, 1 when it was not (or the system lacks\n"
		"what the experiment needs), 2 on bad usage.\n\nExperiments:\n");
	for (i = 0; i < NR_EXPS; i++)
		fprintf(f, "  %-7s %s\n", exps[i].name, exps[i].help);
	fprintf(f, "\nSizes take K, M or G (powers of 1024). "
		"`%s user EXPERIMENT --help` for its options.\n", out_prog);
}

int cmd_user(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return U_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return U_EXIT_OK;
	}
	if (!strcmp(argv[1], "--json") && argc > 2) {
		/* `alloclab user --json lazy` */
		out_json_default = 1;
		argv++;
		argc--;
	}
	for (i = 0; i < NR_EXPS; i++)
		if (!strcmp(argv[1], exps[i].name))
			return exps[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "%s user: unknown experiment '%s'\n", out_prog, argv[1]);
	usage(stderr);
	return U_EXIT_USAGE;
}
