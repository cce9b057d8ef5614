// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab selftest [--quick] [--json] [--also 'CMD']...: a board self-test.
 *
 * Loads nothing itself. Checks that the modules answer (/dev/alloclab opens,
 * its ABI is this tool's, debugfs has the alloclab directory), then runs a
 * short plan: for every registered experiment the cheap command of
 * st_plan[] (or its defaults if it is neither a HOLD-type nor a device
 * experiment), then every --also command. Each run is checked: the kernel
 * accepted it, phase 0 counted ops if the command gave count=, and
 * every phase's latencies are ordered (min <= p50 <= p90 <= p99 <= max).
 * Output is KTAP (one "ok N - ..." per check, SKIP with the reason for
 * experiments unavailable here or left out), or --json; exit status 0 only
 * if every check passed.
 *
 * --quick runs one experiment per family.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "out.h"
#include "result.h"

static const char usage_text[] =
	"selftest [--quick] [--json] [--also 'CMD']...\n"
	"  --quick   one experiment per family\n"
	"  --also    run CMD too (e.g. --also 'kmalloc size=4096 count=10'); repeatable";

/* A cheap command per known experiment; cmd NULL: left out, and why. */
struct st_plan {
	const char *name;
	const char *cmd;
	const char *skip;
};

static const struct st_plan st_plan[] = {
	{ "null", "null count=1000", NULL },
	{ "sleep", "sleep ms=1", NULL },
	{ "fail", NULL, "fails on purpose (try --also 'fail at=run')" },
	{ "buffer", NULL, "holds a buffer for mmap" },
	{ "buffer_check", NULL, "needs a held buffer" },
	{ "kmalloc", "kmalloc size=64 count=1000", NULL },
	{ "kmem_cache", "kmem_cache size=64 count=1000", NULL },
	{ "kmalloc_classes", NULL, "probes every size up to the largest kmalloc (slow)" },
	{ "vmalloc", "vmalloc size=10000 count=50", NULL },
	{ "vmalloc_vs_kmalloc", "vmalloc_vs_kmalloc size=4096 count=300", NULL },
	{ "kvmalloc", "kvmalloc size=100 count=50", NULL },
	{ "percpu", "percpu size=64 count=200", NULL },
	{ "ioremap", NULL, "maps device memory" },
	{ "pagewalk", "pagewalk target=vmalloc", NULL },
	{ "mempool", "mempool kind=kmalloc size=1000 min_nr=5 fail_after=0 count=200", NULL },
	{ "pages", "pages order=0 count=100", NULL },
	{ "gfp_matrix", "gfp_matrix tries=2", NULL },
	{ "fragment", NULL, "takes a share of free memory" },
	{ "cma", "cma size=1M count=1", NULL },
	{ "cma_pressure", NULL, "puts the system under memory pressure" },
	{ "coherent", "coherent size=4096 count=8", NULL },
	{ "sg", "sg nents=4 size=4096 count=10", NULL },
};

#define NR_PLAN (sizeof(st_plan) / sizeof(st_plan[0]))

enum { ST_OK, ST_FAIL, ST_SKIP };

struct st_item {
	char name[ALLOCLAB_NAME_LEN];	/* experiment (with @instance) */
	char cmd[ALLOCLAB_CMD_MAX + 1];	/* "" if skipped */
	int want_ops;			/* the command has count=: phase 0 must count ops */
	int status;			/* ST_* */
	char what[160];			/* what was checked */
	char reason[ALLOCLAB_REASON_LEN + 64];	/* why not ok / skipped */
};

struct st_run {
	struct st_item *v;
	size_t n, cap;
	int passed, failed, skipped;
};

static struct st_item *st_add(struct st_run *r, const char *name)
{
	struct st_item *it;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->v = out_xrealloc(r->v, sizeof(*r->v) * r->cap);
	}
	it = &r->v[r->n++];
	memset(it, 0, sizeof(*it));
	snprintf(it->name, sizeof(it->name), "%s", name);
	return it;
}

static const struct st_plan *plan_find(const char *name)
{
	size_t len = strcspn(name, "@"), i;

	for (i = 0; i < NR_PLAN; i++)
		if (strlen(st_plan[i].name) == len && !strncmp(st_plan[i].name, name, len))
			return &st_plan[i];
	return NULL;
}

/* A command that says how many ops (count=N) must count some. */
static int wants_ops(const char *cmd)
{
	return strstr(cmd, " count=") != NULL;
}

/* The plan entry of one listed experiment: a command, or why it is skipped. */
static void plan_one(struct st_run *r, const struct alloclab_list *l)
{
	const struct st_plan *p = plan_find(l->name);
	struct st_item *it = st_add(r, l->name);
	const char *args;

	if (l->flags & ALLOCLAB_EXP_UNAVAILABLE) {
		it->status = ST_SKIP;
		snprintf(it->reason, sizeof(it->reason), "unavailable on this kernel: %s",
			 l->reason[0] ? l->reason : "no reason given");
	} else if (p && !p->cmd) {
		it->status = ST_SKIP;
		snprintf(it->reason, sizeof(it->reason), "not in the default plan: %s", p->skip);
	} else if (!p && (l->flags & ALLOCLAB_EXP_HOLD)) {
		it->status = ST_SKIP;
		snprintf(it->reason, sizeof(it->reason),
			 "not in the default plan: it can hold memory (run it with --also)");
	} else if (!p && strstr(l->family, "dma")) {
		it->status = ST_SKIP;
		snprintf(it->reason, sizeof(it->reason),
			 "not in the default plan: a device experiment (run it with --also)");
	} else {
		/* the plan's arguments after the listed name (it may be name@instance) */
		args = p ? p->cmd + strcspn(p->cmd, " ") : "";
		snprintf(it->cmd, sizeof(it->cmd), "%s%s", l->name, args);
		it->want_ops = wants_ops(it->cmd);
	}
}

/* Does an experiment before @upto of @family run in the plan (for --quick)? */
static int family_seen(const struct alloclab_list *v, unsigned int upto, const char *family)
{
	unsigned int i;

	for (i = 0; i < upto; i++)
		if (!strcmp(v[i].family, family) && plan_find(v[i].name) &&
		    plan_find(v[i].name)->cmd && !(v[i].flags & ALLOCLAB_EXP_UNAVAILABLE))
			return 1;
	return 0;
}

static void plan_build(struct st_run *r, const struct alloclab_list *v, unsigned int n,
		       int quick, char **also, int nalso)
{
	unsigned int i;
	int k;

	for (i = 0; i < n; i++) {
		const struct st_plan *p = plan_find(v[i].name);

		/* --quick: the first planned, available experiment of each family */
		if (quick && (!p || !p->cmd || (v[i].flags & ALLOCLAB_EXP_UNAVAILABLE) ||
			      family_seen(v, i, v[i].family)))
			continue;
		plan_one(r, &v[i]);
	}
	for (k = 0; k < nalso; k++) {
		struct st_item *it = st_add(r, "");

		snprintf(it->name, sizeof(it->name), "%.*s", (int)strcspn(also[k], " "),
			 also[k]);
		snprintf(it->cmd, sizeof(it->cmd), "%s", also[k]);
		it->want_ops = wants_ops(it->cmd);
	}
}

/* The checks of one result; 0 if all hold, else -1 with it->reason set. */
static int check_result(struct st_item *it, const struct result_view *v)
{
	struct alloclab_phase ph;
	unsigned int i;

	if (it->want_ops) {
		if (v->hdr.nr_phases)
			result_phase(v, 0, &ph);
		if (!v->hdr.nr_phases || !ph.ops) {
			snprintf(it->reason, sizeof(it->reason), "count= given but no ops counted");
			return -1;
		}
	}
	for (i = 0; i < v->hdr.nr_phases; i++) {
		const struct alloclab_stats *s = &ph.ns_ps;

		result_phase(v, i, &ph);
		if (!ph.ops)
			continue;
		if (!(s->min <= s->p50 && s->p50 <= s->p90 && s->p90 <= s->p99 &&
		      s->p99 <= s->max)) {
			snprintf(it->reason, sizeof(it->reason),
				 "phase %.*s: percentiles out of order (ps: min %llu p50 %llu "
				 "p90 %llu p99 %llu max %llu)", ALLOCLAB_PHASE_LEN, ph.name,
				 (unsigned long long)s->min, (unsigned long long)s->p50,
				 (unsigned long long)s->p90, (unsigned long long)s->p99,
				 (unsigned long long)s->max);
			return -1;
		}
	}
	return 0;
}

/* What a passed run checked, for its "ok" line. */
static void describe_ok(struct st_item *it, const struct result_view *v)
{
	struct alloclab_phase ph;

	if (it->want_ops) {
		result_phase(v, 0, &ph);
		snprintf(it->what, sizeof(it->what),
			 "no errno, %llu ops > 0, min <= p50 <= p90 <= p99 <= max in %u phase%s",
			 (unsigned long long)ph.ops, v->hdr.nr_phases,
			 v->hdr.nr_phases == 1 ? "" : "s");
	} else {
		snprintf(it->what, sizeof(it->what), "no errno, a well-formed result%s",
			 v->hdr.nr_phases ? ", min <= p50 <= p90 <= p99 <= max where ops ran" : "");
	}
}

static void run_one(int fd, struct st_item *it, void *res)
{
	struct alloclab_run run;
	struct result_view v;
	char err[256];

	memset(&run, 0, sizeof(run));
	run.abi_version = ALLOCLAB_ABI_VERSION;
	run.cmd_len = strlen(it->cmd);
	run.cmd = (uintptr_t)it->cmd;
	run.result = (uintptr_t)res;
	run.result_size = RESULT_MAX_SIZE;
	snprintf(it->what, sizeof(it->what), "runs");
	if (ioctl(fd, ALLOCLAB_IOC_RUN, &run) < 0) {
		int e = errno;

		run.reason[sizeof(run.reason) - 1] = '\0';
		it->status = ST_FAIL;
		snprintf(it->reason, sizeof(it->reason), "%s: %s", args_errno_name(e),
			 run.reason[0] ? run.reason : strerror(e));
		return;
	}
	if (result_view_init(&v, res, run.result_needed < run.result_size ?
			     run.result_needed : run.result_size, err, sizeof(err))) {
		it->status = ST_FAIL;
		snprintf(it->reason, sizeof(it->reason), "malformed result: %s", err);
		return;
	}
	if (check_result(it, &v)) {
		it->status = ST_FAIL;
		return;
	}
	describe_ok(it, &v);
}

static void run_plan(int fd, struct st_run *r)
{
	void *res = out_xmalloc(RESULT_MAX_SIZE);
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct st_item *it = &r->v[i];

		if (it->status == ST_OK && it->cmd[0])
			run_one(fd, it, res);
		if (it->status == ST_OK)
			r->passed++;
		else if (it->status == ST_FAIL)
			r->failed++;
		else
			r->skipped++;
	}
	free(res);
}

/* The module answers: /dev/alloclab opened, its ABI, debugfs. */
static void check_module(int fd, struct st_run *r)
{
	struct alloclab_version ver;
	struct st_item *it;

	it = st_add(r, "alloclab_core");
	snprintf(it->what, sizeof(it->what), "%s opens and answers ALLOCLAB_IOC_VERSION",
		 AL_DEV_PATH);
	memset(&ver, 0, sizeof(ver));
	if (ioctl(fd, ALLOCLAB_IOC_VERSION, &ver) < 0) {
		it->status = ST_FAIL;
		snprintf(it->reason, sizeof(it->reason), "ALLOCLAB_IOC_VERSION: %s",
			 strerror(errno));
		return;
	}
	it = st_add(r, "abi");
	snprintf(it->what, sizeof(it->what), "module ABI %u is this tool's ABI %d",
		 ver.abi_version, ALLOCLAB_ABI_VERSION);
	if (ver.abi_version != ALLOCLAB_ABI_VERSION) {
		it->status = ST_FAIL;
		al_abi_advice(ver.abi_version, it->reason, sizeof(it->reason));
		return;
	}
	it = st_add(r, "debugfs");
	snprintf(it->what, sizeof(it->what), "%s is there", AL_DEBUGFS_DIR);
	if (access(AL_DEBUGFS_DIR, F_OK)) {
		struct statfs fs;
		int mounted = !statfs(AL_DEBUGFS_ROOT, &fs) && fs.f_type == DEBUGFS_MAGIC;

		it->status = ST_FAIL;
		snprintf(it->reason, sizeof(it->reason), "%s", mounted ?
			 "debugfs has no alloclab directory (alloclab_core loaded without debugfs?)" :
			 "debugfs is not mounted: mount -t debugfs none " AL_DEBUGFS_ROOT);
	}
}

/* KTAP: "ok N - name: what" / "not ok N - name: what # reason" / SKIP. */
static void print_ktap(const struct st_run *r)
{
	size_t i;

	printf("KTAP version 1\n1..%zu\n", r->n);
	for (i = 0; i < r->n; i++) {
		const struct st_item *it = &r->v[i];
		const char *label = it->cmd[0] ? it->cmd : it->name;

		if (it->status == ST_SKIP)
			printf("ok %zu - %s # SKIP %s\n", i + 1, label, it->reason);
		else if (it->status == ST_FAIL)
			printf("not ok %zu - %s: %s # %s\n", i + 1, label, it->what, it->reason);
		else
			printf("ok %zu - %s: %s\n", i + 1, label, it->what);
	}
	printf("# selftest: %d passed, %d failed, %d skipped\n", r->passed, r->failed,
	       r->skipped);
}

static void print_json(const struct st_run *r)
{
	static const char *const st[] = { "ok", "not ok", "skip" };
	struct out_json j;
	size_t i;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_int(&j, "passed", r->passed);
	json_int(&j, "failed", r->failed);
	json_int(&j, "skipped", r->skipped);
	json_arr_begin(&j, "tests");
	for (i = 0; i < r->n; i++) {
		const struct st_item *it = &r->v[i];

		json_obj_begin(&j, NULL);
		json_int(&j, "n", (long long)i + 1);
		json_str(&j, "name", it->name);
		json_str(&j, "command", it->cmd[0] ? it->cmd : NULL);
		json_str(&j, "status", st[it->status]);
		json_str(&j, "checked", it->status == ST_SKIP ? NULL : it->what);
		json_str(&j, "reason", it->status == ST_OK ? NULL : it->reason);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

/* Everything after the options: check, plan, run. */
static int selftest(struct st_run *r, int quick, char **also, int nalso)
{
	struct alloclab_list *v = NULL;
	unsigned int n = 0;
	int fd = al_dev_open();
	struct st_item *it;

	if (fd < 0) {
		int e = errno;

		it = st_add(r, "alloclab_core");
		it->status = ST_FAIL;
		snprintf(it->what, sizeof(it->what), "%s opens", AL_DEV_PATH);
		al_open_advice(e, it->reason, sizeof(it->reason));
		r->failed++;
		return 1;
	}
	check_module(fd, r);
	/* the version or the ABI failed: nothing else can be asked */
	if (!strcmp(r->v[r->n - 1].name, "debugfs")) {
		if (!al_list_fetch(fd, &v, &n)) {
			plan_build(r, v, n, quick, also, nalso);
			free(v);
		}
	}
	run_plan(fd, r);
	close(fd);
	return r->failed ? 1 : 0;
}

struct st_opts {
	int json, quick, nalso;
	char **also;		/* argc slots */
};

/* 0, or the exit status to return now (usage, --help). */
static int parse_opts(int argc, char **argv, struct st_opts *o)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "quick", no_argument, NULL, 'q' },
		{ "also", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jqa:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = 1;
			break;
		case 'q':
			o->quick = 1;
			break;
		case 'a':
			if (!*optarg || strlen(optarg) > ALLOCLAB_CMD_MAX) {
				out_error("--also: a command of 1 to %d bytes", ALLOCLAB_CMD_MAX);
				return EXIT_USAGE;
			}
			o->also[o->nalso++] = optarg;
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
		out_error("selftest: unexpected argument \"%s\" (commands go with --also)",
			  argv[optind]);
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_selftest(int argc, char **argv)
{
	struct st_opts o = { .json = out_json_default };
	struct st_run r;
	int ret;

	o.also = out_xmalloc(sizeof(*o.also) * (size_t)argc);
	ret = parse_opts(argc, argv, &o);
	if (ret) {
		free(o.also);
		return ret < 0 ? 0 : ret;
	}
	memset(&r, 0, sizeof(r));
	ret = selftest(&r, o.quick, o.also, o.nalso);
	if (o.json)
		print_json(&r);
	else
		print_ktap(&r);
	free(r.v);
	free(o.also);
	return ret;
}
