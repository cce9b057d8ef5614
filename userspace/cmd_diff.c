// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab diff [--json] [--only=LIST] A [B]: what changed from snapshot A to
 * snapshot B (or to the live /proc files): caches (slabtop-like, largest
 * first), free blocks per zone and order, meminfo fields, free blocks per
 * migrate type and pageblocks (pagetypeinfo), vmalloc areas per caller,
 * zoneinfo and vmstat counters. Only changed rows are shown; memory deltas
 * also in kB (pages times the snapshot's page size).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "snap.h"

static const char usage_text[] =
	"diff [--json] [--only=LIST] A [B]\n"
	"  A, B    files from `alloclab snapshot`; without B, A is compared with now\n"
	"  --only  comma-separated: slab, buddy, mem, pagetype, vmalloc, zone, vmstat";

enum {
	ONLY_SLAB = 1, ONLY_BUDDY = 2, ONLY_MEM = 4, ONLY_PAGETYPE = 8,
	ONLY_VMALLOC = 16, ONLY_ZONE = 32, ONLY_VMSTAT = 64, ONLY_ALL = 127
};

static int parse_only(const char *s)
{
	static const char *const names[] = {
		"slab", "buddy", "mem", "pagetype", "vmalloc", "zone", "vmstat", NULL
	};
	int mask = 0, i;

	while (*s) {
		size_t n = strcspn(s, ",");

		for (i = 0; names[i]; i++)
			if (strlen(names[i]) == n && !strncmp(s, names[i], n))
				break;
		if (!names[i])
			return -1;
		mask |= 1 << i;
		s += n;
		if (*s == ',')
			s++;
	}
	return mask;
}

static int load(const char *path, struct snapshot *s)
{
	char err[256];
	char *text = proc_read_file(path);

	if (!text) {
		out_perror("cannot read %s", path);
		return -1;
	}
	if (snap_parse(text, s, err, sizeof(err))) {
		out_error("%s: %s", path, err);
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

static const char *slab_name(const struct slab_delta *x, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", x->name,
		 x->state == DELTA_NEW ? " (new)" : x->state == DELTA_GONE ? " (gone)" : "");
	return buf;
}

/* "name: not in both snapshots" / "no change", or 0 if there are rows. */
static int section_head(const char *name, int have, size_t n, const char *why)
{
	if (!have)
		printf("%s: not in both snapshots%s\n", name, why);
	else if (!n)
		printf("%s: no change\n", name);
	return !have || !n;
}

static void text_slab(const struct snap_diff *d)
{
	char buf[PROC_NAME_LEN + 16];
	struct out_table t;
	size_t i;

	if (section_head("slabinfo", d->have_slab, d->nslab, " (reading it needs root)"))
		return;
	printf("slabinfo: %zu cache%s changed, largest (active objects * objsize) first\n",
	       d->nslab, d->nslab == 1 ? "" : "s");
	table_init(&t, "name", "objsize", "active_objs", "active_objs_delta", "num_objs",
		   "num_objs_delta", "kb", "kb_delta", NULL);
	for (i = 0; i < d->nslab; i++) {
		const struct slab_delta *x = &d->slab[i];

		table_row(&t);
		table_cell(&t, "%s", slab_name(x, buf, sizeof(buf)));
		table_cell(&t, "%llu", x->objsize);
		table_cell(&t, "%llu", x->active_b);
		table_cell(&t, "%+lld", snap_delta(x->active_a, x->active_b));
		table_cell(&t, "%llu", x->num_b);
		table_cell(&t, "%+lld", snap_delta(x->num_a, x->num_b));
		table_cell(&t, "%llu", slab_delta_bytes(x, 1) / 1024);
		table_cell(&t, "%+lld", snap_delta(slab_delta_bytes(x, 0),
						   slab_delta_bytes(x, 1)) / 1024);
	}
	table_print(&t, stdout);
	table_free(&t);
}

static void text_buddy(const struct snap_diff *d)
{
	struct out_table t;
	size_t i;

	if (section_head("buddyinfo", d->have_buddy, d->nbuddy, ""))
		return;
	printf("buddyinfo: %zu zone/order count%s changed (a page is %ld kB)\n", d->nbuddy,
	       d->nbuddy == 1 ? "" : "s", d->page_size / 1024);
	table_init(&t, "node", "zone", "order", "free_blocks", "delta", "pages_delta",
		   "kb_delta", NULL);
	for (i = 0; i < d->nbuddy; i++) {
		const struct buddy_delta *x = &d->buddy[i];
		long long pages = snap_delta(x->a, x->b) * (1LL << x->order);

		table_row(&t);
		table_cell(&t, "%d", x->node);
		table_cell(&t, "%s", x->zone);
		table_cell(&t, "%d", x->order);
		table_cell(&t, "%llu", x->b);
		table_cell(&t, "%+lld", snap_delta(x->a, x->b));
		table_cell(&t, "%+lld", pages);
		table_cell(&t, "%+lld", pages * d->page_size / 1024);
	}
	table_print(&t, stdout);
	table_free(&t);
}

static void text_mem(const struct snap_diff *d)
{
	struct out_table t;
	size_t i;

	if (section_head("meminfo", d->have_mem, d->nmem, ""))
		return;
	printf("meminfo: %zu field%s changed\n", d->nmem, d->nmem == 1 ? "" : "s");
	table_init(&t, "name", "value", "delta", "unit", NULL);
	for (i = 0; i < d->nmem; i++) {
		const struct mem_delta *x = &d->mem[i];

		table_row(&t);
		table_cell(&t, "%s", x->name);
		table_cell(&t, "%llu", x->b);
		table_cell(&t, "%+lld", snap_delta(x->a, x->b));
		table_cell(&t, "%s", x->kb ? "kB" : "");
	}
	table_print(&t, stdout);
	table_free(&t);
}

/* Pages a counter's delta stands for (0 if it is not memory). */
static long long count_pages(const struct count_delta *x, int pb_order, int *is_mem)
{
	long long delta = snap_delta(x->a, x->b);

	*is_mem = 1;
	switch (x->unit) {
	case PU_PAGES:
		return delta;
	case PU_BLOCKS:
		return delta * (1LL << x->order);
	case PU_PAGEBLOCKS:
		if (pb_order >= 0)
			return delta * (1LL << pb_order);
		break;
	}
	*is_mem = 0;
	return 0;
}

/* kB a counter's delta stands for; 0 and *is_mem 0 if it is not memory. */
static long long count_kb(const struct count_delta *x, const struct snap_diff *d,
			  int *is_mem)
{
	if (x->unit == PU_KB) {
		*is_mem = 1;
		return snap_delta(x->a, x->b);
	}
	return count_pages(x, d->pageblock_order, is_mem) * d->page_size / 1024;
}

static void text_counts(const char *name, const struct count_diff *cd,
			const struct snap_diff *d, const char *why)
{
	struct out_table t;
	size_t i;

	if (section_head(name, cd->have, cd->n, why))
		return;
	printf("%s: %zu counter%s changed\n", name, cd->n, cd->n == 1 ? "" : "s");
	table_init(&t, "where", "name", "order", "value", "delta", "unit", "kb_delta", NULL);
	table_align(&t, 2, TABLE_RIGHT);
	table_align(&t, 6, TABLE_RIGHT);
	for (i = 0; i < cd->n; i++) {
		const struct count_delta *x = &cd->v[i];
		int mem;
		long long kb = count_kb(x, d, &mem);

		table_row(&t);
		table_cell(&t, "%s", *x->group ? x->group : "-");
		table_cell(&t, "%s%s", x->name, x->state == DELTA_NEW ? " (new)" :
			   x->state == DELTA_GONE ? " (gone)" : "");
		if (x->order >= 0)
			table_cell(&t, "%d", x->order);
		else
			table_cell(&t, "-");
		table_cell(&t, "%llu", x->b);
		table_cell(&t, "%+lld", snap_delta(x->a, x->b));
		table_cell(&t, "%s", proc_unit_name(x->unit));
		if (mem)
			table_cell(&t, "%+lld", kb);
		else
			table_cell(&t, "-");
	}
	table_print(&t, stdout);
	table_free(&t);
}

static void text_vmalloc(const struct vmalloc_diff *v)
{
	struct out_table t;
	size_t i;

	if (!v->have) {
		printf("vmallocinfo: not in both snapshots (reading it needs root)\n");
		return;
	}
	printf("vmallocinfo: %llu areas (%+lld), %llu bytes (%+lld)", v->areas_b,
	       snap_delta(v->areas_a, v->areas_b), v->bytes_b,
	       snap_delta(v->bytes_a, v->bytes_b));
	if (v->have_gap)
		printf(", largest free gap %llu bytes (%+lld)", v->gap_b,
		       snap_delta(v->gap_a, v->gap_b));
	printf("; %zu caller%s changed\n", v->n, v->n == 1 ? "" : "s");
	if (!v->n)
		return;
	table_init(&t, "caller", "areas", "areas_delta", "bytes", "bytes_delta", NULL);
	for (i = 0; i < v->n; i++) {
		const struct vmalloc_delta *x = &v->v[i];

		table_row(&t);
		table_cell(&t, "%s%s", x->caller, x->state == DELTA_NEW ? " (new)" :
			   x->state == DELTA_GONE ? " (gone)" : "");
		table_cell(&t, "%llu", x->areas_b);
		table_cell(&t, "%+lld", snap_delta(x->areas_a, x->areas_b));
		table_cell(&t, "%llu", x->bytes_b);
		table_cell(&t, "%+lld", snap_delta(x->bytes_a, x->bytes_b));
	}
	table_print(&t, stdout);
	table_free(&t);
}

static void print_text(const struct snap_diff *d, int only)
{
	int first = 1;

#define SECTION(bit, call) do {			\
	if (only & (bit)) {			\
		if (!first)			\
			putchar('\n');		\
		first = 0;			\
		call;				\
	}					\
} while (0)
	SECTION(ONLY_SLAB, text_slab(d));
	SECTION(ONLY_BUDDY, text_buddy(d));
	SECTION(ONLY_MEM, text_mem(d));
	SECTION(ONLY_PAGETYPE, text_counts("pagetypeinfo", &d->pagetype, d,
					   " (reading it needs root)"));
	SECTION(ONLY_VMALLOC, text_vmalloc(&d->vmalloc));
	SECTION(ONLY_ZONE, text_counts("zoneinfo", &d->zone, d, ""));
	SECTION(ONLY_VMSTAT, text_counts("vmstat", &d->vmstat, d, ""));
#undef SECTION
}

static void json_side(struct out_json *j, const char *key, const char *src,
		      const struct snapshot *s)
{
	json_obj_begin(j, key);
	json_str(j, "source", src);
	json_int(j, "time", s->time);
	json_str(j, "kernel", s->kernel);
	if (s->page_size > 0)
		json_int(j, "page_size", s->page_size);
	json_obj_end(j);
}

static const char *const states[] = { "changed", "new", "gone" };

static void json_slab(struct out_json *j, const struct snap_diff *d)
{
	size_t i;

	json_arr_begin(j, "slabinfo");
	for (i = 0; i < d->nslab; i++) {
		const struct slab_delta *x = &d->slab[i];

		json_obj_begin(j, NULL);
		json_str(j, "name", x->name);
		json_str(j, "state", states[x->state]);
		json_uint(j, "objsize", x->objsize);
		json_uint(j, "active_objs", x->active_b);
		json_int(j, "active_objs_delta", snap_delta(x->active_a, x->active_b));
		json_uint(j, "num_objs", x->num_b);
		json_int(j, "num_objs_delta", snap_delta(x->num_a, x->num_b));
		json_uint(j, "bytes", slab_delta_bytes(x, 1));
		json_int(j, "bytes_delta", snap_delta(slab_delta_bytes(x, 0),
						      slab_delta_bytes(x, 1)));
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_buddy(struct out_json *j, const struct snap_diff *d)
{
	size_t i;

	json_arr_begin(j, "buddyinfo");
	for (i = 0; i < d->nbuddy; i++) {
		const struct buddy_delta *x = &d->buddy[i];
		long long delta = snap_delta(x->a, x->b);

		json_obj_begin(j, NULL);
		json_int(j, "node", x->node);
		json_str(j, "zone", x->zone);
		json_int(j, "order", x->order);
		json_uint(j, "free_blocks", x->b);
		json_int(j, "delta", delta);
		json_int(j, "pages_delta", delta * (1LL << x->order));
		json_int(j, "kb_delta", delta * (1LL << x->order) * d->page_size / 1024);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_mem(struct out_json *j, const struct snap_diff *d)
{
	size_t i;

	json_arr_begin(j, "meminfo");
	for (i = 0; i < d->nmem; i++) {
		const struct mem_delta *x = &d->mem[i];

		json_obj_begin(j, NULL);
		json_str(j, "name", x->name);
		json_uint(j, "value", x->b);
		json_int(j, "delta", snap_delta(x->a, x->b));
		json_str(j, "unit", x->kb ? "kB" : "");
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_counts(struct out_json *j, const char *key, const struct count_diff *cd,
			const struct snap_diff *d)
{
	size_t i;

	json_arr_begin(j, key);
	for (i = 0; i < cd->n; i++) {
		const struct count_delta *x = &cd->v[i];
		int mem;
		long long kb = count_kb(x, d, &mem);

		json_obj_begin(j, NULL);
		json_str(j, "where", x->group);
		json_str(j, "name", x->name);
		json_str(j, "state", states[x->state]);
		if (x->order >= 0)
			json_int(j, "order", x->order);
		json_uint(j, "value", x->b);
		json_int(j, "delta", snap_delta(x->a, x->b));
		json_str(j, "unit", proc_unit_name(x->unit));
		if (mem)
			json_int(j, "kb_delta", kb);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_vmalloc(struct out_json *j, const struct vmalloc_diff *v)
{
	size_t i;

	json_obj_begin(j, "vmallocinfo");
	json_uint(j, "areas", v->areas_b);
	json_int(j, "areas_delta", snap_delta(v->areas_a, v->areas_b));
	json_uint(j, "bytes", v->bytes_b);
	json_int(j, "bytes_delta", snap_delta(v->bytes_a, v->bytes_b));
	if (v->have_gap) {
		json_uint(j, "largest_free_gap", v->gap_b);
		json_int(j, "largest_free_gap_delta", snap_delta(v->gap_a, v->gap_b));
	}
	json_arr_begin(j, "callers");
	for (i = 0; i < v->n; i++) {
		const struct vmalloc_delta *x = &v->v[i];

		json_obj_begin(j, NULL);
		json_str(j, "caller", x->caller);
		json_str(j, "state", states[x->state]);
		json_uint(j, "areas", x->areas_b);
		json_int(j, "areas_delta", snap_delta(x->areas_a, x->areas_b));
		json_uint(j, "bytes", x->bytes_b);
		json_int(j, "bytes_delta", snap_delta(x->bytes_a, x->bytes_b));
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

static void print_json(const struct snap_diff *d, int only,
		       const char *na, const struct snapshot *a,
		       const char *nb, const struct snapshot *b)
{
	struct out_json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_side(&j, "from", na, a);
	json_side(&j, "to", nb, b);
	json_int(&j, "page_size", d->page_size);
	if (d->pageblock_order >= 0)
		json_int(&j, "pageblock_order", d->pageblock_order);
	if ((only & ONLY_SLAB) && d->have_slab)
		json_slab(&j, d);
	if ((only & ONLY_BUDDY) && d->have_buddy)
		json_buddy(&j, d);
	if ((only & ONLY_MEM) && d->have_mem)
		json_mem(&j, d);
	if ((only & ONLY_PAGETYPE) && d->pagetype.have)
		json_counts(&j, "pagetypeinfo", &d->pagetype, d);
	if ((only & ONLY_VMALLOC) && d->vmalloc.have)
		json_vmalloc(&j, &d->vmalloc);
	if ((only & ONLY_ZONE) && d->zone.have)
		json_counts(&j, "zoneinfo", &d->zone, d);
	if ((only & ONLY_VMSTAT) && d->vmstat.have)
		json_counts(&j, "vmstat", &d->vmstat, d);
	json_obj_end(&j);
	json_end(&j);
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "only", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int json = out_json_default, only = ONLY_ALL;
	struct snapshot a, b;
	struct snap_diff d;
	const char *nb;
	char err[256];
	int c, ret = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jo:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'o':
			only = parse_only(optarg);
			if (only <= 0) {
				out_error("--only: \"%s\" is not a list of slab, buddy, mem, pagetype, vmalloc, zone, vmstat", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			al_usage(stdout, usage_text);
			return 0;
		default:
			al_usage(stderr, usage_text);
			return EXIT_USAGE;
		}
	}
	if (argc - optind < 1 || argc - optind > 2) {
		out_error("diff needs one or two snapshot files");
		al_usage(stderr, usage_text);
		return EXIT_USAGE;
	}
	if (load(argv[optind], &a))
		return 1;
	if (argc - optind == 2) {
		nb = argv[optind + 1];
		if (load(nb, &b)) {
			snap_free(&a);
			return 1;
		}
	} else {
		nb = "now";
		snap_take(&b);
	}
	if (snap_diff(&a, &b, &d, err, sizeof(err))) {
		out_error("%s", err);
		ret = 1;
	} else {
		if (json)
			print_json(&d, only, argv[optind], &a, nb, &b);
		else
			print_text(&d, only);
		snap_diff_free(&d);
	}
	snap_free(&a);
	snap_free(&b);
	return ret;
}
