// SPDX-License-Identifier: GPL-2.0
/*
 * user_faults.c - `alloclab user faults`: the kinds of page fault a process
 * meets, each provoked in a child and reported with what the kernel said.
 *
 *   segv   an access where no VMA is (SIGSEGV, si_code SEGV_MAPERR) and a
 *          write to a read-only page (SIGSEGV, SEGV_ACCERR)
 *   stack  the stack VMA grows on demand (a minor fault per page) until its
 *          size would pass RLIMIT_STACK: then SIGSEGV
 *   major  a file mapping read after the page cache was dropped
 *          (echo 3 > /proc/sys/vm/drop_caches): major faults, i.e. faults that
 *          waited for I/O; with readahead (default) one major fault brings in
 *          many pages, with MADV_RANDOM every page is one; once cached, none
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "user.h"

#define PART_SEGV	1
#define PART_STACK	2
#define PART_MAJOR	4

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s user faults [--only PARTS] [--stack-limit SIZE] [--dir DIR]\n"
		"                           [--file-size SIZE] [--json]\n\n"
		"SIGSEGV with its si_code for an access outside any VMA and a write to a\n"
		"read-only page; stack growth against RLIMIT_STACK; major faults on a file\n"
		"mapping after the page cache was dropped.\n\n"
		"  -o, --only PARTS        comma list of segv, stack, major (default: all)\n"
		"  -l, --stack-limit SIZE  RLIMIT_STACK for the stack part (default 1M; bare = KiB)\n"
		"  -d, --dir DIR           where the major-fault file is made: must be a\n"
		"                          disk-backed filesystem, not tmpfs (default $TMPDIR or /tmp)\n"
		"  -s, --file-size SIZE    its size (default 4M; bare = MiB)\n"
		"  -j, --json              JSON output\n", out_prog);
}

/* ---- SIGSEGV reports from a child ---- */

struct segv_report {
	int signo, code;
	unsigned long addr;
	/* stack part */
	unsigned long stack_start0, stack_end0;		/* [stack] before */
	unsigned long stack_start, stack_end;		/* [stack] at the fault */
	unsigned long lowest;				/* deepest frame reached */
	unsigned long long faults;			/* minor faults while growing */
	unsigned long long limit;
	int depth;
};

static int report_fd = -1;
static struct segv_report rep;
static unsigned long long rep_f0;

static void read_stack_vma(unsigned long *start, unsigned long *end)
{
	static char maps[65536];	/* static: the stack may be exhausted */
	struct up_map m;

	*start = *end = 0;
	if (u_read_file("/proc/self/maps", maps, sizeof(maps)) < 0)
		return;
	if (!up_maps_named(maps, "[stack]", &m)) {
		*start = m.start;
		*end = m.end;
	}
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	unsigned long long f;

	(void)uc;
	u_faults_self(&f, NULL);
	rep.faults = f - rep_f0;
	rep.signo = sig;
	rep.code = si->si_code;
	rep.addr = (unsigned long)si->si_addr;
	read_stack_vma(&rep.stack_start, &rep.stack_end);
	u_write_all(report_fd, &rep, sizeof(rep));
	_exit(0);
}

static int catch_segv(int altstack)
{
	static char alt[64 * 1024];
	struct sigaction sa;

	if (altstack) {
		stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = 0 };

		if (sigaltstack(&ss, NULL))
			return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | (altstack ? SA_ONSTACK : 0);
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGSEGV, &sa, NULL);
}

static volatile unsigned long lowest_frame;
static volatile int depth;

/* 4 KiB per call, not a tail call, not inlined: the stack really grows. */
static __attribute__((noinline)) int recurse(int n)
{
	volatile char frame[4000];
	int r;

	frame[0] = (char)n;
	frame[sizeof(frame) - 1] = (char)n;
	lowest_frame = (unsigned long)frame;
	rep.lowest = lowest_frame;
	rep.depth = depth = n;
	if (n > (1 << 20))	/* 4 GB of stack: cannot happen under the limit */
		return 0;
	r = recurse(n + 1);
	__asm__ __volatile__("" : : : "memory");
	return r + frame[0];
}

enum segv_kind { SEGV_UNMAPPED, SEGV_READONLY, SEGV_STACK };

static void segv_child(enum segv_kind kind, unsigned long long limit)
{
	long ps = sysconf(_SC_PAGESIZE);
	volatile char *p;
	struct rlimit rl;

	memset(&rep, 0, sizeof(rep));
	if (catch_segv(kind == SEGV_STACK))
		_exit(2);
	switch (kind) {
	case SEGV_UNMAPPED:
		/* a page that was mapped and is not any more: no VMA there */
		p = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED || munmap((void *)p, ps))
			_exit(2);
		rep.lowest = (unsigned long)p;
		p[0] = 1;
		break;
	case SEGV_READONLY:
		p = mmap(NULL, ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(2);
		rep.lowest = (unsigned long)p;
		(void)p[0];		/* readable */
		p[0] = 1;		/* not writable */
		break;
	case SEGV_STACK:
		rep.limit = limit;
		read_stack_vma(&rep.stack_start0, &rep.stack_end0);
		if (getrlimit(RLIMIT_STACK, &rl))
			_exit(2);
		rl.rlim_cur = limit;
		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < limit)
			_exit(3);
		if (setrlimit(RLIMIT_STACK, &rl))
			_exit(2);
		u_faults_self(&rep_f0, NULL);
		recurse(1);
		break;
	}
	_exit(4);	/* no fault: report nothing */
}

static int run_segv(enum segv_kind kind, unsigned long long limit, struct segv_report *out,
		    char *err, size_t errlen)
{
	int fd[2], status;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	pid = u_fork_piped(fd, err, errlen);
	if (pid < 0)
		return -1;
	if (!pid) {
		close(fd[0]);
		report_fd = fd[1];
		segv_child(kind, limit);
	}
	close(fd[1]);
	if (u_read_all(fd[0], out, sizeof(*out))) {
		close(fd[0]);
		u_wait(pid, &status);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 4)
			snprintf(err, errlen, "no SIGSEGV happened");
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
			snprintf(err, errlen, "the hard RLIMIT_STACK is below %llu", limit);
		else if (WIFSIGNALED(status))
			snprintf(err, errlen, "the child died of signal %d without reporting",
				 WTERMSIG(status));
		else
			snprintf(err, errlen, "the child failed to set up (status %d)", status);
		return -1;
	}
	close(fd[0]);
	u_wait(pid, &status);
	return 0;
}

static const char *segv_code_name(int code)
{
	switch (code) {
	case SEGV_MAPERR: return "SEGV_MAPERR";
	case SEGV_ACCERR: return "SEGV_ACCERR";
#ifdef SEGV_BNDERR
	case SEGV_BNDERR: return "SEGV_BNDERR";
#endif
#ifdef SEGV_PKUERR
	case SEGV_PKUERR: return "SEGV_PKUERR";
#endif
	default: return "?";
	}
}

/* ---- the model: what each part measured, one struct per view ---- */

struct faults_opts {
	unsigned long long limit, fsize;
	const char *dir;
	int parts, json;
};

/* One bad access (parts.segv rows). */
struct segv_row {
	const char *access;
	int caught, signal, si_code;
	const char *si_code_name;
	unsigned long fault_addr, target_addr;
};

/* Stack growth (parts.stack). */
struct stack_fig {
	unsigned long long rlimit_stack_bytes, vma_size_before_bytes, vma_size_at_fault_bytes;
	unsigned long long used_at_fault_bytes, minor_faults;
	int frames_of_4000_bytes, si_code;
	const char *si_code_name;
	unsigned long fault_addr;
};

static const struct ufield segv_f[] = {
	UF(struct segv_row, access, UF_STR, "access"),
	UF(struct segv_row, caught, UF_BOOL, "caught"),
	UF(struct segv_row, signal, UF_INT, "signal"),
	UF(struct segv_row, si_code, UF_INT, "si_code"),
	UF(struct segv_row, si_code_name, UF_STR, "si_code_name"),
	UF(struct segv_row, fault_addr, UF_HEX, "si_addr"),
	UF(struct segv_row, target_addr, UF_HEX, "target"),
};

static const struct ufield stack_f[] = {
	UF(struct stack_fig, rlimit_stack_bytes, UF_ULL, "rlimit_stack_bytes"),
	UF(struct stack_fig, vma_size_before_bytes, UF_ULL, "vma_size_before_bytes"),
	UF(struct stack_fig, vma_size_at_fault_bytes, UF_ULL, "vma_size_at_fault_bytes"),
	UF(struct stack_fig, used_at_fault_bytes, UF_ULL, "used_at_fault_bytes"),
	UF(struct stack_fig, frames_of_4000_bytes, UF_INT, "frames_of_4000_bytes"),
	UF(struct stack_fig, minor_faults, UF_ULL, "minor_faults"),
	UF(struct stack_fig, si_code, UF_INT, "si_code"),
	UF(struct stack_fig, si_code_name, UF_STR, "si_code_name"),
	UF(struct stack_fig, fault_addr, UF_HEX, "si_addr"),
};

const struct ufields u_faults_segv = UFIELDS("faults.segv", struct segv_row, segv_f);
const struct ufields u_faults_stack = UFIELDS("faults.stack", struct stack_fig, stack_f);

/* ---- major faults ---- */

/* One read of the whole mapping (parts.major rows). */
struct major_pass {
	const char *name;
	int drop, random;
	unsigned long long pages, resident_before, majflt, minflt, ns;
	int ok;
};

static const struct ufield major_f[] = {
	UF(struct major_pass, name, UF_STR, "pass"),
	UF(struct major_pass, pages, UF_ULL, "pages"),
	UF(struct major_pass, resident_before, UF_ULL, "cached_pages_before"),
	UF(struct major_pass, majflt, UF_ULL, "major_faults"),
	UF(struct major_pass, minflt, UF_ULL, "minor_faults"),
	UF(struct major_pass, ns, UF_NS_US, "time_us"),
};

const struct ufields u_faults_major = UFIELDS("faults.major", struct major_pass, major_f);

static unsigned long long resident_pages(int fd, unsigned long long size, long ps)
{
	unsigned long long n = 0, i, pages = (size + ps - 1) / ps;
	unsigned char *vec;
	void *m;

	m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return ~0ULL;
	vec = out_xmalloc(pages);
	if (mincore(m, size, vec))
		n = ~0ULL;
	else
		for (i = 0; i < pages; i++)
			n += vec[i] & 1;
	free(vec);
	munmap(m, size);
	return n;
}

static int evict(int fd, int use_drop, char *err, size_t errlen)
{
	if (fsync(fd)) {
		snprintf(err, errlen, "fsync: %s", strerror(errno));
		return -1;
	}
	if (use_drop) {
		sync();
		if (u_write_file("/proc/sys/vm/drop_caches", "3")) {
			snprintf(err, errlen, "echo 3 > /proc/sys/vm/drop_caches: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)) {
		snprintf(err, errlen, "posix_fadvise(DONTNEED) failed");
		return -1;
	}
	return 0;
}

static int major_pass(int fd, unsigned long long size, long ps, int use_drop,
		      struct major_pass *mp, char *err, size_t errlen)
{
	unsigned long long off, a0, a1, m0, m1, t0;
	volatile char *m;
	char sum = 0;

	if (mp->drop && evict(fd, use_drop, err, errlen))
		return -1;
	mp->resident_before = resident_pages(fd, size, ps);
	m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		snprintf(err, errlen, "mmap: %s", strerror(errno));
		return -1;
	}
	if (mp->random && madvise((void *)m, size, MADV_RANDOM)) {
		/* ENOSYS: a kernel without CONFIG_ADVISE_SYSCALLS (tinyconfig) */
		snprintf(err, errlen, "madvise(MADV_RANDOM): %s", strerror(errno));
		munmap((void *)m, size);
		return -1;
	}
	u_faults_self(&m0, &a0);
	t0 = u_now_ns();
	for (off = 0; off < size; off += ps)
		sum += m[off];
	mp->ns = u_now_ns() - t0;
	u_faults_self(&m1, &a1);
	munmap((void *)m, size);
	mp->pages = (size + ps - 1) / ps;
	mp->majflt = a1 - a0;
	mp->minflt = m1 - m0;
	mp->ok = 1;
	(void)sum;
	return 0;
}

/* --only's comma list into PART_* bits. 0, or the exit status. */
static int parse_parts(const char *arg, int *parts)
{
	char buf[128], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "segv"))
			*parts |= PART_SEGV;
		else if (!strcmp(tok, "stack"))
			*parts |= PART_STACK;
		else if (!strcmp(tok, "major"))
			*parts |= PART_MAJOR;
		else
			return u_usage_err("faults", "--only: unknown part '%s' (segv, stack, major)", tok);
	}
	if (!*parts)
		return u_usage_err("faults", "--only: no part given");
	return 0;
}

/* Options into @o. -1 to go on, else the exit status. */
static int faults_parse(int argc, char **argv, struct faults_opts *o)
{
	static const struct option opts[] = {
		{ "only", required_argument, NULL, 'o' },
		{ "stack-limit", required_argument, NULL, 'l' },
		{ "dir", required_argument, NULL, 'd' },
		{ "file-size", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = u_getopt("faults", argc, argv, "o:l:d:s:jh", opts)) != -1) {
		switch (c) {
		case 'o':
			if (parse_parts(optarg, &o->parts))
				return U_EXIT_USAGE;
			break;
		case 'l':
			if (u_opt_size("faults", "stack-limit", optarg, KIB, &o->limit))
				return U_EXIT_USAGE;
			break;
		case 'd': o->dir = optarg; break;
		case 's':
			if (u_opt_size("faults", "file-size", optarg, MIB, &o->fsize))
				return U_EXIT_USAGE;
			break;
		case 'j': o->json = 1; break;
		case 'h': usage(stdout); return U_EXIT_OK;
		default: return U_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return u_usage_err("faults", "unexpected argument '%s'", argv[optind]);
	return -1;
}

static int faults_validate(struct faults_opts *o)
{
	struct stat sb;

	if (!o->parts)
		o->parts = PART_SEGV | PART_STACK | PART_MAJOR;
	if (o->limit < 256 * KIB || o->limit > 256 * MIB)
		return u_usage_err("faults", "--stack-limit must be between 256K and 256M");
	if (o->fsize < 64 * KIB || o->fsize > 1024 * MIB)
		return u_usage_err("faults", "--file-size must be between 64K and 1G");
	if ((o->parts & PART_MAJOR) && (stat(o->dir, &sb) || !S_ISDIR(sb.st_mode)))
		return u_usage_err("faults", "--dir %s: not a directory", o->dir);
	if ((o->parts & PART_MAJOR) && u_check_mem("faults", "--file-size", o->fsize, 0))
		return U_EXIT_USAGE;
	return -1;
}

static void part_segv(struct ureport *r)
{
	struct segv_row row[2];
	struct segv_report sr;
	char err[256];
	int i;

	memset(row, 0, sizeof(row));
	for (i = 0; i < 2; i++) {
		row[i].access = i ? "write to a PROT_READ page" : "write to an unmapped page";
		row[i].caught = !run_segv(i ? SEGV_READONLY : SEGV_UNMAPPED, 0, &sr, err, sizeof(err));
		if (!row[i].caught)
			ur_check(r, 0, "%s: %s", i ? "write to a read-only page" :
				 "access outside any VMA", err);
		row[i].signal = sr.signo;
		row[i].si_code = sr.code;
		row[i].si_code_name = segv_code_name(sr.code);
		row[i].fault_addr = sr.addr;
		row[i].target_addr = sr.lowest;
	}
	ur_rows(r, "segv", "SIGSEGV of each bad access:", &u_faults_segv, row, 2);
	if (row[0].caught)
		ur_check(r, row[0].signal == SIGSEGV && row[0].si_code == SEGV_MAPERR &&
			 row[0].fault_addr == row[0].target_addr,
			 "an access outside any VMA is SIGSEGV with SEGV_MAPERR at the address: %s",
			 row[0].si_code_name);
	if (row[1].caught)
		ur_check(r, row[1].signal == SIGSEGV && row[1].si_code == SEGV_ACCERR &&
			 row[1].fault_addr == row[1].target_addr,
			 "a write to a read-only page is SIGSEGV with SEGV_ACCERR at the address: %s",
			 row[1].si_code_name);
}

static void part_stack(struct ureport *r, const struct faults_opts *o)
{
	unsigned long long ps = sysconf(_SC_PAGESIZE), grown;
	struct segv_report st;
	struct stack_fig f;
	char err[256];

	if (run_segv(SEGV_STACK, o->limit, &st, err, sizeof(err))) {
		ur_check(r, 0, "stack growth against RLIMIT_STACK: %s", err);
		return;
	}
	f.rlimit_stack_bytes = o->limit;
	f.vma_size_before_bytes = st.stack_end0 - st.stack_start0;
	f.vma_size_at_fault_bytes = st.stack_end - st.stack_start;
	f.used_at_fault_bytes = st.stack_end - st.lowest;
	f.frames_of_4000_bytes = st.depth;
	f.minor_faults = st.faults;
	f.si_code = st.code;
	f.si_code_name = segv_code_name(st.code);
	f.fault_addr = st.addr;
	grown = f.vma_size_at_fault_bytes > f.vma_size_before_bytes ?
		f.vma_size_at_fault_bytes - f.vma_size_before_bytes : 0;
	ur_obj(r, "stack", &u_faults_stack, &f);
	ur_note(r, "stack: SIGSEGV at 0x%lx, %lu bytes below the VMA, after growing %llu KiB",
		st.addr, st.stack_start > st.addr ? st.stack_start - st.addr : 0, grown / KIB);
	ur_check(r, st.signo == SIGSEGV,
		 "running out of stack is a SIGSEGV (caught on an alternate stack)");
	ur_check(r, f.vma_size_at_fault_bytes <= o->limit &&
		 f.vma_size_at_fault_bytes + 64 * KIB >= o->limit,
		 "the stack VMA grew up to RLIMIT_STACK: %llu KiB of %llu KiB",
		 f.vma_size_at_fault_bytes / KIB, o->limit / KIB);
	ur_check(r, st.faults + 16 >= grown / ps / 2 && st.faults <= grown / ps + 64,
		 "stack growth is demand paging: %llu minor faults for %llu new pages",
		 st.faults, grown / ps);
}

/* An unlinked file of @size bytes in @dir: its fd, or -1 with the check failed. */
static int major_file(struct ureport *r, const char *dir, unsigned long long size)
{
	char path[PATH_MAX], *buf;
	unsigned long long off, n;
	int fd;

	snprintf(path, sizeof(path), "%s/alloclab-faults-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0) {
		ur_check(r, 0, "major faults: create a file in %s: %s", dir, strerror(errno));
		return -1;
	}
	unlink(path);
	buf = out_xmalloc(MIB);
	memset(buf, 'm', MIB);
	for (off = 0; off < size; off += n) {
		n = size - off < MIB ? size - off : MIB;
		if (write(fd, buf, n) != (ssize_t)n) {
			ur_check(r, 0, "major faults: write the file: %s", strerror(errno));
			close(fd);
			fd = -1;
			break;
		}
	}
	free(buf);
	return fd;
}

static void major_checks(struct ureport *r, const struct major_pass *mp)
{
	unsigned long long pages = mp[0].pages;

	ur_check(r, mp[0].resident_before <= pages / 20 && mp[1].resident_before <= pages / 20,
		 "dropping the page cache evicts the file: %llu and %llu of %llu pages still cached",
		 mp[0].resident_before, mp[1].resident_before, pages);
	ur_check(r, mp[0].majflt >= 1 && mp[0].majflt < pages,
		 "reading it back takes major faults, readahead brings many pages per fault: %llu for %llu pages",
		 mp[0].majflt, pages);
	ur_check(r, mp[1].majflt + pages / 10 >= pages,
		 "with MADV_RANDOM (no readahead) every page is a major fault: %llu for %llu pages",
		 mp[1].majflt, pages);
	ur_check(r, mp[2].majflt == 0,
		 "from the page cache no fault is major: %llu (%llu minor)",
		 mp[2].majflt, mp[2].minflt);
}

static void part_major(struct ureport *r, const struct faults_opts *o)
{
	struct major_pass mp[3] = {
		{ .name = "after drop_caches, readahead", .drop = 1 },
		{ .name = "after drop_caches, MADV_RANDOM", .drop = 1, .random = 1 },
		{ .name = "cached" },
	};
	long ps = sysconf(_SC_PAGESIZE);
	int use_drop = geteuid() == 0, fd, i;
	char fsname[64], err[256];

	if (u_fs_is_ram(o->dir, fsname, sizeof(fsname))) {
		ur_skip(r, "major faults: %s is on %s, whose pages ARE the file: dropping the "
			"page cache cannot evict them, so there is nothing to read back (give "
			"--dir on a disk-backed filesystem)", o->dir, fsname);
		return;
	}
	fd = major_file(r, o->dir, o->fsize);
	if (fd < 0)
		return;
	ur_note(r, "major: %llu KiB file in %s (%s); the page cache is dropped with %s",
		o->fsize / KIB, o->dir, fsname, use_drop ? "echo 3 > /proc/sys/vm/drop_caches" :
		"posix_fadvise(POSIX_FADV_DONTNEED) (not root: no drop_caches)");
	for (i = 0; i < 3; i++)
		if (major_pass(fd, o->fsize, ps, use_drop, &mp[i], err, sizeof(err))) {
			ur_check(r, 0, "major faults, %s: %s", mp[i].name, err);
			break;
		}
	close(fd);
	if (i < 3)
		return;
	ur_rows(r, "major", "read of every page of the mapping:", &u_faults_major, mp, 3);
	major_checks(r, mp);
}

int u_faults(int argc, char **argv)
{
	struct faults_opts o = { .limit = 1 * MIB, .fsize = 4 * MIB, .dir = getenv("TMPDIR") };
	struct ureport r;
	int ret;

	if (!o.dir || !*o.dir)
		o.dir = "/tmp";
	ret = faults_parse(argc, argv, &o);
	if (ret < 0)
		ret = faults_validate(&o);
	if (ret >= 0)
		return ret;
	ur_begin(&r, "faults", o.json, "page faults a process meets: bad accesses, stack growth, major faults");
	if (r.json)
		json_obj_begin(&r.j, "parts");
	if (o.parts & PART_SEGV)
		part_segv(&r);
	if (o.parts & PART_STACK)
		part_stack(&r, &o);
	if (o.parts & PART_MAJOR)
		part_major(&r, &o);
	if (r.json)
		json_obj_end(&r.j);
	return ur_end(&r,
		      "a bad access is SIGSEGV with si_code telling no-VMA (SEGV_MAPERR) from "
		      "no-permission (SEGV_ACCERR); the stack grows by demand paging until "
		      "RLIMIT_STACK; a fault that must wait for the disk is a major fault, and "
		      "the page cache (and readahead) is what makes most file faults minor",
		      "the faults did not behave as expected: see the FAILED checks");
}
