// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of `alloclab plot`'s models (userspace/plot.c) and their views
 * (plot_gp.c): the data file of each kind from the fixtures in
 * data/plot/ (a sweep CSV, two buddyinfo snapshots, a result with hist
 * rows), the scripts' choices, and bad inputs refused with a reason.
 */
#include "testutil.h"
#include "plot.h"

static struct capture cc;

#define assert_has(hay, needle) do {						\
	if (!strstr((hay), (needle)))						\
		fail_msg("\"%s\" not in:\n%s", (needle), (hay));		\
} while (0)

#define assert_refused(ret, err, needle) do {					\
	assert_int_equal((ret), -1);						\
	assert_has((err), (needle));						\
} while (0)

/* ---- sweep ---- */

static void test_sweep_data(void **state)
{
	char *csv = read_data("plot/sweep.csv"), err[256], *out;
	struct plot_sweep s;
	FILE *f;

	(void)state;
	assert_int_equal(plot_sweep_parse(csv, NULL, &s, err, sizeof(err)), 0);
	assert_string_equal(s.experiment, "kmalloc");
	assert_string_equal(s.xkey, "size");
	assert_string_equal(s.meta.kernel, "6.1.0-56-amd64");
	assert_has(s.meta.xlabel, "(bytes)");
	assert_has(s.meta.ylabel, "ns");
	assert_int_equal(s.nc, 2);
	assert_string_equal(s.c[0].name, "alloc");
	assert_string_equal(s.c[1].name, "free");
	assert_int_equal(s.c[0].n, 5);
	assert_true(s.c[0].pt[4].x == 4194304.0);	/* "4m" */
	assert_true(s.xmin == 8 && s.xmax == 4194304.0);
	f = cap_open(&cc);
	plot_sweep_data(&s, f);
	out = cap_take(&cc);
	assert_has(out, "# kernel: 6.1.0-56-amd64\n");
	assert_has(out, "# curve 0: alloc\n# size ns_p50 ns_p90 ns_p99\n8 40.1 55 120.3\n");
	assert_has(out, "\n\n\n# curve 1: free\n");	/* blocks two blank lines apart */
	assert_has(out, "4194304 20000 30000 60000\n");
	free(out);
	plot_sweep_free(&s);
	free(csv);
}

static void test_sweep_script(void **state)
{
	char *csv = read_data("plot/sweep.csv"), err[256], *out;
	struct plot_out o = { .image = "s.png", .data = "s.dat", .png = 1,
			      .kernel_note = "kernel 6.1.0-56-amd64" };
	struct plot_sweep s;
	FILE *f;

	(void)state;
	assert_int_equal(plot_sweep_parse(csv, NULL, &s, err, sizeof(err)), 0);
	f = cap_open(&cc);
	plot_sweep_script(&s, &o, f);
	out = cap_take(&cc);
	assert_has(out, "set terminal pngcairo");
	assert_has(out, "set output 's.png'");
	assert_has(out, "set logscale x 2\n");
	assert_has(out, "set logscale y 10\n");	/* 30 ns .. 300 us */
	assert_has(out, "'4M' 4194304");
	assert_has(out, "'1k' 1024");
	assert_has(out, "'s.dat' index 1 using 1:3:4 with filledcurves");
	assert_has(out, "title 'free p50'");
	assert_has(out, "'kernel 6.1.0-56-amd64' at screen");
	assert_has(out, "set xlabel 'size (bytes)'");
	free(out);
	plot_sweep_free(&s);
	free(csv);
}

/* A second key makes a curve per phase and value; --x picks the axis. */
static void test_sweep_grid_and_x(void **state)
{
	static const char csv[] =
		"experiment,size,cpus,phase,ops,ns_p50,ns_p90,ns_p99,note\n"
		"kmalloc,64,1,alloc,10,1,2,3,\"a, quoted \"\"fact\"\"\"\n"
		"kmalloc,64,2,alloc,10,4,5,6,x\n"
		"kmalloc,128,1,alloc,10,7,8,9,x\n"
		"kmalloc,128,2,free,10,,,,x\n";
	struct plot_sweep s;
	char err[256];

	(void)state;
	assert_int_equal(plot_sweep_parse(csv, NULL, &s, err, sizeof(err)), 0);
	assert_int_equal(s.nc, 2);	/* the row without figures is skipped */
	assert_string_equal(s.c[0].name, "alloc 1");
	assert_string_equal(s.c[1].name, "alloc 2");
	assert_int_equal(s.c[0].n, 2);
	assert_string_equal(s.meta.kernel, "");
	plot_sweep_free(&s);
	assert_int_equal(plot_sweep_parse(csv, "cpus", &s, err, sizeof(err)), 0);
	assert_string_equal(s.xkey, "cpus");
	assert_string_equal(s.c[0].name, "alloc 64");
	assert_true(s.c[0].pt[1].x == 2);
	plot_sweep_free(&s);
}

static void test_sweep_bad(void **state)
{
	struct plot_sweep s;
	char err[256];

	(void)state;
	assert_refused(plot_sweep_parse("", NULL, &s, err, sizeof(err)), err, "empty");
	assert_refused(plot_sweep_parse("# kernel: x\n\n", NULL, &s, err, sizeof(err)), err,
		       "empty");
	assert_refused(plot_sweep_parse("experiment,size,phase,ns_p50,ns_p90\n", NULL, &s, err,
					sizeof(err)), err, "no column \"ns_p99\"");
	assert_refused(plot_sweep_parse("size,phase,ns_p50,ns_p90,ns_p99\n", NULL, &s, err,
					sizeof(err)), err, "no column \"experiment\"");
	assert_refused(plot_sweep_parse("experiment,phase,ns_p50,ns_p90,ns_p99\nk,a,1,2,3\n",
					NULL, &s, err, sizeof(err)), err, "no swept key");
	assert_refused(plot_sweep_parse("experiment,size,phase,ns_p50,ns_p90,ns_p99\n", NULL, &s,
					err, sizeof(err)), err, "no data rows");
	assert_refused(plot_sweep_parse("experiment,size,phase,ns_p50,ns_p90,ns_p99\n"
					"k,8,a,fast,2,3\n", NULL, &s, err, sizeof(err)), err,
		       "\"fast\" is not a number (line 2)");
	assert_refused(plot_sweep_parse("experiment,size,phase,ns_p50,ns_p90,ns_p99\n"
					"k,8,a,1,2\n", NULL, &s, err, sizeof(err)), err,
		       "5 fields where the header has 6");
	assert_refused(plot_sweep_parse("experiment,size,phase,ns_p50,ns_p90,ns_p99\n"
					"k,8,a,1,2,3\n", "order", &s, err, sizeof(err)), err,
		       "no column \"order\"");
}

/* ---- buddy ---- */

static void test_buddy_data(void **state)
{
	char *a = read_data("plot/before.snap"), *b = read_data("plot/held.snap"), err[256];
	const char *texts[] = { a, b }, *labels[] = { "/tmp/x/before.snap", "held.snap" };
	struct plot_buddy m;
	char *out;
	FILE *f;

	(void)state;
	assert_int_equal(plot_buddy_parse(texts, labels, 2, &m, err, sizeof(err)), 0);
	assert_int_equal(m.nsnap, 2);
	assert_string_equal(m.label[0], "before");
	assert_string_equal(m.label[1], "held");
	assert_string_equal(m.meta.kernel, "6.1.0-56-amd64");
	assert_int_equal(m.norders, 11);
	assert_int_equal(m.max, 9120);
	f = cap_open(&cc);
	plot_buddy_data(&m, f);
	out = cap_take(&cc);
	assert_has(out, "# zone 0: Node 0, zone DMA\n# order before held\n0 1 1\n");
	assert_has(out, "\n\n\n# zone 1: Node 0, zone DMA32\n# order before held\n"
		   "0 120 9120\n1 80 4080\n2 60 60\n3 41 11\n");
	assert_has(out, "10 180 150\n");
	free(out);
	f = cap_open(&cc);
	plot_buddy_script(&m, &(struct plot_out){ .image = "b.svg", .data = "b.dat",
						  .kernel_note = "kernel k" }, f);
	out = cap_take(&cc);
	assert_has(out, "set terminal svg");
	assert_has(out, "set multiplot layout 2,1");
	assert_has(out, "'b.dat' index 1 using ($1+0.200):($3 > 0 ? $3 : 1/0) with boxes");
	assert_has(out, "'Node 0, zone DMA32'");
	free(out);
	plot_buddy_free(&m);
	free(a);
	free(b);
}

static void test_buddy_bad(void **state)
{
	const char *nosec = "alloclab-snapshot 1\ntime: 1\nkernel: k\n--- /proc/meminfo\n"
			    "MemTotal: 1 kB\n";
	const char *texts[4] = { "", "MemTotal: 1 kB\n", NULL, NULL }, *labels[4] = { "e", "m" };
	struct plot_buddy m;
	char err[256];

	(void)state;
	assert_refused(plot_buddy_parse(texts, labels, 1, &m, err, sizeof(err)), err, "e: ");
	assert_refused(plot_buddy_parse(texts + 1, labels + 1, 1, &m, err, sizeof(err)), err,
		       "snapshot");
	texts[0] = nosec;
	assert_refused(plot_buddy_parse(texts, labels, 1, &m, err, sizeof(err)), err,
		       "no /proc/buddyinfo section");
	assert_refused(plot_buddy_parse(texts, labels, 0, &m, err, sizeof(err)), err, "1 to 3");
	assert_refused(plot_buddy_parse(texts, labels, 4, &m, err, sizeof(err)), err, "1 to 3");
}

/* ---- hist ---- */

static void test_hist_data(void **state)
{
	char *r = read_data("plot/hist.txt"), err[256], *out;
	struct plot_hist h;
	FILE *f;

	(void)state;
	assert_int_equal(plot_hist_parse(r, &h, err, sizeof(err)), 0);
	assert_string_equal(h.experiment, "kmalloc");
	assert_int_equal(h.nph, 2);
	assert_string_equal(h.ph[0].name, "alloc");
	assert_int_equal(h.ph[0].n, 4);
	assert_int_equal(h.ph[0].ops, 10);
	assert_int_equal(h.ph[0].sum, 10);
	assert_true(h.ph[0].p50 > 48.1 && h.ph[0].p50 < 48.3);
	assert_string_equal(h.ph[1].name, "free");
	assert_int_equal(h.ph[1].ops, 10);	/* free_ops */
	assert_true(h.ph[1].p50 > 28.9 && h.ph[1].p50 < 29.1);	/* free_ns_p50 */
	assert_string_equal(h.meta.kernel, "");
	assert_int_equal(h.truncated, 0);
	f = cap_open(&cc);
	plot_hist_data(&h, f);
	out = cap_take(&cc);
	assert_has(out, "# phase 0: alloc ops=10 counts=10 p50=48.2 p99=200.0\n"
		   "# lo_ns hi_ns count\n30.000 32.000 2\n48.000 50.000 6\n");
	assert_has(out, "\n\n\n# phase 1: free ops=10 counts=10");
	assert_has(out, "0.000 0.001 1\n20.000 21.000 3\n");
	free(out);
	f = cap_open(&cc);
	plot_hist_script(&h, &(struct plot_out){ .image = "h.svg", .data = "h.dat",
						 .kernel_note = "kernel k" }, f);
	out = cap_take(&cc);
	assert_has(out, "set logscale x 10\n");
	assert_has(out, "with boxxyerror lc 2 title 'free: 10 ops, p50 29.0 ns (dashed)'");
	assert_has(out, "set arrow 1 from 48.200, graph 0");
	free(out);
	plot_hist_free(&h);
	free(r);
}

static void test_hist_bad(void **state)
{
	struct plot_hist h;
	char err[256];

	(void)state;
	assert_refused(plot_hist_parse("", &h, err, sizeof(err)), err, "empty file");
	assert_refused(plot_hist_parse("result: 1\nexperiment: k\nops: 5\n", &h, err, sizeof(err)),
		       err, "hist=1");
	assert_refused(plot_hist_parse("{\"result\": 1}\n", &h, err, sizeof(err)), err,
		       "without --json");
	assert_refused(plot_hist_parse("result: 1\nhist[0]: phase=a lo_ns=1 hi_ns=2\n", &h, err,
				       sizeof(err)), err, "hist[0]: ");
	assert_refused(plot_hist_parse("result: 1\nhist[0]: phase=a lo_ns=3 hi_ns=2 count=1\n",
				       &h, err, sizeof(err)), err, "is not phase=NAME");
	assert_refused(plot_hist_parse("result: 1\nhist[0]: phase=a lo_ns=x hi_ns=2 count=1\n",
				       &h, err, sizeof(err)), err, "is not phase=NAME");
	assert_refused(plot_hist_parse("result: 1\nhist[0]: phase=a lo_ns=1 hi_ns=2 count=-1\n",
				       &h, err, sizeof(err)), err, "is not phase=NAME");
}

/* The first result with hist rows of a report; kernel and truncated read. */
static void test_hist_second_result(void **state)
{
	static const char text[] =
		"result: 1\nexperiment: a\nops: 1\n\n"
		"result: 2\nexperiment: b\nphases: op\nops: 3\nns_p50: 2.0\nkernel: 6.12.1\n"
		"hist[0]: phase=op lo_ns=1.000 hi_ns=1.062 count=3\ntruncated: yes\n";
	struct plot_hist h;
	char err[256];

	(void)state;
	assert_int_equal(plot_hist_parse(text, &h, err, sizeof(err)), 0);
	assert_string_equal(h.experiment, "b");
	assert_string_equal(h.meta.kernel, "6.12.1");
	assert_int_equal(h.truncated, 1);
	assert_int_equal(h.ph[0].ops, 3);
	plot_hist_free(&h);
}

static void test_size_label(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(plot_size_label(8, b, sizeof(b)), "8");
	assert_string_equal(plot_size_label(1000, b, sizeof(b)), "1000");
	assert_string_equal(plot_size_label(4096, b, sizeof(b)), "4k");
	assert_string_equal(plot_size_label(1536, b, sizeof(b)), "1536");
	assert_string_equal(plot_size_label(4194304, b, sizeof(b)), "4M");
	assert_string_equal(plot_size_label(0.5, b, sizeof(b)), "0.5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sweep_data),
		cmocka_unit_test(test_sweep_script),
		cmocka_unit_test(test_sweep_grid_and_x),
		cmocka_unit_test(test_sweep_bad),
		cmocka_unit_test(test_buddy_data),
		cmocka_unit_test(test_buddy_bad),
		cmocka_unit_test(test_hist_data),
		cmocka_unit_test(test_hist_bad),
		cmocka_unit_test(test_hist_second_result),
		cmocka_unit_test(test_size_label),
	};

	return cmocka_run_group_tests_name("plot", tests, NULL, NULL);
}
