// SPDX-License-Identifier: GPL-2.0
/*
 * user_lazy.c - `alloclab user lazy`: malloc only reserves address space.
 *
 * malloc N MiB, then read one byte of every page (each read fault maps the
 * shared zero page: a minor fault, no memory), then write one byte of every
 * page (each write fault allocates a page: a minor fault, 4 KiB of RSS).
 * VSZ, RSS and minor faults after each step.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "user.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s user lazy [--size SIZE] [--thp] [--force] [--json]\n\n"
		"malloc SIZE (default 64M; a bare number is MiB), read-touch then write-touch\n"
		"every page; VSZ, RSS and minor faults after each step.\n\n"
		"  -s, --size SIZE  buffer size (K, M, G)\n"
		"      --thp        keep transparent hugepages on the buffer (by default\n"
		"                   MADV_NOHUGEPAGE makes every fault a 4 KiB one)\n"
		"  -f, --force      allow a size beyond MemAvailable\n"
		"  -j, --json       JSON output\n", out_prog);
}

struct step {
	const char *name;
	unsigned long long vsz, rss, flt;
};

/*
 * RSS from smaps_rollup: it walks the page tables, so it is exact. VmRSS in
 * status comes from counters a task syncs only every 64 faults on 6.1 (and
 * per-CPU counters later): it may lag by that much. No malloc here.
 */
static void snap(struct step *s, const char *name)
{
	static char buf[8192];
	struct up_status st;
	struct up_smaps sm;

	u_faults_self(&s->flt, NULL);
	s->name = name;
	s->vsz = s->rss = 0;
	if (!u_status(0, &st)) {
		s->vsz = st.vm_size;
		s->rss = st.vm_rss;
	}
	if (u_read_file("/proc/self/smaps_rollup", buf, sizeof(buf)) > 0 &&
	    !up_smaps_sum(buf, &sm) && sm.nvma)
		s->rss = sm.rss;
}

int u_lazy(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "thp", no_argument, NULL, 'T' },
		{ "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long size = 64 * MIB, pages, npg, tol_kb, fl;
	long ps = sysconf(_SC_PAGESIZE);
	int json = 0, thp = 0, force = 0, c, i;
	struct step s[5];
	struct ureport r;
	struct out_table t;
	char thpbuf[128];
	const char *thpmode;
	volatile char *p;
	unsigned long a0, a1, addr;
	char sum = 0;

	while ((c = u_getopt("lazy", argc, argv, "s:fjh", opts)) != -1) {
		switch (c) {
		case 's':
			if (u_opt_size("lazy", "size", optarg, MIB, &size))
				return U_EXIT_USAGE;
			break;
		case 'T': thp = 1; break;
		case 'f': force = 1; break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("lazy", "unexpected argument '%s'", argv[optind]);
	if (size < (unsigned long long)ps)
		return u_usage_err("lazy", "--size must be at least one page (%ld bytes)", ps);
	if (u_check_mem("lazy", "--size", size, force))
		return U_EXIT_USAGE;

	pages = (size + ps - 1) / ps;
	thpmode = u_thp_mode(thpbuf, sizeof(thpbuf));
	ur_begin(&r, "lazy", json, "malloc %llu MiB, read-touch then write-touch every page (%llu pages of %ld bytes)",
		 size / MIB, pages, ps);

	snap(&s[0], "start");
	p = malloc(size);
	if (!p) {
		ur_check(&r, 0, "malloc(%llu) succeeds", size);
		return ur_end(&r, "", "malloc failed");
	}
	/* Whole pages inside the block; THP off there unless --thp. */
	a0 = ((unsigned long)p + ps - 1) & ~(unsigned long)(ps - 1);
	a1 = ((unsigned long)p + size) & ~(unsigned long)(ps - 1);
	if (!thp && a1 > a0)
		madvise((void *)a0, a1 - a0, MADV_NOHUGEPAGE);
	snap(&s[1], "malloc");

	/* Read one byte per page: the zero page is mapped, nothing allocated. */
	for (i = 0; (unsigned long long)i < pages; i++)
		sum += p[(size_t)i * ps];
	sum += p[size - 1];
	snap(&s[2], "read-touch");

	/* Write one byte per page: a private page each. */
	for (i = 0; (unsigned long long)i < pages; i++)
		p[(size_t)i * ps] = (char)i;
	p[size - 1] = sum;
	snap(&s[3], "write-touch");

	addr = (unsigned long)p;
	free((void *)p);
	snap(&s[4], "free");

	if (r.json) {
		json_obj_begin(&r.j, "params");
		json_uint(&r.j, "size_bytes", size);
		json_uint(&r.j, "page_size", ps);
		json_uint(&r.j, "pages", pages);
		json_str(&r.j, "thp_mode", thpmode);
		json_bool(&r.j, "thp_on_buffer", thp);
		json_obj_end(&r.j);
		json_arr_begin(&r.j, "steps");
		for (i = 0; i < 5; i++) {
			json_obj_begin(&r.j, NULL);
			json_str(&r.j, "step", s[i].name);
			json_uint(&r.j, "vsz_kb", s[i].vsz);
			json_uint(&r.j, "rss_kb", s[i].rss);
			json_int(&r.j, "rss_growth_kb", (long long)s[i].rss - (long long)s[0].rss);
			json_uint(&r.j, "minor_faults", i ? s[i].flt - s[i - 1].flt : 0);
			json_obj_end(&r.j);
		}
		json_arr_end(&r.j);
	}
	ur_note(&r, "block at 0x%lx; RSS from /proc/self/smaps_rollup; transparent hugepages: %s%s",
		addr, thpmode,
		thp ? " (left on for the buffer: --thp)" :
		" (MADV_NOHUGEPAGE on the buffer: one fault per 4 KiB page)");
	table_init(&t, "step", "VSZ_kB", "RSS_kB", "RSS_growth_kB", "minor_faults", NULL);
	for (i = 0; i < 5; i++) {
		table_row(&t);
		table_cell(&t, "%s", s[i].name);
		table_cell(&t, "%llu", s[i].vsz);
		table_cell(&t, "%llu", s[i].rss);
		table_cell(&t, "%lld", (long long)s[i].rss - (long long)s[0].rss);
		table_cell(&t, "%llu", i ? s[i].flt - s[i - 1].flt : 0);
	}
	ur_table(&r, &t, NULL);

	/* Tolerances: 5% of the buffer + 256 KiB of RSS, 5% + 32 faults. */
	tol_kb = size / KIB / 20 + 256;
	npg = pages;
	ur_check(&r, s[1].vsz >= s[0].vsz + size / KIB - 4,
		 "malloc adds the block to VSZ: +%llu kB for %llu kB",
		 s[1].vsz - s[0].vsz, size / KIB);
	ur_check(&r, s[1].rss <= s[0].rss + tol_kb,
		 "malloc adds (almost) no RSS: +%lld kB (at most %llu)",
		 (long long)s[1].rss - (long long)s[0].rss, tol_kb);
	ur_check(&r, s[2].rss <= s[0].rss + tol_kb,
		 "read-touch maps the shared zero page: RSS +%lld kB (at most %llu)",
		 (long long)s[2].rss - (long long)s[0].rss, tol_kb);
	fl = s[2].flt - s[1].flt;
	if (thp)
		ur_skip(&r, "read-touch minor faults per page (%llu for %llu pages): THP on, a fault may map 2 MiB",
			fl, npg);
	else
		ur_check(&r, fl + npg / 20 + 32 >= npg && fl <= npg + npg / 20 + 32,
			 "read-touch takes one minor fault per page: %llu for %llu pages", fl, npg);
	ur_check(&r, s[3].rss + tol_kb >= s[0].rss + size / KIB &&
		 s[3].rss <= s[0].rss + size / KIB + tol_kb + (thp ? 4096 : 0),
		 "write-touch adds the buffer to RSS: +%lld kB for %llu kB",
		 (long long)s[3].rss - (long long)s[0].rss, size / KIB);
	fl = s[3].flt - s[2].flt;
	if (thp)
		ur_skip(&r, "write-touch minor faults per page (%llu for %llu pages): THP on", fl, npg);
	else
		ur_check(&r, fl + npg / 20 + 32 >= npg && fl <= npg + npg / 20 + 32,
			 "write-touch takes one minor fault per page: %llu for %llu pages", fl, npg);
	if (size >= MIB)
		ur_check(&r, s[4].rss <= s[0].rss + tol_kb,
			 "free gives the block back (glibc munmaps a large block): RSS +%lld kB after free",
			 (long long)s[4].rss - (long long)s[0].rss);
	else
		ur_skip(&r, "free of a block below 1 MiB: glibc may keep it in the heap");

	if (s[2].rss > s[0].rss + tol_kb)
		ur_note(&r, "read faults allocated %lld kB: this kernel gives a read-faulted anonymous "
			"page its own memory instead of mapping the shared zero page",
			(long long)s[2].rss - (long long)s[0].rss);
	return ur_end(&r,
		      "malloc only reserves address space (VSZ); a read fault maps the shared zero "
		      "page (a minor fault, no RSS); memory is allocated page by page on the first "
		      "write (one minor fault and 4 KiB of RSS per page)",
		      "the process did not see lazy allocation as expected: see the FAILED checks");
}
