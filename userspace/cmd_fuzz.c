// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab ioctl-test fuzz [COUNT] [--seed=S] [-v]: COUNT (default 10000)
 * malformed or random requests to the kernel interface, which must answer
 * every one without crashing, refuse what is wrong with an errno and, for
 * ALLOCLAB_IOC_RUN and debugfs `run`, a reason.
 *
 * About 60% are ioctl cases (case table below): wrong ioctl numbers and
 * sizes, bad argument pointers (NULL, 0x1, the kernel half, an unmapped
 * page, a struct running into an inaccessible page), bad command and result
 * pointers, truncated result buffers, every field of alloclab_run /
 * alloclab_list / alloclab_version mutated. The rest are command texts
 * (fuzz.c: random bytes, random printable words, listed experiments with
 * real and bogus key=value words, 2000-byte lines, built-ins with junk),
 * half through RUN and half written to debugfs `run`. fuzz.h gives the
 * safety rules they obey (no force=1, no sleep*, timeout_ms=2000 last).
 * At the end "release" frees whatever a fuzzed hold=1 kept.
 *
 * Output: the seed first (to repeat a run), one line per problem (the
 * first 20), then the summary. -v prints every case before it is sent, so
 * the last line before a kernel crash names the culprit. Exit 0 only if no
 * refusal lacked its reason, no case that must fail succeeded or failed
 * with another errno than the one it must, every answer was consistent
 * and the final release left nothing held.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "fuzz.h"
#include "out.h"
#include "result.h"

static const char usage_text[] = "ioctl-test fuzz [COUNT] [--seed=S] [-v|--verbose]";

#define FZ_AREA		(64 * 1024)	/* readable and writable */
#define FZ_MAX_ERRNO	512
#define FZ_MAX_DETAILS	20
#define FZ_IOCTL_PCT	60

#if ULONG_MAX > 0xffffffffUL
#define FZ_KERNEL_ADDR	0xffff800000000000UL
#else
#define FZ_KERNEL_ADDR	0xc0000000UL
#endif

enum { FZ_REASON_NONE, FZ_REASON_RUN, FZ_REASON_DEBUGFS };

struct fz {
	int fd, debugfs, verbose;
	struct fuzz_rng rng;
	struct alloclab_list *exps;
	unsigned int nexp;
	unsigned char *area;		/* FZ_AREA bytes, then guard */
	unsigned char *guard;		/* PROT_NONE page */
	unsigned char *hole;		/* unmapped page */
	void *result;			/* RESULT_MAX_SIZE bytes */
	char *cmd;			/* FUZZ_CMD_ROOM bytes */
	char cheap[256];		/* a command that runs quickly */
	size_t cheap_len;
	int cheap_ok;			/* it ran when tried at the start */
	unsigned long n, nioctl, ncmd, refused, ran;
	unsigned long no_reason, unexpected, malformed, details;
	unsigned long errnos[FZ_MAX_ERRNO];
};

struct fz_case {
	char what[200];
	int must_fail;
	int want[3];		/* the errnos it may fail with, 0-ended; none: any */
	int reason;		/* FZ_REASON_*: where a refusal's reason must be */
	int ret, err;
	int reason_ok;
	char bad[200];		/* an inconsistent answer, if set */
};

static void __attribute__((format(printf, 2, 3))) fz_what(struct fz_case *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->what, sizeof(c->what), fmt, ap);
	va_end(ap);
}

static void fz_expect(struct fz_case *c, int reason, int e1, int e2)
{
	c->must_fail = 1;
	c->reason = reason;
	c->want[0] = e1;
	c->want[1] = e2;
}

static uint64_t below(struct fz *z, uint64_t n)
{
	return fuzz_below(&z->rng, n);
}

static void fz_announce(struct fz *z, const struct fz_case *c)
{
	if (!z->verbose)
		return;
	printf("fuzz: case %lu: %s\n", z->n, c->what);
	fflush(stdout);
}

static void fz_ioctl(struct fz *z, struct fz_case *c, unsigned long req, void *arg)
{
	fz_announce(z, c);
	c->ret = ioctl(z->fd, req, arg);
	c->err = c->ret < 0 ? errno : 0;
	if (c->ret > 0)
		c->ret = 0;
}

/* ---- memory: good buffers and bad pointers ---- */

static int fz_memory(struct fz *z)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, FZ_AREA + 2 * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		out_perror("fuzz: mmap");
		return -1;
	}
	z->area = p;
	z->guard = z->area + FZ_AREA;
	z->hole = z->guard + page;
	if (mprotect(z->guard, page, PROT_NONE) || munmap(z->hole, page)) {
		out_perror("fuzz: mprotect/munmap");
		return -1;
	}
	return 0;
}

/* The area zeroed (as far as a struct reaches) with a valid ABI version. */
static void *fz_area_reset(struct fz *z)
{
	memset(z->area, 0, sizeof(struct alloclab_list) + 1024);
	*(__u32 *)z->area = ALLOCLAB_ABI_VERSION;
	return z->area;
}

/*
 * An unmapped page. The one made at the start may have been mapped since
 * (a malloc, a library): msync() fails with ENOMEM only on unmapped memory;
 * if it succeeds, make another hole.
 */
static unsigned char *fz_hole(struct fz *z)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *p;

	if (msync(z->hole, page, MS_ASYNC) < 0 && errno == ENOMEM)
		return z->hole;
	p = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED && !munmap(p, page))
		z->hole = p;
	return z->hole;
}

static const char *const bad_ptr_names[] = {
	"NULL", "0x1", "kernel", "unmapped", "straddling", "top", "non-canonical",
};

#define NR_BAD_PTR (sizeof(bad_ptr_names) / sizeof(bad_ptr_names[0]))

/* Bad pointer @k for an object of @len bytes; "straddling" copies @good's head. */
static uint64_t fz_bad_ptr(struct fz *z, unsigned int k, size_t len, const void *good)
{
	unsigned char *s = z->guard - len / 2;

	switch (k) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return FZ_KERNEL_ADDR;
	case 3:
		return (uintptr_t)fz_hole(z);
	case 4:
		if (good)
			memcpy(s, good, len / 2);
		return (uintptr_t)s;
	case 5:
		return (uintptr_t)-8;
	default:
		return sizeof(long) == 8 ? 1ULL << 47 : 0xfffff000ULL;
	}
}

/* ---- RUN ---- */

static void fz_run_init(struct fz *z, struct alloclab_run *run)
{
	memset(run, 0, sizeof(*run));
	run->abi_version = ALLOCLAB_ABI_VERSION;
	run->cmd = (uintptr_t)z->cheap;
	run->cmd_len = (__u32)z->cheap_len;
	run->result = (uintptr_t)z->result;
	run->result_size = RESULT_MAX_SIZE;
}

/* What a successful or ENOSPC RUN returned must be consistent. */
static void fz_run_check(struct fz_case *c, const struct alloclab_run *run, size_t mapped)
{
	struct result_view v;
	size_t avail = run->result_needed;
	char err[160];

	if (c->ret && (c->err != ENOSPC || !run->result_needed))
		return;		/* a refusal, not a result that did not fit */
	if (c->ret) {
		if (run->result_needed <= run->result_size)
			snprintf(c->bad, sizeof(c->bad), "ENOSPC with result_needed %u <= "
				 "result_size %u", run->result_needed, run->result_size);
		return;
	}
	if (avail > run->result_size || avail > mapped) {
		snprintf(c->bad, sizeof(c->bad), "success with result_needed %u beyond the "
			 "%u-byte buffer", run->result_needed, run->result_size);
		return;
	}
	if (result_view_init(&v, (void *)(uintptr_t)run->result, avail, err, sizeof(err)))
		snprintf(c->bad, sizeof(c->bad), "malformed result: %s", err);
}

static void fz_run(struct fz *z, struct fz_case *c, struct alloclab_run *run, size_t mapped)
{
	fz_ioctl(z, c, ALLOCLAB_IOC_RUN, run);
	if (c->reason == FZ_REASON_RUN && c->ret)
		c->reason_ok = memchr(run->reason, 0, sizeof(run->reason)) && run->reason[0];
	fz_run_check(c, run, mapped);
}

/* ---- the ioctl cases ---- */

static const unsigned long real_req[] = {
	ALLOCLAB_IOC_VERSION, ALLOCLAB_IOC_LIST, ALLOCLAB_IOC_RUN,
};

static const size_t real_size[] = {
	sizeof(struct alloclab_version), sizeof(struct alloclab_list),
	sizeof(struct alloclab_run),
};

static const char *const real_name[] = { "VERSION", "LIST", "RUN" };

static int is_real_req(unsigned long req)
{
	return req == real_req[0] || req == real_req[1] || req == real_req[2];
}

/* Same magic and another number or size, or a neighbouring magic. */
static void case_wrong_nr(struct fz *z, struct fz_case *c)
{
	static const unsigned int dirs[] = {
		_IOC_NONE, _IOC_READ, _IOC_WRITE, _IOC_READ | _IOC_WRITE,
	};
	unsigned int dir = dirs[below(z, 4)], type = ALLOCLAB_IOC_MAGIC, nr, size;
	unsigned long req;

	nr = (unsigned int)below(z, 3);
	size = (unsigned int)below(z, 1U << _IOC_SIZEBITS);
	switch (below(z, 3)) {
	case 0:
		nr = 3 + (unsigned int)below(z, 253);
		break;
	case 1:
		break;
	default:
		size = (unsigned int)real_size[nr];
		type = below(z, 2) ? ALLOCLAB_IOC_MAGIC - 1 : ALLOCLAB_IOC_MAGIC + 1;
	}
	do {
		req = _IOC(dir, type, nr, size);
		size = (size + 1) & ((1U << _IOC_SIZEBITS) - 1);
	} while (is_real_req(req));
	fz_what(c, "ioctl 0x%lx (magic 0x%x nr %u size %u)", req, type, nr,
		(unsigned int)_IOC_SIZE(req));
	fz_expect(c, FZ_REASON_NONE, ENOTTY, EPROTO);
	fz_ioctl(z, c, req, fz_area_reset(z));
}

/* A real ioctl whose argument points nowhere useful. */
static void case_bad_arg(struct fz *z, struct fz_case *c)
{
	unsigned int k = (unsigned int)below(z, 3), p = (unsigned int)below(z, NR_BAD_PTR);
	struct alloclab_run run;
	uint64_t ptr;

	fz_run_init(z, &run);
	ptr = fz_bad_ptr(z, p, real_size[k], k == 2 ? (void *)&run : fz_area_reset(z));
	fz_what(c, "%s with argument %s", real_name[k], bad_ptr_names[p]);
	fz_expect(c, FZ_REASON_NONE, EFAULT, 0);
	fz_ioctl(z, c, real_req[k], (void *)(uintptr_t)ptr);
}

static void case_run_bad_cmd(struct fz *z, struct fz_case *c)
{
	unsigned int p = (unsigned int)below(z, NR_BAD_PTR);
	struct alloclab_run run;

	fz_run_init(z, &run);
	run.cmd = fz_bad_ptr(z, p, z->cheap_len, z->cheap);
	fz_what(c, "RUN with cmd %s", bad_ptr_names[p]);
	fz_expect(c, FZ_REASON_RUN, EFAULT, 0);
	fz_run(z, c, &run, RESULT_MAX_SIZE);
}

static void case_run_bad_result(struct fz *z, struct fz_case *c)
{
	unsigned int p = (unsigned int)below(z, NR_BAD_PTR);
	struct alloclab_run run;

	fz_run_init(z, &run);
	run.result = fz_bad_ptr(z, p, 512, NULL);
	fz_what(c, "RUN \"%s\" with result %s", z->cheap, bad_ptr_names[p]);
	fz_expect(c, FZ_REASON_RUN, z->cheap_ok ? EFAULT : 0, 0);
	fz_run(z, c, &run, 0);
}

/* result_size 0, below the header, the header exactly, or huge with 2 KiB. */
static void case_run_short(struct fz *z, struct fz_case *c)
{
	const __u32 hdr = sizeof(struct alloclab_result);
	const __u32 sizes[] = { 0, 1, 8, hdr / 2, hdr - 1, (__u32)below(z, hdr), hdr, hdr + 1 };
	unsigned int k = (unsigned int)below(z, 9);
	struct alloclab_run run;
	size_t mapped = RESULT_MAX_SIZE;

	fz_run_init(z, &run);
	if (k < 8) {
		run.result_size = sizes[k];
	} else {
		run.result = (uintptr_t)(z->guard - 2048);
		run.result_size = 0xffffffffU;
		mapped = 2048;
	}
	fz_what(c, "RUN \"%s\" with result_size %u", z->cheap, run.result_size);
	c->reason = FZ_REASON_RUN;
	if (run.result_size < hdr)
		fz_expect(c, FZ_REASON_RUN, EINVAL, ENOSPC);
	fz_run(z, c, &run, mapped);
}

/* abi_version or a reserved byte: the kernel must refuse. */
static void mutate_must(struct fz *z, struct fz_case *c, struct alloclab_run *run)
{
	static const __u32 abis[] = { 0, 1, 3, 0x80000002U };

	if (below(z, 2)) {
		run->abi_version = below(z, 5) ? abis[below(z, 4)] : (__u32)fuzz_next(&z->rng);
		if (run->abi_version == ALLOCLAB_ABI_VERSION)
			run->abi_version = 0;
		fz_what(c, "RUN with abi_version %u", run->abi_version);
		fz_expect(c, FZ_REASON_RUN, EPROTO, 0);
		return;
	}
	run->reserved[below(z, sizeof(run->reserved))] = (__u8)(1 + below(z, 255));
	fz_what(c, "RUN with a reserved byte set");
	fz_expect(c, FZ_REASON_RUN, EINVAL, 0);
}

/* cmd_len: 0 or too long (must fail), shorter or longer than the text (any). */
static void mutate_len(struct fz *z, struct fz_case *c, struct alloclab_run *run)
{
	static const __u32 huge[] = {
		ALLOCLAB_CMD_MAX + 2, 4096, FZ_AREA, 0x7fffffffU, 0xffffffffU,
	};

	memset(z->area, 'x', FZ_AREA);
	memcpy(z->area, z->cheap, z->cheap_len);
	switch (below(z, 4)) {
	case 0:
		run->cmd_len = 0;
		fz_expect(c, FZ_REASON_RUN, 0, 0);
		break;
	case 1:
		run->cmd = (uintptr_t)z->area;
		run->cmd_len = huge[below(z, 5)];
		fz_expect(c, FZ_REASON_RUN, 0, 0);
		break;
	case 2:
		run->cmd_len = 1 + (__u32)below(z, z->cheap_len);
		break;
	default:
		run->cmd = (uintptr_t)z->area;
		run->cmd_len = (__u32)(z->cheap_len + 1 + below(z, 64));
		z->area[z->cheap_len] = below(z, 2) ? '\0' : (char)below(z, 256);
	}
	fz_what(c, "RUN \"%s\" with cmd_len %u", z->cheap, run->cmd_len);
}

static void case_run_mutate(struct fz *z, struct fz_case *c)
{
	struct alloclab_run run;

	fz_run_init(z, &run);
	c->reason = FZ_REASON_RUN;
	switch (below(z, 4)) {
	case 0:
		mutate_must(z, c, &run);
		break;
	case 1:
		mutate_len(z, c, &run);
		break;
	case 2:
		run.result_needed = (__u32)fuzz_next(&z->rng);
		memset(run.reason, 0xff, sizeof(run.reason));
		fz_what(c, "RUN \"%s\" with garbage in the out fields", z->cheap);
		break;
	default:
		mutate_must(z, c, &run);
		run.reserved[0] |= 1;
		fz_what(c, "RUN with abi_version %u and a reserved byte set", run.abi_version);
		fz_expect(c, FZ_REASON_RUN, EPROTO, EINVAL);
	}
	fz_run(z, c, &run, RESULT_MAX_SIZE);
}

/* A LIST answer that claims success must be a usable record. */
static void fz_list_check(struct fz_case *c, const struct alloclab_list *l)
{
	if (c->ret)
		return;
	if (!l->count || l->index >= l->count || !memchr(l->name, 0, sizeof(l->name)) ||
	    !l->name[0] || l->nr_params > ALLOCLAB_MAX_PARAMS ||
	    l->nr_phases > ALLOCLAB_MAX_PHASES)
		snprintf(c->bad, sizeof(c->bad), "LIST record %u of %u inconsistent "
			 "(%u params, %u phases)", l->index, l->count, l->nr_params,
			 l->nr_phases);
}

static void case_list_mutate(struct fz *z, struct fz_case *c)
{
	struct alloclab_list *l = (struct alloclab_list *)z->area;
	const __u32 idx[] = { z->nexp, z->nexp + 1, 0x7fffffffU, 0xffffffffU,
			      z->nexp + (__u32)below(z, 1000) };
	unsigned int i;

	for (i = 0; i < sizeof(*l); i++)	/* out fields full of garbage */
		((unsigned char *)l)[i] = (unsigned char)fuzz_next(&z->rng);
	memset(l->reserved, 0, sizeof(l->reserved));
	l->abi_version = ALLOCLAB_ABI_VERSION;
	l->index = z->nexp ? (__u32)below(z, z->nexp) : 0;
	switch (below(z, 4)) {
	case 0:
		l->abi_version = (__u32)below(z, 4);
		if (l->abi_version == ALLOCLAB_ABI_VERSION)
			l->abi_version = 3;
		fz_expect(c, FZ_REASON_NONE, EPROTO, 0);
		break;
	case 1:
		l->index = idx[below(z, 5)];
		fz_expect(c, FZ_REASON_NONE, 0, 0);
		break;
	case 2:
		l->reserved[below(z, sizeof(l->reserved))] = 1;
		fz_expect(c, FZ_REASON_NONE, EINVAL, 0);
		break;
	default:
		if (!z->nexp)
			c->must_fail = 1;
	}
	fz_what(c, "LIST abi_version %u index %u%s", l->abi_version, l->index,
		c->want[0] == EINVAL ? " with a reserved byte set" : "");
	fz_ioctl(z, c, ALLOCLAB_IOC_LIST, l);
	fz_list_check(c, l);
}

static void case_version(struct fz *z, struct fz_case *c)
{
	struct alloclab_version *v = (struct alloclab_version *)z->area;
	unsigned int i;

	for (i = 0; i < sizeof(*v); i++)
		((unsigned char *)v)[i] = (unsigned char)fuzz_next(&z->rng);
	fz_what(c, "VERSION into garbage");
	fz_ioctl(z, c, ALLOCLAB_IOC_VERSION, v);
	if (!c->ret && (v->abi_version != ALLOCLAB_ABI_VERSION ||
			!memchr(v->module_version, 0, sizeof(v->module_version))))
		snprintf(c->bad, sizeof(c->bad), "VERSION says ABI %u", v->abi_version);
}

static const struct {
	void (*fn)(struct fz *z, struct fz_case *c);
	unsigned int weight;
} ioctl_cases[] = {
	{ case_wrong_nr, 3 },
	{ case_bad_arg, 3 },
	{ case_run_bad_cmd, 2 },
	{ case_run_bad_result, 2 },
	{ case_run_short, 2 },
	{ case_run_mutate, 5 },
	{ case_list_mutate, 3 },
	{ case_version, 1 },
};

#define NR_IOCTL_CASES (sizeof(ioctl_cases) / sizeof(ioctl_cases[0]))

static void case_ioctl(struct fz *z, struct fz_case *c)
{
	unsigned int total = 0, i, w;

	for (i = 0; i < NR_IOCTL_CASES; i++)
		total += ioctl_cases[i].weight;
	w = (unsigned int)below(z, total);
	for (i = 0; w >= ioctl_cases[i].weight; i++)
		w -= ioctl_cases[i].weight;
	ioctl_cases[i].fn(z, c);
}

/* ---- command texts ---- */

static int fz_debugfs_write(const char *buf, size_t len)
{
	int fd = open(AL_DEBUGFS_DIR "/run", O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int e;

	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	e = errno;
	close(fd);
	return n < 0 ? -e : 0;
}

/* A safe random command into z->cmd; its length. */
static size_t fz_gen(struct fz *z, int *kind)
{
	unsigned int tries;
	size_t len;

	for (tries = 0; tries < 100; tries++) {
		len = fuzz_command(&z->rng, z->exps, z->nexp, z->cmd, kind);
		if (fuzz_command_safe(z->cmd, len, z->exps, z->nexp))
			return len;
	}
	*kind = FUZZ_BUILTIN;
	return (size_t)snprintf(z->cmd, FUZZ_CMD_ROOM, "release 0");
}

static void fz_describe(struct fz_case *c, int kind, int dbg, const char *cmd, size_t len)
{
	char shown[64];
	size_t i, n = len < sizeof(shown) - 1 ? len : sizeof(shown) - 1;

	for (i = 0; i < n; i++)
		shown[i] = cmd[i] > ' ' && cmd[i] < 0x7f ? cmd[i] : cmd[i] == ' ' ? ' ' : '.';
	shown[n] = '\0';
	fz_what(c, "%s command via %s, %zu bytes: \"%s%s\"", fuzz_kind_name(kind),
		dbg ? "debugfs" : "RUN", len, shown, len > n ? "..." : "");
}

static void case_command(struct fz *z, struct fz_case *c)
{
	struct alloclab_run run;
	int kind, dbg, ret;
	size_t len = fz_gen(z, &kind);

	dbg = z->debugfs && len && below(z, 2);
	fz_describe(c, kind, dbg, z->cmd, len);
	c->must_fail = len > ALLOCLAB_CMD_MAX + 1;
	c->reason = dbg ? FZ_REASON_DEBUGFS : FZ_REASON_RUN;
	if (!dbg) {
		fz_run_init(z, &run);
		run.cmd = (uintptr_t)z->cmd;
		run.cmd_len = (__u32)len;
		fz_run(z, c, &run, RESULT_MAX_SIZE);
		return;
	}
	fz_announce(z, c);
	ret = fz_debugfs_write(z->cmd, len);
	c->ret = ret ? -1 : 0;
	c->err = -ret;
	if (ret) {
		struct al_last_error le;

		if (!al_last_error_get(&le))
			c->reason_ok = le.reason[0] && le.err == c->err;
		al_last_error_free(&le);
	}
}

/* ---- verdicts ---- */

static void __attribute__((format(printf, 3, 4)))
fz_problem(struct fz *z, const struct fz_case *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (z->details++ >= FZ_MAX_DETAILS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	out_error("fuzz: case %lu (%s): %s", z->n, c->what, msg);
}

static int fz_wanted(const struct fz_case *c)
{
	return !c->want[0] || c->err == c->want[0] || (c->want[1] && c->err == c->want[1]);
}

static void fz_judge(struct fz *z, const struct fz_case *c)
{
	if (c->bad[0]) {
		z->malformed++;
		fz_problem(z, c, "%s", c->bad);
	}
	if (!c->ret) {
		z->ran++;
		if (c->must_fail) {
			z->unexpected++;
			fz_problem(z, c, "succeeded, must fail%s%s", c->want[0] ? " with " : "",
				   c->want[0] ? args_errno_name(c->want[0]) : "");
		}
		return;
	}
	z->refused++;
	z->errnos[c->err > 0 && c->err < FZ_MAX_ERRNO ? c->err : 0]++;
	if (!fz_wanted(c)) {
		z->unexpected++;
		fz_problem(z, c, "%s, must be %s%s%s", args_errno_name(c->err),
			   args_errno_name(c->want[0]), c->want[1] ? " or " : "",
			   c->want[1] ? args_errno_name(c->want[1]) : "");
	}
	if (c->reason != FZ_REASON_NONE && !c->reason_ok) {
		z->no_reason++;
		fz_problem(z, c, "refused with %s but no reason%s", args_errno_name(c->err),
			   c->reason == FZ_REASON_DEBUGFS ? " in last_error" : "");
	}
}

static void fz_summary(const struct fz *z)
{
	unsigned int e;
	int first = 1;

	printf("fuzz: %lu cases (%lu ioctl, %lu commands), %lu refused, %lu ran; errnos:",
	       z->n, z->nioctl, z->ncmd, z->refused, z->ran);
	for (e = 0; e < FZ_MAX_ERRNO; e++) {
		if (!z->errnos[e])
			continue;
		printf(" %s=%lu", e ? args_errno_name((int)e) : "other",
		       z->errnos[e]);
		first = 0;
	}
	printf("%s; refusals without a reason: %lu\n", first ? " none" : "", z->no_reason);
	printf("fuzz: unexpected outcomes: %lu, inconsistent answers: %lu\n",
	       z->unexpected, z->malformed);
}

/* "release" must work and leave nothing held. 0, or -1 (printed). */
static int fz_release(struct fz *z)
{
	struct alloclab_version v;
	struct alloclab_run run;

	fz_run_init(z, &run);
	run.cmd = (uintptr_t)"release";
	run.cmd_len = 7;
	if (ioctl(z->fd, ALLOCLAB_IOC_RUN, &run) < 0) {
		run.reason[sizeof(run.reason) - 1] = '\0';
		out_error("fuzz: the final release failed: %s (%s)", run.reason,
			  args_errno_name(errno));
		return -1;
	}
	memset(&v, 0, sizeof(v));
	if (ioctl(z->fd, ALLOCLAB_IOC_VERSION, &v) < 0) {
		out_perror("fuzz: ALLOCLAB_IOC_VERSION after the release");
		return -1;
	}
	printf("fuzz: release: ok, %u runs held after it\n", v.nr_held);
	return v.nr_held ? -1 : 0;
}

/* ---- setup ---- */

/* Does the cheap command run? Then a bad result pointer must give EFAULT. */
static void fz_cheap_try(struct fz *z)
{
	struct alloclab_run run;

	fz_run_init(z, &run);
	z->cheap_ok = ioctl(z->fd, ALLOCLAB_IOC_RUN, &run) == 0;
	if (!z->cheap_ok) {
		run.reason[sizeof(run.reason) - 1] = '\0';
		printf("fuzz: \"%s\" does not run here (%s: %s)\n", z->cheap,
		       args_errno_name(errno), run.reason);
	}
}

static int fz_setup(struct fz *z)
{
	int fd;

	z->fd = al_dev_open();
	if (z->fd < 0)
		return -1;
	if (al_list_fetch(z->fd, &z->exps, &z->nexp))
		return -1;
	/* every big allocation before the hole is made: nothing may map it */
	z->result = calloc(1, RESULT_MAX_SIZE);
	if (!z->result)
		return -1;
	z->cmd = out_xmalloc(FUZZ_CMD_ROOM);
	if (fz_memory(z))
		return -1;
	z->cheap_len = fuzz_cheap_command(z->exps, z->nexp, z->cheap, sizeof(z->cheap));
	fz_cheap_try(z);
	fd = open(AL_DEBUGFS_DIR "/run", O_WRONLY | O_CLOEXEC);
	z->debugfs = fd >= 0;
	if (fd >= 0)
		close(fd);
	else
		printf("fuzz: %s/run is not writable: commands through the ioctl only\n",
		       AL_DEBUGFS_DIR);
	return 0;
}

static void fz_loop(struct fz *z, unsigned long count)
{
	struct fz_case c;

	for (z->n = 0; z->n < count; z->n++) {
		memset(&c, 0, sizeof(c));
		if (below(z, 100) < FZ_IOCTL_PCT) {
			z->nioctl++;
			case_ioctl(z, &c);
		} else {
			z->ncmd++;
			case_command(z, &c);
		}
		fz_judge(z, &c);
	}
}

static int fz_args(int argc, char **argv, unsigned long long *count,
		   unsigned long long *seed, int *verbose)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		if (c == 's' && !args_parse_u64(optarg, seed))
			continue;
		if (c == 'v') {
			*verbose = 1;
			continue;
		}
		al_usage(c == 'h' ? stdout : stderr, usage_text);
		return c == 'h' ? 0 : EXIT_USAGE;
	}
	if (argc - optind > 1 || (argc - optind == 1 &&
	    (args_parse_u64(argv[optind], count) || *count > 1000000000ULL))) {
		al_usage(stderr, usage_text);
		return EXIT_USAGE;
	}
	return -1;
}

int ioctl_fuzz(int argc, char **argv)
{
	unsigned long long count = 10000, seed = (unsigned long long)time(NULL) ^
		((unsigned long long)getpid() << 32);
	struct fz *z = calloc(1, sizeof(*z));
	int ret, verbose = 0;

	if (!z) {
		out_error("out of memory");
		return 1;
	}
	ret = fz_args(argc, argv, &count, &seed, &verbose);
	if (ret >= 0) {
		free(z);
		return ret;
	}
	printf("fuzz: seed %llu (alloclab ioctl-test fuzz %llu --seed=%llu repeats it)\n",
	       seed, count, seed);
	fflush(stdout);
	fuzz_seed(&z->rng, seed);
	z->verbose = verbose;
	ret = 1;
	if (!fz_setup(z)) {
		fz_loop(z, count);
		fz_summary(z);
		ret = fz_release(z) || z->no_reason || z->unexpected || z->malformed;
	}
	if (z->fd >= 0)
		close(z->fd);
	free(z->exps);
	free(z->result);
	free(z->cmd);
	free(z);
	return ret;
}
