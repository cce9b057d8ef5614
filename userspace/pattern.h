/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pattern.h - the position-coded byte pattern `alloclab mmap` writes and
 * checks in a held buffer: byte i of the pattern of SEED is
 * (uint8_t)((i * 31 + SEED) & 0xff), so a byte shifted, copied from another
 * place or from another seed's fill does not match.
 */
#ifndef ALLOCLAB_PATTERN_H
#define ALLOCLAB_PATTERN_H

#include <stddef.h>
#include <stdint.h>

static inline uint8_t pattern_byte(uint64_t i, uint64_t seed)
{
	return (uint8_t)((i * 31 + seed) & 0xff);
}

/* Write the pattern of @seed over @len bytes of @buf. */
void pattern_fill(void *buf, size_t len, uint64_t seed);

/*
 * Count the bytes of @buf that differ from the pattern of @seed; *@first
 * gets the offset of the first one (@len if none).
 */
size_t pattern_check(const void *buf, size_t len, uint64_t seed, size_t *first);

#endif /* ALLOCLAB_PATTERN_H */
