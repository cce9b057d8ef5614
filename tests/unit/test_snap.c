// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of snapshots and their differences (userspace/snap.c) and of
 * the `diff` subcommand's output on two snapshot files.
 */
#include "testutil.h"
#include <fcntl.h>
#include <unistd.h>
#include "cli.h"
#include "snap.h"

#define SLAB_HDR "slabinfo - version: 2.1\n" \
	"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
#define SLAB(n, a, o, s) n " " #a " " #o " " #s " 64 1 : tunables 0 0 0 : slabdata 1 1 0\n"

static const char snap_a[] =
	"alloclab-snapshot 1\n"
	"time: 1000\n"
	"kernel: 6.1.0-56-amd64\n"
	"--- /proc/slabinfo\n"
	SLAB_HDR
	SLAB("kmalloc-64", 2400, 2496, 64)
	SLAB("dentry", 100, 120, 192)
	SLAB("old_cache", 5, 10, 32)
	"--- /proc/buddyinfo\n"
	"Node 0, zone      DMA      0      0      0      1\n"
	"Node 0, zone   Normal    100     50     20     10\n"
	"--- /proc/meminfo\n"
	"MemTotal:        1000000 kB\n"
	"MemFree:          500000 kB\n"
	"Slab:              20000 kB\n"
	"HugePages_Total:       0\n";

static const char snap_b[] =
	"alloclab-snapshot 1\n"
	"time: 1060\n"
	"kernel: 6.1.0-56-amd64\n"
	"page_size: 4096\n"
	"future_header: ignored\n"
	"--- /proc/future_file\n"
	"something new: 1\n"
	"--- /proc/slabinfo\n"
	SLAB_HDR
	SLAB("kmalloc-64", 2400, 2496, 64)
	SLAB("alloclab_obj", 1000, 1020, 64)
	SLAB("dentry", 90, 120, 192)
	"--- /proc/buddyinfo\n"
	"Node 0, zone      DMA      0      0      0      1\n"
	"Node 0, zone   Normal     98     50     21      7\n"
	"--- /proc/meminfo\n"
	"MemTotal:        1000000 kB\n"
	"MemFree:          499000 kB\n"
	"Slab:              20064 kB\n"
	"HugePages_Total:       2\n";

static void test_parse(void **state)
{
	struct snapshot s;
	char err[256];

	(void)state;
	assert_int_equal(snap_parse(snap_b, &s, err, sizeof(err)), 0);
	assert_int_equal(s.time, 1060);
	assert_string_equal(s.kernel, "6.1.0-56-amd64");
	assert_non_null(s.slabinfo);
	assert_int_equal(strncmp(s.slabinfo, "slabinfo - version: 2.1\n", 24), 0);
	assert_null(strstr(s.slabinfo, "---"));
	assert_null(strstr(s.slabinfo, "something new"));
	assert_string_equal(s.buddyinfo,
		"Node 0, zone      DMA      0      0      0      1\n"
		"Node 0, zone   Normal     98     50     21      7\n");
	assert_int_equal(strncmp(s.meminfo, "MemTotal:", 9), 0);
	snap_free(&s);
}

static void test_parse_bad(void **state)
{
	struct snapshot s;
	char err[256];

	(void)state;
	assert_int_equal(snap_parse("slabinfo - version: 2.1\n", &s, err, sizeof(err)), -1);
	assert_string_equal(err, "not an alloclab snapshot (first line is not \"alloclab-snapshot 1\")");
	assert_int_equal(snap_parse("alloclab-snapshot 12\n", &s, err, sizeof(err)), -1);
	assert_int_equal(snap_parse("alloclab-snapshot 1\ntime: 5\n", &s, err, sizeof(err)), -1);
	assert_string_equal(err, "snapshot holds no known section");
	assert_int_equal(snap_parse("alloclab-snapshot 1\n--- /proc/meminfo\nA: 1\n"
				    "--- /proc/meminfo\nA: 2\n", &s, err, sizeof(err)), -1);
	assert_string_equal(err, "section /proc/meminfo appears twice");
	/* only one section, no trailing newline: fine */
	assert_int_equal(snap_parse("alloclab-snapshot 1\n--- /proc/meminfo\nA: 1", &s, err,
				    sizeof(err)), 0);
	assert_string_equal(s.meminfo, "A: 1");
	assert_null(s.slabinfo);
	snap_free(&s);
}

static void test_write_roundtrip(void **state)
{
	struct snapshot s, t;
	struct capture c;
	char err[256], *text;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.time = 42;
	strcpy(s.kernel, "6.12.95+deb12-amd64");
	s.slabinfo = strdup(SLAB_HDR SLAB("a", 1, 2, 8));
	s.meminfo = strdup("MemFree: 5 kB");	/* no newline: one is added */
	snap_write(&s, cap_open(&c));
	text = cap_take(&c);
	assert_string_equal(text,
		"alloclab-snapshot 1\n"
		"time: 42\n"
		"kernel: 6.12.95+deb12-amd64\n"
		"--- /proc/slabinfo\n"
		SLAB_HDR SLAB("a", 1, 2, 8)
		"--- /proc/meminfo\n"
		"MemFree: 5 kB\n");
	assert_int_equal(snap_parse(text, &t, err, sizeof(err)), 0);
	assert_string_equal(t.slabinfo, s.slabinfo);
	assert_null(t.buddyinfo);
	assert_string_equal(t.meminfo, "MemFree: 5 kB\n");
	assert_int_equal(t.time, 42);
	snap_free(&s);
	snap_free(&t);
	free(text);
}

static void test_diff(void **state)
{
	struct snapshot a, b;
	struct snap_diff d;
	char err[256];

	(void)state;
	assert_int_equal(snap_parse(snap_a, &a, err, sizeof(err)), 0);
	assert_int_equal(snap_parse(snap_b, &b, err, sizeof(err)), 0);
	assert_int_equal(snap_diff(&a, &b, &d, err, sizeof(err)), 0);
	assert_true(d.have_slab && d.have_buddy && d.have_mem);

	/* kmalloc-64 unchanged: not listed */
	assert_int_equal(d.nslab, 3);
	assert_string_equal(d.slab[0].name, "alloclab_obj");
	assert_int_equal(d.slab[0].state, DELTA_NEW);
	assert_int_equal(snap_delta(d.slab[0].active_a, d.slab[0].active_b), 1000);
	assert_int_equal(snap_delta(d.slab[0].num_a, d.slab[0].num_b), 1020);
	assert_string_equal(d.slab[1].name, "dentry");
	assert_int_equal(d.slab[1].state, DELTA_BOTH);
	assert_int_equal(snap_delta(d.slab[1].active_a, d.slab[1].active_b), -10);
	assert_int_equal(snap_delta(d.slab[1].num_a, d.slab[1].num_b), 0);
	assert_string_equal(d.slab[2].name, "old_cache");
	assert_int_equal(d.slab[2].state, DELTA_GONE);
	assert_int_equal(snap_delta(d.slab[2].active_a, d.slab[2].active_b), -5);

	assert_int_equal(d.nbuddy, 3);
	assert_string_equal(d.buddy[0].zone, "Normal");
	assert_int_equal(d.buddy[0].order, 0);
	assert_int_equal(snap_delta(d.buddy[0].a, d.buddy[0].b), -2);
	assert_int_equal(d.buddy[1].order, 2);
	assert_int_equal(snap_delta(d.buddy[1].a, d.buddy[1].b), 1);
	assert_int_equal(d.buddy[2].order, 3);
	assert_int_equal(snap_delta(d.buddy[2].a, d.buddy[2].b), -3);

	assert_int_equal(d.nmem, 3);
	assert_string_equal(d.mem[0].name, "MemFree");
	assert_int_equal(snap_delta(d.mem[0].a, d.mem[0].b), -1000);
	assert_true(d.mem[0].kb);
	assert_string_equal(d.mem[1].name, "Slab");
	assert_int_equal(snap_delta(d.mem[1].a, d.mem[1].b), 64);
	assert_string_equal(d.mem[2].name, "HugePages_Total");
	assert_false(d.mem[2].kb);
	snap_diff_free(&d);

	/* identical snapshots: nothing changed */
	assert_int_equal(snap_diff(&a, &a, &d, err, sizeof(err)), 0);
	assert_int_equal(d.nslab + d.nbuddy + d.nmem, 0);
	snap_diff_free(&d);

	/* a section missing on one side is skipped, not an error */
	free(b.slabinfo);
	b.slabinfo = NULL;
	assert_int_equal(snap_diff(&a, &b, &d, err, sizeof(err)), 0);
	assert_false(d.have_slab);
	assert_int_equal(d.nslab, 0);
	assert_int_equal(d.nmem, 3);
	snap_diff_free(&d);

	/* a section that does not parse is an error that names it */
	b.slabinfo = strdup("slabinfo - version: 1.0\n");
	assert_int_equal(snap_diff(&a, &b, &d, err, sizeof(err)), -1);
	assert_string_equal(err, "second snapshot: slabinfo: unsupported slabinfo version 1.0");
	snap_free(&a);
	snap_free(&b);
}

static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/alloclab-test-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* stdout of a subcommand, and its status. */
static char *run_stdout(int (*fn)(int, char **), int argc, char **argv, int *status)
{
	char *path = write_tmp(""), *out;
	int saved = dup(1), fd = open(path, O_WRONLY | O_TRUNC);

	fflush(stdout);
	dup2(fd, 1);
	*status = fn(argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(fd);
	out = read_data_path(path);
	unlink(path);
	free(path);
	return out;
}

static void test_cmd_diff(void **state)
{
	char *pa = write_tmp(snap_a), *pb = write_tmp(snap_b);
	char *out;
	int status;

	(void)state;
	out = run_stdout(cmd_diff, 3, (char *[]){ "diff", pa, pb, NULL }, &status);
	assert_int_equal(status, 0);
	assert_string_equal(out,
		"slabinfo: 3 caches changed, largest (active objects * objsize) first\n"
		"name                objsize  active_objs  active_objs_delta  num_objs  num_objs_delta  kb  kb_delta\n"
		"alloclab_obj (new)       64         1000              +1000      1020           +1020  62       +62\n"
		"dentry                  192           90                -10       120              +0  16        -1\n"
		"old_cache (gone)         32            0                 -5         0             -10   0        +0\n"
		"\n"
		"buddyinfo: 3 zone/order counts changed (a page is 4 kB)\n"
		"node  zone    order  free_blocks  delta  pages_delta  kb_delta\n"
		"   0  Normal      0           98     -2           -2        -8\n"
		"   0  Normal      2           21     +1           +4       +16\n"
		"   0  Normal      3            7     -3          -24       -96\n"
		"\n"
		"meminfo: 3 fields changed\n"
		"name              value  delta  unit\n"
		"MemFree          499000  -1000  kB\n"
		"Slab              20064    +64  kB\n"
		"HugePages_Total       2     +2\n"
		"\n"
		"pagetypeinfo: not in both snapshots (reading it needs root)\n"
		"\n"
		"vmallocinfo: not in both snapshots (reading it needs root)\n"
		"\n"
		"zoneinfo: not in both snapshots\n"
		"\n"
		"vmstat: not in both snapshots\n");
	free(out);

	out = run_stdout(cmd_diff, 5, (char *[]){ "diff", "--json", "--only=slab", pa, pb, NULL },
			 &status);
	assert_int_equal(status, 0);
	assert_int_equal(strncmp(out, "{\n  \"from\": {\n    \"source\": \"", 29), 0);
	assert_non_null(strstr(out,
		"  \"slabinfo\": [\n"
		"    {\n"
		"      \"name\": \"alloclab_obj\",\n"
		"      \"state\": \"new\",\n"
		"      \"objsize\": 64,\n"
		"      \"active_objs\": 1000,\n"
		"      \"active_objs_delta\": 1000,\n"
		"      \"num_objs\": 1020,\n"
		"      \"num_objs_delta\": 1020,\n"
		"      \"bytes\": 64000,\n"
		"      \"bytes_delta\": 64000\n"
		"    },\n"));
	assert_non_null(strstr(out, "  \"page_size\": 4096,\n"));
	assert_null(strstr(out, "buddyinfo"));
	assert_null(strstr(out, "meminfo"));
	assert_string_equal(out + strlen(out) - 6, "  ]\n}\n");
	free(out);

	out = run_stdout(cmd_diff, 4, (char *[]){ "diff", "--only=mem", pa, pa, NULL }, &status);
	assert_int_equal(status, 0);
	assert_string_equal(out, "meminfo: no change\n");
	free(out);

	unlink(pa);
	unlink(pb);
	free(pa);
	free(pb);
}

static const char snap_c[] =
	"alloclab-snapshot 1\n"
	"time: 1\n"
	"kernel: k\n"
	"page_size: 16384\n"
	"--- /proc/pagetypeinfo\n"
	"Page block order: 9\n"
	"Free pages count per migrate type at order 0 1\n"
	"Node 0, zone Normal, type Movable 10 4\n"
	"Number of blocks type Unmovable Movable\n"
	"Node 0, zone Normal 3 100\n"
	"--- /proc/vmallocinfo\n"
	"0x1000-0x3000 8192 f+0x1/0x2 vmalloc\n"
	"0x6000-0x7000 4096 h+0x1/0x2 vmalloc\n"
	"--- /proc/zoneinfo\n"
	"Node 0, zone Normal\n"
	"  pages free 500\n"
	"--- /proc/vmstat\n"
	"nr_free_pages 500\n"
	"pgfault 7\n";

static const char snap_d[] =
	"alloclab-snapshot 1\n"
	"time: 2\n"
	"kernel: k\n"
	"page_size: 16384\n"
	"--- /proc/pagetypeinfo\n"
	"Page block order: 9\n"
	"Free pages count per migrate type at order 0 1\n"
	"Node 0, zone Normal, type Movable 12 1\n"
	"Number of blocks type Unmovable Movable\n"
	"Node 0, zone Normal 4 99\n"
	"--- /proc/vmallocinfo\n"
	"0x1000-0x3000 8192 f+0x1/0x2 vmalloc\n"
	"0x4000-0x5000 4096 g+0x1/0x2 vmalloc\n"
	"0x6000-0x7000 4096 h+0x1/0x2 vmalloc\n"
	"0x9000-0xa000 4096 g+0x1/0x2 vmalloc\n"
	"--- /proc/zoneinfo\n"
	"Node 0, zone Normal\n"
	"  pages free 496\n"
	"--- /proc/vmstat\n"
	"nr_free_pages 496\n"
	"pgfault 7\n";

static void test_diff_more(void **state)
{
	struct snapshot a, b;
	struct snap_diff d;
	char err[256];

	(void)state;
	assert_int_equal(snap_parse(snap_c, &a, err, sizeof(err)), 0);
	assert_int_equal(snap_parse(snap_d, &b, err, sizeof(err)), 0);
	assert_int_equal(a.page_size, 16384);
	assert_int_equal(snap_diff(&a, &b, &d, err, sizeof(err)), 0);
	assert_int_equal(d.page_size, 16384);
	assert_int_equal(d.pageblock_order, 9);
	assert_false(d.have_slab || d.have_buddy || d.have_mem);

	/* free blocks of order 0 and 1, pageblocks of both types */
	assert_true(d.pagetype.have);
	assert_int_equal(d.pagetype.n, 4);
	assert_string_equal(d.pagetype.v[0].group, "node 0 Normal");
	assert_int_equal(d.pagetype.v[0].order, 0);
	assert_int_equal(snap_delta(d.pagetype.v[0].a, d.pagetype.v[0].b), 2);
	assert_int_equal(d.pagetype.v[1].order, 1);
	assert_int_equal(snap_delta(d.pagetype.v[1].a, d.pagetype.v[1].b), -3);
	assert_int_equal(d.pagetype.v[2].unit, PU_PAGEBLOCKS);

	/* vmstat: pgfault unchanged, not listed */
	assert_int_equal(d.vmstat.n, 1);
	assert_string_equal(d.vmstat.v[0].name, "nr_free_pages");
	assert_int_equal(d.zone.n, 1);
	assert_string_equal(d.zone.v[0].name, "free");

	/* vmalloc: g is new (2 areas); largest gap 0x3000 -> 0x2000 */
	assert_true(d.vmalloc.have);
	assert_int_equal(d.vmalloc.n, 1);
	assert_string_equal(d.vmalloc.v[0].caller, "g");
	assert_int_equal(d.vmalloc.v[0].state, DELTA_NEW);
	assert_int_equal(d.vmalloc.v[0].areas_b, 2);
	assert_int_equal(d.vmalloc.bytes_b - d.vmalloc.bytes_a, 8192);
	assert_true(d.vmalloc.have_gap);
	assert_int_equal(d.vmalloc.gap_a, 0x3000);
	assert_int_equal(d.vmalloc.gap_b, 0x2000);
	snap_diff_free(&d);

	/* a section that does not parse is left out (why: on stderr); the others still diff */
	free(b.pagetypeinfo);
	b.pagetypeinfo = strdup("nonsense\n");
	assert_int_equal(snap_diff(&a, &b, &d, err, sizeof(err)), 0);
	assert_false(d.pagetype.have);
	assert_int_equal(d.pagetype.n, 0);
	assert_int_equal(d.vmstat.n, 1);
	assert_true(d.vmalloc.have);
	snap_diff_free(&d);
	snap_free(&a);
	snap_free(&b);
}

static void test_cmd_diff_units(void **state)
{
	char *pa = write_tmp(snap_c), *pb = write_tmp(snap_d);
	char *out;
	int status;

	(void)state;
	out = run_stdout(cmd_diff, 4, (char *[]){ "diff", "--only=pagetype,vmalloc", pa, pb,
			 NULL }, &status);
	assert_int_equal(status, 0);
	/* 16 kB pages: 2 order-0 blocks = 32 kB, -3 order-1 blocks = -96 kB,
	 * pageblocks of 2^9 pages = 8 MiB each */
	assert_string_equal(out,
		"pagetypeinfo: 4 counters changed\n"
		"where          name       order  value  delta  unit        kb_delta\n"
		"node 0 Normal  Movable        0     12     +2  blocks           +32\n"
		"node 0 Normal  Movable        1      1     -3  blocks           -96\n"
		"node 0 Normal  Unmovable      -      4     +1  pageblocks     +8192\n"
		"node 0 Normal  Movable        -     99     -1  pageblocks     -8192\n"
		"\n"
		"vmallocinfo: 4 areas (+2), 20480 bytes (+8192), largest free gap 8192 bytes "
		"(-4096); 1 caller changed\n"
		"caller   areas  areas_delta  bytes  bytes_delta\n"
		"g (new)      2           +2   8192        +8192\n");
	free(out);
	out = run_stdout(cmd_diff, 4, (char *[]){ "diff", "--only=slab,bogus", pa, pb, NULL },
			 &status);
	assert_int_equal(status, EXIT_USAGE);
	free(out);
	unlink(pa);
	unlink(pb);
	free(pa);
	free(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_write_roundtrip),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_cmd_diff),
		cmocka_unit_test(test_diff_more),
		cmocka_unit_test(test_cmd_diff_units),
	};

	return cmocka_run_group_tests_name("snap", tests, NULL, NULL);
}
