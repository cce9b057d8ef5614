// SPDX-License-Identifier: GPL-2.0
/*
 * out.c - JSON writer, aligned text table and error messages shared by
 * every alloclab subcommand. See out.h for the API.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

const char *out_prog = "alloclab";
int out_json_default;

/* ---- errors and memory ---- */

void out_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", out_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void out_perror(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", out_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(e));
	errno = e;
}

static void out_oom(void)
{
	out_error("out of memory");
	exit(1);
}

void *out_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_oom();
	return p;
}

void *out_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_oom();
	return p;
}

char *out_xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		out_oom();
	return p;
}

/* ---- JSON ---- */

void json_init(struct out_json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

static void json_indent(struct out_json *j)
{
	int i;

	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* Separator, indentation and key before a value. */
static void json_prefix(struct out_json *j, const char *key)
{
	if (j->depth == 0) {
		if (key || j->top_done)
			j->err = 1;
		j->top_done = 1;
		return;
	}
	if (j->count[j->depth - 1]++)
		fputc(',', j->f);
	fputc('\n', j->f);
	json_indent(j);
	if (j->kind[j->depth - 1] == 'o') {
		if (!key) {
			j->err = 1;
			key = "";
		}
		json_escape(j->f, key);
		fputs(": ", j->f);
	} else if (key) {
		j->err = 1;
	}
}

static void json_open(struct out_json *j, const char *key, char kind)
{
	json_prefix(j, key);
	fputc(kind == 'o' ? '{' : '[', j->f);
	if (j->depth >= OUT_JSON_MAX_DEPTH) {
		j->err = 1;
		return;
	}
	j->kind[j->depth] = kind;
	j->count[j->depth] = 0;
	j->depth++;
}

static void json_close(struct out_json *j, char kind)
{
	int n;

	if (j->depth == 0 || j->kind[j->depth - 1] != kind) {
		j->err = 1;
		return;
	}
	n = j->count[j->depth - 1];
	j->depth--;
	if (n) {
		fputc('\n', j->f);
		json_indent(j);
	}
	fputc(kind == 'o' ? '}' : ']', j->f);
}

void json_obj_begin(struct out_json *j, const char *key)
{
	json_open(j, key, 'o');
}

void json_obj_end(struct out_json *j)
{
	json_close(j, 'o');
}

void json_arr_begin(struct out_json *j, const char *key)
{
	json_open(j, key, 'a');
}

void json_arr_end(struct out_json *j)
{
	json_close(j, 'a');
}

void json_escape(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void json_str(struct out_json *j, const char *key, const char *s)
{
	json_prefix(j, key);
	if (s)
		json_escape(j->f, s);
	else
		fputs("null", j->f);
}

void json_int(struct out_json *j, const char *key, long long v)
{
	json_prefix(j, key);
	fprintf(j->f, "%lld", v);
}

void json_uint(struct out_json *j, const char *key, unsigned long long v)
{
	json_prefix(j, key);
	fprintf(j->f, "%llu", v);
}

void json_fixed(struct out_json *j, const char *key, long long v, int decimals)
{
	unsigned long long a, scale = 1;
	int i;

	json_prefix(j, key);
	if (decimals <= 0 || decimals > 18) {
		fprintf(j->f, "%lld", v);
		return;
	}
	for (i = 0; i < decimals; i++)
		scale *= 10;
	/* magnitude without overflow for LLONG_MIN */
	a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	fprintf(j->f, "%s%llu.%0*llu", v < 0 ? "-" : "", a / scale,
		decimals, a % scale);
}

void json_double(struct out_json *j, const char *key, double v, int decimals)
{
	json_prefix(j, key);
	if (!isfinite(v))
		fputs("null", j->f);
	else
		fprintf(j->f, "%.*f", decimals < 0 ? 0 : decimals, v);
}

void json_bool(struct out_json *j, const char *key, int v)
{
	json_prefix(j, key);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct out_json *j, const char *key)
{
	json_prefix(j, key);
	fputs("null", j->f);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int json_is_number(const char *s)
{
	if (!s)
		return 0;
	if (*s == '-')
		s++;
	if (*s == '0') {
		s++;
	} else if (is_digit(*s)) {
		while (is_digit(*s))
			s++;
	} else {
		return 0;
	}
	if (*s == '.') {
		s++;
		if (!is_digit(*s))
			return 0;
		while (is_digit(*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!is_digit(*s))
			return 0;
		while (is_digit(*s))
			s++;
	}
	return *s == '\0';
}

void json_num(struct out_json *j, const char *key, const char *text)
{
	if (!json_is_number(text)) {
		json_str(j, key, text);
		return;
	}
	json_prefix(j, key);
	fputs(text, j->f);
}

int json_end(struct out_json *j)
{
	if (j->depth != 0 || !j->top_done)
		j->err = 1;
	fputc('\n', j->f);
	fflush(j->f);
	return j->err ? -1 : 0;
}

/* ---- text table ---- */

void table_init(struct out_table *t, const char *first, ...)
{
	va_list ap;
	const char *h;
	int n = 0;

	memset(t, 0, sizeof(*t));
	va_start(ap, first);
	for (h = first; h; h = va_arg(ap, const char *))
		n++;
	va_end(ap);

	t->ncols = n;
	t->head = out_xmalloc(sizeof(char *) * (n ? n : 1));
	t->align = calloc(n ? n : 1, sizeof(int));
	if (!t->align)
		out_oom();
	n = 0;
	va_start(ap, first);
	for (h = first; h; h = va_arg(ap, const char *))
		t->head[n++] = out_xstrdup(h);
	va_end(ap);
}

void table_add_col(struct out_table *t, const char *head)
{
	if (t->nrows) {
		out_error("internal error: table_add_col(\"%s\") after a row", head);
		exit(1);
	}
	t->head = out_xrealloc(t->head, (t->ncols + 1) * sizeof(*t->head));
	t->align = out_xrealloc(t->align, (t->ncols + 1) * sizeof(*t->align));
	t->head[t->ncols] = out_xstrdup(head);
	t->align[t->ncols] = TABLE_AUTO;
	t->ncols++;
}

void table_align(struct out_table *t, int col, int how)
{
	if (col >= 0 && col < t->ncols)
		t->align[col] = how;
}

void table_row(struct out_table *t)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->rows = out_xrealloc(t->rows, sizeof(char **) * t->cap);
	}
	t->rows[t->nrows] = calloc(t->ncols ? t->ncols : 1, sizeof(char *));
	if (!t->rows[t->nrows])
		out_oom();
	t->nrows++;
	t->cur = 0;
}

void table_cell(struct out_table *t, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (!t->nrows || t->cur >= t->ncols)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	s = out_xmalloc(n + 1);
	va_start(ap, fmt);
	vsnprintf(s, n + 1, fmt, ap);
	va_end(ap);
	t->rows[t->nrows - 1][t->cur++] = s;
}

/* A number as tables show them: -12, 3.5, 40%, 0x1f. */
static int cell_numeric(const char *s)
{
	const char *p = s;
	int digits = 0;

	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && p[2]) {
		for (p += 2; *p; p++)
			if (!strchr("0123456789abcdefABCDEF", *p))
				return 0;
		return 1;
	}
	while (is_digit(*p)) {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (is_digit(*p)) {
			p++;
			digits++;
		}
	}
	if (*p == '%')
		p++;
	return digits && *p == '\0';
}

/* Display width: UTF-8 continuation bytes take no column. */
static int str_width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

void table_print(const struct out_table *t, FILE *f)
{
	int *width, *right;
	int r, c;

	if (!t->ncols)
		return;
	width = calloc(t->ncols, sizeof(int));
	right = calloc(t->ncols, sizeof(int));
	if (!width || !right)
		out_oom();

	for (c = 0; c < t->ncols; c++) {
		int numeric = 1, any = 0;

		width[c] = str_width(t->head[c]);
		for (r = 0; r < t->nrows; r++) {
			const char *s = t->rows[r][c];

			if (!s || !*s)
				continue;
			any = 1;
			if (str_width(s) > width[c])
				width[c] = str_width(s);
			if (!cell_numeric(s))
				numeric = 0;
		}
		if (t->align[c] == TABLE_AUTO)
			right[c] = any && numeric;
		else
			right[c] = t->align[c] == TABLE_RIGHT;
	}

	for (r = -1; r < t->nrows; r++) {
		char **cells = r < 0 ? t->head : t->rows[r];
		int last = t->ncols - 1;

		/* no trailing blanks: stop after the last non-empty cell */
		while (last > 0 && (!cells[last] || !*cells[last]))
			last--;
		for (c = 0; c <= last; c++) {
			const char *s = cells[c] ? cells[c] : "";
			int pad = width[c] - str_width(s);

			if (c)
				fputs("  ", f);
			if (right[c])
				fprintf(f, "%*s%s", pad, "", s);
			else if (c == last)
				fputs(s, f);
			else
				fprintf(f, "%s%*s", s, pad, "");
		}
		fputc('\n', f);
	}
	free(width);
	free(right);
}

void table_free(struct out_table *t)
{
	int r, c;

	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++)
			free(t->rows[r][c]);
		free(t->rows[r]);
	}
	for (c = 0; c < t->ncols; c++)
		free(t->head[c]);
	free(t->rows);
	free(t->head);
	free(t->align);
	memset(t, 0, sizeof(*t));
}
