// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab command language: "NAME key=value ...".
 * Everything is validated here, before anything is allocated for a run.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include "core.h"

/* Symbolic GFP flags: raw bit values differ between kernels. */
enum {
	AL_GFP_KERNEL		= 1 << 0,
	AL_GFP_ATOMIC		= 1 << 1,
	AL_GFP_NOWAIT		= 1 << 2,
	AL_GFP_HIGHUSER_MOVABLE	= 1 << 3,
	AL_GFP_DMA		= 1 << 4,
	AL_GFP_DMA32		= 1 << 5,
	AL_GFP_ZERO		= 1 << 6,
	AL_GFP_NOWARN		= 1 << 7,
	AL_GFP_NORETRY		= 1 << 8,
	AL_GFP_RETRY_MAYFAIL	= 1 << 9,
};

#define AL_GFP_BASES	(AL_GFP_KERNEL | AL_GFP_ATOMIC | AL_GFP_NOWAIT | \
			 AL_GFP_HIGHUSER_MOVABLE)
#define AL_GFP_ZONES	(AL_GFP_DMA | AL_GFP_DMA32)

/* Bases and zones first, modifiers after (the order help texts show them in). */
static const struct {
	const char *name;
	u64 bit;
} al_gfp_names[] = {
	{ "KERNEL", AL_GFP_KERNEL },
	{ "ATOMIC", AL_GFP_ATOMIC },
	{ "NOWAIT", AL_GFP_NOWAIT },
	{ "DMA", AL_GFP_DMA },
	{ "DMA32", AL_GFP_DMA32 },
	{ "HIGHUSER_MOVABLE", AL_GFP_HIGHUSER_MOVABLE },
	{ "ZERO", AL_GFP_ZERO },
	{ "NOWARN", AL_GFP_NOWARN },
	{ "NORETRY", AL_GFP_NORETRY },
	{ "RETRY_MAYFAIL", AL_GFP_RETRY_MAYFAIL },
};

/**
 * al_gfp_list() - the symbolic GFP flags, from the one table that parses them
 * @buf:	output
 * @len:	size of @buf
 * @sep:	between two names
 * @mod_sep:	before the first modifier (ZERO ...), in place of @sep
 *
 * Return: characters written.
 */
int al_gfp_list(char *buf, size_t len, const char *sep, const char *mod_sep)
{
	unsigned int i;
	int n = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(al_gfp_names); i++)
		n += scnprintf(buf + n, len - n, "%s%s",
			       !i ? "" : al_gfp_names[i].bit == AL_GFP_ZERO ? mod_sep : sep,
			       al_gfp_names[i].name);
	return n;
}

gfp_t al_gfp_from_mask(u64 mask)
{
	gfp_t gfp = 0;

	if (mask & AL_GFP_KERNEL)
		gfp |= GFP_KERNEL;
	if (mask & AL_GFP_ATOMIC)
		gfp |= GFP_ATOMIC;
	if (mask & AL_GFP_NOWAIT)
		gfp |= GFP_NOWAIT;
	if (mask & AL_GFP_HIGHUSER_MOVABLE)
		gfp |= GFP_HIGHUSER_MOVABLE;
	if (mask & AL_GFP_DMA)
		gfp |= __GFP_DMA;
	if (mask & AL_GFP_DMA32)
		gfp |= __GFP_DMA32;
	if (mask & AL_GFP_ZERO)
		gfp |= __GFP_ZERO;
	if (mask & AL_GFP_NOWARN)
		gfp |= __GFP_NOWARN;
	if (mask & AL_GFP_NORETRY)
		gfp |= __GFP_NORETRY;
	if (mask & AL_GFP_RETRY_MAYFAIL)
		gfp |= __GFP_RETRY_MAYFAIL;
	return gfp;
}

static int al_parse_gfp(struct al_ctx *ctx, const char *key, char *s, u64 *out)
{
	u64 mask = 0;
	char *tok;
	unsigned int i;

	while ((tok = strsep(&s, "|+,")) != NULL) {
		for (i = 0; i < ARRAY_SIZE(al_gfp_names); i++)
			if (!strcasecmp(tok, al_gfp_names[i].name))
				break;
		if (i == ARRAY_SIZE(al_gfp_names)) {
			char names[128];

			al_gfp_list(names, sizeof(names), " ", " ");
			al_err(ctx, "%s: unknown GFP flag '%.32s' (%s)", key, tok, names);
			return -EINVAL;
		}
		mask |= al_gfp_names[i].bit;
	}
	if (hweight64(mask & AL_GFP_BASES) > 1) {
		al_err(ctx, "%s: give at most one of KERNEL ATOMIC NOWAIT HIGHUSER_MOVABLE", key);
		return -EINVAL;
	}
	if (hweight64(mask & AL_GFP_ZONES) > 1) {
		al_err(ctx, "%s: DMA and DMA32 are two different zones: give one", key);
		return -EINVAL;
	}
	if ((mask & AL_GFP_HIGHUSER_MOVABLE) && (mask & AL_GFP_ZONES)) {
		al_err(ctx, "%s: HIGHUSER_MOVABLE cannot be combined with a DMA zone", key);
		return -EINVAL;
	}
	if (!(mask & AL_GFP_BASES))
		mask |= AL_GFP_KERNEL;
	*out = mask;
	return 0;
}

static int al_format_gfp(u64 mask, char *buf, size_t len)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < ARRAY_SIZE(al_gfp_names); i++)
		if (mask & al_gfp_names[i].bit)
			n += scnprintf(buf + n, len - n, "%s%s", n ? "|" : "",
				       al_gfp_names[i].name);
	return n;
}

/* Numbers: decimal or 0x hex, optional k/m/g suffix (powers of 1024). */
static int al_parse_u64(struct al_ctx *ctx, const char *key, char *s, u64 *out)
{
	size_t n = strlen(s);
	unsigned int shift = 0;
	u64 v;
	int ret;

	if (n && !isxdigit(s[n - 1]) && !(n > 2 && s[0] == '0' && (s[1] | 0x20) == 'x')) {
		switch (s[n - 1]) {
		case 'k': case 'K':
			shift = 10;
			break;
		case 'm': case 'M':
			shift = 20;
			break;
		case 'g': case 'G':
			shift = 30;
			break;
		}
		if (shift)
			s[--n] = '\0';
	}
	if (!n || s[0] == '-' || s[0] == '+') {
		al_err(ctx, "%s: '%.32s' is not an unsigned number", key, s);
		return -EINVAL;
	}
	ret = kstrtoull(s, 0, &v);
	if (ret == -ERANGE || (shift && v > (U64_MAX >> shift))) {
		al_err(ctx, "%s: '%.32s' overflows 64 bits", key, s);
		return -ERANGE;
	}
	if (ret) {
		al_err(ctx, "%s: '%.32s' is not a number", key, s);
		return -EINVAL;
	}
	*out = v << shift;
	return 0;
}

static int al_parse_value(struct al_ctx *ctx, const struct al_param *p, char *s, u64 *out)
{
	const char * const *c;
	u64 v, max;
	int ret;

	switch (p->type) {
	case AL_P_U64:
	case AL_P_BOOL:
		ret = al_parse_u64(ctx, p->name, s, &v);
		if (ret)
			return ret;
		max = p->type == AL_P_BOOL ? 1 : al_param_max(p);
		if (v < p->min || v > max) {
			al_err(ctx, "%s=%llu is out of range %llu..%llu", p->name, v,
			       p->type == AL_P_BOOL ? 0 : p->min, max);
			return -ERANGE;
		}
		*out = v;
		return 0;
	case AL_P_ENUM:
		for (c = p->choices; *c; c++)
			if (!strcmp(*c, s)) {
				*out = c - p->choices;
				return 0;
			}
		al_err(ctx, "%s: '%.32s' is not one of the choices (see experiments)", p->name, s);
		return -EINVAL;
	case AL_P_GFP:
		return al_parse_gfp(ctx, p->name, s, out);
	}
	return -EINVAL;
}

static int al_default(struct al_ctx *ctx, const struct al_param *p, u64 *out)
{
	char buf[64];

	if (p->type != AL_P_GFP) {
		*out = p->def;
		return 0;
	}
	strscpy(buf, p->gfp_def, sizeof(buf));
	return al_parse_gfp(ctx, p->name, buf, out);
}

/**
 * al_check_command_text() - reject what is not a command before parsing
 * @buf:	bytes written by the user
 * @len:	their number
 * @reason:	ALLOCLAB_REASON_LEN bytes for the reason
 *
 * Return: 0, -EINVAL (empty, binary), -E2BIG (too long).
 */
int al_check_command_text(const char *buf, size_t len, char *reason)
{
	size_t i;

	if (len > ALLOCLAB_CMD_MAX) {
		snprintf(reason, ALLOCLAB_REASON_LEN,
			 "command is %zu bytes, the limit is %d", len, ALLOCLAB_CMD_MAX);
		return -E2BIG;
	}
	for (i = 0; i < len; i++) {
		unsigned char ch = buf[i];

		if (ch == '\n' && i == len - 1)
			break;
		if (ch == '\0' && i == len - 1)
			break;
		if (ch != ' ' && ch != '\t' && (ch < 0x21 || ch > 0x7e)) {
			snprintf(reason, ALLOCLAB_REASON_LEN,
				 "byte 0x%02x at offset %zu is not printable text", ch, i);
			return -EINVAL;
		}
	}
	for (i = 0; i < len; i++)
		if (!isspace(buf[i]) && buf[i])
			return 0;
	snprintf(reason, ALLOCLAB_REASON_LEN, "empty command: give NAME key=value ...");
	return -EINVAL;
}

static int al_find_param(const struct al_ctx *ctx, const char *key, const struct al_param **pp)
{
	const struct al_experiment *e = ctx->exp;
	const struct al_param *cp = al_core_params();
	unsigned int i;

	for (i = 0; i < ctx->nparams; i++)
		if (!strcmp(e->params[i].name, key)) {
			*pp = &e->params[i];
			return i;
		}
	for (i = 0; i < AL_NR_CP; i++)
		if (al_core_param_allowed(e, i) && !strcmp(cp[i].name, key)) {
			*pp = &cp[i];
			return AL_MAX_PARAMS + i;
		}
	return -1;
}

static void al_list_keys(const struct al_ctx *ctx, char *buf, size_t len)
{
	const struct al_param *cp = al_core_params();
	unsigned int i;
	size_t n = 0;

	buf[0] = '\0';
	for (i = 0; i < ctx->nparams; i++)
		n += scnprintf(buf + n, len - n, "%s ", ctx->exp->params[i].name);
	for (i = 0; i < AL_NR_CP; i++)
		if (al_core_param_allowed(ctx->exp, i))
			n += scnprintf(buf + n, len - n, "%s ", cp[i].name);
	if (n)
		buf[n - 1] = '\0';
}

/**
 * al_parse() - parse a command into @ctx
 * @cmd:	NUL-terminated command text (checked by al_check_command_text())
 * @ctx:	zeroed context with ->reason set; ->exp is set on success
 *
 * Caller holds al_registry_lock.
 *
 * Return: 0 or -errno with ctx->reason set.
 */
int al_parse(const char *cmd, struct al_ctx *ctx)
{
	const struct al_param *cp = al_core_params(), *p;
	char *dup, *s, *tok, *eq;
	char keys[160];
	unsigned int i;
	int idx, ret;

	dup = kstrdup(cmd, GFP_KERNEL);
	if (!dup)
		return -ENOMEM;
	s = dup;
	do {
		tok = strsep(&s, " \t\n");
	} while (tok && !*tok);
	if (!tok) {
		al_err(ctx, "empty command: give NAME key=value ...");
		ret = -EINVAL;
		goto out;
	}
	ctx->exp = al_find_experiment(tok);
	if (!ctx->exp) {
		al_err(ctx, "no experiment '%.32s' (see /sys/kernel/debug/alloclab/experiments)", tok);
		ret = -ENOENT;
		goto out;
	}
	if (ctx->exp->unavailable) {
		al_err(ctx, "%s cannot run here: %s", ctx->exp->name, ctx->exp->unavailable);
		ret = -EOPNOTSUPP;
		goto out;
	}
	for (p = ctx->exp->params; p && p->name; p++)
		ctx->nparams++;
	for (i = 0; i < ctx->nparams; i++) {
		ret = al_default(ctx, &ctx->exp->params[i], &ctx->val[i]);
		if (ret)
			goto out;
	}
	for (i = 0; i < AL_NR_CP; i++)
		ctx->core[i] = cp[i].def;

	while ((tok = strsep(&s, " \t\n")) != NULL) {
		if (!*tok)
			continue;
		eq = strchr(tok, '=');
		if (!eq || eq == tok || !eq[1]) {
			al_err(ctx, "'%.40s' is not key=value", tok);
			ret = -EINVAL;
			goto out;
		}
		*eq = '\0';
		idx = al_find_param(ctx, tok, &p);
		if (idx < 0) {
			al_list_keys(ctx, keys, sizeof(keys));
			al_err(ctx, "%s has no parameter '%.32s' (keys: %s)",
			       ctx->exp->name, tok, keys);
			ret = -EINVAL;
			goto out;
		}
		if (ctx->given[idx]) {
			al_err(ctx, "%s given twice", tok);
			ret = -EINVAL;
			goto out;
		}
		ctx->given[idx] = true;
		ret = al_parse_value(ctx, p, eq + 1, idx < AL_MAX_PARAMS ?
				     &ctx->val[idx] : &ctx->core[idx - AL_MAX_PARAMS]);
		if (ret)
			goto out;
	}
	ret = 0;
out:
	kfree(dup);
	return ret;
}

/* The command with every parameter resolved, as stored in the result. */
void al_resolved_command(const struct al_ctx *ctx, char *buf, size_t len)
{
	const struct al_param *cp = al_core_params();
	const struct al_param *p;
	unsigned int i;
	size_t n;
	u64 v;

	n = scnprintf(buf, len, "%s", ctx->exp->name);
	for (i = 0; i < ctx->nparams + AL_NR_CP; i++) {
		if (i < ctx->nparams) {
			p = &ctx->exp->params[i];
			v = ctx->val[i];
		} else {
			if (!al_core_param_allowed(ctx->exp, i - ctx->nparams))
				continue;
			p = &cp[i - ctx->nparams];
			v = ctx->core[i - ctx->nparams];
		}
		n += scnprintf(buf + n, len - n, " %s=", p->name);
		if (p->type == AL_P_ENUM)
			n += scnprintf(buf + n, len - n, "%s", p->choices[v]);
		else if (p->type == AL_P_GFP)
			n += al_format_gfp(v, buf + n, len - n);
		else
			n += scnprintf(buf + n, len - n, "%llu", v);
	}
}

const char *al_errno_name(int err)
{
	switch (-err) {
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case E2BIG: return "E2BIG";
	case EFBIG: return "EFBIG";
	case ENOENT: return "ENOENT";
	case ENOMEM: return "ENOMEM";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EINTR: return "EINTR";
	case EFAULT: return "EFAULT";
	case EPROTO: return "EPROTO";
	case EPERM: return "EPERM";
	case EBUSY: return "EBUSY";
	case ENODEV: return "ENODEV";
	case EIO: return "EIO";
	case EAGAIN: return "EAGAIN";
	}
	return "E?";
}
