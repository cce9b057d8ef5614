/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snap.h - snapshots of /proc/slabinfo, /proc/buddyinfo and /proc/meminfo
 * and the difference between two of them (used by `snapshot` and `diff`).
 *
 * Snapshot file format (text, the /proc files verbatim):
 *
 *	alloclab-snapshot 1
 *	time: <unix seconds>
 *	kernel: <uname -r>
 *	--- /proc/slabinfo
 *	<file>
 *	--- /proc/buddyinfo
 *	<file>
 *	--- /proc/meminfo
 *	<file>
 *
 * A section is absent if the file could not be read (slabinfo needs root);
 * unknown sections are ignored, so later versions may add files.
 */
#ifndef ALLOCLAB_SNAP_H
#define ALLOCLAB_SNAP_H

#include <stdio.h>

#include "proc.h"

#define SNAP_MAGIC	"alloclab-snapshot 1"
#define SNAP_SLABINFO	"/proc/slabinfo"
#define SNAP_BUDDYINFO	"/proc/buddyinfo"
#define SNAP_MEMINFO	"/proc/meminfo"

struct snapshot {
	long long time;
	char kernel[128];
	char *slabinfo;		/* raw text; NULL if not captured */
	char *buddyinfo;
	char *meminfo;
};

/* Read the live /proc files. Unreadable ones are left NULL and named in
 * the returned warning count (messages printed). */
int snap_take(struct snapshot *s);
void snap_write(const struct snapshot *s, FILE *f);
/* Parse a snapshot file's text. 0, or -1 with a message in @err. */
int snap_parse(const char *text, struct snapshot *s, char *err, size_t errlen);
void snap_free(struct snapshot *s);

enum { DELTA_BOTH, DELTA_NEW, DELTA_GONE };

struct slab_delta {
	char name[PROC_NAME_LEN];
	int state;			/* DELTA_*: only in B (new) or only in A */
	unsigned long long objsize;
	unsigned long long active_a, active_b;
	unsigned long long num_a, num_b;
};

struct buddy_delta {
	int node;
	char zone[PROC_NAME_LEN];
	int order;
	unsigned long long a, b;	/* free blocks of that order */
};

struct mem_delta {
	char name[PROC_NAME_LEN];
	int kb;
	unsigned long long a, b;
};

struct snap_diff {
	int have_slab, have_buddy, have_mem;	/* section present in both */
	struct slab_delta *slab;
	size_t nslab;
	struct buddy_delta *buddy;
	size_t nbuddy;
	struct mem_delta *mem;
	size_t nmem;
};

/*
 * Changed rows only: caches whose active_objs or num_objs changed (or that
 * appeared / went away), zone/order free counts that changed, meminfo fields
 * that changed. Sections missing in either snapshot are skipped (have_* 0).
 * Returns 0, or -1 with a message in @err if a present section does not
 * parse.
 */
int snap_diff(const struct snapshot *a, const struct snapshot *b,
	      struct snap_diff *d, char *err, size_t errlen);
void snap_diff_free(struct snap_diff *d);

/* b - a as a signed number. */
static inline long long snap_delta(unsigned long long a, unsigned long long b)
{
	return (long long)(b - a);
}

#endif /* ALLOCLAB_SNAP_H */
