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

struct proc_fig {
	int pid;
	char name[64];
	const char *role;
	struct up_smaps all, region;
	int have_region;
	int err;			/* errno reading smaps, 0 if fine */
	unsigned long long uss[PSS_MAX_SAMPLES];
	int flagged;
};

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

static int figures(struct proc_fig *p)
{
	p->err = 0;
	if (u_smaps_sum(p->pid, &p->all)) {
		p->err = errno ? errno : EINVAL;
		return -1;
	}
	return 0;
}

static void print_table(struct ureport *r, struct proc_fig *p, int n, int region)
{
	struct out_table t;
	int i;

	if (region)
		table_init(&t, "PID", "role", "VSS_kB", "RSS_kB", "PSS_kB", "USS_kB",
			   "region_RSS_kB", "region_PSS_kB", "region_USS_kB", NULL);
	else
		table_init(&t, "PID", "name", "VSS_kB", "RSS_kB", "PSS_kB", "USS_kB",
			   "Swap_kB", NULL);
	for (i = 0; i < n; i++) {
		table_row(&t);
		table_cell(&t, "%d", p[i].pid);
		table_cell(&t, "%s", region ? p[i].role : p[i].name);
		if (p[i].err) {
			table_cell(&t, "%s", strerror(p[i].err));
			continue;
		}
		table_cell(&t, "%llu", p[i].all.size);
		table_cell(&t, "%llu", p[i].all.rss);
		table_cell(&t, "%llu", p[i].all.pss);
		table_cell(&t, "%llu", UP_USS(&p[i].all));
		if (region) {
			table_cell(&t, "%llu", p[i].region.rss);
			table_cell(&t, "%llu", p[i].region.pss);
			table_cell(&t, "%llu", UP_USS(&p[i].region));
		} else {
			table_cell(&t, "%llu", p[i].all.swap);
		}
	}
	ur_table(r, &t, NULL);
}

static void json_figs(struct ureport *r, struct proc_fig *p, int n, int region, int samples)
{
	int i, k;

	json_arr_begin(&r->j, "processes");
	for (i = 0; i < n; i++) {
		json_obj_begin(&r->j, NULL);
		json_int(&r->j, "pid", p[i].pid);
		json_str(&r->j, "name", p[i].name);
		if (p[i].role)
			json_str(&r->j, "role", p[i].role);
		if (p[i].err) {
			json_str(&r->j, "error", strerror(p[i].err));
			json_obj_end(&r->j);
			continue;
		}
		json_uint(&r->j, "vss_kb", p[i].all.size);
		json_uint(&r->j, "rss_kb", p[i].all.rss);
		json_uint(&r->j, "pss_kb", p[i].all.pss);
		json_uint(&r->j, "uss_kb", UP_USS(&p[i].all));
		json_uint(&r->j, "swap_kb", p[i].all.swap);
		if (region && p[i].have_region) {
			json_uint(&r->j, "region_rss_kb", p[i].region.rss);
			json_uint(&r->j, "region_pss_kb", p[i].region.pss);
			json_uint(&r->j, "region_uss_kb", UP_USS(&p[i].region));
		}
		if (samples) {
			json_arr_begin(&r->j, "uss_samples_kb");
			for (k = 0; k < samples; k++)
				json_uint(&r->j, NULL, p[i].uss[k]);
			json_arr_end(&r->j);
			json_bool(&r->j, "uss_keeps_growing", p[i].flagged);
		}
		json_obj_end(&r->j);
	}
	json_arr_end(&r->j);
}

static void check_order(struct ureport *r, struct proc_fig *p, int n)
{
	int i, bad = 0, checked = 0;

	for (i = 0; i < n; i++) {
		if (p[i].err || !p[i].all.nvma)
			continue;
		checked++;
		if (p[i].all.pss > p[i].all.rss || UP_USS(&p[i].all) > p[i].all.pss) {
			ur_check(r, 0, "pid %d: USS %llu <= PSS %llu <= RSS %llu kB", p[i].pid,
				 UP_USS(&p[i].all), p[i].all.pss, p[i].all.rss);
			bad++;
		}
	}
	if (!bad)
		ur_check(r, checked > 0, "USS <= PSS <= RSS for all %d processes measured", checked);
}

static void sampler_table(struct ureport *r, struct proc_fig *p, int n, int samples)
{
	struct out_table t;
	char buf[PSS_MAX_SAMPLES * 12];
	int i, k;
	size_t o;

	table_init(&t, "PID", "process", "USS_kB samples", "first->last", "keeps growing", NULL);
	for (i = 0; i < n; i++) {
		if (p[i].err)
			continue;
		o = 0;
		buf[0] = '\0';
		for (k = 0; k < samples && o < sizeof(buf) - 24; k++)
			o += snprintf(buf + o, sizeof(buf) - o, "%s%llu", k ? " " : "", p[i].uss[k]);
		table_row(&t);
		table_cell(&t, "%d", p[i].pid);
		table_cell(&t, "%s", p[i].role ? p[i].role : p[i].name);
		table_cell(&t, "%s", buf);
		table_cell(&t, "%+lld", (long long)p[i].uss[samples - 1] - (long long)p[i].uss[0]);
		table_cell(&t, "%s", p[i].flagged ? "YES (leak?)" : "no");
	}
	ur_table(r, &t, "USS samples:");
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

static int demo(struct ureport *r, int samples, unsigned long interval_ms,
		unsigned long long min_kb)
{
	const unsigned long long shared_size = 8 * MIB, own = 1 * MIB, leak = 256 * KIB;
	const int nproc = DEMO_CHILDREN + 1;
	struct demo_child ch[DEMO_CHILDREN];
	struct proc_fig p[DEMO_CHILDREN + 1];
	unsigned long long off, rpss = 0, tol;
	long ps = sysconf(_SC_PAGESIZE);
	volatile char *shared;
	int i, k, fails = 0;
	char c;

	memset(p, 0, sizeof(p));
	for (i = 0; i < DEMO_CHILDREN; i++)
		ch[i].pid = 0, ch[i].tick = ch[i].ack = -1;
	shared = mmap(NULL, shared_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		ur_check(r, 0, "mmap of the shared region: %s", strerror(errno));
		return -1;
	}
	for (off = 0; off < shared_size; off += ps)
		shared[off] = 1;
	ur_note(r, "the tool and %d children map one %llu MiB shared region; each child also "
		"writes %llu MiB of its own; child 3 leaks %llu KiB per tick",
		DEMO_CHILDREN, shared_size / MIB, own / MIB, leak / KIB);

	for (i = 0; i < DEMO_CHILDREN; i++) {
		int t[2], a[2];
		pid_t pid;

		if (pipe(t)) {
			ur_check(r, 0, "pipe: %s", strerror(errno));
			goto fail;
		}
		if (pipe(a)) {
			close(t[0]);
			close(t[1]);
			ur_check(r, 0, "pipe: %s", strerror(errno));
			goto fail;
		}
		pid = u_fork();
		if (pid < 0) {
			close(t[0]); close(t[1]); close(a[0]); close(a[1]);
			ur_check(r, 0, "fork: %s", strerror(errno));
			goto fail;
		}
		if (!pid) {
			int j;

			for (j = 0; j < i; j++) {	/* siblings' pipes */
				close(ch[j].tick);
				close(ch[j].ack);
			}
			close(t[1]);
			close(a[0]);
			demo_child_main(shared, shared_size, own, i == DEMO_CHILDREN - 1, leak,
					t[0], a[1], ps);
		}
		close(t[0]);
		close(a[1]);
		ch[i].pid = pid;
		ch[i].tick = t[1];
		ch[i].ack = a[0];
		if (u_read_all(ch[i].ack, &c, 1)) {
			ur_check(r, 0, "child %d gets ready", i + 1);
			goto fail;
		}
	}

	p[0].pid = getpid();
	p[0].role = "tool";
	for (i = 0; i < DEMO_CHILDREN; i++) {
		p[i + 1].pid = ch[i].pid;
		p[i + 1].role = i == DEMO_CHILDREN - 1 ? "child 3 (leaks)" :
				i ? "child 2" : "child 1";
	}
	for (i = 0; i < nproc; i++) {
		read_comm(p[i].pid, p[i].name, sizeof(p[i].name));
		figures(&p[i]);
		p[i].have_region = !u_smaps_vma(p[i].pid, (unsigned long)shared, &p[i].region);
	}

	/* sample USS of the children, one tick between samples */
	for (k = 0; k < samples; k++) {
		if (k) {
			usleep(interval_ms * 1000);
			for (i = 0; i < DEMO_CHILDREN; i++)
				if (u_write_all(ch[i].tick, &c, 1) || u_read_all(ch[i].ack, &c, 1)) {
					ur_check(r, 0, "child %d answers its tick", i + 1);
					goto fail;
				}
		}
		for (i = 1; i < nproc; i++) {
			struct up_smaps s;

			if (!u_smaps_sum(p[i].pid, &s))
				p[i].uss[k] = UP_USS(&s);
		}
	}
	for (i = 1; i < nproc; i++)
		p[i].flagged = up_uss_growing(p[i].uss, samples, min_kb);
	demo_stop(ch, DEMO_CHILDREN);

	if (r->json)
		json_figs(r, p, nproc, 1, 0);
	if (r->json) {
		json_arr_begin(&r->j, "samples");
		for (i = 1; i < nproc; i++) {
			json_obj_begin(&r->j, NULL);
			json_int(&r->j, "pid", p[i].pid);
			json_str(&r->j, "role", p[i].role);
			json_arr_begin(&r->j, "uss_kb");
			for (k = 0; k < samples; k++)
				json_uint(&r->j, NULL, p[i].uss[k]);
			json_arr_end(&r->j);
			json_bool(&r->j, "uss_keeps_growing", p[i].flagged);
			json_obj_end(&r->j);
		}
		json_arr_end(&r->j);
	}
	print_table(r, p, nproc, 1);
	sampler_table(r, p + 1, DEMO_CHILDREN, samples);

	check_order(r, p, nproc);
	tol = shared_size / KIB / 20 + 16;
	for (i = 0; i < nproc; i++) {
		if (!p[i].have_region) {
			fails++;
			continue;
		}
		rpss += p[i].region.pss;
		if (p[i].region.rss + tol < shared_size / KIB ||
		    p[i].region.pss * nproc > shared_size / KIB + tol * nproc ||
		    p[i].region.pss * nproc + tol * nproc < shared_size / KIB ||
		    UP_USS(&p[i].region) > tol)
			fails++;
	}
	ur_check(r, !fails, "each of the %d processes maps all %llu kB of the region (RSS) "
		 "but is charged a quarter of it (PSS ~ %llu kB) and owns none of it (USS 0)",
		 nproc, shared_size / KIB, shared_size / KIB / nproc);
	ur_check(r, rpss + tol >= shared_size / KIB && rpss <= shared_size / KIB + tol,
		 "the region's PSS adds up over the processes to its size: %llu kB of %llu",
		 rpss, shared_size / KIB);
	for (i = 1; i < nproc; i++)
		if (UP_USS(&p[i].all) < own / KIB)
			break;
	ur_check(r, i == nproc, "each child's USS holds its own %llu kB", own / KIB);
	ur_check(r, p[nproc - 1].flagged,
		 "the sampler flags the leaking child (USS %llu -> %llu kB)",
		 p[nproc - 1].uss[0], p[nproc - 1].uss[samples - 1]);
	for (i = 1; i < nproc - 1; i++)
		if (p[i].flagged)
			break;
	ur_check(r, i == nproc - 1, "the sampler flags no steady child");
	munmap((void *)shared, shared_size);
	return 0;
fail:
	demo_stop(ch, DEMO_CHILDREN);
	munmap((void *)shared, shared_size);
	return -1;
}

/* ---- chosen pids / all ---- */

static int by_pss(const void *a, const void *b)
{
	const struct proc_fig *x = a, *y = b;

	if (x->all.pss != y->all.pss)
		return x->all.pss < y->all.pss ? 1 : -1;
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

int u_pss(int argc, char **argv)
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
	static int pids[PSS_MAX_PIDS];
	unsigned long long v, min_growth = 64 * KIB, interval = 200;
	int npids = 0, all = 0, json = 0, samples = -1, c, i, k, n = 0, unreadable = 0;
	struct proc_fig *p = NULL;
	struct ureport r;
	char path[64];

	while ((c = u_getopt("pss", argc, argv, "p:an:i:g:jh", opts)) != -1) {
		switch (c) {
		case 'p':
			if (npids >= PSS_MAX_PIDS)
				return u_usage_err("pss", "too many pids");
			if (pid_arg(optarg, &pids[npids]))
				return U_EXIT_USAGE;
			npids++;
			break;
		case 'a': all = 1; break;
		case 'n':
			if (u_opt_uint("pss", "samples", optarg, 0, PSS_MAX_SAMPLES, &v))
				return U_EXIT_USAGE;
			samples = (int)v;
			break;
		case 'i':
			if (u_opt_uint("pss", "interval", optarg, 1, 60000, &interval))
				return U_EXIT_USAGE;
			break;
		case 'g':
			if (u_opt_size("pss", "min-growth", optarg, KIB, &min_growth))
				return U_EXIT_USAGE;
			break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	for (; optind < argc; optind++) {
		if (npids >= PSS_MAX_PIDS)
			return u_usage_err("pss", "too many pids");
		if (pid_arg(argv[optind], &pids[npids]))
			return U_EXIT_USAGE;
		npids++;
	}
	if (all && npids)
		return u_usage_err("pss", "give pids or --all, not both");
	if (samples == 1)
		return u_usage_err("pss", "--samples: at least 2 samples to see a trend (or 0)");
	for (i = 0; i < npids; i++) {
		snprintf(path, sizeof(path), "/proc/%d", pids[i]);
		if (access(path, F_OK))
			return u_usage_err("pss", "no such process: %d", pids[i]);
	}

	if (!npids && !all) {
		if (samples < 0)
			samples = 6;
		if (samples < 3)
			return u_usage_err("pss", "--samples: the demonstration needs at least 3");
		ur_begin(&r, "pss", json, "VSS/RSS/PSS/USS of processes sharing memory, and a USS leak sampler");
		demo(&r, samples, interval, min_growth / KIB);
		return ur_end(&r,
			      "RSS counts every resident page a process maps, shared or not; PSS "
			      "divides each shared page among the processes mapping it (so PSS adds "
			      "up to the memory really used); USS is what only this process holds "
			      "and what killing it frees. A USS that keeps growing is the sign of a "
			      "leak",
			      "the figures did not behave as expected: see the FAILED checks");
	}
	if (samples < 0)
		samples = 0;

	if (all) {
		DIR *d = opendir("/proc");
		struct dirent *de;

		if (!d)
			return u_fail("pss", "cannot open /proc: %s", strerror(errno));
		while ((de = readdir(d)) && npids < PSS_MAX_PIDS)
			if (isdigit((unsigned char)de->d_name[0]))
				pids[npids++] = atoi(de->d_name);
		closedir(d);
	}
	p = calloc(npids ? npids : 1, sizeof(*p));
	if (!p)
		return u_fail("pss", "out of memory");
	for (i = 0; i < npids; i++) {
		struct proc_fig *f = &p[n];

		f->pid = pids[i];
		read_comm(f->pid, f->name, sizeof(f->name));
		if (figures(f)) {
			if (all) {	/* gone meanwhile, or not ours to read */
				unreadable += f->err != ENOENT && f->err != ESRCH;
				continue;
			}
		} else if (all && !f->all.nvma) {
			continue;	/* kernel thread */
		}
		n++;
	}
	if (all)
		qsort(p, n, sizeof(*p), by_pss);

	ur_begin(&r, "pss", json, "VSS/RSS/PSS/USS of %s from /proc/PID/smaps",
		 all ? "every process" : "the chosen processes");
	for (k = 0; k < samples; k++) {
		if (k)
			usleep(interval * 1000);
		for (i = 0; i < n; i++) {
			struct up_smaps s;

			if (!p[i].err && !u_smaps_sum(p[i].pid, &s))
				p[i].uss[k] = UP_USS(&s);
			else if (k)
				p[i].uss[k] = p[i].uss[k - 1];
		}
	}
	for (i = 0; samples && i < n; i++)
		p[i].flagged = up_uss_growing(p[i].uss, samples, min_growth / KIB);
	if (unreadable)
		ur_note(&r, "%d processes skipped: their smaps are not readable%s", unreadable,
			geteuid() ? " (run as root)" : "");
	if (r.json)
		json_figs(&r, p, n, 0, samples);
	print_table(&r, p, n, 0);
	if (samples)
		sampler_table(&r, p, n, samples);
	for (i = 0; i < n; i++)
		if (p[i].err)
			ur_check(&r, 0, "read /proc/%d/smaps: %s", p[i].pid, strerror(p[i].err));
	check_order(&r, p, n);
	if (samples) {
		int flagged = 0;

		for (i = 0; i < n; i++)
			flagged += p[i].flagged;
		ur_note(&r, "%d of %d processes flagged: USS kept growing over %d samples %llu ms apart",
			flagged, n, samples, interval);
	}
	free(p);
	return ur_end(&r, "USS <= PSS <= RSS holds for every process: shared pages are divided "
		      "among their users in PSS and left out of USS",
		      "the figures did not behave as expected: see the FAILED checks");
}
