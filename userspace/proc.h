/* SPDX-License-Identifier: GPL-2.0 */
/*
 * proc.h - parsers for /proc/slabinfo, /proc/buddyinfo, /proc/meminfo and the
 * generic "key: value" text (alloclab results, debugfs files).
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
