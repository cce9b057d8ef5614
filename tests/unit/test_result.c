// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the result (ABI v2) in userspace/result.c: a binary result
 * built in memory (header, phases, facts, rows at their offsets) printed
 * byte for byte in the form include/uapi/alloclab.h fixes (and the core's
 * debugfs `last` prints), the bounds checks that reject a corrupt result
 * before anything reads it, the x.y arithmetic, and the text -> JSON
 * conversion both transports share, table rows as arrays included.
 */
#include "testutil.h"
#include "result.h"

/* ---- a result in memory: header | phases | facts | rows ---- */

struct built {
	unsigned char *buf;
	size_t size;
};

static struct alloclab_result *hdr(struct built *b)
{
	return (struct alloclab_result *)b->buf;
}

static struct alloclab_phase *phase(struct built *b, unsigned int i)
{
	return (struct alloclab_phase *)(b->buf + hdr(b)->phase_off) + i;
}

static struct built build(unsigned int nph, unsigned int nfa, unsigned int nrow)
{
	struct built b;
	struct alloclab_result *h;

	b.size = sizeof(*h) + nph * sizeof(struct alloclab_phase) +
		 nfa * sizeof(struct alloclab_fact) + nrow * sizeof(struct alloclab_row);
	b.buf = calloc(1, b.size);
	assert_non_null(b.buf);
	h = hdr(&b);
	h->abi_version = ALLOCLAB_ABI_VERSION;
	h->size = (__u32)b.size;
	h->phase_off = sizeof(*h);
	h->fact_off = h->phase_off + nph * sizeof(struct alloclab_phase);
	h->row_off = h->fact_off + nfa * sizeof(struct alloclab_fact);
	return b;
}

static void fact(struct built *b, const char *k, const char *v)
{
	struct alloclab_result *h = hdr(b);
	struct alloclab_fact *f = (struct alloclab_fact *)(b->buf + h->fact_off) + h->nr_facts++;

	snprintf(f->key, sizeof(f->key), "%s", k);
	snprintf(f->value, sizeof(f->value), "%s", v);
}

static void row(struct built *b, const char *table, unsigned int index, const char *text)
{
	struct alloclab_result *h = hdr(b);
	struct alloclab_row *r = (struct alloclab_row *)(b->buf + h->row_off) + h->nr_rows++;

	snprintf(r->table, sizeof(r->table), "%s", table);
	r->index = index;
	snprintf(r->text, sizeof(r->text), "%s", text);
}

static void stats(struct alloclab_stats *s, unsigned long long base)
{
	s->mean = base + 5;
	s->min = base;
	s->p50 = base + 4;
	s->p90 = base + 10;
	s->p99 = base + 20;
	s->max = base + 100;
}

static void set_phase(struct alloclab_phase *p, const char *name, unsigned int unit,
		      unsigned long long ops, unsigned long long units,
		      unsigned long long time_ps, unsigned long long ps_base)
{
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->unit = unit;
	p->ops = ops;
	p->units = units;
	p->time_ps = time_ps;
	stats(&p->ns_ps, ps_base);
}

/* 2 phases (alloc in bytes with cycles, free in objects), 4 facts, 3 rows */
static struct built full_result(void)
{
	struct built b = build(2, 4, 3);
	struct alloclab_result *r = hdr(&b);

	r->seq = 7;
	strcpy(r->experiment, "kmalloc");
	strcpy(r->command, "kmalloc size=40 count=1000 gfp=KERNEL pattern=bulk cpus=1 mode=perop batch=1");
	r->flags = ALLOCLAB_RES_TIMED | ALLOCLAB_RES_CYCLES | ALLOCLAB_RES_PEROP |
		   ALLOCLAB_RES_HELD | ALLOCLAB_RES_TRUNCATED;
	r->cpus = 1;
	r->batch = 1;
	r->failures = 0;
	r->elapsed_ns = 123456;
	r->timer_overhead_ps = 20049;	/* 20.0 */
	r->timer_overhead_cycles = 55;
	r->bytes_requested = 40000;
	r->bytes_consumed = 64000;
	r->nr_phases = 2;
	set_phase(phase(&b, 0), "alloc", ALLOCLAB_U_BYTES, 1000, 40000, 50950000, 50950);
	phase(&b, 0)->flags = ALLOCLAB_PH_CYCLES;
	stats(&phase(&b, 0)->cycles, 140);
	set_phase(phase(&b, 1), "free", ALLOCLAB_U_OBJECTS, 1000, 1000, 30000000, 30000);
	fact(&b, "ksize", "64");
	fact(&b, "waste_pct", "37.5");
	fact(&b, "backing", "slab");
	fact(&b, "slab_class", "kmalloc-64");
	row(&b, "slabs", 0, "addr=0000000012345678 objects=64 inuse=64");
	row(&b, "slabs", 1, "addr=00000000abcdef00 objects=64 inuse=2");
	row(&b, "nodes", 0, "node=0 objects=66");
	return b;
}

static const char full_text[] =
	"result: 7\n"
	"experiment: kmalloc\n"
	"command: kmalloc size=40 count=1000 gfp=KERNEL pattern=bulk cpus=1 mode=perop batch=1\n"
	"cpus: 1\n"
	"mode: perop\n"
	"batch: 1\n"
	"ops: 1000\n"
	"failures: 0\n"
	"elapsed_ns: 123456\n"
	"timer_overhead_ns: 20.0\n"
	"timer_overhead_cycles: 55\n"
	"phases: alloc free\n"
	"ns_mean: 51.0\n"
	"ns_min: 51.0\n"
	"ns_p50: 51.0\n"
	"ns_p90: 51.0\n"
	"ns_p99: 51.0\n"
	"ns_max: 51.1\n"
	"cycles_mean: 145\n"
	"cycles_min: 140\n"
	"cycles_p50: 144\n"
	"cycles_p90: 150\n"
	"cycles_p99: 160\n"
	"cycles_max: 240\n"
	"unit: bytes\n"
	"units_per_op: 40.0\n"
	"ns_per_unit: 1.3\n"
	"mb_per_s: 785.1\n"
	"free_ops: 1000\n"
	"free_ns_mean: 30.0\n"
	"free_ns_min: 30.0\n"
	"free_ns_p50: 30.0\n"
	"free_ns_p90: 30.0\n"
	"free_ns_p99: 30.0\n"
	"free_ns_max: 30.1\n"
	"free_unit: objects\n"
	"bytes_requested: 40000\n"
	"bytes_consumed: 64000\n"
	"held: yes\n"
	"ksize: 64\n"
	"waste_pct: 37.5\n"
	"backing: slab\n"
	"slab_class: kmalloc-64\n"
	"slabs[0]: addr=0000000012345678 objects=64 inuse=64\n"
	"slabs[1]: addr=00000000abcdef00 objects=64 inuse=2\n"
	"nodes[0]: node=0 objects=66\n"
	"truncated: yes\n";

/* Check @b, format it. */
static char *format(struct built *b)
{
	struct result_view v;
	char err[256];

	if (result_view_init(&v, b->buf, b->size, err, sizeof(err)))
		fail_msg("result rejected: %s", err);
	return result_format_str(&v);
}

static void test_format_full(void **state)
{
	struct built b = full_result();
	char *s = format(&b);

	(void)state;
	assert_string_equal(s, full_text);
	free(s);
	free(b.buf);
}

/* No TIMED: no timer, phases or per-phase lines; "ops" is still phase 0's. */
static void test_format_untimed(void **state)
{
	struct built b = full_result();
	char *s;

	(void)state;
	hdr(&b)->flags = 0;
	hdr(&b)->nr_facts = 0;
	hdr(&b)->nr_rows = 0;
	s = format(&b);
	assert_string_equal(s,
		"result: 7\n"
		"experiment: kmalloc\n"
		"command: kmalloc size=40 count=1000 gfp=KERNEL pattern=bulk cpus=1 mode=perop batch=1\n"
		"cpus: 1\n"
		"mode: batch\n"
		"batch: 1\n"
		"ops: 1000\n"
		"failures: 0\n"
		"elapsed_ns: 123456\n"
		"bytes_requested: 40000\n"
		"bytes_consumed: 64000\n");
	free(s);

	/* no phase at all: ops 0 */
	hdr(&b)->nr_phases = 0;
	s = format(&b);
	assert_non_null(strstr(s, "\nops: 0\n"));
	free(s);
	free(b.buf);
}

/* Cycles only where flagged; a phase without ops is named but not shown. */
static void test_format_phase_rules(void **state)
{
	struct built b = build(3, 0, 0);
	char *s;

	(void)state;
	hdr(&b)->flags = ALLOCLAB_RES_TIMED;	/* no RES_CYCLES */
	hdr(&b)->nr_phases = 3;
	set_phase(phase(&b, 0), "map", ALLOCLAB_U_PAGES, 0, 0, 0, 0);
	set_phase(phase(&b, 1), "touch", ALLOCLAB_U_PAGES, 3, 2, 3000, 1000);
	phase(&b, 1)->flags = ALLOCLAB_PH_CYCLES;
	set_phase(phase(&b, 2), "unmap", ALLOCLAB_U_BYTES, 2, 2, 0, 1000);
	s = format(&b);
	assert_int_equal(count_lines(s, "timer_overhead_cycles"), 0);
	assert_non_null(strstr(s,
		"elapsed_ns: 0\n"
		"timer_overhead_ns: 0.0\n"
		"phases: map touch unmap\n"
		"touch_ops: 3\n"));
	assert_int_equal(count_lines(s, "ns_"), 0);		/* phase 0 ran nothing */
	assert_int_equal(count_lines(s, "map_"), 0);
	assert_int_equal(count_lines(s, "touch_ns_"), 7);	/* 6 stats, ns_per_unit */
	assert_int_equal(count_lines(s, "touch_cycles_"), 6);
	assert_non_null(strstr(s,
		"touch_unit: pages\n"
		"touch_units_per_op: 0.7\n"	/* 2 / 3 */
		"touch_ns_per_unit: 1.5\n"	/* 3000 ps / 1000 / 2 */
		"unmap_ops: 2\n"));
	assert_int_equal(count_lines(s, "unmap_cycles_"), 0);
	/* units == ops: no per-unit lines; bytes: MB/s (0 time: 0.0) */
	assert_non_null(strstr(s, "unmap_unit: bytes\nunmap_mb_per_s: 0.0\nbytes_requested: 0\n"));
	free(s);
	free(b.buf);
}

/* A built-in command's result: its facts, nothing else. */
static void test_format_builtin(void **state)
{
	struct built b = build(0, 2, 0);
	char *s;

	(void)state;
	hdr(&b)->flags = ALLOCLAB_RES_BUILTIN;
	strcpy(hdr(&b)->experiment, "release");
	fact(&b, "released", "2");
	fact(&b, "freed_bytes", "8192");
	s = format(&b);
	assert_string_equal(s, "released: 2\nfreed_bytes: 8192\n");
	free(s);
	hdr(&b)->nr_facts = 0;
	s = format(&b);
	assert_string_equal(s, "");
	free(s);
	free(b.buf);
}

/* Fields the kernel filled to the last byte print without running over. */
static void test_format_unterminated(void **state)
{
	struct built b = full_result();
	struct alloclab_fact *f = (struct alloclab_fact *)(b.buf + hdr(&b)->fact_off);
	struct alloclab_row *r = (struct alloclab_row *)(b.buf + hdr(&b)->row_off);
	char *s, want[512], e[sizeof(hdr(&b)->experiment) + 1];

	(void)state;
	memset(hdr(&b)->experiment, 'e', sizeof(hdr(&b)->experiment));
	memset(phase(&b, 1)->name, 'p', sizeof(phase(&b, 1)->name));
	memset(f->key, 'K', sizeof(f->key));
	memset(f->value, 'V', sizeof(f->value));
	memset(r->table, 'T', sizeof(r->table));
	memset(r->text, 'x', sizeof(r->text));
	s = format(&b);
	memset(e, 'e', sizeof(e) - 1);
	e[sizeof(e) - 1] = '\0';
	snprintf(want, sizeof(want), "experiment: %s\n", e);
	assert_non_null(strstr(s, want));
	assert_int_equal(count_lines(s, "pppppppppppppppp_ops: 1000"), 1);
	assert_int_equal(count_lines(s, "KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK: VVVV"), 1);
	assert_int_equal(count_lines(s, "TTTTTTTTTTTTTTTTTTTTTTTT[0]: xxxx"), 1);
	free(s);
	free(b.buf);
}

/* ---- the bounds checks ---- */

static int check(const void *buf, size_t avail, const char *want_err)
{
	struct result_view v;
	char err[256];
	int ret = result_view_init(&v, buf, avail, err, sizeof(err));

	if (ret && want_err && !strstr(err, want_err))
		fail_msg("error \"%s\" does not say \"%s\"", err, want_err);
	return ret;
}

static void test_bounds(void **state)
{
	struct built b = full_result();
	struct alloclab_result *h = hdr(&b), saved = *h;
	const size_t hs = sizeof(*h);

	(void)state;
	assert_int_equal(check(b.buf, b.size, NULL), 0);
	assert_int_equal(check(b.buf, b.size + 100, NULL), 0);	/* room to spare */
	assert_int_equal(check(NULL, b.size, "shorter"), -1);
	assert_int_equal(check(b.buf, hs - 1, "shorter than a result header"), -1);
	assert_int_equal(check(b.buf, b.size - 1, "outside"), -1);	/* size > filled */

#define CORRUPT(stmt, msg) do {						\
		*h = saved;						\
		stmt;							\
		assert_int_equal(check(b.buf, b.size, msg), -1);	\
	} while (0)
	CORRUPT(h->abi_version = 1, "ABI version 1");
	CORRUPT(h->size = hs - 8, "outside");
	CORRUPT(h->size = 0xffffffffU, "outside");
	CORRUPT(h->nr_phases = ALLOCLAB_MAX_PHASES + 1, "more than");
	CORRUPT(h->nr_facts = ALLOCLAB_MAX_FACTS + 1, "more than");
	CORRUPT(h->nr_rows = ALLOCLAB_MAX_ROWS + 1, "more than");
	CORRUPT(h->phase_off = 0, "outside the result");		/* in the header */
	CORRUPT(h->phase_off = hs - 1, "outside the result");
	CORRUPT(h->fact_off = h->size - 4 * sizeof(struct alloclab_fact) + 1,
		"outside the result");					/* runs past the end */
	CORRUPT(h->row_off = h->size, "outside the result");
	CORRUPT(h->row_off = 0xffffffffU, "outside the result");
	CORRUPT(h->fact_off = 0xfffffff0U, "outside the result");
	CORRUPT(h->nr_rows = 4, "outside the result");			/* one row too many */
	CORRUPT(h->size = h->row_off + 2 * sizeof(struct alloclab_row), "outside the result");
#undef CORRUPT

	/* no elements: the offset does not matter */
	*h = saved;
	h->nr_rows = 0;
	h->row_off = 0xffffffffU;
	assert_int_equal(check(b.buf, b.size, NULL), 0);
	free(b.buf);
}

/* ---- arithmetic ---- */

static void test_ratio(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(result_ratio(3, 1, 2, 1, buf, sizeof(buf)), "1.5");
	assert_string_equal(result_ratio(1, 1, 20, 1, buf, sizeof(buf)), "0.1");	/* 0.05 up */
	assert_string_equal(result_ratio(1, 1, 21, 1, buf, sizeof(buf)), "0.0");
	assert_string_equal(result_ratio(2, 1, 3, 1, buf, sizeof(buf)), "0.7");
	assert_string_equal(result_ratio(5, 1, 1000, 1, buf, sizeof(buf)), "0.0");
	assert_string_equal(result_ratio(7, 1, 0, 1, buf, sizeof(buf)), "0.0");
	assert_string_equal(result_ratio(7, 1, 1, 0, buf, sizeof(buf)), "0.0");
	assert_string_equal(result_ratio(0, 1, 7, 1, buf, sizeof(buf)), "0.0");
	/* MB/s of 40000 bytes in 50.95 us; ns per unit of 3000 ps over 2 units */
	assert_string_equal(result_ratio(40000, 1000000, 50950000, 1, buf, sizeof(buf)), "785.1");
	assert_string_equal(result_ratio(3000, 1, 1000, 2, buf, sizeof(buf)), "1.5");
	/* beyond 64 bits on both sides, exactly */
	assert_string_equal(result_ratio(~0ULL, 1000000, 1, 1, buf, sizeof(buf)),
			    "18446744073709551615000000.0");
	assert_string_equal(result_ratio(~0ULL, 1, ~0ULL, 1000, buf, sizeof(buf)), "0.0");
	assert_string_equal(result_ratio(~0ULL, 1000000, ~0ULL, 1000, buf, sizeof(buf)),
			    "1000.0");
	assert_string_equal(result_ratio(~0ULL, 1, 2, 1, buf, sizeof(buf)),
			    "9223372036854775807.5");
	/* a short buffer truncates, never overflows */
	assert_string_equal(result_ratio(12345, 1, 1, 1, buf, 4), "123");
}

/* The core prints tenths = (ps + 50) / 100; so must we. */
static void test_ps_rounding(void **state)
{
	unsigned long long v[] = { 0, 1, 49, 50, 94, 99, 100, 149, 150, 999, 1000, 1049, 1050,
				   999949, 999950, 123456789, 18446744073709551000ULL };
	char buf[32], want[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		unsigned long long t = (v[i] + 50) / 100;

		snprintf(want, sizeof(want), "%llu.%llu", t / 10, t % 10);
		assert_string_equal(result_ps_to_ns(v[i], buf, sizeof(buf)), want);
	}
	assert_string_equal(result_ps_to_ns(1050, buf, sizeof(buf)), "1.1");
	assert_string_equal(result_ps_to_ns(999950, buf, sizeof(buf)), "1000.0");
	assert_string_equal(result_ps_to_ns(49, buf, sizeof(buf)), "0.0");
	assert_string_equal(result_ps_to_ns(~0ULL, buf, sizeof(buf)), "18446744073709551.6");
}

static void test_unit_names(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(result_unit_name(ALLOCLAB_U_OBJECTS, buf, sizeof(buf)), "objects");
	assert_string_equal(result_unit_name(ALLOCLAB_U_PAGES, buf, sizeof(buf)), "pages");
	assert_string_equal(result_unit_name(ALLOCLAB_U_BYTES, buf, sizeof(buf)), "bytes");
	assert_string_equal(result_unit_name(7, buf, sizeof(buf)), "unit7");
}

/* ---- text -> JSON ---- */

/* Text -> blocks keeps every key in order: the ioctl and debugfs paths agree. */
static void test_roundtrip(void **state)
{
	static const char *const keys[] = {
		"result", "experiment", "command", "cpus", "mode", "batch", "ops", "failures",
		"elapsed_ns", "timer_overhead_ns", "timer_overhead_cycles", "phases", "ns_mean",
	};
	struct built b = full_result();
	char *s = format(&b);
	struct kvdoc doc;
	size_t i;

	(void)state;
	kv_parse(s, &doc);
	assert_int_equal(doc.n, 1);
	assert_int_equal(doc.bad, 0);
	assert_int_equal(doc.b[0].n, (size_t)count_lines(s, ""));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_string_equal(doc.b[0].kv[i].key, keys[i]);
	assert_string_equal(kv_get(&doc.b[0], "slab_class"), "kmalloc-64");
	assert_string_equal(kv_get(&doc.b[0], "command"), hdr(&b)->command);
	assert_string_equal(kv_get(&doc.b[0], "slabs[1]"),
			    "addr=00000000abcdef00 objects=64 inuse=2");
	kv_free(&doc);
	free(s);
	free(b.buf);
}

static void test_row_key(void **state)
{
	unsigned long idx = 99;

	(void)state;
	assert_int_equal(result_row_key("slabs[0]", &idx), 5);
	assert_int_equal(idx, 0);
	assert_int_equal(result_row_key("free_areas[12]", &idx), 10);
	assert_int_equal(idx, 12);
	assert_int_equal(result_row_key("a-b[3]", &idx), 3);
	assert_int_equal(result_row_key("slabs", &idx), 0);
	assert_int_equal(result_row_key("slabs[]", &idx), 0);
	assert_int_equal(result_row_key("slabs[1]x", &idx), 0);
	assert_int_equal(result_row_key("slabs[1", &idx), 0);
	assert_int_equal(result_row_key("[1]", &idx), 0);
	assert_int_equal(result_row_key("a b[1]", &idx), 0);
	assert_int_equal(result_row_key("slabs[-1]", &idx), 0);
	assert_int_equal(result_row_key("slabs[99999999999999999999999]", &idx), 0);
}

static void test_json_single(void **state)
{
	struct capture c;
	char *s;

	(void)state;
	assert_int_equal(result_text_to_json(
		"result: 3\n"
		"experiment: kmalloc\n"
		"command: kmalloc size=40 count=1000\n"
		"ns_p50: 12.5\n"
		"ksize: 64\n"
		"backing: slab\n"
		"virt: 0xffff888003a1c000\n"
		"note: say \"hi\"\n"
		"\n"
		"result: 4\n", cap_open(&c), 1), 0);
	s = cap_take(&c);
	assert_string_equal(s,
		"{\n"
		"  \"result\": 3,\n"
		"  \"experiment\": \"kmalloc\",\n"
		"  \"command\": \"kmalloc size=40 count=1000\",\n"
		"  \"ns_p50\": 12.5,\n"
		"  \"ksize\": 64,\n"
		"  \"backing\": \"slab\",\n"
		"  \"virt\": \"0xffff888003a1c000\",\n"
		"  \"note\": \"say \\\"hi\\\"\"\n"
		"}\n");
	free(s);

	/* nothing to convert */
	assert_int_equal(result_text_to_json("", cap_open(&c), 1), -1);
	free(cap_take(&c));
}

/* Rows become arrays of objects, in index order, where the table first shows. */
static void test_json_tables(void **state)
{
	struct capture c;
	char *s;

	(void)state;
	assert_int_equal(result_text_to_json(
		"result: 5\n"
		"pages[1]: pfn=0x1a2b order=0 zone=Normal\n"
		"ksize: 64\n"
		"nodes[0]: node=0 pages=2\n"
		"pages[0]: pfn=4096 order=1 zone=DMA32 pct=12.5\n"
		"pages[2]: weird row without pairs\n"
		"odd[0]: \n"
		"truncated: yes\n", cap_open(&c), 1), 0);
	s = cap_take(&c);
	assert_string_equal(s,
		"{\n"
		"  \"result\": 5,\n"
		"  \"pages\": [\n"
		"    {\n"
		"      \"pfn\": 4096,\n"
		"      \"order\": 1,\n"
		"      \"zone\": \"DMA32\",\n"
		"      \"pct\": 12.5\n"
		"    },\n"
		"    {\n"
		"      \"pfn\": \"0x1a2b\",\n"
		"      \"order\": 0,\n"
		"      \"zone\": \"Normal\"\n"
		"    },\n"
		"    {\n"
		"      \"text\": \"weird row without pairs\"\n"
		"    }\n"
		"  ],\n"
		"  \"ksize\": 64,\n"
		"  \"nodes\": [\n"
		"    {\n"
		"      \"node\": 0,\n"
		"      \"pages\": 2\n"
		"    }\n"
		"  ],\n"
		"  \"odd\": [\n"
		"    {}\n"
		"  ],\n"
		"  \"truncated\": \"yes\"\n"
		"}\n");
	free(s);
}

/* A formatted binary result and its JSON: tables as arrays, the rest as before. */
static void test_json_of_result(void **state)
{
	struct built b = full_result();
	char *text = format(&b), *s;
	struct capture c;

	(void)state;
	assert_int_equal(result_text_to_json(text, cap_open(&c), 1), 0);
	s = cap_take(&c);
	assert_non_null(strstr(s, "  \"phases\": \"alloc free\",\n"));
	assert_non_null(strstr(s, "  \"mb_per_s\": 785.1,\n"));
	assert_non_null(strstr(s, "  \"slabs\": [\n    {\n      \"addr\": \"0000000012345678\",\n"
				  "      \"objects\": 64,\n"));
	assert_non_null(strstr(s, "  \"nodes\": [\n    {\n      \"node\": 0,\n"
				  "      \"objects\": 66\n    }\n  ],\n  \"truncated\": \"yes\"\n}\n"));
	assert_null(strstr(s, "slabs["));
	free(s);
	free(text);
	free(b.buf);
}

static void test_json_report(void **state)
{
	struct capture c;
	char *s;

	(void)state;
	assert_int_equal(result_text_to_json(
		"dropped: 2\n"
		"\n"
		"result: 3\n"
		"ops: 10\n"
		"\n"
		"result: 4\n"
		"ops: 20\n"
		"t[0]: a=1\n", cap_open(&c), 0), 0);
	s = cap_take(&c);
	assert_string_equal(s,
		"{\n"
		"  \"dropped\": 2,\n"
		"  \"results\": [\n"
		"    {\n"
		"      \"result\": 3,\n"
		"      \"ops\": 10\n"
		"    },\n"
		"    {\n"
		"      \"result\": 4,\n"
		"      \"ops\": 20,\n"
		"      \"t\": [\n"
		"        {\n"
		"          \"a\": 1\n"
		"        }\n"
		"      ]\n"
		"    }\n"
		"  ]\n"
		"}\n");
	free(s);

	/* an empty report is an empty list */
	assert_int_equal(result_text_to_json("", cap_open(&c), 0), 0);
	s = cap_take(&c);
	assert_string_equal(s, "{\n  \"results\": []\n}\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_full),
		cmocka_unit_test(test_format_untimed),
		cmocka_unit_test(test_format_phase_rules),
		cmocka_unit_test(test_format_builtin),
		cmocka_unit_test(test_format_unterminated),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_ps_rounding),
		cmocka_unit_test(test_unit_names),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_row_key),
		cmocka_unit_test(test_json_single),
		cmocka_unit_test(test_json_tables),
		cmocka_unit_test(test_json_of_result),
		cmocka_unit_test(test_json_report),
	};

	return cmocka_run_group_tests_name("result", tests, NULL, NULL);
}
