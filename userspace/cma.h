/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cma.h - `alloclab cma`: what userspace sees of the CMA areas (cma_info.c)
 * and the pressure run that fills memory with movable pages first
 * (cma_pressure.c). Every figure keeps the file it came from.
 */
#ifndef ALLOCLAB_CMA_CLI_H
#define ALLOCLAB_CMA_CLI_H

#include <stddef.h>

#define CMA_MAX_FIGS	64
#define CMA_MAX_AREAS	8

/* One figure: its name, its value as text, where it came from. */
struct cma_fig {
	char name[48];
	char value[112];
	char source[64];
};

/* One CMA area: base and size in bytes (0 if that source does not say). */
struct cma_area {
	char name[32];
	unsigned long long base;
	unsigned long long size;
	char source[64];
};

struct cma_view {
	struct cma_fig fig[CMA_MAX_FIGS];
	int nfig;
	struct cma_area area[CMA_MAX_AREAS];
	int narea;
};

void cma_fig_add(struct cma_view *v, const char *name, const char *source,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void cma_view_collect(struct cma_view *v, int with_module);
void cma_view_print(const struct cma_view *v, int json);
/* CmaTotal / CmaFree (kB) from /proc/meminfo; -1 if absent. */
long long cma_meminfo_kb(const char *field);
/* A number of /proc/vmstat; -1 if absent. */
long long cma_vmstat(const char *name);
/* Run @cmd through debugfs; its `last` parsed into a malloc'ed kvdoc (NULL: failed, why printed). */
struct kvdoc *cma_run_last(const char *cmd, int *err);

int cma_pressure(int argc, char **argv);

#endif /* ALLOCLAB_CMA_CLI_H */
