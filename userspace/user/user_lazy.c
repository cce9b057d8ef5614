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

struct lazy_opts {
	unsigned long long size;
	int thp, force, json;
};

/* One step: what the JSON "steps" and the table show, same names. */
struct lazy_step {
	const char *step;
	unsigned long long vsz_kb, rss_kb;
	long long rss_growth_kb;	/* since the start */
	unsigned long long minor_faults;	/* in this step */
	unsigned long long flt;		/* minor faults so far (not shown) */
};

struct lazy_params {
	unsigned long long size_bytes, page_size, pages;
	const char *thp_mode;
	int thp_on_buffer;
};

#define LAZY_STEPS	5

struct lazy_result {
	struct lazy_params p;
	struct lazy_step s[LAZY_STEPS];
	unsigned long addr;
	int malloc_ok;
	char thpbuf[128];
};

static const struct ufield lazy_step_f[] = {
	UF(struct lazy_step, step, UF_STR, "step"),
	UF(struct lazy_step, vsz_kb, UF_ULL, "vsz_kb"),
	UF(struct lazy_step, rss_kb, UF_ULL, "rss_kb"),
	UF(struct lazy_step, rss_growth_kb, UF_LL, "rss_growth_kb"),
	UF(struct lazy_step, minor_faults, UF_ULL, "minor_faults"),
};

static const struct ufield lazy_params_f[] = {
	UF(struct lazy_params, size_bytes, UF_ULL, "size_bytes"),
	UF(struct lazy_params, page_size, UF_ULL, "page_size"),
	UF(struct lazy_params, pages, UF_ULL, "pages"),
	UF(struct lazy_params, thp_mode, UF_STR, "thp_mode"),
	UF(struct lazy_params, thp_on_buffer, UF_BOOL, "thp_on_buffer"),
};

const struct ufields u_lazy_steps = UFIELDS("lazy.steps", struct lazy_step, lazy_step_f);
const struct ufields u_lazy_params = UFIELDS("lazy.params", struct lazy_params, lazy_params_f);

/*
 * RSS from smaps_rollup: it walks the page tables, so it is exact. VmRSS in
 * status comes from counters a task syncs only every 64 faults on 6.1 (and
 * per-CPU counters later): it may lag by that much. No malloc here.
 */
static void snap(struct lazy_result *res, int i, const char *name)
{
	static char buf[8192];
	struct lazy_step *s = &res->s[i];
	struct up_status st;
	struct up_smaps sm;

	u_faults_self(&s->flt, NULL);
	s->step = name;
	s->vsz_kb = s->rss_kb = 0;
	if (!u_status(0, &st)) {
		s->vsz_kb = st.vm_size;
		s->rss_kb = st.vm_rss;
	}
	if (u_read_file("/proc/self/smaps_rollup", buf, sizeof(buf)) > 0 &&
	    !up_smaps_sum(buf, &sm) && sm.nvma)
		s->rss_kb = sm.rss;
	s->rss_growth_kb = (long long)s->rss_kb - (long long)res->s[0].rss_kb;
	s->minor_faults = i ? s->flt - res->s[i - 1].flt : 0;
}

/* Options into @o. -1 to go on, else the exit status. */
static int lazy_parse(int argc, char **argv, struct lazy_opts *o)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "thp", no_argument, NULL, 'T' },
		{ "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	long ps = sysconf(_SC_PAGESIZE);
	int c;

	memset(o, 0, sizeof(*o));
	o->size = 64 * MIB;
	while ((c = u_getopt("lazy", argc, argv, "s:fjh", opts)) != -1) {
		switch (c) {
		case 's':
			if (u_opt_size("lazy", "size", optarg, MIB, &o->size))
				return U_EXIT_USAGE;
			break;
		case 'T': o->thp = 1; break;
		case 'f': o->force = 1; break;
		case 'j': o->json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("lazy", "unexpected argument '%s'", argv[optind]);
	if (o->size < (unsigned long long)ps)
		return u_usage_err("lazy", "--size must be at least one page (%ld bytes)", ps);
	if (u_check_mem("lazy", "--size", o->size, o->force))
		return U_EXIT_USAGE;
	return -1;
}

/* malloc, read-touch, write-touch, free: a snapshot after each. */
static void lazy_measure(const struct lazy_opts *o, struct lazy_result *res)
{
	unsigned long long size = o->size, ps = res->p.page_size, i;
	unsigned long a0, a1;
	volatile char *p;
	char sum = 0;

	snap(res, 0, "start");
	p = malloc(size);
	if (!p)
		return;
	res->malloc_ok = 1;
	/* Whole pages inside the block; THP off there unless --thp. */
	a0 = ((unsigned long)p + ps - 1) & ~(unsigned long)(ps - 1);
	a1 = ((unsigned long)p + size) & ~(unsigned long)(ps - 1);
	if (!o->thp && a1 > a0)
		madvise((void *)a0, a1 - a0, MADV_NOHUGEPAGE);
	snap(res, 1, "malloc");

	/* Read one byte per page: the zero page is mapped, nothing allocated. */
	for (i = 0; i < res->p.pages; i++)
		sum += p[i * ps];
	sum += p[size - 1];
	snap(res, 2, "read-touch");

	/* Write one byte per page: a private page each. */
	for (i = 0; i < res->p.pages; i++)
		p[i * ps] = (char)i;
	p[size - 1] = sum;
	snap(res, 3, "write-touch");

	res->addr = (unsigned long)p;
	free((void *)p);
	snap(res, 4, "free");
}

/* Tolerances: 5% of the buffer + 256 KiB of RSS, 5% + 32 faults. */
static void lazy_checks(struct ureport *r, const struct lazy_opts *o,
			const struct lazy_result *res)
{
	const struct lazy_step *s = res->s;
	unsigned long long size = o->size, npg = res->p.pages, fl;
	unsigned long long tol_kb = size / KIB / 20 + 256;
	int thp = o->thp;

	ur_check(r, s[1].vsz_kb >= s[0].vsz_kb + size / KIB - 4,
		 "malloc adds the block to VSZ: +%llu kB for %llu kB",
		 s[1].vsz_kb - s[0].vsz_kb, size / KIB);
	ur_check(r, s[1].rss_kb <= s[0].rss_kb + tol_kb,
		 "malloc adds (almost) no RSS: +%lld kB (at most %llu)", s[1].rss_growth_kb, tol_kb);
	ur_check(r, s[2].rss_kb <= s[0].rss_kb + tol_kb,
		 "read-touch maps the shared zero page: RSS +%lld kB (at most %llu)",
		 s[2].rss_growth_kb, tol_kb);
	fl = s[2].minor_faults;
	if (thp)
		ur_skip(r, "read-touch minor faults per page (%llu for %llu pages): THP on, a fault may map 2 MiB",
			fl, npg);
	else
		ur_check(r, fl + npg / 20 + 32 >= npg && fl <= npg + npg / 20 + 32,
			 "read-touch takes one minor fault per page: %llu for %llu pages", fl, npg);
	ur_check(r, s[3].rss_kb + tol_kb >= s[0].rss_kb + size / KIB &&
		 s[3].rss_kb <= s[0].rss_kb + size / KIB + tol_kb + (thp ? 4096 : 0),
		 "write-touch adds the buffer to RSS: +%lld kB for %llu kB", s[3].rss_growth_kb, size / KIB);
	fl = s[3].minor_faults;
	if (thp)
		ur_skip(r, "write-touch minor faults per page (%llu for %llu pages): THP on", fl, npg);
	else
		ur_check(r, fl + npg / 20 + 32 >= npg && fl <= npg + npg / 20 + 32,
			 "write-touch takes one minor fault per page: %llu for %llu pages", fl, npg);
	if (size >= MIB)
		ur_check(r, s[4].rss_kb <= s[0].rss_kb + tol_kb,
			 "free gives the block back (glibc munmaps a large block): RSS +%lld kB after free",
			 s[4].rss_growth_kb);
	else
		ur_skip(r, "free of a block below 1 MiB: glibc may keep it in the heap");
	if (s[2].rss_kb > s[0].rss_kb + tol_kb)
		ur_note(r, "read faults allocated %lld kB: this kernel gives a read-faulted anonymous "
			"page its own memory instead of mapping the shared zero page", s[2].rss_growth_kb);
}

int u_lazy(int argc, char **argv)
{
	struct lazy_opts o;
	struct lazy_result res;
	struct ureport r;
	int ret = lazy_parse(argc, argv, &o);

	if (ret >= 0)
		return ret;
	memset(&res, 0, sizeof(res));
	res.p.size_bytes = o.size;
	res.p.page_size = sysconf(_SC_PAGESIZE);
	res.p.pages = (o.size + res.p.page_size - 1) / res.p.page_size;
	res.p.thp_mode = u_thp_mode(res.thpbuf, sizeof(res.thpbuf));
	res.p.thp_on_buffer = o.thp;
	ur_begin(&r, "lazy", o.json, "malloc %llu MiB, read-touch then write-touch every page (%llu pages of %llu bytes)",
		 o.size / MIB, res.p.pages, res.p.page_size);
	lazy_measure(&o, &res);
	if (!res.malloc_ok) {
		ur_check(&r, 0, "malloc(%llu) succeeds", o.size);
		return ur_end(&r, "", "malloc failed");
	}
	ur_obj(&r, "params", &u_lazy_params, &res.p);
	ur_note(&r, "block at 0x%lx; RSS from /proc/self/smaps_rollup; transparent hugepages: %s%s",
		res.addr, res.p.thp_mode,
		o.thp ? " (left on for the buffer: --thp)" :
		" (MADV_NOHUGEPAGE on the buffer: one fault per 4 KiB page)");
	ur_rows(&r, "steps", NULL, &u_lazy_steps, res.s, LAZY_STEPS);
	lazy_checks(&r, &o, &res);
	return ur_end(&r,
		      "malloc only reserves address space (VSZ); a read fault maps the shared zero "
		      "page (a minor fault, no RSS); memory is allocated page by page on the first "
		      "write (one minor fault and 4 KiB of RSS per page)",
		      "the process did not see lazy allocation as expected: see the FAILED checks");
}
