// SPDX-License-Identifier: GPL-2.0
/* alloclab experiment registry: family modules add and remove experiments. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/cpumask.h>
#include "core.h"

DEFINE_MUTEX(al_registry_lock);
LIST_HEAD(al_experiments);

static const char * const al_mode_names[] = { "batch", "perop", NULL };

/* The core's own parameters; cpus' upper bound is num_online_cpus(). */
static const struct al_param al_core_param_table[AL_NR_CP] = {
	[AL_CP_CPUS] = { "cpus", "worker kthreads, one bound to each CPU",
			 AL_P_U64, 1, 1, NR_CPUS },
	[AL_CP_MODE] = { "mode", "batch: one clock read per batch; perop: every op",
			 AL_P_ENUM, AL_MODE_BATCH, 0, 1, al_mode_names },
	[AL_CP_BATCH] = { "batch", "ops per clock read in mode=batch",
			  AL_P_U64, 64, 1, 65536 },
	[AL_CP_FORCE] = { "force", "1: run even above the memory budget",
			  AL_P_BOOL, 0, 0, 1 },
	[AL_CP_HOLD] = { "hold", "1: keep the objects until 'release'",
			 AL_P_BOOL, 0, 0, 1 },
};

const struct al_param *al_core_params(void)
{
	return al_core_param_table;
}

/* Upper bound of @p; the CPU count is only known at run time. */
u64 al_param_max(const struct al_param *p)
{
	if (p == &al_core_param_table[AL_CP_CPUS])
		return num_online_cpus();
	return p->max;
}

/* Does @exp accept core parameter @i? force= always; the rest by flags. */
bool al_core_param_allowed(const struct al_experiment *exp, unsigned int i)
{
	if (i == AL_CP_FORCE)
		return true;
	if (i == AL_CP_HOLD)
		return exp->flags & AL_EXP_HOLD;
	return exp->flags & AL_EXP_TIMED;
}

/* Caller holds al_registry_lock. */
const struct al_experiment *al_find_experiment(const char *name)
{
	const struct al_experiment *e;

	list_for_each_entry(e, &al_experiments, node)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

/* Caller holds al_registry_lock. */
unsigned int al_nr_experiments(void)
{
	const struct al_experiment *e;
	unsigned int n = 0;

	list_for_each_entry(e, &al_experiments, node)
		n++;
	return n;
}

static size_t al_describe_one(const struct al_param *p, char *buf, size_t len)
{
	const char * const *c;
	size_t n = 0;

	switch (p->type) {
	case AL_P_U64:
		n = scnprintf(buf, len, "%s=%llu (%llu..%llu)", p->name, p->def,
			      p->min, al_param_max(p));
		break;
	case AL_P_BOOL:
		n = scnprintf(buf, len, "%s=%llu (0|1)", p->name, p->def);
		break;
	case AL_P_ENUM:
		n = scnprintf(buf, len, "%s=%s (", p->name, p->choices[p->def]);
		for (c = p->choices; *c; c++)
			n += scnprintf(buf + n, len - n, "%s%s", c == p->choices ? "" : "|", *c);
		n += scnprintf(buf + n, len - n, ")");
		break;
	case AL_P_GFP:
		n = scnprintf(buf, len, "%s=%s (", p->name, p->gfp_def);
		n += al_gfp_list(buf + n, len - n, "|", " +");
		n += scnprintf(buf + n, len - n, ")");
		break;
	}
	n += scnprintf(buf + n, len - n, " %s;", p->help);
	return n;
}

/**
 * al_describe_params() - one line: every parameter with default, bounds, help
 * @exp: the experiment
 * @buf: output
 * @len: size of @buf
 */
void al_describe_params(const struct al_experiment *exp, char *buf, size_t len)
{
	const struct al_param *p;
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (p = exp->params; p && p->name && n < len; p++) {
		n += al_describe_one(p, buf + n, len - n);
		n += scnprintf(buf + n, len - n, " ");
	}
	for (i = 0; i < AL_NR_CP && n < len; i++) {
		if (!al_core_param_allowed(exp, i))
			continue;
		n += al_describe_one(&al_core_param_table[i], buf + n, len - n);
		n += scnprintf(buf + n, len - n, " ");
	}
	if (n && buf[n - 1] == ' ')
		buf[n - 1] = '\0';
}

static int al_validate_experiment(const struct al_experiment *e)
{
	const struct al_param *p;
	unsigned int n = 0;

	if (!e->name || !e->summary || strlen(e->name) >= ALLOCLAB_NAME_LEN)
		return -EINVAL;
	if (!e->unavailable && !e->run)
		return -EINVAL;
	if ((e->flags & AL_EXP_HOLD) && !e->release)
		return -EINVAL;
	for (p = e->params; p && p->name; p++) {
		if (++n > AL_MAX_PARAMS)
			return -E2BIG;
		if (p->type == AL_P_ENUM && !p->choices)
			return -EINVAL;
		if (p->type == AL_P_GFP && !p->gfp_def)
			return -EINVAL;
	}
	return 0;
}

/**
 * __alloclab_register() - add a family's experiments to the registry
 * @exps:	array of experiments; must stay valid until unregistered
 * @n:		number of entries
 * @owner:	the family module (alloclab_register() passes THIS_MODULE)
 *
 * The experiments appear in the debugfs list and /dev/alloclab at once.
 * Return: 0, or -EEXIST if a name is taken, -EINVAL for a malformed entry.
 */
int __alloclab_register(struct al_experiment *exps, unsigned int n, struct module *owner)
{
	unsigned int i;
	int ret = 0;

	mutex_lock(&al_registry_lock);
	for (i = 0; i < n; i++) {
		ret = al_validate_experiment(&exps[i]);
		if (ret) {
			pr_err("experiment %u (%s) of %s is malformed\n", i,
			       exps[i].name ?: "?", module_name(owner));
			goto out;
		}
		if (al_find_experiment(exps[i].name)) {
			pr_err("experiment %s already registered\n", exps[i].name);
			ret = -EEXIST;
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		exps[i].owner = owner;
		exps[i].family = module_name(owner);
		list_add_tail(&exps[i].node, &al_experiments);
	}
out:
	mutex_unlock(&al_registry_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(__alloclab_register);

/**
 * alloclab_unregister() - remove experiments; frees what they still hold
 * @exps:	the array given to alloclab_register()
 * @n:		number of entries
 *
 * Runs ->release for every held result of these experiments first, so the
 * family's module exit leaves nothing allocated.
 */
void alloclab_unregister(struct al_experiment *exps, unsigned int n)
{
	unsigned int i;

	al_release_held(exps, n);
	mutex_lock(&al_registry_lock);
	for (i = 0; i < n; i++)
		list_del(&exps[i].node);
	mutex_unlock(&al_registry_lock);
}
EXPORT_SYMBOL_GPL(alloclab_unregister);
