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

int u_addr(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "layout-line", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	long ps = sysconf(_SC_PAGESIZE);
	int json = 0, c, i, phys = 0, virt = 0, vabits, aslr = -1, ok_order, diff_r, diff_n;
	unsigned long long mmap_min = 0;
	struct layout own, run[2][2];
	int run_ok[2][2];
	char *cpuinfo, *maps, exe[512], buf[64], err[2][2][160];
	struct up_map m[NR_REGIONS];
	int found[NR_REGIONS];
	void *heap, *map;
	struct ureport r;
	struct out_table t;
	ssize_t n;

	while ((c = u_getopt("addr", argc, argv, "jh", opts)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'L': return layout_line();
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("addr", "unexpected argument '%s'", argv[optind]);

	ur_begin(&r, "addr", json, "address sizes, the user/kernel boundary, this process's layout, ASLR");

	cpuinfo = u_slurp("/proc/cpuinfo");
	if (cpuinfo && !up_cpuinfo_addr_sizes(cpuinfo, &phys, &virt))
		ur_note(&r, "CPU address sizes (/proc/cpuinfo): %d bits physical, %d bits virtual",
			phys, virt);
	else
		ur_note(&r, "CPU address sizes: not in /proc/cpuinfo on this architecture");
	free(cpuinfo);

	vabits = probe_va_bits(ps);
	if (u_read_file("/proc/sys/vm/mmap_min_addr", buf, sizeof(buf)) > 0)
		mmap_min = strtoull(buf, NULL, 10);
	if (vabits)
		ur_note(&r, "user space: 0x%lx .. 0x%lx (%d bits: the highest page mapped by a "
			"MAP_FIXED_NOREPLACE probe); kernel space from 0x%lx; nothing below "
			"mmap_min_addr 0x%llx can be mapped (NULL pointer guard)",
			mmap_min ? (unsigned long)mmap_min : 0UL,
			(1UL << vabits) - 1, vabits, ~((1UL << vabits) - 1), mmap_min);

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	own_layout(&own, &heap, &map);
	maps = u_slurp("/proc/self/maps");
	for (i = 0; i < NR_REGIONS; i++)
		found[i] = maps && own.a[i] && !up_maps_find(maps, own.a[i], &m[i]);
	free(maps);

	if (u_read_file("/proc/sys/kernel/randomize_va_space", buf, sizeof(buf)) > 0)
		aslr = atoi(buf);
	for (i = 0; i < 2; i++) {
		run_ok[0][i] = !child_layout(0, &run[0][i], err[0][i], sizeof(err[0][i]));
		run_ok[1][i] = !child_layout(1, &run[1][i], err[1][i], sizeof(err[1][i]));
	}

	if (r.json) {
		json_obj_begin(&r.j, "address_sizes");
		if (phys)
			json_int(&r.j, "cpu_physical_bits", phys);
		if (virt)
			json_int(&r.j, "cpu_virtual_bits", virt);
		json_int(&r.j, "user_va_bits", vabits);
		if (vabits) {
			json_uint(&r.j, "user_top", (1UL << vabits) - 1);
			json_uint(&r.j, "kernel_start", ~((1UL << vabits) - 1));
		}
		json_uint(&r.j, "mmap_min_addr", mmap_min);
		json_obj_end(&r.j);
		json_arr_begin(&r.j, "layout");
		for (i = 0; i < NR_REGIONS; i++) {
			json_obj_begin(&r.j, NULL);
			json_str(&r.j, "region", region_name[i]);
			json_uint(&r.j, "address", own.a[i]);
			if (found[i]) {
				json_uint(&r.j, "vma_start", m[i].start);
				json_uint(&r.j, "vma_end", m[i].end);
				json_str(&r.j, "perms", m[i].perms);
				json_str(&r.j, "path", m[i].path);
			}
			json_obj_end(&r.j);
		}
		json_arr_end(&r.j);
		json_int(&r.j, "randomize_va_space", aslr);
		json_arr_begin(&r.j, "runs");
		for (c = 0; c < 2; c++)
			for (i = 0; i < 2; i++) {
				int k;

				json_obj_begin(&r.j, NULL);
				json_bool(&r.j, "addr_no_randomize", c);
				json_int(&r.j, "run", i + 1);
				if (!run_ok[c][i])
					json_str(&r.j, "error", err[c][i]);
				for (k = 0; k < NR_REGIONS && run_ok[c][i]; k++)
					json_uint(&r.j, region_name[k], run[c][i].a[k]);
				json_obj_end(&r.j);
			}
		json_arr_end(&r.j);
	}

	table_init(&t, "region", "address", "VMA", "perms", "mapping", NULL);
	for (i = 0; i < NR_REGIONS; i++) {
		table_row(&t);
		table_cell(&t, "%s", region_name[i]);
		table_cell(&t, "0x%lx", own.a[i]);
		if (found[i]) {
			table_cell(&t, "%lx-%lx", m[i].start, m[i].end);
			table_cell(&t, "%s", m[i].perms);
			table_cell(&t, "%s", m[i].path[0] ? m[i].path : "(anonymous)");
		} else {
			table_cell(&t, "%s", "-");
		}
	}
	ur_table(&r, &t, "this process (/proc/self/maps):");

	table_init(&t, "run", "text", "data", "heap", "mmap", "stack", "vdso", NULL);
	for (c = 0; c < 2; c++)
		for (i = 0; i < 2; i++) {
			table_row(&t);
			table_cell(&t, "%s %d", c ? "ADDR_NO_RANDOMIZE" : "default", i + 1);
			if (!run_ok[c][i]) {
				table_cell(&t, "%s", err[c][i]);
				continue;
			}
			table_cell(&t, "%lx", run[c][i].a[R_TEXT]);
			table_cell(&t, "%lx", run[c][i].a[R_DATA]);
			table_cell(&t, "%lx", run[c][i].a[R_HEAP]);
			table_cell(&t, "%lx", run[c][i].a[R_MMAP]);
			table_cell(&t, "%lx", run[c][i].a[R_STACK]);
			table_cell(&t, "%lx", run[c][i].a[R_VDSO]);
		}
	ur_table(&r, &t, "fresh runs of the tool (exec), randomize_va_space:");
	if (!r.json)
		printf("  randomize_va_space = %d (0 off, 1 stack/mmap/vdso, 2 also heap)\n", aslr);

	if (virt && vabits)
		ur_check(&r, vabits <= virt,
			 "user space (%d bits) fits the CPU's virtual address size (%d bits)", vabits, virt);
	ur_check(&r, vabits >= 32, "the user/kernel boundary is found: %d-bit user space", vabits);
	for (i = 0; i < NR_REGIONS; i++) {
		if (i == R_VDSO && !own.a[i]) {
			ur_skip(&r, "vdso: none mapped");
			continue;
		}
		ur_check(&r, found[i] && in_region(i, &m[i], exe),
			 "%s at 0x%lx lies in the expected mapping (%s)", region_name[i], own.a[i],
			 found[i] ? (m[i].path[0] ? m[i].path : "anonymous") : "no VMA");
	}
	ok_order = own.a[R_TEXT] < own.a[R_DATA] && own.a[R_DATA] <= own.a[R_HEAP] &&
		   own.a[R_HEAP] < own.a[R_MMAP] && own.a[R_MMAP] < own.a[R_STACK];
	ur_check(&r, ok_order, "text < data < heap < mmap area < stack");
	ur_check(&r, vabits && own.a[R_STACK] < (1UL << vabits),
		 "the stack is the top of user space, below the boundary");

	if (run_ok[1][0] && run_ok[1][1]) {
		diff_n = run[1][0].a[R_STACK] != run[1][1].a[R_STACK] ||
			 run[1][0].a[R_MMAP] != run[1][1].a[R_MMAP] ||
			 run[1][0].a[R_HEAP] != run[1][1].a[R_HEAP];
		ur_check(&r, !diff_n, "with ADDR_NO_RANDOMIZE two runs get the same layout");
	} else {
		ur_check(&r, 0, "runs with ADDR_NO_RANDOMIZE: %s", run_ok[1][0] ? err[1][1] : err[1][0]);
	}
	if (run_ok[0][0] && run_ok[0][1]) {
		diff_r = run[0][0].a[R_STACK] != run[0][1].a[R_STACK] &&
			 run[0][0].a[R_MMAP] != run[0][1].a[R_MMAP];
		if (aslr > 0)
			ur_check(&r, diff_r, "ASLR on (%d): stack and mmap area move between runs", aslr);
		else
			ur_check(&r, !diff_r, "ASLR off (0): the layout stays between runs");
		if (aslr == 2)
			ur_check(&r, run[0][0].a[R_HEAP] != run[0][1].a[R_HEAP],
				 "randomize_va_space 2: the heap (brk) moves too");
		ur_note(&r, "the text %s between runs: the binary is %sposition-independent",
			run[0][0].a[R_TEXT] != run[0][1].a[R_TEXT] ? "moves" : "stays",
			run[0][0].a[R_TEXT] != run[0][1].a[R_TEXT] ? "" : "not ");
	} else {
		ur_check(&r, 0, "default runs: %s", run_ok[0][0] ? err[0][1] : err[0][0]);
	}
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
