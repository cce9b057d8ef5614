// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - reaching /dev/alloclab and /sys/kernel/debug/alloclab.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cli.h"
#include "out.h"
#include "param.h"
#include "proc.h"

#define AL_SYSFS_MODULE	"/sys/module/alloclab_core"
#define DEBUGFS_MAGIC	0x64626720

static const char not_loaded[] =
	"alloclab_core is not loaded: insmod alloclab_core.ko (or modprobe alloclab_core)";

const char *al_open_advice(int e, char *buf, size_t len)
{
	struct statfs fs;

	if (e == EACCES || e == EPERM) {
		snprintf(buf, len, "%s: run as root", strerror(e));
	} else if (e != ENOENT && e != ENXIO && e != ENODEV) {
		snprintf(buf, len, "%s", strerror(e));
	} else if (access(AL_SYSFS_MODULE, F_OK)) {
		snprintf(buf, len, "%s", not_loaded);
	} else if (statfs(AL_DEBUGFS_ROOT, &fs) || fs.f_type != DEBUGFS_MAGIC) {
		snprintf(buf, len, "%s (debugfs is not mounted: mount -t debugfs none %s)",
			 strerror(e), AL_DEBUGFS_ROOT);
	} else {
		snprintf(buf, len, "%s although alloclab_core is loaded (is devtmpfs on /dev? "
			 "mount -t devtmpfs none /dev)", strerror(e));
	}
	return buf;
}

int al_dev_open(void)
{
	int fd = open(AL_DEV_PATH, O_RDWR | O_CLOEXEC);
	char buf[256];
	int e;

	if (fd >= 0)
		return fd;
	e = errno;
	out_error("cannot open %s: %s", AL_DEV_PATH, al_open_advice(e, buf, sizeof(buf)));
	errno = e;
	return -1;
}

/* Why a debugfs file cannot be opened, and what to do. */
static void debugfs_error(const char *path, int e)
{
	struct statfs fs;

	if (e == EACCES || e == EPERM)
		out_error("cannot open %s: %s: run as root", path, strerror(e));
	else if (e == ENOENT && (statfs(AL_DEBUGFS_ROOT, &fs) || fs.f_type != DEBUGFS_MAGIC))
		out_error("cannot open %s: debugfs is not mounted: mount -t debugfs none %s",
			  path, AL_DEBUGFS_ROOT);
	else if (e == ENOENT && access(AL_SYSFS_MODULE, F_OK))
		out_error("cannot open %s: %s", path, not_loaded);
	else
		out_error("cannot open %s: %s", path, strerror(e));
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

const char *al_abi_advice(unsigned int module_abi, char *buf, size_t len)
{
	if (module_abi < ALLOCLAB_ABI_VERSION)
		snprintf(buf, len, "the alloclab modules speak ABI %u, this tool ABI %d: "
			 "the modules are older, rebuild and reload them (make, then "
			 "rmmod and insmod every alloclab module)",
			 module_abi, ALLOCLAB_ABI_VERSION);
	else
		snprintf(buf, len, "the alloclab modules speak ABI %u, this tool ABI %d: "
			 "the tool is older, rebuild it (make -C userspace)",
			 module_abi, ALLOCLAB_ABI_VERSION);
	return buf;
}

int al_abi_explain(int fd, int e)
{
	struct alloclab_version v;
	char buf[256];

	if (e != ENOTTY && e != EPROTO)
		return 0;
	memset(&v, 0, sizeof(v));
	if (ioctl(fd, ALLOCLAB_IOC_VERSION, &v) < 0 ||
	    v.abi_version == ALLOCLAB_ABI_VERSION)
		return 0;
	out_error("%s", al_abi_advice(v.abi_version, buf, sizeof(buf)));
	return 1;
}

/* NUL-terminate every string the kernel filled in, clamp the counts. */
static void list_terminate(struct alloclab_list *l)
{
	unsigned int i;

	l->name[sizeof(l->name) - 1] = '\0';
	l->family[sizeof(l->family) - 1] = '\0';
	l->summary[sizeof(l->summary) - 1] = '\0';
	l->reason[sizeof(l->reason) - 1] = '\0';
	if (l->nr_params > ALLOCLAB_MAX_PARAMS)
		l->nr_params = ALLOCLAB_MAX_PARAMS;
	if (l->nr_phases > ALLOCLAB_MAX_PHASES)
		l->nr_phases = ALLOCLAB_MAX_PHASES;
	for (i = 0; i < ALLOCLAB_MAX_PHASES; i++)
		l->phases[i][ALLOCLAB_PHASE_LEN - 1] = '\0';
	for (i = 0; i < ALLOCLAB_MAX_PARAMS; i++)
		param_terminate(&l->params[i]);
}

/* One record; 1 past the last one, 0, or -1 (printed). */
static int list_one(int fd, unsigned int i, struct alloclab_list *l)
{
	memset(l, 0, sizeof(*l));
	l->abi_version = ALLOCLAB_ABI_VERSION;
	l->index = i;
	if (ioctl(fd, ALLOCLAB_IOC_LIST, l) < 0) {
		int e = errno;

		/* none registered, or one went away meanwhile */
		if (e == ENOENT || (i && (e == EINVAL || e == ERANGE)))
			return 1;
		if (!al_abi_explain(fd, e)) {
			errno = e;
			out_perror("ALLOCLAB_IOC_LIST index %u", i);
		}
		return -1;
	}
	if (i >= l->count)
		return 1;
	list_terminate(l);
	return 0;
}

int al_list_fetch(int fd, struct alloclab_list **out, unsigned int *nr)
{
	struct alloclab_list *v = NULL;
	unsigned int i, n = 0, cap = 0;
	int ret;

	for (i = 0;; i++) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = out_xrealloc(v, sizeof(*v) * cap);
		}
		ret = list_one(fd, i, &v[n]);
		if (ret < 0) {
			free(v);
			return -1;
		}
		if (ret > 0)
			break;
		n++;
		if (n >= v[n - 1].count)
			break;
	}
	*out = v;
	*nr = n;
	return 0;
}

int al_last_error_get(struct al_last_error *le)
{
	char *text = proc_read_file(AL_DEBUGFS_DIR "/last_error");
	const char *c = NULL, *e = NULL, *r = NULL;
	struct kvdoc doc;
	long n;

	memset(le, 0, sizeof(*le));
	if (!text)
		return -1;
	kv_parse(text, &doc);
	if (doc.n) {
		c = kv_get(&doc.b[0], "command");
		e = kv_get(&doc.b[0], "errno");
		r = kv_get(&doc.b[0], "reason");
	}
	n = e ? strtol(e, NULL, 10) : 0;
	le->err = (int)(n < 0 ? -n : n);
	le->command = out_xstrdup(c ? c : "");
	le->reason = out_xstrdup(r ? r : "");
	kv_free(&doc);
	free(text);
	return 0;
}

void al_last_error_free(struct al_last_error *le)
{
	free(le->command);
	free(le->reason);
	memset(le, 0, sizeof(*le));
}

char *al_last_error_reason(void)
{
	struct al_last_error le;
	char *r;

	if (al_last_error_get(&le))
		return out_xstrdup("");
	r = le.reason;
	le.reason = NULL;
	al_last_error_free(&le);
	return r;
}
