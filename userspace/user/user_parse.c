// SPDX-License-Identifier: GPL-2.0
/*
 * user_parse.c - pure parsers for /proc and cgroup files (see user_parse.h).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "user_parse.h"

/* Start of the line after the one @p is in, or NULL at the end. */
static const char *next_line(const char *p)
{
	p = strchr(p, '\n');
	return p ? p + 1 : NULL;
}

/* Length of the line at @p, without its newline. */
static size_t line_len(const char *p)
{
	const char *e = strchr(p, '\n');

	return e ? (size_t)(e - p) : strlen(p);
}

/* Does the line at @p start with "@key:"? Then the text after the colon. */
static const char *key_value(const char *p, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(p, key, n) || p[n] != ':')
		return NULL;
	return p + n + 1;
}

/* Decimal number after optional blanks; the end in *end. 0 or -1. */
static int num_at(const char *p, unsigned long long *v, const char **end)
{
	char *e;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	*v = strtoull(p, &e, 10);
	if (errno)
		return -1;
	if (end)
		*end = e;
	return 0;
}

int up_kv_ull(const char *text, const char *key, unsigned long long *val)
{
	const char *p, *v;

	for (p = text; p && *p; p = next_line(p)) {
		v = key_value(p, key);
		if (v)
			return num_at(v, val, NULL);
	}
	return -1;
}

/* ---- smaps ---- */

/*
 * A VMA header line: "start-end perms offset dev inode [path]". Field lines
 * look like "Rss:   12 kB" and never contain '-' before a blank in the first
 * word, so the first word being hex-hex tells them apart.
 */
static int vma_header(const char *p, unsigned long *start, unsigned long *end)
{
	unsigned long s, e;
	char *x;

	if (!isxdigit((unsigned char)*p))
		return 0;
	errno = 0;
	s = strtoul(p, &x, 16);
	if (errno || *x != '-')
		return 0;
	p = x + 1;
	if (!isxdigit((unsigned char)*p))
		return 0;
	e = strtoul(p, &x, 16);
	if (errno || *x != ' ')
		return 0;
	if (start)
		*start = s;
	if (end)
		*end = e;
	return 1;
}

static const struct {
	const char *key;
	size_t off;
} smaps_fields[] = {
#define F(k, m) { k, offsetof(struct up_smaps, m) }
	F("Size", size),
	F("Rss", rss),
	F("Pss", pss),
	F("Shared_Clean", shared_clean),
	F("Shared_Dirty", shared_dirty),
	F("Private_Clean", private_clean),
	F("Private_Dirty", private_dirty),
	F("Anonymous", anonymous),
	F("Swap", swap),
	F("SwapPss", swap_pss),
	F("Locked", locked),
#undef F
};

/* Add the field on line @p to @s. 1 if it was a known field, else 0. */
static int smaps_field(const char *p, struct up_smaps *s)
{
	size_t i;

	for (i = 0; i < sizeof(smaps_fields) / sizeof(smaps_fields[0]); i++) {
		const char *v = key_value(p, smaps_fields[i].key);
		unsigned long long n;

		if (!v)
			continue;
		if (num_at(v, &n, NULL))
			return 0;
		*(unsigned long long *)((char *)s + smaps_fields[i].off) += n;
		return 1;
	}
	return 0;
}

int up_smaps_sum(const char *text, struct up_smaps *tot)
{
	const char *p;
	int fields = 0, empty = 1;

	memset(tot, 0, sizeof(*tot));
	for (p = text; p && *p; p = next_line(p)) {
		if (*p != '\n')
			empty = 0;
		if (vma_header(p, NULL, NULL))
			tot->nvma++;
		else
			fields += smaps_field(p, tot);
	}
	if (empty)
		return 0;
	if (!fields)
		return -1;
	if (!tot->nvma)
		tot->nvma = 1;
	return 0;
}

int up_smaps_vma(const char *text, unsigned long addr, struct up_smaps *vma,
		 unsigned long *start, unsigned long *end)
{
	const char *p;
	unsigned long s, e;
	int in = 0;

	memset(vma, 0, sizeof(*vma));
	for (p = text; p && *p; p = next_line(p)) {
		if (vma_header(p, &s, &e)) {
			if (in)
				return 0;	/* next VMA: done */
			if (addr >= s && addr < e) {
				in = 1;
				vma->nvma = 1;
				if (start)
					*start = s;
				if (end)
					*end = e;
			}
			continue;
		}
		if (in)
			smaps_field(p, vma);
	}
	return in ? 0 : -1;
}

/* ---- status ---- */

int up_status_parse(const char *text, struct up_status *st)
{
	static const struct {
		const char *key;
		size_t off;
	} kb[] = {
#define F(k, m) { k, offsetof(struct up_status, m) }
		F("VmPeak", vm_peak), F("VmSize", vm_size), F("VmLck", vm_lck),
		F("VmHWM", vm_hwm), F("VmRSS", vm_rss), F("RssAnon", rss_anon),
		F("RssFile", rss_file), F("RssShmem", rss_shmem), F("VmSwap", vm_swap),
#undef F
	};
	const char *p, *v;
	unsigned long long n;
	int have_name = 0, have_pid = 0;
	size_t i;

	memset(st, 0, sizeof(*st));
	for (p = text; p && *p; p = next_line(p)) {
		if ((v = key_value(p, "Name"))) {
			size_t len;

			while (*v == ' ' || *v == '\t')
				v++;
			len = line_len(v);
			if (len >= sizeof(st->name))
				len = sizeof(st->name) - 1;
			memcpy(st->name, v, len);
			st->name[len] = '\0';
			have_name = 1;
			continue;
		}
		if ((v = key_value(p, "Pid"))) {
			if (!num_at(v, &n, NULL) && n <= INT_MAX) {
				st->pid = (int)n;
				have_pid = 1;
			}
			continue;
		}
		if ((v = key_value(p, "PPid"))) {
			if (!num_at(v, &n, NULL) && n <= INT_MAX)
				st->ppid = (int)n;
			continue;
		}
		if ((v = key_value(p, "Threads"))) {
			if (!num_at(v, &n, NULL) && n <= INT_MAX)
				st->threads = (int)n;
			continue;
		}
		for (i = 0; i < sizeof(kb) / sizeof(kb[0]); i++) {
			v = key_value(p, kb[i].key);
			if (v && !num_at(v, &n, NULL)) {
				*(unsigned long long *)((char *)st + kb[i].off) = n;
				break;
			}
		}
	}
	return have_name && have_pid ? 0 : -1;
}

/* ---- maps ---- */

int up_maps_line(const char *line, struct up_map *m)
{
	char buf[512], *p, *e;
	size_t len = line_len(line);
	int skip;

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	memset(m, 0, sizeof(*m));
	if (!vma_header(buf, &m->start, &m->end))
		return -1;
	p = strchr(buf, ' ') + 1;
	if (strlen(p) < 5 || p[4] != ' ')
		return -1;
	memcpy(m->perms, p, 4);
	m->perms[4] = '\0';
	p += 5;
	errno = 0;
	m->offset = strtoul(p, &e, 16);
	if (errno || e == p || *e != ' ')
		return -1;
	p = e + 1;
	/* dev "fd:01" */
	e = strchr(p, ' ');
	if (!e || !strchr(p, ':') || strchr(p, ':') > e)
		return -1;
	p = e + 1;
	errno = 0;
	m->inode = strtoul(p, &e, 10);
	if (errno || e == p)
		return -1;
	p = e;
	skip = strspn(p, " ");
	p += skip;
	snprintf(m->path, sizeof(m->path), "%s", p);
	return 0;
}

int up_maps_find(const char *text, unsigned long addr, struct up_map *m)
{
	const char *p;

	for (p = text; p && *p; p = next_line(p))
		if (!up_maps_line(p, m) && addr >= m->start && addr < m->end)
			return 0;
	memset(m, 0, sizeof(*m));
	return -1;
}

int up_maps_named(const char *text, const char *path, struct up_map *m)
{
	const char *p;

	for (p = text; p && *p; p = next_line(p))
		if (!up_maps_line(p, m) && !strcmp(m->path, path))
			return 0;
	memset(m, 0, sizeof(*m));
	return -1;
}

/* ---- stat ---- */

int up_stat_faults(const char *text, unsigned long long *minflt,
		   unsigned long long *majflt)
{
	const char *p = strrchr(text, ')');
	unsigned long long v[10];
	int i;

	if (!p)
		return -1;
	p++;
	/* after ')': state(3) ppid pgrp session tty_nr tpgid flags minflt(10)
	 * cminflt majflt(12) */
	while (*p == ' ')
		p++;
	if (!isalpha((unsigned char)*p))
		return -1;
	p++;
	for (i = 0; i < 9; i++) {
		char *e;

		while (*p == ' ')
			p++;
		errno = 0;
		/* tty_nr and tpgid can be negative */
		v[i] = (unsigned long long)strtoll(p, &e, 10);
		if (errno || e == p)
			return -1;
		p = e;
	}
	/* v: ppid pgrp session tty_nr tpgid flags minflt cminflt majflt */
	*minflt = v[6];
	*majflt = v[8];
	return 0;
}

/* ---- cpuinfo ---- */

int up_cpuinfo_addr_sizes(const char *text, int *phys, int *virt)
{
	const char *p;

	for (p = text; p && *p; p = next_line(p)) {
		int a, b;

		if (strncmp(p, "address sizes", 13))
			continue;
		p = strchr(p, ':');
		if (!p)
			return -1;
		if (sscanf(p + 1, " %d bits physical, %d bits virtual", &a, &b) != 2)
			return -1;
		*phys = a;
		*virt = b;
		return 0;
	}
	return -1;
}

/* ---- dentry-state ---- */

int up_dentry_state(const char *text, long long v[6])
{
	int n;

	memset(v, 0, 6 * sizeof(v[0]));
	n = sscanf(text, "%lld %lld %lld %lld %lld %lld",
		   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]);
	return n >= 2 ? n : -1;
}

/* ---- cgroup ---- */

/* Copy a /proc/mounts field, decoding \ooo escapes. */
static void unescape_field(const char *p, size_t n, char *out, size_t len)
{
	size_t o = 0;

	while (n && o + 1 < len) {
		if (*p == '\\' && n >= 4 && p[1] >= '0' && p[1] <= '3' &&
		    p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
			out[o++] = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 4;
			n -= 4;
			continue;
		}
		out[o++] = *p++;
		n--;
	}
	out[o] = '\0';
}

int up_cgroup2_mount(const char *mounts, char *path, size_t len)
{
	const char *p;

	for (p = mounts; p && *p; p = next_line(p)) {
		const char *dev_end, *mnt, *mnt_end, *type;

		dev_end = strchr(p, ' ');
		if (!dev_end || dev_end - p > (long)line_len(p))
			continue;
		mnt = dev_end + 1;
		mnt_end = strchr(mnt, ' ');
		if (!mnt_end)
			continue;
		type = mnt_end + 1;
		if (strncmp(type, "cgroup2 ", 8))
			continue;
		unescape_field(mnt, mnt_end - mnt, path, len);
		return 0;
	}
	return -1;
}

int up_proc_cgroup2(const char *text, char *path, size_t len)
{
	const char *p;

	for (p = text; p && *p; p = next_line(p)) {
		size_t n;

		if (strncmp(p, "0::", 3))
			continue;
		n = line_len(p + 3);
		if (!n || n >= len)
			return -1;
		memcpy(path, p + 3, n);
		path[n] = '\0';
		return 0;
	}
	return -1;
}

int up_cg_value(const char *text, unsigned long long *v, int *is_max)
{
	const char *e;

	while (*text == ' ' || *text == '\t')
		text++;
	*is_max = 0;
	if (!strncmp(text, "max", 3)) {
		e = text + 3;
		*is_max = 1;
		*v = ~0ULL;
	} else if (num_at(text, v, &e)) {
		return -1;
	}
	while (*e == ' ' || *e == '\t' || *e == '\n')
		e++;
	return *e ? -1 : 0;
}

int up_cg_keyed(const char *text, const char *key, unsigned long long *v)
{
	const char *p;
	size_t n = strlen(key);

	for (p = text; p && *p; p = next_line(p))
		if (!strncmp(p, key, n) && p[n] == ' ')
			return num_at(p + n + 1, v, NULL);
	return -1;
}

int up_cg_has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p = text;

	while (*p) {
		size_t w;

		p += strspn(p, " \t\n");
		w = strcspn(p, " \t\n");
		if (w == n && !strncmp(p, word, n))
			return 1;
		p += w;
	}
	return 0;
}

/* ---- option values ---- */

int up_parse_uint(const char *s, unsigned long long max,
		  unsigned long long *v, char *err, size_t errlen)
{
	char *e;

	if (!s || !*s) {
		snprintf(err, errlen, "empty number");
		return -1;
	}
	if (*s == '-') {
		snprintf(err, errlen, "'%s' is negative", s);
		return -1;
	}
	if (*s < '0' || *s > '9') {
		snprintf(err, errlen, "'%s' is not a number", s);
		return -1;
	}
	errno = 0;
	*v = strtoull(s, &e, 10);
	if (errno || *e) {
		snprintf(err, errlen, errno ? "'%s' is too large" : "'%s' is not a number", s);
		return -1;
	}
	if (*v > max) {
		snprintf(err, errlen, "'%s' is too large (at most %llu)", s, max);
		return -1;
	}
	return 0;
}

int up_parse_size(const char *s, unsigned long long unit,
		  unsigned long long *bytes, char *err, size_t errlen)
{
	static const struct {
		const char *suffix;
		unsigned long long mult;
	} units[] = {
		{ "", 0 }, { "b", 1 },
		{ "k", 1ULL << 10 }, { "kb", 1ULL << 10 }, { "kib", 1ULL << 10 },
		{ "m", 1ULL << 20 }, { "mb", 1ULL << 20 }, { "mib", 1ULL << 20 },
		{ "g", 1ULL << 30 }, { "gb", 1ULL << 30 }, { "gib", 1ULL << 30 },
	};
	unsigned long long n, mult = 0;
	const char *p;
	char *e;
	size_t i;

	if (!s || !*s) {
		snprintf(err, errlen, "empty size");
		return -1;
	}
	p = s;
	while (*p == ' ')
		p++;
	if (*p == '-') {
		snprintf(err, errlen, "size '%s' is negative", s);
		return -1;
	}
	if (*p < '0' || *p > '9') {
		snprintf(err, errlen, "size '%s' is not a number", s);
		return -1;
	}
	errno = 0;
	n = strtoull(p, &e, 10);
	if (errno) {
		snprintf(err, errlen, "size '%s' is too large", s);
		return -1;
	}
	if (*e == '.') {
		snprintf(err, errlen, "size '%s': give a whole number (use a smaller unit)", s);
		return -1;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (!strcasecmp(e, units[i].suffix)) {
			mult = units[i].mult ? units[i].mult : unit;
			break;
		}
	}
	if (!mult) {
		snprintf(err, errlen, "size '%s': unknown unit '%s' (use K, M or G)", s, e);
		return -1;
	}
	if (!n) {
		snprintf(err, errlen, "size '%s' must be greater than 0", s);
		return -1;
	}
	if (n > ~0ULL / mult) {
		snprintf(err, errlen, "size '%s' is too large", s);
		return -1;
	}
	*bytes = n * mult;
	return 0;
}

int up_uss_growing(const unsigned long long *uss, int n, unsigned long long min_kb)
{
	int i, up = 0;

	if (n < 3)
		return 0;
	for (i = 1; i < n; i++) {
		if (uss[i] < uss[i - 1])
			return 0;
		if (uss[i] > uss[i - 1])
			up++;
	}
	if (up * 3 < (n - 1) * 2)
		return 0;
	return uss[n - 1] - uss[0] >= min_kb;
}

int up_kill_order(const char *log, long a, long b)
{
	const char *p = log;
	char *end;
	long pid;

	while ((p = strstr(p, "Killed process ")) != NULL) {
		p += strlen("Killed process ");
		pid = strtol(p, &end, 10);
		if (end == p || *end != ' ')
			continue;
		if (pid == a)
			return 1;
		if (pid == b)
			return 2;
	}
	return 0;
}
