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

struct cow_child {
	unsigned long long faults;
	int data_ok;			/* child sees its writes + parent's data */
	unsigned long long bad_page;
};

struct cow_row {
	const char *stage, *who;
	struct up_smaps s;
	unsigned long long faults;
	int have_faults;
};

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

int u_cow(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "pages", required_argument, NULL, 'n' },
		{ "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long size = 16 * MIB, pages, npages = 0, i, v, pf0, pf1, wkb, tol;
	long ps = sysconf(_SC_PAGESIZE);
	int json = 0, force = 0, c, k, status, p2c[2] = { -1, -1 }, c2p[2] = { -1, -1 };
	int parent_ok = 1, have_child = 0;
	unsigned long long bad_page = 0;
	struct cow_row row[5];
	struct cow_child cres;
	struct ureport r;
	struct out_table t;
	unsigned char *buf;
	unsigned long addr;
	pid_t pid;
	char cmd = 'x';

	while ((c = u_getopt("cow", argc, argv, "s:n:fjh", opts)) != -1) {
		switch (c) {
		case 's':
			if (u_opt_size("cow", "size", optarg, MIB, &size))
				return U_EXIT_USAGE;
			break;
		case 'n':
			if (u_opt_uint("cow", "pages", optarg, 1, 1ULL << 40, &v))
				return U_EXIT_USAGE;
			npages = v;
			break;
		case 'f': force = 1; break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("cow", "unexpected argument '%s'", argv[optind]);
	size = (size + ps - 1) / ps * ps;
	pages = size / ps;
	if (!npages)
		npages = pages;
	if (npages > pages)
		return u_usage_err("cow", "--pages %llu is more than the buffer has (%llu pages of %ld bytes)",
				   npages, pages, ps);
	/* parent's buffer + the child's copies */
	if (u_check_mem("cow", "--size (twice: parent + child copies)", size + npages * ps, force))
		return U_EXIT_USAGE;

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return u_fail("cow", "mmap of %llu bytes: %s", size, strerror(errno));
	madvise(buf, size, MADV_NOHUGEPAGE);
	memset(buf, PAT_PARENT, size);
	addr = (unsigned long)buf;

	ur_begin(&r, "cow", json, "fork; the child writes %llu of %llu pages (%ld bytes each) of a buffer the parent filled",
		 npages, pages, ps);
	memset(row, 0, sizeof(row));
	row[0].stage = "before fork";
	row[0].who = "parent";
	u_smaps_vma(0, addr, &row[0].s);

	if (pipe(p2c) || pipe(c2p)) {
		ur_check(&r, 0, "pipe: %s", strerror(errno));
		goto out;
	}
	pid = u_fork();
	if (pid < 0) {
		ur_check(&r, 0, "fork: %s", strerror(errno));
		goto out;
	}
	if (!pid) {
		close(p2c[1]);
		close(c2p[0]);
		child(buf, ps, pages, npages, p2c[0], c2p[1]);
	}
	have_child = 1;
	close(p2c[0]);
	close(c2p[1]);
	p2c[0] = c2p[1] = -1;

	row[1].stage = "after fork";
	row[1].who = "parent";
	u_smaps_vma(0, addr, &row[1].s);
	row[2].stage = "after fork";
	row[2].who = "child";
	u_smaps_vma(pid, addr, &row[2].s);

	u_faults_self(&pf0, NULL);
	memset(&cres, 0, sizeof(cres));
	if (u_write_all(p2c[1], &cmd, 1)) {
		ur_check(&r, 0, "the child takes the go");
		goto out;
	}
	if (u_read_all(c2p[0], &cres.faults, sizeof(cres.faults))) {
		ur_check(&r, 0, "the child reports its writes");
		goto out;
	}
	row[3].stage = "child wrote";
	row[3].who = "parent";
	row[4].stage = "child wrote";
	row[4].who = "child";
	u_smaps_vma(0, addr, &row[3].s);
	u_smaps_vma(pid, addr, &row[4].s);
	u_faults_self(&pf1, NULL);
	row[3].faults = pf1 - pf0;
	row[3].have_faults = 1;

	if (u_write_all(p2c[1], &cmd, 1) || u_read_all(c2p[0], &cres, sizeof(cres))) {
		ur_check(&r, 0, "the child reports its faults and data");
		goto out;
	}
	row[4].faults = cres.faults;
	row[4].have_faults = 1;
	for (i = 0; i < pages; i++)
		if (!page_ok(buf + i * ps, ps, 0)) {
			parent_ok = 0;
			bad_page = i;
			break;
		}

	if (r.json) {
		json_obj_begin(&r.j, "params");
		json_uint(&r.j, "size_bytes", size);
		json_uint(&r.j, "page_size", ps);
		json_uint(&r.j, "pages", pages);
		json_uint(&r.j, "pages_written_by_child", npages);
		json_obj_end(&r.j);
		json_arr_begin(&r.j, "steps");
		for (k = 0; k < 5; k++) {
			json_obj_begin(&r.j, NULL);
			json_str(&r.j, "stage", row[k].stage);
			json_str(&r.j, "who", row[k].who);
			json_uint(&r.j, "rss_kb", row[k].s.rss);
			json_uint(&r.j, "pss_kb", row[k].s.pss);
			json_uint(&r.j, "shared_kb", row[k].s.shared_clean + row[k].s.shared_dirty);
			json_uint(&r.j, "private_kb", UP_USS(&row[k].s));
			if (row[k].have_faults)
				json_uint(&r.j, "minor_faults", row[k].faults);
			json_obj_end(&r.j);
		}
		json_arr_end(&r.j);
	}
	table_init(&t, "stage", "who", "RSS_kB", "PSS_kB", "Shared_kB", "Private_kB", "minor_faults", NULL);
	for (k = 0; k < 5; k++) {
		table_row(&t);
		table_cell(&t, "%s", row[k].stage);
		table_cell(&t, "%s", row[k].who);
		table_cell(&t, "%llu", row[k].s.rss);
		table_cell(&t, "%llu", row[k].s.pss);
		table_cell(&t, "%llu", row[k].s.shared_clean + row[k].s.shared_dirty);
		table_cell(&t, "%llu", UP_USS(&row[k].s));
		if (row[k].have_faults)
			table_cell(&t, "%llu", row[k].faults);
		else
			table_cell(&t, "%s", "");
	}
	ur_table(&r, &t, "the buffer's VMA in /proc/PID/smaps of each process:");

	wkb = npages * ps / KIB;
	tol = size / KIB / 50 + 64;
	ur_check(&r, row[1].s.shared_clean + row[1].s.shared_dirty + tol >= size / KIB &&
		 row[2].s.shared_clean + row[2].s.shared_dirty + tol >= size / KIB,
		 "after fork parent and child share the buffer's pages: %llu and %llu kB shared of %llu",
		 row[1].s.shared_clean + row[1].s.shared_dirty,
		 row[2].s.shared_clean + row[2].s.shared_dirty, size / KIB);
	ur_check(&r, row[1].s.pss * 2 <= size / KIB + tol && row[1].s.pss * 2 + tol >= size / KIB,
		 "after fork the parent's PSS is half the buffer: %llu kB", row[1].s.pss);
	ur_check(&r, cres.faults + npages / 20 + 16 >= npages && cres.faults <= npages + npages / 20 + 16,
		 "each child write to a shared page is a copy-on-write fault: %llu faults for %llu pages",
		 cres.faults, npages);
	ur_check(&r, UP_USS(&row[4].s) + tol >= wkb && UP_USS(&row[4].s) <= wkb + tol,
		 "the child's copies are private to it: %llu kB private for %llu kB written",
		 UP_USS(&row[4].s), wkb);
	ur_check(&r, row[4].s.rss + tol >= row[2].s.rss && row[4].s.rss <= row[2].s.rss + tol,
		 "a copy replaces the shared page: the child's RSS stays %llu kB (was %llu)",
		 row[4].s.rss, row[2].s.rss);
	ur_check(&r, UP_USS(&row[3].s) + tol >= wkb,
		 "the parent's originals of the copied pages are now its own: %llu kB private",
		 UP_USS(&row[3].s));
	ur_check(&r, row[3].faults <= 16,
		 "the parent takes no fault meanwhile: %llu", row[3].faults);
	if (parent_ok)
		ur_check(&r, 1, "the parent's data is unchanged (all %llu pages hold its pattern)", pages);
	else
		ur_check(&r, 0, "the parent's data is unchanged: page %llu differs", bad_page);
	if (cres.data_ok)
		ur_check(&r, 1, "the child sees its own writes and the parent's data elsewhere");
	else
		ur_check(&r, 0, "the child sees its own writes and the parent's data: page %llu differs",
			 cres.bad_page);
out:
	if (have_child) {
		if (p2c[1] >= 0)
			u_write_all(p2c[1], &cmd, 1);
		close(p2c[1]);
		p2c[1] = -1;
		u_wait(pid, &status);
	}
	if (p2c[0] >= 0)
		close(p2c[0]);
	if (p2c[1] >= 0)
		close(p2c[1]);
	if (c2p[0] >= 0)
		close(c2p[0]);
	if (c2p[1] >= 0)
		close(c2p[1]);
	munmap(buf, size);
	return ur_end(&r,
		      "fork shares the parent's pages with the child; a write by either copies just "
		      "the page written (one minor fault each): RSS stays, the copy becomes private to "
		      "the writer, and the other process never sees the write",
		      "copy-on-write did not behave as expected: see the FAILED checks");
}
