// SPDX-License-Identifier: GPL-2.0
/*
 * user_pss.c - `alloclab user pss`: VSS, RSS, PSS and USS (smem's figures)
 * from /proc/PID/smaps, and the seed's leak method: sample USS and flag the
 * process whose USS keeps growing.
 *
 *   VSS  sum of Size: address space, mapped or not
 *   RSS  sum of Rss: resident pages mapped, shared ones counted in full
 *   PSS  sum of Pss: each resident page divided by the number of processes
 *        mapping it (PSS of all processes adds up to the memory used)
 *   USS  sum of Private_Clean + Private_Dirty: what freeing the process gives
 *        back
 * so USS <= PSS <= RSS <= VSS for every process.
 *
 * Without pids: a demonstration with known answers. The tool and three
 * children share a region (each maps all of it: PSS a quarter of it), each
 * child has memory of its own, and one child leaks a block per tick while
 * the sampler watches their USS.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "user.h"

#define PSS_MAX_PIDS	4096
#define PSS_MAX_SAMPLES	100
#define DEMO_CHILDREN	3

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s user pss [PID...] [--pid PID]... [--all] [--samples N]\n"
		"                        [--interval MS] [--min-growth SIZE] [--json]\n\n"
		"VSS/RSS/PSS/USS of processes from /proc/PID/smaps, and a USS sampler that\n"
		"flags a process whose USS keeps growing (never drops, grows in at least two\n"
		"thirds of the intervals, by at least --min-growth).\n"
		"Without PID or --all: a demonstration with known answers (shared region,\n"
		"private memory, one leaking child).\n\n"
		"  -p, --pid PID         a process to report (repeatable; or as arguments)\n"
		"  -a, --all             every process (smem's view), largest PSS first\n"
		"  -n, --samples N       USS samples for the leak check (default 6 in the demo,\n"
		"                        else 0 = no sampling; at most %d)\n"
		"  -i, --interval MS     between samples (default 200)\n"
		"  -g, --min-growth SIZE growth that counts as a leak (default 64K; bare = KiB)\n"
		"  -j, --json            JSON output\n", out_prog, PSS_MAX_SAMPLES);
}

/* One process: a row of "processes" and one of "samples", same names in both views. */
struct proc_fig {
	int pid;
	char name[64];
	const char *role;
	int has_role;
	int ok;				/* smaps read: the figures are there */
	const char *error;		/* strerror of reading smaps, if not ok */
	int err;			/* errno reading smaps, 0 if fine */
	unsigned long long vss_kb, rss_kb, pss_kb, uss_kb, swap_kb;
	int have_region;
	unsigned long long region_rss_kb, region_pss_kb, region_uss_kb;
	unsigned long long uss[PSS_MAX_SAMPLES];
	struct useries uss_samples;	/* points into uss[] */
	long long uss_growth_kb;
	int flagged;
	int nvma;
};

#define FIG_COMMON(st)							\
	UF(st, pid, UF_INT, "pid"),					\
	UF(st, name, UF_TEXT, "name"),					\
	UF_IF(st, role, UF_STR, "role", has_role)

#define FIG_SIZES(st)							\
	UF_IF(st, error, UF_STR, "error", err),				\
	UF_IF(st, vss_kb, UF_ULL, "vss_kb", ok),			\
	UF_IF(st, rss_kb, UF_ULL, "rss_kb", ok),			\
	UF_IF(st, pss_kb, UF_ULL, "pss_kb", ok),			\
	UF_IF(st, uss_kb, UF_ULL, "uss_kb", ok),			\
	UF_IF(st, swap_kb, UF_ULL, "swap_kb", ok)

/* pids or --all */
static const struct ufield fig_f[] = {
	FIG_COMMON(struct proc_fig),
	FIG_SIZES(struct proc_fig),
};

/* the demonstration: the shared region too */
static const struct ufield demo_f[] = {
	FIG_COMMON(struct proc_fig),
	FIG_SIZES(struct proc_fig),
	UF_IF(struct proc_fig, region_rss_kb, UF_ULL, "region_rss_kb", have_region),
	UF_IF(struct proc_fig, region_pss_kb, UF_ULL, "region_pss_kb", have_region),
	UF_IF(struct proc_fig, region_uss_kb, UF_ULL, "region_uss_kb", have_region),
};

static const struct ufield sample_f[] = {
	FIG_COMMON(struct proc_fig),
	UF(struct proc_fig, uss_samples, UF_SERIES, "uss_samples_kb"),
	UF(struct proc_fig, uss_growth_kb, UF_LL, "uss_growth_kb"),
	UF(struct proc_fig, flagged, UF_BOOL, "uss_keeps_growing"),
};

const struct ufields u_pss_processes = UFIELDS("pss.processes", struct proc_fig, fig_f);
const struct ufields u_pss_demo = UFIELDS("pss.demo", struct proc_fig, demo_f);
const struct ufields u_pss_samples = UFIELDS("pss.samples", struct proc_fig, sample_f);

static void read_comm(int pid, char *name, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	n = u_read_file(path, name, size);
	if (n <= 0) {
		snprintf(name, size, "?");
		return;
	}
	if (name[n - 1] == '\n')
		name[n - 1] = '\0';
}

/* smaps of p->pid summed into the figures. 0, or -1 with p->err. */
static int figures(struct proc_fig *p)
{
	struct up_smaps s;

	p->err = 0;
	p->ok = 0;
	if (u_smaps_sum(p->pid, &s)) {
		p->err = errno ? errno : EINVAL;
		p->error = strerror(p->err);
		return -1;
	}
	p->ok = 1;
	p->nvma = s.nvma;
	p->vss_kb = s.size;
	p->rss_kb = s.rss;
	p->pss_kb = s.pss;
	p->uss_kb = UP_USS(&s);
	p->swap_kb = s.swap;
	return 0;
}

/* After sampling: the series, its growth and the leak verdict. */
static void sample_done(struct proc_fig *p, int n, int samples, unsigned long long min_kb)
{
	int i;

	for (i = 0; i < n; i++) {
		p[i].uss_samples.v = p[i].uss;
		p[i].uss_samples.n = samples;
		p[i].uss_growth_kb = samples ?
			(long long)p[i].uss[samples - 1] - (long long)p[i].uss[0] : 0;
		p[i].flagged = samples && up_uss_growing(p[i].uss, samples, min_kb);
	}
}

static void check_order(struct ureport *r, struct proc_fig *p, int n)
{
	int i, bad = 0, checked = 0;

	for (i = 0; i < n; i++) {
		if (p[i].err || !p[i].nvma)
			continue;
		checked++;
		if (p[i].pss_kb > p[i].rss_kb || p[i].uss_kb > p[i].pss_kb) {
			ur_check(r, 0, "pid %d: USS %llu <= PSS %llu <= RSS %llu kB", p[i].pid,
				 p[i].uss_kb, p[i].pss_kb, p[i].rss_kb);
			bad++;
		}
	}
	if (!bad)
		ur_check(r, checked > 0, "USS <= PSS <= RSS for all %d processes measured", checked);
}

/* ---- demonstration ---- */

struct demo_child {
	pid_t pid;
	int tick;			/* write end: one byte = one tick */
	int ack;			/* read end */
};

static void demo_child_main(volatile char *shared, unsigned long long shared_size,
			    unsigned long long own, int leaker, unsigned long long leak,
			    int rfd, int wfd, long ps)
{
	unsigned long long off;
	volatile char sum = 0;
	char *mine, c;

	for (off = 0; off < shared_size; off += ps)	/* map the shared pages */
		sum += shared[off];
	mine = malloc(own);
	if (!mine)
		_exit(1);
	memset(mine, 0x11, own);
	c = 'r';
	if (u_write_all(wfd, &c, 1))
		_exit(1);
	while (!u_read_all(rfd, &c, 1)) {
		if (leaker) {
			char *b = malloc(leak);		/* never freed: the leak */

			if (b)
				memset(b, 0x22, leak);
		}
		if (u_write_all(wfd, &c, 1))
			break;
	}
	_exit(0);
}

static void demo_stop(struct demo_child *ch, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (ch[i].tick >= 0)
			close(ch[i].tick);
		if (ch[i].ack >= 0)
			close(ch[i].ack);
		if (ch[i].pid > 0)
			u_kill_reap(ch[i].pid);
		ch[i].pid = 0;
		ch[i].tick = ch[i].ack = -1;
	}
}

#define DEMO_SHARED	(8 * MIB)
#define DEMO_OWN	(1 * MIB)
#define DEMO_LEAK	(256 * KIB)
#define DEMO_NPROC	(DEMO_CHILDREN + 1)

/* Fork child @i (siblings' pipes closed in it). 0, or -1 with the check failed. */
static int demo_fork(struct ureport *r, struct demo_child *ch, int i, volatile char *shared)
{
	int t[2], a[2], j;
	char err[96], c;
	pid_t pid;

	if (pipe(t)) {
		ur_check(r, 0, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = u_fork_piped(a, err, sizeof(err));
	if (pid < 0) {
		close(t[0]);
		close(t[1]);
		ur_check(r, 0, "%s", err);
		return -1;
	}
	if (!pid) {
		for (j = 0; j < i; j++) {	/* siblings' pipes */
			close(ch[j].tick);
			close(ch[j].ack);
		}
		close(t[1]);
		close(a[0]);
		demo_child_main(shared, DEMO_SHARED, DEMO_OWN, i == DEMO_CHILDREN - 1, DEMO_LEAK,
				t[0], a[1], sysconf(_SC_PAGESIZE));
	}
	close(t[0]);
	close(a[1]);
	ch[i].pid = pid;
	ch[i].tick = t[1];
	ch[i].ack = a[0];
	if (u_read_all(ch[i].ack, &c, 1)) {
		ur_check(r, 0, "child %d gets ready", i + 1);
		return -1;
	}
	return 0;
}

/* Figures of the tool and its children, then @samples USS samples a tick apart. */
static int demo_measure(struct ureport *r, struct demo_child *ch, struct proc_fig *p,
			volatile char *shared, int samples, unsigned long interval_ms)
{
	struct up_smaps s;
	int i, k;
	char c = 't';

	p[0].pid = getpid();
	p[0].role = "tool";
	for (i = 0; i < DEMO_CHILDREN; i++) {
		p[i + 1].pid = ch[i].pid;
		p[i + 1].role = i == DEMO_CHILDREN - 1 ? "child 3 (leaks)" :
				i ? "child 2" : "child 1";
	}
	for (i = 0; i < DEMO_NPROC; i++) {
		p[i].has_role = 1;
		read_comm(p[i].pid, p[i].name, sizeof(p[i].name));
		figures(&p[i]);
		p[i].have_region = !u_smaps_vma(p[i].pid, (unsigned long)shared, &s);
		p[i].region_rss_kb = s.rss;
		p[i].region_pss_kb = s.pss;
		p[i].region_uss_kb = UP_USS(&s);
	}
	/* sample USS of the children, one tick between samples */
	for (k = 0; k < samples; k++) {
		if (k) {
			usleep(interval_ms * 1000);
			for (i = 0; i < DEMO_CHILDREN; i++)
				if (u_write_all(ch[i].tick, &c, 1) || u_read_all(ch[i].ack, &c, 1)) {
					ur_check(r, 0, "child %d answers its tick", i + 1);
					return -1;
				}
		}
		for (i = 1; i < DEMO_NPROC; i++)
			if (!u_smaps_sum(p[i].pid, &s))
				p[i].uss[k] = UP_USS(&s);
	}
	return 0;
}

static void demo_checks(struct ureport *r, const struct proc_fig *p, int samples)
{
	const unsigned long long skb = DEMO_SHARED / KIB, tol = skb / 20 + 16;
	const struct proc_fig *leaker = &p[DEMO_NPROC - 1];
	unsigned long long rpss = 0;
	int i, fails = 0;

	for (i = 0; i < DEMO_NPROC; i++) {
		if (!p[i].have_region) {
			fails++;
			continue;
		}
		rpss += p[i].region_pss_kb;
		if (p[i].region_rss_kb + tol < skb ||
		    p[i].region_pss_kb * DEMO_NPROC > skb + tol * DEMO_NPROC ||
		    p[i].region_pss_kb * DEMO_NPROC + tol * DEMO_NPROC < skb ||
		    p[i].region_uss_kb > tol)
			fails++;
	}
	ur_check(r, !fails, "each of the %d processes maps all %llu kB of the region (RSS) "
		 "but is charged a quarter of it (PSS ~ %llu kB) and owns none of it (USS 0)",
		 DEMO_NPROC, skb, skb / DEMO_NPROC);
	ur_check(r, rpss + tol >= skb && rpss <= skb + tol,
		 "the region's PSS adds up over the processes to its size: %llu kB of %llu",
		 rpss, skb);
	for (i = 1; i < DEMO_NPROC; i++)
		if (p[i].uss_kb < DEMO_OWN / KIB)
			break;
	ur_check(r, i == DEMO_NPROC, "each child's USS holds its own %llu kB", DEMO_OWN / KIB);
	ur_check(r, leaker->flagged, "the sampler flags the leaking child (USS %llu -> %llu kB)",
		 leaker->uss[0], leaker->uss[samples - 1]);
	for (i = 1; i < DEMO_NPROC - 1; i++)
		if (p[i].flagged)
			break;
	ur_check(r, i == DEMO_NPROC - 1, "the sampler flags no steady child");
}

static int demo(struct ureport *r, int samples, unsigned long interval_ms,
		unsigned long long min_kb)
{
	struct demo_child ch[DEMO_CHILDREN];
	struct proc_fig p[DEMO_NPROC];
	long ps = sysconf(_SC_PAGESIZE);
	volatile char *shared;
	unsigned long long off;
	int i, ret = -1;

	memset(p, 0, sizeof(p));
	for (i = 0; i < DEMO_CHILDREN; i++)
		ch[i].pid = 0, ch[i].tick = ch[i].ack = -1;
	shared = mmap(NULL, DEMO_SHARED, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		ur_check(r, 0, "mmap of the shared region: %s", strerror(errno));
		return -1;
	}
	for (off = 0; off < DEMO_SHARED; off += ps)
		shared[off] = 1;
	ur_note(r, "the tool and %d children map one %llu MiB shared region; each child also "
		"writes %llu MiB of its own; child 3 leaks %llu KiB per tick",
		DEMO_CHILDREN, DEMO_SHARED / MIB, DEMO_OWN / MIB, DEMO_LEAK / KIB);
	for (i = 0; i < DEMO_CHILDREN; i++)
		if (demo_fork(r, ch, i, shared))
			goto out;
	if (demo_measure(r, ch, p, shared, samples, interval_ms))
		goto out;
	demo_stop(ch, DEMO_CHILDREN);
	sample_done(p, DEMO_NPROC, samples, min_kb);
	ur_rows(r, "processes", NULL, &u_pss_demo, p, DEMO_NPROC);
	ur_rows(r, "samples", "USS samples:", &u_pss_samples, p + 1, DEMO_CHILDREN);
	check_order(r, p, DEMO_NPROC);
	demo_checks(r, p, samples);
	ret = 0;
out:
	demo_stop(ch, DEMO_CHILDREN);
	munmap((void *)shared, DEMO_SHARED);
	return ret;
}

/* ---- chosen pids / all ---- */

static int by_pss(const void *a, const void *b)
{
	const struct proc_fig *x = a, *y = b;

	if (x->pss_kb != y->pss_kb)
		return x->pss_kb < y->pss_kb ? 1 : -1;
	return x->pid - y->pid;
}

static int pid_arg(const char *s, int *pid)
{
	unsigned long long v;
	char err[128];

	if (up_parse_uint(s, 4194304, &v, err, sizeof(err)) || !v) {
		u_usage_err("pss", "bad pid '%s'", s);
		return -1;
	}
	*pid = (int)v;
	return 0;
}

struct pss_opts {
	int *pids;			/* PSS_MAX_PIDS */
	int npids, all, json, samples;
	unsigned long long min_growth, interval;
};

/* Options and pid arguments into @o. -1 to go on, else the exit status. */
static int pss_parse(int argc, char **argv, struct pss_opts *o)
{
	static const struct option opts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "all", no_argument, NULL, 'a' },
		{ "samples", required_argument, NULL, 'n' },
		{ "interval", required_argument, NULL, 'i' },
		{ "min-growth", required_argument, NULL, 'g' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long v;
	int c;

	while ((c = u_getopt("pss", argc, argv, "p:an:i:g:jh", opts)) != -1) {
		switch (c) {
		case 'p':
			if (o->npids >= PSS_MAX_PIDS)
				return u_usage_err("pss", "too many pids");
			if (pid_arg(optarg, &o->pids[o->npids]))
				return U_EXIT_USAGE;
			o->npids++;
			break;
		case 'a': o->all = 1; break;
		case 'n':
			if (u_opt_uint("pss", "samples", optarg, 0, PSS_MAX_SAMPLES, &v))
				return U_EXIT_USAGE;
			o->samples = (int)v;
			break;
		case 'i':
			if (u_opt_uint("pss", "interval", optarg, 1, 60000, &o->interval))
				return U_EXIT_USAGE;
			break;
		case 'g':
			if (u_opt_size("pss", "min-growth", optarg, KIB, &o->min_growth))
				return U_EXIT_USAGE;
			break;
		case 'j': o->json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	for (; optind < argc; optind++) {
		if (o->npids >= PSS_MAX_PIDS)
			return u_usage_err("pss", "too many pids");
		if (pid_arg(argv[optind], &o->pids[o->npids]))
			return U_EXIT_USAGE;
		o->npids++;
	}
	return -1;
}

/* What the options mean together. -1 to go on, else the exit status. */
static int pss_validate(struct pss_opts *o)
{
	char path[64];
	int i;

	if (o->all && o->npids)
		return u_usage_err("pss", "give pids or --all, not both");
	if (o->samples == 1)
		return u_usage_err("pss", "--samples: at least 2 samples to see a trend (or 0)");
	for (i = 0; i < o->npids; i++) {
		snprintf(path, sizeof(path), "/proc/%d", o->pids[i]);
		if (access(path, F_OK))
			return u_usage_err("pss", "no such process: %d", o->pids[i]);
	}
	if (!o->npids && !o->all) {
		if (o->samples < 0)
			o->samples = 6;
		if (o->samples < 3)
			return u_usage_err("pss", "--samples: the demonstration needs at least 3");
	}
	if (o->samples < 0)
		o->samples = 0;
	return -1;
}

/* --all: every pid in /proc. 0, or -1 with errno. */
static int pss_all_pids(struct pss_opts *o)
{
	struct dirent *de;
	DIR *d = opendir("/proc");

	if (!d)
		return -1;
	while ((de = readdir(d)) && o->npids < PSS_MAX_PIDS)
		if (isdigit((unsigned char)de->d_name[0]))
			o->pids[o->npids++] = atoi(de->d_name);
	closedir(d);
	return 0;
}

/* Figures of every pid into @p; with --all the unreadable ones left out. Returns n. */
static int pss_collect(const struct pss_opts *o, struct proc_fig *p, int *unreadable)
{
	int i, n = 0;

	for (i = 0; i < o->npids; i++) {
		struct proc_fig *f = &p[n];

		f->pid = o->pids[i];
		read_comm(f->pid, f->name, sizeof(f->name));
		if (figures(f)) {
			if (o->all) {	/* gone meanwhile, or not ours to read */
				*unreadable += f->err != ENOENT && f->err != ESRCH;
				continue;
			}
		} else if (o->all && !f->nvma) {
			continue;	/* kernel thread */
		}
		n++;
	}
	if (o->all)
		qsort(p, n, sizeof(*p), by_pss);
	return n;
}

static void pss_sample(const struct pss_opts *o, struct proc_fig *p, int n)
{
	struct up_smaps s;
	int i, k;

	for (k = 0; k < o->samples; k++) {
		if (k)
			usleep(o->interval * 1000);
		for (i = 0; i < n; i++) {
			if (!p[i].err && !u_smaps_sum(p[i].pid, &s))
				p[i].uss[k] = UP_USS(&s);
			else if (k)
				p[i].uss[k] = p[i].uss[k - 1];
		}
	}
	sample_done(p, n, o->samples, o->min_growth / KIB);
}

static int pss_procs(const struct pss_opts *o, struct ureport *r)
{
	struct proc_fig *p;
	int i, n, unreadable = 0, flagged = 0;

	p = out_xmalloc((o->npids ? o->npids : 1) * sizeof(*p));
	memset(p, 0, (o->npids ? o->npids : 1) * sizeof(*p));
	n = pss_collect(o, p, &unreadable);
	ur_begin(r, "pss", o->json, "VSS/RSS/PSS/USS of %s from /proc/PID/smaps",
		 o->all ? "every process" : "the chosen processes");
	pss_sample(o, p, n);
	if (unreadable)
		ur_note(r, "%d processes skipped: their smaps are not readable%s", unreadable,
			geteuid() ? " (run as root)" : "");
	ur_rows(r, "processes", NULL, &u_pss_processes, p, n);
	if (o->samples)
		ur_rows(r, "samples", "USS samples:", &u_pss_samples, p, n);
	for (i = 0; i < n; i++)
		if (p[i].err)
			ur_check(r, 0, "read /proc/%d/smaps: %s", p[i].pid, p[i].error);
	check_order(r, p, n);
	for (i = 0; i < n; i++)
		flagged += p[i].flagged;
	if (o->samples)
		ur_note(r, "%d of %d processes flagged: USS kept growing over %d samples %llu ms apart",
			flagged, n, o->samples, o->interval);
	free(p);
	return ur_end(r, "USS <= PSS <= RSS holds for every process: shared pages are divided "
		      "among their users in PSS and left out of USS",
		      "the figures did not behave as expected: see the FAILED checks");
}

int u_pss(int argc, char **argv)
{
	static int pids[PSS_MAX_PIDS];
	struct pss_opts o = {
		.pids = pids, .samples = -1, .min_growth = 64 * KIB, .interval = 200,
	};
	struct ureport r;
	int ret = pss_parse(argc, argv, &o);

	if (ret < 0)
		ret = pss_validate(&o);
	if (ret >= 0)
		return ret;
	if (o.npids || o.all) {
		if (o.all && pss_all_pids(&o))
			return u_fail("pss", "cannot open /proc: %s", strerror(errno));
		return pss_procs(&o, &r);
	}
	ur_begin(&r, "pss", o.json, "VSS/RSS/PSS/USS of processes sharing memory, and a USS leak sampler");
	demo(&r, o.samples, o.interval, o.min_growth / KIB);
	return ur_end(&r,
		      "RSS counts every resident page a process maps, shared or not; PSS "
		      "divides each shared page among the processes mapping it (so PSS adds "
		      "up to the memory really used); USS is what only this process holds "
		      "and what killing it frees. A USS that keeps growing is the sign of a "
		      "leak",
		      "the figures did not behave as expected: see the FAILED checks");
}
