// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab report [--table|--long] [--last] [--json|--csv]: every result
 * since the module was loaded (or since `alloclab run reset`).
 *
 *   --table (default)  one aligned row per result: #, experiment, the
 *                      parameters that differ from the experiment's
 *                      defaults, phase 0's ops, p50 and p99, the main
 *                      facts; one row under it per other phase that ran
 *   --long             the text form, as debugfs `report` prints it
 *   --json             {"results": [ {...}, ... ]}
 *   --csv              one row per (result, phase)
 *   --last             only the last result
 *
 * Every view but --long is rendered from the model (model.h). The
 * defaults come from ALLOCLAB_IOC_LIST; without /dev/alloclab every
 * parameter but the core ones is shown.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "model.h"
#include "out.h"
#include "param.h"
#include "range.h"

static const char usage_text[] =
	"report [--table|--long] [--last] [--json|--csv]\n"
	"  --table   one aligned row per result (the default)\n"
	"  --long    the full text form of each result\n"
	"  --last    only the last result\n"
	"  --json    {\"results\": [...]}; --csv: one row per result and phase";

enum view { V_TABLE, V_LONG, V_JSON, V_CSV };

/* The experiments' parameter records, to tell defaults apart. */
struct defaults {
	struct alloclab_list *l;
	unsigned int n;
};

static const struct alloclab_param *find_param(const struct defaults *d,
					       const char *experiment, const char *key)
{
	unsigned int i, k;

	for (i = 0; i < d->n; i++) {
		if (strcmp(d->l[i].name, experiment))
			continue;
		for (k = 0; k < d->l[i].nr_params && k < ALLOCLAB_MAX_PARAMS; k++)
			if (!strcmp(d->l[i].params[k].name, key))
				return &d->l[i].params[k];
	}
	return NULL;
}

/* model_param_hidden_fn: core parameters and values at their default. */
static int at_default(void *arg, const char *experiment, const char *key, const char *val)
{
	const struct alloclab_param *p = find_param(arg, experiment, key);
	unsigned long long a, b;
	char buf[256], err[128];

	if (!p)
		return model_core_param(key);
	if (p->flags & ALLOCLAB_PF_CORE)
		return 1;
	param_default(p, buf, sizeof(buf));
	if (!strcmp(buf, val))
		return 1;
	return p->type == ALLOCLAB_P_U64 && !range_parse_number(buf, &a, err, sizeof(err)) &&
	       !range_parse_number(val, &b, err, sizeof(err)) && a == b;
}

/* The list, quietly: without the device the table shows more parameters. */
static void defaults_load(struct defaults *d)
{
	int fd = open(AL_DEV_PATH, O_RDWR | O_CLOEXEC);
	unsigned int i, k;

	memset(d, 0, sizeof(*d));
	if (fd < 0)
		return;
	if (al_list_fetch(fd, &d->l, &d->n))
		memset(d, 0, sizeof(*d));
	close(fd);
	for (i = 0; i < d->n; i++)
		for (k = 0; k < ALLOCLAB_MAX_PARAMS; k++)
			param_terminate(&d->l[i].params[k]);
}

/* --last --json: one object, as `alloclab run --json` prints it. */
static int show_one_json(const struct model_report *rep)
{
	struct out_json j;

	if (!rep->n) {
		out_error("no result yet");
		return 1;
	}
	json_init(&j, stdout);
	model_result_json(&j, NULL, &rep->r[0]);
	return json_end(&j) ? 1 : 0;
}

static int show(const char *text, enum view view, int last)
{
	struct model_report rep;
	struct defaults d;
	int ret = 0;

	if (view == V_LONG) {
		fputs(text, stdout);
		return 0;
	}
	model_report_parse(text, &rep);
	if (view == V_JSON && last) {
		ret = show_one_json(&rep);
	} else if (view == V_JSON) {
		ret = model_report_json(&rep, stdout) ? 1 : 0;
	} else {
		defaults_load(&d);
		if (view == V_CSV)
			model_report_csv(&rep, d.n ? at_default : NULL, &d, stdout);
		else
			model_report_table(&rep, d.n ? at_default : NULL, &d, stdout);
		free(d.l);
	}
	model_report_free(&rep);
	return ret;
}

static int parse_opts(int argc, char **argv, enum view *view, int *last)
{
	static const struct option opts[] = {
		{ "table", no_argument, NULL, 't' },
		{ "long", no_argument, NULL, 'L' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "last", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jlh", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			*view = V_TABLE;
			break;
		case 'L':
			*view = V_LONG;
			break;
		case 'j':
			*view = V_JSON;
			break;
		case 'c':
			*view = V_CSV;
			break;
		case 'l':
			*last = 1;
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
	return -1;
}

int cmd_report(int argc, char **argv)
{
	enum view view = out_json_default ? V_JSON : V_TABLE;
	int last = 0, ret;
	char *text;

	ret = parse_opts(argc, argv, &view, &last);
	if (ret >= 0)
		return ret;
	text = al_debugfs_read(last ? "last" : "report");
	if (!text)
		return 1;
	ret = show(text, view, last);
	free(text);
	return ret;
}
