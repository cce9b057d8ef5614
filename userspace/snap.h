/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snap.h - snapshots of seven /proc files (slabinfo, buddyinfo, meminfo,
 * pagetypeinfo, vmallocinfo, zoneinfo, vmstat) and the difference between two
 * of them (used by `snapshot` and `diff`).
 *
 * Snapshot file format (text, the /proc files verbatim):
 *
 *	alloclab-snapshot 1
 *	time: <unix seconds>
 *	kernel: <uname -r>
 *	page_size: <bytes>		(since the seven files; absent in older
 *					files: the running page size is used)
 *	--- /proc/slabinfo
 *	<file>
 *	--- /proc/buddyinfo
 *	<file>
 *	... one section per file
 *
 * A section is absent if the file could not be read (slabinfo, pagetypeinfo
 * and vmallocinfo need root); unknown sections and header lines are ignored,
 * so older tools read newer files and files of the three-file era still read.
 */
#ifndef ALLOCLAB_SNAP_H
#define ALLOCLAB_SNAP_H

#include <stdio.h>

#include "proc.h"

#define SNAP_MAGIC	"alloclab-snapshot 1"
#define SNAP_SLABINFO	"/proc/slabinfo"
#define SNAP_BUDDYINFO	"/proc/buddyinfo"
#define SNAP_MEMINFO	"/proc/meminfo"
#define SNAP_PAGETYPEINFO "/proc/pagetypeinfo"
#define SNAP_VMALLOCINFO "/proc/vmallocinfo"
#define SNAP_ZONEINFO	"/proc/zoneinfo"
#define SNAP_VMSTAT	"/proc/vmstat"

struct snapshot {
	long long time;
	char kernel[128];
	long page_size;		/* bytes; 0 if the file did not say */
	char *slabinfo;		/* raw text; NULL if not captured */
	char *buddyinfo;
	char *meminfo;
	char *pagetypeinfo;
	char *vmallocinfo;
	char *zoneinfo;
	char *vmstat;
};

/* Read the live /proc files. Unreadable ones are left NULL and named in
 * the returned warning count (messages printed). */
int snap_take(struct snapshot *s);
void snap_write(const struct snapshot *s, FILE *f);
/* Parse a snapshot file's text. 0, or -1 with a message in @err. */
int snap_parse(const char *text, struct snapshot *s, char *err, size_t errlen);
/* No section at all? */
int snap_empty(const struct snapshot *s);
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

/* A counter of vmstat, zoneinfo or pagetypeinfo that changed. */
struct count_delta {
	char group[PROC_NAME_LEN];	/* "node 0 Normal", "node 0", "" */
	char name[PROC_NAME_LEN];
	int order;			/* PU_BLOCKS: order of the blocks, else -1 */
	int unit;			/* PU_* */
	int state;			/* DELTA_* */
	unsigned long long a, b;
};

struct count_diff {
	int have;			/* section present in both */
	struct count_delta *v;
	size_t n;
};

struct vmalloc_delta {
	char caller[PROC_NAME_LEN];
	int state;
	unsigned long long areas_a, areas_b, bytes_a, bytes_b;
};

struct vmalloc_diff {
	int have;
	struct vmalloc_delta *v;	/* callers whose areas or bytes changed */
	size_t n;
	unsigned long long areas_a, areas_b, bytes_a, bytes_b;
	int have_gap;			/* both snapshots had real addresses */
	unsigned long long gap_a, gap_b;	/* largest free gap, bytes */
};

struct snap_diff {
	int have_slab, have_buddy, have_mem;	/* section present in both */
	struct slab_delta *slab;	/* sorted by size in B (active objects * objsize) */
	size_t nslab;
	struct buddy_delta *buddy;
	size_t nbuddy;
	struct mem_delta *mem;
	size_t nmem;
	long page_size;			/* of B (A, the running one if neither says) */
	int pageblock_order;		/* from B's pagetypeinfo, -1 if unknown */
	struct count_diff pagetype, zone, vmstat;
	struct vmalloc_diff vmalloc;
};

/* Bytes a slab_delta's active objects take in B (@b) or A. */
static inline unsigned long long slab_delta_bytes(const struct slab_delta *x, int b)
{
	return (b ? x->active_b : x->active_a) * x->objsize;
}

/*
 * Changed rows only: caches whose active_objs or num_objs changed (or that
 * appeared / went away), zone/order free counts that changed, meminfo,
 * vmstat, zoneinfo and pagetypeinfo counters that changed, vmalloc callers
 * whose areas or bytes changed. Sections missing in either snapshot are
 * skipped (have_* 0).
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
