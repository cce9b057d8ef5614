// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab mmap N [--size=BYTES] [--fill=SEED] [--check=SEED] [--hold=SECONDS]
 *                 [--json]
 *
 * Maps the buffer held result N keeps (an ALLOCLAB_EXP_MMAP experiment run
 * with hold=1) from /dev/alloclab: offset N * page size, PROT_READ |
 * PROT_WRITE, MAP_SHARED. --fill writes the pattern of SEED (pattern.h) over
 * the mapping, --check verifies it (after --fill if both), --hold keeps the
 * mapping SECONDS before munmap (the kernel refuses `release N` meanwhile).
 * The length is --size, else result N's bytes_requested from debugfs
 * report, else 65536.
 *
 * Exit: 0 done; the errno of a failed mmap (with what it means here); 1 if
 * --check found mismatches or the device cannot be opened; 2 bad usage.
 */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "out.h"
#include "pattern.h"
#include "proc.h"

static const char usage_text[] =
	"mmap N [--size=BYTES] [--fill=SEED] [--check=SEED] [--hold=SECONDS] [--json]\n"
	"  N               a held result of an experiment that offers its buffer\n"
	"  --size=BYTES    length to map (default: the result's bytes_requested)\n"
	"  --fill=SEED     write byte i = (i * 31 + SEED) & 0xff\n"
	"  --check=SEED    verify that pattern, report mismatches\n"
	"  --hold=SECONDS  keep the mapping that long before unmapping it";

#define MMAP_DEFAULT_SIZE 65536

struct mmap_opts {
	unsigned long long result, size, fill, check, hold;
	int has_size, has_fill, has_check, json;
	const char *size_from;
};

struct mmap_outcome {
	size_t filled, checked, bad, first;
	unsigned char got;
};

/* bytes_requested of result @n in debugfs report, or 0 */
static unsigned long long report_bytes(unsigned long long n)
{
	char *text = proc_read_file(AL_DEBUGFS_DIR "/report");
	unsigned long long v = 0, seq;
	struct kvdoc doc;
	size_t i;

	if (!text)
		return 0;
	kv_parse(text, &doc);
	for (i = 0; i < doc.n; i++) {
		const char *r = kv_get(&doc.b[i], "result");
		const char *b = kv_get(&doc.b[i], "bytes_requested");

		if (!r || !b || args_parse_u64(r, &seq) || seq != n)
			continue;
		if (args_parse_u64(b, &v))
			v = 0;
	}
	kv_free(&doc);
	free(text);
	return v;
}

static const char *mmap_meaning(int e)
{
	switch (e) {
	case EINVAL:
		return "holds no mappable buffer, or a smaller one";
	case ENOENT:
		return "is not a held result";
	case EBUSY:
		return "is busy (being released?)";
	case EPERM:
	case EACCES:
		return "may not be mapped by this process (run as root)";
	case ENODEV:
		return "cannot be mapped: the module offers no mmap (an older ABI?)";
	case EOVERFLOW:
		return "is beyond what a page offset can name";
	default:
		return strerror(e);
	}
}

/* Why the mapping failed: the kernel's reason from last_error if it is this one's. */
static void mmap_failed(const struct mmap_opts *o, int e)
{
	struct al_last_error le;
	char what[32];

	snprintf(what, sizeof(what), "mmap %llu", o->result);
	if (!al_last_error_get(&le) && le.err == e && !strcmp(le.command, what) && le.reason[0])
		out_error("mmap of result %llu (%llu bytes): %s (%s)", o->result, o->size,
			  le.reason, args_errno_name(e));
	else
		out_error("mmap of result %llu (%llu bytes): result %llu %s (%s)", o->result,
			  o->size, o->result, mmap_meaning(e), args_errno_name(e));
	al_last_error_free(&le);
}

static void hold_for(unsigned long long seconds, int json)
{
	struct timespec ts = { (time_t)seconds, 0 };

	if (!json) {
		printf("holding: %llu s\n", seconds);
		fflush(stdout);
	}
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void mmap_json(const struct mmap_opts *o, const struct mmap_outcome *m)
{
	struct out_json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_uint(&j, "result", o->result);
	json_uint(&j, "size", o->size);
	json_str(&j, "size_from", o->size_from);
	json_uint(&j, "offset", o->result * (unsigned long long)sysconf(_SC_PAGESIZE));
	if (o->has_fill) {
		json_uint(&j, "fill_seed", o->fill);
		json_uint(&j, "filled", m->filled);
	}
	if (o->has_check) {
		json_uint(&j, "check_seed", o->check);
		json_uint(&j, "checked", m->checked);
		json_uint(&j, "mismatches", m->bad);
		if (m->bad)
			json_uint(&j, "first_mismatch", m->first);
		else
			json_null(&j, "first_mismatch");
	}
	json_uint(&j, "held_s", o->hold);
	json_obj_end(&j);
	json_end(&j);
}

/* Fill, check and hold the mapping @p. */
static void mmap_use(const struct mmap_opts *o, unsigned char *p, struct mmap_outcome *m)
{
	size_t len = (size_t)o->size;

	if (!o->json)
		printf("mmap: result %llu, %zu bytes (%s)\n", o->result, len, o->size_from);
	if (o->has_fill) {
		pattern_fill(p, len, o->fill);
		m->filled = len;
		if (!o->json)
			printf("filled: %zu bytes, seed %llu\n", len, o->fill);
	}
	if (o->has_check) {
		m->bad = pattern_check(p, len, o->check, &m->first);
		m->checked = len;
		if (m->bad)
			m->got = p[m->first];
		if (!o->json && !m->bad)
			printf("checked: %zu bytes, seed %llu: no mismatch\n", len, o->check);
		else if (!o->json)
			printf("checked: %zu bytes, seed %llu: %zu mismatches, first at offset "
			       "%zu (0x%02x, expected 0x%02x)\n", len, o->check, m->bad,
			       m->first, m->got, pattern_byte(m->first, o->check));
	}
	if (o->hold)
		hold_for(o->hold, o->json);
}

static int mmap_run(struct mmap_opts *o)
{
	long page = sysconf(_SC_PAGESIZE);
	struct mmap_outcome m = { 0 };
	void *p;
	int fd, e;

	fd = al_dev_open();
	if (fd < 0)
		return 1;
	p = mmap(NULL, (size_t)o->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)(o->result * (unsigned long long)page));
	e = errno;
	close(fd);	/* the mapping keeps the device open */
	if (p == MAP_FAILED) {
		mmap_failed(o, e);
		return e;
	}
	mmap_use(o, p, &m);
	munmap(p, (size_t)o->size);
	if (o->json)
		mmap_json(o, &m);
	return m.bad ? 1 : 0;
}

/* --name=VALUE as a number; 0, or -1 (printed) */
static int opt_number(const char *name, const char *s, unsigned long long *v)
{
	if (!args_parse_u64(s, v))
		return 0;
	out_error("--%s: \"%s\" is not a number", name, s);
	return -1;
}

/* The result number and the length to map; 0, or EXIT_USAGE (printed). */
static int mmap_target(struct mmap_opts *o, int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);

	if (argc - optind != 1) {
		out_error("mmap: which result? (a held run's number, alloclab report shows it)");
		al_usage(stderr, usage_text);
		return EXIT_USAGE;
	}
	if (args_parse_u64(argv[optind], &o->result) || o->result > 0xffffffffULL ||
	    o->result > (unsigned long long)INT64_MAX / (unsigned long long)page) {
		out_error("mmap: \"%s\" is not a result number", argv[optind]);
		return EXIT_USAGE;
	}
	o->size_from = "--size";
	if (!o->has_size) {
		o->size = report_bytes(o->result);
		o->size_from = "bytes_requested";
	}
	if (!o->size) {
		o->size = MMAP_DEFAULT_SIZE;
		o->size_from = "default";
	}
	if (o->size > SIZE_MAX) {
		out_error("mmap: --size=%llu does not fit this machine", o->size);
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_mmap(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "fill", required_argument, NULL, 'f' },
		{ "check", required_argument, NULL, 'c' },
		{ "hold", required_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct mmap_opts o = { .json = out_json_default };
	int c, ret = 0;

	optind = 0;
	while (!ret && (c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			ret = opt_number("size", optarg, &o.size);
			o.has_size = 1;
			if (!ret && !o.size) {
				out_error("--size: 0 bytes");
				ret = -1;
			}
			break;
		case 'f':
			ret = opt_number("fill", optarg, &o.fill);
			o.has_fill = 1;
			break;
		case 'c':
			ret = opt_number("check", optarg, &o.check);
			o.has_check = 1;
			break;
		case 'H':
			ret = opt_number("hold", optarg, &o.hold);
			break;
		case 'j':
			o.json = 1;
			break;
		case 'h':
			al_usage(stdout, usage_text);
			return 0;
		default:
			al_usage(stderr, usage_text);
			return EXIT_USAGE;
		}
	}
	if (ret)
		return EXIT_USAGE;
	ret = mmap_target(&o, argc, argv);
	return ret ? ret : mmap_run(&o);
}
