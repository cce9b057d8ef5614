// SPDX-License-Identifier: GPL-2.0
/*
 * user_io.c - `alloclab user io`: the page cache, seen from a read.
 *
 * A file is read once with O_DIRECT (straight from the device into the
 * buffer: the page cache does not grow) and once buffered (every page goes
 * through the page cache: Cached in /proc/meminfo grows by the file size).
 * Then drop_caches, each value after re-filling the caches:
 *   1  frees clean page cache            (the file's pages, Cached)
 *   2  frees reclaimable slab objects    (dentries and inodes, SReclaimable)
 *   3  both
 * The file's own pages are counted exactly with mincore(); dentries from
 * /proc/sys/fs/dentry-state (negative ones made by stat() of missing names).
 *
 * tmpfs cannot do this: its pages are the file (O_DIRECT is refused or
 * meaningless there, drop_caches cannot evict them). Use a disk-backed
 * filesystem: --dir for a temporary file (unlinked at once), or --file.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* O_DIRECT */
#endif
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "user.h"

#define IO_CHUNK	(1024 * 1024)
#define IO_ALIGN	4096

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s user io [--dir DIR | --file PATH] [--size SIZE] [--dentries N] [--json]\n\n"
		"Buffered vs O_DIRECT read of one file: page cache growth (Cached in\n"
		"/proc/meminfo, the file's pages by mincore), then drop_caches 1, 2, 3 and\n"
		"what each freed. Needs root and a disk-backed filesystem (not tmpfs).\n\n"
		"  -d, --dir DIR       make a temporary file there (default $TMPDIR or /tmp)\n"
		"  -F, --file PATH     read this existing file instead (not modified)\n"
		"  -s, --size SIZE     temporary file size (default 32M; bare = MiB)\n"
		"  -n, --dentries N    negative dentries made before each drop (default 20000)\n"
		"  -j, --json          JSON output\n", out_prog);
}

struct io_snap {
	unsigned long long cached_kb, sreclaim_kb, resident;
	long long dentries, negative;
};

static unsigned long long resident_pages(int fd, unsigned long long size, long ps)
{
	unsigned long long n = 0, i, pages = (size + ps - 1) / ps;
	unsigned char *vec;
	void *m;

	m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return 0;
	vec = out_xmalloc(pages);
	if (!mincore(m, size, vec))
		for (i = 0; i < pages; i++)
			n += vec[i] & 1;
	free(vec);
	munmap(m, size);
	return n;
}

static void snap(struct io_snap *s, int fd, unsigned long long size, long ps)
{
	long long v[6];
	char buf[256];

	memset(s, 0, sizeof(*s));
	u_meminfo("Cached", &s->cached_kb);
	u_meminfo("SReclaimable", &s->sreclaim_kb);
	s->resident = resident_pages(fd, size, ps);
	if (u_read_file("/proc/sys/fs/dentry-state", buf, sizeof(buf)) > 0 &&
	    up_dentry_state(buf, v) >= 5) {
		s->dentries = v[0];
		s->negative = v[4];
	}
}

/* Read the whole file; bytes read, or -1. */
static long long read_all(int fd, char *buf, unsigned long long *ns)
{
	long long total = 0;
	unsigned long long t0 = u_now_ns();
	ssize_t n;

	for (;;) {
		n = pread(fd, buf, IO_CHUNK, total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			break;
		total += n;
	}
	*ns = u_now_ns() - t0;
	return total;
}

static int drop(const char *what)
{
	sync();
	return u_write_file("/proc/sys/vm/drop_caches", what);
}

static void negative_dentries(const char *dir, int n)
{
	char path[PATH_MAX + 64];
	struct stat sb;
	int i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/.alloclab-io-absent-%d-%d", dir, (int)getpid(), i);
		stat(path, &sb);
	}
}

struct io_opts {
	const char *dir, *file;
	unsigned long long size;
	int ndent, json, size_given;
	char where[PATH_MAX];		/* the directory of the file */
	char fsname[64];
};

/* What was measured: snapshots around the two reads and each drop. */
struct io_meas {
	struct io_snap s0, s1, s2, before[3], after[3];
	unsigned long long ns_direct, ns_buf;
};

struct io_params {
	const char *file;
	const char *filesystem;
	unsigned long long size_bytes, pages;
	int negative_dentries_made;
};

struct io_read {
	const char *read;
	unsigned long long cached_before_kb, cached_after_kb;
	long long cached_delta_kb;
	unsigned long long file_pages_cached_before, file_pages_cached_after, ns;
};

struct io_drop {
	int value;
	unsigned long long file_pages_before, file_pages_after;
	long long cached_freed_kb, sreclaimable_freed_kb;
	long long dentries_before, dentries_after;
	long long negative_dentries_before, negative_dentries_after;
};

static const struct ufield io_params_f[] = {
	UF(struct io_params, file, UF_STR, "file"),
	UF(struct io_params, filesystem, UF_STR, "filesystem"),
	UF(struct io_params, size_bytes, UF_ULL, "size_bytes"),
	UF(struct io_params, pages, UF_ULL, "pages"),
	UF(struct io_params, negative_dentries_made, UF_INT, "negative_dentries_made"),
};

static const struct ufield io_read_f[] = {
	UF(struct io_read, read, UF_STR, "read"),
	UF(struct io_read, cached_before_kb, UF_ULL, "cached_before_kb"),
	UF(struct io_read, cached_after_kb, UF_ULL, "cached_after_kb"),
	UF(struct io_read, cached_delta_kb, UF_LL, "cached_delta_kb"),
	UF(struct io_read, file_pages_cached_before, UF_ULL, "file_pages_cached_before"),
	UF(struct io_read, file_pages_cached_after, UF_ULL, "file_pages_cached_after"),
	UF(struct io_read, ns, UF_NS_US, "time_us"),
};

static const struct ufield io_drop_f[] = {
	UF(struct io_drop, value, UF_INT, "value"),
	UF(struct io_drop, file_pages_before, UF_ULL, "file_pages_before"),
	UF(struct io_drop, file_pages_after, UF_ULL, "file_pages_after"),
	UF(struct io_drop, cached_freed_kb, UF_LL, "cached_freed_kb"),
	UF(struct io_drop, sreclaimable_freed_kb, UF_LL, "sreclaimable_freed_kb"),
	UF(struct io_drop, dentries_before, UF_LL, "dentries_before"),
	UF(struct io_drop, dentries_after, UF_LL, "dentries_after"),
	UF(struct io_drop, negative_dentries_before, UF_LL, "negative_dentries_before"),
	UF(struct io_drop, negative_dentries_after, UF_LL, "negative_dentries_after"),
};

const struct ufields u_io_params = UFIELDS("io.params", struct io_params, io_params_f);
const struct ufields u_io_reads = UFIELDS("io.reads", struct io_read, io_read_f);
const struct ufields u_io_drops = UFIELDS("io.drop_caches", struct io_drop, io_drop_f);

/* Options into @o. -1 to go on, else the exit status. */
static int io_parse(int argc, char **argv, struct io_opts *o)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "file", required_argument, NULL, 'F' },
		{ "size", required_argument, NULL, 's' },
		{ "dentries", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long v;
	int c;

	while ((c = u_getopt("io", argc, argv, "d:F:s:n:jh", opts)) != -1) {
		switch (c) {
		case 'd': o->dir = optarg; break;
		case 'F': o->file = optarg; break;
		case 's':
			if (u_opt_size("io", "size", optarg, MIB, &o->size))
				return U_EXIT_USAGE;
			o->size_given = 1;
			break;
		case 'n':
			if (u_opt_uint("io", "dentries", optarg, 0, 1000000, &v))
				return U_EXIT_USAGE;
			o->ndent = (int)v;
			break;
		case 'j': o->json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("io", "unexpected argument '%s'", argv[optind]);
	return -1;
}

/* --file: its size and directory. -1 to go on, else the exit status. */
static int io_given_file(struct io_opts *o)
{
	struct stat sb;
	char *slash;

	if (stat(o->file, &sb) || !S_ISREG(sb.st_mode))
		return u_usage_err("io", "--file %s: not a regular file", o->file);
	if (sb.st_size < (off_t)MIB)
		return u_usage_err("io", "--file %s: smaller than 1 MiB", o->file);
	o->size = sb.st_size;
	snprintf(o->where, sizeof(o->where), "%s", o->file);
	slash = strrchr(o->where, '/');
	if (slash && slash != o->where)
		*slash = '\0';
	else
		snprintf(o->where, sizeof(o->where), "%s", slash ? "/" : ".");
	return -1;
}

/* Where the file is and whether this can work there. -1 to go on, else the exit status. */
static int io_validate(struct io_opts *o)
{
	struct stat sb;
	int ret;

	if (o->file && o->size_given)
		return u_usage_err("io", "--size is for the temporary file, not with --file");
	if (o->size < MIB || o->size > 4096 * MIB)
		return u_usage_err("io", "--size must be between 1M and 4G");
	if (o->file) {
		ret = io_given_file(o);
		if (ret >= 0)
			return ret;
	} else {
		if (stat(o->dir, &sb) || !S_ISDIR(sb.st_mode))
			return u_usage_err("io", "--dir %s: not a directory", o->dir);
		snprintf(o->where, sizeof(o->where), "%s", o->dir);
		if (u_check_mem("io", "--size", o->size, 0))
			return U_EXIT_USAGE;
	}
	if (u_fs_is_ram(o->where, o->fsname, sizeof(o->fsname)) == 1)
		return u_fail("io", "%s is on %s: its pages ARE the file, there is no device behind "
			      "them, so O_DIRECT has nothing to bypass and drop_caches cannot evict "
			      "them; give --dir or --file on a disk-backed filesystem", o->where, o->fsname);
	if (geteuid() != 0)
		return u_fail("io", "needs root to write /proc/sys/vm/drop_caches");
	return -1;
}

/* The temporary file, written and unlinked: its fd and an O_DIRECT one. 0 or exit status. */
static int io_tmpfile(const struct io_opts *o, char *buf, int *fd, int *dfd)
{
	char path[PATH_MAX];
	unsigned long long off;
	int e;

	snprintf(path, sizeof(path), "%s/alloclab-io-XXXXXX", o->dir);
	*fd = mkstemp(path);
	if (*fd < 0)
		return u_fail("io", "cannot create a file in %s: %s", o->dir, strerror(errno));
	*dfd = open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
	e = errno;
	unlink(path);			/* nothing left behind */
	memset(buf, 'i', IO_CHUNK);
	for (off = 0; off < o->size; off += IO_CHUNK) {
		size_t n = o->size - off < IO_CHUNK ? o->size - off : IO_CHUNK;

		if (pwrite(*fd, buf, n, off) != (ssize_t)n) {
			e = errno;
			close(*fd);
			if (*dfd >= 0)
				close(*dfd);
			return u_fail("io", "write %llu MiB in %s: %s", o->size / MIB, o->dir,
				      strerror(e));
		}
	}
	fsync(*fd);
	errno = e;
	return 0;
}

/* Open the file twice (buffered, O_DIRECT). 0, or the exit status (message printed). */
static int io_open(const struct io_opts *o, char *buf, int *fd, int *dfd)
{
	int e, ret;

	if (o->file) {
		*fd = open(o->file, O_RDONLY | O_CLOEXEC);
		if (*fd < 0)
			return u_fail("io", "open %s: %s", o->file, strerror(errno));
		*dfd = open(o->file, O_RDONLY | O_DIRECT | O_CLOEXEC);
	} else {
		ret = io_tmpfile(o, buf, fd, dfd);
		if (ret)
			return ret;
	}
	if (*dfd < 0) {
		e = errno;
		close(*fd);
		return u_fail("io", "O_DIRECT open in %s (%s): %s%s", o->where, o->fsname, strerror(e),
			      e == EINVAL ? " (this filesystem does not support O_DIRECT)" : "");
	}
	return 0;
}

/* A whole read of @fd into @buf: 0, or -1 with the check failed. */
static int io_read_check(struct ureport *r, int fd, char *buf, unsigned long long size,
			 unsigned long long *ns, const char *what)
{
	long long got = read_all(fd, buf, ns);

	if (got == (long long)size)
		return 0;
	ur_check(r, 0, "%s read of the file: %s", what, got < 0 ? strerror(errno) : "short read");
	return -1;
}

/* Cold cache, O_DIRECT read, buffered read, then each drop_caches value. 0 or -1. */
static int io_measure(struct ureport *r, const struct io_opts *o, int fd, int dfd, char *buf,
		      struct io_meas *m)
{
	long ps = sysconf(_SC_PAGESIZE);
	unsigned long long ns;
	int i;

	if (drop("3")) {
		ur_check(r, 0, "echo 3 > /proc/sys/vm/drop_caches: %s", strerror(errno));
		return -1;
	}
	snap(&m->s0, fd, o->size, ps);
	if (io_read_check(r, dfd, buf, o->size, &m->ns_direct, "O_DIRECT"))
		return -1;
	snap(&m->s1, fd, o->size, ps);
	if (io_read_check(r, fd, buf, o->size, &m->ns_buf, "buffered"))
		return -1;
	snap(&m->s2, fd, o->size, ps);
	for (i = 0; i < 3; i++) {
		char what[2] = { (char)('1' + i), '\0' };

		read_all(fd, buf, &ns);			/* page cache full */
		negative_dentries(o->where, o->ndent);	/* dentry cache full */
		snap(&m->before[i], fd, o->size, ps);
		if (drop(what)) {
			ur_check(r, 0, "echo %s > /proc/sys/vm/drop_caches: %s", what, strerror(errno));
			return -1;
		}
		snap(&m->after[i], fd, o->size, ps);
	}
	return 0;
}

/* The snapshots into the rows both views show. */
static void io_model(const struct io_meas *m, struct io_read *rd, struct io_drop *dr)
{
	int i;

	for (i = 0; i < 2; i++) {
		const struct io_snap *a = i ? &m->s1 : &m->s0, *b = i ? &m->s2 : &m->s1;

		rd[i].read = i ? "buffered" : "O_DIRECT";
		rd[i].cached_before_kb = a->cached_kb;
		rd[i].cached_after_kb = b->cached_kb;
		rd[i].cached_delta_kb = (long long)b->cached_kb - (long long)a->cached_kb;
		rd[i].file_pages_cached_before = a->resident;
		rd[i].file_pages_cached_after = b->resident;
		rd[i].ns = i ? m->ns_buf : m->ns_direct;
	}
	for (i = 0; i < 3; i++) {
		const struct io_snap *a = &m->before[i], *b = &m->after[i];

		dr[i].value = i + 1;
		dr[i].file_pages_before = a->resident;
		dr[i].file_pages_after = b->resident;
		dr[i].cached_freed_kb = (long long)a->cached_kb - (long long)b->cached_kb;
		dr[i].sreclaimable_freed_kb = (long long)a->sreclaim_kb - (long long)b->sreclaim_kb;
		dr[i].dentries_before = a->dentries;
		dr[i].dentries_after = b->dentries;
		dr[i].negative_dentries_before = a->negative;
		dr[i].negative_dentries_after = b->negative;
	}
}

/*
 * The file's pages (mincore) are exact; Cached also moves with whatever else
 * the system does meanwhile: only "not the file's size" is asked.
 */
static void io_checks(struct ureport *r, const struct io_opts *o, unsigned long long pages,
		      const struct io_read *rd, const struct io_drop *dr)
{
	long long fkb = o->size / KIB, nd = o->ndent;

	ur_check(r, rd[0].file_pages_cached_after <= pages / 100 + 2 && rd[0].cached_delta_kb < fkb / 2,
		 "O_DIRECT bypasses the page cache: %llu file pages cached, Cached %+lld kB",
		 rd[0].file_pages_cached_after, rd[0].cached_delta_kb);
	ur_check(r, rd[1].file_pages_cached_after + pages / 20 >= pages &&
		 rd[1].cached_delta_kb >= fkb * 8 / 10,
		 "a buffered read fills the page cache: %llu of %llu pages cached, Cached %+lld kB for %lld kB",
		 rd[1].file_pages_cached_after, pages, rd[1].cached_delta_kb, fkb);
	ur_check(r, dr[0].file_pages_before + pages / 20 >= pages && dr[0].file_pages_after <= pages / 100 &&
		 dr[0].cached_freed_kb >= fkb * 8 / 10,
		 "drop_caches 1 frees the page cache: file pages %llu -> %llu, Cached -%lld kB",
		 dr[0].file_pages_before, dr[0].file_pages_after, dr[0].cached_freed_kb);
	if (nd >= 1000 && dr[1].negative_dentries_before > 0) {
		ur_check(r, dr[1].file_pages_after + pages / 20 >= dr[1].file_pages_before &&
			 dr[1].negative_dentries_before - dr[1].negative_dentries_after >= nd / 2,
			 "drop_caches 2 frees dentries, not page cache: negative dentries %lld -> %lld, "
			 "file pages %llu -> %llu", dr[1].negative_dentries_before,
			 dr[1].negative_dentries_after, dr[1].file_pages_before, dr[1].file_pages_after);
		ur_check(r, dr[2].file_pages_after <= pages / 100 &&
			 dr[2].negative_dentries_before - dr[2].negative_dentries_after >= nd / 2,
			 "drop_caches 3 frees both: file pages %llu -> %llu, negative dentries %lld -> %lld",
			 dr[2].file_pages_before, dr[2].file_pages_after,
			 dr[2].negative_dentries_before, dr[2].negative_dentries_after);
		return;
	}
	ur_check(r, dr[1].file_pages_after + pages / 20 >= dr[1].file_pages_before,
		 "drop_caches 2 leaves the page cache: file pages %llu -> %llu",
		 dr[1].file_pages_before, dr[1].file_pages_after);
	ur_check(r, dr[2].file_pages_after <= pages / 100,
		 "drop_caches 3 frees the page cache: file pages %llu -> %llu",
		 dr[2].file_pages_before, dr[2].file_pages_after);
	ur_skip(r, "dentries freed by drop_caches 2/3: %s",
		nd < 1000 ? "--dentries below 1000" : "no negative dentry count in dentry-state");
}

int u_io(int argc, char **argv)
{
	struct io_opts o = { .dir = getenv("TMPDIR"), .size = 32 * MIB, .ndent = 20000 };
	long ps = sysconf(_SC_PAGESIZE);
	struct io_params p;
	struct io_read rd[2];
	struct io_drop dr[3];
	struct io_meas m;
	struct ureport r;
	char *buf = NULL;
	int ret, fd = -1, dfd = -1;

	if (!o.dir || !*o.dir)
		o.dir = "/tmp";
	ret = io_parse(argc, argv, &o);
	if (ret < 0)
		ret = io_validate(&o);
	if (ret >= 0)
		return ret;
	if (posix_memalign((void **)&buf, IO_ALIGN, IO_CHUNK))
		return u_fail("io", "out of memory");
	ret = io_open(&o, buf, &fd, &dfd);
	if (ret) {
		free(buf);
		return ret;
	}
	p.file = o.file ? o.file : "(temporary)";
	p.filesystem = o.fsname;
	p.size_bytes = o.size;
	p.pages = (o.size + ps - 1) / ps;
	p.negative_dentries_made = o.ndent;
	ur_begin(&r, "io", o.json, "read a %llu MiB file with O_DIRECT, then buffered, then drop_caches 1, 2, 3",
		 o.size / MIB);
	ur_note(&r, "file: %s in %s (%s), %llu pages", o.file ? o.file : "temporary (unlinked)",
		o.where, o.fsname, p.pages);
	if (!io_measure(&r, &o, fd, dfd, buf, &m)) {
		io_model(&m, rd, dr);
		ur_obj(&r, "params", &u_io_params, &p);
		ur_rows(&r, "reads", NULL, &u_io_reads, rd, 2);
		ur_rows(&r, "drop_caches", "each after re-reading the file and stat()ing missing names:",
			&u_io_drops, dr, 3);
		io_checks(&r, &o, p.pages, rd, dr);
	}
	close(fd);
	close(dfd);
	free(buf);
	return ur_end(&r,
		      "a buffered read leaves the file in the page cache (Cached grows by its size); "
		      "O_DIRECT moves data between the device and the buffer without it; "
		      "drop_caches 1 drops clean page cache, 2 reclaimable slab (dentries, inodes), "
		      "3 both - and only what is clean and unused",
		      "the page cache did not behave as expected: see the FAILED checks");
}
