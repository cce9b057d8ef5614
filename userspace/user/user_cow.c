// SPDX-License-Identifier: GPL-2.0
/*
 * user_cow.c - `alloclab user cow`: copy-on-write after fork.
 *
 * The parent fills a private anonymous buffer, forks, and the child writes
 * one byte into each of N pages. After fork both processes map the same
 * physical pages (Shared_Dirty in smaps, PSS half the size); each child write
 * faults and copies one page (a minor fault), which becomes the child's own
 * (Private_Dirty) while the parent's original becomes private to it. RSS
 * does not change: a copy replaces a shared page. The parent's data is
 * unchanged.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "user.h"

#define PAT_PARENT	0x50	/* 'P' */
#define PAT_CHILD	0x43	/* 'C' */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s user cow [--size SIZE] [--pages N] [--force] [--json]\n\n"
		"Fork; the child writes N pages of a buffer the parent filled: copy-on-write\n"
		"faults, RSS, PSS and private/shared memory of both; the parent's data.\n\n"
		"  -s, --size SIZE   buffer (default 16M; bare = MiB)\n"
		"  -n, --pages N     pages the child writes (default: all)\n"
		"  -f, --force       allow a size beyond MemAvailable\n"
		"  -j, --json        JSON output\n", out_prog);
}

struct cow_opts {
	unsigned long long size, npages;
	int force, json;
};

struct cow_child {
	unsigned long long faults;
	int data_ok;			/* child sees its writes + parent's data */
	unsigned long long bad_page;
};

/* One row: the buffer's VMA in one process at one stage, both views. */
struct cow_row {
	const char *stage, *who;
	unsigned long long rss_kb, pss_kb, shared_kb, private_kb;
	unsigned long long minor_faults;
	int have_faults;
};

struct cow_params {
	unsigned long long size_bytes, page_size, pages, pages_written_by_child;
};

#define COW_ROWS	5

struct cow_result {
	struct cow_params p;
	struct cow_row row[COW_ROWS];
	struct cow_child child;
	int parent_ok;
	unsigned long long bad_page;
	char err[160];			/* the run broke off: why */
};

static const struct ufield cow_row_f[] = {
	UF(struct cow_row, stage, UF_STR, "stage"),
	UF(struct cow_row, who, UF_STR, "who"),
	UF(struct cow_row, rss_kb, UF_ULL, "rss_kb"),
	UF(struct cow_row, pss_kb, UF_ULL, "pss_kb"),
	UF(struct cow_row, shared_kb, UF_ULL, "shared_kb"),
	UF(struct cow_row, private_kb, UF_ULL, "private_kb"),
	UF_IF(struct cow_row, minor_faults, UF_ULL, "minor_faults", have_faults),
};

static const struct ufield cow_params_f[] = {
	UF(struct cow_params, size_bytes, UF_ULL, "size_bytes"),
	UF(struct cow_params, page_size, UF_ULL, "page_size"),
	UF(struct cow_params, pages, UF_ULL, "pages"),
	UF(struct cow_params, pages_written_by_child, UF_ULL, "pages_written_by_child"),
};

const struct ufields u_cow_steps = UFIELDS("cow.steps", struct cow_row, cow_row_f);
const struct ufields u_cow_params = UFIELDS("cow.params", struct cow_params, cow_params_f);

/* Row @k: the smaps of @pid's VMA at @addr. */
static void cow_snap(struct cow_result *res, int k, const char *stage, const char *who,
		     pid_t pid, unsigned long addr)
{
	struct cow_row *row = &res->row[k];
	struct up_smaps s;

	memset(&s, 0, sizeof(s));
	u_smaps_vma(pid, addr, &s);
	row->stage = stage;
	row->who = who;
	row->rss_kb = s.rss;
	row->pss_kb = s.pss;
	row->shared_kb = s.shared_clean + s.shared_dirty;
	row->private_kb = UP_USS(&s);
}

/* Does page @i hold what it should? */
static int page_ok(const unsigned char *p, long ps, int written)
{
	if (p[0] != (written ? PAT_CHILD : PAT_PARENT))
		return 0;
	return p[1] == PAT_PARENT && p[ps / 2] == PAT_PARENT && p[ps - 1] == PAT_PARENT;
}

static void child(unsigned char *buf, long ps, unsigned long long pages,
		  unsigned long long npages, int rfd, int wfd)
{
	struct cow_child res;
	unsigned long long i, f0, f1;
	char cmd;

	memset(&res, 0, sizeof(res));
	if (u_read_all(rfd, &cmd, 1))		/* go */
		_exit(1);
	u_faults_self(&f0, NULL);
	for (i = 0; i < npages; i++)
		buf[i * ps] = PAT_CHILD;
	u_faults_self(&f1, NULL);
	res.faults = f1 - f0;
	if (u_write_all(wfd, &res.faults, sizeof(res.faults)))	/* written */
		_exit(1);
	if (u_read_all(rfd, &cmd, 1))		/* parent measured: verify */
		_exit(1);
	res.data_ok = 1;
	for (i = 0; i < pages; i++)
		if (!page_ok(buf + i * ps, ps, i < npages)) {
			res.data_ok = 0;
			res.bad_page = i;
			break;
		}
	u_write_all(wfd, &res, sizeof(res));
	u_read_all(rfd, &cmd, 1);		/* exit */
	_exit(0);
}

/* Options into @o. -1 to go on, else the exit status. */
static int cow_parse(int argc, char **argv, struct cow_opts *o)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "pages", required_argument, NULL, 'n' },
		{ "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long ps = sysconf(_SC_PAGESIZE), pages;
	int c;

	memset(o, 0, sizeof(*o));
	o->size = 16 * MIB;
	while ((c = u_getopt("cow", argc, argv, "s:n:fjh", opts)) != -1) {
		switch (c) {
		case 's':
			if (u_opt_size("cow", "size", optarg, MIB, &o->size))
				return U_EXIT_USAGE;
			break;
		case 'n':
			if (u_opt_uint("cow", "pages", optarg, 1, 1ULL << 40, &o->npages))
				return U_EXIT_USAGE;
			break;
		case 'f': o->force = 1; break;
		case 'j': o->json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("cow", "unexpected argument '%s'", argv[optind]);
	o->size = (o->size + ps - 1) / ps * ps;
	pages = o->size / ps;
	if (!o->npages)
		o->npages = pages;
	if (o->npages > pages)
		return u_usage_err("cow", "--pages %llu is more than the buffer has (%llu pages of %llu bytes)",
				   o->npages, pages, ps);
	/* parent's buffer + the child's copies */
	if (u_check_mem("cow", "--size (twice: parent + child copies)", o->size + o->npages * ps,
			o->force))
		return U_EXIT_USAGE;
	return -1;
}

/*
 * With the child forked (@p2c, @c2p its pipes): let it write, measure both
 * processes, let it verify its view, verify the parent's. 0, or -1 with
 * res->err set.
 */
static int cow_steps(struct cow_result *res, unsigned char *buf, pid_t pid, int p2c, int c2p)
{
	unsigned long addr = (unsigned long)buf;
	unsigned long long pf0, pf1, i, ps = res->p.page_size;
	char cmd = 'x';

	cow_snap(res, 1, "after fork", "parent", 0, addr);
	cow_snap(res, 2, "after fork", "child", pid, addr);
	u_faults_self(&pf0, NULL);
	if (u_write_all(p2c, &cmd, 1) ||
	    u_read_all(c2p, &res->child.faults, sizeof(res->child.faults))) {
		snprintf(res->err, sizeof(res->err), "the child reports its writes");
		return -1;
	}
	cow_snap(res, 3, "child wrote", "parent", 0, addr);
	cow_snap(res, 4, "child wrote", "child", pid, addr);
	u_faults_self(&pf1, NULL);
	res->row[3].minor_faults = pf1 - pf0;
	res->row[3].have_faults = 1;
	if (u_write_all(p2c, &cmd, 1) || u_read_all(c2p, &res->child, sizeof(res->child))) {
		snprintf(res->err, sizeof(res->err), "the child reports its faults and data");
		return -1;
	}
	res->row[4].minor_faults = res->child.faults;
	res->row[4].have_faults = 1;
	res->parent_ok = 1;
	for (i = 0; i < res->p.pages; i++)
		if (!page_ok(buf + i * ps, ps, 0)) {
			res->parent_ok = 0;
			res->bad_page = i;
			break;
		}
	return 0;
}

/* Fork, the child writes, both measured. 0, or -1 with res->err set. */
static int cow_measure(const struct cow_opts *o, unsigned char *buf, struct cow_result *res)
{
	int p2c[2], c2p[2], status, ret;
	long ps = res->p.page_size;
	char cmd = 'x';
	pid_t pid;

	cow_snap(res, 0, "before fork", "parent", 0, (unsigned long)buf);
	if (pipe(p2c)) {
		snprintf(res->err, sizeof(res->err), "pipe: %s", strerror(errno));
		return -1;
	}
	pid = u_fork_piped(c2p, res->err, sizeof(res->err));
	if (pid < 0) {
		close(p2c[0]);
		close(p2c[1]);
		return -1;
	}
	if (!pid) {
		close(p2c[1]);
		close(c2p[0]);
		child(buf, ps, res->p.pages, o->npages, p2c[0], c2p[1]);
	}
	close(p2c[0]);
	close(c2p[1]);
	ret = cow_steps(res, buf, pid, p2c[1], c2p[0]);
	u_write_all(p2c[1], &cmd, 1);		/* exit */
	close(p2c[1]);
	close(c2p[0]);
	u_wait(pid, &status);
	return ret;
}

static void cow_checks(struct ureport *r, const struct cow_opts *o, const struct cow_result *res)
{
	const struct cow_row *row = res->row;
	unsigned long long skb = o->size / KIB, npages = o->npages;
	unsigned long long wkb = npages * res->p.page_size / KIB, tol = skb / 50 + 64;
	unsigned long long cf = res->child.faults;

	ur_check(r, row[1].shared_kb + tol >= skb && row[2].shared_kb + tol >= skb,
		 "after fork parent and child share the buffer's pages: %llu and %llu kB shared of %llu",
		 row[1].shared_kb, row[2].shared_kb, skb);
	ur_check(r, row[1].pss_kb * 2 <= skb + tol && row[1].pss_kb * 2 + tol >= skb,
		 "after fork the parent's PSS is half the buffer: %llu kB", row[1].pss_kb);
	ur_check(r, cf + npages / 20 + 16 >= npages && cf <= npages + npages / 20 + 16,
		 "each child write to a shared page is a copy-on-write fault: %llu faults for %llu pages",
		 cf, npages);
	ur_check(r, row[4].private_kb + tol >= wkb && row[4].private_kb <= wkb + tol,
		 "the child's copies are private to it: %llu kB private for %llu kB written",
		 row[4].private_kb, wkb);
	ur_check(r, row[4].rss_kb + tol >= row[2].rss_kb && row[4].rss_kb <= row[2].rss_kb + tol,
		 "a copy replaces the shared page: the child's RSS stays %llu kB (was %llu)",
		 row[4].rss_kb, row[2].rss_kb);
	ur_check(r, row[3].private_kb + tol >= wkb,
		 "the parent's originals of the copied pages are now its own: %llu kB private",
		 row[3].private_kb);
	ur_check(r, row[3].minor_faults <= 16,
		 "the parent takes no fault meanwhile: %llu", row[3].minor_faults);
	if (res->parent_ok)
		ur_check(r, 1, "the parent's data is unchanged (all %llu pages hold its pattern)",
			 res->p.pages);
	else
		ur_check(r, 0, "the parent's data is unchanged: page %llu differs", res->bad_page);
	if (res->child.data_ok)
		ur_check(r, 1, "the child sees its own writes and the parent's data elsewhere");
	else
		ur_check(r, 0, "the child sees its own writes and the parent's data: page %llu differs",
			 res->child.bad_page);
}

int u_cow(int argc, char **argv)
{
	struct cow_result res;
	struct cow_opts o;
	struct ureport r;
	unsigned char *buf;
	int ret = cow_parse(argc, argv, &o);

	if (ret >= 0)
		return ret;
	memset(&res, 0, sizeof(res));
	res.p.size_bytes = o.size;
	res.p.page_size = sysconf(_SC_PAGESIZE);
	res.p.pages = o.size / res.p.page_size;
	res.p.pages_written_by_child = o.npages;
	buf = mmap(NULL, o.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return u_fail("cow", "mmap of %llu bytes: %s", o.size, strerror(errno));
	madvise(buf, o.size, MADV_NOHUGEPAGE);
	memset(buf, PAT_PARENT, o.size);

	ur_begin(&r, "cow", o.json, "fork; the child writes %llu of %llu pages (%llu bytes each) of a buffer the parent filled",
		 o.npages, res.p.pages, res.p.page_size);
	if (cow_measure(&o, buf, &res)) {
		ur_check(&r, 0, "%s", res.err);
	} else {
		ur_obj(&r, "params", &u_cow_params, &res.p);
		ur_rows(&r, "steps", "the buffer's VMA in /proc/PID/smaps of each process:",
			&u_cow_steps, res.row, COW_ROWS);
		cow_checks(&r, &o, &res);
	}
	munmap(buf, o.size);
	return ur_end(&r,
		      "fork shares the parent's pages with the child; a write by either copies just "
		      "the page written (one minor fault each): RSS stays, the copy becomes private to "
		      "the writer, and the other process never sees the write",
		      "copy-on-write did not behave as expected: see the FAILED checks");
}
