// SPDX-License-Identifier: GPL-2.0
/*
 * user_addr.c - `alloclab user addr`: where a process lives.
 *
 *   - address sizes the CPU reports (/proc/cpuinfo, x86 only)
 *   - the user/kernel boundary: the highest page user space can map, found by
 *     mmap(MAP_FIXED_NOREPLACE) probes; kernel addresses start at the upper
 *     canonical half
 *   - text, data, bss, heap, mmap area and stack of this process: the address
 *     of something in each, and the /proc/self/maps line holding it
 *   - ASLR: /proc/sys/kernel/randomize_va_space, and the layout of two fresh
 *     runs of the tool with and without personality(ADDR_NO_RANDOMIZE)
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/wait.h>

#include "user.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s user addr [--json]\n\n"
		"Address sizes, the user/kernel boundary, where text, data, heap, mmap area\n"
		"and stack of this process live, and ASLR on/off.\n\n"
		"  -j, --json   JSON output\n", out_prog);
}

int addr_data_var = 42;		/* .data */
int addr_bss_var;		/* .bss */

enum { R_TEXT, R_DATA, R_BSS, R_HEAP, R_MMAP, R_STACK, R_VDSO, NR_REGIONS };

static const char *const region_name[NR_REGIONS] = {
	"text", "data", "bss", "heap", "mmap", "stack", "vdso",
};

struct layout {
	unsigned long a[NR_REGIONS];
};

/* Addresses of one thing in each region of the running process. */
static void own_layout(struct layout *l, void **heap, void **map)
{
	int local = 0;
	char maps[65536];
	struct up_map m;

	memset(l, 0, sizeof(*l));
	*heap = malloc(64);		/* small: from the brk heap */
	*map = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	l->a[R_TEXT] = (unsigned long)(void *)own_layout;
	l->a[R_DATA] = (unsigned long)&addr_data_var;
	l->a[R_BSS] = (unsigned long)&addr_bss_var;
	l->a[R_HEAP] = (unsigned long)*heap;
	l->a[R_MMAP] = *map == MAP_FAILED ? 0 : (unsigned long)*map;
	l->a[R_STACK] = (unsigned long)&local;
	if (u_read_file("/proc/self/maps", maps, sizeof(maps)) > 0 &&
	    !up_maps_named(maps, "[vdso]", &m))
		l->a[R_VDSO] = m.start;
	__asm__ __volatile__("" : : "r"(&local) : "memory");
}

/* The hidden --layout-line mode: one line of hex addresses for the parent. */
static int layout_line(void)
{
	struct layout l;
	void *heap, *map;
	int i;

	own_layout(&l, &heap, &map);
	for (i = 0; i < NR_REGIONS; i++)
		printf("%s%lx", i ? " " : "", l.a[i]);
	printf("\n");
	return 0;
}

/* Run the tool again (fresh exec) with @persona; parse its layout line. */
static int child_layout(int no_random, struct layout *l, char *err, size_t errlen)
{
	int fd[2], status, i;
	char buf[512];
	ssize_t n;
	size_t len = 0;
	pid_t pid;

	memset(l, 0, sizeof(*l));
	pid = u_fork_piped(fd, err, errlen);
	if (pid < 0)
		return -1;
	if (!pid) {
		char *args[] = { (char *)out_prog, "user", "addr", "--layout-line", NULL };

		close(fd[0]);
		if (dup2(fd[1], 1) < 0)
			_exit(126);
		if (no_random && personality(PER_LINUX | ADDR_NO_RANDOMIZE) < 0)
			_exit(125);
		execv("/proc/self/exe", args);
		_exit(127);
	}
	close(fd[1]);
	while (len < sizeof(buf) - 1 && (n = read(fd[0], buf + len, sizeof(buf) - 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	close(fd[0]);
	u_wait(pid, &status);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, errlen, "re-running the tool failed (status 0x%x%s)", status,
			 WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ": exec /proc/self/exe" : "");
		return -1;
	}
	{
		char *p = buf, *e;

		for (i = 0; i < NR_REGIONS; i++) {
			l->a[i] = strtoul(p, &e, 16);
			if (e == p) {
				snprintf(err, errlen, "unexpected output from the re-run: %.60s", buf);
				return -1;
			}
			p = e;
		}
	}
	return 0;
}

/* Highest power-of-two user address space that can be mapped, in bits. */
static int probe_va_bits(long ps)
{
	static const int bits[] = { 57, 56, 52, 48, 47, 44, 42, 39, 36, 32 };
	size_t i;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		unsigned long want;
		void *p;

		if (bits[i] >= (int)(8 * sizeof(long)))
			continue;
		want = (1UL << bits[i]) - 2 * ps;	/* the top page is kept unmapped */
		p = mmap((void *)want, ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);
		if (p == MAP_FAILED)
			continue;
		munmap(p, ps);
		if ((unsigned long)p == want)
			return bits[i];
	}
	return 0;
}

static int in_region(int region, const struct up_map *m, const char *exe)
{
	switch (region) {
	case R_TEXT:
		return m->perms[2] == 'x' && !strcmp(m->path, exe);
	case R_DATA:
		return m->perms[1] == 'w' && (!strcmp(m->path, exe) || !m->path[0]);
	case R_BSS:	/* the last part of bss may be in an anonymous mapping */
		return m->perms[1] == 'w' && (!strcmp(m->path, exe) || !m->path[0] ||
					       !strcmp(m->path, "[heap]"));
	case R_HEAP:
		return !strcmp(m->path, "[heap]");
	case R_MMAP:
		return !m->path[0];
	case R_STACK:
		return !strcmp(m->path, "[stack]");
	case R_VDSO:
		return !strcmp(m->path, "[vdso]");
	}
	return 0;
}

/* ---- the model ---- */

struct addr_sizes {
	int cpu_physical_bits, cpu_virtual_bits, user_va_bits;
	unsigned long user_top, kernel_start;
	unsigned long long mmap_min_addr;
	int randomize_va_space;
};

/* One region of this process. */
struct addr_region {
	const char *region;
	unsigned long address, vma_start, vma_end;
	int found;
	struct up_map m;
};

/* One fresh run of the tool. */
struct addr_run {
	int addr_no_randomize, run, ok, failed;
	char error[160];
	unsigned long a[NR_REGIONS];
};

struct addr_result {
	struct addr_sizes sz;
	struct addr_region reg[NR_REGIONS];
	struct addr_run runs[4];	/* default 1, 2, ADDR_NO_RANDOMIZE 1, 2 */
	char exe[512];
};

static const struct ufield sizes_f[] = {
	UF_IF(struct addr_sizes, cpu_physical_bits, UF_INT, "cpu_physical_bits", cpu_physical_bits),
	UF_IF(struct addr_sizes, cpu_virtual_bits, UF_INT, "cpu_virtual_bits", cpu_virtual_bits),
	UF(struct addr_sizes, user_va_bits, UF_INT, "user_va_bits"),
	UF_IF(struct addr_sizes, user_top, UF_HEX, "user_top", user_va_bits),
	UF_IF(struct addr_sizes, kernel_start, UF_HEX, "kernel_start", user_va_bits),
	UF(struct addr_sizes, mmap_min_addr, UF_ULL, "mmap_min_addr"),
	UF(struct addr_sizes, randomize_va_space, UF_INT, "randomize_va_space"),
};

static const struct ufield region_f[] = {
	UF(struct addr_region, region, UF_STR, "region"),
	UF(struct addr_region, address, UF_HEX, "address"),
	UF_IF(struct addr_region, vma_start, UF_HEX, "vma_start", found),
	UF_IF(struct addr_region, vma_end, UF_HEX, "vma_end", found),
	UF_IF(struct addr_region, m.perms, UF_TEXT, "perms", found),
	UF_IF(struct addr_region, m.path, UF_TEXT, "path", found),
};

#define RUN_ADDR(r, key) UF_IF(struct addr_run, a[r], UF_HEX, key, ok)

static const struct ufield run_f[] = {
	UF(struct addr_run, addr_no_randomize, UF_BOOL, "addr_no_randomize"),
	UF(struct addr_run, run, UF_INT, "run"),
	UF_IF(struct addr_run, error, UF_TEXT, "error", failed),
	RUN_ADDR(R_TEXT, "text"), RUN_ADDR(R_DATA, "data"), RUN_ADDR(R_BSS, "bss"),
	RUN_ADDR(R_HEAP, "heap"), RUN_ADDR(R_MMAP, "mmap"), RUN_ADDR(R_STACK, "stack"),
	RUN_ADDR(R_VDSO, "vdso"),
};

const struct ufields u_addr_sizes = UFIELDS("addr.address_sizes", struct addr_sizes, sizes_f);
const struct ufields u_addr_layout = UFIELDS("addr.layout", struct addr_region, region_f);
const struct ufields u_addr_runs = UFIELDS("addr.runs", struct addr_run, run_f);

/* Options. -1 to go on, else the exit status. */
static int addr_parse(int argc, char **argv, int *json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "layout-line", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	*json = 0;
	while ((c = u_getopt("addr", argc, argv, "jh", opts)) != -1) {
		switch (c) {
		case 'j': *json = 1; break;
		case 'L': return layout_line();
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("addr", "unexpected argument '%s'", argv[optind]);
	return -1;
}

/* CPU address sizes, the probed boundary, mmap_min_addr, randomize_va_space. */
static void addr_measure_sizes(struct addr_sizes *sz)
{
	char *cpuinfo, buf[64];
	int vab;

	memset(sz, 0, sizeof(*sz));
	sz->randomize_va_space = -1;
	cpuinfo = u_slurp("/proc/cpuinfo");
	if (cpuinfo)
		up_cpuinfo_addr_sizes(cpuinfo, &sz->cpu_physical_bits, &sz->cpu_virtual_bits);
	free(cpuinfo);
	vab = sz->user_va_bits = probe_va_bits(sysconf(_SC_PAGESIZE));
	if (vab) {
		sz->user_top = (1UL << vab) - 1;
		sz->kernel_start = ~((1UL << vab) - 1);
	}
	if (u_read_file("/proc/sys/vm/mmap_min_addr", buf, sizeof(buf)) > 0)
		sz->mmap_min_addr = strtoull(buf, NULL, 10);
	if (u_read_file("/proc/sys/kernel/randomize_va_space", buf, sizeof(buf)) > 0)
		sz->randomize_va_space = atoi(buf);
}

/* This process's regions, then four fresh runs. */
static void addr_measure(struct addr_result *res, void **heap, void **map)
{
	struct layout own;
	char *maps;
	ssize_t n;
	int i;

	addr_measure_sizes(&res->sz);
	n = readlink("/proc/self/exe", res->exe, sizeof(res->exe) - 1);
	res->exe[n > 0 ? n : 0] = '\0';
	own_layout(&own, heap, map);
	maps = u_slurp("/proc/self/maps");
	for (i = 0; i < NR_REGIONS; i++) {
		struct addr_region *g = &res->reg[i];

		g->region = region_name[i];
		g->address = own.a[i];
		g->found = maps && own.a[i] && !up_maps_find(maps, own.a[i], &g->m);
		g->vma_start = g->m.start;
		g->vma_end = g->m.end;
	}
	free(maps);
	for (i = 0; i < 4; i++) {
		struct addr_run *u = &res->runs[i];
		struct layout l;

		u->addr_no_randomize = i >= 2;
		u->run = i % 2 + 1;
		u->ok = !child_layout(u->addr_no_randomize, &l, u->error, sizeof(u->error));
		u->failed = !u->ok;
		memcpy(u->a, l.a, sizeof(u->a));
	}
}

static void addr_layout_checks(struct ureport *r, const struct addr_result *res)
{
	const struct addr_region *g = res->reg;
	const struct addr_sizes *sz = &res->sz;
	int i, vab = sz->user_va_bits;

	if (sz->cpu_virtual_bits && vab)
		ur_check(r, vab <= sz->cpu_virtual_bits,
			 "user space (%d bits) fits the CPU's virtual address size (%d bits)",
			 vab, sz->cpu_virtual_bits);
	ur_check(r, vab >= 32, "the user/kernel boundary is found: %d-bit user space", vab);
	for (i = 0; i < NR_REGIONS; i++) {
		if (i == R_VDSO && !g[i].address) {
			ur_skip(r, "vdso: none mapped");
			continue;
		}
		ur_check(r, g[i].found && in_region(i, &g[i].m, res->exe),
			 "%s at 0x%lx lies in the expected mapping (%s)", g[i].region, g[i].address,
			 g[i].found ? (g[i].m.path[0] ? g[i].m.path : "anonymous") : "no VMA");
	}
	ur_check(r, g[R_TEXT].address < g[R_DATA].address && g[R_DATA].address <= g[R_HEAP].address &&
		 g[R_HEAP].address < g[R_MMAP].address && g[R_MMAP].address < g[R_STACK].address,
		 "text < data < heap < mmap area < stack");
	ur_check(r, vab && g[R_STACK].address < (1UL << vab),
		 "the stack is the top of user space, below the boundary");
}

static void addr_aslr_checks(struct ureport *r, const struct addr_result *res)
{
	const struct addr_run *d = res->runs, *n = res->runs + 2;
	int aslr = res->sz.randomize_va_space;

	if (n[0].ok && n[1].ok)
		ur_check(r, n[0].a[R_STACK] == n[1].a[R_STACK] && n[0].a[R_MMAP] == n[1].a[R_MMAP] &&
			 n[0].a[R_HEAP] == n[1].a[R_HEAP],
			 "with ADDR_NO_RANDOMIZE two runs get the same layout");
	else
		ur_check(r, 0, "runs with ADDR_NO_RANDOMIZE: %s", n[0].ok ? n[1].error : n[0].error);
	if (!d[0].ok || !d[1].ok) {
		ur_check(r, 0, "default runs: %s", d[0].ok ? d[1].error : d[0].error);
		return;
	}
	if (aslr > 0)
		ur_check(r, d[0].a[R_STACK] != d[1].a[R_STACK] && d[0].a[R_MMAP] != d[1].a[R_MMAP],
			 "ASLR on (%d): stack and mmap area move between runs", aslr);
	else
		ur_check(r, d[0].a[R_STACK] == d[1].a[R_STACK] || d[0].a[R_MMAP] == d[1].a[R_MMAP],
			 "ASLR off (0): the layout stays between runs");
	if (aslr == 2)
		ur_check(r, d[0].a[R_HEAP] != d[1].a[R_HEAP],
			 "randomize_va_space 2: the heap (brk) moves too");
	ur_note(r, "the text %s between runs: the binary is %sposition-independent",
		d[0].a[R_TEXT] != d[1].a[R_TEXT] ? "moves" : "stays",
		d[0].a[R_TEXT] != d[1].a[R_TEXT] ? "" : "not ");
}

static void addr_notes(struct ureport *r, const struct addr_sizes *sz)
{
	if (sz->cpu_virtual_bits)
		ur_note(r, "CPU address sizes (/proc/cpuinfo): %d bits physical, %d bits virtual",
			sz->cpu_physical_bits, sz->cpu_virtual_bits);
	else
		ur_note(r, "CPU address sizes: not in /proc/cpuinfo on this architecture");
	if (sz->user_va_bits)
		ur_note(r, "user space: 0x%lx .. 0x%lx (%d bits: the highest page mapped by a "
			"MAP_FIXED_NOREPLACE probe); kernel space from 0x%lx; nothing below "
			"mmap_min_addr 0x%llx can be mapped (NULL pointer guard)",
			(unsigned long)sz->mmap_min_addr, sz->user_top, sz->user_va_bits,
			sz->kernel_start, sz->mmap_min_addr);
	ur_note(r, "randomize_va_space = %d (0 off, 1 stack/mmap/vdso, 2 also heap)",
		sz->randomize_va_space);
}

int u_addr(int argc, char **argv)
{
	struct addr_result res;
	struct ureport r;
	void *heap, *map;
	int json, ret = addr_parse(argc, argv, &json);

	if (ret >= 0)
		return ret;
	memset(&res, 0, sizeof(res));
	ur_begin(&r, "addr", json, "address sizes, the user/kernel boundary, this process's layout, ASLR");
	addr_measure(&res, &heap, &map);
	addr_notes(&r, &res.sz);
	ur_obj(&r, "address_sizes", &u_addr_sizes, &res.sz);
	ur_rows(&r, "layout", "this process (/proc/self/maps):", &u_addr_layout, res.reg, NR_REGIONS);
	ur_rows(&r, "runs", "fresh runs of the tool (exec):", &u_addr_runs, res.runs, 4);
	addr_layout_checks(&r, &res);
	addr_aslr_checks(&r, &res);
	free(heap);
	if (map != MAP_FAILED)
		munmap(map, 65536);
	return ur_end(&r,
		      "user space is the lower part of the virtual address space, the kernel the upper "
		      "half; a process holds text and data from its binary, the brk heap above them, "
		      "the mmap area below the stack at the top; ASLR moves stack, mmap area, vdso "
		      "(and heap with 2) on every exec, ADDR_NO_RANDOMIZE turns it off per process",
		      "the address space did not look as expected: see the FAILED checks");
}
