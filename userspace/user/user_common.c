// SPDX-License-Identifier: GPL-2.0
/*
 * user_common.c - shared helpers of the `alloclab user` experiments.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/vfs.h>
#include <sys/wait.h>

#include "user.h"

/* ---- messages ---- */

static void vmsg(const char *exp, const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	fflush(stdout);
	fprintf(stderr, "%s user %s: %s\n", out_prog ? out_prog : "alloclab", exp, buf);
}

int u_usage_err(const char *exp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(exp, fmt, ap);
	va_end(ap);
	return U_EXIT_USAGE;
}

int u_fail(const char *exp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(exp, fmt, ap);
	va_end(ap);
	return U_EXIT_FAIL;
}

/* ---- options ---- */

int u_getopt(const char *exp, int argc, char **argv, const char *shortopts,
	     const struct option *longopts)
{
	static char **last_argv;
	static int last_argc;
	char so[128];
	int c, idx = -1;

	if (argv != last_argv || argc != last_argc) {
		last_argv = argv;
		last_argc = argc;
		optind = 0;	/* glibc: full re-initialisation */
	}
	opterr = 0;
	snprintf(so, sizeof(so), ":%s", shortopts);
	c = getopt_long(argc, argv, so, longopts, &idx);
	if (c == '?') {
		if (optopt)
			u_usage_err(exp, "unknown option '-%c' (see --help)", optopt);
		else
			u_usage_err(exp, "unknown option '%s' (see --help)", argv[optind - 1]);
	} else if (c == ':') {
		u_usage_err(exp, "option '%s' needs a value", argv[optind - 1]);
		c = '?';
	}
	if (c == -1)
		last_argv = NULL;	/* the next call starts afresh */
	return c;
}

int u_opt_size(const char *exp, const char *opt, const char *val,
	       unsigned long long unit, unsigned long long *bytes)
{
	char err[160];

	if (up_parse_size(val, unit, bytes, err, sizeof(err))) {
		u_usage_err(exp, "--%s: %s", opt, err);
		return -1;
	}
	return 0;
}

int u_opt_uint(const char *exp, const char *opt, const char *val,
	       unsigned long long min, unsigned long long max,
	       unsigned long long *v)
{
	char err[160];

	if (up_parse_uint(val, max, v, err, sizeof(err))) {
		u_usage_err(exp, "--%s: %s", opt, err);
		return -1;
	}
	if (*v < min) {
		u_usage_err(exp, "--%s: %llu is too small (at least %llu)", opt, *v, min);
		return -1;
	}
	return 0;
}

int u_check_mem(const char *exp, const char *what, unsigned long long bytes, int force)
{
	unsigned long long avail, total;

	if (u_meminfo("MemAvailable", &avail) || u_meminfo("MemTotal", &total))
		return 0;	/* cannot tell: let the kernel decide */
	if (bytes / KIB <= avail || force)
		return 0;
	u_usage_err(exp, "%s of %llu MiB is more than the memory available "
		    "(MemAvailable %llu MiB of MemTotal %llu MiB); "
		    "use --force to try anyway", what, bytes / MIB, avail / 1024, total / 1024);
	return -1;
}

/* ---- report ---- */

static char *vfmt(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0) {
		out_error("out of memory");
		exit(1);
	}
	return s;
}

void ur_begin(struct ureport *r, const char *exp, int json, const char *title, ...)
{
	va_list ap;
	char *t;

	memset(r, 0, sizeof(*r));
	r->exp = exp;
	r->json = json || out_json_default;
	va_start(ap, title);
	t = vfmt(title, ap);
	va_end(ap);
	if (r->json) {
		json_init(&r->j, stdout);
		json_obj_begin(&r->j, NULL);
		json_str(&r->j, "experiment", exp);
		json_str(&r->j, "title", t);
	} else {
		printf("%s: %s\n", exp, t);
	}
	free(t);
	fflush(stdout);
}

void ur_note(struct ureport *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vfmt(fmt, ap);
	va_end(ap);
	if (!r->json) {
		printf("%s\n", s);
		fflush(stdout);
		free(s);
		return;
	}
	if (r->nnotes < U_MAX_NOTES)
		r->notes[r->nnotes++] = s;
	else
		free(s);
}

static void add_check(struct ureport *r, int ok, char *s)
{
	if (r->nchecks < U_MAX_CHECKS) {
		r->checks[r->nchecks].text = s;
		r->checks[r->nchecks].ok = ok;
		r->nchecks++;
	} else {
		free(s);
	}
	if (ok == 0)
		r->failed++;
	if (ok < 0)
		r->skipped++;
}

int ur_check(struct ureport *r, int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_check(r, !!ok, vfmt(fmt, ap));
	va_end(ap);
	return !!ok;
}

void ur_skip(struct ureport *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_check(r, -1, vfmt(fmt, ap));
	va_end(ap);
}

void ur_table(struct ureport *r, struct out_table *t, const char *caption)
{
	if (!r->json) {
		if (caption)
			printf("\n%s\n", caption);
		else
			printf("\n");
		table_print(t, stdout);
		fflush(stdout);
	}
	table_free(t);
}

int ur_end(struct ureport *r, const char *concl_ok, const char *concl_fail)
{
	const char *concl = r->failed ? concl_fail : concl_ok;
	int i, none = r->nchecks == r->skipped;

	if (none && !r->failed) {
		/* everything skipped: nothing was shown, that is not a pass */
		concl = "nothing could be checked here: see the skipped checks";
	}

	if (r->json) {
		json_arr_begin(&r->j, "notes");
		for (i = 0; i < r->nnotes; i++)
			json_str(&r->j, NULL, r->notes[i]);
		json_arr_end(&r->j);
		json_arr_begin(&r->j, "checks");
		for (i = 0; i < r->nchecks; i++) {
			json_obj_begin(&r->j, NULL);
			json_str(&r->j, "check", r->checks[i].text);
			json_str(&r->j, "result", r->checks[i].ok > 0 ? "ok" :
				 r->checks[i].ok == 0 ? "FAILED" : "skipped");
			json_obj_end(&r->j);
		}
		json_arr_end(&r->j);
		json_str(&r->j, "conclusion", concl);
		json_bool(&r->j, "pass", !r->failed && !none);
		json_obj_end(&r->j);
		json_end(&r->j);
	} else {
		printf("\n");
		for (i = 0; i < r->nchecks; i++)
			printf("%-7s %s\n", r->checks[i].ok > 0 ? "ok" :
			       r->checks[i].ok == 0 ? "FAILED" : "skipped",
			       r->checks[i].text);
		printf("conclusion: %s\n", concl);
		printf("result: %s (%d checks, %d failed, %d skipped)\n",
		       r->failed ? "FAIL" : none ? "NOT RUN" : "PASS",
		       r->nchecks - r->skipped, r->failed, r->skipped);
	}
	fflush(stdout);
	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	for (i = 0; i < r->nchecks; i++)
		free(r->checks[i].text);
	return r->failed || none ? U_EXIT_FAIL : U_EXIT_OK;
}

/* ---- /proc ---- */

ssize_t u_read_file(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - len - 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			close(fd);
			errno = e;
			return -1;
		}
		if (!n)
			break;
		len += n;
	}
	buf[len] = '\0';
	close(fd);
	return len;
}

int u_write_file(const char *path, const char *text)
{
	size_t n = strlen(text);
	ssize_t w;
	int fd, e;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	do {
		w = write(fd, text, n);
	} while (w < 0 && errno == EINTR);
	e = errno;
	close(fd);
	if (w < 0) {
		errno = e;
		return -1;
	}
	if ((size_t)w != n) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int u_status(pid_t pid, struct up_status *st)
{
	char path[64], buf[8192];

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/status");
	if (u_read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	return up_status_parse(buf, st);
}

int u_meminfo(const char *key, unsigned long long *kb)
{
	char buf[8192];

	if (u_read_file("/proc/meminfo", buf, sizeof(buf)) < 0)
		return -1;
	return up_kv_ull(buf, key, kb);
}

void u_faults_self(unsigned long long *minflt, unsigned long long *majflt)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	if (minflt)
		*minflt = ru.ru_minflt;
	if (majflt)
		*majflt = ru.ru_majflt;
}

static char *smaps_text(pid_t pid, const char *file)
{
	char path[64];

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	else
		snprintf(path, sizeof(path), "/proc/self/%s", file);
	return u_slurp(path);
}

int u_smaps_vma(pid_t pid, unsigned long addr, struct up_smaps *s)
{
	char *t = smaps_text(pid, "smaps");
	int ret;

	if (!t)
		return -1;
	ret = up_smaps_vma(t, addr, s, NULL, NULL);
	free(t);
	return ret;
}

int u_smaps_sum(pid_t pid, struct up_smaps *s)
{
	char *t = smaps_text(pid, "smaps");
	int ret;

	if (!t)
		return -1;
	ret = up_smaps_sum(t, s);
	free(t);
	if (ret)
		errno = EINVAL;
	return ret;
}

const char *u_thp_mode(char *buf, size_t size)
{
	char *a, *b;

	if (u_read_file("/sys/kernel/mm/transparent_hugepage/enabled", buf, size) < 0)
		return "n/a";
	a = strchr(buf, '[');
	b = a ? strchr(a, ']') : NULL;
	if (!a || !b)
		return "n/a";
	*b = '\0';
	return a + 1;
}

unsigned long long u_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* ---- children ---- */

pid_t u_fork(void)
{
	pid_t parent = getpid();
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)	/* the parent died before prctl */
		_exit(1);
	return 0;
}

pid_t u_fork_piped(int fd[2], char *err, size_t errlen)
{
	pid_t pid;

	if (pipe(fd)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = u_fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(fd[0]);
		close(fd[1]);
	}
	return pid;
}

pid_t u_wait(pid_t pid, int *status)
{
	pid_t r;

	do {
		r = waitpid(pid, status, 0);
	} while (r < 0 && errno == EINTR);
	return r;
}

int u_kill_reap(pid_t pid)
{
	int status;

	if (pid <= 0)
		return -1;
	kill(pid, SIGKILL);
	if (u_wait(pid, &status) < 0)
		return -1;
	return status;
}

int u_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

int u_read_all(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t r = read(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= r;
	}
	return 0;
}

const char *u_kb_str(unsigned long long kb, char *buf, size_t size)
{
	if (kb >= 1024ULL * 1024)
		snprintf(buf, size, "%.2f GiB", kb / (1024.0 * 1024));
	else if (kb >= 1024)
		snprintf(buf, size, "%.1f MiB", kb / 1024.0);
	else
		snprintf(buf, size, "%llu KiB", kb);
	return buf;
}

int u_fs_is_ram(const char *path, char *fsname, size_t size)
{
	static const struct {
		unsigned long magic;
		const char *name;
	} fs[] = {
		{ 0x01021994, "tmpfs" }, { 0x858458f6, "ramfs" },
		{ 0xef53, "ext2/3/4" }, { 0x58465342, "xfs" },
		{ 0x9123683e, "btrfs" }, { 0xf2f52010, "f2fs" },
		{ 0x794c7630, "overlayfs" }, { 0x6969, "nfs" },
		{ 0x65735546, "fuse" }, { 0x4d44, "vfat" },
		{ 0x137f, "minix" }, { 0x138f, "minix" },
		{ 0x2468, "minix2" }, { 0x2478, "minix2" },
		{ 0x4d5a, "minix3" }, { 0xe0f5e1e2, "erofs" },
		{ 0x73717368, "squashfs" },
	};
	struct statfs sf;
	size_t i;

	if (statfs(path, &sf))
		return -1;
	snprintf(fsname, size, "fs magic 0x%lx", (unsigned long)sf.f_type);
	for (i = 0; i < sizeof(fs) / sizeof(fs[0]); i++)
		if ((unsigned long)sf.f_type == fs[i].magic)
			snprintf(fsname, size, "%s", fs[i].name);
	return (unsigned long)sf.f_type == 0x01021994 ||
	       (unsigned long)sf.f_type == 0x858458f6;
}

/* ---- field descriptions: one model, many views ---- */

static const void *uf_ptr(const struct ufield *f, const void *obj)
{
	return (const char *)obj + f->off;
}

int uf_present(const struct ufield *f, const void *obj)
{
	if (!f->has)
		return 1;
	return *(const int *)((const char *)obj + f->has - 1) != 0;
}

static void uf_series_text(const struct useries *s, char *buf, size_t len)
{
	size_t o = 0;
	int k;

	for (k = 0; k < s->n && o + 24 < len; k++)
		o += snprintf(buf + o, len - o, "%s%llu", k ? " " : "", s->v[k]);
}

const char *uf_cell(const struct ufield *f, const void *obj, char *buf, size_t len)
{
	const void *p = uf_ptr(f, obj);
	const char *s;

	buf[0] = '\0';
	if (!uf_present(f, obj))
		return buf;
	switch (f->type) {
	case UF_STR:
		s = *(const char *const *)p;
		snprintf(buf, len, "%s", s ? s : "");
		break;
	case UF_TEXT:
		snprintf(buf, len, "%s", (const char *)p);
		break;
	case UF_ULL:
		snprintf(buf, len, "%llu", *(const unsigned long long *)p);
		break;
	case UF_LL:
		snprintf(buf, len, "%lld", *(const long long *)p);
		break;
	case UF_INT:
		snprintf(buf, len, "%d", *(const int *)p);
		break;
	case UF_BOOL:
		snprintf(buf, len, "%s", *(const int *)p ? "yes" : "no");
		break;
	case UF_NS_US:		/* as json_fixed(ns / 100, 1): the same digits */
		snprintf(buf, len, "%llu.%llu", *(const unsigned long long *)p / 1000,
			 *(const unsigned long long *)p / 100 % 10);
		break;
	case UF_HEX:
		snprintf(buf, len, "0x%lx", *(const unsigned long *)p);
		break;
	case UF_SERIES:
		uf_series_text(p, buf, len);
		break;
	}
	return buf;
}

static void uf_json_one(struct out_json *j, const struct ufield *f, const void *obj)
{
	const void *p = uf_ptr(f, obj);
	char buf[64];
	int k;

	if (!uf_present(f, obj))
		return;
	switch (f->type) {
	case UF_STR:
		json_str(j, f->key, *(const char *const *)p);
		break;
	case UF_TEXT:
		json_str(j, f->key, (const char *)p);
		break;
	case UF_ULL:
		json_uint(j, f->key, *(const unsigned long long *)p);
		break;
	case UF_LL:
		json_int(j, f->key, *(const long long *)p);
		break;
	case UF_INT:
		json_int(j, f->key, *(const int *)p);
		break;
	case UF_BOOL:
		json_bool(j, f->key, *(const int *)p);
		break;
	case UF_NS_US:
		json_fixed(j, f->key, (long long)(*(const unsigned long long *)p / 100), 1);
		break;
	case UF_HEX:
		json_str(j, f->key, uf_cell(f, obj, buf, sizeof(buf)));
		break;
	case UF_SERIES:
		json_arr_begin(j, f->key);
		for (k = 0; k < ((const struct useries *)p)->n; k++)
			json_uint(j, NULL, ((const struct useries *)p)->v[k]);
		json_arr_end(j);
		break;
	}
}

void uf_json_members(struct out_json *j, const struct ufields *d, const void *obj)
{
	int i;

	for (i = 0; i < d->n; i++)
		uf_json_one(j, &d->f[i], obj);
}

void uf_json(struct out_json *j, const char *key, const struct ufields *d, const void *obj)
{
	json_obj_begin(j, key);
	uf_json_members(j, d, obj);
	json_obj_end(j);
}

/* Is field @f present in any of @nrows rows? (a column nobody has is left out) */
static int uf_any(const struct ufields *d, const struct ufield *f, const void *rows, int nrows)
{
	int k;

	for (k = 0; k < nrows; k++)
		if (uf_present(f, (const char *)rows + k * d->size))
			return 1;
	return !nrows;
}

void uf_table(struct out_table *t, const struct ufields *d, const void *rows, int nrows)
{
	char buf[1280], on[64];
	int i, k;

	table_init(t, NULL);
	for (i = 0; i < d->n && i < (int)sizeof(on); i++) {
		on[i] = uf_any(d, &d->f[i], rows, nrows);
		if (on[i])
			table_add_col(t, d->f[i].key);
	}
	for (k = 0; k < nrows; k++) {
		const void *obj = (const char *)rows + k * d->size;

		table_row(t);
		for (i = 0; i < d->n && i < (int)sizeof(on); i++)
			if (on[i])
				table_cell(t, "%s", uf_cell(&d->f[i], obj, buf, sizeof(buf)));
	}
}

void ur_rows(struct ureport *r, const char *key, const char *caption,
	     const struct ufields *d, const void *rows, int nrows)
{
	struct out_table t;
	int k;

	if (r->json) {
		json_arr_begin(&r->j, key);
		for (k = 0; k < nrows; k++)
			uf_json(&r->j, NULL, d, (const char *)rows + k * d->size);
		json_arr_end(&r->j);
		return;
	}
	uf_table(&t, d, rows, nrows);
	ur_table(r, &t, caption);
}

void ur_obj(struct ureport *r, const char *key, const struct ufields *d, const void *obj)
{
	char buf[512];
	int i, n = 0;

	if (r->json) {
		uf_json(&r->j, key, d, obj);
		return;
	}
	printf("%s:", key);
	for (i = 0; i < d->n; i++) {
		if (!uf_present(&d->f[i], obj))
			continue;
		printf("%s %s %s", n++ ? "," : "", d->f[i].key,
		       uf_cell(&d->f[i], obj, buf, sizeof(buf)));
	}
	printf("\n");
	fflush(stdout);
}
