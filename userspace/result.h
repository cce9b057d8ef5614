/* SPDX-License-Identifier: GPL-2.0 */
/*
 * result.h - an alloclab result as text (the form fixed by the comment at
 * the top of include/uapi/alloclab.h, identical to debugfs `last`) and as
 * JSON. JSON is always made from the text form, so both transports give
 * the same JSON: one object per result, the text keys in the text order,
 * numbers as JSON numbers, anything else as strings.
 */
#ifndef ALLOCLAB_RESULT_H
#define ALLOCLAB_RESULT_H

#include <stdio.h>

#include <linux/types.h>
#include "uapi/alloclab.h"
#include "out.h"
#include "proc.h"

/* Text form of @r, one "key: value" line each, no trailing blank line. */
void result_format(const struct alloclab_result *r, FILE *f);

/* Same into a malloc'ed string. */
char *result_format_str(const struct alloclab_result *r);

/* "12.3" from picoseconds (ns with one decimal, rounded half up) into @buf. */
const char *result_ps_to_ns(unsigned long long ps, char *buf, size_t len);

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
