// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the /proc parsers and the key: value parser
 * (userspace/proc.c), on text captured from a real /proc (data/NAME.host)
 * and on hand-made edge cases.
 */
#include "testutil.h"
#include "proc.h"

static const char slab_hdr[] =
	"slabinfo - version: 2.1\n"
	"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
	" : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs>"
	" <num_slabs> <sharedavail>\n";

static void test_slabinfo_host(void **state)
{
	char *text = read_data("slabinfo.host");
	const struct slab_entry *e;
	struct slabinfo si;
	char err[128] = "";

	(void)state;
	assert_int_equal(slabinfo_parse(text, &si, err, sizeof(err)), 0);
	/* every line but the two header lines is a cache */
	assert_int_equal(si.n, (size_t)count_lines(text, "") - 2);
	assert_int_equal(si.bad, 0);

	e = slabinfo_find(&si, "kmalloc-64");
	assert_non_null(e);
	assert_int_equal(e->active_objs, 2407);
	assert_int_equal(e->num_objs, 2496);
	assert_int_equal(e->objsize, 64);
	assert_int_equal(e->objperslab, 64);
	assert_int_equal(e->pagesperslab, 1);
	assert_int_equal(e->active_slabs, 39);
	assert_int_equal(e->num_slabs, 39);

	e = slabinfo_find(&si, "task_struct");
	assert_non_null(e);
	assert_int_equal(e->objsize, 5824);
	assert_int_equal(e->pagesperslab, 8);
	assert_int_equal(e->num_slabs, 22);

	/* the last line of the file */
	assert_string_equal(si.e[si.n - 1].name, "kmem_cache");
	assert_null(slabinfo_find(&si, "kmalloc-6"));
	slabinfo_free(&si);
	assert_int_equal(si.n, 0);
	free(text);
}

/* /proc captured in the test VMs (Debian kernels, alloclab modules loaded). */
static const char *const debian[] = { "deb-amd64-6.1", "deb-amd64-6.12", "deb-arm64-6.1" };

static void test_debian_captures(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(debian) / sizeof(debian[0]); i++) {
		char name[64], err[128];
		struct slabinfo si;
		struct buddyinfo bi;
		struct meminfo mi;
		char *text;
		int arm = strstr(debian[i], "arm64") != NULL;

		snprintf(name, sizeof(name), "slabinfo.%s", debian[i]);
		text = read_data(name);
		assert_int_equal(slabinfo_parse(text, &si, err, sizeof(err)), 0);
		assert_int_equal(si.n, (size_t)count_lines(text, "") - 2);
		assert_int_equal(si.bad, 0);
		assert_non_null(slabinfo_find(&si, "kmalloc-128"));
		assert_int_equal(slabinfo_find(&si, "kmalloc-128")->objsize, 128);
		/* arm64 6.1: KMALLOC_MIN_SIZE is 128, no kmalloc-64 */
		if (arm)
			assert_null(slabinfo_find(&si, "kmalloc-64"));
		else
			assert_int_equal(slabinfo_find(&si, "kmalloc-64")->objsize, 64);
		slabinfo_free(&si);
		free(text);

		snprintf(name, sizeof(name), "buddyinfo.%s", debian[i]);
		text = read_data(name);
		assert_int_equal(buddyinfo_parse(text, &bi, err, sizeof(err)), 0);
		assert_int_equal(bi.n, (size_t)count_lines(text, "Node "));
		assert_int_equal(bi.bad, 0);
		assert_int_equal(bi.z[0].norders, 11);
		assert_non_null(buddyinfo_find(&bi, 0, "DMA"));
		assert_true(arm || buddyinfo_find(&bi, 0, "DMA32") != NULL);
		buddyinfo_free(&bi);
		free(text);

		snprintf(name, sizeof(name), "meminfo.%s", debian[i]);
		text = read_data(name);
		assert_int_equal(meminfo_parse(text, &mi, err, sizeof(err)), 0);
		assert_int_equal(mi.n, (size_t)count_lines(text, ""));
		assert_int_equal(mi.bad, 0);
		assert_in_range(meminfo_find(&mi, "MemTotal")->value, 900000, 1048576);
		/* only Debian's arm64 kernel has CMA (64 MiB) */
		if (arm)
			assert_int_equal(meminfo_find(&mi, "CmaTotal")->value, 65536);
		else
			assert_null(meminfo_find(&mi, "CmaTotal"));
		meminfo_free(&mi);
		free(text);
	}
}

static void test_slabinfo_edges(void **state)
{
	struct slabinfo si;
	char err[128];
	char text[2048];

	(void)state;
	snprintf(text, sizeof(text), "%s%s", slab_hdr,
		 "alloclab_obj        1000   1020     64   51    1 : tunables    0    0    0 : slabdata     20     20      0\n"
		 "truncated_cache      12     12    320   12    1 : tunables    0    0    0 : slabda\n"
		 "short_line 1 2 3\n"
		 "\n"
		 "negative -1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n"
		 "no_newline_at_end    3      4    128   32    1 : tunables    0    0    0 : slabdata      1      1      0");
	assert_int_equal(slabinfo_parse(text, &si, err, sizeof(err)), 0);
	assert_int_equal(si.n, 2);
	assert_int_equal(si.bad, 3);
	assert_string_equal(si.e[0].name, "alloclab_obj");
	assert_int_equal(si.e[0].active_objs, 1000);
	assert_int_equal(si.e[0].num_objs, 1020);
	assert_int_equal(si.e[0].objperslab, 51);
	assert_string_equal(si.e[1].name, "no_newline_at_end");
	assert_int_equal(si.e[1].num_objs, 4);
	assert_int_equal(si.e[1].active_slabs, 1);
	assert_null(slabinfo_find(&si, "truncated_cache"));
	slabinfo_free(&si);

	/* SLAB's "2.1 (statistics)" has more columns after slabdata */
	assert_int_equal(slabinfo_parse(
		"slabinfo - version: 2.1 (statistics)\n"
		"x 1 2 3 4 5 : tunables 1 2 3 : slabdata 6 7 8 : globalstat 1 2 3\n",
		&si, err, sizeof(err)), 0);
	assert_int_equal(si.n, 1);
	assert_int_equal(si.e[0].num_slabs, 7);
	slabinfo_free(&si);

	/* CRLF line ends */
	assert_int_equal(slabinfo_parse(
		"slabinfo - version: 2.1\r\nx 1 2 3 4 5 : tunables 0 0 0 : slabdata 6 7 8\r\n",
		&si, err, sizeof(err)), 0);
	assert_int_equal(si.n, 1);
	slabinfo_free(&si);

	/* only the header: valid, no cache */
	assert_int_equal(slabinfo_parse(slab_hdr, &si, err, sizeof(err)), 0);
	assert_int_equal(si.n, 0);
	slabinfo_free(&si);
}

static void test_slabinfo_bad_header(void **state)
{
	struct slabinfo si;
	char err[128];

	(void)state;
	err[0] = '\0';
	assert_int_equal(slabinfo_parse("slabinfo - version: 2.0\nx 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n",
					&si, err, sizeof(err)), -1);
	assert_string_equal(err, "unsupported slabinfo version 2.0");
	assert_null(si.e);

	assert_int_equal(slabinfo_parse("slabinfo - version: 2.10\n", &si, err, sizeof(err)), -1);
	assert_string_equal(err, "unsupported slabinfo version 2.10");
	assert_int_equal(slabinfo_parse("slabinfo - version: 3.1\n", &si, err, sizeof(err)), -1);

	assert_int_equal(slabinfo_parse("MemTotal: 1 kB\n", &si, err, sizeof(err)), -1);
	assert_string_equal(err, "not a slabinfo file");

	assert_int_equal(slabinfo_parse("", &si, err, sizeof(err)), -1);
	assert_string_equal(err, "empty slabinfo");

	/* truncated inside the header line */
	assert_int_equal(slabinfo_parse("slabinfo - vers", &si, err, sizeof(err)), -1);
	/* no error buffer: still fails cleanly */
	assert_int_equal(slabinfo_parse("garbage", &si, NULL, 0), -1);
}

static void test_buddyinfo_host(void **state)
{
	char *text = read_data("buddyinfo.host");
	const struct buddy_zone *z;
	struct buddyinfo bi;
	char err[128];

	(void)state;
	assert_int_equal(buddyinfo_parse(text, &bi, err, sizeof(err)), 0);
	assert_int_equal(bi.n, 3);
	assert_int_equal(bi.bad, 0);
	z = buddyinfo_find(&bi, 0, "Normal");
	assert_non_null(z);
	assert_int_equal(z->norders, 11);
	assert_int_equal(z->free[0], 2804);
	assert_int_equal(z->free[10], 97);
	z = buddyinfo_find(&bi, 0, "DMA32");
	assert_non_null(z);
	assert_int_equal(z->free[10], 752);
	assert_null(buddyinfo_find(&bi, 1, "Normal"));
	assert_null(buddyinfo_find(&bi, 0, "Movable"));
	buddyinfo_free(&bi);
	free(text);
}

static void test_buddyinfo_edges(void **state)
{
	struct buddyinfo bi;
	char err[128];

	(void)state;
	assert_int_equal(buddyinfo_parse(
		"Node 0, zone      DMA      1      2\n"
		"Node 1, zone   Normal   5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20\n"	/* 16 orders */
		"Node 1, zone  Movable   1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n"	/* 17: too many */
		"Node 0, zone\n"							/* truncated */
		"Node 0, zone   Normal\n"						/* no counts */
		"Node 0, zone   Normal   1 x 3\n"					/* garbage */
		"Node 0, zone   Normal   1 -3\n"
		"Node 0, zone   Normal   99999999999999999999999\n"			/* overflow */
		"garbage line\n"
		"\n"
		"Node 2, zone   HighMem   4 3",						/* no newline */
		&bi, err, sizeof(err)), 0);
	assert_int_equal(bi.n, 3);
	assert_int_equal(bi.bad, 7);
	assert_int_equal(bi.z[0].norders, 2);
	assert_int_equal(bi.z[0].free[1], 2);
	assert_int_equal(bi.z[1].node, 1);
	assert_int_equal(bi.z[1].norders, 16);
	assert_int_equal(bi.z[1].free[15], 20);
	assert_string_equal(bi.z[2].zone, "HighMem");
	assert_int_equal(bi.z[2].node, 2);
	assert_int_equal(bi.z[2].free[1], 3);
	buddyinfo_free(&bi);

	assert_int_equal(buddyinfo_parse("", &bi, err, sizeof(err)), -1);
	assert_string_equal(err, "no \"Node N, zone NAME\" lines in buddyinfo");
	assert_int_equal(buddyinfo_parse("Node x, zone DMA 1\n", &bi, err, sizeof(err)), -1);
	assert_null(bi.z);
}

static void test_meminfo_host(void **state)
{
	char *text = read_data("meminfo.host");
	const struct mem_entry *m;
	struct meminfo mi;
	char err[128];

	(void)state;
	assert_int_equal(meminfo_parse(text, &mi, err, sizeof(err)), 0);
	assert_int_equal(mi.n, (size_t)count_lines(text, ""));
	assert_int_equal(mi.bad, 0);
	assert_string_equal(mi.e[0].name, "MemTotal");
	assert_int_equal(mi.e[0].value, 24683620ULL);
	assert_true(mi.e[0].kb);
	m = meminfo_find(&mi, "Active(anon)");
	assert_non_null(m);
	assert_int_equal(m->value, 1536);
	m = meminfo_find(&mi, "HugePages_Total");
	assert_non_null(m);
	assert_int_equal(m->value, 0);
	assert_false(m->kb);
	assert_null(meminfo_find(&mi, "MemTota"));
	meminfo_free(&mi);
	free(text);
}

static void test_meminfo_edges(void **state)
{
	struct meminfo mi;
	char err[128];

	(void)state;
	assert_int_equal(meminfo_parse(
		"MemFree:        123 kB\n"
		"MemAvailable:\n"		/* truncated */
		"Cached:         12 MB\n"	/* unknown unit */
		"Buffers:        abc kB\n"
		"No colon 12\n"
		"Huge:   18446744073709551615\n"
		"Over:   18446744073709551616\n"
		"Neg:    -4 kB\n"
		"Last: 7 kB",
		&mi, err, sizeof(err)), 0);
	assert_int_equal(mi.n, 3);
	assert_int_equal(mi.bad, 6);
	assert_int_equal(meminfo_find(&mi, "MemFree")->value, 123);
	assert_int_equal(meminfo_find(&mi, "Huge")->value, 18446744073709551615ULL);
	assert_int_equal(meminfo_find(&mi, "Last")->value, 7);
	assert_null(meminfo_find(&mi, "Cached"));
	meminfo_free(&mi);

	assert_int_equal(meminfo_parse("\n\n", &mi, err, sizeof(err)), -1);
	assert_string_equal(err, "no \"Name: value\" lines in meminfo");
}

static void test_kv_split(void **state)
{
	char line[128];
	char *k, *v;

	(void)state;
	strcpy(line, "ksize: 64");
	assert_int_equal(kv_split_line(line, &k, &v), 0);
	assert_string_equal(k, "ksize");
	assert_string_equal(v, "64");

	strcpy(line, "cache:kmalloc-64 \t ");
	assert_int_equal(kv_split_line(line, &k, &v), 0);
	assert_string_equal(k, "cache");
	assert_string_equal(v, "kmalloc-64");

	strcpy(line, "command: kmalloc size=40 gfp=KERNEL|ZERO");
	assert_int_equal(kv_split_line(line, &k, &v), 0);
	assert_string_equal(v, "kmalloc size=40 gfp=KERNEL|ZERO");

	strcpy(line, "virt: 0xffff:8880");	/* value keeps later colons */
	assert_int_equal(kv_split_line(line, &k, &v), 0);
	assert_string_equal(v, "0xffff:8880");

	strcpy(line, "empty:");
	assert_int_equal(kv_split_line(line, &k, &v), 0);
	assert_string_equal(v, "");

	strcpy(line, ": value");
	assert_int_equal(kv_split_line(line, &k, &v), -1);
	strcpy(line, "no colon here");
	assert_int_equal(kv_split_line(line, &k, &v), -1);
	strcpy(line, "two words: x");
	assert_int_equal(kv_split_line(line, &k, &v), -1);
}

static void test_kv_parse(void **state)
{
	struct kvdoc doc;

	(void)state;
	assert_int_equal(kv_parse(
		"result: 1\r\n"
		"experiment: kmalloc\n"
		"ksize: 64\n"
		"\n"
		"\n"
		"result: 2\n"
		"not a pair\n"
		"backing: page allocator order 8\n"
		"  \t\n"
		"result: 3", &doc), 0);
	assert_int_equal(doc.n, 3);
	assert_int_equal(doc.bad, 1);
	assert_int_equal(doc.b[0].n, 3);
	assert_string_equal(doc.b[0].kv[1].key, "experiment");
	assert_string_equal(kv_get(&doc.b[0], "result"), "1");
	assert_string_equal(kv_get(&doc.b[0], "ksize"), "64");
	assert_null(kv_get(&doc.b[0], "backing"));
	assert_int_equal(doc.b[1].n, 2);
	assert_string_equal(kv_get(&doc.b[1], "backing"), "page allocator order 8");
	assert_string_equal(kv_get(&doc.b[2], "result"), "3");
	kv_free(&doc);
	assert_int_equal(doc.n, 0);

	assert_int_equal(kv_parse("", &doc), 0);
	assert_int_equal(doc.n, 0);
	kv_free(&doc);
}

static void test_read_file(void **state)
{
	char *s;

	(void)state;
	/* /proc files report size 0: must still be read whole */
	s = proc_read_file("/proc/self/status");
	assert_non_null(s);
	assert_non_null(strstr(s, "\nVmPeak:") ? s : strstr(s, "Name:"));
	assert_int_equal(strncmp(s, "Name:", 5), 0);
	free(s);
	s = proc_read_file("/nonexistent/alloclab");
	assert_null(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slabinfo_host),
		cmocka_unit_test(test_debian_captures),
		cmocka_unit_test(test_slabinfo_edges),
		cmocka_unit_test(test_slabinfo_bad_header),
		cmocka_unit_test(test_buddyinfo_host),
		cmocka_unit_test(test_buddyinfo_edges),
		cmocka_unit_test(test_meminfo_host),
		cmocka_unit_test(test_meminfo_edges),
		cmocka_unit_test(test_kv_split),
		cmocka_unit_test(test_kv_parse),
		cmocka_unit_test(test_read_file),
	};

	return cmocka_run_group_tests_name("proc", tests, NULL, NULL);
}
