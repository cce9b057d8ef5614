// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab command language: "NAME key=value ...".
 * Everything is validated here, before anything is allocated for a run.
 * Text-level pieces (numbers, GFP names) live in values.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include "core.h"

gfp_t al_gfp_from_mask(u64 mask)
{
	static const struct {
		u64 bit;
		gfp_t gfp;
	} map[] = {
		{ AL_GFP_KERNEL, GFP_KERNEL }, { AL_GFP_ATOMIC, GFP_ATOMIC },
		{ AL_GFP_NOWAIT, GFP_NOWAIT }, { AL_GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER_MOVABLE },
		{ AL_GFP_DMA, __GFP_DMA }, { AL_GFP_DMA32, __GFP_DMA32 },
		{ AL_GFP_ZERO, __GFP_ZERO }, { AL_GFP_NOWARN, __GFP_NOWARN },
		{ AL_GFP_NORETRY, __GFP_NORETRY }, { AL_GFP_RETRY_MAYFAIL, __GFP_RETRY_MAYFAIL },
	};
	gfp_t gfp = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (mask & map[i].bit)
			gfp |= map[i].gfp;
	return gfp;
}

/* The parameter at value index @idx (family 0.., core AL_CV(i)). */
static const struct al_param *al_param_at(const struct al_ctx *ctx, unsigned int idx)
{
	if (idx < AL_MAX_PARAMS)
		return &ctx->exp->params[idx];
	return &al_core_params()[idx - AL_MAX_PARAMS];
}

static int al_set_string(struct al_ctx *ctx, unsigned int idx, const char *s)
{
	if (strlen(s) > 63) {
		al_err(ctx, "%s: '%.32s...' is longer than 63 characters", al_param_at(ctx, idx)->name,
		       s);
		return -EINVAL;
	}
	kfree(ctx->str[idx]);
	ctx->str[idx] = kstrdup(s, GFP_KERNEL);
	return ctx->str[idx] ? 0 : -ENOMEM;
}

static int al_parse_value(struct al_ctx *ctx, unsigned int idx, const char *s)
{
	const struct al_param *p = al_param_at(ctx, idx);
	const char * const *c;
	u64 max;

	switch (p->type) {
	case AL_P_U64:
	case AL_P_BOOL:
		max = p->type == AL_P_BOOL ? 1 : al_param_max(p);
		return al_parse_bounded(p->name, s, p->type == AL_P_BOOL ? 0 : p->min, max,
					&ctx->val[idx], ctx->reason, ALLOCLAB_REASON_LEN);
	case AL_P_ENUM:
		for (c = p->choices; *c; c++)
			if (!strcmp(*c, s)) {
				ctx->val[idx] = c - p->choices;
				return 0;
			}
		al_err(ctx, "%s: '%.32s' is not one of the choices (see experiments)", p->name, s);
		return -EINVAL;
	case AL_P_GFP:
		return al_parse_gfp_mask(p->name, s, &ctx->val[idx], ctx->reason,
					 ALLOCLAB_REASON_LEN);
	case AL_P_STRING:
		return al_set_string(ctx, idx, s);
	}
	return -EINVAL;
}

/* Every parameter at its default. */
static int al_defaults(struct al_ctx *ctx)
{
	const struct al_param *p;
	unsigned int i;
	int ret;

	for (i = 0; i < AL_NR_VALS; i++) {
		if (i < AL_MAX_PARAMS && i >= ctx->ent->nparams)
			continue;
		p = al_param_at(ctx, i);
		if (p->type == AL_P_GFP || p->type == AL_P_STRING)
			ret = al_parse_value(ctx, i, p->def_str);
		else
			ret = (ctx->val[i] = p->def, 0);
		if (ret)
			return ret;
	}
	return 0;
}

static int al_find_param(const struct al_ctx *ctx, const char *key)
{
	const struct al_param *cp = al_core_params();
	unsigned int i;

	for (i = 0; i < ctx->ent->nparams; i++)
		if (!strcmp(ctx->exp->params[i].name, key))
			return i;
	for (i = 0; i < AL_NR_CP; i++)
		if (al_core_param_allowed(ctx->exp, i) && !strcmp(cp[i].name, key))
			return AL_CV(i);
	return -1;
}

static void al_list_keys(const struct al_ctx *ctx, char *buf, size_t len)
{
	const struct al_param *cp = al_core_params();
	unsigned int i;
	size_t n = 0;

	buf[0] = '\0';
	for (i = 0; i < ctx->ent->nparams; i++)
		n += scnprintf(buf + n, len - n, "%s ", ctx->exp->params[i].name);
	for (i = 0; i < AL_NR_CP; i++)
		if (al_core_param_allowed(ctx->exp, i))
			n += scnprintf(buf + n, len - n, "%s ", cp[i].name);
	if (n)
		buf[n - 1] = '\0';
}

static int al_parse_pair(struct al_ctx *ctx, char *tok)
{
	char *eq = strchr(tok, '=');
	char keys[200];
	int idx;

	if (!eq || eq == tok || !eq[1]) {
		al_err(ctx, "'%.40s' is not key=value", tok);
		return -EINVAL;
	}
	*eq = '\0';
	idx = al_find_param(ctx, tok);
	if (idx < 0) {
		al_list_keys(ctx, keys, sizeof(keys));
		al_err(ctx, "%s has no parameter '%.32s' (keys: %s)", ctx->ent->name, tok, keys);
		return -EINVAL;
	}
	if (ctx->given[idx]) {
		al_err(ctx, "%s given twice", tok);
		return -EINVAL;
	}
	ctx->given[idx] = true;
	return al_parse_value(ctx, idx, eq + 1);
}

static int al_lookup(struct al_ctx *ctx, const char *name)
{
	const char *why;

	ctx->ent = al_find_entry(name);
	if (!ctx->ent) {
		al_err(ctx, "no experiment '%.63s' (see /sys/kernel/debug/alloclab/experiments)",
		       name);
		return -ENOENT;
	}
	ctx->exp = ctx->ent->exp;
	why = ctx->exp->available ? ctx->exp->available(ctx) : NULL;
	if (why) {
		al_err(ctx, "%s cannot run here: %s", ctx->ent->name, why);
		return -EOPNOTSUPP;
	}
	return 0;
}

/**
 * al_parse() - parse a command into @ctx
 * @cmd:	NUL-terminated command text (checked by al_check_command_text())
 * @ctx:	zeroed context with ->reason set; ->ent and ->exp set on success
 *
 * Caller holds al_registry_lock.
 *
 * Return: 0 or -errno with ctx->reason set.
 */
int al_parse(const char *cmd, struct al_ctx *ctx)
{
	char *dup, *s, *tok;
	int ret;

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
	ret = al_lookup(ctx, tok);
	if (!ret)
		ret = al_defaults(ctx);
	while (!ret && (tok = strsep(&s, " \t\n")) != NULL)
		if (*tok)
			ret = al_parse_pair(ctx, tok);
	if (ret)
		ctx->ent = NULL;
out:
	kfree(dup);
	return ret;
}

/* The command with every parameter resolved, as stored in the result. */
void al_resolved_command(const struct al_ctx *ctx, char *buf, size_t len)
{
	const struct al_param *p;
	unsigned int i;
	size_t n;
	u64 v;

	n = scnprintf(buf, len, "%s", ctx->ent->name);
	for (i = 0; i < AL_NR_VALS; i++) {
		if (i < AL_MAX_PARAMS ? i >= ctx->ent->nparams :
		    !al_core_param_allowed(ctx->exp, i - AL_MAX_PARAMS))
			continue;
		p = al_param_at(ctx, i);
		v = ctx->val[i];
		n += scnprintf(buf + n, len - n, " %s=", p->name);
		if (p->type == AL_P_ENUM)
			n += scnprintf(buf + n, len - n, "%s", p->choices[v]);
		else if (p->type == AL_P_GFP)
			n += al_format_gfp(v, buf + n, len - n);
		else if (p->type == AL_P_STRING)
			n += scnprintf(buf + n, len - n, "%s", ctx->str[i] ?: "");
		else
			n += scnprintf(buf + n, len - n, "%llu", v);
	}
}
