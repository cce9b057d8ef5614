// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab cma info [--json]: the CMA areas as far as this machine shows
 * them, each figure with its source: the module's cma_info experiment
 * (pages per zone, CmaFree, a sample buffer), /proc/meminfo (CmaTotal,
 * CmaFree), /sys/kernel/mm/cma/<area>/ (CMA_SYSFS: allocation counters),
 * /sys/kernel/debug/cma/<area>/ (CMA_DEBUGFS: base_pfn, count, used) and the
 * boot log ("cma: Reserved 64 MiB at 0x..."), which name the areas' bases
 * and sizes that a module cannot read.
 *
 * alloclab cma pressure ...: see cma_pressure.c.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

#include "cli.h"
#include "cma.h"
#include "out.h"
#include "proc.h"

#define SYSFS_CMA	"/sys/kernel/mm/cma"
#define DEBUGFS_CMA	"/sys/kernel/debug/cma"

static const char usage_text[] =
	"cma info [--json] | cma pressure [--fill-mb=N] [--leave-mb=48] [--size=BYTES] [--count=N] [--json]";

void cma_fig_add(struct cma_view *v, const char *name, const char *source, const char *fmt, ...)
{
	struct cma_fig *f;
	va_list ap;

	if (v->nfig >= CMA_MAX_FIGS)
		return;
	f = &v->fig[v->nfig++];
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->source, sizeof(f->source), "%s", source);
	va_start(ap, fmt);
	vsnprintf(f->value, sizeof(f->value), fmt, ap);
	va_end(ap);
}

static struct cma_area *area_get(struct cma_view *v, const char *name)
{
	int i;

	for (i = 0; i < v->narea; i++)
		if (!strcmp(v->area[i].name, name))
			return &v->area[i];
	if (v->narea >= CMA_MAX_AREAS)
		return NULL;
	snprintf(v->area[v->narea].name, sizeof(v->area[0].name), "%s", name);
	return &v->area[v->narea++];
}

long long cma_meminfo_kb(const char *field)
{
	char *text = proc_read_file("/proc/meminfo"), err[128];
	const struct mem_entry *e;
	struct meminfo mi;
	long long v = -1;

	if (!text)
		return -1;
	if (!meminfo_parse(text, &mi, err, sizeof(err))) {
		e = meminfo_find(&mi, field);
		if (e)
			v = (long long)e->value;
		meminfo_free(&mi);
	}
	free(text);
	return v;
}

long long cma_vmstat(const char *name)
{
	char *text = proc_read_file("/proc/vmstat"), *p;
	size_t n = strlen(name);
	long long v = -1;

	if (!text)
		return -1;
	for (p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, name, n) && p[n] == ' ') {
			v = atoll(p + n + 1);
			break;
		}
	free(text);
	return v;
}

/* A file of one number, or -1. */
static long long read_num(const char *dir, const char *area, const char *file)
{
	char path[512], *s;
	long long v;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, area, file);
	s = proc_read_file(path);
	if (!s)
		return -1;
	v = strtoll(s, NULL, 0);
	free(s);
	return v;
}

/* Every area directory under @dir: @fn(v, dir, name) for each. */
static int for_each_area_dir(struct cma_view *v, const char *dir,
			     void (*fn)(struct cma_view *, const char *, const char *))
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	int n = 0;

	if (!dp)
		return -1;
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		fn(v, dir, d->d_name);
		n++;
	}
	closedir(dp);
	return n;
}

static void sysfs_area(struct cma_view *v, const char *dir, const char *name)
{
	static const char * const files[] = {
		"alloc_pages_success", "alloc_pages_fail", "release_pages_success",
	};
	char key[48];
	size_t i;

	area_get(v, name);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		long long n = read_num(dir, name, files[i]);

		if (n < 0)
			continue;
		snprintf(key, sizeof(key), "%.24s.%s", name, files[i]);
		cma_fig_add(v, key, SYSFS_CMA, "%lld", n);
	}
}

static void debugfs_area(struct cma_view *v, const char *dir, const char *name)
{
	long long pfn = read_num(dir, name, "base_pfn"), cnt = read_num(dir, name, "count");
	long long used = read_num(dir, name, "used"), page = sysconf(_SC_PAGESIZE);
	struct cma_area *a = area_get(v, name);
	char key[48];

	if (a && pfn >= 0 && cnt > 0) {
		a->base = (unsigned long long)pfn * page;
		a->size = (unsigned long long)cnt * page;
		snprintf(a->source, sizeof(a->source), "%s/%.16s/{base_pfn,count}", DEBUGFS_CMA, name);
	}
	snprintf(key, sizeof(key), "%.24s.used_pages", name);
	if (used >= 0)
		cma_fig_add(v, key, DEBUGFS_CMA, "%lld", used);
}

/* "cma: Reserved 64 MiB at 0x000000007ac00000" in the kernel log. */
static void bootlog_areas(struct cma_view *v)
{
	int len = klogctl(10, NULL, 0), n;
	char *buf, *p;

	if (len <= 0) {
		cma_fig_add(v, "boot_log", "syslog(2)", "unreadable (%s)", strerror(errno));
		return;
	}
	buf = out_xmalloc((size_t)len + 1);
	n = klogctl(3, buf, len);
	buf[n > 0 ? n : 0] = '\0';
	for (p = strstr(buf, "cma: Reserved "); p; p = strstr(p + 1, "cma: Reserved ")) {
		unsigned long mib;
		unsigned long long base;
		struct cma_area *a;

		if (sscanf(p, "cma: Reserved %lu MiB at %llx", &mib, &base) != 2)
			continue;
		a = area_get(v, "reserved");
		cma_fig_add(v, "boot_log", "dmesg", "Reserved %lu MiB at 0x%llx", mib, base);
		if (a && !a->size) {
			a->base = base;
			a->size = (unsigned long long)mib << 20;
			snprintf(a->source, sizeof(a->source), "boot log (dmesg \"cma: Reserved\")");
		}
	}
	free(buf);
}

struct kvdoc *cma_run_last(const char *cmd, int *err)
{
	struct kvdoc *doc;
	char *text;

	*err = al_debugfs_write("run", cmd);
	if (*err)
		return NULL;
	text = al_debugfs_read("last");
	if (!text) {
		*err = 1;
		return NULL;
	}
	doc = out_xmalloc(sizeof(*doc));
	kv_parse(text, doc);
	free(text);
	return doc;
}

/* The module's view: the cma_info experiment's facts. */
static void module_figs(struct cma_view *v)
{
	static const char * const keys[] = {
		"cma_total_kb", "cma_free_kb", "cma_used_kb", "pageblock_kb", "align_max_kb",
		"zone[0]", "zone[1]", "areas", "device", "device_coherent", "cma_api",
		"sample_phys", "sample_from_cma",
	};
	struct kvdoc *doc;
	const char *val;
	size_t i;
	int err;

	doc = cma_run_last("cma_info", &err);
	if (!doc) {
		char *why = al_last_error_reason();

		cma_fig_add(v, "module", "alloclab_cma (cma_info)", "%s",
			    err == -EOPNOTSUPP ? why : err > 0 ? "not reachable" : strerror(-err));
		free(why);
		return;
	}
	for (i = 0; doc->n && i < sizeof(keys) / sizeof(keys[0]); i++) {
		val = kv_get(&doc->b[0], keys[i]);
		if (val)
			cma_fig_add(v, keys[i], "alloclab_cma (cma_info)", "%s", val);
	}
	kv_free(doc);
	free(doc);
}

void cma_view_collect(struct cma_view *v, int with_module)
{
	long long total = cma_meminfo_kb("CmaTotal"), free_kb = cma_meminfo_kb("CmaFree");

	memset(v, 0, sizeof(*v));
	if (total >= 0) {
		cma_fig_add(v, "CmaTotal_kb", "/proc/meminfo", "%lld", total);
		cma_fig_add(v, "CmaFree_kb", "/proc/meminfo", "%lld", free_kb);
	} else {
		cma_fig_add(v, "CmaTotal_kb", "/proc/meminfo", "absent (kernel without CONFIG_CMA)");
	}
	if (for_each_area_dir(v, SYSFS_CMA, sysfs_area) < 0)
		cma_fig_add(v, "sysfs", SYSFS_CMA, "absent (CONFIG_CMA_SYSFS off)");
	if (for_each_area_dir(v, DEBUGFS_CMA, debugfs_area) < 0)
		cma_fig_add(v, "debugfs", DEBUGFS_CMA, "absent (CONFIG_CMA_DEBUGFS off)");
	bootlog_areas(v);
	if (with_module)
		module_figs(v);
}

static void view_json(const struct cma_view *v)
{
	struct out_json j;
	int i;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_arr_begin(&j, "areas");
	for (i = 0; i < v->narea; i++) {
		json_obj_begin(&j, NULL);
		json_str(&j, "name", v->area[i].name);
		if (v->area[i].size) {
			json_uint(&j, "base", v->area[i].base);
			json_uint(&j, "size", v->area[i].size);
			json_str(&j, "source", v->area[i].source);
		}
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_arr_begin(&j, "figures");
	for (i = 0; i < v->nfig; i++) {
		json_obj_begin(&j, NULL);
		json_str(&j, "name", v->fig[i].name);
		json_num(&j, "value", v->fig[i].value);
		json_str(&j, "source", v->fig[i].source);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

void cma_view_print(const struct cma_view *v, int json)
{
	struct out_table t;
	int i;

	if (json) {
		view_json(v);
		return;
	}
	for (i = 0; i < v->narea; i++) {
		if (v->area[i].size)
			printf("area %s: base 0x%llx size %llu KiB (%s)\n", v->area[i].name,
			       v->area[i].base, v->area[i].size >> 10, v->area[i].source);
		else
			printf("area %s: base and size unknown here\n", v->area[i].name);
	}
	table_init(&t, "FIGURE", "VALUE", "SOURCE", NULL);
	table_align(&t, 1, TABLE_LEFT);
	for (i = 0; i < v->nfig; i++) {
		table_row(&t);
		table_cell(&t, "%s", v->fig[i].name);
		table_cell(&t, "%s", v->fig[i].value);
		table_cell(&t, "%s", v->fig[i].source);
	}
	table_print(&t, stdout);
	table_free(&t);
}

static int cma_info(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cma_view *v;
	int json = out_json_default, c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		if (c == 'j') {
			json = 1;
		} else {
			al_usage(c == 'h' ? stdout : stderr, usage_text);
			return c == 'h' ? 0 : EXIT_USAGE;
		}
	}
	v = out_xmalloc(sizeof(*v));
	cma_view_collect(v, 1);
	cma_view_print(v, json);
	free(v);
	return 0;
}

int cmd_cma(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		al_usage(argc < 2 ? stderr : stdout, usage_text);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[1], "info"))
		return cma_info(argc - 1, argv + 1);
	if (!strcmp(argv[1], "pressure"))
		return cma_pressure(argc - 1, argv + 1);
	out_error("cma: unknown action '%s'", argv[1]);
	al_usage(stderr, usage_text);
	return EXIT_USAGE;
}
