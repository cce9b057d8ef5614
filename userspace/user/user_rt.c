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

struct rt_opts {
	unsigned long long size, block;
	int rounds, force, json;
};

/* One mode (plain, recipe): a JSON object in "modes", a table row. */
struct rt_mode {
	const char *mode;
	int completed, failed, recipe;
	const char *error;
	int mallopt_trim_threshold, mallopt_mmap_max;
	unsigned long long pretouch_faults, vmlck_kb, total_faults;
};

/* One round of both modes. */
struct rt_round {
	int round;
	unsigned long long plain_faults, recipe_faults;
	unsigned long long plain_ns, recipe_ns;
};

struct rt_params {
	unsigned long long pool_bytes, block_bytes, blocks_per_round, pages_per_round;
	int rounds;
};

static const struct ufield rt_mode_f[] = {
	UF(struct rt_mode, mode, UF_STR, "mode"),
	UF(struct rt_mode, completed, UF_BOOL, "completed"),
	UF_IF(struct rt_mode, error, UF_STR, "error", failed),
	UF_IF(struct rt_mode, mallopt_trim_threshold, UF_INT, "mallopt_trim_threshold", recipe),
	UF_IF(struct rt_mode, mallopt_mmap_max, UF_INT, "mallopt_mmap_max", recipe),
	UF_IF(struct rt_mode, pretouch_faults, UF_ULL, "pretouch_faults", recipe),
	UF(struct rt_mode, vmlck_kb, UF_ULL, "vmlck_kb"),
	UF(struct rt_mode, total_faults, UF_ULL, "total_faults"),
};

static const struct ufield rt_round_f[] = {
	UF(struct rt_round, round, UF_INT, "round"),
	UF(struct rt_round, plain_faults, UF_ULL, "plain_faults"),
	UF(struct rt_round, recipe_faults, UF_ULL, "recipe_faults"),
	UF(struct rt_round, plain_ns, UF_NS_US, "plain_us"),
	UF(struct rt_round, recipe_ns, UF_NS_US, "recipe_us"),
};

static const struct ufield rt_params_f[] = {
	UF(struct rt_params, pool_bytes, UF_ULL, "pool_bytes"),
	UF(struct rt_params, block_bytes, UF_ULL, "block_bytes"),
	UF(struct rt_params, blocks_per_round, UF_ULL, "blocks_per_round"),
	UF(struct rt_params, pages_per_round, UF_ULL, "pages_per_round"),
	UF(struct rt_params, rounds, UF_INT, "rounds"),
};

const struct ufields u_rt_modes = UFIELDS("rt.modes", struct rt_mode, rt_mode_f);
const struct ufields u_rt_rounds = UFIELDS("rt.rounds", struct rt_round, rt_round_f);
const struct ufields u_rt_params = UFIELDS("rt.params", struct rt_params, rt_params_f);

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

/* Options into @o. -1 to go on, else the exit status. */
static int rt_parse(int argc, char **argv, struct rt_opts *o)
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
	unsigned long long v;
	int c;

	memset(o, 0, sizeof(*o));
	o->size = 32 * MIB;
	o->block = 256 * KIB;
	o->rounds = 3;
	while ((c = u_getopt("rt", argc, argv, "s:b:r:fjh", opts)) != -1) {
		switch (c) {
		case 's':
			if (u_opt_size("rt", "size", optarg, MIB, &o->size))
				return U_EXIT_USAGE;
			break;
		case 'b':
			if (u_opt_size("rt", "block", optarg, KIB, &o->block))
				return U_EXIT_USAGE;
			break;
		case 'r':
			if (u_opt_uint("rt", "rounds", optarg, 1, RT_MAX_ROUNDS, &v))
				return U_EXIT_USAGE;
			o->rounds = (int)v;
			break;
		case 'f': o->force = 1; break;
		case 'j': o->json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("rt", "unexpected argument '%s'", argv[optind]);
	return -1;
}

/* What the system must allow. -1 to go on, else the exit status. */
static int rt_validate(const struct rt_opts *o)
{
	struct rlimit rl;

	if (o->size < 2 * MIB)
		return u_usage_err("rt", "--size must be at least 2 MiB");
	if (o->block < 64 || o->block > o->size / 2)
		return u_usage_err("rt", "--block must be between 64 bytes and half of --size (%llu KiB)",
				   o->size / 2 / KIB);
	if (u_check_mem("rt", "--size", o->size, o->force))
		return U_EXIT_USAGE;
	if (geteuid() != 0 && !getrlimit(RLIMIT_MEMLOCK, &rl) && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < o->size + 16 * MIB)
		return u_fail("rt", "mlockall of a %llu MiB pool needs root (CAP_IPC_LOCK) or "
			      "RLIMIT_MEMLOCK above it (now %llu KiB: ulimit -l)",
			      o->size / MIB, (unsigned long long)rl.rlim_cur / KIB);
	return -1;
}

/* The children's results into the rows both views show. */
static void rt_model(const struct rt_opts *o, const struct rt_result *res,
		     struct rt_mode *mode, struct rt_round *round)
{
	int i, m;

	memset(mode, 0, 2 * sizeof(*mode));
	memset(round, 0, o->rounds * sizeof(*round));
	for (m = 0; m < 2; m++) {
		mode[m].mode = m ? "recipe" : "plain";
		mode[m].completed = res[m].ok;
		mode[m].failed = !res[m].ok;
		mode[m].error = res[m].err;
		mode[m].recipe = m;
		mode[m].mallopt_trim_threshold = res[m].mallopt_trim;
		mode[m].mallopt_mmap_max = res[m].mallopt_mmap;
		mode[m].pretouch_faults = res[m].pretouch_faults;
		mode[m].vmlck_kb = res[m].vmlck_kb;
		for (i = 0; i < o->rounds; i++)
			mode[m].total_faults += res[m].faults[i];
	}
	for (i = 0; i < o->rounds; i++) {
		round[i].round = i + 1;
		round[i].plain_faults = res[0].faults[i];
		round[i].recipe_faults = res[1].faults[i];
		round[i].plain_ns = res[0].ns[i];
		round[i].recipe_ns = res[1].ns[i];
	}
}

static void rt_checks(struct ureport *r, const struct rt_opts *o, const struct rt_params *p,
		      const struct rt_mode *mode, const struct rt_round *round)
{
	int m;

	for (m = 0; m < 2; m++)
		ur_check(r, mode[m].completed, "the %s run completed%s%s", mode[m].mode,
			 mode[m].completed ? "" : ": ", mode[m].completed ? "" : mode[m].error);
	ur_check(r, mode[1].mallopt_trim_threshold == 1 && mode[1].mallopt_mmap_max == 1,
		 "both mallopt() calls succeed (M_TRIM_THRESHOLD %d, M_MMAP_MAX %d)",
		 mode[1].mallopt_trim_threshold, mode[1].mallopt_mmap_max);
	ur_check(r, mode[1].vmlck_kb >= o->size / KIB,
		 "the pool is locked: VmLck %llu kB >= %llu kB", mode[1].vmlck_kb, o->size / KIB);
	ur_check(r, round[0].plain_faults + p->pages_per_round / 10 >= p->pages_per_round,
		 "without the recipe the first round faults its fresh pages: %llu faults for %llu pages",
		 round[0].plain_faults, p->pages_per_round);
	ur_check(r, mode[1].total_faults <= 16 + mode[0].total_faults / 100,
		 "the recipe removes the later faults: %llu faults in %d rounds (without: %llu)",
		 mode[1].total_faults, o->rounds, mode[0].total_faults);
}

int u_rt(int argc, char **argv)
{
	unsigned long long ps = sysconf(_SC_PAGESIZE);
	struct rt_round round[RT_MAX_ROUNDS];
	struct rt_result res[2];
	struct rt_mode mode[2];
	struct rt_params p;
	struct rt_opts o;
	struct ureport r;
	int ret = rt_parse(argc, argv, &o), m;

	if (ret < 0)
		ret = rt_validate(&o);
	if (ret >= 0)
		return ret;
	p.pool_bytes = o.size;
	p.block_bytes = o.block;
	p.blocks_per_round = o.size / 2 / o.block;
	p.pages_per_round = p.blocks_per_round * ((o.block + ps - 1) / ps);
	p.rounds = o.rounds;
	ur_begin(&r, "rt", o.json, "%d rounds of malloc %llu x %llu KiB, touch, free; without and with the real-time recipe (%llu MiB pool)",
		 o.rounds, p.blocks_per_round, o.block / KIB, o.size / MIB);
	for (m = 0; m < 2; m++) {
		if (run_mode(m, o.size, o.block, o.rounds, &res[m])) {
			ur_check(&r, 0, "fork a child for the %s run: %s",
				 m ? "recipe" : "plain", strerror(errno));
			return ur_end(&r, "", "could not run the experiment");
		}
	}
	rt_model(&o, res, mode, round);
	ur_note(&r, "recipe: mallopt(M_TRIM_THRESHOLD, -1) = %d, mallopt(M_MMAP_MAX, 0) = %d, "
		"mlockall(MCL_CURRENT|MCL_FUTURE), pre-touch %llu MiB: %llu faults, then free; "
		"VmLck %llu kB, VmRSS %llu kB",
		res[1].mallopt_trim, res[1].mallopt_mmap, o.size / MIB, res[1].pretouch_faults,
		res[1].vmlck_kb, res[1].rss_kb);
	ur_obj(&r, "params", &u_rt_params, &p);
	ur_rows(&r, "modes", NULL, &u_rt_modes, mode, 2);
	ur_rows(&r, "rounds", NULL, &u_rt_rounds, round, o.rounds);
	rt_checks(&r, &o, &p, mode, round);
	return ur_end(&r,
		      "with mlockall + M_TRIM_THRESHOLD=-1 + M_MMAP_MAX=0 and a pre-touched pool, later "
		      "mallocs are served from resident, locked heap memory: no page faults in the "
		      "time-critical path; without the recipe every round faults fresh pages in",
		      "the recipe did not remove the page faults of later mallocs as expected");
}
