/* SPDX-License-Identifier: GPL-2.0 */
/*
 * range.h - the value ranges of `alloclab sweep`, one "key=VALUES" word:
 *
 *	size=8..4m*2		geometric: 8, 16, 32, ... 4194304
 *	size=8..4m		the same (*2 is the default)
 *	count=1000..5000+1000	arithmetic: 1000, 2000, ... 5000
 *	size=40,100,1k		a list
 *	pattern=repeat,random	a list of words (enum values)
 *	size=40			a single value
 *
 * Numbers are written as the kernel's command parser reads them: decimal or
 * 0x hex, optionally followed by k, m or g (powers of 1024); a leading zero
 * (octal in C) is refused. A range gives a, a*F (or a+S), ... while <= b:
 * b is a point only if the progression reaches it. A point is kept as the
 * text sent to the kernel (decimal for numbers) and, for numbers, its
 * value. Refused, with the reason: a > b, step 0, factor below 2, a
 * geometric range from 0, overflow, more than RANGE_MAX_POINTS points,
 * anything that is not one of the forms above.
 */
#ifndef ALLOCLAB_RANGE_H
#define ALLOCLAB_RANGE_H

#include <stddef.h>

#define RANGE_MAX_POINTS	64
#define RANGE_KEY_LEN		24	/* alloclab_param.name */
#define RANGE_VAL_LEN		64

struct range {
	char key[RANGE_KEY_LEN];
	unsigned int n;			/* points */
	int numeric;			/* every point is a number */
	int ranged;			/* more than one point */
	char val[RANGE_MAX_POINTS][RANGE_VAL_LEN];
	unsigned long long num[RANGE_MAX_POINTS];	/* if numeric */
};

/*
 * A number of the command language into *@v. Returns 0, or -1 with why
 * in @err ("'4x' is not a number", "... does not fit 64 bits").
 */
int range_parse_number(const char *s, unsigned long long *v, char *err, size_t errlen);

/* Parse "key=VALUES" into @r. Returns 0, or -1 with why in @err. */
int range_parse(const char *word, struct range *r, char *err, size_t errlen);

#endif /* ALLOCLAB_RANGE_H */
