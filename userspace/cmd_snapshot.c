// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab snapshot [--out FILE]: save seven /proc files (slabinfo, buddyinfo,
 * meminfo, pagetypeinfo, vmallocinfo, zoneinfo, vmstat) and the page size into
 * one file (stdout by default) for `alloclab diff`. See snap.h.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "snap.h"

static const char usage_text[] = "snapshot [--out FILE]";

int cmd_snapshot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = NULL;
	struct snapshot s;
	FILE *f = stdout;
	int c, ret = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			path = optarg;
			break;
		case 'h':
			al_usage(stdout, usage_text);
			return 0;
		default:
			al_usage(stderr, usage_text);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		out_error("snapshot: unexpected argument \"%s\" (use --out FILE)", argv[optind]);
		return EXIT_USAGE;
	}
	snap_take(&s);
	if (snap_empty(&s)) {
		out_error("nothing to save");
		return 1;
	}
	if (path && strcmp(path, "-")) {
		f = fopen(path, "w");
		if (!f) {
			out_perror("cannot create %s", path);
			snap_free(&s);
			return 1;
		}
	}
	snap_write(&s, f);
	if (fflush(f) || ferror(f)) {
		out_perror("writing %s", path ? path : "stdout");
		ret = 1;
	}
	if (f != stdout && fclose(f)) {
		out_perror("closing %s", path);
		ret = 1;
	}
	snap_free(&s);
	return ret;
}
