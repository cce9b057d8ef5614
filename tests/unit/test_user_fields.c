// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the field descriptions of the `alloclab user` experiments
 * (userspace/user/user_common.c): every experiment's structs render to JSON
 * and to the text table from one description, so the JSON keys and the
 * table headers must be the same names, in the same order, with the same
 * fields left out when absent; every key is canonical snake_case; values
 * read the same in both views.
 */
#include "testutil.h"
#include <ctype.h>
#include "user/user.h"

#define MAX_KEYS	64

struct keys {
	int n;
	char k[MAX_KEYS][64];
};

/* Render @d's struct @obj to JSON in memory; the keys of its top object. */
static void json_keys(const struct ufields *d, const void *obj, struct keys *ks, char **text)
{
	struct out_json j;
	size_t len;
	char *buf, *p;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	json_init(&j, f);
	uf_json(&j, NULL, d, obj);
	assert_int_equal(json_end(&j), 0);
	fclose(f);
	memset(ks, 0, sizeof(*ks));
	/* one member per line, indented 2 spaces at this depth */
	for (p = buf; (p = strstr(p, "\n  \"")); p++) {
		char *q = p + 4, *e = strchr(q, '"');

		assert_non_null(e);
		assert_true(ks->n < MAX_KEYS);
		snprintf(ks->k[ks->n++], 64, "%.*s", (int)(e - q), q);
	}
	*text = buf;
}

/* Render @d's struct @obj as a one-row table; the header names. */
static void table_keys(const struct ufields *d, const void *obj, struct keys *ks, char **text)
{
	struct out_table t;
	size_t len;
	char *buf, *tok, *save = NULL, *line;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	uf_table(&t, d, obj, 1);
	table_print(&t, f);
	table_free(&t);
	fclose(f);
	memset(ks, 0, sizeof(*ks));
	line = strndup(buf, strcspn(buf, "\n"));
	for (tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		snprintf(ks->k[ks->n++], 64, "%s", tok);
	free(line);
	*text = buf;
}

static void assert_same_keys(const char *name, const struct keys *a, const struct keys *b)
{
	int i;

	if (a->n != b->n)
		fail_msg("%s: %d JSON keys, %d table columns", name, a->n, b->n);
	for (i = 0; i < a->n; i++)
		if (strcmp(a->k[i], b->k[i]))
			fail_msg("%s: JSON key '%s', table header '%s'", name, a->k[i], b->k[i]);
}

static const unsigned long long series[] = { 1, 2, 3 };

/* A struct of @d with every field present (@present) or every optional one absent. */
static void *fill(const struct ufields *d, int present)
{
	char *obj = calloc(1, d->size + 8);
	int i;

	assert_non_null(obj);
	for (i = 0; i < d->n; i++) {
		const struct ufield *f = &d->f[i];

		if (f->has)
			*(int *)(obj + f->has - 1) = present;
	}
	for (i = 0; i < d->n; i++) {
		const struct ufield *f = &d->f[i];

		if (f->type == UF_STR)
			*(const char **)(obj + f->off) = "x";
		if (f->type == UF_SERIES) {
			struct useries *s = (struct useries *)(obj + f->off);

			s->v = series;
			s->n = 3;
		}
	}
	return obj;
}

static int is_canonical(const char *k)
{
	if (!islower((unsigned char)*k))
		return 0;
	for (; *k; k++)
		if (!islower((unsigned char)*k) && !isdigit((unsigned char)*k) && *k != '_')
			return 0;
	return k[-1] != '_';
}

/* Every key: snake_case, once per struct; no table header differs from its JSON key. */
static void test_every_description_same_keys(void **state)
{
	const struct ufields *const *d;
	int present, i, k, n = 0;

	(void)state;
	for (d = u_all_fields; *d; d++, n++) {
		for (i = 0; i < (*d)->n; i++) {
			if (!is_canonical((*d)->f[i].key))
				fail_msg("%s: key '%s' is not snake_case", (*d)->name, (*d)->f[i].key);
			for (k = 0; k < i; k++)
				if (!strcmp((*d)->f[i].key, (*d)->f[k].key))
					fail_msg("%s: key '%s' twice", (*d)->name, (*d)->f[i].key);
			assert_true((*d)->f[i].off < (*d)->size);
		}
		for (present = 0; present < 2; present++) {
			struct keys jk, tk;
			char *jt, *tt;
			void *obj = fill(*d, present);

			json_keys(*d, obj, &jk, &jt);
			table_keys(*d, obj, &tk, &tt);
			assert_same_keys((*d)->name, &jk, &tk);
			if (present)	/* all there: every field, in order */
				for (i = 0; i < (*d)->n; i++)
					assert_string_equal(jk.k[i], (*d)->f[i].key);
			free(jt);
			free(tt);
			free(obj);
		}
	}
	/* lazy, cow, mmap, rt, pss, faults, io, addr, oom */
	assert_true(n >= 9);
}

/* Find description "exp.view". */
static const struct ufields *desc(const char *name)
{
	const struct ufields *const *d;

	for (d = u_all_fields; *d; d++)
		if (!strcmp((*d)->name, name))
			return *d;
	fail_msg("no description %s", name);
	return NULL;
}

/* The names that the guest test and the README read stay as they are. */
static void test_known_keys(void **state)
{
	static const struct {
		const char *desc, *key;
	} want[] = {
		{ "lazy.steps", "rss_kb" }, { "lazy.steps", "rss_growth_kb" },
		{ "lazy.steps", "minor_faults" }, { "cow.steps", "private_kb" },
		{ "cow.steps", "minor_faults" }, { "rt.modes", "total_faults" },
		{ "rt.modes", "mallopt_trim_threshold" }, { "rt.params", "pages_per_round" },
		{ "mmap.kinds", "parent_sees_child_write" }, { "mmap.kinds", "file_has_child_write" },
		{ "pss.demo", "region_pss_kb" }, { "pss.samples", "uss_keeps_growing" },
		{ "faults.segv", "si_code_name" }, { "faults.stack", "vma_size_at_fault_bytes" },
		{ "faults.major", "major_faults" }, { "io.reads", "cached_delta_kb" },
		{ "io.reads", "file_pages_cached_after" }, { "io.drop_caches", "cached_freed_kb" },
		{ "addr.address_sizes", "user_va_bits" }, { "oom.rounds", "first_victim" },
		{ "oom.rounds", "memory_events_oom_kill" }, { "oom.cleanup", "group_removed" },
		{ "oom.steps", "hog_rss_kb" },
	};
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct ufields *d = desc(want[i].desc);

		for (k = 0; k < d->n; k++)
			if (!strcmp(d->f[k].key, want[i].key))
				break;
		if (k == d->n)
			fail_msg("%s has no key %s", want[i].desc, want[i].key);
	}
}

/* A test struct of every type: the values read the same in both views. */
struct every {
	const char *s;
	char text[16];
	unsigned long long u;
	long long l;
	int i, b, has;
	unsigned long long ns;
	unsigned long hex;
	struct useries ser;
};

static const struct ufield every_f[] = {
	UF(struct every, s, UF_STR, "s"),
	UF(struct every, text, UF_TEXT, "text"),
	UF(struct every, u, UF_ULL, "u_kb"),
	UF(struct every, l, UF_LL, "l_kb"),
	UF(struct every, i, UF_INT, "i"),
	UF(struct every, b, UF_BOOL, "b"),
	UF_IF(struct every, u, UF_ULL, "opt_kb", has),
	UF(struct every, ns, UF_NS_US, "t_us"),
	UF(struct every, hex, UF_HEX, "addr"),
	UF(struct every, ser, UF_SERIES, "samples_kb"),
};

static const struct ufields every_d = UFIELDS("test.every", struct every, every_f);

/* The first data row of a printed table, cells split at runs of 2+ blanks. */
static void assert_row(const char *table, const char *const *want, int n)
{
	const char *p = strchr(table, '\n');
	char cell[64];
	int i = 0;

	assert_non_null(p);
	p++;
	while (*p && *p != '\n') {
		size_t len = 0;

		while (*p == ' ')
			p++;
		while (p[len] && p[len] != '\n' && !(p[len] == ' ' && p[len + 1] == ' '))
			len++;
		snprintf(cell, sizeof(cell), "%.*s", (int)len, p);
		p += len;
		assert_true(i < n);
		assert_string_equal(cell, want[i]);
		i++;
	}
	assert_int_equal(i, n);
}

static const char *const want_row[] = {
	"str", "txt", "123", "-5", "42", "yes", "1234.5", "0xbeef", "7 8",
};

static void test_values_both_views(void **state)
{
	static const unsigned long long v[] = { 7, 8 };
	struct every e = {
		.s = "str", .text = "txt", .u = 123, .l = -5, .i = 42, .b = 1, .has = 0,
		.ns = 1234567, .hex = 0xbeef, .ser = { v, 2 },
	};
	struct keys jk, tk;
	char *jt, *tt;

	(void)state;
	json_keys(&every_d, &e, &jk, &jt);
	table_keys(&every_d, &e, &tk, &tt);
	assert_same_keys("every", &jk, &tk);
	assert_int_equal(jk.n, 9);		/* opt_kb absent */
	assert_non_null(strstr(jt, "\"s\": \"str\""));
	assert_non_null(strstr(jt, "\"u_kb\": 123"));
	assert_non_null(strstr(jt, "\"l_kb\": -5"));
	assert_non_null(strstr(jt, "\"b\": true"));
	assert_non_null(strstr(jt, "\"t_us\": 1234.5"));
	assert_non_null(strstr(jt, "\"addr\": \"0xbeef\""));
	assert_non_null(strstr(jt, "\"samples_kb\": ["));
	assert_null(strstr(jt, "opt_kb"));
	/* the table row: the same values, bool as yes, series space-separated */
	assert_row(tt, want_row, 9);
	assert_null(strstr(tt, "opt_kb"));
	free(jt);
	free(tt);

	e.has = 1;
	json_keys(&every_d, &e, &jk, &jt);
	table_keys(&every_d, &e, &tk, &tt);
	assert_same_keys("every with opt", &jk, &tk);
	assert_int_equal(jk.n, 10);
	assert_string_equal(jk.k[6], "opt_kb");
	free(jt);
	free(tt);
}

/* A column no row has is left out; one that any row has is kept, empty elsewhere. */
static void test_table_optional_column(void **state)
{
	struct every rows[2];
	struct out_table t;
	size_t len;
	char *buf;
	FILE *f;

	(void)state;
	memset(rows, 0, sizeof(rows));
	rows[1].has = 1;
	rows[1].u = 99;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	uf_table(&t, &every_d, rows, 2);
	assert_int_equal(t.ncols, 10);
	table_print(&t, f);
	table_free(&t);
	fclose(f);
	assert_non_null(strstr(buf, "opt_kb"));
	free(buf);

	rows[1].has = 0;
	uf_table(&t, &every_d, rows, 2);
	assert_int_equal(t.ncols, 9);
	table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_description_same_keys),
		cmocka_unit_test(test_known_keys),
		cmocka_unit_test(test_values_both_views),
		cmocka_unit_test(test_table_optional_column),
	};

	return cmocka_run_group_tests_name("user_fields", tests, NULL, NULL);
}
