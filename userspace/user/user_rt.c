// SPDX-License-Identifier: GPL-2.0
/*
 * user_rt.c - `alloclab user rt`: the real-time malloc recipe.
 *
 * A latency-sensitive program must not take page faults in its loop. The
 * recipe: mlockall(MCL_CURRENT | MCL_FUTURE); mallopt(M_TRIM_THRESHOLD, -1)
 * so free() never gives heap memory back; mallopt(M_MMAP_MAX, 0) so every
 * malloc comes from the (locked) heap, never from a fresh mmap; then malloc
 * and touch a pool of N MiB once and free it. Later mallocs reuse that
 * resident, locked heap: no page faults.
 *
 * Two children run the same workload (ROUNDS x malloc/touch/free of blocks)
 * without and with the recipe; the faults of each round are compared. Both
 * mallopt() results are checked (the seed only checked the first).
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "user.h"

#define RT_MAX_ROUNDS	20

struct rt_result {
	int ok;				/* the child got through */
	char err[160];
	int mallopt_trim, mallopt_mmap;	/* mallopt() return values (1 = ok) */
	unsigned long long pretouch_faults;
	unsigned long long vmlck_kb, rss_kb;
	unsigned long long faults[RT_MAX_ROUNDS];
	unsigned long long ns[RT_MAX_ROUNDS];
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s user rt [--size SIZE] [--block SIZE] [--rounds N] [--force] [--json]\n\n"
		"Page faults taken by later mallocs without and with the real-time recipe\n"
		"(mlockall, mallopt M_TRIM_THRESHOLD=-1 and M_MMAP_MAX=0, pre-touch, free).\n\n"
		"  -s, --size SIZE    pool pre-touched by the recipe (default 32M; bare = MiB);\n"
		"                     each round mallocs half of it\n"
		"  -b, --block SIZE   size of each later malloc (default 256K; bare = KiB)\n"
		"  -r, --rounds N     rounds of malloc, touch, free (default 3, at most %d)\n"
		"  -f, --force        allow a size beyond MemAvailable\n"
		"  -j, --json         JSON output\n", out_prog, RT_MAX_ROUNDS);
}

static void child_run(int recipe, unsigned long long size, unsigned long long block,
		      int rounds, char **slots, unsigned long long nblocks,
		      struct rt_result *res)
{
	long ps = sysconf(_SC_PAGESIZE);
	unsigned long long f0, f1, k, off, t0;
	struct up_status st;
	int i;

	if (recipe) {
		/* Both must succeed; mallopt() returns 1 on success, 0 on error. */
		res->mallopt_trim = mallopt(M_TRIM_THRESHOLD, -1);
		res->mallopt_mmap = mallopt(M_MMAP_MAX, 0);
		if (res->mallopt_trim != 1 || res->mallopt_mmap != 1) {
			snprintf(res->err, sizeof(res->err), "mallopt failed (M_TRIM_THRESHOLD: %d, M_MMAP_MAX: %d)",
				 res->mallopt_trim, res->mallopt_mmap);
			return;
		}
		if (mlockall(MCL_CURRENT | MCL_FUTURE)) {
			snprintf(res->err, sizeof(res->err), "mlockall: %s", strerror(errno));
			return;
		}
		u_faults_self(&f0, NULL);
		{
			char *pool = malloc(size);

			if (!pool) {
				snprintf(res->err, sizeof(res->err), "malloc(%llu) of the pool failed", size);
				return;
			}
			for (off = 0; off < size; off += ps)
				pool[off] = 1;
			free(pool);
		}
		u_faults_self(&f1, NULL);
		res->pretouch_faults = f1 - f0;
	}
	if (!u_status(0, &st)) {
		res->vmlck_kb = st.vm_lck;
		res->rss_kb = st.vm_rss;
	}
	for (i = 0; i < rounds; i++) {
		u_faults_self(&f0, NULL);
		t0 = u_now_ns();
		for (k = 0; k < nblocks; k++) {
			slots[k] = malloc(block);
			if (!slots[k]) {
				snprintf(res->err, sizeof(res->err), "malloc(%llu) failed in round %d", block, i + 1);
				return;
			}
			for (off = 0; off < block; off += ps)
				slots[k][off] = (char)k;
			slots[k][block - 1] = 1;
		}
		for (k = 0; k < nblocks; k++)
			free(slots[k]);
		res->ns[i] = u_now_ns() - t0;
		u_faults_self(&f1, NULL);
		res->faults[i] = f1 - f0;
	}
	res->ok = 1;
}

/* Run one mode in a child; its result comes back through a pipe. */
static int run_mode(int recipe, unsigned long long size, unsigned long long block,
		    int rounds, struct rt_result *res)
{
	unsigned long long nblocks = size / 2 / block;
	int fd[2], status;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (pipe(fd))
		return -1;
	pid = u_fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (!pid) {
		/* the slot array comes before the recipe and the measurement */
		char **slots = mmap(NULL, nblocks * sizeof(char *), PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		struct rt_result r;

		memset(&r, 0, sizeof(r));
		close(fd[0]);
		if (slots == MAP_FAILED)
			snprintf(r.err, sizeof(r.err), "mmap: %s", strerror(errno));
		else
			child_run(recipe, size, block, rounds, slots, nblocks, &r);
		u_write_all(fd[1], &r, sizeof(r));
		_exit(0);
	}
	close(fd[1]);
	if (u_read_all(fd[0], res, sizeof(*res))) {
		memset(res, 0, sizeof(*res));
		snprintf(res->err, sizeof(res->err), "the child died before reporting");
	}
	close(fd[0]);
	u_wait(pid, &status);
	if (WIFSIGNALED(status))
		snprintf(res->err, sizeof(res->err), "the child was killed by signal %d",
			 WTERMSIG(status));
	return 0;
}

int u_rt(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "block", required_argument, NULL, 'b' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long size = 32 * MIB, block = 256 * KIB, v, pages;
	unsigned long long tot[2] = { 0, 0 };
	long ps = sysconf(_SC_PAGESIZE);
	int json = 0, force = 0, rounds = 3, c, i, m;
	struct rt_result res[2];
	struct ureport r;
	struct out_table t;
	struct rlimit rl;

	while ((c = u_getopt("rt", argc, argv, "s:b:r:fjh", opts)) != -1) {
		switch (c) {
		case 's':
			if (u_opt_size("rt", "size", optarg, MIB, &size))
				return U_EXIT_USAGE;
			break;
		case 'b':
			if (u_opt_size("rt", "block", optarg, KIB, &block))
				return U_EXIT_USAGE;
			break;
		case 'r':
			if (u_opt_uint("rt", "rounds", optarg, 1, RT_MAX_ROUNDS, &v))
				return U_EXIT_USAGE;
			rounds = (int)v;
			break;
		case 'f': force = 1; break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("rt", "unexpected argument '%s'", argv[optind]);
	if (size < 2 * MIB)
		return u_usage_err("rt", "--size must be at least 2 MiB");
	if (block < 64 || block > size / 2)
		return u_usage_err("rt", "--block must be between 64 bytes and half of --size (%llu KiB)",
				   size / 2 / KIB);
	if (u_check_mem("rt", "--size", size, force))
		return U_EXIT_USAGE;
	if (geteuid() != 0 && !getrlimit(RLIMIT_MEMLOCK, &rl) && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < size + 16 * MIB)
		return u_fail("rt", "mlockall of a %llu MiB pool needs root (CAP_IPC_LOCK) or "
			      "RLIMIT_MEMLOCK above it (now %llu KiB: ulimit -l)",
			      size / MIB, (unsigned long long)rl.rlim_cur / KIB);

	pages = size / 2 / block * ((block + ps - 1) / ps);
	ur_begin(&r, "rt", json, "%d rounds of malloc %llu x %llu KiB, touch, free; without and with the real-time recipe (%llu MiB pool)",
		 rounds, size / 2 / block, block / KIB, size / MIB);
	for (m = 0; m < 2; m++) {
		if (run_mode(m, size, block, rounds, &res[m])) {
			ur_check(&r, 0, "fork a child for the %s run: %s",
				 m ? "recipe" : "plain", strerror(errno));
			return ur_end(&r, "", "could not run the experiment");
		}
		for (i = 0; i < rounds; i++)
			tot[m] += res[m].faults[i];
	}

	ur_note(&r, "recipe: mallopt(M_TRIM_THRESHOLD, -1) = %d, mallopt(M_MMAP_MAX, 0) = %d, "
		"mlockall(MCL_CURRENT|MCL_FUTURE), pre-touch %llu MiB: %llu faults, then free; "
		"VmLck %llu kB, VmRSS %llu kB",
		res[1].mallopt_trim, res[1].mallopt_mmap, size / MIB, res[1].pretouch_faults,
		res[1].vmlck_kb, res[1].rss_kb);
	if (r.json) {
		json_obj_begin(&r.j, "params");
		json_uint(&r.j, "pool_bytes", size);
		json_uint(&r.j, "block_bytes", block);
		json_uint(&r.j, "blocks_per_round", size / 2 / block);
		json_uint(&r.j, "pages_per_round", pages);
		json_int(&r.j, "rounds", rounds);
		json_obj_end(&r.j);
		for (m = 0; m < 2; m++) {
			json_obj_begin(&r.j, m ? "recipe" : "plain");
			json_bool(&r.j, "completed", res[m].ok);
			if (!res[m].ok)
				json_str(&r.j, "error", res[m].err);
			if (m) {
				json_int(&r.j, "mallopt_trim_threshold", res[m].mallopt_trim);
				json_int(&r.j, "mallopt_mmap_max", res[m].mallopt_mmap);
				json_uint(&r.j, "pretouch_faults", res[m].pretouch_faults);
			}
			json_uint(&r.j, "vmlck_kb", res[m].vmlck_kb);
			json_arr_begin(&r.j, "round_faults");
			for (i = 0; i < rounds; i++)
				json_uint(&r.j, NULL, res[m].faults[i]);
			json_arr_end(&r.j);
			json_arr_begin(&r.j, "round_us");
			for (i = 0; i < rounds; i++)
				json_fixed(&r.j, NULL, (long long)res[m].ns[i] / 100, 1);
			json_arr_end(&r.j);
			json_uint(&r.j, "total_faults", tot[m]);
			json_obj_end(&r.j);
		}
	}
	table_init(&t, "round", "faults_plain", "faults_recipe", "us_plain", "us_recipe", NULL);
	for (i = 0; i < rounds; i++) {
		table_row(&t);
		table_cell(&t, "%d", i + 1);
		table_cell(&t, "%llu", res[0].faults[i]);
		table_cell(&t, "%llu", res[1].faults[i]);
		table_cell(&t, "%.1f", res[0].ns[i] / 1000.0);
		table_cell(&t, "%.1f", res[1].ns[i] / 1000.0);
	}
	table_row(&t);
	table_cell(&t, "total");
	table_cell(&t, "%llu", tot[0]);
	table_cell(&t, "%llu", tot[1]);
	ur_table(&r, &t, NULL);

	for (m = 0; m < 2; m++)
		ur_check(&r, res[m].ok, "the %s run completed%s%s", m ? "recipe" : "plain",
			 res[m].ok ? "" : ": ", res[m].ok ? "" : res[m].err);
	ur_check(&r, res[1].mallopt_trim == 1 && res[1].mallopt_mmap == 1,
		 "both mallopt() calls succeed (M_TRIM_THRESHOLD %d, M_MMAP_MAX %d)",
		 res[1].mallopt_trim, res[1].mallopt_mmap);
	ur_check(&r, res[1].vmlck_kb >= size / KIB,
		 "the pool is locked: VmLck %llu kB >= %llu kB", res[1].vmlck_kb, size / KIB);
	ur_check(&r, res[0].faults[0] + pages / 10 >= pages,
		 "without the recipe the first round faults its fresh pages: %llu faults for %llu pages",
		 res[0].faults[0], pages);
	ur_check(&r, tot[1] <= 16 + tot[0] / 100,
		 "the recipe removes the later faults: %llu faults in %d rounds (without: %llu)",
		 tot[1], rounds, tot[0]);
	return ur_end(&r,
		      "with mlockall + M_TRIM_THRESHOLD=-1 + M_MMAP_MAX=0 and a pre-touched pool, later "
		      "mallocs are served from resident, locked heap memory: no page faults in the "
		      "time-critical path; without the recipe every round faults fresh pages in",
		      "the recipe did not remove the page faults of later mallocs as expected");
}
