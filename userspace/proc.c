// SPDX-License-Identifier: GPL-2.0
/*
 * proc.c - parsers for /proc/slabinfo, /proc/buddyinfo, /proc/meminfo and
 * "key: value" text. See proc.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "proc.h"

char *proc_read_file(const char *path)
{
	size_t len = 0, cap = 4096;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = out_xmalloc(cap);
	for (;;) {
		ssize_t n;

		if (cap - len < 2048) {
			cap *= 2;
			buf = out_xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/*
 * Line iterator over a string: returns the next line copied into a
 * malloc'ed buffer (no newline) or NULL at the end. A final line without a
 * newline counts; an empty text has no lines.
 */
struct lines {
	const char *p;
};

static char *next_line(struct lines *it)
{
	const char *nl;
	size_t len;
	char *s;

	if (!it->p || !*it->p)
		return NULL;
	nl = strchr(it->p, '\n');
	len = nl ? (size_t)(nl - it->p) : strlen(it->p);
	s = out_xmalloc(len + 1);
	memcpy(s, it->p, len);
	s[len] = '\0';
	if (len && s[len - 1] == '\r')
		s[len - 1] = '\0';
	it->p = nl ? nl + 1 : it->p + len;
	return s;
}

static int blank_line(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

static void set_err(char *err, size_t errlen, const char *msg, const char *arg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s%s", msg, arg ? arg : "");
}

#define GROW(arr, n, cap) do {						\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 64;				\
		(arr) = out_xrealloc((arr), sizeof(*(arr)) * (cap));	\
	}								\
} while (0)

/* ---- slabinfo ---- */

int slabinfo_parse(const char *text, struct slabinfo *si, char *err, size_t errlen)
{
	struct lines it = { text };
	size_t cap = 0;
	char *line;
	int first = 1, ret = 0;

	memset(si, 0, sizeof(*si));
	while ((line = next_line(&it))) {
		struct slab_entry e;
		int end = 0;

		if (first) {
			const char *v = "slabinfo - version: ";

			first = 0;
			if (strncmp(line, v, strlen(v))) {
				set_err(err, errlen, "not a slabinfo file", NULL);
				ret = -1;
			} else if (strncmp(line + strlen(v), "2.1", 3) ||
				   (line[strlen(v) + 3] && line[strlen(v) + 3] != ' ')) {
				set_err(err, errlen, "unsupported slabinfo version ",
					line + strlen(v));
				ret = -1;
			}
			free(line);
			if (ret)
				break;
			continue;
		}
		if (line[0] == '#' || blank_line(line)) {
			free(line);
			continue;
		}
		memset(&e, 0, sizeof(e));
		/* sscanf's %llu would take "-1": numbers are digits only */
		if (strpbrk(line + strcspn(line, " \t"), "-+")) {
			si->bad++;
			free(line);
			continue;
		}
		if (sscanf(line, "%63s %llu %llu %llu %llu %llu : tunables %*u %*u %*u"
			   " : slabdata %llu %llu %*u%n",
			   e.name, &e.active_objs, &e.num_objs, &e.objsize,
			   &e.objperslab, &e.pagesperslab, &e.active_slabs,
			   &e.num_slabs, &end) != 8 || !end ||
		    strlen(e.name) >= PROC_NAME_LEN - 1) {
			si->bad++;
			free(line);
			continue;
		}
		GROW(si->e, si->n, cap);
		si->e[si->n++] = e;
		free(line);
	}
	if (first && !ret) {
		set_err(err, errlen, "empty slabinfo", NULL);
		ret = -1;
	}
	if (ret)
		slabinfo_free(si);
	return ret;
}

const struct slab_entry *slabinfo_find(const struct slabinfo *si, const char *name)
{
	size_t i;

	for (i = 0; i < si->n; i++)
		if (!strcmp(si->e[i].name, name))
			return &si->e[i];
	return NULL;
}

void slabinfo_free(struct slabinfo *si)
{
	free(si->e);
	memset(si, 0, sizeof(*si));
}

/* ---- buddyinfo ---- */

int buddyinfo_parse(const char *text, struct buddyinfo *bi, char *err, size_t errlen)
{
	struct lines it = { text };
	size_t cap = 0;
	char *line;

	memset(bi, 0, sizeof(*bi));
	while ((line = next_line(&it))) {
		struct buddy_zone z;
		const char *p;
		int pos = 0, ok = 1;

		if (blank_line(line)) {
			free(line);
			continue;
		}
		memset(&z, 0, sizeof(z));
		if (sscanf(line, "Node %d, zone %63s%n", &z.node, z.zone, &pos) != 2 ||
		    !pos || strlen(z.zone) >= PROC_NAME_LEN - 1) {
			bi->bad++;
			free(line);
			continue;
		}
		p = line + pos;
		for (;;) {
			unsigned long long v;
			char *endp;

			p += strspn(p, " \t");
			if (!*p)
				break;
			if (*p < '0' || *p > '9' || z.norders == PROC_MAX_ORDERS) {
				ok = 0;
				break;
			}
			errno = 0;
			v = strtoull(p, &endp, 10);
			if (errno || (*endp && *endp != ' ' && *endp != '\t')) {
				ok = 0;
				break;
			}
			z.free[z.norders++] = v;
			p = endp;
		}
		if (!ok || !z.norders) {
			bi->bad++;
			free(line);
			continue;
		}
		GROW(bi->z, bi->n, cap);
		bi->z[bi->n++] = z;
		free(line);
	}
	if (!bi->n) {
		set_err(err, errlen, "no \"Node N, zone NAME\" lines in buddyinfo", NULL);
		buddyinfo_free(bi);
		return -1;
	}
	return 0;
}

const struct buddy_zone *buddyinfo_find(const struct buddyinfo *bi, int node,
					const char *zone)
{
	size_t i;

	for (i = 0; i < bi->n; i++)
		if (bi->z[i].node == node && !strcmp(bi->z[i].zone, zone))
			return &bi->z[i];
	return NULL;
}

void buddyinfo_free(struct buddyinfo *bi)
{
	free(bi->z);
	memset(bi, 0, sizeof(*bi));
}

/* ---- meminfo ---- */

int meminfo_parse(const char *text, struct meminfo *mi, char *err, size_t errlen)
{
	struct lines it = { text };
	size_t cap = 0;
	char *line;

	memset(mi, 0, sizeof(*mi));
	while ((line = next_line(&it))) {
		struct mem_entry e;
		char *key, *val, *endp;

		if (blank_line(line)) {
			free(line);
			continue;
		}
		memset(&e, 0, sizeof(e));
		if (kv_split_line(line, &key, &val) || strlen(key) >= PROC_NAME_LEN ||
		    *val < '0' || *val > '9') {
			mi->bad++;
			free(line);
			continue;
		}
		errno = 0;
		e.value = strtoull(val, &endp, 10);
		endp += strspn(endp, " \t");
		if (errno || (*endp && strcmp(endp, "kB"))) {
			mi->bad++;
			free(line);
			continue;
		}
		e.kb = *endp != '\0';
		strcpy(e.name, key);
		GROW(mi->e, mi->n, cap);
		mi->e[mi->n++] = e;
		free(line);
	}
	if (!mi->n) {
		set_err(err, errlen, "no \"Name: value\" lines in meminfo", NULL);
		meminfo_free(mi);
		return -1;
	}
	return 0;
}

const struct mem_entry *meminfo_find(const struct meminfo *mi, const char *name)
{
	size_t i;

	for (i = 0; i < mi->n; i++)
		if (!strcmp(mi->e[i].name, name))
			return &mi->e[i];
	return NULL;
}

void meminfo_free(struct meminfo *mi)
{
	free(mi->e);
	memset(mi, 0, sizeof(*mi));
}

/* ---- key: value ---- */

int kv_split_line(char *line, char **key, char **val)
{
	char *colon = strchr(line, ':');
	char *v, *end;

	if (!colon || colon == line)
		return -1;
	*colon = '\0';
	if (strpbrk(line, " \t"))
		return -1;
	v = colon + 1;
	v += strspn(v, " \t");
	end = v + strlen(v);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	*key = line;
	*val = v;
	return 0;
}

int kv_parse(const char *text, struct kvdoc *doc)
{
	struct lines it = { text };
	size_t bcap = 0, kvcap = 0;
	struct kvblock *cur = NULL;
	char *line;

	memset(doc, 0, sizeof(*doc));
	while ((line = next_line(&it))) {
		char *key, *val;

		if (blank_line(line)) {
			cur = NULL;
			free(line);
			continue;
		}
		if (kv_split_line(line, &key, &val)) {
			doc->bad++;
			free(line);
			continue;
		}
		if (!cur) {
			GROW(doc->b, doc->n, bcap);
			cur = &doc->b[doc->n++];
			memset(cur, 0, sizeof(*cur));
			kvcap = 0;
		}
		GROW(cur->kv, cur->n, kvcap);
		cur->kv[cur->n].key = out_xstrdup(key);
		cur->kv[cur->n].val = out_xstrdup(val);
		cur->n++;
		free(line);
	}
	return 0;
}

const char *kv_get(const struct kvblock *b, const char *key)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!strcmp(b->kv[i].key, key))
			return b->kv[i].val;
	return NULL;
}

void kv_free(struct kvdoc *doc)
{
	size_t i, k;

	for (i = 0; i < doc->n; i++) {
		for (k = 0; k < doc->b[i].n; k++) {
			free(doc->b[i].kv[k].key);
			free(doc->b[i].kv[k].val);
		}
		free(doc->b[i].kv);
	}
	free(doc->b);
	memset(doc, 0, sizeof(*doc));
}

/* ---- counters: vmstat, zoneinfo, pagetypeinfo ---- */

const char *proc_unit_name(int unit)
{
	static const char *const names[] = {
		[PU_COUNT] = "", [PU_PAGES] = "pages", [PU_KB] = "kB",
		[PU_BLOCKS] = "blocks", [PU_PAGEBLOCKS] = "pageblocks",
		[PU_BYTES] = "bytes", [PU_AREAS] = "areas",
	};

	if (unit < 0 || unit > PU_AREAS)
		return "";
	return names[unit];
}

int proc_counter_unit(const char *name)
{
	static const char *const kb[] = {
		"nr_kernel_stack", "nr_shadow_call_stack", "pgpgin", "pgpgout", NULL
	};
	static const char *const events[] = {
		"nr_vmscan", "nr_written", "nr_dirtied", "nr_foll_pin", "nr_unstable",
		"nr_throttled", NULL
	};
	static const char *const zone_pages[] = {
		"free", "boost", "min", "low", "high", "promo", "spanned", "present",
		"managed", "cma", NULL
	};
	int i;

	for (i = 0; kb[i]; i++)
		if (!strcmp(name, kb[i]))
			return PU_KB;
	for (i = 0; zone_pages[i]; i++)
		if (!strcmp(name, zone_pages[i]))
			return PU_PAGES;
	if (strncmp(name, "nr_", 3) || strstr(name, "hugepages") || strstr(name, "pmdmapped"))
		return PU_COUNT;	/* the THP counters count huge pages */
	for (i = 0; events[i]; i++)
		if (!strncmp(name, events[i], strlen(events[i])))
			return PU_COUNT;
	return PU_PAGES;
}

static void pc_add(struct pcounts *pc, size_t *cap, const char *group, const char *name,
		   int order, int unit, unsigned long long v)
{
	struct pcount *c;

	GROW(pc->c, pc->n, *cap);
	c = &pc->c[pc->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->group, sizeof(c->group), "%s", group);
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->order = order;
	c->unit = unit;
	c->value = v;
}

/* A whole unsigned decimal number: digits only, nothing after but blanks. */
static int parse_u64(const char *s, unsigned long long *v)
{
	char *end;

	s += strspn(s, " \t");
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || end[strspn(end, " \t")])
		return -1;
	return 0;
}

static void pc_init(struct pcounts *pc)
{
	memset(pc, 0, sizeof(*pc));
	pc->pageblock_order = -1;
}

static int pc_finish(struct pcounts *pc, const char *what, char *err, size_t errlen)
{
	if (pc->n)
		return 0;
	set_err(err, errlen, "no counters in ", what);
	pcounts_free(pc);
	return -1;
}

int vmstat_parse(const char *text, struct pcounts *pc, char *err, size_t errlen)
{
	struct lines it = { text };
	size_t cap = 0;
	char *line;

	pc_init(pc);
	while ((line = next_line(&it))) {
		char name[PROC_NAME_LEN];
		unsigned long long v;
		int pos = 0;

		if (blank_line(line)) {
			free(line);
			continue;
		}
		if (sscanf(line, "%63s%n", name, &pos) != 1 || strlen(name) >= PROC_NAME_LEN - 1 ||
		    strchr(name, ':') || parse_u64(line + pos, &v))
			pc->bad++;
		else
			pc_add(pc, &cap, "", name, -1, proc_counter_unit(name), v);
		free(line);
	}
	return pc_finish(pc, "vmstat", err, errlen);
}

/* "  pages free 3973" and "  nr_x 12": name and value; -1 for other lines. */
static int zone_counter(const char *line, char *name, size_t len, unsigned long long *v)
{
	const char *p = line + strspn(line, " \t");
	const char *sp;

	if (strchr(p, ':') || strchr(p, '('))
		return -1;
	if (!strncmp(p, "pages ", 6))
		p += 6 + strspn(p + 6, " \t");
	sp = p + strcspn(p, " \t");
	if (sp == p || (size_t)(sp - p) >= len)
		return -1;
	snprintf(name, len, "%.*s", (int)(sp - p), p);
	return parse_u64(sp, v);
}

int zoneinfo_parse(const char *text, struct pcounts *pc, char *err, size_t errlen)
{
	struct lines it = { text };
	char group[PROC_NAME_LEN] = "", zone[PROC_NAME_LEN];
	size_t cap = 0;
	char *line;
	int node = -1;

	pc_init(pc);
	while ((line = next_line(&it))) {
		char name[PROC_NAME_LEN];
		unsigned long long v;
		const char *p = line + strspn(line, " \t");

		if (sscanf(line, "Node %d, zone %63s", &node, zone) == 2) {
			snprintf(group, sizeof(group), "node %d %.40s", node, zone);
		} else if (!strcmp(p, "per-node stats") && node >= 0) {
			snprintf(group, sizeof(group), "node %d", node);
		} else if (!strncmp(p, "pages free", 10) && node >= 0) {
			snprintf(group, sizeof(group), "node %d %.40s", node, zone);
			if (!zone_counter(line, name, sizeof(name), &v))
				pc_add(pc, &cap, group, name, -1, PU_PAGES, v);
		} else if (!blank_line(line) && *group) {
			if (!zone_counter(line, name, sizeof(name), &v))
				pc_add(pc, &cap, group, name, -1, proc_counter_unit(name), v);
		} else if (!blank_line(line)) {
			pc->bad++;
		}
		free(line);
	}
	return pc_finish(pc, "zoneinfo (no \"Node N, zone NAME\" line)", err, errlen);
}

/* The numbers after @p, at most PROC_MAX_ORDERS; count, or -1 if one is bad. */
static int number_row(const char *p, unsigned long long *v, int max)
{
	int n = 0;

	for (;;) {
		char *end;

		p += strspn(p, " \t");
		if (!*p)
			return n;
		if (*p < '0' || *p > '9' || n == max)
			return -1;
		errno = 0;
		v[n++] = strtoull(p, &end, 10);
		if (errno || (*end && *end != ' ' && *end != '\t'))
			return -1;
		p = end;
	}
}

#define PT_MAX_TYPES 8

struct pt_state {
	char types[PT_MAX_TYPES][PROC_NAME_LEN];	/* "Number of blocks type" header */
	int ntypes;
	size_t cap;
};

/* "Node 0, zone DMA, type Unmovable 0 1 ..." or "Node 0, zone DMA 1 7 ...". */
static int pt_line(const char *line, struct pcounts *pc, struct pt_state *st)
{
	unsigned long long v[PROC_MAX_ORDERS];
	char zone[PROC_NAME_LEN], type[PROC_NAME_LEN], group[PROC_NAME_LEN];
	int node, pos = 0, n, i;

	if (sscanf(line, "Node %d, zone %63[^, ], type %63s%n", &node, zone, type, &pos) == 3 &&
	    pos) {
		n = number_row(line + pos, v, PROC_MAX_ORDERS);
		if (n <= 0)
			return -1;
		snprintf(group, sizeof(group), "node %d %.40s", node, zone);
		for (i = 0; i < n; i++)
			pc_add(pc, &st->cap, group, type, i, PU_BLOCKS, v[i]);
		return 0;
	}
	pos = 0;
	if (sscanf(line, "Node %d, zone %63s%n", &node, zone, &pos) != 2 || !pos ||
	    !st->ntypes)
		return -1;
	n = number_row(line + pos, v, PT_MAX_TYPES);
	if (n != st->ntypes)
		return -1;
	snprintf(group, sizeof(group), "node %d %.40s", node, zone);
	for (i = 0; i < n; i++)
		pc_add(pc, &st->cap, group, st->types[i], -1, PU_PAGEBLOCKS, v[i]);
	return 0;
}

static void pt_types(const char *p, struct pt_state *st)
{
	int pos = 0;

	st->ntypes = 0;
	while (st->ntypes < PT_MAX_TYPES &&
	       sscanf(p, "%63s%n", st->types[st->ntypes], &pos) == 1) {
		st->ntypes++;
		p += pos;
	}
}

int pagetypeinfo_parse(const char *text, struct pcounts *pc, char *err, size_t errlen)
{
	static const char hdr[] = "Page block order:";
	static const char blocks[] = "Number of blocks type";
	struct lines it = { text };
	struct pt_state st;
	char *line;

	pc_init(pc);
	memset(&st, 0, sizeof(st));
	if (strncmp(text, hdr, strlen(hdr))) {
		set_err(err, errlen, "not a pagetypeinfo file (no \"Page block order:\")", NULL);
		return -1;
	}
	while ((line = next_line(&it))) {
		if (!strncmp(line, hdr, strlen(hdr)))
			pc->pageblock_order = atoi(line + strlen(hdr));
		else if (!strncmp(line, blocks, strlen(blocks)))
			pt_types(line + strlen(blocks), &st);
		else if (!strncmp(line, "Node", 4) && pt_line(line, pc, &st))
			pc->bad++;
		free(line);
	}
	return pc_finish(pc, "pagetypeinfo", err, errlen);
}

const struct pcount *pcounts_find(const struct pcounts *pc, const char *group,
				  const char *name, int order)
{
	size_t i;

	for (i = 0; i < pc->n; i++)
		if (pc->c[i].order == order && !strcmp(pc->c[i].name, name) &&
		    !strcmp(pc->c[i].group, group))
			return &pc->c[i];
	return NULL;
}

void pcounts_free(struct pcounts *pc)
{
	free(pc->c);
	pc_init(pc);
}

/* ---- vmallocinfo ---- */

/* "0xSTART-0xEND SIZE caller+0x1/0x2 ...": 0, or -1 */
static int vmalloc_line(const char *line, struct vmalloc_area *a)
{
	char caller[256] = "";
	int pos = 0;

	memset(a, 0, sizeof(*a));
	if (strncmp(line, "0x", 2))
		return -1;
	/*
	 * Until the kernel's pointer-hash key is ready (early after boot, on a slow
	 * machine) %pK prints "(____ptrval____)": the area still has a size and a
	 * caller, its addresses are unknown (0: no gap is computed from them).
	 */
	if (sscanf(line, "0x%llx-0x%llx %llu%n", &a->start, &a->end, &a->size, &pos) != 3) {
		a->start = 0;
		a->end = 0;
		pos = 0;
		if (sscanf(line, "0x%*[^- ]-0x%*s %llu%n", &a->size, &pos) != 1)
			return -1;
	}
	if (!pos || (line[pos] != ' ' && line[pos] != '\t' && line[pos]))
		return -1;
	if (strchr(line + strcspn(line, " \t"), '-') && strchr(line + strcspn(line, " \t"), '-') <
	    line + pos)
		return -1;	/* a negative size */
	sscanf(line + pos, "%255s", caller);
	caller[strcspn(caller, "+")] = '\0';
	snprintf(a->caller, sizeof(a->caller), "%.*s", (int)sizeof(a->caller) - 1,
		 *caller ? caller : "?");
	return 0;
}

int vmallocinfo_parse(const char *text, struct vmallocinfo *vi, char *err, size_t errlen)
{
	struct lines it = { text };
	size_t cap = 0;
	char *line;

	memset(vi, 0, sizeof(*vi));
	while ((line = next_line(&it))) {
		struct vmalloc_area a;

		if (blank_line(line)) {
			free(line);
			continue;
		}
		if (vmalloc_line(line, &a)) {
			vi->bad++;
		} else {
			GROW(vi->a, vi->n, cap);
			vi->a[vi->n++] = a;
		}
		free(line);
	}
	if (!vi->n && vi->bad) {
		set_err(err, errlen, "no \"0xSTART-0xEND SIZE caller\" lines in vmallocinfo", NULL);
		vmallocinfo_free(vi);
		return -1;
	}
	return 0;
}

void vmallocinfo_free(struct vmallocinfo *vi)
{
	free(vi->a);
	memset(vi, 0, sizeof(*vi));
}

static int cmp_caller(const void *a, const void *b)
{
	return strcmp(((const struct vmalloc_caller *)a)->caller,
		      ((const struct vmalloc_caller *)b)->caller);
}

static int cmp_area(const void *a, const void *b)
{
	unsigned long long x = ((const struct vmalloc_area *)a)->start;
	unsigned long long y = ((const struct vmalloc_area *)b)->start;

	return x < y ? -1 : x > y;
}

/* Largest hole between neighbouring areas; only if the addresses are real. */
static void vmalloc_gap(const struct vmallocinfo *vi, struct vmalloc_summary *s)
{
	struct vmalloc_area *v;
	size_t i;

	for (i = 0; i < vi->n; i++)
		if (vi->a[i].end - vi->a[i].start != vi->a[i].size || !vi->a[i].start)
			return;
	if (vi->n < 2)
		return;
	v = out_xmalloc(sizeof(*v) * vi->n);
	memcpy(v, vi->a, sizeof(*v) * vi->n);
	qsort(v, vi->n, sizeof(*v), cmp_area);
	s->have_gap = 1;
	for (i = 1; i < vi->n; i++)
		if (v[i].start > v[i - 1].end && v[i].start - v[i - 1].end > s->largest_gap)
			s->largest_gap = v[i].start - v[i - 1].end;
	free(v);
}

void vmalloc_summarize(const struct vmallocinfo *vi, struct vmalloc_summary *s)
{
	size_t i, cap = 0;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < vi->n; i++) {
		const struct vmalloc_area *a = &vi->a[i];
		struct vmalloc_caller *c = NULL;
		size_t k;

		for (k = 0; k < s->n && !c; k++)
			if (!strcmp(s->c[k].caller, a->caller))
				c = &s->c[k];
		if (!c) {
			GROW(s->c, s->n, cap);
			c = &s->c[s->n++];
			memset(c, 0, sizeof(*c));
			strcpy(c->caller, a->caller);
		}
		c->areas++;
		c->bytes += a->size;
		s->areas++;
		s->bytes += a->size;
	}
	if (s->n)
		qsort(s->c, s->n, sizeof(*s->c), cmp_caller);
	vmalloc_gap(vi, s);
}

const struct vmalloc_caller *vmalloc_summary_find(const struct vmalloc_summary *s,
						  const char *caller)
{
	struct vmalloc_caller key;

	if (!s->n)
		return NULL;
	snprintf(key.caller, sizeof(key.caller), "%s", caller);
	return bsearch(&key, s->c, s->n, sizeof(*s->c), cmp_caller);
}

void vmalloc_summary_free(struct vmalloc_summary *s)
{
	free(s->c);
	memset(s, 0, sizeof(*s));
}
