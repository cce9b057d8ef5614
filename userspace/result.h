/* SPDX-License-Identifier: GPL-2.0 */
/*
 * result.h - an alloclab result (ABI v2) as text (the form fixed by the
 * comment at the top of include/uapi/alloclab.h, identical to debugfs
 * `last`) and as JSON. JSON is always made from the text form, so both
 * transports give the same JSON: one object per result, the text keys in
 * the text order, numbers as JSON numbers, anything else as strings, and
 * the table rows "name[i]: k=v k=v" gathered into "name": [ {...}, ... ].
 *
 * A binary result is variable-size: a header, then phases, facts and rows
 * at offsets the header gives. Nothing the kernel wrote is trusted:
 * result_view_init() checks every count and offset against the bytes
 * received before anything reads them.
 */
#ifndef ALLOCLAB_RESULT_H
#define ALLOCLAB_RESULT_H

#include <stdint.h>
#include <stdio.h>

#include <linux/types.h>
#include "uapi/alloclab.h"
#include "out.h"
#include "proc.h"

/* The largest result the kernel can send: header and every array full. */
#define RESULT_MAX_SIZE (sizeof(struct alloclab_result) +			\
			 ALLOCLAB_MAX_PHASES * sizeof(struct alloclab_phase) +	\
			 ALLOCLAB_MAX_FACTS * sizeof(struct alloclab_fact) +	\
			 ALLOCLAB_MAX_ROWS * sizeof(struct alloclab_row))

/* A checked binary result: the header copied out, the arrays in place. */
struct result_view {
	struct alloclab_result hdr;
	const unsigned char *base;	/* the buffer the result starts at */
	size_t size;			/* hdr.size, checked against the buffer */
};

/*
 * Check the result in the first @avail bytes of @buf (what the kernel
 * filled: min(result_size, result_needed)): ABI version, size, every count
 * against its ALLOCLAB_MAX_* and every array inside the result and behind
 * the header. Returns 0 and fills @v, or -1 with why in @err.
 */
int result_view_init(struct result_view *v, const void *buf, size_t avail,
		     char *err, size_t errlen);

/* Copies of element @i of each array (i below the header's count). */
void result_phase(const struct result_view *v, unsigned int i, struct alloclab_phase *ph);
void result_fact(const struct result_view *v, unsigned int i, struct alloclab_fact *fa);
void result_row(const struct result_view *v, unsigned int i, struct alloclab_row *row);

/*
 * Text form of @v, one "key: value" line each, no trailing blank line.
 * A built-in command's result (ALLOCLAB_RES_BUILTIN) prints its facts only.
 */
void result_format(const struct result_view *v, FILE *f);

/* Same into a malloc'ed string. */
char *result_format_str(const struct result_view *v);

/* "objects", "pages", "bytes" for an ALLOCLAB_U_* ("unit<N>" otherwise). */
const char *result_unit_name(unsigned int unit, char *buf, size_t len);

/*
 * x.y of (n1 * n2) / (d1 * d2) with one decimal rounded half up, computed
 * exactly in 128 bits (n1 * n2 below 2^124: a u64 times at most 10^6 in
 * every use), into @buf; "0.0" when the divisor is 0. The uapi formulas:
 * ns = ps / 1000, units_per_op = units / ops, ns_per_unit = time_ps /
 * (1000 units), mb_per_s = units * 10^6 / time_ps.
 */
const char *result_ratio(uint64_t n1, uint64_t n2, uint64_t d1, uint64_t d2,
			 char *buf, size_t len);

/* "12.3" from picoseconds (ns with one decimal, rounded half up) into @buf. */
const char *result_ps_to_ns(unsigned long long ps, char *buf, size_t len);

/*
 * Is @key a table row key "name[index]"? Returns the length of name and
 * sets *@index, or 0.
 */
size_t result_row_key(const char *key, unsigned long *index);

/* One JSON object from a parsed block (key NULL at top level or in arrays). */
void result_json_block(struct out_json *j, const char *key, const struct kvblock *b);

/*
 * Text holding one or more results (blank-line separated) to JSON:
 * with @single, the first result as one object (error if none);
 * otherwise {"results": [ ... ]}, with "dropped": N first if the text
 * starts with the report's "dropped: N" block. Returns 0, or -1 if @single
 * and no result.
 */
int result_text_to_json(const char *text, FILE *f, int single);

#endif /* ALLOCLAB_RESULT_H */
