// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of what `alloclab ioctl-test fuzz` sends (userspace/fuzz.c),
 * checked without a kernel: the generator is deterministic, every command
 * the safety check lets through obeys the safety rules (no force=1, no
 * sleep*, timeout_ms=2000 last for a listed experiment), checked here
 * independently of the check itself, every kind of command is made, and
 * the safety check refuses what it must.
 */
#include "testutil.h"
#include <ctype.h>
#include <strings.h>
#include <linux/types.h>
#include "uapi/alloclab.h"
#include "fuzz.h"

static void param(struct alloclab_list *l, const char *name, unsigned int type,
		  unsigned long long min, unsigned long long max, const char *def,
		  const char *choices, unsigned int flags)
{
	struct alloclab_param *p = &l->params[l->nr_params++];

	snprintf(p->name, sizeof(p->name), "%s", name);
	p->type = type;
	p->flags = flags;
	p->min = min;
	p->max = max;
	snprintf(p->def_str, sizeof(p->def_str), "%s", def);
	snprintf(p->choices, sizeof(p->choices), "%s", choices);
}

static void core_params(struct alloclab_list *l)
{
	param(l, "cpus", ALLOCLAB_P_U64, 1, 2, "1", "", ALLOCLAB_PF_CORE);
	param(l, "mode", ALLOCLAB_P_ENUM, 0, 0, "batch", "batch|perop", ALLOCLAB_PF_CORE);
	param(l, "hold", ALLOCLAB_P_BOOL, 0, 1, "0", "", ALLOCLAB_PF_CORE);
	param(l, "force", ALLOCLAB_P_BOOL, 0, 1, "0", "", ALLOCLAB_PF_CORE);
	param(l, "timeout_ms", ALLOCLAB_P_U64, 1, 60000, "10000", "", ALLOCLAB_PF_CORE);
}

/* kmalloc, a sleep, an instance experiment, null */
static struct alloclab_list *fake_list(unsigned int *n)
{
	struct alloclab_list *v = calloc(5, sizeof(*v));

	assert_non_null(v);
	strcpy(v[0].name, "kmalloc");
	param(&v[0], "size", ALLOCLAB_P_U64, 1, 4194304, "64", "", 0);
	param(&v[0], "count", ALLOCLAB_P_U64, 1, 1000000, "1000", "", 0);
	param(&v[0], "gfp", ALLOCLAB_P_GFP, 0, 0, "KERNEL", "KERNEL|ATOMIC|NOWAIT|ZERO|NOWARN", 0);
	param(&v[0], "pattern", ALLOCLAB_P_ENUM, 0, 0, "repeat", "repeat|bulk|random", 0);
	core_params(&v[0]);
	strcpy(v[1].name, "sleep");
	param(&v[1], "ms", ALLOCLAB_P_U64, 0, 100000, "100", "", 0);
	core_params(&v[1]);
	strcpy(v[2].name, "dma_coherent@0000:00:04.0");
	param(&v[2], "dev", ALLOCLAB_P_STRING, 0, 0, "", "", 0);
	param(&v[2], "size", ALLOCLAB_P_U64, 4096, 1ULL << 62, "4096", "", 0);
	core_params(&v[2]);
	strcpy(v[3].name, "sleep_hold");
	strcpy(v[4].name, "null");
	core_params(&v[4]);
	*n = 5;
	return v;
}

static void test_rng(void **state)
{
	struct fuzz_rng a, b;
	int i;

	(void)state;
	fuzz_seed(&a, 0);
	assert_true(fuzz_next(&a) == 0xe220a8397b1dcdafULL);	/* splitmix64's first */
	fuzz_seed(&a, 42);
	fuzz_seed(&b, 42);
	for (i = 0; i < 1000; i++)
		assert_true(fuzz_next(&a) == fuzz_next(&b));
	for (i = 0; i < 1000; i++)
		assert_true(fuzz_below(&a, 7) < 7);
	assert_true(fuzz_below(&a, 0) == 0);
}

/* The first word, skipping what is not a word character. */
static size_t first_word(const char *cmd, size_t len, size_t *start)
{
	size_t s = 0, e;

	while (s < len && !(isalnum((unsigned char)cmd[s]) || cmd[s] == '_'))
		s++;
	for (e = s; e < len && (unsigned char)cmd[e] > ' ' && cmd[e] != 0x7f; e++)
		;
	*start = s;
	return e - s;
}

/* The rules, checked without fuzz_command_safe(). */
static void assert_rules(const char *cmd, size_t len, const struct alloclab_list *v,
			 unsigned int n)
{
	size_t s, wl = first_word(cmd, len, &s), i, tl = strlen(FUZZ_TIMEOUT);
	unsigned int k;

	assert_true(len < FUZZ_CMD_ROOM);
	assert_int_equal(cmd[len], '\0');
	assert_false(wl >= 5 && !strncasecmp(cmd + s, "sleep", 5));
	for (i = 0; i + 7 <= len; i++) {
		const char *val = cmd + i + 6;

		if (strncasecmp(cmd + i, "force=", 6))
			continue;
		/* whatever follows is no "true" for any parser */
		assert_false(strchr("1yYtTo", val[0]) && val[0]);
		assert_false(val[0] == '0' && (val[1] == 'x' || val[1] == 'X') && val[2] == '1');
		assert_false(val[0] == '0' && val[1] == '1');
	}
	for (k = 0; k < n; k++) {
		if (strlen(v[k].name) != wl || strncasecmp(cmd + s, v[k].name, wl))
			continue;
		while (len && (unsigned char)cmd[len - 1] <= ' ')
			len--;
		assert_true(len >= tl && !memcmp(cmd + len - tl, FUZZ_TIMEOUT, tl));
		assert_true(cmd[len - tl - 1] == ' ');
	}
}

static void test_commands_safe(void **state)
{
	unsigned int n, kinds[FUZZ_NR_KINDS] = { 0 }, safe = 0, total = 0, k;
	unsigned int named[5] = { 0 }, longest = 0;
	struct alloclab_list *v = fake_list(&n);
	char *buf = malloc(FUZZ_CMD_ROOM);
	struct fuzz_rng r;
	int kind, seed;

	(void)state;
	assert_non_null(buf);
	for (seed = 0; seed < 20; seed++) {
		fuzz_seed(&r, (uint64_t)seed * 7919);
		for (k = 0; k < 1000; k++) {
			size_t len = fuzz_command(&r, v, n, buf, &kind), s, wl;
			unsigned int e;

			total++;
			assert_true(kind >= 0 && kind < FUZZ_NR_KINDS);
			if (!fuzz_command_safe(buf, len, v, n))
				continue;
			safe++;
			kinds[kind]++;
			assert_rules(buf, len, v, n);
			wl = first_word(buf, len, &s);
			for (e = 0; e < n; e++)
				if (kind == FUZZ_EXPERIMENT && strlen(v[e].name) == wl &&
				    !strncmp(buf + s, v[e].name, wl))
					named[e]++;
			if (kind == FUZZ_LONG && len > longest)
				longest = (unsigned int)len;
		}
	}
	/* the check throws away little; every kind comes out */
	assert_true(safe > total * 95 / 100);
	for (k = 0; k < FUZZ_NR_KINDS; k++)
		assert_true(kinds[k] > 100);
	assert_int_equal(named[1], 0);		/* never sleep, never sleep_hold */
	assert_int_equal(named[3], 0);
	assert_true(named[0] > 100 && named[2] > 100 && named[4] > 100);
	assert_true(longest > ALLOCLAB_CMD_MAX + 1);
	free(buf);
	free(v);
}

/* Same seed, same commands. */
static void test_commands_repeat(void **state)
{
	char *a = malloc(FUZZ_CMD_ROOM), *b = malloc(FUZZ_CMD_ROOM);
	struct fuzz_rng ra, rb;
	struct alloclab_list *v;
	unsigned int n, i;
	int ka, kb;

	(void)state;
	v = fake_list(&n);
	fuzz_seed(&ra, 99);
	fuzz_seed(&rb, 99);
	for (i = 0; i < 500; i++) {
		size_t la = fuzz_command(&ra, v, n, a, &ka);
		size_t lb = fuzz_command(&rb, v, n, b, &kb);

		assert_int_equal(la, lb);
		assert_int_equal(ka, kb);
		assert_memory_equal(a, b, la);
	}
	free(a);
	free(b);
	free(v);
}

/* No experiment listed: no command names one. */
static void test_commands_no_list(void **state)
{
	char *buf = malloc(FUZZ_CMD_ROOM);
	struct fuzz_rng r;
	unsigned int i;
	int kind;

	(void)state;
	fuzz_seed(&r, 5);
	for (i = 0; i < 500; i++) {
		fuzz_command(&r, NULL, 0, buf, &kind);
		assert_true(kind != FUZZ_EXPERIMENT && kind != FUZZ_LONG);
	}
	free(buf);
}

#define SAFE(s) fuzz_command_safe(s, strlen(s), v, n)

static void test_safe_check(void **state)
{
	struct alloclab_list *v;
	unsigned int n;

	(void)state;
	v = fake_list(&n);
	assert_true(SAFE("kmalloc size=8 timeout_ms=2000"));
	assert_true(SAFE("kmalloc size=8 timeout_ms=2000\n"));
	assert_true(SAFE("kmalloc force=2 timeout_ms=2000"));
	assert_true(SAFE("kmalloc force= timeout_ms=2000"));
	assert_true(SAFE("dma_coherent@0000:00:04.0 timeout_ms=2000"));
	assert_true(SAFE("release 5"));
	assert_true(SAFE("cancel"));
	assert_true(SAFE("nosuch size=1"));		/* unknown: refused anyway */
	assert_true(SAFE(""));
	assert_false(SAFE("kmalloc size=8"));
	assert_false(SAFE("kmalloc timeout_ms=2000 size=8"));
	assert_false(SAFE("kmalloc timeout_ms=0 timeout_ms=2000"));
	assert_false(SAFE("kmalloc TIMEOUT_MS=0 timeout_ms=2000"));
	assert_false(SAFE("kmalloc timeout_ms=20000"));
	assert_false(SAFE("KMALLOC size=8"));
	assert_false(SAFE("kmalloc\x01size=8"));
	assert_false(SAFE("kmalloc force=1 timeout_ms=2000"));
	assert_false(SAFE("kmalloc FORCE=1 timeout_ms=2000"));
	assert_false(SAFE("kmalloc force=01 timeout_ms=2000"));
	assert_false(SAFE("kmalloc force=0x1 timeout_ms=2000"));
	assert_false(SAFE("kmalloc force=yes timeout_ms=2000"));
	assert_false(SAFE("kmalloc force=1k timeout_ms=2000"));
	assert_false(SAFE("junk xforce=1"));		/* anywhere, conservatively */
	assert_false(SAFE("sleep ms=1 timeout_ms=2000"));
	assert_false(SAFE(" \tSLEEP ms=1"));
	assert_false(SAFE("\x05sleeper"));
	assert_false(SAFE("sleep_hold timeout_ms=2000"));
	/* NUL bytes do not hide what follows */
	assert_false(fuzz_command_safe("x\0force=1", 9, v, n));
	assert_false(fuzz_command_safe("kmalloc timeout_ms=2000\0x=1", 27, v, n));
	free(v);
}

static void test_cheap(void **state)
{
	struct alloclab_list *v;
	unsigned int n;
	char buf[128];

	(void)state;
	v = fake_list(&n);
	assert_int_equal(fuzz_cheap_command(v, n, buf, sizeof(buf)), 20);
	assert_string_equal(buf, "null timeout_ms=2000");
	assert_true(SAFE(buf));
	strcpy(v[4].name, "nul");
	fuzz_cheap_command(v, n, buf, sizeof(buf));
	assert_string_equal(buf, "kmalloc size=8 count=1 timeout_ms=2000");
	assert_true(SAFE(buf));
	strcpy(v[0].name, "kmallocx");
	v[0].flags = ALLOCLAB_EXP_UNAVAILABLE;
	fuzz_cheap_command(v, n, buf, sizeof(buf));
	assert_string_equal(buf, "dma_coherent@0000:00:04.0 timeout_ms=2000");
	assert_true(SAFE(buf));
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng),
		cmocka_unit_test(test_commands_safe),
		cmocka_unit_test(test_commands_repeat),
		cmocka_unit_test(test_commands_no_list),
		cmocka_unit_test(test_safe_check),
		cmocka_unit_test(test_cheap),
	};

	return cmocka_run_group_tests_name("fuzz", tests, NULL, NULL);
}
