// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the /proc/vmstat, zoneinfo, pagetypeinfo and vmallocinfo
 * parsers (userspace/proc.c): on files captured from real kernels
 * (data/NAME.host, data/NAME.deb-<kid> when present) and on hand-made
 * texts, bad ones included.
 */
#include <unistd.h>

#include "testutil.h"
#include "proc.h"

static const char *const kids[] = { "host", "deb-amd64-6.1", "deb-amd64-6.12",
				    "deb-arm64-6.1" };

/* data/<name>.<kid>, or NULL if that fixture was not captured */
static char *fixture(const char *name, const char *kid)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.%s", TEST_DATA_DIR, name, kid);
	if (access(path, R_OK))
		return NULL;
	return read_data_path(path);
}

static void test_vmstat_real(void **state)
{
	const struct pcount *c;
	struct pcounts pc;
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(kids) / sizeof(kids[0]); i++) {
		char *text = fixture("vmstat", kids[i]);

		if (!text)
			continue;
		assert_int_equal(vmstat_parse(text, &pc, err, sizeof(err)), 0);
		assert_int_equal(pc.bad, 0);
		assert_int_equal(pc.n, (size_t)count_lines(text, ""));
		c = pcounts_find(&pc, "", "nr_free_pages", -1);
		assert_non_null(c);
		assert_int_equal(c->unit, PU_PAGES);
		assert_true(c->value > 0);
		c = pcounts_find(&pc, "", "pgpgin", -1);
		assert_non_null(c);
		assert_int_equal(c->unit, PU_KB);
		c = pcounts_find(&pc, "", "pgfault", -1);
		assert_non_null(c);
		assert_int_equal(c->unit, PU_COUNT);
		pcounts_free(&pc);
		free(text);
	}
}

static void test_vmstat_bad(void **state)
{
	struct pcounts pc;
	char err[128];

	(void)state;
	assert_int_equal(vmstat_parse("", &pc, err, sizeof(err)), -1);
	assert_string_equal(err, "no counters in vmstat");
	/* negative, not a number, trailing text, a key with ':' */
	assert_int_equal(vmstat_parse("nr_free_pages -5\nfoo bar\nnr_x 12 kB\nMemFree: 1\n",
				      &pc, err, sizeof(err)), -1);
	assert_int_equal(vmstat_parse("nr_free_pages -5\nnr_dirty 7\n", &pc, err, sizeof(err)), 0);
	assert_int_equal(pc.n, 1);
	assert_int_equal(pc.bad, 1);
	assert_int_equal(pc.c[0].value, 7);
	pcounts_free(&pc);
}

static void test_units(void **state)
{
	(void)state;
	assert_int_equal(proc_counter_unit("nr_kernel_stack"), PU_KB);
	assert_int_equal(proc_counter_unit("nr_slab_unreclaimable"), PU_PAGES);
	assert_int_equal(proc_counter_unit("nr_anon_transparent_hugepages"), PU_COUNT);
	assert_int_equal(proc_counter_unit("nr_vmscan_write"), PU_COUNT);
	assert_int_equal(proc_counter_unit("managed"), PU_PAGES);
	assert_int_equal(proc_counter_unit("numa_hit"), PU_COUNT);
	assert_string_equal(proc_unit_name(PU_BLOCKS), "blocks");
	assert_string_equal(proc_unit_name(99), "");
}

static void test_zoneinfo_real(void **state)
{
	const struct pcount *free_pages, *nr_free;
	struct pcounts pc;
	char err[128];
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(kids) / sizeof(kids[0]); i++) {
		char *text = fixture("zoneinfo", kids[i]);
		int zones = 0;

		if (!text)
			continue;
		assert_int_equal(zoneinfo_parse(text, &pc, err, sizeof(err)), 0);
		for (k = 0; k < pc.n; k++) {
			/* the per-cpu pagesets and "key: value" lines are left out */
			assert_null(strchr(pc.c[k].name, ':'));
			assert_int_not_equal(strcmp(pc.c[k].name, "count"), 0);
			if (strcmp(pc.c[k].name, "free"))
				continue;
			/* "pages free" of each zone is its nr_free_pages (empty zones have none) */
			free_pages = &pc.c[k];
			nr_free = pcounts_find(&pc, free_pages->group, "nr_free_pages", -1);
			assert_int_equal(free_pages->unit, PU_PAGES);
			if (nr_free)
				assert_int_equal(free_pages->value, nr_free->value);
			else
				assert_int_equal(free_pages->value, 0);
			zones++;
		}
		assert_int_equal(zones, count_lines(text, "Node "));
		/* the per-node stats are grouped by node */
		assert_non_null(pcounts_find(&pc, "node 0", "nr_inactive_anon", -1));
		pcounts_free(&pc);
		free(text);
	}
}

static void test_zoneinfo_bad(void **state)
{
	struct pcounts pc;
	char err[128];

	(void)state;
	assert_int_equal(zoneinfo_parse("MemTotal: 5 kB\n", &pc, err, sizeof(err)), -1);
	assert_string_equal(err, "no counters in zoneinfo (no \"Node N, zone NAME\" line)");
	assert_int_equal(zoneinfo_parse("Node 0, zone Normal\n  pages free 12\n"
					"        min -3\n  protection: (0, 0)\n"
					"        high 40\n", &pc, err, sizeof(err)), 0);
	assert_int_equal(pc.n, 2);
	assert_string_equal(pc.c[0].group, "node 0 Normal");
	assert_string_equal(pc.c[0].name, "free");
	assert_int_equal(pc.c[0].value, 12);
	assert_string_equal(pc.c[1].name, "high");
	pcounts_free(&pc);
}

static const char pagetype[] =
	"Page block order: 9\n"
	"Pages per block:  512\n"
	"\n"
	"Free pages count per migrate type at order       0      1      2\n"
	"Node    0, zone      DMA, type    Unmovable      0      1      2\n"
	"Node    0, zone      DMA, type      Movable      3      0      1\n"
	"Node    0, zone   Normal, type      Movable     10      -1     2\n"
	"\n"
	"Number of blocks type     Unmovable      Movable  Reclaimable\n"
	"Node 0, zone      DMA            1            7            0\n"
	"Node 0, zone   Normal           20         1000\n";

static void test_pagetypeinfo(void **state)
{
	const struct pcount *c;
	struct pcounts pc;
	char err[128];

	(void)state;
	assert_int_equal(pagetypeinfo_parse(pagetype, &pc, err, sizeof(err)), 0);
	assert_int_equal(pc.pageblock_order, 9);
	/* 2 free lines x 3 orders + 3 DMA block counts; 2 lines refused */
	assert_int_equal(pc.n, 9);
	assert_int_equal(pc.bad, 2);
	c = pcounts_find(&pc, "node 0 DMA", "Unmovable", 2);
	assert_non_null(c);
	assert_int_equal(c->value, 2);
	assert_int_equal(c->unit, PU_BLOCKS);
	c = pcounts_find(&pc, "node 0 DMA", "Movable", -1);
	assert_non_null(c);
	assert_int_equal(c->value, 7);
	assert_int_equal(c->unit, PU_PAGEBLOCKS);
	assert_null(pcounts_find(&pc, "node 0 Normal", "Movable", 0));
	pcounts_free(&pc);

	assert_int_equal(pagetypeinfo_parse("Node 0, zone DMA 1 2\n", &pc, err, sizeof(err)), -1);
	assert_string_equal(err, "not a pagetypeinfo file (no \"Page block order:\")");
	assert_int_equal(pagetypeinfo_parse("Page block order: 9\n", &pc, err, sizeof(err)), -1);
	assert_string_equal(err, "no counters in pagetypeinfo");
}

static void test_pagetypeinfo_real(void **state)
{
	struct pcounts pc;
	char err[128];
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(kids) / sizeof(kids[0]); i++) {
		char *text = fixture("pagetypeinfo", kids[i]);
		int free_lines, blocks = 0, zones;

		if (!text)
			continue;
		assert_int_equal(pagetypeinfo_parse(text, &pc, err, sizeof(err)), 0);
		assert_int_equal(pc.bad, 0);
		assert_true(pc.pageblock_order > 0);
		free_lines = count_lines(text, "Node ") - 0;
		for (k = 0; k < pc.n; k++)
			blocks += pc.c[k].unit == PU_PAGEBLOCKS && !strcmp(pc.c[k].name, "Movable");
		/* one "Movable" pageblock count per zone of the block table */
		zones = 0;
		for (k = 0; k < pc.n; k++)
			zones += pc.c[k].unit == PU_BLOCKS && pc.c[k].order == 0 &&
				 !strcmp(pc.c[k].name, "Unmovable");
		assert_int_equal(blocks, zones);
		assert_true(free_lines > zones);
		pcounts_free(&pc);
		free(text);
	}
}

static void test_vmallocinfo(void **state)
{
	static const char text[] =
		"0xffffc90000000000-0xffffc90000005000   20480 irq_init_percpu_irqstack+0x114/0x160 vmap\n"
		"0xffffc90000008000-0xffffc9000000a000    8192 acpi_os_map_iomem+0x1bc/0x1e0 phys=0x00000000000a0000 ioremap\n"
		"0xffffc90000010000-0xffffc90000015000   20480 irq_init_percpu_irqstack+0x114/0x160 vmap\n"
		"0xffffc90000020000-0xffffc90000022000    8192 unpurged vm_area\n";
	const struct vmalloc_caller *c;
	struct vmalloc_summary s;
	struct vmallocinfo vi;
	char err[128];

	(void)state;
	assert_int_equal(vmallocinfo_parse(text, &vi, err, sizeof(err)), 0);
	assert_int_equal(vi.n, 4);
	assert_int_equal(vi.bad, 0);
	vmalloc_summarize(&vi, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.areas, 4);
	assert_int_equal(s.bytes, 20480 * 2 + 8192 * 2);
	c = vmalloc_summary_find(&s, "irq_init_percpu_irqstack");
	assert_non_null(c);
	assert_int_equal(c->areas, 2);
	assert_int_equal(c->bytes, 40960);
	assert_non_null(vmalloc_summary_find(&s, "unpurged"));
	/* gaps: 0x3000, 0x6000, 0xb000 */
	assert_true(s.have_gap);
	assert_int_equal(s.largest_gap, 0xb000);
	vmalloc_summary_free(&s);
	vmallocinfo_free(&vi);
}

static void test_vmallocinfo_hidden_and_bad(void **state)
{
	struct vmalloc_summary s;
	struct vmallocinfo vi;
	char err[128];

	(void)state;
	/* hashed addresses (kptr_restrict): no gap, sizes still count */
	assert_int_equal(vmallocinfo_parse(
		"0x00000000a5efd659-0x00000000b2cf5567   20480 f+0x1/0x2 vmap\n"
		"0x00000000b2cf5567-0x00000000e8374204    8192 g+0x1/0x2 ioremap\n",
		&vi, err, sizeof(err)), 0);
	vmalloc_summarize(&vi, &s);
	assert_false(s.have_gap);
	assert_int_equal(s.bytes, 28672);
	vmalloc_summary_free(&s);
	vmallocinfo_free(&vi);
	/* no areas at all is valid; only bad lines is not */
	assert_int_equal(vmallocinfo_parse("", &vi, err, sizeof(err)), 0);
	assert_int_equal(vi.n, 0);
	assert_int_equal(vmallocinfo_parse("MemFree: 1 kB\n0x10-0x20 -16 f\n", &vi, err,
					   sizeof(err)), -1);
	assert_string_equal(err, "no \"0xSTART-0xEND SIZE caller\" lines in vmallocinfo");
}

static void test_vmallocinfo_real(void **state)
{
	struct vmalloc_summary s;
	struct vmallocinfo vi;
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(kids) / sizeof(kids[0]); i++) {
		char *text = fixture("vmallocinfo", kids[i]);

		if (!text)
			continue;
		assert_int_equal(vmallocinfo_parse(text, &vi, err, sizeof(err)), 0);
		assert_int_equal(vi.bad, 0);
		assert_int_equal(vi.n, (size_t)count_lines(text, "0x"));
		vmalloc_summarize(&vi, &s);
		assert_int_equal(s.areas, vi.n);
		vmalloc_summary_free(&s);
		vmallocinfo_free(&vi);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmstat_real),
		cmocka_unit_test(test_vmstat_bad),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_zoneinfo_real),
		cmocka_unit_test(test_zoneinfo_bad),
		cmocka_unit_test(test_pagetypeinfo),
		cmocka_unit_test(test_pagetypeinfo_real),
		cmocka_unit_test(test_vmallocinfo),
		cmocka_unit_test(test_vmallocinfo_hidden_and_bad),
		cmocka_unit_test(test_vmallocinfo_real),
	};

	return cmocka_run_group_tests_name("proc_mm", tests, NULL, NULL);
}
