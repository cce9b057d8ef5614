// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab dma-validate [--dev=PCI_NAME] [--size=BYTES] [--seed=N] [--json]
 *
 * Does data written by a process survive a real DMA round trip? With the
 * edu driver of alloclab_dma bound to QEMU's edu device:
 *   1. two held coherent buffers of the device: edu_buffer@DEV hold=1 (A, B)
 *   2. A mapped through /dev/alloclab, the pattern of --seed written into it
 *   3. edu_copy@DEV src=A dst=B: the device copies A into its own buffer and
 *      out into B, 4 KiB per command; the kernel compares B with A
 *   4. B mapped, read back and checked against the pattern by this process
 *   5. both released
 * Exit: 0 if both the kernel's compare and ours found no mismatch; 1 if
 * either did, or a step failed (the kernel's reason printed); 2 bad usage.
 */
#define _FILE_OFFSET_BITS 64
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "out.h"
#include "pattern.h"
#include "proc.h"

static const char usage_text[] =
	"dma-validate [--dev=PCI_NAME] [--size=BYTES] [--seed=N] [--json]\n"
	"  --dev=PCI_NAME  the edu device (default: the first bound to alloclab_edu)\n"
	"  --size=BYTES    bytes written, copied and read back (default 65536, at most 4m)\n"
	"  --seed=N        byte i of the pattern is (i * 31 + N) & 0xff (default 77)";

#define DV_MAX_SIZE	(4ULL << 20)
#define DV_DRIVER_DIR	"/sys/bus/pci/drivers/alloclab_edu"

struct dv {
	char dev[64];
	unsigned long long size, seed;
	int json;
	unsigned long long a, b, copy;	/* result numbers; 0: none */
	unsigned long long kernel_bad, verified, user_bad, first;
	char mbps[32];
	const char *failed;		/* the step that failed, or NULL */
};

/* The first device bound to the edu driver, or "" (bound ones are links). */
static void dv_find_dev(char *out, size_t len)
{
	DIR *d = opendir(DV_DRIVER_DIR);
	struct dirent *e;

	out[0] = '\0';
	if (!d)
		return;
	while ((e = readdir(d)))
		if (strchr(e->d_name, ':') && !out[0] && strlen(e->d_name) < len)
			memcpy(out, e->d_name, strlen(e->d_name) + 1);
	closedir(d);
}

/* Value of @key in debugfs `last` as a number; 0, or -1 (missing). */
static int dv_last(const char *key, unsigned long long *v)
{
	char *text = al_debugfs_read("last");
	struct kvdoc doc;
	const char *s;
	int ret = -1;

	if (!text)
		return -1;
	kv_parse(text, &doc);
	s = doc.n ? kv_get(&doc.b[0], key) : NULL;
	if (s && !args_parse_u64(s, v))
		ret = 0;
	kv_free(&doc);
	free(text);
	return ret;
}

/* Run @cmd through debugfs; its result number into *@seq. 0, or -1 (printed). */
static int dv_run(const char *cmd, unsigned long long *seq)
{
	int ret = al_debugfs_write("run", cmd);
	char *why;

	if (ret > 0)
		return -1;	/* debugfs itself: printed */
	if (ret < 0) {
		why = al_last_error_reason();
		out_error("%s: %s (%s)", cmd, *why ? why : strerror(-ret), args_errno_name(-ret));
		free(why);
		return -1;
	}
	if (seq && dv_last("result", seq)) {
		out_error("%s: no result number in debugfs last", cmd);
		return -1;
	}
	return 0;
}

/* Map held result @seq; fill (@fill) or check its first size bytes. */
static int dv_map(struct dv *o, unsigned long long seq, int fill)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = (o->size + page - 1) / page * page;
	unsigned char *p;
	size_t first;
	int fd = al_dev_open();

	if (fd < 0)
		return -1;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)(seq * page));
	close(fd);
	if (p == MAP_FAILED) {
		out_perror("mmap of result %llu", seq);
		return -1;
	}
	if (fill) {
		pattern_fill(p, o->size, o->seed);
	} else {
		o->user_bad = pattern_check(p, o->size, o->seed, &first);
		o->first = first;
	}
	munmap(p, len);
	return 0;
}

static int dv_steps(struct dv *o)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "edu_buffer@%s size=%llu hold=1", o->dev, o->size);
	o->failed = "hold the source buffer";
	if (dv_run(cmd, &o->a))
		return -1;
	o->failed = "hold the destination buffer";
	if (dv_run(cmd, &o->b))
		return -1;
	o->failed = "write the pattern into the source";
	if (dv_map(o, o->a, 1))
		return -1;
	snprintf(cmd, sizeof(cmd), "edu_copy@%s src=%llu dst=%llu", o->dev, o->a, o->b);
	o->failed = "copy through the device";
	if (dv_run(cmd, &o->copy))
		return -1;
	o->failed = "read the kernel's verdict";
	if (dv_last("mismatches", &o->kernel_bad) || dv_last("bytes_verified", &o->verified))
		return -1;
	o->failed = "read the destination back";
	if (dv_map(o, o->b, 0))
		return -1;
	o->failed = NULL;
	return 0;
}

static void dv_release(struct dv *o)
{
	char cmd[64];

	if (o->b) {
		snprintf(cmd, sizeof(cmd), "release %llu", o->b);
		dv_run(cmd, NULL);
	}
	if (o->a) {
		snprintf(cmd, sizeof(cmd), "release %llu", o->a);
		dv_run(cmd, NULL);
	}
}

static int dv_ok(const struct dv *o)
{
	return !o->failed && !o->kernel_bad && !o->user_bad && o->verified >= o->size;
}

static void dv_print(const struct dv *o)
{
	struct out_json j;

	if (!o->json) {
		printf("device: %s, %llu bytes, seed %llu\n", o->dev, o->size, o->seed);
		printf("buffers: results %llu (source) and %llu (destination), edu_buffer hold=1\n",
		       o->a, o->b);
		if (o->copy)
			printf("copy: result %llu, kernel compare: %llu bytes, %llu mismatches\n",
			       o->copy, o->verified, o->kernel_bad);
		if (!o->failed)
			printf("read back: %llu bytes, %llu mismatches%s\n", o->size, o->user_bad,
			       o->user_bad ? " (first at offset shown below)" : "");
		if (o->user_bad)
			printf("first mismatch: offset %llu\n", o->first);
		if (o->failed)
			printf("failed: %s\n", o->failed);
		printf("%s\n", dv_ok(o) ? "ok" : "not ok");
		return;
	}
	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "device", o->dev);
	json_uint(&j, "size", o->size);
	json_uint(&j, "seed", o->seed);
	json_uint(&j, "src_result", o->a);
	json_uint(&j, "dst_result", o->b);
	json_uint(&j, "copy_result", o->copy);
	json_uint(&j, "kernel_bytes_verified", o->verified);
	json_uint(&j, "kernel_mismatches", o->kernel_bad);
	json_uint(&j, "user_mismatches", o->user_bad);
	json_str(&j, "failed", o->failed);
	json_bool(&j, "ok", dv_ok(o));
	json_obj_end(&j);
	json_end(&j);
}

static int dv_opts(struct dv *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dev", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (strlen(optarg) >= sizeof(o->dev)) {
				out_error("--dev=%s: not a device name", optarg);
				return EXIT_USAGE;
			}
			memcpy(o->dev, optarg, strlen(optarg) + 1);
			break;
		case 's':
			if (args_parse_u64(optarg, &o->size) || !o->size || o->size > DV_MAX_SIZE) {
				out_error("--size=%s: 1..%llu bytes", optarg, DV_MAX_SIZE);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			if (args_parse_u64(optarg, &o->seed) || o->seed > 255) {
				out_error("--seed=%s: 0..255", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			o->json = 1;
			break;
		case 'h':
			al_usage(stdout, usage_text);
			return -1;
		default:
			al_usage(stderr, usage_text);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		al_usage(stderr, usage_text);
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_dma_validate(int argc, char **argv)
{
	struct dv o = { .size = 65536, .seed = 77, .json = out_json_default };
	int ret = dv_opts(&o, argc, argv);

	if (ret)
		return ret < 0 ? 0 : ret;
	if (!o.dev[0])
		dv_find_dev(o.dev, sizeof(o.dev));
	if (!o.dev[0] || strchr(o.dev, ' ')) {
		out_error("no edu device bound to alloclab_edu (%s): is alloclab_dma loaded, "
			  "and does this machine have QEMU's edu device (PCI 1234:11e8)?",
			  DV_DRIVER_DIR);
		return 1;
	}
	dv_steps(&o);
	dv_release(&o);
	dv_print(&o);
	return dv_ok(&o) ? 0 : 1;
}
