// SPDX-License-Identifier: GPL-2.0
/*
 * plot_gp.c - the gnuplot scripts of `alloclab plot`: one per model of
 * plot.h, reading the data file written next to it. Text is set
 * noenhanced (names hold '_'), strings are single-quoted.
 */
#include <stdlib.h>
#include <string.h>

#include "plot.h"

/* @s as a gnuplot single-quoted string ('' for a quote). */
static void gp_str(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		if ((unsigned char)*s >= 0x20)
			fputc(*s, f);
	}
	fputc('\'', f);
}

/* @a followed by @b, as one quoted string. */
static void gp_str2(FILE *f, const char *a, const char *b)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s%s", a, b);
	gp_str(f, buf);
}

const char *plot_size_label(double v, char *buf, size_t len)
{
	static const char sfx[] = "kMGT";
	int i = -1;

	while (v >= 1024 && v < 1e18 && v == (double)(unsigned long long)v &&
	       (unsigned long long)v % 1024 == 0 && i < 3) {
		v /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%.6g", v);
	else
		snprintf(buf, len, "%.6g%c", v, sfx[i]);
	return buf;
}

/* Terminal, output, title, axis names and the kernel in the bottom right corner. */
static void gp_begin(FILE *f, const struct plot_out *o, const struct plot_meta *m,
		     int w, int h)
{
	fputs("# alloclab plot: in this directory, `gnuplot` this file; data: ", f);
	fprintf(f, "%s\n", o->data);
	if (o->png)
		fprintf(f, "set terminal pngcairo noenhanced size %d,%d font 'sans,10'\n", w, h);
	else
		fprintf(f, "set terminal svg noenhanced size %d,%d font 'sans,11' "
			"background rgb 'white'\n", w, h);
	fputs("set output ", f);
	gp_str(f, o->image);
	fputs("\nset encoding utf8\nset title ", f);
	gp_str(f, o->title ? o->title : m->title);
	fputs("\nset xlabel ", f);
	gp_str(f, m->xlabel);
	fputs("\nset ylabel ", f);
	gp_str(f, m->ylabel);
	fputs("\nset label 100 ", f);
	gp_str(f, o->kernel_note);
	fputs(" at screen 0.99, screen 0.015 right font ',9' textcolor rgb '#555555'\n", f);
	fputs("set grid\nset border 3\nset tics nomirror\n", f);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* x tics at the swept values (at most 16 labelled), sizes as 4k, 1M. */
static void sweep_xtics(const struct plot_sweep *s, FILE *f)
{
	size_t i, k, n = 0, step;
	double *x;
	char buf[32];

	for (i = 0; i < s->nc; i++)
		n += s->c[i].n;
	x = malloc(n * sizeof(*x));
	if (!x)
		return;
	for (n = 0, i = 0; i < s->nc; i++)
		for (k = 0; k < s->c[i].n; k++)
			x[n++] = s->c[i].pt[k].x;
	qsort(x, n, sizeof(*x), cmp_double);
	for (i = k = 0; i < n; i++)	/* distinct values */
		if (!k || x[i] != x[k - 1])
			x[k++] = x[i];
	step = (k + 15) / 16;
	fputs("set xtics (", f);
	for (i = 0; i < k; i += step)
		fprintf(f, "%s'%s' %.10g", i ? ", " : "", plot_size_label(x[i], buf, sizeof(buf)),
			x[i]);
	fputs(")\n", f);
	free(x);
}

void plot_sweep_script(const struct plot_sweep *s, const struct plot_out *o, FILE *f)
{
	size_t i;

	gp_begin(f, o, &s->meta, 1000, 620);
	if (s->xmin > 0 && s->xmax / s->xmin >= 8)
		fputs("set logscale x 2\n", f);
	if (s->ymin > 0 && s->ymax / s->ymin > 100)
		fputs("set logscale y 10\n", f);
	else
		fputs("set yrange [0:*]\n", f);
	sweep_xtics(s, f);
	fputs("set key top left box opaque\n", f);
	fputs("set style fill transparent solid 0.18 noborder\nplot \\\n", f);
	for (i = 0; i < s->nc; i++) {
		fputs("  ", f);
		gp_str(f, o->data);
		fprintf(f, " index %zu using 1:3:4 with filledcurves lc %zu title ", i, i + 1);
		gp_str2(f, s->c[i].name, " p90..p99");
		fputs(", \\\n  ", f);
		gp_str(f, o->data);
		fprintf(f, " index %zu using 1:2 with linespoints lw 2 pt 7 ps 0.7 lc %zu title ",
			i, i + 1);
		gp_str2(f, s->c[i].name, " p50");
		fputs(i + 1 < s->nc ? ", \\\n" : "\n", f);
	}
}

/* One panel per node/zone of the first snapshot; a bar per snapshot and order. */
void plot_buddy_script(const struct plot_buddy *b, const struct plot_out *o, FILE *f)
{
	double w = 0.8 / b->nsnap;
	size_t i;
	int k;

	gp_begin(f, o, &b->meta, 1000, 120 + 260 * (int)b->bi[0].n);
	fprintf(f, "set multiplot layout %zu,1 title ", b->bi[0].n);
	gp_str(f, o->title ? o->title : b->meta.title);
	fputs("\nunset title\n", f);
	fprintf(f, "set logscale y 10\nset yrange [0.8:%llu]\n", b->max * 3 + 2);
	fprintf(f, "set xrange [-0.6:%d.6]\nset xtics 1\n", b->norders - 1);
	fprintf(f, "set boxwidth %.3f absolute\nset style fill solid 0.85 border -1\n", w);
	fputs("set key top right\n", f);
	for (i = 0; i < b->bi[0].n; i++) {
		const struct buddy_zone *z = &b->bi[0].z[i];
		char name[PROC_NAME_LEN + 32];

		snprintf(name, sizeof(name), "Node %d, zone %s", z->node, z->zone);
		fputs("set label 1 ", f);
		gp_str(f, name);
		fputs(" at graph 0.01, graph 0.93 left font ',11'\nplot \\\n", f);
		for (k = 0; k < b->nsnap; k++) {
			fputs("  ", f);
			gp_str(f, o->data);
			fprintf(f, " index %zu using ($1%+.3f):($%d > 0 ? $%d : 1/0) with boxes "
				"lc %d title ", i, (k - (b->nsnap - 1) / 2.0) * w, k + 2, k + 2, k + 1);
			gp_str(f, b->label[k]);
			fputs(k + 1 < b->nsnap ? ", \\\n" : "\n", f);
		}
		if (!i)
			fputs("unset label 100\n", f);
	}
	fputs("unset multiplot\n", f);
}

static unsigned long long hist_peak(const struct plot_hist *h, unsigned long long *low)
{
	unsigned long long max = 0;
	size_t i, k;

	*low = 0;
	for (i = 0; i < h->nph; i++)
		for (k = 0; k < h->ph[i].n; k++) {
			unsigned long long c = h->ph[i].b[k].count;

			max = c > max ? c : max;
			*low = c && (!*low || c < *low) ? c : *low;
		}
	return max;
}

/* Does any phase have ops that read 0 ns (lo = 0)? */
static int hist_has_zero(const struct plot_hist *h)
{
	size_t i, k;

	for (i = 0; i < h->nph; i++)
		for (k = 0; k < h->ph[i].n; k++)
			if (h->ph[i].b[k].lo <= 0)
				return 1;
	return 0;
}

/*
 * Bars [lo, hi) per phase on a log ns axis, p50 dashed. Ops that read 0 ns
 * (at or below the clock's calibrated cost: lo = 0) get a bar of their own
 * left of the smallest bucket, labelled "0 ns".
 */
void plot_hist_script(const struct plot_hist *h, const struct plot_out *o, FILE *f)
{
	unsigned long long low, max = hist_peak(h, &low);
	double base = 0, z = h->xmin > 0 ? h->xmin / 2 : 0.5;
	size_t i;

	gp_begin(f, o, &h->meta, 1000, 620);
	fputs("set logscale x 10\nset format x '%g'\n", f);
	fprintf(f, "Z = %g\nset xrange [%g:%g]\n", z, hist_has_zero(h) ? z / 1.5 : z * 1.4,
		h->xmax > z ? h->xmax * 1.5 : z * 10);
	if (hist_has_zero(h))
		fputs("set label 2 '0 ns' at Z * 0.9, graph 0.04 center font ',9'\n", f);
	if (low && max / low > 100) {
		fputs("set logscale y 10\n", f);
		base = 0.7;
	}
	fprintf(f, "set yrange [%g:*]\n", base);
	fputs("set key top right box opaque\nset style fill transparent solid 0.45 border\n", f);
	for (i = 0; i < h->nph; i++)
		if (h->ph[i].p50 > 0)
			fprintf(f, "set arrow %zu from %.3f, graph 0 to %.3f, graph 1 nohead front "
				"dashtype 2 lw 2 lc %zu\n", i + 1, h->ph[i].p50, h->ph[i].p50, i + 1);
	fputs("lo(a, b) = a > 0 ? a : Z * 0.8\nhi(a, b) = a > 0 ? b : Z\nplot \\\n", f);
	for (i = 0; i < h->nph; i++) {
		char name[PLOT_NAME_LEN + 64];

		snprintf(name, sizeof(name), "%s: %llu ops, p50 %.1f ns (dashed)", h->ph[i].name,
			 h->ph[i].ops, h->ph[i].p50);
		fputs("  ", f);
		gp_str(f, o->data);
		fprintf(f, " index %zu using (lo($1, $2)):3:(lo($1, $2)):(hi($1, $2)):(%g):3 "
			"with boxxyerror lc %zu title ", i, base, i + 1);
		gp_str(f, name);
		fputs(i + 1 < h->nph ? ", \\\n" : "\n", f);
	}
}
