// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab report [--last] [--json]: every result since the module was
 * loaded (or since `alloclab run reset`), as debugfs `report` prints them,
 * or as {"results": [ {...}, ... ]}. --last: only the last result.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "result.h"

static const char usage_text[] = "report [--last] [--json]";

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "last", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int json = out_json_default, last = 0;
	char *text;
	int c, ret = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jlh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'l':
			last = 1;
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
		out_error("report takes no arguments");
		return EXIT_USAGE;
	}
	text = al_debugfs_read(last ? "last" : "report");
	if (!text)
		return 1;
	if (!json) {
		fputs(text, stdout);
	} else if (last) {
		if (result_text_to_json(text, stdout, 1)) {
			out_error("no result yet");
			ret = 1;
		}
	} else {
		ret = result_text_to_json(text, stdout, 0) ? 1 : 0;
	}
	free(text);
	return ret;
}
