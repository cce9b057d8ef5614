// SPDX-License-Identifier: GPL-2.0
/*
 * snap.c - snapshot files and their differences. See snap.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "out.h"
#include "snap.h"

static char **snap_slot(struct snapshot *s, const char *path)
{
	if (!strcmp(path, SNAP_SLABINFO))
		return &s->slabinfo;
	if (!strcmp(path, SNAP_BUDDYINFO))
		return &s->buddyinfo;
	if (!strcmp(path, SNAP_MEMINFO))
		return &s->meminfo;
	if (!strcmp(path, SNAP_PAGETYPEINFO))
		return &s->pagetypeinfo;
	if (!strcmp(path, SNAP_VMALLOCINFO))
		return &s->vmallocinfo;
	if (!strcmp(path, SNAP_ZONEINFO))
		return &s->zoneinfo;
	if (!strcmp(path, SNAP_VMSTAT))
		return &s->vmstat;
	return NULL;
}

static const char *const snap_files[] = {
	SNAP_SLABINFO, SNAP_BUDDYINFO, SNAP_MEMINFO, SNAP_PAGETYPEINFO,
	SNAP_VMALLOCINFO, SNAP_ZONEINFO, SNAP_VMSTAT
};
#define NR_SNAP_FILES (sizeof(snap_files) / sizeof(snap_files[0]))

int snap_take(struct snapshot *s)
{
	struct utsname u;
	size_t i;
	int missing = 0;

	memset(s, 0, sizeof(*s));
	s->time = (long long)time(NULL);
	s->page_size = sysconf(_SC_PAGESIZE);
	if (!uname(&u))
		snprintf(s->kernel, sizeof(s->kernel), "%s", u.release);
	for (i = 0; i < NR_SNAP_FILES; i++) {
		char **slot = snap_slot(s, snap_files[i]);

		*slot = proc_read_file(snap_files[i]);
		if (!*slot) {
			int e = errno;

			out_error("warning: cannot read %s: %s%s", snap_files[i],
				  strerror(e),
				  e == EACCES || e == EPERM ? " (run as root)" : "");
			missing++;
		}
	}
	return missing;
}

void snap_write(const struct snapshot *s, FILE *f)
{
	size_t i;

	fprintf(f, "%s\ntime: %lld\nkernel: %s\n", SNAP_MAGIC, s->time, s->kernel);
	if (s->page_size > 0)
		fprintf(f, "page_size: %ld\n", s->page_size);
	for (i = 0; i < NR_SNAP_FILES; i++) {
		const char *text = *snap_slot((struct snapshot *)s, snap_files[i]);
		size_t len;

		if (!text)
			continue;
		fprintf(f, "--- %s\n", snap_files[i]);
		len = strlen(text);
		fputs(text, f);
		if (len && text[len - 1] != '\n')
			fputc('\n', f);
	}
}

static char *snap_strndup(const char *s, size_t n)
{
	char *p = out_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* An unknown section leaves slot NULL: its lines are skipped. */
int snap_parse(const char *text, struct snapshot *s, char *err, size_t errlen)
{
	const char *p = text, *nl;
	char **slot = NULL;
	const char *body = NULL;
	size_t mlen = strlen(SNAP_MAGIC);

	memset(s, 0, sizeof(*s));
	if (strncmp(p, SNAP_MAGIC, mlen) || (p[mlen] != '\n' && p[mlen])) {
		snprintf(err, errlen, "not an alloclab snapshot (first line is not \"%s\")",
			 SNAP_MAGIC);
		return -1;
	}
	p += mlen + (p[mlen] == '\n');
	for (; *p; p = nl ? nl + 1 : p + strlen(p)) {
		size_t len;

		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > 4 && !strncmp(p, "--- ", 4)) {
			char path[256];

			if (slot && !*slot)
				*slot = snap_strndup(body, p - body);
			snprintf(path, sizeof(path), "%.*s", (int)(len - 4), p + 4);
			slot = snap_slot(s, path);
			if (slot && *slot) {
				snprintf(err, errlen, "section %s appears twice", path);
				snap_free(s);
				return -1;
			}
			body = nl ? nl + 1 : p + len;
			continue;
		}
		if (body)
			continue;
		if (!strncmp(p, "time: ", 6))
			s->time = strtoll(p + 6, NULL, 10);
		else if (!strncmp(p, "kernel: ", 8))
			snprintf(s->kernel, sizeof(s->kernel), "%.*s", (int)(len - 8), p + 8);
		else if (!strncmp(p, "page_size: ", 11))
			s->page_size = strtol(p + 11, NULL, 10);
	}
	if (slot && !*slot)
		*slot = snap_strndup(body, p - body);
	if (snap_empty(s)) {
		snprintf(err, errlen, "snapshot holds no known section");
		snap_free(s);
		return -1;
	}
	return 0;
}

int snap_empty(const struct snapshot *s)
{
	size_t i;

	for (i = 0; i < NR_SNAP_FILES; i++)
		if (*snap_slot((struct snapshot *)s, snap_files[i]))
			return 0;
	return 1;
}

void snap_free(struct snapshot *s)
{
	size_t i;

	for (i = 0; i < NR_SNAP_FILES; i++)
		free(*snap_slot(s, snap_files[i]));
	memset(s, 0, sizeof(*s));
}

#define GROW(arr, n, cap) do {						\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 32;				\
		(arr) = out_xrealloc((arr), sizeof(*(arr)) * (cap));	\
	}								\
} while (0)

/* slabtop's order: the largest caches (objects * objsize) now first. */
static int cmp_slab_size(const void *pa, const void *pb)
{
	const struct slab_delta *a = pa, *b = pb;
	unsigned long long x = slab_delta_bytes(a, 1), y = slab_delta_bytes(b, 1);

	if (x != y)
		return x < y ? 1 : -1;
	return strcmp(a->name, b->name);
}

static int diff_slab(const char *ta, const char *tb, struct snap_diff *d,
		     char *err, size_t errlen)
{
	struct slabinfo a, b;
	size_t i, cap = 0;
	char e[128];

	if (slabinfo_parse(ta, &a, e, sizeof(e))) {
		snprintf(err, errlen, "first snapshot: slabinfo: %s", e);
		return -1;
	}
	if (slabinfo_parse(tb, &b, e, sizeof(e))) {
		snprintf(err, errlen, "second snapshot: slabinfo: %s", e);
		slabinfo_free(&a);
		return -1;
	}
	for (i = 0; i < b.n; i++) {
		const struct slab_entry *eb = &b.e[i];
		const struct slab_entry *ea = slabinfo_find(&a, eb->name);
		struct slab_delta x;

		memset(&x, 0, sizeof(x));
		strcpy(x.name, eb->name);
		x.objsize = eb->objsize;
		x.active_b = eb->active_objs;
		x.num_b = eb->num_objs;
		if (ea) {
			x.active_a = ea->active_objs;
			x.num_a = ea->num_objs;
			if (x.active_a == x.active_b && x.num_a == x.num_b)
				continue;
		} else {
			x.state = DELTA_NEW;
		}
		GROW(d->slab, d->nslab, cap);
		d->slab[d->nslab++] = x;
	}
	for (i = 0; i < a.n; i++) {
		const struct slab_entry *ea = &a.e[i];
		struct slab_delta x;

		if (slabinfo_find(&b, ea->name))
			continue;
		memset(&x, 0, sizeof(x));
		strcpy(x.name, ea->name);
		x.state = DELTA_GONE;
		x.objsize = ea->objsize;
		x.active_a = ea->active_objs;
		x.num_a = ea->num_objs;
		GROW(d->slab, d->nslab, cap);
		d->slab[d->nslab++] = x;
	}
	slabinfo_free(&a);
	slabinfo_free(&b);
	if (d->nslab)
		qsort(d->slab, d->nslab, sizeof(*d->slab), cmp_slab_size);
	return 0;
}

static int diff_buddy(const char *ta, const char *tb, struct snap_diff *d,
		      char *err, size_t errlen)
{
	struct buddyinfo a, b;
	size_t i, cap = 0;
	char e[128];
	int o;

	if (buddyinfo_parse(ta, &a, e, sizeof(e))) {
		snprintf(err, errlen, "first snapshot: buddyinfo: %s", e);
		return -1;
	}
	if (buddyinfo_parse(tb, &b, e, sizeof(e))) {
		snprintf(err, errlen, "second snapshot: buddyinfo: %s", e);
		buddyinfo_free(&a);
		return -1;
	}
	for (i = 0; i < b.n; i++) {
		const struct buddy_zone *zb = &b.z[i];
		const struct buddy_zone *za = buddyinfo_find(&a, zb->node, zb->zone);
		int n = zb->norders;

		if (za && za->norders > n)
			n = za->norders;
		for (o = 0; o < n; o++) {
			unsigned long long va = za && o < za->norders ? za->free[o] : 0;
			unsigned long long vb = o < zb->norders ? zb->free[o] : 0;
			struct buddy_delta x;

			if (va == vb)
				continue;
			memset(&x, 0, sizeof(x));
			x.node = zb->node;
			strcpy(x.zone, zb->zone);
			x.order = o;
			x.a = va;
			x.b = vb;
			GROW(d->buddy, d->nbuddy, cap);
			d->buddy[d->nbuddy++] = x;
		}
	}
	/* zones only in A (a node went offline): every order went to 0 */
	for (i = 0; i < a.n; i++) {
		const struct buddy_zone *za = &a.z[i];

		if (buddyinfo_find(&b, za->node, za->zone))
			continue;
		for (o = 0; o < za->norders; o++) {
			struct buddy_delta x;

			if (!za->free[o])
				continue;
			memset(&x, 0, sizeof(x));
			x.node = za->node;
			strcpy(x.zone, za->zone);
			x.order = o;
			x.a = za->free[o];
			GROW(d->buddy, d->nbuddy, cap);
			d->buddy[d->nbuddy++] = x;
		}
	}
	buddyinfo_free(&a);
	buddyinfo_free(&b);
	return 0;
}

static int diff_mem(const char *ta, const char *tb, struct snap_diff *d,
		    char *err, size_t errlen)
{
	struct meminfo a, b;
	size_t i, cap = 0;
	char e[128];

	if (meminfo_parse(ta, &a, e, sizeof(e))) {
		snprintf(err, errlen, "first snapshot: meminfo: %s", e);
		return -1;
	}
	if (meminfo_parse(tb, &b, e, sizeof(e))) {
		snprintf(err, errlen, "second snapshot: meminfo: %s", e);
		meminfo_free(&a);
		return -1;
	}
	for (i = 0; i < b.n; i++) {
		const struct mem_entry *mb = &b.e[i];
		const struct mem_entry *ma = meminfo_find(&a, mb->name);
		struct mem_delta x;

		if (ma && ma->value == mb->value)
			continue;
		memset(&x, 0, sizeof(x));
		strcpy(x.name, mb->name);
		x.kb = mb->kb;
		x.a = ma ? ma->value : 0;
		x.b = mb->value;
		GROW(d->mem, d->nmem, cap);
		d->mem[d->nmem++] = x;
	}
	meminfo_free(&a);
	meminfo_free(&b);
	return 0;
}

typedef int (*count_parser)(const char *, struct pcounts *, char *, size_t);

static void count_add(struct count_diff *cd, size_t *cap, const struct pcount *c,
		      int state, unsigned long long a, unsigned long long b)
{
	struct count_delta *x;

	GROW(cd->v, cd->n, *cap);
	x = &cd->v[cd->n++];
	memset(x, 0, sizeof(*x));
	strcpy(x->group, c->group);
	strcpy(x->name, c->name);
	x->order = c->order;
	x->unit = c->unit;
	x->state = state;
	x->a = a;
	x->b = b;
}

static void count_compare(const struct pcounts *a, const struct pcounts *b,
			  struct count_diff *cd)
{
	size_t i, cap = 0;

	for (i = 0; i < b->n; i++) {
		const struct pcount *cb = &b->c[i];
		const struct pcount *ca = pcounts_find(a, cb->group, cb->name, cb->order);

		if (!ca)
			count_add(cd, &cap, cb, DELTA_NEW, 0, cb->value);
		else if (ca->value != cb->value)
			count_add(cd, &cap, cb, DELTA_BOTH, ca->value, cb->value);
	}
	for (i = 0; i < a->n; i++)
		if (!pcounts_find(b, a->c[i].group, a->c[i].name, a->c[i].order))
			count_add(cd, &cap, &a->c[i], DELTA_GONE, a->c[i].value, 0);
}

/* Parse both texts with @parse, keep the counters that changed. */
static int diff_counts(const char *ta, const char *tb, count_parser parse,
		       const char *what, struct count_diff *cd, int *pb_order,
		       char *err, size_t errlen)
{
	struct pcounts a, b;
	char e[128];

	cd->have = 1;
	if (parse(ta, &a, e, sizeof(e))) {
		snprintf(err, errlen, "first snapshot: %s: %s", what, e);
		return -1;
	}
	if (parse(tb, &b, e, sizeof(e))) {
		snprintf(err, errlen, "second snapshot: %s: %s", what, e);
		pcounts_free(&a);
		return -1;
	}
	count_compare(&a, &b, cd);
	if (pb_order)
		*pb_order = b.pageblock_order;
	pcounts_free(&a);
	pcounts_free(&b);
	return 0;
}

static void vmalloc_add(struct vmalloc_diff *vd, size_t *cap, const char *caller,
			const struct vmalloc_caller *ca, const struct vmalloc_caller *cb)
{
	struct vmalloc_delta *x;

	GROW(vd->v, vd->n, *cap);
	x = &vd->v[vd->n++];
	memset(x, 0, sizeof(*x));
	strcpy(x->caller, caller);
	x->state = !ca ? DELTA_NEW : !cb ? DELTA_GONE : DELTA_BOTH;
	x->areas_a = ca ? ca->areas : 0;
	x->bytes_a = ca ? ca->bytes : 0;
	x->areas_b = cb ? cb->areas : 0;
	x->bytes_b = cb ? cb->bytes : 0;
}

static void vmalloc_compare(const struct vmalloc_summary *a, const struct vmalloc_summary *b,
			    struct vmalloc_diff *vd)
{
	size_t i, cap = 0;

	for (i = 0; i < b->n; i++) {
		const struct vmalloc_caller *cb = &b->c[i];
		const struct vmalloc_caller *ca = vmalloc_summary_find(a, cb->caller);

		if (!ca || ca->areas != cb->areas || ca->bytes != cb->bytes)
			vmalloc_add(vd, &cap, cb->caller, ca, cb);
	}
	for (i = 0; i < a->n; i++)
		if (!vmalloc_summary_find(b, a->c[i].caller))
			vmalloc_add(vd, &cap, a->c[i].caller, &a->c[i], NULL);
	vd->areas_a = a->areas;
	vd->areas_b = b->areas;
	vd->bytes_a = a->bytes;
	vd->bytes_b = b->bytes;
	vd->have_gap = a->have_gap && b->have_gap;
	vd->gap_a = a->largest_gap;
	vd->gap_b = b->largest_gap;
}

static int vmalloc_summary_of(const char *text, const char *which,
			      struct vmalloc_summary *s, char *err, size_t errlen)
{
	struct vmallocinfo vi;
	char e[128];

	if (vmallocinfo_parse(text, &vi, e, sizeof(e))) {
		snprintf(err, errlen, "%s snapshot: vmallocinfo: %s", which, e);
		return -1;
	}
	vmalloc_summarize(&vi, s);
	vmallocinfo_free(&vi);
	return 0;
}

static int diff_vmalloc(const char *ta, const char *tb, struct vmalloc_diff *vd,
			char *err, size_t errlen)
{
	struct vmalloc_summary a, b;

	vd->have = 1;
	if (vmalloc_summary_of(ta, "first", &a, err, errlen))
		return -1;
	if (vmalloc_summary_of(tb, "second", &b, err, errlen)) {
		vmalloc_summary_free(&a);
		return -1;
	}
	vmalloc_compare(&a, &b, vd);
	vmalloc_summary_free(&a);
	vmalloc_summary_free(&b);
	return 0;
}

/*
 * A section of the four below that does not parse is left out with its reason on
 * stderr (the section then reads "not in both snapshots"): one odd /proc file does
 * not cost the diff of the others.
 */
static void diff_left_out(const char *why)
{
	fprintf(stderr, "alloclab: diff: %s: section left out\n", why);
}

/* The sections of the seven files that are not slab, buddy or mem. */
static int diff_more(const struct snapshot *a, const struct snapshot *b,
		     struct snap_diff *d, char *err, size_t errlen)
{
	if (a->pagetypeinfo && b->pagetypeinfo &&
	    diff_counts(a->pagetypeinfo, b->pagetypeinfo, pagetypeinfo_parse,
			"pagetypeinfo", &d->pagetype, &d->pageblock_order, err, errlen)) {
		diff_left_out(err);
		memset(&d->pagetype, 0, sizeof(d->pagetype));
	}
	if (a->zoneinfo && b->zoneinfo &&
	    diff_counts(a->zoneinfo, b->zoneinfo, zoneinfo_parse, "zoneinfo",
			&d->zone, NULL, err, errlen)) {
		diff_left_out(err);
		memset(&d->zone, 0, sizeof(d->zone));
	}
	if (a->vmstat && b->vmstat &&
	    diff_counts(a->vmstat, b->vmstat, vmstat_parse, "vmstat", &d->vmstat,
			NULL, err, errlen)) {
		diff_left_out(err);
		memset(&d->vmstat, 0, sizeof(d->vmstat));
	}
	if (a->vmallocinfo && b->vmallocinfo &&
	    diff_vmalloc(a->vmallocinfo, b->vmallocinfo, &d->vmalloc, err, errlen)) {
		diff_left_out(err);
		memset(&d->vmalloc, 0, sizeof(d->vmalloc));
	}
	err[0] = '\0';
	return 0;
}

int snap_diff(const struct snapshot *a, const struct snapshot *b,
	      struct snap_diff *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof(*d));
	d->pageblock_order = -1;
	d->page_size = b->page_size > 0 ? b->page_size :
		       a->page_size > 0 ? a->page_size : sysconf(_SC_PAGESIZE);
	if (diff_more(a, b, d, err, errlen))
		goto fail;
	if (a->slabinfo && b->slabinfo) {
		d->have_slab = 1;
		if (diff_slab(a->slabinfo, b->slabinfo, d, err, errlen))
			goto fail;
	}
	if (a->buddyinfo && b->buddyinfo) {
		d->have_buddy = 1;
		if (diff_buddy(a->buddyinfo, b->buddyinfo, d, err, errlen))
			goto fail;
	}
	if (a->meminfo && b->meminfo) {
		d->have_mem = 1;
		if (diff_mem(a->meminfo, b->meminfo, d, err, errlen))
			goto fail;
	}
	return 0;
fail:
	snap_diff_free(d);
	return -1;
}

void snap_diff_free(struct snap_diff *d)
{
	free(d->slab);
	free(d->buddy);
	free(d->mem);
	free(d->pagetype.v);
	free(d->zone.v);
	free(d->vmstat.v);
	free(d->vmalloc.v);
	memset(d, 0, sizeof(*d));
}
