/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plot.h - the data behind `alloclab plot`: three inputs read into one
 * model each, and two views of every model, the gnuplot data file and the
 * gnuplot script. Parsers are pure (text in, model out, or -1 with the
 * reason in @err); writers write to a FILE *, so both are unit-tested
 * without gnuplot.
 *
 *   sweep   `alloclab sweep ... --csv`: columns found by header name:
 *           experiment, the swept key(s), phase, ns_p50, ns_p90, ns_p99
 *           (ops, ns_mean ... and fact columns are read past). The x
 *           column is the first after "experiment" unless named. One
 *           curve per phase (and per value of a second key). Leading
 *           "# kernel: <release>" comment lines or a "kernel" column
 *           give the kernel.
 *   buddy   1 to 3 `alloclab snapshot` files: free blocks per order of
 *           every node/zone of the first one (a zone missing from a later
 *           snapshot counts 0 there).
 *   hist    one result in the text form with hist[] rows (core parameter
 *           hist=1): the first result of the file that has them.
 *
 * Data files: gnuplot blocks (two blank lines apart, `index N`), each led
 * by "# " comment lines naming it; numbers in plain decimal.
 */
#ifndef ALLOCLAB_PLOT_H
#define ALLOCLAB_PLOT_H

#include <stddef.h>
#include <stdio.h>

#include "proc.h"

#define PLOT_NAME_LEN	64
#define PLOT_KERNEL_LEN	128
#define PLOT_MAX_SNAPS	3
#define PLOT_MAX_CURVES	32

/* What every plot shows besides its data. */
struct plot_meta {
	char title[256];		/* default title, from the input */
	char kernel[PLOT_KERNEL_LEN];	/* "" if the input does not record it */
	char xlabel[96];
	char ylabel[96];
};

/* ---- sweep ---- */

struct plot_point {
	double x, p50, p90, p99;
};

struct plot_curve {
	char name[2 * PLOT_NAME_LEN];	/* phase [key2=value] */
	struct plot_point *pt;
	size_t n;
};

struct plot_sweep {
	struct plot_meta meta;
	char experiment[PLOT_NAME_LEN];
	char xkey[PLOT_NAME_LEN];
	struct plot_curve c[PLOT_MAX_CURVES];
	size_t nc;
	double xmin, xmax, ymin, ymax;	/* over x > 0, p50 .. p99 > 0 */
};

/*
 * Parse sweep CSV @text; @xkey names the x column (NULL: the first after
 * "experiment"). 0, or -1 with why in @err (missing column, no rows, a
 * value that is not a number).
 */
int plot_sweep_parse(const char *text, const char *xkey, struct plot_sweep *s,
		     char *err, size_t errlen);
void plot_sweep_data(const struct plot_sweep *s, FILE *f);
void plot_sweep_free(struct plot_sweep *s);

/* ---- buddy ---- */

struct plot_buddy {
	struct plot_meta meta;
	int nsnap;
	char label[PLOT_MAX_SNAPS][PLOT_NAME_LEN];
	struct buddyinfo bi[PLOT_MAX_SNAPS];
	int norders;			/* most columns of any zone */
	unsigned long long max;		/* largest count */
};

/*
 * Parse @n (1..3) snapshot texts with their @labels (file names: shown in
 * the key). 0, or -1 with why in @err (not a snapshot, no buddyinfo).
 */
int plot_buddy_parse(const char *const *texts, const char *const *labels, int n,
		     struct plot_buddy *b, char *err, size_t errlen);
void plot_buddy_data(const struct plot_buddy *b, FILE *f);
void plot_buddy_free(struct plot_buddy *b);

/* ---- hist ---- */

struct plot_bin {
	double lo, hi;			/* ns */
	unsigned long long count;
};

struct plot_hphase {
	char name[PLOT_NAME_LEN];
	struct plot_bin *b;
	size_t n;
	unsigned long long ops;		/* the result's ops of the phase */
	unsigned long long sum;		/* sum of its counts */
	double p50, p99;		/* the result's, 0 if absent */
};

struct plot_hist {
	struct plot_meta meta;
	char experiment[PLOT_NAME_LEN];
	struct plot_hphase ph[PLOT_MAX_CURVES];
	size_t nph;
	int truncated;			/* "truncated: yes" */
	double xmin, xmax;		/* ns, over lo > 0 and hi */
};

int plot_hist_parse(const char *text, struct plot_hist *h, char *err, size_t errlen);
void plot_hist_data(const struct plot_hist *h, FILE *f);
void plot_hist_free(struct plot_hist *h);

/* ---- gnuplot script ---- */

struct plot_out {
	const char *image;		/* file name the script writes (no directory) */
	const char *data;		/* data file name (no directory) */
	int png;			/* pngcairo, else svg */
	const char *title;		/* NULL: the model's */
	const char *kernel_note;	/* the corner text ("kernel 6.1.0-56-amd64") */
};

void plot_sweep_script(const struct plot_sweep *s, const struct plot_out *o, FILE *f);
void plot_buddy_script(const struct plot_buddy *b, const struct plot_out *o, FILE *f);
void plot_hist_script(const struct plot_hist *h, const struct plot_out *o, FILE *f);

/* Axis tic label of @v with k/M/G suffixes of 1024 when exact ("4k", "1M", "40"). */
const char *plot_size_label(double v, char *buf, size_t len);

#endif /* ALLOCLAB_PLOT_H */
