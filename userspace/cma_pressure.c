// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab cma pressure [--fill-mb=N] [--leave-mb=64] [--size=BYTES]
 * [--count=N] [--json]: CMA lends its free pageblocks to movable pages and
 * takes them back when a device needs it; this measures the taking back.
 *
 *   1. idle: `cma size= count= mode=perop` with memory as it is;
 *   2. fill: anonymous memory (movable pages) written page by page until
 *      CmaFree has fallen by size x count (at most a quarter of CmaFree), or
 *      half of that of our pages sit
 *      in the area (once the regular free memory runs low the page
 *      allocator serves movable pages from CMA too), at most
 *      MemAvailable - leave-mb (or fill-mb); /proc/self/pagemap says which of
 *      our pages sit in the CMA area;
 *   3. `cma_pressure size= count= mode=perop` while the fill is kept;
 *   4. /proc/vmstat deltas (pgmigrate_*, compact_*, cma_alloc_*) across 3,
 *      and how many of our pages the kernel moved (their PFN changed);
 *   5. the fill is unmapped.
 *
 * Prints each figure with its source; exits with the errno of a failed run.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli.h"
#include "cma.h"
#include "out.h"
#include "proc.h"

#define PM_PRESENT	(1ULL << 63)
#define PM_PFN_MASK	((1ULL << 55) - 1)

static const char * const vm_events[] = {
	"pgmigrate_success", "pgmigrate_fail", "compact_migrate_scanned",
	"compact_isolated", "cma_alloc_success", "cma_alloc_fail",
};
#define NR_EV	(sizeof(vm_events) / sizeof(vm_events[0]))

struct fill {
	char *mem;
	size_t mapped;		/* bytes mapped */
	size_t pages;		/* pages written, from the start */
	size_t page;
	long long lent_kb;	/* CmaFree fell by this much while filling */
	uint64_t lo, hi;	/* the CMA area's PFNs, [lo, hi); 0, 0: unknown */
	size_t in_area;		/* pages written that sit in the area */
	uint64_t *pfn;		/* PFN of each page after the fill, 0 if absent */
};

/* PFNs of pages [from, from + n) of @f into @out (0: not present); 0 on success. */
static int fill_pfns_at(const struct fill *f, size_t from, size_t n, uint64_t *out)
{
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	off_t off = (off_t)((uintptr_t)f->mem / f->page + from) * 8;
	size_t i;
	ssize_t got;

	if (fd < 0)
		return -1;
	got = pread(fd, out, n * 8, off);
	close(fd);
	if (got != (ssize_t)(n * 8)) {
		memset(out, 0, n * 8);
		return -1;
	}
	for (i = 0; i < n; i++)
		out[i] = out[i] & PM_PRESENT ? out[i] & PM_PFN_MASK : 0;
	return 0;
}

static int fill_pfns(const struct fill *f, uint64_t *out)
{
	return fill_pfns_at(f, 0, f->pages, out);
}

/* Record the PFNs of pages [from, to) and count those in the area. */
static void fill_note(struct fill *f, size_t from, size_t to)
{
	size_t i;

	fill_pfns_at(f, from, to - from, f->pfn + from);
	for (i = from; i < to; i++)
		f->in_area += f->pfn[i] && f->pfn[i] >= f->lo && f->pfn[i] < f->hi;
}

/*
 * Map up to @mb MiB and write it page by page until CmaFree has fallen by
 * @want_kb, or half of @want_kb of our pages sit in the CMA area (pagemap:
 * freed CMA pages parked on the per-CPU lists are not in CmaFree, so the
 * fill may take them without CmaFree moving), or all of it is written.
 */
static int fill_make(struct fill *f, size_t mb, long long want_kb)
{
	long long cma0 = cma_meminfo_kb("CmaFree");
	size_t i, n, chunk;

	f->page = sysconf(_SC_PAGESIZE);
	f->mapped = mb << 20;
	n = f->mapped / f->page;
	chunk = (4 << 20) / f->page;
	f->mem = mmap(NULL, f->mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (f->mem == MAP_FAILED) {
		out_perror("mmap of %zu MiB", mb);
		return -1;
	}
	madvise(f->mem, f->mapped, MADV_NOHUGEPAGE);
	f->pfn = out_xmalloc(n * 8);
	for (i = 0; i < n; i++) {
		f->mem[i * f->page] = (char)i;
		if (i % chunk != chunk - 1)
			continue;
		fill_note(f, i + 1 - chunk, i + 1);
		f->lent_kb = cma0 - cma_meminfo_kb("CmaFree");
		if (f->lent_kb >= want_kb || (long long)(f->in_area * (f->page >> 10)) >= want_kb / 2) {
			i++;
			break;
		}
	}
	f->pages = i;
	if (i % chunk)
		fill_note(f, i - i % chunk, i);
	return 0;
}

/* Pages of the fill whose PFN changed since the fill, and those that were in the area. */
static void fill_moved(const struct fill *f, const uint64_t *now, size_t *moved,
		       size_t *moved_from_area)
{
	size_t i;

	*moved = *moved_from_area = 0;
	for (i = 0; i < f->pages; i++) {
		if (!f->pfn[i] || !now[i] || now[i] == f->pfn[i])
			continue;
		(*moved)++;
		*moved_from_area += f->pfn[i] >= f->lo && f->pfn[i] < f->hi;
	}
}

static size_t auto_fill_mb(size_t leave_mb)
{
	long long avail = cma_meminfo_kb("MemAvailable");

	if (avail < 0 || (size_t)(avail >> 10) <= leave_mb)
		return 0;
	return (size_t)(avail >> 10) - leave_mb;
}

struct opts {
	size_t fill_mb, leave_mb;
	unsigned long long size;
	unsigned int count;
	int json;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "fill-mb", required_argument, NULL, 'f' },
		{ "leave-mb", required_argument, NULL, 'l' },
		{ "size", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	*o = (struct opts){ .leave_mb = 48, .size = 4ULL << 20, .count = 4,
			    .json = out_json_default };
	optind = 0;
	while ((c = getopt_long(argc, argv, "jh", lo, NULL)) != -1) {
		switch (c) {
		case 'f': o->fill_mb = strtoull(optarg, NULL, 10); break;
		case 'l': o->leave_mb = strtoull(optarg, NULL, 10); break;
		case 's': o->size = strtoull(optarg, NULL, 0); break;
		case 'c': o->count = strtoul(optarg, NULL, 10); break;
		case 'j': o->json = 1; break;
		case 'h':
			al_usage(stdout, "cma pressure [--fill-mb=N] [--leave-mb=48] [--size=BYTES] [--count=N] [--json]");
			return 1;
		default:
			return -1;
		}
	}
	return 0;
}

/* Run @exp, copy its alloc figures into @v as "<tag>_<key>". Return: 0 or an errno. */
static int run_phase(struct cma_view *v, const char *tag, const char *exp, const struct opts *o)
{
	static const char * const keys[] = {
		"ns_p50", "ns_mean", "ns_max", "free_ns_p50", "failures", "from_cma",
		"cma_free_kb_before", "cma_drop_kb", "cma_used_kb_before", "lent",
		"delta_pgmigrate_success", "delta_pgmigrate_fail", "delta_compact_migrate_scanned",
		"delta_compact_isolated", "delta_cma_alloc_success", "delta_cma_alloc_fail",
		"migration_counters",
	};
	char cmd[160], key[48], src[64];
	struct kvdoc *doc;
	const char *val;
	size_t i;
	int err;

	/*
	 * force=1 under the fill: the core's budget is a share of MemAvailable,
	 * which the fill (ours, released next) has taken; the buffers come from
	 * the CMA area, reserved at boot, and the idle run passed the budget.
	 */
	snprintf(cmd, sizeof(cmd), "%s size=%llu count=%u mode=perop%s", exp, o->size, o->count,
		 strcmp(tag, "pressure") ? "" : " force=1");
	doc = cma_run_last(cmd, &err);
	if (!doc) {
		char *why = al_last_error_reason();

		out_error("%s: %s%s%s", cmd, why, err < 0 ? ": " : "", err < 0 ? strerror(-err) : "");
		free(why);
		return err < 0 ? -err : 1;
	}
	snprintf(src, sizeof(src), "alloclab_cma (%s)", exp);
	for (i = 0; doc->n && i < sizeof(keys) / sizeof(keys[0]); i++) {
		val = kv_get(&doc->b[0], keys[i]);
		if (!val)
			continue;
		snprintf(key, sizeof(key), "%s_%s", tag, keys[i]);
		cma_fig_add(v, key, src, "%s", val);
	}
	kv_free(doc);
	free(doc);
	return 0;
}

static const char *fig_get(const struct cma_view *v, const char *name)
{
	int i;

	for (i = 0; i < v->nfig; i++)
		if (!strcmp(v->fig[i].name, name))
			return v->fig[i].value;
	return NULL;
}

static void vmstat_read(long long *ev)
{
	size_t i;

	for (i = 0; i < NR_EV; i++)
		ev[i] = cma_vmstat(vm_events[i]);
}

static void vmstat_deltas(struct cma_view *v, const long long *ev0)
{
	long long ev1[NR_EV];
	char key[48];
	size_t i;

	vmstat_read(ev1);
	for (i = 0; i < NR_EV; i++) {
		snprintf(key, sizeof(key), "vmstat_%s", vm_events[i]);
		if (ev0[i] < 0 || ev1[i] < 0)
			cma_fig_add(v, key, "/proc/vmstat", "absent on this kernel");
		else
			cma_fig_add(v, key, "/proc/vmstat", "%lld", ev1[i] - ev0[i]);
	}
}

/* The area's PFN range from @area, if a source named it. */
static void fill_area(struct fill *f, const struct cma_view *area)
{
	size_t page = sysconf(_SC_PAGESIZE);
	int i;

	for (i = 0; i < area->narea; i++)
		if (area->area[i].size) {
			f->lo = area->area[i].base / page;
			f->hi = (area->area[i].base + area->area[i].size) / page;
			return;
		}
}

/* Pages of the fill in the CMA area before, and moved by the pressure run. */
static void fill_facts(struct cma_view *v, const struct fill *f)
{
	uint64_t *now = out_xmalloc(f->pages * 8);
	size_t moved, moved_area;

	if (fill_pfns(f, now)) {
		cma_fig_add(v, "fill_pages_moved", "/proc/self/pagemap", "unreadable");
		free(now);
		return;
	}
	fill_moved(f, now, &moved, &moved_area);
	if (f->hi)
		cma_fig_add(v, "fill_pages_in_cma", "/proc/self/pagemap + area", "%zu", f->in_area);
	else
		cma_fig_add(v, "fill_pages_in_cma", "/proc/self/pagemap", "unknown (area base/size unknown)");
	cma_fig_add(v, "fill_pages_moved", "/proc/self/pagemap", "%zu", moved);
	if (f->hi)
		cma_fig_add(v, "fill_pages_moved_from_cma", "/proc/self/pagemap + area", "%zu", moved_area);
	free(now);
}

static void slowdown(struct cma_view *v)
{
	const char *a = fig_get(v, "idle_ns_p50"), *b = fig_get(v, "pressure_ns_p50");

	if (a && b && atof(a) > 0)
		cma_fig_add(v, "slowdown_p50", "pressure_ns_p50 / idle_ns_p50", "%.2f",
			    atof(b) / atof(a));
}

/* Steps 2-5 with the idle figures in @v. Return: 0 or an errno. */
static int filled_run(struct cma_view *v, const struct opts *o, const struct cma_view *area)
{
	size_t mb = o->fill_mb ? o->fill_mb : auto_fill_mb(o->leave_mb);
	long long ev0[NR_EV];
	struct fill f = { 0 };
	int ret;

	/*
	 * Lend no more than a quarter of the free area: every lent page in the
	 * buffers' range must migrate to free memory outside the area, and the
	 * fill has left little of that (a full fill got the filler OOM-killed).
	 */
	long long want_kb = (long long)(o->size >> 10) * o->count, cma_kb = cma_meminfo_kb("CmaFree");

	if (want_kb > cma_kb / 4)
		want_kb = cma_kb / 4;

	cma_fig_add(v, "fill_max_mb", o->fill_mb ? "--fill-mb" : "MemAvailable - --leave-mb", "%zu", mb);
	if (!mb) {
		out_error("cma pressure: MemAvailable leaves nothing to fill (--leave-mb=%zu)", o->leave_mb);
		return 1;
	}
	fill_area(&f, area);
	if (fill_make(&f, mb, want_kb))
		return 1;
	cma_fig_add(v, "fill_mb", "pages written", "%zu", (f.pages * f.page) >> 20);
	cma_fig_add(v, "fill_stop", "the fill", "%s",
		    f.lent_kb >= want_kb ? "CmaFree fell by the target: CMA lent to the fill" :
		    (long long)(f.in_area * (f.page >> 10)) >= want_kb / 2 ?
		    "half the target of the fill's pages in the CMA area (pagemap)" :
		    "the whole mapping written (CMA lent less than the target)");
	cma_fig_add(v, "fill_target_kb", "min(size x count, CmaFree / 4)", "%lld", want_kb);
	cma_fig_add(v, "cma_free_kb_filled", "/proc/meminfo", "%lld", cma_meminfo_kb("CmaFree"));
	vmstat_read(ev0);
	ret = run_phase(v, "pressure", "cma_pressure", o);
	if (!ret) {
		vmstat_deltas(v, ev0);
		fill_facts(v, &f);
		slowdown(v);
	}
	munmap(f.mem, f.mapped);
	free(f.pfn);
	cma_fig_add(v, "cma_free_kb_end", "/proc/meminfo", "%lld", cma_meminfo_kb("CmaFree"));
	return ret;
}

int cma_pressure(int argc, char **argv)
{
	struct cma_view *v, *area;
	struct opts o;
	int ret;

	ret = parse_opts(argc, argv, &o);
	if (ret)
		return ret > 0 ? 0 : EXIT_USAGE;
	v = out_xmalloc(sizeof(*v));
	area = out_xmalloc(sizeof(*area));
	memset(v, 0, sizeof(*v));
	cma_view_collect(area, 0);
	cma_fig_add(v, "cma_free_kb_idle", "/proc/meminfo", "%lld", cma_meminfo_kb("CmaFree"));
	ret = run_phase(v, "idle", "cma", &o);
	if (!ret)
		ret = filled_run(v, &o, area);
	if (!ret)
		cma_view_print(v, o.json);
	free(area);
	free(v);
	return ret;
}
