/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - what the `alloclab` subcommands share: the subcommand entry points
 * (one source file each, called with argv[0] = the subcommand name), the
 * paths of the kernel interfaces and small helpers to reach them.
 *
 * Exit status convention: 0 success; 1 a failure of the tool or the system
 * (module not loaded, file unreadable); 2 bad usage; `run` (both transports)
 * and `mmap` exit with the errno the kernel returned; `ioctl-test` with 0
 * when the kernel refused the malformed request as it must.
 */
#ifndef ALLOCLAB_CLI_H
#define ALLOCLAB_CLI_H

#include <stdio.h>

#include <linux/types.h>
#include "uapi/alloclab.h"

#define ALLOCLAB_CLI_VERSION	"0.1"

#define AL_DEV_PATH		"/dev/" ALLOCLAB_DEV_NAME
#define AL_DEBUGFS_ROOT		"/sys/kernel/debug"
#define AL_DEBUGFS_DIR		AL_DEBUGFS_ROOT "/" ALLOCLAB_DEBUGFS_DIR

#define EXIT_USAGE		2

int cmd_list(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_plot(int argc, char **argv);	/* alloclab plot sweep|buddy|hist */
int cmd_selftest(int argc, char **argv);
int cmd_ioctl_test(int argc, char **argv);
int cmd_mmap(int argc, char **argv);
int cmd_dma_validate(int argc, char **argv);
int ioctl_fuzz(int argc, char **argv);	/* alloclab ioctl-test fuzz */
int ioctl_failsweep(int argc, char **argv);	/* alloclab ioctl-test failsweep */
int cmd_cma(int argc, char **argv);	/* alloclab cma info|pressure */
int cmd_user(int argc, char **argv);	/* userspace/user/ */

/*
 * Open /dev/alloclab read-write. On failure prints why and what to do
 * (al_open_advice()) and returns -1 with errno set.
 */
int al_dev_open(void);

/*
 * Why /dev/alloclab (or a debugfs file) could not be opened with errno @e,
 * and what to do, as one sentence into @buf: not root, alloclab_core not
 * loaded, debugfs not mounted, ...
 */
const char *al_open_advice(int e, char *buf, size_t len);

/*
 * Read debugfs file @name (e.g. "last") of alloclab into a malloc'ed
 * string. On failure prints why, with a hint, and returns NULL.
 */
char *al_debugfs_read(const char *name);

/*
 * Write @text to debugfs file @name in one write(). Returns 0, or -errno
 * of a failed write (the kernel's verdict on a command; nothing printed),
 * or 1 if the file cannot be opened (why, with a hint, printed).
 */
int al_debugfs_write(const char *name, const char *text);

/*
 * Which side to rebuild when the module's ABI @module_abi is not this
 * tool's ALLOCLAB_ABI_VERSION, as one sentence into @buf.
 */
const char *al_abi_advice(unsigned int module_abi, char *buf, size_t len);

/*
 * After an ioctl on @fd failed with @e: if @e is ENOTTY or EPROTO and
 * ALLOCLAB_IOC_VERSION says the module's ABI differs, print why and what to
 * rebuild, and return 1; else 0 (nothing printed).
 */
int al_abi_explain(int fd, int e);

/*
 * Every experiment through ALLOCLAB_IOC_LIST into a malloc'ed array (its
 * strings NUL-terminated, counts clamped to the ALLOCLAB_MAX_*). Returns 0,
 * or -1 with the reason printed.
 */
int al_list_fetch(int fd, struct alloclab_list **out, unsigned int *nr);

/*
 * debugfs last_error ("command: ...", "errno: -22 EINVAL", "reason: ...")
 * read into @le (malloc'ed strings, "" if a line is missing; err is the
 * positive errno, 0 if none). Returns 0, or -1 if the file cannot be read
 * (nothing printed). Free with al_last_error_free().
 */
struct al_last_error {
	char *command;
	int err;
	char *reason;
};

int al_last_error_get(struct al_last_error *le);
void al_last_error_free(struct al_last_error *le);

/* The reason line of debugfs last_error, or "" (malloc'ed; never NULL). */
char *al_last_error_reason(void);

/*
 * Run @cmd ("NAME k=v ...", checked) through ALLOCLAB_IOC_RUN on @fd, as
 * `alloclab run` does, and return its text form in *@text (malloc'ed).
 * Returns 0, or the positive errno with the kernel's reason (else
 * strerror) in @reason and *@text NULL. (cmd_run.c)
 */
int al_run_text(int fd, const char *cmd, char **text, char *reason, size_t rlen);

/* Print "Usage: alloclab <usage>" to @f. */
void al_usage(FILE *f, const char *usage);

#endif /* ALLOCLAB_CLI_H */
