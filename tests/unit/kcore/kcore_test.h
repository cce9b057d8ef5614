/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the host tests of modules/core (tests/unit/kcore). */
#ifndef ALLOCLAB_KCORE_TEST_H
#define ALLOCLAB_KCORE_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/*
 * fixed_bug() - a regression check for a bug these tests found and that was
 * fixed: @why is NULL when the code is right, else what it got wrong.
 */
static inline void fixed_bug(const char *why)
{
	if (why)
		fail_msg("REGRESSION: %s", why);
}

/* A refusal always says why: a non-empty, NUL-terminated reason with @needle. */
#define assert_reason(reason, size, needle) do {				\
	assert_non_null(memchr((reason), '\0', (size)));			\
	if (!(reason)[0])							\
		fail_msg("refused without a reason");				\
	if ((needle) && !strstr((reason), (needle)))				\
		fail_msg("reason \"%s\" does not contain \"%s\"", (reason), (needle)); \
} while (0)

#endif /* ALLOCLAB_KCORE_TEST_H */
