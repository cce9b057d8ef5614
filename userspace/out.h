/* SPDX-License-Identifier: GPL-2.0 */
/*
 * out.h - output helpers shared by every `alloclab` subcommand:
 * a streaming JSON writer, an aligned text table and error messages.
 *
 * JSON writer
 * -----------
 *	struct out_json j;
 *
 *	json_init(&j, stdout);
 *	json_obj_begin(&j, NULL);		top level: key is NULL
 *	json_str(&j, "name", "kmalloc");	"name": "kmalloc"
 *	json_uint(&j, "ksize", 64);		"ksize": 64
 *	json_fixed(&j, "ns_p50", 12345, 3);	"ns_p50": 12.345  (12345 / 10^3)
 *	json_num(&j, "x", "12.5");		"x": 12.5   (text that is a JSON
 *						number; any other text is written
 *						as a string)
 *	json_arr_begin(&j, "caches");		"caches": [
 *	json_str(&j, NULL, "a");		  "a"    (inside an array: key NULL)
 *	json_arr_end(&j);			]
 *	json_obj_end(&j);
 *	json_end(&j);				final newline; returns -1 if the
 *						document was malformed (unbalanced,
 *						key missing in an object, ...)
 *
 * Inside an object every value needs a key; inside an array and at the top
 * level the key must be NULL. Output is indented by 2 spaces per level, one
 * member per line ("key": value), so it is both valid JSON and greppable.
 * Strings are escaped per RFC 8259: '"' and '\\' backslashed, \b \f \n \r \t
 * short forms, other bytes < 0x20 and 0x7f as \u00XX; bytes >= 0x80 (UTF-8)
 * are passed through unchanged.
 *
 * Text table
 * ----------
 *	struct out_table t;
 *
 *	table_init(&t, "NAME", "FAMILY", "SIZE", NULL);	headers, NULL-terminated
 *	table_row(&t);					start a row
 *	table_cell(&t, "%s", name);			printf-style, one per column
 *	table_cell(&t, "%s", family);
 *	table_cell(&t, "%u", size);
 *	table_print(&t, stdout);			aligned output
 *	table_free(&t);
 *
 * Columns are separated by two spaces; a column whose every non-empty data
 * cell is a number (optionally signed, with decimals or a trailing '%') is
 * right-aligned, others left-aligned (table_align() overrides). Lines have
 * no trailing blanks. Missing cells print empty. Memory errors abort the
 * program with a message (a CLI has nothing better to do).
 */
#ifndef ALLOCLAB_OUT_H
#define ALLOCLAB_OUT_H

#include <stdio.h>
#include <stdint.h>

/* ---- errors ---- */

/* Program name used in messages ("alloclab"). */
extern const char *out_prog;

/* "alloclab: <message>\n" on stderr. */
void out_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like out_error(), then ": <strerror(errno)>" from the saved errno. */
void out_perror(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* malloc/realloc/strdup that exit(1) with a message on failure. */
void *out_xmalloc(size_t n);
void *out_xrealloc(void *p, size_t n);
char *out_xstrdup(const char *s);

/*
 * Global --json given before the subcommand (`alloclab --json list`): the
 * dispatcher sets it, subcommands treat it as if their own --json was given.
 */
extern int out_json_default;

/* ---- JSON ---- */

#define OUT_JSON_MAX_DEPTH 32

struct out_json {
	FILE *f;
	int depth;			/* open containers */
	int err;			/* misuse seen; json_end() returns -1 */
	char kind[OUT_JSON_MAX_DEPTH];	/* 'o' object, 'a' array */
	int count[OUT_JSON_MAX_DEPTH];	/* members written at that depth */
	int top_done;			/* a top-level value was written */
};

void json_init(struct out_json *j, FILE *f);
void json_obj_begin(struct out_json *j, const char *key);
void json_obj_end(struct out_json *j);
void json_arr_begin(struct out_json *j, const char *key);
void json_arr_end(struct out_json *j);
void json_str(struct out_json *j, const char *key, const char *s);	/* NULL -> null */
void json_int(struct out_json *j, const char *key, long long v);
void json_uint(struct out_json *j, const char *key, unsigned long long v);
/* v / 10^decimals printed with exactly @decimals digits: (12345,3) -> 12.345 */
void json_fixed(struct out_json *j, const char *key, long long v, int decimals);
/* A double with @decimals digits after the point (non-finite -> null). */
void json_double(struct out_json *j, const char *key, double v, int decimals);
void json_bool(struct out_json *j, const char *key, int v);
void json_null(struct out_json *j, const char *key);
/* Raw numeric text if it is a valid JSON number, else a string. */
void json_num(struct out_json *j, const char *key, const char *text);
/* Finish: newline after the top-level value. 0 if well formed, else -1. */
int json_end(struct out_json *j);

/* Is @s a number in JSON grammar ("-0.5", "12", not "012", "1.", "+1")? */
int json_is_number(const char *s);
/* Write @s as a quoted, escaped JSON string. */
void json_escape(FILE *f, const char *s);

/* ---- text table ---- */

enum { TABLE_AUTO = 0, TABLE_LEFT, TABLE_RIGHT };

struct out_table {
	int ncols;
	int nrows;		/* data rows */
	int cap;		/* allocated rows */
	char **head;		/* ncols strings */
	char ***rows;		/* nrows x ncols, NULL = empty */
	int *align;		/* TABLE_* per column */
	int cur;		/* next column to fill in the last row */
};

/* Headers as const char * arguments, terminated by NULL. */
void table_init(struct out_table *t, const char *first, ...);
/* One more column, before the first table_row() (tables built from a field list). */
void table_add_col(struct out_table *t, const char *head);
void table_align(struct out_table *t, int col, int how);
void table_row(struct out_table *t);
void table_cell(struct out_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void table_print(const struct out_table *t, FILE *f);
void table_free(struct out_table *t);

#endif /* ALLOCLAB_OUT_H */
