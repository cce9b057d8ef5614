// SPDX-License-Identifier: GPL-2.0
/*
 * pattern.c - position-coded byte pattern. See pattern.h.
 */
#include "pattern.h"

void pattern_fill(void *buf, size_t len, uint64_t seed)
{
	volatile uint8_t *p = buf;	/* a device mapping: every byte written */
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = pattern_byte(i, seed);
}

size_t pattern_check(const void *buf, size_t len, uint64_t seed, size_t *first)
{
	const volatile uint8_t *p = buf;
	size_t i, bad = 0;

	*first = len;
	for (i = 0; i < len; i++) {
		if (p[i] == pattern_byte(i, seed))
			continue;
		if (!bad++)
			*first = i;
	}
	return bad;
}
