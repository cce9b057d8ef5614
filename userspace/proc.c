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
