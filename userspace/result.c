// SPDX-License-Identifier: GPL-2.0
/*
 * result.c - binary alloclab result (ABI v2) to text, result text to JSON.
 * The text form is the one fixed in include/uapi/alloclab.h.
 */
#include <stdlib.h>
#include <string.h>

#include "result.h"

/* ---- exact x.y arithmetic: 128-bit without compiler support ---- */

struct u128 {
	uint64_t hi, lo;
};

static struct u128 u128_mul(uint64_t a, uint64_t b)
{
	uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
	struct u128 r;

	r.lo = (mid << 32) | (uint32_t)p00;
	r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	return r;
}

static int u128_ge(struct u128 a, struct u128 b)
{
	return a.hi != b.hi ? a.hi > b.hi : a.lo >= b.lo;
}

static struct u128 u128_sub(struct u128 a, struct u128 b)
{
	struct u128 r = { a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo };

	return r;
}

static struct u128 u128_shl1(struct u128 a)
{
	struct u128 r = { (a.hi << 1) | (a.lo >> 63), a.lo << 1 };

	return r;
}

static struct u128 u128_add(struct u128 a, struct u128 b)
{
	struct u128 r = { a.hi + b.hi, a.lo + b.lo };

	r.hi += r.lo < a.lo;
	return r;
}

/* *q = n / d, returns n % d (d != 0). */
static struct u128 u128_divmod(struct u128 n, struct u128 d, struct u128 *q)
{
	struct u128 r = { 0, 0 }, one = { 0, 1 };
	int i;

	*q = r;
	for (i = 127; i >= 0; i--) {
		uint64_t bit = i >= 64 ? (n.hi >> (i - 64)) & 1 : (n.lo >> i) & 1;
		uint64_t carry = r.hi >> 63;	/* r << 1 is then >= 2^128 > d */

		r = u128_shl1(r);
		r.lo |= bit;
		*q = u128_shl1(*q);
		if (carry || u128_ge(r, d)) {
			r = u128_sub(r, d);
			*q = u128_add(*q, one);
		}
	}
	return r;
}

/* Decimal text of @v into @buf (at least 40 bytes). */
static char *u128_str(struct u128 v, char *buf, size_t len)
{
	struct u128 ten = { 0, 10 }, zero = { 0, 0 };
	char tmp[48];
	int n = 0;

	do {
		struct u128 r = u128_divmod(v, ten, &v);

		tmp[n++] = (char)('0' + r.lo);
	} while (!u128_ge(zero, v) && n < (int)sizeof(tmp));
	if ((size_t)n >= len)
		n = (int)len - 1;
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

const char *result_ratio(uint64_t n1, uint64_t n2, uint64_t d1, uint64_t d2,
			 char *buf, size_t len)
{
	struct u128 n = u128_mul(n1, n2), d = u128_mul(d1, d2), q, r;
	struct u128 ten = { 0, 10 }, one = { 0, 1 };
	char num[48];

	if (!d.hi && !d.lo) {
		snprintf(buf, len, "0.0");
		return buf;
	}
	/* tenths = round_half_up(10 n / d); 10 n fits: n1 * n2 < 2^124 here */
	n = u128_add(u128_shl1(u128_shl1(u128_shl1(n))), u128_shl1(n));
	r = u128_divmod(n, d, &q);
	if ((r.hi >> 63) || u128_ge(u128_shl1(r), d))
		q = u128_add(q, one);
	r = u128_divmod(q, ten, &q);
	snprintf(buf, len, "%s.%u", u128_str(q, num, sizeof(num)), (unsigned int)r.lo);
	return buf;
}

const char *result_ps_to_ns(unsigned long long ps, char *buf, size_t len)
{
	return result_ratio(ps, 1, 1000, 1, buf, len);
}

/* ---- checking what the kernel sent ---- */

/* Is the array of @n elements of @elem bytes at @off inside the result? */
static int array_ok(uint64_t off, uint64_t n, uint64_t elem, uint64_t size)
{
	if (!n)
		return 1;
	return off >= sizeof(struct alloclab_result) && off <= size &&
	       n * elem <= size - off;
}

int result_view_init(struct result_view *v, const void *buf, size_t avail,
		     char *err, size_t errlen)
{
	const struct alloclab_result *h = &v->hdr;

	memset(v, 0, sizeof(*v));
	if (!buf || avail < sizeof(*h)) {
		snprintf(err, errlen, "%zu bytes, shorter than a result header (%zu)",
			 buf ? avail : 0, sizeof(*h));
		return -1;
	}
	memcpy(&v->hdr, buf, sizeof(v->hdr));
	if (h->abi_version != ALLOCLAB_ABI_VERSION) {
		snprintf(err, errlen, "result of ABI version %u, expected %d",
			 h->abi_version, ALLOCLAB_ABI_VERSION);
		return -1;
	}
	if (h->size < sizeof(*h) || h->size > avail) {
		snprintf(err, errlen, "result size %u outside %zu..%zu",
			 h->size, sizeof(*h), avail);
		return -1;
	}
	if (h->nr_phases > ALLOCLAB_MAX_PHASES || h->nr_facts > ALLOCLAB_MAX_FACTS ||
	    h->nr_rows > ALLOCLAB_MAX_ROWS) {
		snprintf(err, errlen, "%u phases, %u facts, %u rows: more than %d, %d, %d",
			 h->nr_phases, h->nr_facts, h->nr_rows, ALLOCLAB_MAX_PHASES,
			 ALLOCLAB_MAX_FACTS, ALLOCLAB_MAX_ROWS);
		return -1;
	}
	if (!array_ok(h->phase_off, h->nr_phases, sizeof(struct alloclab_phase), h->size) ||
	    !array_ok(h->fact_off, h->nr_facts, sizeof(struct alloclab_fact), h->size) ||
	    !array_ok(h->row_off, h->nr_rows, sizeof(struct alloclab_row), h->size)) {
		snprintf(err, errlen, "an array lies outside the result (size %u: phases "
			 "%u at %u, facts %u at %u, rows %u at %u)", h->size,
			 h->nr_phases, h->phase_off, h->nr_facts, h->fact_off,
			 h->nr_rows, h->row_off);
		return -1;
	}
	v->base = buf;
	v->size = h->size;
	return 0;
}

void result_phase(const struct result_view *v, unsigned int i, struct alloclab_phase *ph)
{
	memcpy(ph, v->base + v->hdr.phase_off + (size_t)i * sizeof(*ph), sizeof(*ph));
}

void result_fact(const struct result_view *v, unsigned int i, struct alloclab_fact *fa)
{
	memcpy(fa, v->base + v->hdr.fact_off + (size_t)i * sizeof(*fa), sizeof(*fa));
}

void result_row(const struct result_view *v, unsigned int i, struct alloclab_row *row)
{
	memcpy(row, v->base + v->hdr.row_off + (size_t)i * sizeof(*row), sizeof(*row));
}

/* ---- text form ---- */

/* A fixed-size char field that may lack its NUL. */
#define FIELD(s) (int)strnlen((s), sizeof(s)), (s)

const char *result_unit_name(unsigned int unit, char *buf, size_t len)
{
	static const char *const names[] = {
		[ALLOCLAB_U_OBJECTS] = "objects",
		[ALLOCLAB_U_PAGES] = "pages",
		[ALLOCLAB_U_BYTES] = "bytes",
	};

	if (unit < sizeof(names) / sizeof(names[0]))
		return names[unit];
	snprintf(buf, len, "unit%u", unit);
	return buf;
}

static void stats_values(const struct alloclab_stats *s, unsigned long long v[6])
{
	v[0] = s->mean;
	v[1] = s->min;
	v[2] = s->p50;
	v[3] = s->p90;
	v[4] = s->p99;
	v[5] = s->max;
}

static const char *const stat_names[] = {
	"mean", "min", "p50", "p90", "p99", "max",
};

/* "<P>ns_mean: x.y" ... from picoseconds, or "<P>cycles_mean: n" ... */
static void print_stats(FILE *f, const char *prefix, const char *what,
			const struct alloclab_stats *s, int ps)
{
	unsigned long long v[6];
	char buf[48];
	int i;

	stats_values(s, v);
	for (i = 0; i < 6; i++) {
		if (ps)
			fprintf(f, "%s%s_%s: %s\n", prefix, what, stat_names[i],
				result_ps_to_ns(v[i], buf, sizeof(buf)));
		else
			fprintf(f, "%s%s_%s: %llu\n", prefix, what, stat_names[i], v[i]);
	}
}

/* One phase's block; @first: phase 0 has no prefix and no ops line. */
static void print_phase(FILE *f, const struct alloclab_phase *ph, int first)
{
	char prefix[ALLOCLAB_PHASE_LEN + 2] = "", buf[48];

	if (!first) {
		snprintf(prefix, sizeof(prefix), "%.*s_", FIELD(ph->name));
		fprintf(f, "%sops: %llu\n", prefix, (unsigned long long)ph->ops);
	}
	print_stats(f, prefix, "ns", &ph->ns_ps, 1);
	if (ph->flags & ALLOCLAB_PH_CYCLES)
		print_stats(f, prefix, "cycles", &ph->cycles, 0);
	fprintf(f, "%sunit: %s\n", prefix, result_unit_name(ph->unit, buf, sizeof(buf)));
	if (ph->units != ph->ops) {
		fprintf(f, "%sunits_per_op: %s\n", prefix,
			result_ratio(ph->units, 1, ph->ops, 1, buf, sizeof(buf)));
		fprintf(f, "%sns_per_unit: %s\n", prefix,
			result_ratio(ph->time_ps, 1, 1000, ph->units, buf, sizeof(buf)));
	}
	if (ph->unit == ALLOCLAB_U_BYTES)
		fprintf(f, "%smb_per_s: %s\n", prefix,
			result_ratio(ph->units, 1000000, ph->time_ps, 1, buf, sizeof(buf)));
}

/* timer overhead, "phases:" and each phase that ran (ALLOCLAB_RES_TIMED) */
static void print_timed(const struct result_view *v, FILE *f)
{
	const struct alloclab_result *r = &v->hdr;
	struct alloclab_phase ph;
	unsigned int i;
	char buf[48];

	fprintf(f, "timer_overhead_ns: %s\n",
		result_ps_to_ns(r->timer_overhead_ps, buf, sizeof(buf)));
	if (r->flags & ALLOCLAB_RES_CYCLES)
		fprintf(f, "timer_overhead_cycles: %llu\n",
			(unsigned long long)r->timer_overhead_cycles);
	fputs("phases:", f);
	for (i = 0; i < r->nr_phases; i++) {
		result_phase(v, i, &ph);
		fprintf(f, " %.*s", FIELD(ph.name));
	}
	fputc('\n', f);
	for (i = 0; i < r->nr_phases; i++) {
		result_phase(v, i, &ph);
		if (ph.ops)
			print_phase(f, &ph, i == 0);
	}
}

static void print_facts(const struct result_view *v, FILE *f)
{
	struct alloclab_fact fa;
	unsigned int i;

	for (i = 0; i < v->hdr.nr_facts; i++) {
		result_fact(v, i, &fa);
		fprintf(f, "%.*s: %.*s\n", FIELD(fa.key), FIELD(fa.value));
	}
}

static void print_rows(const struct result_view *v, FILE *f)
{
	struct alloclab_row row;
	unsigned int i;

	for (i = 0; i < v->hdr.nr_rows; i++) {
		result_row(v, i, &row);
		fprintf(f, "%.*s[%u]: %.*s\n", FIELD(row.table), row.index, FIELD(row.text));
	}
}

void result_format(const struct result_view *v, FILE *f)
{
	const struct alloclab_result *r = &v->hdr;
	struct alloclab_phase ph0;

	if (r->flags & ALLOCLAB_RES_BUILTIN) {
		print_facts(v, f);
		return;
	}
	if (r->nr_phases)
		result_phase(v, 0, &ph0);
	fprintf(f, "result: %u\n", r->seq);
	fprintf(f, "experiment: %.*s\n", FIELD(r->experiment));
	fprintf(f, "command: %.*s\n", FIELD(r->command));
	fprintf(f, "cpus: %u\n", r->cpus);
	fprintf(f, "mode: %s\n", r->flags & ALLOCLAB_RES_PEROP ? "perop" : "batch");
	fprintf(f, "batch: %u\n", r->batch);
	fprintf(f, "ops: %llu\n", r->nr_phases ? (unsigned long long)ph0.ops : 0ULL);
	fprintf(f, "failures: %llu\n", (unsigned long long)r->failures);
	fprintf(f, "elapsed_ns: %llu\n", (unsigned long long)r->elapsed_ns);
	if (r->flags & ALLOCLAB_RES_TIMED)
		print_timed(v, f);
	fprintf(f, "bytes_requested: %llu\n", (unsigned long long)r->bytes_requested);
	fprintf(f, "bytes_consumed: %llu\n", (unsigned long long)r->bytes_consumed);
	if (r->flags & ALLOCLAB_RES_HELD)
		fputs("held: yes\n", f);
	print_facts(v, f);
	print_rows(v, f);
	if (r->flags & ALLOCLAB_RES_TRUNCATED)
		fputs("truncated: yes\n", f);
}

char *result_format_str(const struct result_view *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		out_perror("open_memstream");
		exit(1);
	}
	result_format(v, f);
	fclose(f);
	return buf;
}

/* ---- JSON ---- */

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

size_t result_row_key(const char *key, unsigned long *index)
{
	const char *p = key, *digits;
	unsigned long n = 0;

	while (name_char(*p))
		p++;
	if (p == key || *p != '[')
		return 0;
	digits = ++p;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > (~0UL - 9) / 10)
			return 0;
		n = n * 10 + (unsigned long)(*p - '0');
	}
	if (p == digits || p[0] != ']' || p[1])
		return 0;
	*index = n;
	return (size_t)(digits - 1 - key);
}

/* "k=v k=v" as an object; a word without "k=" makes it {"text": row}. */
static void row_json(struct out_json *j, const char *text)
{
	char *copy = out_xstrdup(text), *save = NULL, *w;
	int plain = 1;

	for (w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		if (!strchr(w, '=') || w[0] == '=')
			plain = 0;
	free(copy);
	json_obj_begin(j, NULL);
	if (!plain) {
		json_str(j, "text", text);
		json_obj_end(j);
		return;
	}
	copy = out_xstrdup(text);
	for (w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		char *eq = strchr(w, '=');

		*eq = '\0';
		json_num(j, w, eq + 1);
	}
	free(copy);
	json_obj_end(j);
}

/* Rows of table @name (@nlen bytes) of @b, from @first on, by index. */
static void table_json(struct out_json *j, const struct kvblock *b, size_t first,
		       const char *name, size_t nlen)
{
	size_t *pick = out_xmalloc(sizeof(*pick) * (b->n - first));
	unsigned long *idx = out_xmalloc(sizeof(*idx) * (b->n - first));
	char *tname = out_xmalloc(nlen + 1);
	size_t i, k, n = 0;

	memcpy(tname, name, nlen);
	tname[nlen] = '\0';
	for (i = first; i < b->n; i++) {
		unsigned long x;

		if (result_row_key(b->kv[i].key, &x) != nlen ||
		    strncmp(b->kv[i].key, name, nlen))
			continue;
		/* insertion sort, stable: equal indices keep the text order */
		for (k = n; k > 0 && idx[k - 1] > x; k--) {
			idx[k] = idx[k - 1];
			pick[k] = pick[k - 1];
		}
		idx[k] = x;
		pick[k] = i;
		n++;
	}
	json_arr_begin(j, tname);
	for (k = 0; k < n; k++)
		row_json(j, b->kv[pick[k]].val);
	json_arr_end(j);
	free(tname);
	free(idx);
	free(pick);
}

/* Was table @name already written (a row of it before @i)? */
static int table_seen(const struct kvblock *b, size_t i, const char *name, size_t nlen)
{
	unsigned long x;
	size_t k;

	for (k = 0; k < i; k++)
		if (result_row_key(b->kv[k].key, &x) == nlen &&
		    !strncmp(b->kv[k].key, name, nlen))
			return 1;
	return 0;
}

void result_json_block(struct out_json *j, const char *key, const struct kvblock *b)
{
	unsigned long x;
	size_t i, nlen;

	json_obj_begin(j, key);
	for (i = 0; i < b->n; i++) {
		const char *k = b->kv[i].key;

		nlen = result_row_key(k, &x);
		if (!nlen)
			json_num(j, k, b->kv[i].val);
		else if (!table_seen(b, i, k, nlen))
			table_json(j, b, i, k, nlen);
	}
	json_obj_end(j);
}

int result_text_to_json(const char *text, FILE *f, int single)
{
	struct out_json j;
	struct kvdoc doc;
	size_t i;
	int ret = 0;

	kv_parse(text, &doc);
	json_init(&j, f);
	if (single) {
		if (!doc.n) {
			kv_free(&doc);
			return -1;
		}
		result_json_block(&j, NULL, &doc.b[0]);
	} else {
		i = 0;
		json_obj_begin(&j, NULL);
		if (doc.n && doc.b[0].n == 1 && !strcmp(doc.b[0].kv[0].key, "dropped")) {
			json_num(&j, "dropped", doc.b[0].kv[0].val);
			i = 1;
		}
		json_arr_begin(&j, "results");
		for (; i < doc.n; i++)
			result_json_block(&j, NULL, &doc.b[i]);
		json_arr_end(&j);
		json_obj_end(&j);
	}
	if (json_end(&j))
		ret = -1;
	kv_free(&doc);
	return ret;
}
