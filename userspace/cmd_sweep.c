// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab sweep NAME key=RANGE [key=RANGE] [key=value ...] [--repeat N]
 *                [--json|--csv]
 *
 * Runs experiment NAME once per point of the range (two ranged keys: every
 * pair, the first key outermost), each point through ALLOCLAB_IOC_RUN as
 * `alloclab run` sends it, and prints one table: the swept values, ops,
 * p50 / p90 / p99 / mean per phase, and the facts whose values change from
 * point to point. RANGE is range.h's syntax (size=8..4m*2, count=1k..4k+1k,
 * pattern=repeat,random). --repeat N: N runs per point; each statistic is
 * the median of the N (the facts are the first run's). A point the kernel
 * refuses is shown with its reason and the sweep goes on; the exit status
 * is then 1. Bad usage or a bad range: 2, before anything runs.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "model.h"
#include "out.h"
#include "range.h"

static const char usage_text[] =
	"sweep NAME key=RANGE [key=RANGE] [key=value ...] [--repeat N] [--json|--csv]\n"
	"  RANGE     a..b*F (geometric, *2 if omitted), a..b+S (arithmetic), x,y,z;\n"
	"            numbers as the kernel reads them: 4096, 4k, 1m, 0x1000\n"
	"  --repeat  N runs per point, the median of each statistic (default 1)\n"
	"  --csv     experiment,<keys>,phase,ops,ns_p50,ns_p90,ns_p99,ns_mean,ns_min,\n"
	"            ns_max,<changing facts>; one row per point and phase\n"
	"  --json    {\"experiment\", \"keys\", \"points\": [...]}";

#define SWEEP_MAX_REPEAT 100

enum view { V_TABLE, V_JSON, V_CSV };

struct sweep_plan {
	const char *name;
	struct range r[MODEL_SWEEP_KEYS];
	unsigned int nkeys;
	char **fixed;			/* argv words that are not ranges */
	int nfixed;
	unsigned int repeat;
};

/* A word is a range if its value has ".." or ',' (one point is a range too). */
static int plan_word(struct sweep_plan *p, char *word, struct range *tmp)
{
	const char *eq = strchr(word, '='), *val;
	char err[256], key[RANGE_KEY_LEN];

	if (!eq || !(strstr(eq, "..") || strchr(eq, ','))) {
		if (args_split_kv(word, key, sizeof(key), &val, err, sizeof(err))) {
			out_error("sweep: %s", err);
			return -1;
		}
		p->fixed[p->nfixed++] = word;
		return 0;
	}
	if (range_parse(word, tmp, err, sizeof(err))) {
		out_error("sweep: %s", err);
		return -1;
	}
	if (p->nkeys == MODEL_SWEEP_KEYS) {
		out_error("sweep: at most %d ranged keys (a grid)", MODEL_SWEEP_KEYS);
		return -1;
	}
	p->r[p->nkeys++] = *tmp;
	return 0;
}

static int plan_parse(struct sweep_plan *p, int argc, char **argv)
{
	struct range *tmp = out_xmalloc(sizeof(*tmp));
	int i, ret = 0;

	p->name = argv[0];
	p->fixed = out_xmalloc(sizeof(char *) * argc);
	for (i = 1; i < argc && !ret; i++)
		ret = plan_word(p, argv[i], tmp);
	free(tmp);
	if (!ret && !p->nkeys) {
		out_error("sweep: nothing to sweep: give a range, e.g. size=8..4m*2");
		ret = -1;
	}
	return ret;
}

/* The command of point @idx ("NAME fixed... key=v ..."), or -1 (printed). */
static int point_command(const struct sweep_plan *p, const unsigned int *idx, char *cmd)
{
	char *words[ALLOCLAB_MAX_PARAMS + MODEL_SWEEP_KEYS + 1];
	char kv[MODEL_SWEEP_KEYS][RANGE_KEY_LEN + RANGE_VAL_LEN + 1], err[256];
	int n = 0, i;

	if (p->nfixed > ALLOCLAB_MAX_PARAMS) {
		out_error("sweep: more than %d parameters", ALLOCLAB_MAX_PARAMS);
		return -1;
	}
	for (i = 0; i < p->nfixed; i++)
		words[n++] = p->fixed[i];
	for (i = 0; i < (int)p->nkeys; i++) {
		snprintf(kv[i], sizeof(kv[i]), "%s=%s", p->r[i].key, p->r[i].val[idx[i]]);
		words[n++] = kv[i];
	}
	if (args_build_command(cmd, ALLOCLAB_CMD_MAX + 1, p->name, n, words, err,
			       sizeof(err), NULL) < 0) {
		out_error("sweep: %s", err);
		return -1;
	}
	return 0;
}

/* Run point @pt @p->repeat times; the medians into pt->res. -1: tool failure. */
static int point_run(int fd, const struct sweep_plan *p, const char *cmd,
		     struct model_point *pt)
{
	struct model_result *runs = out_xmalloc(sizeof(*runs) * p->repeat);
	char reason[ALLOCLAB_REASON_LEN + 64], *text;
	unsigned int n = 0, i;
	int ret = 0;

	while (n < p->repeat) {
		pt->err = al_run_text(fd, cmd, &text, reason, sizeof(reason));
		if (pt->err) {
			pt->reason = out_xstrdup(reason);
			break;
		}
		ret = model_result_parse(text, &runs[n]);
		free(text);
		if (ret) {
			out_error("sweep: %s: the result has no \"result:\" line", cmd);
			break;
		}
		n++;
	}
	if (n == p->repeat) {
		pt->res = runs[0];
		model_median(&pt->res, runs, n);
		i = 1;
	} else {
		i = 0;
	}
	for (; i < n; i++)
		model_result_free(&runs[i]);
	free(runs);
	return ret;
}

static void sweep_init(struct model_sweep *s, const struct sweep_plan *p, size_t npt)
{
	char *fixed = out_xmalloc(ALLOCLAB_CMD_MAX + 1);
	size_t off = 0;
	int i;

	memset(s, 0, sizeof(*s));
	s->experiment = out_xstrdup(p->name);
	fixed[0] = '\0';
	for (i = 0; i < p->nfixed && off < ALLOCLAB_CMD_MAX; i++)
		off += snprintf(fixed + off, ALLOCLAB_CMD_MAX + 1 - off, "%s%s", i ? " " : "",
				p->fixed[i]);
	s->fixed = fixed;
	for (i = 0; i < (int)p->nkeys; i++)
		s->keys[i] = out_xstrdup(p->r[i].key);
	s->nkeys = p->nkeys;
	s->repeat = p->repeat;
	s->pt = out_xmalloc(sizeof(*s->pt) * npt);
	memset(s->pt, 0, sizeof(*s->pt) * npt);
}

/* Every point in order (the first key outermost). Returns 0, 1 if a point failed, -1. */
static int sweep_run(int fd, const struct sweep_plan *p, struct model_sweep *s)
{
	unsigned int idx[MODEL_SWEEP_KEYS] = { 0 }, n2 = p->nkeys > 1 ? p->r[1].n : 1, k;
	char *cmd = out_xmalloc(ALLOCLAB_CMD_MAX + 1);
	size_t i, npt = (size_t)p->r[0].n * n2;
	struct utsname u;
	int failed = 0;

	sweep_init(s, p, npt);
	for (i = 0; i < npt; i++) {
		struct model_point *pt = &s->pt[s->npt++];

		idx[0] = (unsigned int)(i / n2);
		idx[1] = (unsigned int)(i % n2);
		for (k = 0; k < p->nkeys; k++)
			pt->val[k] = out_xstrdup(p->r[k].val[idx[k]]);
		if (point_command(p, idx, cmd) || point_run(fd, p, cmd, pt)) {
			free(cmd);
			return -1;
		}
		failed |= pt->err != 0;
	}
	free(cmd);
	model_sweep_changing(s);
	if (!uname(&u))
		s->kernel = out_xstrdup(u.release);
	return failed;
}

static int parse_opts(int argc, char **argv, enum view *view, unsigned int *repeat)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long n;
	char err[128];
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			*view = V_JSON;
			break;
		case 'c':
			*view = V_CSV;
			break;
		case 'r':
			if (range_parse_number(optarg, &n, err, sizeof(err)) || !n ||
			    n > SWEEP_MAX_REPEAT) {
				out_error("--repeat: '%s' is not a count of 1..%d", optarg,
					  SWEEP_MAX_REPEAT);
				return EXIT_USAGE;
			}
			*repeat = (unsigned int)n;
			break;
		case 'h':
			al_usage(stdout, usage_text);
			return 0;
		default:
			al_usage(stderr, usage_text);
			return EXIT_USAGE;
		}
	}
	return -1;
}

static int show(const struct model_sweep *s, enum view view)
{
	if (view == V_JSON)
		return model_sweep_json(s, stdout) ? 1 : 0;
	if (view == V_CSV)
		model_sweep_csv(s, stdout);
	else
		model_sweep_table(s, stdout);
	return 0;
}

int cmd_sweep(int argc, char **argv)
{
	struct sweep_plan *p = calloc(1, sizeof(*p));
	enum view view = out_json_default ? V_JSON : V_TABLE;
	struct model_sweep s;
	int ret, fd;

	if (!p)
		return 1;
	p->repeat = 1;
	/* getopt_long permutes: options may follow the words */
	ret = parse_opts(argc, argv, &view, &p->repeat);
	if (ret < 0 && optind >= argc) {
		out_error("sweep: which experiment? (alloclab list shows them)");
		al_usage(stderr, usage_text);
		ret = EXIT_USAGE;
	}
	if (ret < 0 && plan_parse(p, argc - optind, argv + optind))
		ret = EXIT_USAGE;
	if (ret >= 0)
		goto out;
	fd = al_dev_open();
	if (fd < 0) {
		ret = 1;
		goto out;
	}
	ret = sweep_run(fd, p, &s);
	close(fd);
	if (ret >= 0 && show(&s, view))
		ret = 1;
	ret = ret ? 1 : 0;
	model_sweep_free(&s);
out:
	free(p->fixed);
	free(p);
	return ret;
}
