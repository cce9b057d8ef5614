// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab list [--long] [--json]: the experiments the loaded family modules
 * registered (ALLOCLAB_IOC_LIST), with their parameters and whether they can
 * run on this kernel.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "out.h"

static const char usage_text[] = "list [--long] [--json]";

#define MAX_PARAMS 32

/* NUL-terminate every string the kernel filled in. */
static void list_terminate(struct alloclab_list *l)
{
	l->name[sizeof(l->name) - 1] = '\0';
	l->family[sizeof(l->family) - 1] = '\0';
	l->summary[sizeof(l->summary) - 1] = '\0';
	l->params[sizeof(l->params) - 1] = '\0';
	l->reason[sizeof(l->reason) - 1] = '\0';
}

/* All experiments into a malloc'ed array; -1 on error (printed). */
static int list_fetch(int fd, struct alloclab_list **out, unsigned int *nr)
{
	struct alloclab_list *v = NULL;
	unsigned int i, n = 0, cap = 0;

	for (i = 0;; i++) {
		struct alloclab_list l;

		memset(&l, 0, sizeof(l));
		l.abi_version = ALLOCLAB_ABI_VERSION;
		l.index = i;
		if (ioctl(fd, ALLOCLAB_IOC_LIST, &l) < 0) {
			/* none registered, or one went away meanwhile */
			if (errno == ENOENT || (i && (errno == EINVAL || errno == ERANGE)))
				break;
			out_perror("ALLOCLAB_IOC_LIST index %u", i);
			free(v);
			return -1;
		}
		if (i >= l.count)
			break;
		list_terminate(&l);
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = out_xrealloc(v, sizeof(*v) * cap);
		}
		v[n++] = l;
		if (i + 1 >= l.count)
			break;
	}
	*out = v;
	*nr = n;
	return 0;
}

static void list_json(const struct alloclab_list *v, unsigned int n)
{
	struct param_desc *pd = out_xmalloc(sizeof(*pd) * MAX_PARAMS);
	struct out_json j;
	unsigned int i;
	int k, np;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_uint(&j, "count", n);
	json_arr_begin(&j, "experiments");
	for (i = 0; i < n; i++) {
		const struct alloclab_list *l = &v[i];

		json_obj_begin(&j, NULL);
		json_str(&j, "name", l->name);
		json_str(&j, "family", l->family);
		json_str(&j, "summary", l->summary);
		json_bool(&j, "available", !(l->flags & ALLOCLAB_EXP_UNAVAILABLE));
		if (l->flags & ALLOCLAB_EXP_UNAVAILABLE)
			json_str(&j, "reason", l->reason);
		json_bool(&j, "hold", !!(l->flags & ALLOCLAB_EXP_HOLD));
		json_bool(&j, "timed", !!(l->flags & ALLOCLAB_EXP_TIMED));
		json_str(&j, "params_text", l->params);
		np = args_parse_params(l->params, pd, MAX_PARAMS, NULL);
		json_arr_begin(&j, "params");
		for (k = 0; k < np; k++) {
			json_obj_begin(&j, NULL);
			json_str(&j, "name", pd[k].name);
			json_num(&j, "default", pd[k].def);
			json_str(&j, "range", pd[k].range);
			json_str(&j, "help", pd[k].help);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
	free(pd);
}

static void list_table(const struct alloclab_list *v, unsigned int n)
{
	struct param_desc *pd = out_xmalloc(sizeof(*pd) * MAX_PARAMS);
	struct out_table t;
	unsigned int i;
	int k, np, unavailable = 0;

	table_init(&t, "NAME", "FAMILY", "AVAILABLE", "PARAMS (defaults)", NULL);
	for (i = 0; i < n; i++) {
		const struct alloclab_list *l = &v[i];
		char params[1024];
		size_t len = 0;

		np = args_parse_params(l->params, pd, MAX_PARAMS, NULL);
		params[0] = '\0';
		for (k = 0; k < np && len < sizeof(params); k++)
			len += snprintf(params + len, sizeof(params) - len, "%s%s=%s",
					k ? " " : "", pd[k].name, pd[k].def);
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
	if (unavailable) {
		printf("\n(*) unavailable here:\n");
		for (i = 0; i < n; i++)
			if (v[i].flags & ALLOCLAB_EXP_UNAVAILABLE)
				printf("  %s: %s\n", v[i].name,
				       v[i].reason[0] ? v[i].reason : "no reason given");
	}
	free(pd);
}

static void list_long(const struct alloclab_list *v, unsigned int n)
{
	struct param_desc *pd = out_xmalloc(sizeof(*pd) * MAX_PARAMS);
	unsigned int i;
	int k, np;

	for (i = 0; i < n; i++) {
		const struct alloclab_list *l = &v[i];
		struct out_table t;

		printf("%s%s (%s): %s\n", i ? "\n" : "", l->name, l->family, l->summary);
		if (l->flags & ALLOCLAB_EXP_UNAVAILABLE)
			printf("  unavailable: %s\n", l->reason);
		np = args_parse_params(l->params, pd, MAX_PARAMS, NULL);
		table_init(&t, "  PARAM", "DEFAULT", "RANGE", "HELP", NULL);
		table_align(&t, 1, TABLE_LEFT);
		for (k = 0; k < np; k++) {
			table_row(&t);
			table_cell(&t, "  %s", pd[k].name);
			table_cell(&t, "%s", pd[k].def);
			table_cell(&t, "%s", pd[k].range);
			table_cell(&t, "%s", pd[k].help);
		}
		if (np)
			table_print(&t, stdout);
		table_free(&t);
	}
	free(pd);
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
	if (list_fetch(fd, &v, &n)) {
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
