// SPDX-License-Identifier: GPL-2.0
/*
 * user_mmap.c - `alloclab user mmap`: the four kinds of mapping across fork.
 *
 * For each of private/shared x anonymous/file: map one page, fork, the child
 * writes byte 0, the parent writes byte 1; who sees whose write, and what the
 * file holds afterwards. MAP_SHARED: one set of pages, every write seen by
 * both and (file) written to the file. MAP_PRIVATE: copy-on-write, a write is
 * seen by its writer only and never reaches the file.
 *
 * Done right where the seed's sample was not: every variable initialised,
 * MAP_PRIVATE | MAP_ANONYMOUS for the private anonymous case, and the file
 * created by mkstemp() (mode 0600) and unlinked at once, so nothing is left
 * behind even if the tool is killed.
 */
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
#include <sys/wait.h>

#include "user.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s user mmap [--dir DIR] [--json]\n\n"
		"Private/shared x file/anonymous mappings with fork: who sees whose writes,\n"
		"and what reaches the file.\n\n"
		"  -d, --dir DIR   where the (immediately unlinked) file is created\n"
		"                  (default $TMPDIR or /tmp)\n"
		"  -j, --json      JSON output\n", out_prog);
}

struct kind {
	const char *name, *flags;
	int shared, file;
};

static const struct kind kinds[] = {
	{ "private anonymous", "MAP_PRIVATE|MAP_ANONYMOUS", 0, 0 },
	{ "shared anonymous", "MAP_SHARED|MAP_ANONYMOUS", 1, 0 },
	{ "private file", "MAP_PRIVATE", 0, 1 },
	{ "shared file", "MAP_SHARED", 1, 1 },
};

#define NR_KINDS	4

/* What one kind of mapping showed: one JSON object, one table row. */
struct outcome {
	const char *kind, *flags;
	int ok;				/* the run went through */
	char err[128];
	int child_saw_initial;		/* 'F' (file) or 'I' (anonymous) */
	int parent_saw_child;
	int child_saw_parent;
	int file;			/* the file_has_* fields apply */
	int file_has_child, file_has_parent;
};

static const struct ufield outcome_f[] = {
	UF(struct outcome, kind, UF_STR, "kind"),
	UF(struct outcome, flags, UF_STR, "flags"),
	UF(struct outcome, ok, UF_BOOL, "completed"),
	UF(struct outcome, child_saw_initial, UF_BOOL, "child_sees_initial_data"),
	UF(struct outcome, parent_saw_child, UF_BOOL, "parent_sees_child_write"),
	UF(struct outcome, child_saw_parent, UF_BOOL, "child_sees_parent_write"),
	UF_IF(struct outcome, file_has_child, UF_BOOL, "file_has_child_write", file),
	UF_IF(struct outcome, file_has_parent, UF_BOOL, "file_has_parent_write", file),
};

const struct ufields u_mmap_kinds = UFIELDS("mmap.kinds", struct outcome, outcome_f);

struct mmap_opts {
	const char *dir;
	int json;
};

static int file_byte(int fd, off_t off)
{
	unsigned char b = 0;

	if (pread(fd, &b, 1, off) != 1)
		return -1;
	return b;
}

/* The child: write byte 0, report what it saw before, then byte 1. */
static void __attribute__((noreturn)) kind_child(volatile unsigned char *m, int rfd, int wfd)
{
	char init = (char)m[2], cmd, reply;

	m[0] = 'C';
	reply = init;
	if (u_write_all(wfd, &reply, 1) || u_read_all(rfd, &cmd, 1))
		_exit(1);
	reply = (char)m[1];
	u_write_all(wfd, &reply, 1);
	_exit(0);
}

/* The parent's side with the child running. 0, or -1 with o->err. */
static int kind_parent(const struct kind *k, volatile unsigned char *m, int wfd, int rfd,
		       struct outcome *o)
{
	char cmd = 'x', reply = 0;

	if (u_read_all(rfd, &reply, 1)) {
		snprintf(o->err, sizeof(o->err), "the child did not report");
		return -1;
	}
	o->child_saw_initial = reply == (k->file ? 'F' : 'I');
	o->parent_saw_child = m[0] == 'C';
	m[1] = 'P';
	if (u_write_all(wfd, &cmd, 1) || u_read_all(rfd, &reply, 1)) {
		snprintf(o->err, sizeof(o->err), "the child did not report");
		return -1;
	}
	o->child_saw_parent = reply == 'P';
	return 0;
}

static void run_kind(const struct kind *k, int fd, long ps, struct outcome *o)
{
	int p2c[2], c2p[2], status;
	volatile unsigned char *m;
	pid_t pid;

	memset(o, 0, sizeof(*o));
	o->kind = k->name;
	o->flags = k->flags;
	o->file = k->file;
	m = mmap(NULL, ps, PROT_READ | PROT_WRITE,
		 (k->shared ? MAP_SHARED : MAP_PRIVATE) | (k->file ? 0 : MAP_ANONYMOUS),
		 k->file ? fd : -1, 0);
	if (m == MAP_FAILED) {
		snprintf(o->err, sizeof(o->err), "mmap: %s", strerror(errno));
		return;
	}
	if (!k->file)		/* the file holds 'F' everywhere (written before) */
		memset((void *)m, 'I', 4);
	if (pipe(p2c)) {
		snprintf(o->err, sizeof(o->err), "pipe: %s", strerror(errno));
		goto out;
	}
	pid = u_fork_piped(c2p, o->err, sizeof(o->err));
	if (pid == 0) {
		close(p2c[1]);
		close(c2p[0]);
		kind_child(m, p2c[0], c2p[1]);
	}
	close(p2c[0]);
	if (pid > 0) {
		close(c2p[1]);
		if (kind_parent(k, m, p2c[1], c2p[0], o))
			u_kill_reap(pid);
		else
			u_wait(pid, &status);
		close(c2p[0]);
	}
	close(p2c[1]);
	if (pid > 0 && !o->err[0]) {
		if (k->file) {
			o->file_has_child = file_byte(fd, 0) == 'C';
			o->file_has_parent = file_byte(fd, 1) == 'P';
		}
		o->ok = 1;
	}
out:
	munmap((void *)m, ps);
}

/* Options into @o. -1 to go on, else the exit status. */
static int mmap_parse(int argc, char **argv, struct mmap_opts *o)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct stat sb;
	int c;

	o->json = 0;
	o->dir = getenv("TMPDIR");
	if (!o->dir || !*o->dir)
		o->dir = "/tmp";
	while ((c = u_getopt("mmap", argc, argv, "d:jh", opts)) != -1) {
		switch (c) {
		case 'd': o->dir = optarg; break;
		case 'j': o->json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("mmap", "unexpected argument '%s'", argv[optind]);
	if (stat(o->dir, &sb) || !S_ISDIR(sb.st_mode))
		return u_usage_err("mmap", "--dir %s: not a directory", o->dir);
	return -1;
}

/* A file of one page of 'F' in @dir, unlinked at once: its fd, or -1 + exit status. */
static int mmap_file(const char *dir, long ps, int *ret)
{
	char path[PATH_MAX], *page;
	int fd;

	if (snprintf(path, sizeof(path), "%s/alloclab-mmap-XXXXXX", dir) >= (int)sizeof(path)) {
		*ret = u_usage_err("mmap", "--dir: path too long");
		return -1;
	}
	fd = mkstemp(path);		/* O_CREAT | O_EXCL, mode 0600 */
	if (fd < 0) {
		*ret = u_fail("mmap", "cannot create a file in %s: %s", dir, strerror(errno));
		return -1;
	}
	unlink(path);			/* nothing left behind, whatever happens */
	page = out_xmalloc(ps);
	memset(page, 'F', ps);
	if (pwrite(fd, page, ps, 0) != ps) {
		*ret = u_fail("mmap", "cannot write the file in %s: %s", dir, strerror(errno));
		close(fd);
		fd = -1;
	}
	free(page);
	return fd;
}

static void mmap_checks(struct ureport *r, const struct outcome *o)
{
	int i;

	for (i = 0; i < NR_KINDS; i++) {
		const struct kind *k = &kinds[i];

		if (!o[i].ok) {
			ur_check(r, 0, "%s: %s", k->name, o[i].err);
			continue;
		}
		ur_check(r, o[i].child_saw_initial, "%s: the child sees the data from before fork",
			 k->name);
		ur_check(r, o[i].parent_saw_child == k->shared,
			 "%s: the child's write is %sseen by the parent", k->name,
			 k->shared ? "" : "not ");
		ur_check(r, o[i].child_saw_parent == k->shared,
			 "%s: the parent's write is %sseen by the child", k->name,
			 k->shared ? "" : "not ");
		if (k->file)
			ur_check(r, o[i].file_has_child == k->shared &&
				 o[i].file_has_parent == k->shared,
				 "%s: the writes %s the file", k->name,
				 k->shared ? "reach" : "never reach");
	}
}

int u_mmap(int argc, char **argv)
{
	long ps = sysconf(_SC_PAGESIZE);
	struct outcome out[NR_KINDS];
	struct mmap_opts o;
	struct ureport r;
	char fsname[64];
	int ret = mmap_parse(argc, argv, &o), fd, i;

	if (ret >= 0)
		return ret;
	fd = mmap_file(o.dir, ps, &ret);
	if (fd < 0)
		return ret;
	u_fs_is_ram(o.dir, fsname, sizeof(fsname));

	ur_begin(&r, "mmap", o.json, "one page mapped four ways; after fork the child writes byte 0, the parent byte 1");
	ur_note(&r, "file: one page of 'F' in %s (%s), created with mkstemp (mode 0600) and unlinked at once",
		o.dir, fsname);
	for (i = 0; i < NR_KINDS; i++)
		run_kind(&kinds[i], fd, ps, &out[i]);
	close(fd);
	ur_rows(&r, "kinds", NULL, &u_mmap_kinds, out, NR_KINDS);
	mmap_checks(&r, out);
	return ur_end(&r,
		      "MAP_SHARED maps one set of pages: every write is seen by every process "
		      "mapping it and, for a file, lands in the file; MAP_PRIVATE is copy-on-write: "
		      "after fork a write is seen only by the process that made it and never "
		      "reaches the file",
		      "the mappings did not behave as expected: see the FAILED checks");
}
