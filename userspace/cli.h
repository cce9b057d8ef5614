/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - what the `alloclab` subcommands share: the subcommand entry points
 * (one source file each, called with argv[0] = the subcommand name), the
 * paths of the kernel interfaces and small helpers to reach them.
 *
 * Exit status convention: 0 success; 1 a failure of the tool or the system
 * (module not loaded, file unreadable); 2 bad usage; `run` (both transports)
 * and `ioctl-test` exit with the errno the kernel returned.
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
int cmd_version(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_ioctl_test(int argc, char **argv);
int cmd_user(int argc, char **argv);	/* userspace/user/ */

/*
 * Open /dev/alloclab read-write. On failure prints why, with a hint
 * ("is alloclab_core loaded?", "run as root") and returns -1.
 */
int al_dev_open(void);

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

/* Print "Usage: alloclab <usage>" to @f. */
void al_usage(FILE *f, const char *usage);

#endif /* ALLOCLAB_CLI_H */
