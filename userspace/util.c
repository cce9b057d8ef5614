// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - reaching /dev/alloclab and /sys/kernel/debug/alloclab.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "out.h"
#include "proc.h"

static const char *access_hint(int e)
{
	if (e == EACCES || e == EPERM)
		return " (run as root)";
	return "";
}

int al_dev_open(void)
{
	int fd = open(AL_DEV_PATH, O_RDWR | O_CLOEXEC);
	int e;

	if (fd >= 0)
		return fd;
	e = errno;
	if (e == ENOENT || e == ENXIO || e == ENODEV)
		out_error("cannot open %s: %s (is alloclab_core loaded?)",
			  AL_DEV_PATH, strerror(e));
	else
		out_error("cannot open %s: %s%s", AL_DEV_PATH, strerror(e),
			  access_hint(e));
	errno = e;
	return -1;
}

/* Why a debugfs file cannot be opened, with the likely cause. */
static void debugfs_error(const char *path, int e)
{
	if (e == ENOENT && access(AL_DEBUGFS_DIR, F_OK))
		out_error("cannot open %s: %s (is debugfs mounted on %s and alloclab_core loaded?)",
			  path, strerror(e), AL_DEBUGFS_ROOT);
	else
		out_error("cannot open %s: %s%s", path, strerror(e), access_hint(e));
}

char *al_debugfs_read(const char *name)
{
	char path[256];
	char *s;

	snprintf(path, sizeof(path), "%s/%s", AL_DEBUGFS_DIR, name);
	s = proc_read_file(path);
	if (!s)
		debugfs_error(path, errno);
	return s;
}

int al_debugfs_write(const char *name, const char *text)
{
	size_t len = strlen(text);
	char path[256];
	ssize_t n;
	int fd, e;

	snprintf(path, sizeof(path), "%s/%s", AL_DEBUGFS_DIR, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		debugfs_error(path, errno);
		return 1;
	}
	do {
		n = write(fd, text, len);
	} while (n < 0 && errno == EINTR);
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	if ((size_t)n != len)
		return -EIO;
	return 0;
}

void al_usage(FILE *f, const char *usage)
{
	fprintf(f, "Usage: %s %s\n", out_prog, usage);
}
