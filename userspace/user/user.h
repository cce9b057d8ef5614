/* SPDX-License-Identifier: GPL-2.0 */
/*
 * user.h - what the `alloclab user ...` experiments share: option parsing,
 * the report (figures, checks, conclusion, exit status), reading /proc
 * without touching the heap, and children that cannot outlive the tool.
 *
 * Exit status of every experiment (the CLI convention of cli.h):
 *   0  the expected behaviour was observed (every check passed)
 *   1  it was not (a check failed), or the system lacks what the experiment
 *      needs (root, cgroup2 with the memory controller, a disk-backed file)
 *   2  bad usage: unknown option, bad value, size beyond RAM without --force,
 *      unknown pid
 * Nothing is left behind on any of these paths: no cgroup, no temp file, no
 * child process.
 */
#ifndef ALLOCLAB_USER_H
#define ALLOCLAB_USER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "../out.h"
#include "user_parse.h"
#include "proc.h"

#define U_EXIT_OK	0
#define U_EXIT_FAIL	1
#define U_EXIT_USAGE	2

#define KIB		1024ULL
#define MIB		(1024ULL * 1024)

/* ---- experiments: int u_NAME(int argc, char **argv), argv[0] = NAME ---- */

int u_lazy(int argc, char **argv);
int u_rt(int argc, char **argv);
int u_cow(int argc, char **argv);
int u_mmap(int argc, char **argv);
int u_pss(int argc, char **argv);
int u_faults(int argc, char **argv);
int u_oom(int argc, char **argv);
int u_io(int argc, char **argv);
int u_addr(int argc, char **argv);

/* ---- usage errors ---- */

/* "alloclab user NAME: <msg>" on stderr; returns U_EXIT_USAGE. */
int u_usage_err(const char *exp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "alloclab user NAME: <msg>" on stderr; returns U_EXIT_FAIL. */
int u_fail(const char *exp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * getopt_long over argv[0..argc-1] with argv[0] = experiment name. Unknown
 * options and missing arguments print a message and yield '?'. Resets
 * getopt's state on the first call for a new argv.
 */
struct option;
int u_getopt(const char *exp, int argc, char **argv, const char *shortopts,
	     const struct option *longopts);

/* --size style value (bare number = @unit bytes). 0, or message + -1. */
int u_opt_size(const char *exp, const char *opt, const char *val,
	       unsigned long long unit, unsigned long long *bytes);
/* Integer option within [min, max]. 0, or message + -1. */
int u_opt_uint(const char *exp, const char *opt, const char *val,
	       unsigned long long min, unsigned long long max,
	       unsigned long long *v);

/*
 * Refuse @bytes of memory the experiment will really use when it is more
 * than MemAvailable, unless @force. 0 if fine, else message + -1.
 */
int u_check_mem(const char *exp, const char *what, unsigned long long bytes, int force);


/* ---- one model, many views: field descriptions ---- */

/*
 * An experiment measures into a struct; one table of struct ufield says
 * what each member is called and how it is shown. Both views are rendered
 * from it: the JSON key and the text table's column header are the same
 * string (the canonical name: snake_case with the unit as suffix, rss_kb,
 * round_us), so they cannot differ.
 */
enum uf_type {
	UF_STR,		/* const char * (NULL: null in JSON, empty cell) */
	UF_TEXT,	/* char array member */
	UF_ULL,		/* unsigned long long */
	UF_LL,		/* long long */
	UF_INT,		/* int */
	UF_BOOL,	/* int: true/false in JSON, yes/no in the table */
	UF_NS_US,	/* unsigned long long ns shown as microseconds, 1 decimal */
	UF_HEX,		/* unsigned long: "0x7f..." string in both views */
	UF_SERIES,	/* struct useries: a JSON array, space-separated in the table */
};

/* A series of samples (points into the measured struct). */
struct useries {
	const unsigned long long *v;
	int n;
};

struct ufield {
	const char *key;	/* JSON key == table header */
	enum uf_type type;
	size_t off;		/* offsetof() the member */
	size_t has;		/* offsetof() + 1 of an int "value present" flag; 0: always */
};

#define UF(st, m, type, key)		{ key, type, offsetof(st, m), 0 }
/* Present only when the int member @flag is non-zero (omitted / empty cell). */
#define UF_IF(st, m, type, key, flag)	{ key, type, offsetof(st, m), offsetof(st, flag) + 1 }

/* A struct's description: its fields and its size (for tests and arrays). */
struct ufields {
	const char *name;	/* "lazy.steps": experiment.view, for tests */
	const struct ufield *f;
	int n;
	size_t size;
};

#define UFIELDS(name, st, arr) { name, arr, sizeof(arr) / sizeof(arr[0]), sizeof(st) }

extern const struct ufields u_lazy_params, u_lazy_steps;
extern const struct ufields u_cow_params, u_cow_steps;
extern const struct ufields u_mmap_kinds;
extern const struct ufields u_rt_params, u_rt_modes, u_rt_rounds;
extern const struct ufields u_pss_processes, u_pss_demo, u_pss_samples;
extern const struct ufields u_faults_segv, u_faults_stack, u_faults_major;
extern const struct ufields u_io_params, u_io_reads, u_io_drops;
extern const struct ufields u_addr_sizes, u_addr_layout, u_addr_runs;
extern const struct ufields u_oom_params, u_oom_round, u_oom_steps, u_oom_cleanup;

/* Every description of every experiment, NULL-name terminated (user.c). */
extern const struct ufields *const u_all_fields[];

/* Is field @i of @obj present? */
int uf_present(const struct ufield *f, const void *obj);
/* The table cell of one field ("" when absent). */
const char *uf_cell(const struct ufield *f, const void *obj, char *buf, size_t len);
/* The members of @obj into the JSON object open now. */
void uf_json_members(struct out_json *j, const struct ufields *d, const void *obj);
/* @obj as a JSON object under @key (NULL inside an array). */
void uf_json(struct out_json *j, const char *key, const struct ufields *d, const void *obj);
/*
 * A table whose headers are the keys of @d, one row per element; a column
 * no row has (UF_IF) is left out, as JSON leaves its key out. At most 64
 * fields.
 */
void uf_table(struct out_table *t, const struct ufields *d, const void *rows, int nrows);

/* ---- the report ---- */

#define U_MAX_CHECKS	48
#define U_MAX_NOTES	32

struct ureport {
	const char *exp;
	int json;
	struct out_json j;
	int nchecks, failed, skipped;
	struct {
		char *text;
		int ok;			/* 1 ok, 0 failed, -1 skipped */
	} checks[U_MAX_CHECKS];
	int nnotes;
	char *notes[U_MAX_NOTES];
};

/*
 * Start: text mode prints "NAME: @title"; JSON opens the top-level object
 * with "experiment" and "title".
 */
void ur_begin(struct ureport *r, const char *exp, int json, const char *title, ...)
	__attribute__((format(printf, 4, 5)));
/* A remark: printed at once in text, collected into "notes" in JSON. */
void ur_note(struct ureport *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A check of the expected behaviour; @ok false makes the experiment fail. */
int ur_check(struct ureport *r, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A check that could not be made here, with the reason. Does not fail. */
void ur_skip(struct ureport *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Text mode only: print a table, then free it. JSON: just free. */
void ur_table(struct ureport *r, struct out_table *t, const char *caption);
/*
 * @nrows structs of @d (an array, @d->size apart): an array of objects
 * under @key in JSON, a table (with @caption, may be NULL) in text.
 */
void ur_rows(struct ureport *r, const char *key, const char *caption,
	     const struct ufields *d, const void *rows, int nrows);
/*
 * One struct of @d: an object under @key in JSON, one line
 * "@key: name value, name value, ..." in text (absent fields left out).
 */
void ur_obj(struct ureport *r, const char *key, const struct ufields *d, const void *obj);
/*
 * Finish: the checks, the conclusion (@concl_ok if every check passed, else
 * @concl_fail) and "result: PASS|FAIL". Returns the exit status.
 */
int ur_end(struct ureport *r, const char *concl_ok, const char *concl_fail);

/* ---- reading /proc without malloc (so it does not disturb RSS/faults) ---- */

/* Read a whole small file into @buf (NUL-terminated). Length, or -1. */
ssize_t u_read_file(const char *path, char *buf, size_t size);
/* Write @text to @path in one write(). 0, or -1 with errno. */
int u_write_file(const char *path, const char *text);
/* /proc/@pid/status (pid 0 = self) parsed. 0 or -1. */
int u_status(pid_t pid, struct up_status *st);
/* A /proc/meminfo value in kB. 0 or -1. */
int u_meminfo(const char *key, unsigned long long *kb);
/* Minor and major faults of this process so far (getrusage). */
void u_faults_self(unsigned long long *minflt, unsigned long long *majflt);
/* Read a file of any size into a malloc'ed string (NULL + errno): the CLI's reader. */
#define u_slurp(path) proc_read_file(path)
/* smaps of @pid (0 = self): the VMA holding @addr. 0 or -1. */
int u_smaps_vma(pid_t pid, unsigned long addr, struct up_smaps *s);
/* smaps of @pid (0 = self) summed. 0, or -1 with errno (ENOENT: no pid). */
int u_smaps_sum(pid_t pid, struct up_smaps *s);
/* Transparent hugepage mode ("always", "madvise", "never") or "n/a". */
const char *u_thp_mode(char *buf, size_t size);
/* Nanoseconds of CLOCK_MONOTONIC. */
unsigned long long u_now_ns(void);

/* ---- children ---- */

/*
 * fork() a child that is SIGKILLed if the tool dies (PR_SET_PDEATHSIG), so
 * no experiment leaves a process behind even when the tool is killed.
 * Returns like fork().
 */
pid_t u_fork(void);
/* pipe(@fd), then u_fork(): like fork(), or -1 with @err set and @fd closed. */
pid_t u_fork_piped(int fd[2], char *err, size_t errlen);
/* SIGKILL and reap @pid (if > 0). Returns the wait status, or -1. */
int u_kill_reap(pid_t pid);
/* waitpid() retried on EINTR. */
pid_t u_wait(pid_t pid, int *status);
/* Write/read exactly @n bytes over a pipe (retry on EINTR/short). 0 or -1. */
int u_write_all(int fd, const void *buf, size_t n);
int u_read_all(int fd, void *buf, size_t n);

/* Human-readable "12.3 MiB" from kB, in @buf. */
const char *u_kb_str(unsigned long long kb, char *buf, size_t size);

/* Is the filesystem of @path tmpfs or ramfs? 1 yes, 0 no, -1 error.
 * @fsname gets "tmpfs", "ext4", ... (best effort). */
int u_fs_is_ram(const char *path, char *fsname, size_t size);

#endif /* ALLOCLAB_USER_H */
