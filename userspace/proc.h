/* SPDX-License-Identifier: GPL-2.0 */
/*
 * proc.h - parsers for /proc/slabinfo, buddyinfo, meminfo, vmstat, zoneinfo,
 * pagetypeinfo, vmallocinfo and the generic "key: value" text (alloclab
 * results, debugfs files).
 *
 * All parsers work on a NUL-terminated string holding the whole file, so they
 * are pure and unit-testable; proc_read_file() loads a file (including /proc
 * files, which report size 0) into such a string. Every parse function fills
 * a caller-provided structure that must be released with its *_free().
 * Lines that do not parse are skipped and counted in ->bad; a missing or
 * unknown header makes the whole parse fail (-1) with a message in @err.
 */
#ifndef ALLOCLAB_PROC_H
#define ALLOCLAB_PROC_H

#include <stddef.h>

#define PROC_NAME_LEN	64
#define PROC_MAX_ORDERS	16	/* MAX_PAGE_ORDER is at most 15 in practice */

/* Whole file as a string; NULL with errno set on error. Caller frees. */
char *proc_read_file(const char *path);

/* ---- /proc/slabinfo, "slabinfo - version: 2.1" ---- */

struct slab_entry {
	char name[PROC_NAME_LEN];
	unsigned long long active_objs;
	unsigned long long num_objs;
	unsigned long long objsize;
	unsigned long long objperslab;
	unsigned long long pagesperslab;
	unsigned long long active_slabs;
	unsigned long long num_slabs;
};

struct slabinfo {
	struct slab_entry *e;
	size_t n;
	int bad;		/* lines skipped */
};

int slabinfo_parse(const char *text, struct slabinfo *si, char *err, size_t errlen);
const struct slab_entry *slabinfo_find(const struct slabinfo *si, const char *name);
void slabinfo_free(struct slabinfo *si);

/* ---- /proc/buddyinfo, "Node 0, zone   Normal  12 3 ..." ---- */

struct buddy_zone {
	int node;
	char zone[PROC_NAME_LEN];
	int norders;				/* columns present */
	unsigned long long free[PROC_MAX_ORDERS];	/* free blocks per order */
};

struct buddyinfo {
	struct buddy_zone *z;
	size_t n;
	int bad;
};

int buddyinfo_parse(const char *text, struct buddyinfo *bi, char *err, size_t errlen);
const struct buddy_zone *buddyinfo_find(const struct buddyinfo *bi, int node,
					const char *zone);
void buddyinfo_free(struct buddyinfo *bi);

/* ---- /proc/meminfo, "MemFree:   123456 kB" ---- */

struct mem_entry {
	char name[PROC_NAME_LEN];
	unsigned long long value;
	int kb;					/* value had the " kB" unit */
};

struct meminfo {
	struct mem_entry *e;
	size_t n;
	int bad;
};

int meminfo_parse(const char *text, struct meminfo *mi, char *err, size_t errlen);
const struct mem_entry *meminfo_find(const struct meminfo *mi, const char *name);
void meminfo_free(struct meminfo *mi);

/* ---- counters: /proc/vmstat, /proc/zoneinfo, /proc/pagetypeinfo ---- */

enum proc_unit {
	PU_COUNT,		/* events or a plain number */
	PU_PAGES,
	PU_KB,
	PU_BLOCKS,		/* free blocks of 2^order pages */
	PU_PAGEBLOCKS,		/* pageblocks of 2^pageblock_order pages */
	PU_BYTES,
	PU_AREAS,		/* vmalloc areas */
};

struct pcount {
	char group[PROC_NAME_LEN];	/* "node 0 Normal", "node 0", "" */
	char name[PROC_NAME_LEN];	/* counter, or migrate type */
	int order;			/* order of PU_BLOCKS, else -1 */
	int unit;			/* PU_* */
	unsigned long long value;
};

struct pcounts {
	struct pcount *c;
	size_t n;
	int bad;
	int pageblock_order;		/* pagetypeinfo only, else -1 */
};

/* "pages", "kB", ...: the unit's name ("" for PU_COUNT). */
const char *proc_unit_name(int unit);
/* Unit of a /proc/vmstat or /proc/zoneinfo counter, from its name. */
int proc_counter_unit(const char *name);

/* "name value" lines. */
int vmstat_parse(const char *text, struct pcounts *pc, char *err, size_t errlen);
/*
 * Zone watermarks and counters ("pages free N", "min N", "nr_x N") grouped
 * "node N ZONE", the per-node stats as "node N"; lines with a ':' (start_pfn,
 * protection, the per-cpu pagesets) are left out.
 */
int zoneinfo_parse(const char *text, struct pcounts *pc, char *err, size_t errlen);
/*
 * Free blocks per node, zone, migrate type and order (PU_BLOCKS, name = the
 * type) and pageblocks per type (PU_PAGEBLOCKS, order -1); sets
 * ->pageblock_order from "Page block order: N".
 */
int pagetypeinfo_parse(const char *text, struct pcounts *pc, char *err, size_t errlen);
const struct pcount *pcounts_find(const struct pcounts *pc, const char *group,
				  const char *name, int order);
void pcounts_free(struct pcounts *pc);

/* ---- /proc/vmallocinfo, "0xSTART-0xEND SIZE caller+0x1/0x2 ..." ---- */

struct vmalloc_area {
	unsigned long long start, end, size;
	char caller[PROC_NAME_LEN];	/* symbol without +off/len */
};

struct vmallocinfo {
	struct vmalloc_area *a;
	size_t n;
	int bad;
};

/* An empty file is valid (no areas); a file of bad lines is not. */
int vmallocinfo_parse(const char *text, struct vmallocinfo *vi, char *err, size_t errlen);
void vmallocinfo_free(struct vmallocinfo *vi);

struct vmalloc_caller {
	char caller[PROC_NAME_LEN];
	unsigned long long areas, bytes;
};

struct vmalloc_summary {
	struct vmalloc_caller *c;	/* one per caller, sorted by name */
	size_t n;
	unsigned long long areas, bytes;
	int have_gap;		/* addresses real (end - start == size everywhere) */
	unsigned long long largest_gap;	/* bytes between two neighbouring areas */
};

void vmalloc_summarize(const struct vmallocinfo *vi, struct vmalloc_summary *s);
const struct vmalloc_caller *vmalloc_summary_find(const struct vmalloc_summary *s,
						  const char *caller);
void vmalloc_summary_free(struct vmalloc_summary *s);

/* ---- generic "key: value" lines, blocks separated by blank lines ---- */

struct kv {
	char *key;
	char *val;		/* leading/trailing blanks removed; may be "" */
};

struct kvblock {
	struct kv *kv;
	size_t n;
};

struct kvdoc {
	struct kvblock *b;
	size_t n;
	int bad;		/* non-empty lines without "key:" */
};

/*
 * Split one line (no newline) at its first ':' into key and value. The key
 * must be non-empty and contain no blank; the value is trimmed. Returns 0 and
 * points *key / *val into @line (which is modified), or -1.
 */
int kv_split_line(char *line, char **key, char **val);

/* Parse @text into blocks of key: value pairs (a blank line ends a block). */
int kv_parse(const char *text, struct kvdoc *doc);
/* Value of @key in @b, or NULL. */
const char *kv_get(const struct kvblock *b, const char *key);
void kv_free(struct kvdoc *doc);

#endif /* ALLOCLAB_PROC_H */
