// SPDX-License-Identifier: GPL-2.0
/*
 * plot.c - `alloclab plot`'s models: a sweep CSV, buddyinfo snapshots and a
 * result's hist[] rows, each parsed into a struct, then written as a gnuplot
 * data file and a gnuplot script. See plot.h.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "plot.h"
#include "result.h"
#include "snap.h"

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* A number, with an optional k/m/g (powers of 1024) suffix. 0 or -1. */
static int parse_num(const char *s, double *v)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return -1;
	errno = 0;
	*v = strtod(s, &end);
	if (errno || end == s || !isfinite(*v))
		return -1;
	switch (tolower((unsigned char)*end)) {
	case 'k': *v *= 1024.0; end++; break;
	case 'm': *v *= 1048576.0; end++; break;
	case 'g': *v *= 1073741824.0; end++; break;
	}
	while (isspace((unsigned char)*end))
		end++;
	return *end ? -1 : 0;
}

/* Next line of *@p copied into @buf (no newline, CR dropped); 0 at the end. */
static int next_line(const char **p, char *buf, size_t len)
{
	size_t n = strcspn(*p, "\n");

	if (!**p)
		return 0;
	snprintf(buf, len, "%.*s", (int)n, *p);
	if (n && buf[strlen(buf) - 1] == '\r')
		buf[strlen(buf) - 1] = '\0';
	*p += n + ((*p)[n] == '\n');
	return 1;
}

/* ---- sweep CSV ---- */

#define CSV_MAX_COLS	128
#define CSV_LINE	8192

/*
 * Split one CSV line in place into at most CSV_MAX_COLS fields: commas
 * separate, a field in double quotes may hold commas and "" for a quote.
 */
static int csv_split(char *s, char **fld)
{
	int n = 0;
	char *w;

	for (;;) {
		if (n == CSV_MAX_COLS)
			return n;
		fld[n++] = w = s;
		if (*s == '"') {
			for (s++; *s; s++) {
				if (*s == '"' && s[1] == '"')
					s++;
				else if (*s == '"')
					break;
				*w++ = *s;
			}
			if (*s)
				s++;
		} else {
			while (*s && *s != ',')
				*w++ = *s++;
		}
		s += strcspn(s, ",");
		if (*s != ',') {
			*w = '\0';
			return n;
		}
		*w = '\0';
		s++;
	}
}

struct csv_cols {
	int exp, x, phase, p50, p90, p99, kernel;
	int key2[4];
	int nkey2;
	int ncols;
};

static int csv_find(char **hdr, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(hdr[i], name))
			return i;
	return -1;
}

static int csv_header(char **hdr, int n, const char *xkey, struct csv_cols *c,
		      char *err, size_t errlen)
{
	static const char *const need[] = { "experiment", "phase", "ns_p50", "ns_p90", "ns_p99" };
	int *at[] = { &c->exp, &c->phase, &c->p50, &c->p90, &c->p99 };
	size_t k;
	int i;

	memset(c, 0, sizeof(*c));
	c->ncols = n;
	for (k = 0; k < sizeof(need) / sizeof(need[0]); k++) {
		*at[k] = csv_find(hdr, n, need[k]);
		if (*at[k] < 0) {
			seterr(err, errlen, "no column \"%s\" in the header (is it `alloclab sweep "
			       "... --csv` output?)", need[k]);
			return -1;
		}
	}
	c->kernel = csv_find(hdr, n, "kernel");
	c->x = xkey ? csv_find(hdr, n, xkey) : c->exp + 1;
	if (c->x < 0 || c->x == c->phase || c->x == c->exp) {
		seterr(err, errlen, xkey ? "no column \"%s\" to put on the x axis" :
		       "no swept key column after \"experiment\"%s", xkey ? xkey : "");
		return -1;
	}
	for (i = c->exp + 1; i < c->phase && c->nkey2 < 4; i++)
		if (i != c->x)
			c->key2[c->nkey2++] = i;
	return 0;
}

static struct plot_curve *sweep_curve(struct plot_sweep *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nc; i++)
		if (!strcmp(s->c[i].name, name))
			return &s->c[i];
	if (s->nc == PLOT_MAX_CURVES)
		return NULL;
	snprintf(s->c[s->nc].name, sizeof(s->c[0].name), "%s", name);
	return &s->c[s->nc++];
}

static void sweep_extent(struct plot_sweep *s, const struct plot_point *p)
{
	const double y[] = { p->p50, p->p90, p->p99 };
	size_t i;

	if (p->x > 0) {
		s->xmin = s->xmin > 0 && s->xmin < p->x ? s->xmin : p->x;
		s->xmax = s->xmax > p->x ? s->xmax : p->x;
	}
	for (i = 0; i < 3; i++) {
		if (y[i] <= 0)
			continue;
		s->ymin = s->ymin > 0 && s->ymin < y[i] ? s->ymin : y[i];
		s->ymax = s->ymax > y[i] ? s->ymax : y[i];
	}
}

/* One data row of the CSV into its curve. 0, 1 (skipped: no figures) or -1. */
static int sweep_row(struct plot_sweep *s, const struct csv_cols *c, char **f, int n,
		     char *err, size_t errlen)
{
	const int col[] = { c->x, c->p50, c->p90, c->p99 };
	struct plot_point p;
	double *v[] = { &p.x, &p.p50, &p.p90, &p.p99 };
	struct plot_curve *cv;
	char name[sizeof(cv->name)];
	size_t k, len;
	int i;

	if (n != c->ncols) {
		seterr(err, errlen, "%d fields where the header has %d", n, c->ncols);
		return -1;
	}
	if (!*f[c->p50])	/* a phase that did not run at this point */
		return 1;
	for (k = 0; k < 4; k++)
		if (parse_num(f[col[k]], v[k])) {
			seterr(err, errlen, "%s \"%.32s\" is not a number", k ? "a percentile" :
			       "the x value", f[col[k]]);
			return -1;
		}
	len = snprintf(name, sizeof(name), "%s", f[c->phase]);
	for (i = 0; i < c->nkey2 && len < sizeof(name); i++)
		len += snprintf(name + len, sizeof(name) - len, " %s", f[c->key2[i]]);
	cv = sweep_curve(s, name);
	if (!cv) {
		seterr(err, errlen, "more than %d curves (phases x second key values)",
		       PLOT_MAX_CURVES);
		return -1;
	}
	cv->pt = out_xrealloc(cv->pt, (cv->n + 1) * sizeof(*cv->pt));
	cv->pt[cv->n++] = p;
	sweep_extent(s, &p);
	if (!s->experiment[0])
		snprintf(s->experiment, sizeof(s->experiment), "%s", f[c->exp]);
	if (c->kernel >= 0 && !s->meta.kernel[0])
		snprintf(s->meta.kernel, sizeof(s->meta.kernel), "%s", f[c->kernel]);
	return 0;
}

/* "# kernel: X" before the header. */
static void sweep_comment(struct plot_sweep *s, const char *line)
{
	const char *k = line + 1 + strspn(line + 1, " ");

	if (!strncmp(k, "kernel:", 7))
		snprintf(s->meta.kernel, sizeof(s->meta.kernel), "%s", k + 7 + strspn(k + 7, " "));
}

/* Axis name with its unit, from the key: the sizes the suite sweeps are bytes. */
static void sweep_labels(struct plot_sweep *s, char **hdr, const struct csv_cols *c)
{
	const char *k = hdr[c->x];
	int bytes = !strcmp(k, "size") || !strcmp(k, "bytes") || strstr(k, "_bytes") ||
		    strstr(k, "size");

	snprintf(s->xkey, sizeof(s->xkey), "%s", k);
	snprintf(s->meta.xlabel, sizeof(s->meta.xlabel), "%s%s", k,
		 bytes ? " (bytes)" : !strcmp(k, "order") ? " (2^order pages)" : "");
	snprintf(s->meta.ylabel, sizeof(s->meta.ylabel),
		 "ns per op (line p50, band p90..p99)");
}

int plot_sweep_parse(const char *text, const char *xkey, struct plot_sweep *s,
		     char *err, size_t errlen)
{
	char *line = out_xmalloc(CSV_LINE), *hdrline = out_xmalloc(CSV_LINE);
	char *hdr[CSV_MAX_COLS], *f[CSV_MAX_COLS];
	int nh = 0, n, lineno = 0, ret = -1, r;
	struct csv_cols c;

	memset(s, 0, sizeof(*s));
	while (next_line(&text, line, CSV_LINE)) {
		lineno++;
		if (!line[strspn(line, " \t")])
			continue;
		if (line[0] == '#' && !nh) {
			sweep_comment(s, line);
			continue;
		}
		if (!nh) {
			strcpy(hdrline, line);
			nh = csv_split(hdrline, hdr);
			if (csv_header(hdr, nh, xkey, &c, err, errlen))
				goto out;
			sweep_labels(s, hdr, &c);
			continue;
		}
		n = csv_split(line, f);
		r = sweep_row(s, &c, f, n, err, errlen);
		if (r < 0) {
			size_t l = strlen(err);

			snprintf(err + l, errlen - l, " (line %d)", lineno);
			goto out;
		}
	}
	if (!nh)
		seterr(err, errlen, "empty: no CSV header (expected `alloclab sweep ... --csv` "
		       "output)");
	else if (!s->nc)
		seterr(err, errlen, "no data rows with figures under the header");
	else
		ret = 0;
	snprintf(s->meta.title, sizeof(s->meta.title), "%s: latency per op vs %s",
		 s->experiment, s->xkey);
out:
	free(line);
	free(hdrline);
	if (ret)
		plot_sweep_free(s);
	return ret;
}

void plot_sweep_data(const struct plot_sweep *s, FILE *f)
{
	size_t i, k;

	fprintf(f, "# alloclab plot sweep: %s, x = %s\n", s->experiment, s->xkey);
	fprintf(f, "# kernel: %s\n", s->meta.kernel[0] ? s->meta.kernel : "(not recorded)");
	for (i = 0; i < s->nc; i++) {
		fprintf(f, "%s# curve %zu: %s\n# %s ns_p50 ns_p90 ns_p99\n", i ? "\n\n" : "",
			i, s->c[i].name, s->xkey);
		for (k = 0; k < s->c[i].n; k++) {
			const struct plot_point *p = &s->c[i].pt[k];

			fprintf(f, "%.10g %.10g %.10g %.10g\n", p->x, p->p50, p->p90, p->p99);
		}
	}
}

void plot_sweep_free(struct plot_sweep *s)
{
	size_t i;

	for (i = 0; i < s->nc; i++)
		free(s->c[i].pt);
	s->nc = 0;
}

/* ---- buddyinfo snapshots ---- */

/* A key label from a file name: no directory, no ".snap" / ".txt". */
static void snap_label(char *buf, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strlen(base);

	if (n > 5 && (!strcmp(base + n - 5, ".snap") || !strcmp(base + n - 4, ".txt")))
		n -= base[n - 4] == '.' ? 4 : 5;
	snprintf(buf, PLOT_NAME_LEN, "%.*s", (int)n, base);
}

static int buddy_one(struct plot_buddy *b, const char *text, const char *label,
		     char *err, size_t errlen)
{
	struct buddyinfo *bi = &b->bi[b->nsnap];
	struct snapshot s;
	char e[200];
	size_t i;
	int j;

	if (snap_parse(text, &s, e, sizeof(e))) {
		seterr(err, errlen, "%s: %s", label, e);
		return -1;
	}
	if (!s.buddyinfo || buddyinfo_parse(s.buddyinfo, bi, e, sizeof(e))) {
		seterr(err, errlen, "%s: %s", label, s.buddyinfo ? e :
		       "no /proc/buddyinfo section in this snapshot");
		snap_free(&s);
		return -1;
	}
	if (!bi->n) {
		seterr(err, errlen, "%s: its buddyinfo section has no zone", label);
		buddyinfo_free(bi);
		snap_free(&s);
		return -1;
	}
	if (!b->nsnap)
		snprintf(b->meta.kernel, sizeof(b->meta.kernel), "%s", s.kernel);
	snap_free(&s);
	snap_label(b->label[b->nsnap++], label);
	for (i = 0; i < bi->n; i++) {
		if (bi->z[i].norders > b->norders)
			b->norders = bi->z[i].norders;
		for (j = 0; j < bi->z[i].norders; j++)
			if (bi->z[i].free[j] > b->max)
				b->max = bi->z[i].free[j];
	}
	return 0;
}

int plot_buddy_parse(const char *const *texts, const char *const *labels, int n,
		     struct plot_buddy *b, char *err, size_t errlen)
{
	int i;

	memset(b, 0, sizeof(*b));
	if (n < 1 || n > PLOT_MAX_SNAPS) {
		seterr(err, errlen, "give 1 to %d snapshot files, not %d", PLOT_MAX_SNAPS, n);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (buddy_one(b, texts[i], labels[i], err, errlen)) {
			plot_buddy_free(b);
			return -1;
		}
	snprintf(b->meta.title, sizeof(b->meta.title), "free blocks per order%s",
		 n > 1 ? ": " : "");
	for (i = 0; n > 1 && i < n; i++)
		snprintf(b->meta.title + strlen(b->meta.title),
			 sizeof(b->meta.title) - strlen(b->meta.title), "%s%s",
			 i ? " / " : "", b->label[i]);
	snprintf(b->meta.xlabel, sizeof(b->meta.xlabel), "order (a block is 2^order pages)");
	snprintf(b->meta.ylabel, sizeof(b->meta.ylabel), "free blocks");
	return 0;
}

/* One block per node/zone of the first snapshot; a column per snapshot. */
void plot_buddy_data(const struct plot_buddy *b, FILE *f)
{
	const struct buddy_zone *z, *o;
	size_t i;
	int j, k;

	fprintf(f, "# alloclab plot buddy: free blocks per order\n# kernel: %s\n",
		b->meta.kernel[0] ? b->meta.kernel : "(not recorded)");
	for (i = 0; i < b->bi[0].n; i++) {
		z = &b->bi[0].z[i];
		fprintf(f, "%s# zone %zu: Node %d, zone %s\n# order", i ? "\n\n" : "", i,
			z->node, z->zone);
		for (k = 0; k < b->nsnap; k++)
			fprintf(f, " %s", b->label[k]);
		fputc('\n', f);
		for (j = 0; j < b->norders; j++) {
			fprintf(f, "%d", j);
			for (k = 0; k < b->nsnap; k++) {
				o = buddyinfo_find(&b->bi[k], z->node, z->zone);
				fprintf(f, " %llu", o && j < o->norders ? o->free[j] : 0ULL);
			}
			fputc('\n', f);
		}
	}
}

void plot_buddy_free(struct plot_buddy *b)
{
	int i;

	for (i = 0; i < b->nsnap; i++)
		buddyinfo_free(&b->bi[i]);
	b->nsnap = 0;
}

/* ---- hist[] rows of a result ---- */

/* "phase=a lo_ns=1.5 hi_ns=2 count=3" into @ph's phase name and @bin. */
static int hist_fields(char *text, char *phase, size_t plen, struct plot_bin *bin)
{
	unsigned int seen = 0;
	char *tok, *save = NULL, *end;

	for (tok = strtok_r(text, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (!strncmp(tok, "phase=", 6) && tok[6]) {
			snprintf(phase, plen, "%s", tok + 6);
			seen |= 1;
		} else if (!strncmp(tok, "lo_ns=", 6) && !parse_num(tok + 6, &bin->lo)) {
			seen |= 2;
		} else if (!strncmp(tok, "hi_ns=", 6) && !parse_num(tok + 6, &bin->hi)) {
			seen |= 4;
		} else if (!strncmp(tok, "count=", 6)) {
			if (!isdigit((unsigned char)tok[6]))
				return -1;
			errno = 0;
			bin->count = strtoull(tok + 6, &end, 10);
			if (errno || end == tok + 6 || *end)
				return -1;
			seen |= 8;
		}
	}
	return seen == 15 && bin->lo >= 0 && bin->hi >= bin->lo ? 0 : -1;
}

static struct plot_hphase *hist_phase(struct plot_hist *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nph; i++)
		if (!strcmp(h->ph[i].name, name))
			return &h->ph[i];
	if (h->nph == PLOT_MAX_CURVES)
		return NULL;
	snprintf(h->ph[h->nph].name, PLOT_NAME_LEN, "%s", name);
	return &h->ph[h->nph++];
}

static int hist_row(struct plot_hist *h, const struct kv *kv, char *err, size_t errlen)
{
	char phase[PLOT_NAME_LEN], *text = out_xstrdup(kv->val);
	struct plot_bin bin;
	struct plot_hphase *ph;

	if (hist_fields(text, phase, sizeof(phase), &bin)) {
		seterr(err, errlen, "%s: \"%.80s\" is not phase=NAME lo_ns=X hi_ns=Y count=N",
		       kv->key, kv->val);
		free(text);
		return -1;
	}
	free(text);
	ph = hist_phase(h, phase);
	if (!ph) {
		seterr(err, errlen, "more than %d phases", PLOT_MAX_CURVES);
		return -1;
	}
	ph->b = out_xrealloc(ph->b, (ph->n + 1) * sizeof(*ph->b));
	ph->b[ph->n++] = bin;
	ph->sum += bin.count;
	if (bin.lo > 0 && (h->xmin == 0 || bin.lo < h->xmin))
		h->xmin = bin.lo;
	if (bin.hi > h->xmax)
		h->xmax = bin.hi;
	return 0;
}

/* ops, p50, p99 of each phase: "ops" / "ns_p50" for phase 0, "<name>_..." after. */
static void hist_figures(struct plot_hist *h, const struct kvblock *b)
{
	const char *phases = kv_get(b, "phases"), *v;
	char key[PLOT_NAME_LEN + 16], first[PLOT_NAME_LEN] = "";
	size_t i;

	if (phases)
		snprintf(first, sizeof(first), "%.*s", (int)strcspn(phases, " "), phases);
	for (i = 0; i < h->nph; i++) {
		struct plot_hphase *ph = &h->ph[i];
		const char *pfx = strcmp(ph->name, first) ? ph->name : "";
		const char *sep = *pfx ? "_" : "";

		snprintf(key, sizeof(key), "%s%sops", pfx, sep);
		v = kv_get(b, key);
		ph->ops = v ? strtoull(v, NULL, 10) : 0;
		snprintf(key, sizeof(key), "%s%sns_p50", pfx, sep);
		v = kv_get(b, key);
		ph->p50 = v ? strtod(v, NULL) : 0;
		snprintf(key, sizeof(key), "%s%sns_p99", pfx, sep);
		v = kv_get(b, key);
		ph->p99 = v ? strtod(v, NULL) : 0;
	}
}

static int hist_block(struct plot_hist *h, const struct kvblock *b, char *err, size_t errlen)
{
	const char *v;
	unsigned long idx;
	size_t i, n;

	for (i = 0; i < b->n; i++) {
		n = result_row_key(b->kv[i].key, &idx);
		if (n == 4 && !strncmp(b->kv[i].key, "hist", 4) &&
		    hist_row(h, &b->kv[i], err, errlen))
			return -1;
	}
	if (!h->nph)
		return 0;
	hist_figures(h, b);
	v = kv_get(b, "experiment");
	snprintf(h->experiment, sizeof(h->experiment), "%s", v ? v : "?");
	v = kv_get(b, "kernel");
	snprintf(h->meta.kernel, sizeof(h->meta.kernel), "%s", v ? v : "");
	v = kv_get(b, "truncated");
	h->truncated = v && !strcmp(v, "yes");
	v = kv_get(b, "mode");
	snprintf(h->meta.title, sizeof(h->meta.title), "%s: latency histogram (mode=%s)",
		 h->experiment, v ? v : "?");
	snprintf(h->meta.xlabel, sizeof(h->meta.xlabel), "ns per op");
	snprintf(h->meta.ylabel, sizeof(h->meta.ylabel), "ops");
	return 0;
}

int plot_hist_parse(const char *text, struct plot_hist *h, char *err, size_t errlen)
{
	struct kvdoc doc;
	size_t i;
	int ret = 0;

	memset(h, 0, sizeof(*h));
	if (text[strspn(text, " \t\r\n")] == '{' || text[strspn(text, " \t\r\n")] == '[') {
		seterr(err, errlen, "JSON is not read here: save the text form "
		       "(`alloclab run NAME ... hist=1 > FILE`, without --json)");
		return -1;
	}
	if (kv_parse(text, &doc)) {
		seterr(err, errlen, "not a result in the text form");
		return -1;
	}
	for (i = 0; i < doc.n && !h->nph && !ret; i++)
		ret = hist_block(h, &doc.b[i], err, errlen);
	kv_free(&doc);
	if (!ret && !h->nph) {
		seterr(err, errlen, "no hist[] rows%s: run the experiment with hist=1 "
		       "(`alloclab run NAME ... hist=1 > FILE`)", i ? "" : " (empty file)");
		ret = -1;
	}
	if (ret)
		plot_hist_free(h);
	return ret;
}

void plot_hist_data(const struct plot_hist *h, FILE *f)
{
	size_t i, k;

	fprintf(f, "# alloclab plot hist: %s\n# kernel: %s\n", h->experiment,
		h->meta.kernel[0] ? h->meta.kernel : "(not recorded)");
	for (i = 0; i < h->nph; i++) {
		const struct plot_hphase *ph = &h->ph[i];

		fprintf(f, "%s# phase %zu: %s ops=%llu counts=%llu p50=%.1f p99=%.1f\n"
			"# lo_ns hi_ns count\n", i ? "\n\n" : "", i, ph->name, ph->ops, ph->sum,
			ph->p50, ph->p99);
		for (k = 0; k < ph->n; k++)
			fprintf(f, "%.3f %.3f %llu\n", ph->b[k].lo, ph->b[k].hi, ph->b[k].count);
	}
}

void plot_hist_free(struct plot_hist *h)
{
	size_t i;

	for (i = 0; i < h->nph; i++)
		free(h->ph[i].b);
	h->nph = 0;
}
