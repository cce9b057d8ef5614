// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab list [--long] [--json]: the experiments the loaded family modules
 * registered (ALLOCLAB_IOC_LIST), with their typed parameters, declared
 * phases and whether they can run on this kernel.
 *
 * The table shows each experiment's own parameters with their defaults;
 * --long adds the core's (cpus=, hold=, timeout_ms= ...), ranges, help and
 * phases; --json has everything the records hold.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "out.h"
#include "param.h"
#include "result.h"

static const char usage_text[] = "list [--long] [--json]";

static void json_choices(struct out_json *j, const struct alloclab_param *p)
{
	char buf[sizeof(p->choices)];
	unsigned int i;

	json_arr_begin(j, "choices");
	for (i = 0; param_choice(p->choices, i, buf, sizeof(buf)); i++)
		json_str(j, NULL, buf);
	json_arr_end(j);
}

static void json_param(struct out_json *j, const struct alloclab_param *p)
{
	char buf[sizeof(p->choices) + 64];

	json_obj_begin(j, NULL);
	json_str(j, "name", p->name);
	json_str(j, "type", param_type_name(p->type, buf, sizeof(buf)));
	json_bool(j, "core", !!(p->flags & ALLOCLAB_PF_CORE));
	json_num(j, "default", param_default(p, buf, sizeof(buf)));
	if (p->type == ALLOCLAB_P_U64) {
		json_uint(j, "min", p->min);
		json_uint(j, "max", p->max);
		json_str(j, "unit", p->unit);
	}
	if (p->type == ALLOCLAB_P_ENUM || p->type == ALLOCLAB_P_GFP)
		json_choices(j, p);
	json_str(j, "range", param_range(p, buf, sizeof(buf)));
	json_str(j, "help", p->help);
	json_obj_end(j);
}

static void json_experiment(struct out_json *j, const struct alloclab_list *l)
{
	char buf[32];
	unsigned int k;

	json_obj_begin(j, NULL);
	json_str(j, "name", l->name);
	json_str(j, "family", l->family);
	json_str(j, "summary", l->summary);
	json_bool(j, "available", !(l->flags & ALLOCLAB_EXP_UNAVAILABLE));
	if (l->flags & ALLOCLAB_EXP_UNAVAILABLE)
		json_str(j, "reason", l->reason);
	json_bool(j, "hold", !!(l->flags & ALLOCLAB_EXP_HOLD));
	json_bool(j, "timed", !!(l->flags & ALLOCLAB_EXP_TIMED));
	json_bool(j, "mmap", !!(l->flags & ALLOCLAB_EXP_MMAP));
	json_arr_begin(j, "phases");
	for (k = 0; k < l->nr_phases; k++) {
		json_obj_begin(j, NULL);
		json_str(j, "name", l->phases[k]);
		json_str(j, "unit", result_unit_name(l->phase_units[k], buf, sizeof(buf)));
		json_obj_end(j);
	}
	json_arr_end(j);
	json_arr_begin(j, "params");
	for (k = 0; k < l->nr_params; k++)
		json_param(j, &l->params[k]);
	json_arr_end(j);
	json_obj_end(j);
}

static void list_json(const struct alloclab_list *v, unsigned int n)
{
	struct out_json j;
	unsigned int i;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_uint(&j, "count", n);
	json_arr_begin(&j, "experiments");
	for (i = 0; i < n; i++)
		json_experiment(&j, &v[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

/* "size=64 count=1000": the experiment's own parameters, not the core's */
static void own_defaults(const struct alloclab_list *l, char *buf, size_t size)
{
	char def[sizeof(l->params[0].def_str) + 24];
	size_t len = 0;
	unsigned int k;

	buf[0] = '\0';
	for (k = 0; k < l->nr_params && len < size; k++) {
		const struct alloclab_param *p = &l->params[k];

		if (p->flags & ALLOCLAB_PF_CORE)
			continue;
		len += snprintf(buf + len, size - len, "%s%s=%s", len ? " " : "",
				p->name, param_default(p, def, sizeof(def)));
	}
}

static void print_unavailable(const struct alloclab_list *v, unsigned int n)
{
	unsigned int i;

	printf("\n(*) unavailable here:\n");
	for (i = 0; i < n; i++)
		if (v[i].flags & ALLOCLAB_EXP_UNAVAILABLE)
			printf("  %s: %s\n", v[i].name,
			       v[i].reason[0] ? v[i].reason : "no reason given");
}

static void list_table(const struct alloclab_list *v, unsigned int n)
{
	struct out_table t;
	unsigned int i;
	int unavailable = 0;

	table_init(&t, "NAME", "FAMILY", "AVAILABLE", "PARAMS (defaults)", NULL);
	for (i = 0; i < n; i++) {
		const struct alloclab_list *l = &v[i];
		char params[2048];

		own_defaults(l, params, sizeof(params));
		table_row(&t);
		table_cell(&t, "%s", l->name);
		table_cell(&t, "%s", l->family);
		if (l->flags & ALLOCLAB_EXP_UNAVAILABLE) {
			table_cell(&t, "no (*)");
			unavailable++;
		} else {
			table_cell(&t, "yes");
		}
		table_cell(&t, "%s", params);
	}
	table_print(&t, stdout);
	table_free(&t);
	if (unavailable)
		print_unavailable(v, n);
}

/* "  phases: alloc (objects), free (objects)" and what the experiment accepts */
static void long_header(const struct alloclab_list *l)
{
	char buf[32];
	unsigned int k;

	if (l->nr_phases) {
		printf("  phases:");
		for (k = 0; k < l->nr_phases; k++)
			printf("%s %s (%s)", k ? "," : "", l->phases[k],
			       result_unit_name(l->phase_units[k], buf, sizeof(buf)));
		printf("\n");
	}
	if (l->flags & (ALLOCLAB_EXP_HOLD | ALLOCLAB_EXP_TIMED | ALLOCLAB_EXP_MMAP)) {
		const char *sep = "";

		printf("  accepts:");
		if (l->flags & ALLOCLAB_EXP_HOLD) {
			printf(" hold=1");
			sep = ",";
		}
		if (l->flags & ALLOCLAB_EXP_TIMED) {
			printf("%s timing (cpus=, mode=, batch=)", sep);
			sep = ",";
		}
		if (l->flags & ALLOCLAB_EXP_MMAP)
			printf("%s mmap of a held result", sep);
		printf("\n");
	}
}

/* The parameter table: the experiment's own first, then the core's. */
static void long_params(const struct alloclab_list *l)
{
	char def[sizeof(l->params[0].def_str) + 24], range[sizeof(l->params[0].choices) + 64];
	struct out_table t;
	unsigned int k;
	int core;

	table_init(&t, "  PARAM", "DEFAULT", "RANGE", "HELP", NULL);
	table_align(&t, 1, TABLE_LEFT);
	for (core = 0; core < 2; core++) {
		for (k = 0; k < l->nr_params; k++) {
			const struct alloclab_param *p = &l->params[k];

			if (!(p->flags & ALLOCLAB_PF_CORE) != !core)
				continue;
			table_row(&t);
			table_cell(&t, "  %s", p->name);
			table_cell(&t, "%s", param_default(p, def, sizeof(def)));
			table_cell(&t, "%s", param_range(p, range, sizeof(range)));
			table_cell(&t, "%s%s", core ? "(core) " : "", p->help);
		}
	}
	if (l->nr_params)
		table_print(&t, stdout);
	table_free(&t);
}

static void list_long(const struct alloclab_list *v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct alloclab_list *l = &v[i];

		printf("%s%s (%s): %s\n", i ? "\n" : "", l->name, l->family, l->summary);
		if (l->flags & ALLOCLAB_EXP_UNAVAILABLE)
			printf("  unavailable: %s\n", l->reason);
		long_header(l);
		long_params(l);
	}
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "long", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct alloclab_list *v = NULL;
	int json = out_json_default, lng = 0;
	unsigned int n = 0;
	int c, fd;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jlh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'l':
			lng = 1;
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
		out_error("list takes no arguments");
		return EXIT_USAGE;
	}
	fd = al_dev_open();
	if (fd < 0)
		return 1;
	if (al_list_fetch(fd, &v, &n)) {
		close(fd);
		return 1;
	}
	close(fd);
	if (json)
		list_json(v, n);
	else if (!n)
		printf("no experiments registered (load a family module, e.g. alloclab_slab)\n");
	else if (lng)
		list_long(v, n);
	else
		list_table(v, n);
	free(v);
	return 0;
}
