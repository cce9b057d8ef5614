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

/* One step of a round: a row of "steps" in both views. */
struct oom_row {
	int step;
	unsigned long long hog_rss_kb, group_kb;
	int hog_score, small_score, hog_adj, small_adj;
	int hog_alive, small_alive, has_event;
	char event[64];
};

/* One round: its summary (both views) and its steps. */
struct oom_round {
	const char *name;
	int small_adj;
	struct oom_row rows[OOM_MAX_STEPS];
	int nrows;
	unsigned long long oom_kills;		/* memory.events oom_kill delta */
	int hog_killed, small_killed;		/* by SIGKILL */
	int hog_step_killed, small_step_killed;	/* step at which each died, -1 */
	int first;				/* 1 hog, 2 small, 3 both, 0 none */
	const char *first_victim;		/* its name */
	int failed;
	char err[200];
};

struct oom_params {
	char group[CG_PATH_MAX + 64];
	unsigned long long memory_max_bytes, step_bytes, small_bytes;
};

struct oom_cleanup {
	int group_removed;
};

static const struct ufield oom_row_f[] = {
	UF(struct oom_row, step, UF_INT, "step"),
	UF_IF(struct oom_row, hog_rss_kb, UF_ULL, "hog_rss_kb", hog_alive),
	UF(struct oom_row, group_kb, UF_ULL, "group_current_kb"),
	UF_IF(struct oom_row, hog_score, UF_INT, "hog_oom_score", hog_alive),
	UF_IF(struct oom_row, small_score, UF_INT, "small_oom_score", small_alive),
	UF_IF(struct oom_row, small_adj, UF_INT, "small_oom_score_adj", small_alive),
	UF_IF(struct oom_row, event, UF_TEXT, "event", has_event),
};

static const struct ufield oom_round_f[] = {
	UF(struct oom_round, name, UF_STR, "round"),
	UF_IF(struct oom_round, err, UF_TEXT, "error", failed),
	UF(struct oom_round, first_victim, UF_STR, "first_victim"),
	UF(struct oom_round, hog_killed, UF_BOOL, "hog_killed"),
	UF(struct oom_round, small_killed, UF_BOOL, "small_killed"),
	UF(struct oom_round, oom_kills, UF_ULL, "memory_events_oom_kill"),
};

static const struct ufield oom_params_f[] = {
	UF(struct oom_params, group, UF_TEXT, "group"),
	UF(struct oom_params, memory_max_bytes, UF_ULL, "memory_max_bytes"),
	UF(struct oom_params, step_bytes, UF_ULL, "step_bytes"),
	UF(struct oom_params, small_bytes, UF_ULL, "small_bytes"),
};

static const struct ufield oom_cleanup_f[] = {
	UF(struct oom_cleanup, group_removed, UF_BOOL, "group_removed"),
};

const struct ufields u_oom_steps = UFIELDS("oom.steps", struct oom_row, oom_row_f);
const struct ufields u_oom_round = UFIELDS("oom.rounds", struct oom_round, oom_round_f);
const struct ufields u_oom_params = UFIELDS("oom.params", struct oom_params, oom_params_f);
const struct ufields u_oom_cleanup = UFIELDS("oom.cleanup", struct oom_cleanup, oom_cleanup_f);

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

/* The children of a round and the pipes to them. */
struct oom_kids {
	pid_t hog, small, hog_pid, small_pid;
	int h2p[2], p2h[2], s2p[2];
};

static void kids_close(struct oom_kids *k)
{
	int *fds[] = { k->h2p, k->p2h, k->s2p };
	size_t i;

	kill_kids();
	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		if (fds[i][0] >= 0)
			close(fds[i][0]);
		if (fds[i][1] >= 0)
			close(fds[i][1]);
		fds[i][0] = fds[i][1] = -1;
	}
}

/* The small child, in the group, with its oom_score_adj. 0, or -1 with rd->err. */
static int start_small(struct oom_round *rd, struct oom_kids *k, unsigned long long size, long ps)
{
	char path[64], adj[16];

	if (pipe(k->s2p)) {
		snprintf(rd->err, sizeof(rd->err), "pipe: %s", strerror(errno));
		return -1;
	}
	k->small = u_fork();
	if (k->small < 0) {
		snprintf(rd->err, sizeof(rd->err), "fork: %s", strerror(errno));
		return -1;
	}
	if (!k->small) {
		close(k->s2p[0]);
		small_main(k->s2p[1], size, ps);
	}
	kids[1] = k->small_pid = k->small;
	close(k->s2p[1]);
	k->s2p[1] = -1;
	if (wait_byte(k->s2p[0], STEP_TIMEOUT_MS) != 1) {
		snprintf(rd->err, sizeof(rd->err), "the small child could not join the group or allocate");
		return -1;
	}
	if (!rd->small_adj)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", (int)k->small);
	snprintf(adj, sizeof(adj), "%d", rd->small_adj);
	if (u_write_file(path, adj)) {
		snprintf(rd->err, sizeof(rd->err), "write oom_score_adj: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The hog, in the group. Its pipes are made after the small child is forked:
 * a copy of their write ends in it would hide the hog's death (no EOF).
 */
static int start_hog(struct oom_round *rd, struct oom_kids *k, unsigned long long step, long ps)
{
	if (pipe(k->h2p) || pipe(k->p2h)) {
		snprintf(rd->err, sizeof(rd->err), "pipe: %s", strerror(errno));
		return -1;
	}
	k->hog = u_fork();
	if (k->hog < 0) {
		snprintf(rd->err, sizeof(rd->err), "fork: %s", strerror(errno));
		return -1;
	}
	if (!k->hog) {
		close(k->p2h[1]);
		close(k->h2p[0]);
		close(k->s2p[0]);
		hog_main(k->p2h[0], k->h2p[1], step, ps);
	}
	kids[0] = k->hog_pid = k->hog;
	close(k->p2h[0]);
	close(k->h2p[1]);
	k->p2h[0] = k->h2p[1] = -1;
	if (wait_byte(k->h2p[0], STEP_TIMEOUT_MS) != 1) {
		snprintf(rd->err, sizeof(rd->err), "the hog could not join the group");
		return -1;
	}
	return 0;
}

/* Step @steps: let the hog grow, see who died. 1 to go on, 0 done, -1 hung. */
static int grow_step(struct oom_round *rd, struct oom_kids *k, int steps)
{
	int got = 0, st, sk;
	char c = 'g';

	if (!u_write_all(k->p2h[1], &c, 1)) {
		got = wait_byte(k->h2p[0], STEP_TIMEOUT_MS);
		if (got < 0) {
			snprintf(rd->err, sizeof(rd->err), "the hog hung for %d s in step %d",
				 STEP_TIMEOUT_MS / 1000, steps);
			return -1;
		}
	}
	if (!got) {			/* the hog is gone */
		u_wait(k->hog, &st);
		kids[0] = k->hog = 0;
		rd->hog_killed = WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
		rd->hog_step_killed = steps;
		if (!rd->hog_killed)
			snprintf(rd->err, sizeof(rd->err), "the hog ended without SIGKILL (status 0x%x)", st);
	}
	if (k->small > 0 && died(k->small, &sk)) {
		kids[1] = k->small = 0;
		rd->small_killed = sk;
		rd->small_step_killed = steps;
	}
	sample(rd, steps, k->hog, k->small);
	return k->hog && k->small;
}

/* Who died first: 1 hog, 2 small, 3 both in one step (order unknown), 0 none. */
static int first_victim(const struct oom_round *rd, const struct oom_kids *k)
{
	if (rd->hog_step_killed > 0 && rd->small_step_killed > 0)
		return rd->hog_step_killed < rd->small_step_killed ? 1 :
		       rd->hog_step_killed > rd->small_step_killed ? 2 :
		       kmsg_kill_order(k->hog_pid, k->small_pid) ?: 3;
	if (rd->hog_step_killed > 0)
		return 1;
	if (rd->small_step_killed > 0)
		return 2;
	return 0;
}

static int run_round(struct oom_round *rd, unsigned long long limit, unsigned long long step,
		     unsigned long long small_size, long ps)
{
	struct oom_kids k = { .h2p = { -1, -1 }, .p2h = { -1, -1 }, .s2p = { -1, -1 } };
	unsigned long long k0 = oom_kill_count();
	int steps, ret = -1, more = 1;

	rd->hog_step_killed = rd->small_step_killed = -1;
	if (start_small(rd, &k, small_size, ps) || start_hog(rd, &k, step, ps))
		goto out;
	sample(rd, 0, k.hog, k.small);
	for (steps = 1; more > 0 && steps <= (int)(limit / step) + 8 && steps < OOM_MAX_STEPS; steps++)
		more = grow_step(rd, &k, steps);
	if (more < 0)
		goto out;
	rd->oom_kills = oom_kill_count() - k0;
	rd->first = first_victim(rd, &k);
	ret = 0;
out:
	kids_close(&k);
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

struct oom_opts {
	unsigned long long limit, step, small;
	int force, json;
};

/* Options into @o. -1 to go on, else the exit status. */
static int oom_parse(int argc, char **argv, struct oom_opts *o)
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
	int c;

	while ((c = u_getopt("oom", argc, argv, "l:s:m:fjh", opts)) != -1) {
		switch (c) {
		case 'l':
			if (u_opt_size("oom", "limit", optarg, MIB, &o->limit))
				return U_EXIT_USAGE;
			break;
		case 's':
			if (u_opt_size("oom", "step", optarg, MIB, &o->step))
				return U_EXIT_USAGE;
			break;
		case 'm':
			if (u_opt_size("oom", "small", optarg, MIB, &o->small))
				return U_EXIT_USAGE;
			break;
		case 'f': o->force = 1; break;
		case 'j': o->json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("oom", "unexpected argument '%s'", argv[optind]);
	return -1;
}

static int oom_validate(const struct oom_opts *o)
{
	if (o->limit < 16 * MIB)
		return u_usage_err("oom", "--limit must be at least 16 MiB");
	if (o->step < 256 * KIB || o->step > o->limit / 4)
		return u_usage_err("oom", "--step must be between 256K and a quarter of --limit");
	if (o->small <= o->step || o->small > o->limit / 2)
		return u_usage_err("oom", "--small must be more than --step and at most half of --limit");
	if (u_check_mem("oom", "--limit", o->limit, o->force))
		return U_EXIT_USAGE;
	if (geteuid() != 0)
		return u_fail("oom", "needs root: it creates a cgroup and sets oom_score_adj");
	return -1;
}

/* Each row's event and the round's victim, as both views show them. */
static void oom_model(struct oom_round *rd)
{
	int k, hog_dead = 0, small_dead = 0;

	rd->failed = rd->err[0] != '\0';
	rd->first_victim = victim_name(rd->first);
	for (k = 0; k < rd->nrows; k++) {
		struct oom_row *w = &rd->rows[k];

		w->hog_alive = w->hog_score >= 0;
		w->small_alive = w->small_score >= 0;
		w->event[0] = '\0';
		if (!w->hog_alive && !hog_dead) {
			hog_dead = 1;
			snprintf(w->event, sizeof(w->event), "hog %s",
				 rd->hog_killed ? "killed (SIGKILL)" : "gone");
		}
		if (!w->small_alive && !small_dead) {
			small_dead = 1;
			snprintf(w->event + strlen(w->event), sizeof(w->event) - strlen(w->event),
				 "%ssmall %s", w->event[0] ? ", " : "",
				 rd->small_killed ? "killed (SIGKILL)" : "gone");
		}
		w->has_event = w->event[0] != '\0';
	}
}

/* JSON: the round's summary with its steps inside; text: the steps table, then the summary. */
static void oom_report_round(struct ureport *r, int i, const struct oom_round *rd)
{
	char cap[128], lab[16];

	snprintf(cap, sizeof(cap), "round %d: %s", i + 1, rd->name);
	snprintf(lab, sizeof(lab), "round %d", i + 1);
	if (r->json) {
		json_obj_begin(&r->j, NULL);
		uf_json_members(&r->j, &u_oom_round, rd);
	}
	ur_rows(r, "steps", cap, &u_oom_steps, rd->rows, rd->nrows);
	if (r->json)
		json_obj_end(&r->j);
	else
		ur_obj(r, lab, &u_oom_round, rd);
}

static void oom_checks_round1(struct ureport *r, const struct oom_opts *o, const struct oom_round *rd)
{
	unsigned long long total_kb = 0, swap_kb = 0;
	int k, first = -1, last = -1, exp_delta;

	u_meminfo("MemTotal", &total_kb);
	u_meminfo("SwapTotal", &swap_kb);
	for (k = 0; k < rd->nrows; k++)
		if (rd->rows[k].hog_alive) {
			if (first < 0)
				first = rd->rows[k].hog_score;
			last = rd->rows[k].hog_score;
		}
	/* the growth oom_score can show: limit / (RAM + swap) * 1000 * 2/3 */
	exp_delta = total_kb ? (int)((o->limit / KIB - o->small / KIB) * 666 / (total_kb + swap_kb)) : 0;
	if (exp_delta >= 3)
		ur_check(r, first >= 0 && last > first,
			 "the hog's oom_score grows as it grows: %d -> %d", first, last);
	else
		ur_skip(r, "the hog's oom_score grows (%d -> %d): memory.max is too small a "
			"part of RAM to move it", first, last);
	ur_check(r, rd->first == 1 && rd->hog_killed,
		 "with equal oom_score_adj the OOM victim is the hog (SIGKILL): %s", rd->first_victim);
	ur_check(r, !rd->small_killed, "the small child survives round 1");
	ur_check(r, rd->oom_kills >= 1, "memory.events counts the kill: oom_kill +%llu", rd->oom_kills);
}

static void oom_checks(struct ureport *r, const struct oom_opts *o, const struct oom_round *rd,
		       const struct oom_params *p, const struct oom_cleanup *c)
{
	int i;

	for (i = 0; i < 2; i++)
		if (rd[i].failed)
			ur_check(r, 0, "round %d: %s", i + 1, rd[i].err);
	if (!rd[0].failed)
		oom_checks_round1(r, o, &rd[0]);
	if (!rd[1].failed) {
		ur_check(r, rd[1].first == 2 && rd[1].small_killed,
			 "oom_score_adj 1000 makes the small child the victim instead: %s",
			 rd[1].first_victim);
		ur_check(r, rd[1].rows[0].small_score > rd[1].rows[0].hog_score,
			 "oom_score shows it: small %d > hog %d at the start",
			 rd[1].rows[0].small_score, rd[1].rows[0].hog_score);
	}
	ur_check(r, 1, "the tool (pid %d, outside the group) is never the victim", (int)getpid());
	ur_check(r, c->group_removed, "the group %s is removed afterwards", p->group);
}

/* Both rounds in the group, then the group removed. */
static void oom_measure(const struct oom_opts *o, struct oom_round *rd, struct oom_cleanup *c,
			const char *group)
{
	long ps = sysconf(_SC_PAGESIZE);
	struct stat sb;
	int i;

	rd[0].name = "adj 0 for both";
	rd[0].small_adj = 0;
	rd[1].name = "oom_score_adj 1000 for the small child";
	rd[1].small_adj = 1000;
	for (i = 0; i < 2; i++)
		if (run_round(&rd[i], o->limit, o->step, o->small, ps) && !rd[i].err[0])
			snprintf(rd[i].err, sizeof(rd[i].err), "failed");
	c->group_removed = !remove_group() && stat(group, &sb) && errno == ENOENT;
	if (cg_root_ctl[0]) {
		u_write_file(cg_root_ctl, "-memory");
		cg_root_ctl[0] = '\0';
	}
	for (i = 0; i < 2; i++)
		oom_model(&rd[i]);
}

int u_oom(int argc, char **argv)
{
	struct oom_opts o = { .limit = 64 * MIB, .step = 4 * MIB, .small = 8 * MIB };
	char notes[sizeof(cg_dir) + 128];
	static struct oom_round rd[2];
	struct oom_cleanup c;
	struct oom_params p;
	struct ureport r;
	int ret = oom_parse(argc, argv, &o), i;

	if (ret < 0)
		ret = oom_validate(&o);
	if (ret >= 0)
		return ret;
	trap_signals(1);
	ret = setup_group("oom", o.limit, notes, sizeof(notes));
	if (ret) {
		trap_signals(0);
		return ret;
	}
	snprintf(p.group, sizeof(p.group), "%s", cg_dir);
	p.memory_max_bytes = o.limit;
	p.step_bytes = o.step;
	p.small_bytes = o.small;
	ur_begin(&r, "oom", o.json, "a hog grows by %llu MiB steps beside an %llu MiB child in %s "
		 "(memory.max %llu MiB); the tool stays outside the group",
		 o.step / MIB, o.small / MIB, p.group, o.limit / MIB);
	if (notes[0])
		ur_note(&r, "%s", notes);
	ur_note(&r, "/proc/PID/oom_score = (1000 + badness * 1000 / (RAM + swap)) * 2/3, with "
		"badness = pages used + oom_score_adj * pages / 1000: 666 for an empty task at adj 0, "
		"relative to all memory; the memcg OOM killer ranks the group's tasks by the same "
		"badness with pages = memory.max");
	oom_measure(&o, rd, &c, p.group);
	trap_signals(0);
	ur_obj(&r, "params", &u_oom_params, &p);
	if (r.json)
		json_arr_begin(&r.j, "rounds");
	for (i = 0; i < 2; i++)
		oom_report_round(&r, i, &rd[i]);
	if (r.json)
		json_arr_end(&r.j);
	ur_obj(&r, "cleanup", &u_oom_cleanup, &c);
	oom_checks(&r, &o, rd, &p, &c);
	return ur_end(&r,
		      "when a group reaches memory.max and nothing can be reclaimed, the kernel "
		      "kills the task of that group with the highest badness (memory use plus "
		      "oom_score_adj scaled to the limit): the biggest one, unless oom_score_adj "
		      "says otherwise; processes outside the group are never considered",
		      "the OOM killer did not behave as expected: see the FAILED checks");
}
