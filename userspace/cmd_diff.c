// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab diff [--json] [--only=slab,buddy,mem] A [B]: what changed from
 * snapshot A to snapshot B (or to the live /proc files): per-cache
 * active_objs / num_objs, free blocks per zone and order, meminfo fields.
 * Only changed rows are shown.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "snap.h"

static const char usage_text[] =
	"diff [--json] [--only=slab,buddy,mem] A [B]\n"
	"  A, B   files from `alloclab snapshot`; without B, A is compared with now";

enum { ONLY_SLAB = 1, ONLY_BUDDY = 2, ONLY_MEM = 4, ONLY_ALL = 7 };

static int parse_only(const char *s)
{
	int mask = 0;

	while (*s) {
		size_t n = strcspn(s, ",");

		if (n == 4 && !strncmp(s, "slab", 4))
			mask |= ONLY_SLAB;
		else if (n == 5 && !strncmp(s, "buddy", 5))
			mask |= ONLY_BUDDY;
		else if (n == 3 && !strncmp(s, "mem", 3))
			mask |= ONLY_MEM;
		else
			return -1;
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

static void print_text(const struct snap_diff *d, int only)
{
	struct out_table t;
	char buf[PROC_NAME_LEN + 16];
	size_t i;
	int first = 1;

	if (only & ONLY_SLAB) {
		first = 0;
		if (!d->have_slab) {
			printf("slabinfo: not in both snapshots (reading it needs root)\n");
		} else if (!d->nslab) {
			printf("slabinfo: no change\n");
		} else {
			printf("slabinfo: %zu cache%s changed\n", d->nslab, d->nslab == 1 ? "" : "s");
			table_init(&t, "CACHE", "OBJSIZE", "ACTIVE_OBJS", "DELTA",
				   "NUM_OBJS", "DELTA", NULL);
			for (i = 0; i < d->nslab; i++) {
				const struct slab_delta *x = &d->slab[i];

				table_row(&t);
				table_cell(&t, "%s", slab_name(x, buf, sizeof(buf)));
				table_cell(&t, "%llu", x->objsize);
				table_cell(&t, "%llu", x->active_b);
				table_cell(&t, "%+lld", snap_delta(x->active_a, x->active_b));
				table_cell(&t, "%llu", x->num_b);
				table_cell(&t, "%+lld", snap_delta(x->num_a, x->num_b));
			}
			table_print(&t, stdout);
			table_free(&t);
		}
	}
	if (only & ONLY_BUDDY) {
		if (!first)
			putchar('\n');
		first = 0;
		if (!d->have_buddy) {
			printf("buddyinfo: not in both snapshots\n");
		} else if (!d->nbuddy) {
			printf("buddyinfo: no change\n");
		} else {
			printf("buddyinfo: %zu zone/order count%s changed\n", d->nbuddy,
			       d->nbuddy == 1 ? "" : "s");
			table_init(&t, "NODE", "ZONE", "ORDER", "FREE_BLOCKS", "DELTA",
				   "PAGES_DELTA", NULL);
			for (i = 0; i < d->nbuddy; i++) {
				const struct buddy_delta *x = &d->buddy[i];
				long long delta = snap_delta(x->a, x->b);

				table_row(&t);
				table_cell(&t, "%d", x->node);
				table_cell(&t, "%s", x->zone);
				table_cell(&t, "%d", x->order);
				table_cell(&t, "%llu", x->b);
				table_cell(&t, "%+lld", delta);
				table_cell(&t, "%+lld", delta * (1LL << x->order));
			}
			table_print(&t, stdout);
			table_free(&t);
		}
	}
	if (only & ONLY_MEM) {
		if (!first)
			putchar('\n');
		if (!d->have_mem) {
			printf("meminfo: not in both snapshots\n");
		} else if (!d->nmem) {
			printf("meminfo: no change\n");
		} else {
			printf("meminfo: %zu field%s changed\n", d->nmem, d->nmem == 1 ? "" : "s");
			table_init(&t, "FIELD", "VALUE", "DELTA", "UNIT", NULL);
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
	}
}

static void json_side(struct out_json *j, const char *key, const char *src,
		      const struct snapshot *s)
{
	json_obj_begin(j, key);
	json_str(j, "source", src);
	json_int(j, "time", s->time);
	json_str(j, "kernel", s->kernel);
	json_obj_end(j);
}

static void print_json(const struct snap_diff *d, int only,
		       const char *na, const struct snapshot *a,
		       const char *nb, const struct snapshot *b)
{
	static const char *const states[] = { "changed", "new", "gone" };
	struct out_json j;
	size_t i;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_side(&j, "from", na, a);
	json_side(&j, "to", nb, b);
	if ((only & ONLY_SLAB) && d->have_slab) {
		json_arr_begin(&j, "slabinfo");
		for (i = 0; i < d->nslab; i++) {
			const struct slab_delta *x = &d->slab[i];

			json_obj_begin(&j, NULL);
			json_str(&j, "name", x->name);
			json_str(&j, "state", states[x->state]);
			json_uint(&j, "objsize", x->objsize);
			json_uint(&j, "active_objs", x->active_b);
			json_int(&j, "active_objs_delta", snap_delta(x->active_a, x->active_b));
			json_uint(&j, "num_objs", x->num_b);
			json_int(&j, "num_objs_delta", snap_delta(x->num_a, x->num_b));
			json_obj_end(&j);
		}
		json_arr_end(&j);
	}
	if ((only & ONLY_BUDDY) && d->have_buddy) {
		json_arr_begin(&j, "buddyinfo");
		for (i = 0; i < d->nbuddy; i++) {
			const struct buddy_delta *x = &d->buddy[i];
			long long delta = snap_delta(x->a, x->b);

			json_obj_begin(&j, NULL);
			json_int(&j, "node", x->node);
			json_str(&j, "zone", x->zone);
			json_int(&j, "order", x->order);
			json_uint(&j, "free_blocks", x->b);
			json_int(&j, "delta", delta);
			json_int(&j, "pages_delta", delta * (1LL << x->order));
			json_obj_end(&j);
		}
		json_arr_end(&j);
	}
	if ((only & ONLY_MEM) && d->have_mem) {
		json_arr_begin(&j, "meminfo");
		for (i = 0; i < d->nmem; i++) {
			const struct mem_delta *x = &d->mem[i];

			json_obj_begin(&j, NULL);
			json_str(&j, "name", x->name);
			json_uint(&j, "value", x->b);
			json_int(&j, "delta", snap_delta(x->a, x->b));
			json_str(&j, "unit", x->kb ? "kB" : "");
			json_obj_end(&j);
		}
		json_arr_end(&j);
	}
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
				out_error("--only: \"%s\" is not a list of slab, buddy, mem", optarg);
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
