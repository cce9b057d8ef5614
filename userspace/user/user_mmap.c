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
	const char *name;
	int shared, file;
};

static const struct kind kinds[] = {
	{ "private anonymous", 0, 0 },
	{ "shared anonymous", 1, 0 },
	{ "private file", 0, 1 },
	{ "shared file", 1, 1 },
};

struct outcome {
	int ok;				/* the run went through */
	char err[128];
	int child_saw_initial;		/* 'F' (file) or 'I' (anonymous) */
	int parent_saw_child;
	int child_saw_parent;
	int file_has_child, file_has_parent;
};

static int file_byte(int fd, off_t off)
{
	unsigned char b = 0;

	if (pread(fd, &b, 1, off) != 1)
		return -1;
	return b;
}

static void run_kind(const struct kind *k, int fd, long ps, struct outcome *o)
{
	int p2c[2] = { -1, -1 }, c2p[2] = { -1, -1 }, status;
	volatile unsigned char *m;
	char cmd = 'x', reply = 0;
	pid_t pid;

	memset(o, 0, sizeof(*o));
	m = mmap(NULL, ps, PROT_READ | PROT_WRITE,
		 (k->shared ? MAP_SHARED : MAP_PRIVATE) | (k->file ? 0 : MAP_ANONYMOUS),
		 k->file ? fd : -1, 0);
	if (m == MAP_FAILED) {
		snprintf(o->err, sizeof(o->err), "mmap: %s", strerror(errno));
		return;
	}
	if (k->file) {
		/* the file holds 'F' everywhere (written before) */
	} else {
		memset((void *)m, 'I', 4);
	}
	if (pipe(p2c) || pipe(c2p)) {
		snprintf(o->err, sizeof(o->err), "pipe: %s", strerror(errno));
		goto out;
	}
	pid = u_fork();
	if (pid < 0) {
		snprintf(o->err, sizeof(o->err), "fork: %s", strerror(errno));
		goto out;
	}
	if (!pid) {
		char init = (char)m[2];

		close(p2c[1]);
		close(c2p[0]);
		m[0] = 'C';
		reply = init;
		if (u_write_all(c2p[1], &reply, 1) || u_read_all(p2c[0], &cmd, 1))
			_exit(1);
		reply = (char)m[1];
		u_write_all(c2p[1], &reply, 1);
		_exit(0);
	}
	close(p2c[0]);
	close(c2p[1]);
	p2c[0] = c2p[1] = -1;
	if (u_read_all(c2p[0], &reply, 1)) {
		snprintf(o->err, sizeof(o->err), "the child did not report");
		u_kill_reap(pid);
		goto out;
	}
	o->child_saw_initial = reply == (k->file ? 'F' : 'I');
	o->parent_saw_child = m[0] == 'C';
	m[1] = 'P';
	if (u_write_all(p2c[1], &cmd, 1) || u_read_all(c2p[0], &reply, 1)) {
		snprintf(o->err, sizeof(o->err), "the child did not report");
		u_kill_reap(pid);
		goto out;
	}
	o->child_saw_parent = reply == 'P';
	u_wait(pid, &status);
	if (k->file) {
		o->file_has_child = file_byte(fd, 0) == 'C';
		o->file_has_parent = file_byte(fd, 1) == 'P';
	}
	o->ok = 1;
out:
	if (p2c[0] >= 0)
		close(p2c[0]);
	if (p2c[1] >= 0)
		close(p2c[1]);
	if (c2p[0] >= 0)
		close(c2p[0]);
	if (c2p[1] >= 0)
		close(c2p[1]);
	munmap((void *)m, ps);
}

static const char *yesno(int v)
{
	return v ? "yes" : "no";
}

int u_mmap(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = getenv("TMPDIR");
	long ps = sysconf(_SC_PAGESIZE);
	struct outcome o[4];
	struct ureport r;
	struct out_table t;
	char path[PATH_MAX], fsname[64], *page;
	int json = 0, c, fd, i;
	struct stat sb;

	if (!dir || !*dir)
		dir = "/tmp";
	while ((c = u_getopt("mmap", argc, argv, "d:jh", opts)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("mmap", "unexpected argument '%s'", argv[optind]);
	if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
		return u_usage_err("mmap", "--dir %s: not a directory", dir);
	if (snprintf(path, sizeof(path), "%s/alloclab-mmap-XXXXXX", dir) >= (int)sizeof(path))
		return u_usage_err("mmap", "--dir: path too long");
	fd = mkstemp(path);		/* O_CREAT | O_EXCL, mode 0600 */
	if (fd < 0)
		return u_fail("mmap", "cannot create a file in %s: %s", dir, strerror(errno));
	unlink(path);			/* nothing left behind, whatever happens */
	page = out_xmalloc(ps);
	memset(page, 'F', ps);
	if (pwrite(fd, page, ps, 0) != ps) {
		free(page);
		close(fd);
		return u_fail("mmap", "cannot write the file in %s: %s", dir, strerror(errno));
	}
	free(page);
	u_fs_is_ram(dir, fsname, sizeof(fsname));

	ur_begin(&r, "mmap", json, "one page mapped four ways; after fork the child writes byte 0, the parent byte 1");
	ur_note(&r, "file: one page of 'F' in %s (%s), created with mkstemp (mode 0600) and unlinked at once",
		dir, fsname);
	for (i = 0; i < 4; i++)
		run_kind(&kinds[i], fd, ps, &o[i]);
	close(fd);

	if (r.json) {
		json_arr_begin(&r.j, "kinds");
		for (i = 0; i < 4; i++) {
			json_obj_begin(&r.j, NULL);
			json_str(&r.j, "kind", kinds[i].name);
			json_str(&r.j, "flags", kinds[i].shared ?
				 (kinds[i].file ? "MAP_SHARED" : "MAP_SHARED|MAP_ANONYMOUS") :
				 (kinds[i].file ? "MAP_PRIVATE" : "MAP_PRIVATE|MAP_ANONYMOUS"));
			json_bool(&r.j, "completed", o[i].ok);
			json_bool(&r.j, "child_sees_initial_data", o[i].child_saw_initial);
			json_bool(&r.j, "parent_sees_child_write", o[i].parent_saw_child);
			json_bool(&r.j, "child_sees_parent_write", o[i].child_saw_parent);
			if (kinds[i].file) {
				json_bool(&r.j, "file_has_child_write", o[i].file_has_child);
				json_bool(&r.j, "file_has_parent_write", o[i].file_has_parent);
			}
			json_obj_end(&r.j);
		}
		json_arr_end(&r.j);
	}
	table_init(&t, "mapping", "child sees data", "parent sees child's write",
		   "child sees parent's write", "file has the writes", NULL);
	for (i = 0; i < 4; i++) {
		table_row(&t);
		table_cell(&t, "%s", kinds[i].name);
		table_cell(&t, "%s", yesno(o[i].child_saw_initial));
		table_cell(&t, "%s", yesno(o[i].parent_saw_child));
		table_cell(&t, "%s", yesno(o[i].child_saw_parent));
		if (kinds[i].file)
			table_cell(&t, "%s/%s", o[i].file_has_child ? "child" : "-",
				   o[i].file_has_parent ? "parent" : "-");
		else
			table_cell(&t, "%s", "n/a");
	}
	ur_table(&r, &t, NULL);

	for (i = 0; i < 4; i++) {
		const struct kind *k = &kinds[i];

		if (!o[i].ok) {
			ur_check(&r, 0, "%s: %s", k->name, o[i].err);
			continue;
		}
		ur_check(&r, o[i].child_saw_initial, "%s: the child sees the data from before fork",
			 k->name);
		ur_check(&r, o[i].parent_saw_child == k->shared,
			 "%s: the child's write is %sseen by the parent", k->name,
			 k->shared ? "" : "not ");
		ur_check(&r, o[i].child_saw_parent == k->shared,
			 "%s: the parent's write is %sseen by the child", k->name,
			 k->shared ? "" : "not ");
		if (k->file)
			ur_check(&r, o[i].file_has_child == k->shared &&
				 o[i].file_has_parent == k->shared,
				 "%s: the writes %s the file", k->name,
				 k->shared ? "reach" : "never reach");
	}
	return ur_end(&r,
		      "MAP_SHARED maps one set of pages: every write is seen by every process "
		      "mapping it and, for a file, lands in the file; MAP_PRIVATE is copy-on-write: "
		      "after fork a write is seen only by the process that made it and never "
		      "reaches the file",
		      "the mappings did not behave as expected: see the FAILED checks");
}
