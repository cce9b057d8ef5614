// SPDX-License-Identifier: GPL-2.0
/*
 * range.c - "key=a..b*F", "key=a..b+S", "key=x,y,z" and "key=x" for
 * `alloclab sweep`. See range.h.
 */
#include <stdio.h>
#include <string.h>

#include "range.h"

static unsigned int suffix_shift(char c)
{
	switch (c) {
	case 'k': case 'K':
		return 10;
	case 'm': case 'M':
		return 20;
	case 'g': case 'G':
		return 30;
	}
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The kernel's al_parse_number() (modules/core/values.c), in userspace. */
int range_parse_number(const char *s, unsigned long long *v, char *err, size_t errlen)
{
	size_t n = strlen(s), i, start = 0;
	unsigned int shift = 0, base = 10;
	unsigned long long x = 0;
	int d;

	if (n && suffix_shift(s[n - 1]))
		shift = suffix_shift(s[--n]);
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		start = 2;
	}
	if (!n || s[0] == '-' || s[0] == '+') {
		snprintf(err, errlen, "'%.32s' is not an unsigned number", s);
		return -1;
	}
	if (base == 10 && n > 1 && s[0] == '0') {
		snprintf(err, errlen, "'%.32s' has a leading zero (octal is not accepted): "
			 "write it without, or 0x for hex", s);
		return -1;
	}
	for (i = start; i < n; i++) {
		d = hex_digit(s[i]);
		if (d < 0 || (unsigned int)d >= base) {
			snprintf(err, errlen, "'%.32s' is not a number", s);
			return -1;
		}
		if (x > (~0ULL - (unsigned int)d) / base)
			goto range;
		x = x * base + (unsigned int)d;
	}
	if (shift && x > (~0ULL >> shift))
		goto range;
	*v = x << shift;
	return 0;
range:
	snprintf(err, errlen, "'%.32s' does not fit 64 bits", s);
	return -1;
}

static int add_number(struct range *r, unsigned long long v)
{
	if (r->n == RANGE_MAX_POINTS)
		return -1;
	r->num[r->n] = v;
	snprintf(r->val[r->n], RANGE_VAL_LEN, "%llu", v);
	r->n++;
	return 0;
}

static int too_many(const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "'%.64s' gives more than %d points: use a larger step, "
		 "or sweep in parts", what, RANGE_MAX_POINTS);
	return -1;
}

/* "a..b", "a..b*F", "a..b+S" (@dots points at ".."). */
static int parse_span(const char *s, const char *dots, struct range *r,
		      char *err, size_t errlen)
{
	char a_txt[RANGE_VAL_LEN], b_txt[RANGE_VAL_LEN];
	const char *b = dots + 2, *op = b + strcspn(b, "*+");
	unsigned long long a, z, step = 2, v;
	int geometric = *op != '+';

	if ((size_t)(dots - s) >= sizeof(a_txt) || (size_t)(op - b) >= sizeof(b_txt) ||
	    dots == s || op == b) {
		snprintf(err, errlen, "'%.64s' is not a range: write a..b, a..b*F or a..b+S", s);
		return -1;
	}
	memcpy(a_txt, s, dots - s);
	a_txt[dots - s] = '\0';
	memcpy(b_txt, b, op - b);
	b_txt[op - b] = '\0';
	if (range_parse_number(a_txt, &a, err, errlen) ||
	    range_parse_number(b_txt, &z, err, errlen) ||
	    (*op && range_parse_number(op + 1, &step, err, errlen)))
		return -1;
	if (a > z) {
		snprintf(err, errlen, "'%.64s': the start %llu is above the end %llu", s, a, z);
		return -1;
	}
	if (geometric && (step < 2 || !a)) {
		snprintf(err, errlen, "'%.64s': a geometric range needs a factor of 2 or more "
			 "and a start above 0", s);
		return -1;
	}
	if (!geometric && !step) {
		snprintf(err, errlen, "'%.64s': the step is 0", s);
		return -1;
	}
	for (v = a;;) {
		if (add_number(r, v))
			return too_many(s, err, errlen);
		if (geometric ? v > z / step : step > z - v)
			break;		/* the next point would pass b (or 64 bits) */
		v = geometric ? v * step : v + step;
	}
	return 0;
}

/* One list element: a number if it starts with a digit, else a word. */
static int parse_item(const char *s, size_t len, struct range *r, char *err, size_t errlen)
{
	char item[RANGE_VAL_LEN];
	unsigned long long v;

	if (!len || len >= sizeof(item)) {
		snprintf(err, errlen, "%s value in the list", len ? "a too long" : "an empty");
		return -1;
	}
	memcpy(item, s, len);
	item[len] = '\0';
	if (strpbrk(item, " \t=")) {
		snprintf(err, errlen, "'%s': a value has no blank or '='", item);
		return -1;
	}
	if (r->n == RANGE_MAX_POINTS)
		return too_many(s, err, errlen);
	if ((item[0] >= '0' && item[0] <= '9') || item[0] == '-' || item[0] == '+') {
		if (range_parse_number(item, &v, err, errlen))
			return -1;
		return add_number(r, v);
	}
	r->numeric = 0;
	strcpy(r->val[r->n++], item);
	return 0;
}

static int parse_list(const char *s, struct range *r, char *err, size_t errlen)
{
	const char *p = s;

	for (;;) {
		size_t len = strcspn(p, ",");

		if (parse_item(p, len, r, err, errlen))
			return -1;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

static int parse_key(const char *word, const char *eq, struct range *r,
		     char *err, size_t errlen)
{
	const char *p;

	if (!eq || eq == word) {
		snprintf(err, errlen, "'%.64s' is not key=VALUES (e.g. size=8..4m*2)", word);
		return -1;
	}
	if ((size_t)(eq - word) >= sizeof(r->key)) {
		snprintf(err, errlen, "'%.64s': the key is too long", word);
		return -1;
	}
	for (p = word; p < eq; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_')) {
			snprintf(err, errlen, "'%.64s': bad character in the key", word);
			return -1;
		}
	}
	memcpy(r->key, word, eq - word);
	r->key[eq - word] = '\0';
	return 0;
}

int range_parse(const char *word, struct range *r, char *err, size_t errlen)
{
	const char *eq = strchr(word, '='), *vals, *dots;
	int ret;

	memset(r, 0, sizeof(*r));
	if (parse_key(word, eq, r, err, errlen))
		return -1;
	vals = eq + 1;
	r->numeric = 1;
	dots = strstr(vals, "..");
	if (!*vals) {
		snprintf(err, errlen, "'%.64s': no value", word);
		ret = -1;
	} else if (dots && (strchr(vals, ',') || strstr(dots + 2, ".."))) {
		snprintf(err, errlen, "'%.64s': one range a..b per key, without a list", word);
		ret = -1;
	} else if (dots) {
		ret = parse_span(vals, dots, r, err, errlen);
	} else {
		ret = parse_list(vals, r, err, errlen);
	}
	if (ret) {
		memset(r, 0, sizeof(*r));
		return -1;
	}
	r->ranged = r->n > 1;
	return 0;
}
