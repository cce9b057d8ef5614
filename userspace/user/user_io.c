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

int u_io(int argc, char **argv)
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
	const char *dir = getenv("TMPDIR"), *file = NULL;
	unsigned long long size = 32 * MIB, v, ns_direct = 0, ns_buf = 0, pages, fkb;
	long ps = sysconf(_SC_PAGESIZE);
	int json = 0, c, i, fd = -1, dfd = -1, ndent = 20000, size_given = 0;
	struct io_snap s0, s1, s2, before[3], after[3];
	char path[PATH_MAX], fsname[64], where[PATH_MAX];
	char *buf = NULL;
	struct ureport r;
	struct out_table t;
	struct stat sb;
	long long got;

	if (!dir || !*dir)
		dir = "/tmp";
	while ((c = u_getopt("io", argc, argv, "d:F:s:n:jh", opts)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'F': file = optarg; break;
		case 's':
			if (u_opt_size("io", "size", optarg, MIB, &size))
				return U_EXIT_USAGE;
			size_given = 1;
			break;
		case 'n':
			if (u_opt_uint("io", "dentries", optarg, 0, 1000000, &v))
				return U_EXIT_USAGE;
			ndent = (int)v;
			break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("io", "unexpected argument '%s'", argv[optind]);
	if (file && size_given)
		return u_usage_err("io", "--size is for the temporary file, not with --file");
	if (size < MIB || size > 4096 * MIB)
		return u_usage_err("io", "--size must be between 1M and 4G");
	if (file) {
		char *slash;

		if (stat(file, &sb) || !S_ISREG(sb.st_mode))
			return u_usage_err("io", "--file %s: not a regular file", file);
		if (sb.st_size < (off_t)MIB)
			return u_usage_err("io", "--file %s: smaller than 1 MiB", file);
		size = sb.st_size;
		snprintf(where, sizeof(where), "%s", file);
		slash = strrchr(where, '/');
		if (slash && slash != where)
			*slash = '\0';
		else
			snprintf(where, sizeof(where), "%s", slash ? "/" : ".");
	} else {
		if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
			return u_usage_err("io", "--dir %s: not a directory", dir);
		snprintf(where, sizeof(where), "%s", dir);
		if (u_check_mem("io", "--size", size, 0))
			return U_EXIT_USAGE;
	}
	if (u_fs_is_ram(where, fsname, sizeof(fsname)) == 1)
		return u_fail("io", "%s is on %s: its pages ARE the file, there is no device behind "
			      "them, so O_DIRECT has nothing to bypass and drop_caches cannot evict "
			      "them; give --dir or --file on a disk-backed filesystem", where, fsname);
	if (geteuid() != 0)
		return u_fail("io", "needs root to write /proc/sys/vm/drop_caches");

	if (posix_memalign((void **)&buf, IO_ALIGN, IO_CHUNK))
		return u_fail("io", "out of memory");
	if (file) {
		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			free(buf);
			return u_fail("io", "open %s: %s", file, strerror(errno));
		}
		dfd = open(file, O_RDONLY | O_DIRECT | O_CLOEXEC);
	} else {
		snprintf(path, sizeof(path), "%s/alloclab-io-XXXXXX", dir);
		fd = mkstemp(path);
		if (fd < 0) {
			free(buf);
			return u_fail("io", "cannot create a file in %s: %s", dir, strerror(errno));
		}
		dfd = open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
		unlink(path);			/* nothing left behind */
		memset(buf, 'i', IO_CHUNK);
		for (v = 0; v < size; v += IO_CHUNK) {
			size_t n = size - v < IO_CHUNK ? size - v : IO_CHUNK;

			if (pwrite(fd, buf, n, v) != (ssize_t)n) {
				int e = errno;

				close(fd);
				if (dfd >= 0)
					close(dfd);
				free(buf);
				return u_fail("io", "write %llu MiB in %s: %s", size / MIB, dir,
					      strerror(e));
			}
		}
		fsync(fd);
	}
	if (dfd < 0) {
		int e = errno;

		close(fd);
		free(buf);
		return u_fail("io", "O_DIRECT open in %s (%s): %s%s", where, fsname, strerror(e),
			      e == EINVAL ? " (this filesystem does not support O_DIRECT)" : "");
	}
	pages = (size + ps - 1) / ps;
	fkb = size / KIB;

	ur_begin(&r, "io", json, "read a %llu MiB file with O_DIRECT, then buffered, then drop_caches 1, 2, 3",
		 size / MIB);
	ur_note(&r, "file: %s in %s (%s), %llu pages", file ? file : "temporary (unlinked)",
		where, fsname, pages);

	/* cold start */
	if (drop("3")) {
		ur_check(&r, 0, "echo 3 > /proc/sys/vm/drop_caches: %s", strerror(errno));
		goto out;
	}
	snap(&s0, fd, size, ps);
	got = read_all(dfd, buf, &ns_direct);
	if (got != (long long)size) {
		ur_check(&r, 0, "O_DIRECT read of the file: %s",
			 got < 0 ? strerror(errno) : "short read");
		goto out;
	}
	snap(&s1, fd, size, ps);
	got = read_all(fd, buf, &ns_buf);
	if (got != (long long)size) {
		ur_check(&r, 0, "buffered read of the file: %s",
			 got < 0 ? strerror(errno) : "short read");
		goto out;
	}
	snap(&s2, fd, size, ps);

	for (i = 0; i < 3; i++) {
		char what[2] = { (char)('1' + i), '\0' };
		unsigned long long ns;

		read_all(fd, buf, &ns);			/* page cache full */
		negative_dentries(where, ndent);	/* dentry cache full */
		snap(&before[i], fd, size, ps);
		if (drop(what)) {
			ur_check(&r, 0, "echo %s > /proc/sys/vm/drop_caches: %s", what, strerror(errno));
			goto out;
		}
		snap(&after[i], fd, size, ps);
	}

	if (r.json) {
		json_obj_begin(&r.j, "params");
		json_str(&r.j, "file", file ? file : "(temporary)");
		json_str(&r.j, "filesystem", fsname);
		json_uint(&r.j, "size_bytes", size);
		json_uint(&r.j, "pages", pages);
		json_int(&r.j, "negative_dentries_made", ndent);
		json_obj_end(&r.j);
		json_arr_begin(&r.j, "reads");
		for (i = 0; i < 2; i++) {
			struct io_snap *a = i ? &s1 : &s0, *b = i ? &s2 : &s1;

			json_obj_begin(&r.j, NULL);
			json_str(&r.j, "read", i ? "buffered" : "O_DIRECT");
			json_int(&r.j, "cached_delta_kb", (long long)b->cached_kb - (long long)a->cached_kb);
			json_uint(&r.j, "file_pages_cached_before", a->resident);
			json_uint(&r.j, "file_pages_cached_after", b->resident);
			json_fixed(&r.j, "ms", (long long)((i ? ns_buf : ns_direct) / 1000), 3);
			json_obj_end(&r.j);
		}
		json_arr_end(&r.j);
		json_arr_begin(&r.j, "drop_caches");
		for (i = 0; i < 3; i++) {
			json_obj_begin(&r.j, NULL);
			json_int(&r.j, "value", i + 1);
			json_uint(&r.j, "file_pages_before", before[i].resident);
			json_uint(&r.j, "file_pages_after", after[i].resident);
			json_int(&r.j, "cached_freed_kb", (long long)before[i].cached_kb - (long long)after[i].cached_kb);
			json_int(&r.j, "sreclaimable_freed_kb", (long long)before[i].sreclaim_kb - (long long)after[i].sreclaim_kb);
			json_int(&r.j, "dentries_before", before[i].dentries);
			json_int(&r.j, "dentries_after", after[i].dentries);
			json_int(&r.j, "negative_dentries_before", before[i].negative);
			json_int(&r.j, "negative_dentries_after", after[i].negative);
			json_obj_end(&r.j);
		}
		json_arr_end(&r.j);
	}

	table_init(&t, "read", "Cached_kB_before", "Cached_kB_after", "delta_kB",
		   "file_pages_cached", "ms", NULL);
	for (i = 0; i < 2; i++) {
		struct io_snap *a = i ? &s1 : &s0, *b = i ? &s2 : &s1;

		table_row(&t);
		table_cell(&t, "%s", i ? "buffered" : "O_DIRECT");
		table_cell(&t, "%llu", a->cached_kb);
		table_cell(&t, "%llu", b->cached_kb);
		table_cell(&t, "%+lld", (long long)b->cached_kb - (long long)a->cached_kb);
		table_cell(&t, "%llu -> %llu", a->resident, b->resident);
		table_cell(&t, "%.1f", (i ? ns_buf : ns_direct) / 1e6);
	}
	ur_table(&r, &t, NULL);
	table_init(&t, "drop_caches", "file_pages", "Cached_freed_kB", "SReclaimable_freed_kB",
		   "dentries", "negative_dentries", NULL);
	for (i = 0; i < 3; i++) {
		table_row(&t);
		table_cell(&t, "%d", i + 1);
		table_cell(&t, "%llu -> %llu", before[i].resident, after[i].resident);
		table_cell(&t, "%lld", (long long)before[i].cached_kb - (long long)after[i].cached_kb);
		table_cell(&t, "%lld", (long long)before[i].sreclaim_kb - (long long)after[i].sreclaim_kb);
		table_cell(&t, "%lld -> %lld", before[i].dentries, after[i].dentries);
		table_cell(&t, "%lld -> %lld", before[i].negative, after[i].negative);
	}
	ur_table(&r, &t, "each after re-reading the file and stat()ing missing names:");

	/* the file's pages (mincore) are exact; Cached also moves with whatever
	 * else the system does meanwhile: only "not the file's size" is asked */
	ur_check(&r, s1.resident <= pages / 100 + 2 &&
		 (long long)s1.cached_kb - (long long)s0.cached_kb < (long long)(fkb / 2),
		 "O_DIRECT bypasses the page cache: %llu file pages cached, Cached %+lld kB",
		 s1.resident, (long long)s1.cached_kb - (long long)s0.cached_kb);
	ur_check(&r, s2.resident + pages / 20 >= pages &&
		 (long long)s2.cached_kb - (long long)s1.cached_kb >= (long long)(fkb * 8 / 10),
		 "a buffered read fills the page cache: %llu of %llu pages cached, Cached %+lld kB for %llu kB",
		 s2.resident, pages, (long long)s2.cached_kb - (long long)s1.cached_kb, fkb);
	ur_check(&r, before[0].resident + pages / 20 >= pages && after[0].resident <= pages / 100 &&
		 (long long)before[0].cached_kb - (long long)after[0].cached_kb >= (long long)(fkb * 8 / 10),
		 "drop_caches 1 frees the page cache: file pages %llu -> %llu, Cached -%lld kB",
		 before[0].resident, after[0].resident,
		 (long long)before[0].cached_kb - (long long)after[0].cached_kb);
	if (ndent >= 1000 && before[1].negative > 0) {
		ur_check(&r, after[1].resident + pages / 20 >= before[1].resident &&
			 before[1].negative - after[1].negative >= ndent / 2,
			 "drop_caches 2 frees dentries, not page cache: negative dentries %lld -> %lld, "
			 "file pages %llu -> %llu", before[1].negative, after[1].negative,
			 before[1].resident, after[1].resident);
		ur_check(&r, after[2].resident <= pages / 100 &&
			 before[2].negative - after[2].negative >= ndent / 2,
			 "drop_caches 3 frees both: file pages %llu -> %llu, negative dentries %lld -> %lld",
			 before[2].resident, after[2].resident, before[2].negative, after[2].negative);
	} else {
		ur_check(&r, after[1].resident + pages / 20 >= before[1].resident,
			 "drop_caches 2 leaves the page cache: file pages %llu -> %llu",
			 before[1].resident, after[1].resident);
		ur_check(&r, after[2].resident <= pages / 100,
			 "drop_caches 3 frees the page cache: file pages %llu -> %llu",
			 before[2].resident, after[2].resident);
		ur_skip(&r, "dentries freed by drop_caches 2/3: %s",
			ndent < 1000 ? "--dentries below 1000" : "no negative dentry count in dentry-state");
	}
out:
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
