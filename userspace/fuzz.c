// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz.c - random command texts for `alloclab ioctl-test fuzz`. See fuzz.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "param.h"

void fuzz_seed(struct fuzz_rng *r, uint64_t seed)
{
	r->s = seed;
}

uint64_t fuzz_next(struct fuzz_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t fuzz_below(struct fuzz_rng *r, uint64_t n)
{
	return n ? fuzz_next(r) % n : 0;
}

/* ---- a bounded text being built ---- */

struct fbuf {
	char *p;
	size_t len, size;	/* size - 1 usable: the text stays NUL-terminated */
};

static void fb_add(struct fbuf *b, const char *s, size_t n)
{
	if (n > b->size - 1 - b->len)
		n = b->size - 1 - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void fb_str(struct fbuf *b, const char *s)
{
	fb_add(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3))) fb_printf(struct fbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		fb_add(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* @n random characters of @set */
static void fb_random(struct fbuf *b, struct fuzz_rng *r, size_t n, const char *set)
{
	size_t k = strlen(set);

	while (n--) {
		char c = set[fuzz_below(r, k)];

		fb_add(b, &c, 1);
	}
}

/* printable, no blank */
static void fb_word(struct fbuf *b, struct fuzz_rng *r, size_t n)
{
	while (n--) {
		char c = (char)(0x21 + fuzz_below(r, 0x7f - 0x21));

		fb_add(b, &c, 1);
	}
}

static const char lower[] = "abcdefghijklmnopqrstuvwxyz_";

/* ---- safety ---- */

/* force= values no parser (ours, kstrtobool, kstrtoull) reads as true */
static const char *const force_values[] = {
	"2", "-1", "0x2", "02", "", "99999999999999999999999", "2k", "-0", "3",
};

#define NR_FORCE (sizeof(force_values) / sizeof(force_values[0]))

int fuzz_usable(const struct alloclab_list *l)
{
	return strncasecmp(l->name, "sleep", 5) != 0;
}

static int is_sep(unsigned char c)
{
	return c <= ' ' || c == 0x7f;
}

static int word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Every "force=" anywhere (any case) carries a harmless value. */
static int force_safe(const char *cmd, size_t len)
{
	size_t i, k, vlen;

	for (i = 0; i + 6 <= len; i++) {
		const char *v = cmd + i + 6;

		if (strncasecmp(cmd + i, "force=", 6))
			continue;
		for (vlen = 0; i + 6 + vlen < len && !is_sep(v[vlen]); vlen++)
			;
		for (k = 0; k < NR_FORCE; k++)
			if (strlen(force_values[k]) == vlen && !strncmp(v, force_values[k], vlen))
				break;
		if (k == NR_FORCE)
			return 0;
	}
	return 1;
}

/* A listed experiment named: the last word is FUZZ_TIMEOUT, the only timeout_ms. */
static int timeout_safe(const char *cmd, size_t len)
{
	size_t i, last = 0, n = 0, tl = strlen(FUZZ_TIMEOUT);

	for (i = 0; i < len; i++) {
		if (is_sep(cmd[i]) || (i && !is_sep(cmd[i - 1])))
			continue;
		last = i;
		if (len - i >= 11 && !strncasecmp(cmd + i, "timeout_ms=", 11))
			n++;
	}
	while (len > last && is_sep(cmd[len - 1]))
		len--;
	return n == 1 && len - last == tl && !memcmp(cmd + last, FUZZ_TIMEOUT, tl);
}

int fuzz_command_safe(const char *cmd, size_t len, const struct alloclab_list *exps,
		      unsigned int n)
{
	size_t s = 0, e;
	unsigned int i;

	if (!force_safe(cmd, len))
		return 0;
	while (s < len && !word_char((unsigned char)cmd[s]))
		s++;
	if (len - s >= 5 && !strncasecmp(cmd + s, "sleep", 5))
		return 0;
	for (e = s; e < len && !is_sep(cmd[e]); e++)
		;
	for (i = 0; i < n; i++) {
		size_t nl = strlen(exps[i].name);

		if (nl == e - s && !strncasecmp(cmd + s, exps[i].name, nl))
			return timeout_safe(cmd, len);
	}
	return 1;
}

/* ---- values ---- */

static void value_u64(struct fbuf *b, struct fuzz_rng *r, const struct alloclab_param *p)
{
	unsigned long long span = p->max > p->min ? p->max - p->min : 0;
	unsigned long long small = p->min + fuzz_below(r, (span < 64 ? span : 64) + 1);

	switch (fuzz_below(r, 12)) {
	case 0:
		fb_str(b, p->def_str[0] ? p->def_str : "1");
		break;
	case 1:
		fb_printf(b, "%llu", (unsigned long long)p->min);
		break;
	case 2:
		fb_printf(b, "%llu", small);
		break;
	case 3:
		fb_printf(b, "%llu", (unsigned long long)p->max);
		break;
	case 4:
		if (p->max < ~0ULL)
			fb_printf(b, "%llu", (unsigned long long)p->max + 1);
		else
			fb_str(b, "18446744073709551616");
		break;
	case 5:
		fb_printf(b, "%llu", p->min ? (unsigned long long)p->min - 1 : 0ULL);
		break;
	case 6:
		fb_str(b, fuzz_below(r, 2) ? "18446744073709551616" : "99999999999999999999999");
		break;
	case 7:
		fb_printf(b, "000%llu", small);
		break;
	case 8:
		fb_printf(b, "0x%llx", small);
		break;
	case 9:
		fb_printf(b, "%llu%c", 1 + (unsigned long long)fuzz_below(r, 4), "kKmMgGtx"[fuzz_below(r, 8)]);
		break;
	case 10:
		fb_printf(b, "%llu", (unsigned long long)fuzz_next(r));
		break;
	default: {
		static const char *const junk[] = {
			"-1", "1.5", "", "0x", "k", "1e3", "+5", "0x1g", "--", "1 2",
		};

		fb_str(b, junk[fuzz_below(r, sizeof(junk) / sizeof(junk[0]))]);
	}
	}
}

static void value_choice(struct fbuf *b, struct fuzz_rng *r, const struct alloclab_param *p)
{
	char c[sizeof(p->choices)];
	unsigned int n = 0;

	while (param_choice(p->choices, n, c, sizeof(c)))
		n++;
	if (n && fuzz_below(r, 2)) {
		param_choice(p->choices, (unsigned int)fuzz_below(r, n), c, sizeof(c));
		fb_str(b, c);
		return;
	}
	switch (fuzz_below(r, 5)) {
	case 0:
		fb_str(b, "bogus");
		break;
	case 1:
		fb_printf(b, "%llu", (unsigned long long)fuzz_below(r, 10));
		break;
	case 2:
		if (n && param_choice(p->choices, 0, c, sizeof(c)))
			fb_printf(b, "%sx", c);
		break;
	case 3:
		fb_str(b, "a|b");
		break;
	default:
		break;		/* empty */
	}
}

static void value_gfp(struct fbuf *b, struct fuzz_rng *r, const struct alloclab_param *p)
{
	static const char *const junk[] = {
		"BOGUS", "KERNEL|BOGUS", "|", "KERNEL||ZERO", "kernel", "0x400", "",
		"KERNEL|KERNEL", "KERNEL|", "NOFAIL", "__GFP_NOFAIL",
	};
	char c[sizeof(p->choices)];
	unsigned int n = 0, k, i;

	while (param_choice(p->choices, n, c, sizeof(c)))
		n++;
	if (!n || fuzz_below(r, 2)) {
		fb_str(b, junk[fuzz_below(r, sizeof(junk) / sizeof(junk[0]))]);
		return;
	}
	k = 1 + (unsigned int)fuzz_below(r, 3);
	for (i = 0; i < k; i++) {
		param_choice(p->choices, (unsigned int)fuzz_below(r, n), c, sizeof(c));
		fb_printf(b, "%s%s", i ? "|" : "", c);
	}
}

static void value_string(struct fbuf *b, struct fuzz_rng *r)
{
	static const char *const junk[] = { "", "%s%n", "../../etc", "a=b", "0", "-" };

	switch (fuzz_below(r, 4)) {
	case 0:
		fb_str(b, junk[fuzz_below(r, sizeof(junk) / sizeof(junk[0]))]);
		break;
	case 1:
		fb_word(b, r, 300);
		break;
	default:
		fb_word(b, r, 1 + fuzz_below(r, 40));
	}
}

static void value_of(struct fbuf *b, struct fuzz_rng *r, const struct alloclab_param *p)
{
	static const char *const bools[] = { "0", "1", "2", "-1", "01", "yes", "" };

	switch (p->type) {
	case ALLOCLAB_P_U64:
		value_u64(b, r, p);
		break;
	case ALLOCLAB_P_BOOL:
		fb_str(b, bools[fuzz_below(r, sizeof(bools) / sizeof(bools[0]))]);
		break;
	case ALLOCLAB_P_ENUM:
		value_choice(b, r, p);
		break;
	case ALLOCLAB_P_GFP:
		value_gfp(b, r, p);
		break;
	default:
		value_string(b, r);
	}
}

/* ---- words of an experiment command ---- */

/* A parameter of @l other than force and timeout_ms, or NULL. */
static const struct alloclab_param *pick_param(struct fuzz_rng *r, const struct alloclab_list *l)
{
	unsigned int tries;

	for (tries = 0; l->nr_params && tries < 8; tries++) {
		const struct alloclab_param *p = &l->params[fuzz_below(r, l->nr_params)];

		if (strcasecmp(p->name, "force") && strcasecmp(p->name, "timeout_ms"))
			return p;
	}
	return NULL;
}

static void word_param(struct fbuf *b, struct fuzz_rng *r, const struct alloclab_param *p,
		       int twice)
{
	fb_printf(b, " %s=", p->name);
	value_of(b, r, p);
	if (twice) {
		fb_printf(b, " %s=", p->name);
		value_of(b, r, p);
	}
}

static void word_malformed(struct fbuf *b, struct fuzz_rng *r, const struct alloclab_param *p)
{
	static const char *const fmt[] = {
		" =1", " %s", " %s==1", " %s=\x01", " %s=1=2", " %s=1,2", " %s =1",
		" %s=\t1", " %s\x7f=1", " =", " ==", " %s=\xff\xfe",
	};
	const char *name = p ? p->name : "size";
	char tmp[128];

	snprintf(tmp, sizeof(tmp), fmt[fuzz_below(r, sizeof(fmt) / sizeof(fmt[0]))], name);
	fb_str(b, tmp);
}

/* One word (or two: a duplicate) after the name. */
static void exp_word(struct fbuf *b, struct fuzz_rng *r, const struct alloclab_list *l)
{
	const struct alloclab_param *p = pick_param(r, l);
	unsigned int what = (unsigned int)fuzz_below(r, 100);

	if (p && what < 50) {
		word_param(b, r, p, 0);
	} else if (what < 60) {
		fb_printf(b, " force=%s", force_values[fuzz_below(r, NR_FORCE)]);
	} else if (what < 70) {
		fb_str(b, " ");
		fb_random(b, r, 1 + fuzz_below(r, 12), lower);
		fb_str(b, "=");
		fb_word(b, r, fuzz_below(r, 8));
	} else if (p && what < 80) {
		word_param(b, r, p, 1);
	} else {
		word_malformed(b, r, p);
	}
}

static const struct alloclab_list *pick_exp(struct fuzz_rng *r, const struct alloclab_list *exps,
					    unsigned int n)
{
	unsigned int i, start = (unsigned int)fuzz_below(r, n);

	for (i = 0; i < n; i++)
		if (fuzz_usable(&exps[(start + i) % n]))
			return &exps[(start + i) % n];
	return NULL;
}

/* name, words, FUZZ_TIMEOUT: room for the timeout is kept */
static void gen_experiment(struct fbuf *b, struct fuzz_rng *r, const struct alloclab_list *l,
			   size_t target)
{
	size_t keep = strlen(FUZZ_TIMEOUT) + 3;
	struct fbuf w = { b->p, 0, b->size - keep };
	unsigned int i, nw = (unsigned int)fuzz_below(r, 7);

	fb_str(&w, l->name);
	if (target) {
		while (w.len < target && w.len + 1 < w.size)
			exp_word(&w, r, l);
	} else {
		for (i = 0; i < nw; i++)
			exp_word(&w, r, l);
	}
	b->len = w.len;
	fb_printf(b, " %s%s", FUZZ_TIMEOUT, fuzz_below(r, 4) ? "" : "\n");
}

static void gen_long(struct fbuf *b, struct fuzz_rng *r, const struct alloclab_list *l)
{
	if (fuzz_below(r, 2)) {
		gen_experiment(b, r, l, 1900 + fuzz_below(r, 200));
		return;
	}
	fb_printf(b, "%s x=", l->name);
	fb_word(b, r, 2000);
	fb_printf(b, " %s", FUZZ_TIMEOUT);
}

static void gen_builtin(struct fbuf *b, struct fuzz_rng *r)
{
	static const char *const cmds[] = {
		"release", "release 0", "release %llu", "release -1", "release abc",
		"release 1 2", "release 99999999999999999999", "release\n", "cancel",
		"cancel now", "reset junk", "reset 1", "release 0x10", "release  %llu",
	};

	fb_printf(b, cmds[fuzz_below(r, sizeof(cmds) / sizeof(cmds[0]))],
		  (unsigned long long)fuzz_below(r, 100000));
}

static void gen_printable(struct fbuf *b, struct fuzz_rng *r)
{
	unsigned int i, n = 1 + (unsigned int)fuzz_below(r, 8);

	if (!fuzz_below(r, 8))
		fb_str(b, " \t");
	for (i = 0; i < n; i++) {
		if (i)
			fb_str(b, " ");
		fb_word(b, r, 1 + fuzz_below(r, 20));
	}
	if (!fuzz_below(r, 4))
		fb_str(b, "\n");
}

static void gen_bytes(struct fbuf *b, struct fuzz_rng *r)
{
	size_t n = fuzz_below(r, 301);

	while (n--) {
		char c = (char)fuzz_below(r, 256);

		fb_add(b, &c, 1);
	}
}

const char *fuzz_kind_name(int kind)
{
	static const char *const names[] = {
		"bytes", "printable", "experiment", "long", "builtin",
	};

	return kind >= 0 && kind < FUZZ_NR_KINDS ? names[kind] : "?";
}

static int pick_kind(struct fuzz_rng *r, const struct alloclab_list *l)
{
	unsigned int w = (unsigned int)fuzz_below(r, 100);
	int kind = w < 15 ? FUZZ_BYTES : w < 30 ? FUZZ_PRINTABLE : w < 85 ? FUZZ_EXPERIMENT :
		   w < 93 ? FUZZ_LONG : FUZZ_BUILTIN;

	if (!l && (kind == FUZZ_EXPERIMENT || kind == FUZZ_LONG))
		kind = FUZZ_PRINTABLE;
	return kind;
}

size_t fuzz_command(struct fuzz_rng *r, const struct alloclab_list *exps, unsigned int n,
		    char *buf, int *kind)
{
	struct fbuf b = { buf, 0, FUZZ_CMD_ROOM };
	const struct alloclab_list *l = n ? pick_exp(r, exps, n) : NULL;

	buf[0] = '\0';
	*kind = pick_kind(r, l);
	switch (*kind) {
	case FUZZ_BYTES:
		gen_bytes(&b, r);
		break;
	case FUZZ_PRINTABLE:
		gen_printable(&b, r);
		break;
	case FUZZ_EXPERIMENT:
		gen_experiment(&b, r, l, 0);
		break;
	case FUZZ_LONG:
		gen_long(&b, r, l);
		break;
	default:
		gen_builtin(&b, r);
	}
	return b.len;
}

size_t fuzz_cheap_command(const struct alloclab_list *exps, unsigned int n,
			  char *buf, size_t size)
{
	const struct alloclab_list *pick = NULL;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(exps[i].name, "null"))
			return (size_t)snprintf(buf, size, "null %s", FUZZ_TIMEOUT);
	for (i = 0; i < n; i++)
		if (!strcmp(exps[i].name, "kmalloc"))
			return (size_t)snprintf(buf, size, "kmalloc size=8 count=1 %s",
						FUZZ_TIMEOUT);
	for (i = 0; i < n && !pick; i++)
		if (fuzz_usable(&exps[i]) && !(exps[i].flags & ALLOCLAB_EXP_UNAVAILABLE))
			pick = &exps[i];
	return (size_t)snprintf(buf, size, "%s %s", pick ? pick->name : "null", FUZZ_TIMEOUT);
}
