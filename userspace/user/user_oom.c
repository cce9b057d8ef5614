// SPDX-License-Identifier: GPL-2.0
/*
 * user_oom.c - `alloclab user oom`: the OOM killer inside a cgroup v2 group.
 *
 * The tool creates a group with memory.max (and memory.swap.max 0), puts two
 * children in it - a "hog" that grows step by step and a "small" process -
 * and stays outside itself, so it can never be the victim: a memcg OOM
 * chooses only among the group's tasks.
 *
 *   round 1  both at oom_score_adj 0: as the hog grows its oom_score grows;
 *            when the group hits memory.max the kernel kills the hog (the
 *            largest), the small one lives on
 *   round 2  the small one at oom_score_adj 1000: it is chosen first although
 *            the hog is far larger; the hog survives that kill
 *
 * The kill is observed from waitpid() (SIGKILL) and memory.events oom_kill.
 * The group is removed afterwards, also on SIGINT/SIGTERM and on every error
 * path; the children die with the tool (PR_SET_PDEATHSIG).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "user.h"

#define OOM_MAX_STEPS	256
#define STEP_TIMEOUT_MS	30000

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s user oom [--limit SIZE] [--step SIZE] [--small SIZE] [--force] [--json]\n\n"
		"A hog child grows in a cgroup v2 group with memory.max beside a small child:\n"
		"oom_score as it grows, the kill, then oom_score_adj=1000 on the small child\n"
		"changing which one is chosen. Needs root and cgroup2 with the memory\n"
		"controller; the group is removed afterwards.\n\n"
		"  -l, --limit SIZE   memory.max of the group (default 64M; bare = MiB)\n"
		"  -s, --step SIZE    hog growth per step (default 4M)\n"
		"  -m, --small SIZE   the small child's memory (default 8M, more than a step)\n"
		"  -f, --force        allow a limit beyond MemAvailable\n"
		"  -j, --json         JSON output\n", out_prog);
}

/* ---- cleanup state, also used from the signal handler ---- */

#define CG_PATH_MAX	1024		/* a cgroup2 mount point + our group */

static char cg_dir[CG_PATH_MAX + 64];
static char cg_root_ctl[CG_PATH_MAX + 64];	/* subtree_control we enabled memory in */
static volatile pid_t kids[2];

static void kill_kids(void)
{
	int i, st;

	for (i = 0; i < 2; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGKILL);
			while (waitpid(kids[i], &st, 0) < 0 && errno == EINTR)
				;
			kids[i] = 0;
		}
}

/* rmdir the group, retrying while its last tasks finish exiting. */
static int remove_group(void)
{
	int i;

	if (!cg_dir[0])
		return 0;
	for (i = 0; i < 200; i++) {
		if (!rmdir(cg_dir) || errno == ENOENT) {
			cg_dir[0] = '\0';
			return 0;
		}
		if (errno != EBUSY)
			break;
		usleep(10000);
	}
	return -1;
}

static void on_signal(int sig)
{
	kill_kids();
	if (cg_dir[0])
		rmdir(cg_dir);
	if (cg_root_ctl[0])
		u_write_file(cg_root_ctl, "-memory");
	signal(sig, SIG_DFL);
	raise(sig);
}

static void trap_signals(int on)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on ? on_signal : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* ---- children ---- */

/* Move the calling process into the group. */
static int join_group(void)
{
	char path[sizeof(cg_dir) + 16];

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg_dir);
	if (u_write_file(path, "0"))
		return -1;
	/* whatever the tool had (systemd may set one): both start equal */
	u_write_file("/proc/self/oom_score_adj", "0");
	return 0;
}

static void *grow(unsigned long long bytes, long ps)
{
	unsigned long long off;
	char *p;

	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, bytes, MADV_NOHUGEPAGE);
	for (off = 0; off < bytes; off += ps)
		p[off] = 1;
	return p;
}

/* hog: one step of growth per byte received, one byte back per step. */
static void hog_main(int rfd, int wfd, unsigned long long step, long ps)
{
	char c = 'r';

	if (join_group())
		_exit(3);
	if (u_write_all(wfd, &c, 1))
		_exit(1);
	while (!u_read_all(rfd, &c, 1)) {
		if (!grow(step, ps))
			_exit(4);
		if (u_write_all(wfd, &c, 1))
			break;
	}
	_exit(0);
}

static void small_main(int wfd, unsigned long long size, long ps)
{
	char c = 'r';

	if (join_group())
		_exit(3);
	if (!grow(size, ps))
		_exit(4);
	if (u_write_all(wfd, &c, 1))
		_exit(1);
	for (;;)
		pause();
}

/* ---- measurement ---- */

struct oom_row {
	int step;
	unsigned long long hog_rss_kb, group_kb;
	int hog_score, small_score, hog_adj, small_adj;
};

struct oom_round {
	const char *name;
	int small_adj;
	struct oom_row rows[OOM_MAX_STEPS];
	int nrows;
	unsigned long long oom_kills;		/* memory.events oom_kill delta */
	int hog_killed, small_killed;		/* by SIGKILL */
	int hog_step_killed, small_step_killed;	/* step at which each died, -1 */
	int first;				/* 1 hog, 2 small, 3 both, 0 none */
	char err[200];
};

static int read_int_file(const char *path, int *v)
{
	char buf[64];

	if (u_read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	*v = atoi(buf);
	return 0;
}

static int proc_int(pid_t pid, const char *file, int *v)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	return read_int_file(path, v);
}

static int cg_read(const char *file, char *buf, size_t size)
{
	char path[sizeof(cg_dir) + 32];

	snprintf(path, sizeof(path), "%s/%s", cg_dir, file);
	return u_read_file(path, buf, size) < 0 ? -1 : 0;
}

static unsigned long long oom_kill_count(void)
{
	unsigned long long v = 0;
	char buf[512];

	if (!cg_read("memory.events", buf, sizeof(buf)))
		up_cg_keyed(buf, "oom_kill", &v);
	return v;
}

/* Wait up to @ms for a byte on @fd: 1 got it, 0 EOF/error, -1 timeout. */
static int wait_byte(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char c;
	int n;

	do {
		n = poll(&pfd, 1, ms);
	} while (n < 0 && errno == EINTR);
	if (n == 0)
		return -1;
	return read(fd, &c, 1) == 1;
}

/* Has @pid died? Reap it and say how. 1 died (*sigkill set), 0 alive. */
static int died(pid_t pid, int *sigkill)
{
	int st;

	if (waitpid(pid, &st, WNOHANG) != pid)
		return 0;
	*sigkill = WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
	return 1;
}

static void sample(struct oom_round *rd, int step, pid_t hog, pid_t small)
{
	struct oom_row *row = &rd->rows[rd->nrows];
	struct up_status st;
	unsigned long long v;
	int is_max;
	char buf[128];

	if (rd->nrows >= OOM_MAX_STEPS)
		return;
	memset(row, 0, sizeof(*row));
	row->step = step;
	row->hog_score = row->small_score = -1;
	if (hog > 0 && !u_status(hog, &st))
		row->hog_rss_kb = st.vm_rss;
	if (!cg_read("memory.current", buf, sizeof(buf)) && !up_cg_value(buf, &v, &is_max))
		row->group_kb = v / KIB;
	if (hog > 0) {
		proc_int(hog, "oom_score", &row->hog_score);
		proc_int(hog, "oom_score_adj", &row->hog_adj);
	}
	if (small > 0) {
		proc_int(small, "oom_score", &row->small_score);
		proc_int(small, "oom_score_adj", &row->small_adj);
	}
	rd->nrows++;
}

/*
 * Both children died in the same step (the hog's retry after the first kill
 * can meet the limit again before the victim's memory is uncharged): the
 * kernel's log says which it chose first. 0 if it cannot be read.
 */
static int kmsg_kill_order(pid_t hog, pid_t small)
{
	static char log[256 * 1024];
	size_t n = 0;
	ssize_t r;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return 0;
	while (n < sizeof(log) - 1) {
		r = read(fd, log + n, sizeof(log) - 1 - n);
		if (r < 0 && errno == EPIPE)	/* a record was overwritten: go on */
			continue;
		if (r <= 0)
			break;
		n += r;
	}
	close(fd);
	log[n] = '\0';
	return up_kill_order(log, hog, small);
}

static int run_round(struct oom_round *rd, unsigned long long limit, unsigned long long step,
		     unsigned long long small_size, long ps)
{
	int h2p[2] = { -1, -1 }, p2h[2] = { -1, -1 }, s2p[2] = { -1, -1 };
	unsigned long long k0;
	int steps, st, got, sk, ret = -1;
	pid_t hog = 0, small = 0, hog_pid = 0, small_pid = 0;
	char path[64], c = 'g';

	rd->hog_step_killed = rd->small_step_killed = -1;
	/* the hog's pipes are made after the small child is forked: a copy of
	 * their write ends in it would hide the hog's death (no EOF) */
	if (pipe(s2p)) {
		snprintf(rd->err, sizeof(rd->err), "pipe: %s", strerror(errno));
		goto out;
	}
	k0 = oom_kill_count();
	small = u_fork();
	if (small < 0) {
		snprintf(rd->err, sizeof(rd->err), "fork: %s", strerror(errno));
		goto out;
	}
	if (!small) {
		close(s2p[0]);
		small_main(s2p[1], small_size, ps);
	}
	kids[1] = small_pid = small;
	close(s2p[1]);
	s2p[1] = -1;
	if (wait_byte(s2p[0], STEP_TIMEOUT_MS) != 1) {
		snprintf(rd->err, sizeof(rd->err), "the small child could not join the group or allocate");
		goto out;
	}
	if (rd->small_adj) {
		snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", (int)small);
		snprintf(rd->err, sizeof(rd->err), "%d", rd->small_adj);
		if (u_write_file(path, rd->err)) {
			snprintf(rd->err, sizeof(rd->err), "write oom_score_adj: %s", strerror(errno));
			goto out;
		}
		rd->err[0] = '\0';
	}
	if (pipe(h2p) || pipe(p2h)) {
		snprintf(rd->err, sizeof(rd->err), "pipe: %s", strerror(errno));
		goto out;
	}
	hog = u_fork();
	if (hog < 0) {
		snprintf(rd->err, sizeof(rd->err), "fork: %s", strerror(errno));
		goto out;
	}
	if (!hog) {
		close(p2h[1]);
		close(h2p[0]);
		close(s2p[0]);
		hog_main(p2h[0], h2p[1], step, ps);
	}
	kids[0] = hog_pid = hog;
	close(p2h[0]);
	close(h2p[1]);
	p2h[0] = h2p[1] = -1;
	if (wait_byte(h2p[0], STEP_TIMEOUT_MS) != 1) {
		snprintf(rd->err, sizeof(rd->err), "the hog could not join the group");
		goto out;
	}
	sample(rd, 0, hog, small);
	for (steps = 1; steps <= (int)(limit / step) + 8 && steps < OOM_MAX_STEPS; steps++) {
		if (u_write_all(p2h[1], &c, 1)) {
			got = 0;
		} else {
			got = wait_byte(h2p[0], STEP_TIMEOUT_MS);
			if (got < 0) {
				snprintf(rd->err, sizeof(rd->err), "the hog hung for %d s in step %d",
					 STEP_TIMEOUT_MS / 1000, steps);
				goto out;
			}
		}
		if (!got) {			/* the hog is gone */
			u_wait(hog, &st);
			kids[0] = hog = 0;
			rd->hog_killed = WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
			rd->hog_step_killed = steps;
			if (!rd->hog_killed)
				snprintf(rd->err, sizeof(rd->err), "the hog ended without SIGKILL (status 0x%x)", st);
		}
		if (small > 0 && died(small, &sk)) {
			kids[1] = small = 0;
			rd->small_killed = sk;
			rd->small_step_killed = steps;
		}
		sample(rd, steps, hog, small);
		if (!hog || !small)
			break;
	}
	rd->oom_kills = oom_kill_count() - k0;
	if (rd->hog_step_killed > 0 && rd->small_step_killed > 0)
		rd->first = rd->hog_step_killed < rd->small_step_killed ? 1 :
			    rd->hog_step_killed > rd->small_step_killed ? 2 :
			    kmsg_kill_order(hog_pid, small_pid) ?: 3;
	else if (rd->hog_step_killed > 0)
		rd->first = 1;
	else if (rd->small_step_killed > 0)
		rd->first = 2;
	ret = 0;
out:
	kill_kids();
	if (h2p[0] >= 0) close(h2p[0]);
	if (h2p[1] >= 0) close(h2p[1]);
	if (p2h[0] >= 0) close(p2h[0]);
	if (p2h[1] >= 0) close(p2h[1]);
	if (s2p[0] >= 0) close(s2p[0]);
	if (s2p[1] >= 0) close(s2p[1]);
	return ret;
}

static const char *victim_name(int first)
{
	switch (first) {
	case 1: return "hog";
	case 2: return "small";
	case 3: return "both";
	default: return "none";
	}
}

/* ---- setup ---- */

static int setup_group(const char *exp, unsigned long long limit, char *notes, size_t nlen)
{
	char mnt[CG_PATH_MAX], path[CG_PATH_MAX + 64 + 32], buf[512];
	char *mounts;

	mounts = u_slurp("/proc/self/mounts");
	if (!mounts || up_cgroup2_mount(mounts, mnt, sizeof(mnt))) {
		free(mounts);
		return u_fail(exp, "no cgroup2 filesystem is mounted (mount -t cgroup2 none /sys/fs/cgroup)");
	}
	free(mounts);
	snprintf(path, sizeof(path), "%s/cgroup.controllers", mnt);
	if (u_read_file(path, buf, sizeof(buf)) < 0)
		return u_fail(exp, "cannot read %s: %s", path, strerror(errno));
	if (!up_cg_has_word(buf, "memory"))
		return u_fail(exp, "the memory controller is not available in cgroup2 at %s "
			      "(bound to cgroup v1 on this system?)", mnt);
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", mnt);
	if (u_read_file(path, buf, sizeof(buf)) < 0)
		return u_fail(exp, "cannot read %s: %s", path, strerror(errno));
	notes[0] = '\0';
	if (!up_cg_has_word(buf, "memory")) {
		if (u_write_file(path, "+memory"))
			return u_fail(exp, "cannot enable the memory controller in %s: %s", path,
				      strerror(errno));
		snprintf(cg_root_ctl, sizeof(cg_root_ctl), "%s/cgroup.subtree_control", mnt);
		snprintf(notes, nlen, "enabled the memory controller in %s (disabled again at the end)", path);
	}
	snprintf(cg_dir, sizeof(cg_dir), "%s/alloclab-oom-%d", mnt, (int)getpid());
	if (mkdir(cg_dir, 0755)) {
		int e = errno;

		cg_dir[0] = '\0';
		if (cg_root_ctl[0]) {
			u_write_file(cg_root_ctl, "-memory");
			cg_root_ctl[0] = '\0';
		}
		return u_fail(exp, "mkdir %s/alloclab-oom-%d: %s", mnt, (int)getpid(), strerror(e));
	}
	snprintf(path, sizeof(path), "%s/memory.max", cg_dir);
	snprintf(buf, sizeof(buf), "%llu", limit);
	if (u_write_file(path, buf)) {
		int e = errno;

		remove_group();
		return u_fail(exp, "write %s: %s", path, strerror(e));
	}
	snprintf(path, sizeof(path), "%s/memory.swap.max", cg_dir);
	if (!access(path, F_OK) && u_write_file(path, "0")) {
		int e = errno;

		remove_group();
		return u_fail(exp, "write %s: %s", path, strerror(e));
	}
	return 0;
}

int u_oom(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'l' },
		{ "step", required_argument, NULL, 's' },
		{ "small", required_argument, NULL, 'm' },
		{ "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long limit = 64 * MIB, step = 4 * MIB, small = 8 * MIB, total_kb = 0, swap_kb = 0;
	long ps = sysconf(_SC_PAGESIZE);
	int json = 0, force = 0, c, i, k, ret, gone;
	static struct oom_round rd[2];
	char notes[sizeof(cg_dir) + 128], group[sizeof(cg_dir)];
	struct ureport r;
	struct stat sb;

	while ((c = u_getopt("oom", argc, argv, "l:s:m:fjh", opts)) != -1) {
		switch (c) {
		case 'l':
			if (u_opt_size("oom", "limit", optarg, MIB, &limit))
				return U_EXIT_USAGE;
			break;
		case 's':
			if (u_opt_size("oom", "step", optarg, MIB, &step))
				return U_EXIT_USAGE;
			break;
		case 'm':
			if (u_opt_size("oom", "small", optarg, MIB, &small))
				return U_EXIT_USAGE;
			break;
		case 'f': force = 1; break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("oom", "unexpected argument '%s'", argv[optind]);
	if (limit < 16 * MIB)
		return u_usage_err("oom", "--limit must be at least 16 MiB");
	if (step < 256 * KIB || step > limit / 4)
		return u_usage_err("oom", "--step must be between 256K and a quarter of --limit");
	if (small <= step || small > limit / 2)
		return u_usage_err("oom", "--small must be more than --step and at most half of --limit");
	if (u_check_mem("oom", "--limit", limit, force))
		return U_EXIT_USAGE;
	if (geteuid() != 0)
		return u_fail("oom", "needs root: it creates a cgroup and sets oom_score_adj");

	trap_signals(1);
	if ((ret = setup_group("oom", limit, notes, sizeof(notes))) != 0) {
		trap_signals(0);
		return ret;
	}
	snprintf(group, sizeof(group), "%s", cg_dir);
	u_meminfo("MemTotal", &total_kb);
	u_meminfo("SwapTotal", &swap_kb);

	ur_begin(&r, "oom", json, "a hog grows by %llu MiB steps beside an %llu MiB child in %s "
		 "(memory.max %llu MiB); the tool stays outside the group",
		 step / MIB, small / MIB, group, limit / MIB);
	if (notes[0])
		ur_note(&r, "%s", notes);
	ur_note(&r, "/proc/PID/oom_score = (1000 + badness * 1000 / (RAM + swap)) * 2/3, with "
		"badness = pages used + oom_score_adj * pages / 1000: 666 for an empty task at adj 0, "
		"relative to all memory; the memcg OOM killer ranks the group's tasks by the same "
		"badness with pages = memory.max");
	rd[0].name = "adj 0 for both";
	rd[0].small_adj = 0;
	rd[1].name = "oom_score_adj 1000 for the small child";
	rd[1].small_adj = 1000;
	for (i = 0; i < 2; i++)
		if (run_round(&rd[i], limit, step, small, ps) && !rd[i].err[0])
			snprintf(rd[i].err, sizeof(rd[i].err), "failed");

	gone = !remove_group() && stat(group, &sb) && errno == ENOENT;
	if (cg_root_ctl[0]) {
		u_write_file(cg_root_ctl, "-memory");
		cg_root_ctl[0] = '\0';
	}
	trap_signals(0);

	if (r.json) {
		json_obj_begin(&r.j, "params");
		json_str(&r.j, "group", group);
		json_uint(&r.j, "memory_max_bytes", limit);
		json_uint(&r.j, "step_bytes", step);
		json_uint(&r.j, "small_bytes", small);
		json_obj_end(&r.j);
		json_arr_begin(&r.j, "rounds");
		for (i = 0; i < 2; i++) {
			json_obj_begin(&r.j, NULL);
			json_str(&r.j, "round", rd[i].name);
			if (rd[i].err[0])
				json_str(&r.j, "error", rd[i].err);
			json_arr_begin(&r.j, "steps");
			for (k = 0; k < rd[i].nrows; k++) {
				struct oom_row *w = &rd[i].rows[k];

				json_obj_begin(&r.j, NULL);
				json_int(&r.j, "step", w->step);
				json_uint(&r.j, "hog_rss_kb", w->hog_rss_kb);
				json_uint(&r.j, "group_current_kb", w->group_kb);
				json_int(&r.j, "hog_oom_score", w->hog_score);
				json_int(&r.j, "small_oom_score", w->small_score);
				json_int(&r.j, "small_oom_score_adj", w->small_adj);
				json_obj_end(&r.j);
			}
			json_arr_end(&r.j);
			json_str(&r.j, "first_victim", victim_name(rd[i].first));
			json_bool(&r.j, "hog_killed", rd[i].hog_killed);
			json_bool(&r.j, "small_killed", rd[i].small_killed);
			json_uint(&r.j, "memory_events_oom_kill", rd[i].oom_kills);
			json_obj_end(&r.j);
		}
		json_arr_end(&r.j);
		json_bool(&r.j, "group_removed", gone);
	}
	for (i = 0; i < 2; i++) {
		struct out_table t;
		char cap[128];
		int hog_dead = 0, small_dead = 0;

		table_init(&t, "step", "hog_RSS_kB", "group_current_kB", "hog_oom_score",
			   "small_oom_score", "event", NULL);
		for (k = 0; k < rd[i].nrows; k++) {
			struct oom_row *w = &rd[i].rows[k];
			char ev[64] = "";

			table_row(&t);
			table_cell(&t, "%d", w->step);
			if (w->hog_score >= 0)
				table_cell(&t, "%llu", w->hog_rss_kb);
			else
				table_cell(&t, "%s", "");
			table_cell(&t, "%llu", w->group_kb);
			if (w->hog_score >= 0)
				table_cell(&t, "%d", w->hog_score);
			else
				table_cell(&t, "%s", "");
			if (w->small_score >= 0)
				table_cell(&t, "%d", w->small_score);
			else
				table_cell(&t, "%s", "");
			if (w->hog_score < 0 && !hog_dead) {
				hog_dead = 1;
				snprintf(ev, sizeof(ev), "hog %s", rd[i].hog_killed ? "killed (SIGKILL)" : "gone");
			}
			if (w->small_score < 0 && !small_dead) {
				small_dead = 1;
				snprintf(ev + strlen(ev), sizeof(ev) - strlen(ev), "%ssmall %s", ev[0] ? ", " : "",
					 rd[i].small_killed ? "killed (SIGKILL)" : "gone");
			}
			table_cell(&t, "%s", ev);
		}
		snprintf(cap, sizeof(cap), "round %d: %s", i + 1, rd[i].name);
		ur_table(&r, &t, cap);
		ur_note(&r, "round %d: first victim: %s; memory.events oom_kill +%llu", i + 1,
			victim_name(rd[i].first), rd[i].oom_kills);
	}

	for (i = 0; i < 2; i++)
		if (rd[i].err[0])
			ur_check(&r, 0, "round %d: %s", i + 1, rd[i].err);
	if (!rd[0].err[0]) {
		int n = rd[0].nrows, first = -1, last = -1, exp_delta;

		for (k = 0; k < n; k++)
			if (rd[0].rows[k].hog_score >= 0) {
				if (first < 0)
					first = rd[0].rows[k].hog_score;
				last = rd[0].rows[k].hog_score;
			}
		/* the growth oom_score can show: limit / (RAM + swap) * 1000 * 2/3 */
		exp_delta = total_kb ? (int)((limit / KIB - small / KIB) * 666 / (total_kb + swap_kb)) : 0;
		if (exp_delta >= 3)
			ur_check(&r, first >= 0 && last > first,
				 "the hog's oom_score grows as it grows: %d -> %d", first, last);
		else
			ur_skip(&r, "the hog's oom_score grows (%d -> %d): memory.max is too small a "
				"part of RAM to move it", first, last);
		ur_check(&r, rd[0].first == 1 && rd[0].hog_killed,
			 "with equal oom_score_adj the OOM victim is the hog (SIGKILL): %s",
			 victim_name(rd[0].first));
		ur_check(&r, !rd[0].small_killed, "the small child survives round 1");
		ur_check(&r, rd[0].oom_kills >= 1,
			 "memory.events counts the kill: oom_kill +%llu", rd[0].oom_kills);
	}
	if (!rd[1].err[0]) {
		ur_check(&r, rd[1].first == 2 && rd[1].small_killed,
			 "oom_score_adj 1000 makes the small child the victim instead: %s",
			 victim_name(rd[1].first));
		ur_check(&r, rd[1].rows[0].small_score > rd[1].rows[0].hog_score,
			 "oom_score shows it: small %d > hog %d at the start",
			 rd[1].rows[0].small_score, rd[1].rows[0].hog_score);
	}
	ur_check(&r, 1, "the tool (pid %d, outside the group) is never the victim", (int)getpid());
	ur_check(&r, gone, "the group %s is removed afterwards", group);
	return ur_end(&r,
		      "when a group reaches memory.max and nothing can be reclaimed, the kernel "
		      "kills the task of that group with the highest badness (memory use plus "
		      "oom_score_adj scaled to the limit): the biggest one, unless oom_score_adj "
		      "says otherwise; processes outside the group are never considered",
		      "the OOM killer did not behave as expected: see the FAILED checks");
}
