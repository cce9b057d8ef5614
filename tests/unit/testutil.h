/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the unit tests: fixture files and captured output. */
#ifndef ALLOCLAB_TESTUTIL_H
#define ALLOCLAB_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* A file as a malloc'ed string; fails the test if missing. */
static inline char *read_data_path(const char *path)
{
	FILE *f;
	char *buf;
	long n;

	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* tests/unit/data/<name> as a malloc'ed string. */
static inline char *read_data(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	return read_data_path(path);
}

/* Output capture: OPEN gives a FILE *, TAKE closes it and returns the text. */
struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static inline FILE *cap_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	return c->f;
}

static inline char *cap_take(struct capture *c)
{
	fclose(c->f);
	c->f = NULL;
	return c->buf;
}

/* Count lines of @s that start with @prefix. */
static inline int count_lines(const char *s, const char *prefix)
{
	size_t pl = strlen(prefix);
	int n = 0;

	while (s && *s) {
		if (!strncmp(s, prefix, pl))
			n++;
		s = strchr(s, '\n');
		if (s)
			s++;
	}
	return n;
}

#endif /* ALLOCLAB_TESTUTIL_H */
