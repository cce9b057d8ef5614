// SPDX-License-Identifier: GPL-2.0
/*
 * snap.c - snapshot files and their differences. See snap.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

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
	return NULL;
}

static const char *const snap_files[] = { SNAP_SLABINFO, SNAP_BUDDYINFO, SNAP_MEMINFO };
#define NR_SNAP_FILES (sizeof(snap_files) / sizeof(snap_files[0]))

int snap_take(struct snapshot *s)
{
	struct utsname u;
	size_t i;
	int missing = 0;

	memset(s, 0, sizeof(*s));
	s->time = (long long)time(NULL);
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
	}
	if (slot && !*slot)
		*slot = snap_strndup(body, p - body);
	if (!s->slabinfo && !s->buddyinfo && !s->meminfo) {
		snprintf(err, errlen, "snapshot holds no known section");
		snap_free(s);
		return -1;
	}
	return 0;
}

void snap_free(struct snapshot *s)
{
	free(s->slabinfo);
	free(s->buddyinfo);
	free(s->meminfo);
	memset(s, 0, sizeof(*s));
}

#define GROW(arr, n, cap) do {						\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 32;				\
		(arr) = out_xrealloc((arr), sizeof(*(arr)) * (cap));	\
	}								\
} while (0)

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

int snap_diff(const struct snapshot *a, const struct snapshot *b,
	      struct snap_diff *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof(*d));
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
	memset(d, 0, sizeof(*d));
}
