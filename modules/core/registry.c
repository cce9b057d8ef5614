// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab experiment registry: family modules add and remove tables of
 * experiments, once or once per instance. Unregistering unlinks first, then
 * waits for the runs in flight of exactly those experiments, then frees what
 * their held runs keep.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include "core.h"

DEFINE_MUTEX(al_registry_lock);
LIST_HEAD(al_experiments);
DECLARE_WAIT_QUEUE_HEAD(al_drain_wq);

static const char * const al_mode_names[] = { "batch", "perop", NULL };

/* The core's own parameters; cpus' upper bound is num_online_cpus(). */
static const struct al_param al_core_param_table[AL_NR_CP] = {
	[AL_CP_CPUS] = { "cpus", "worker kthreads, one bound to each CPU",
			 AL_P_U64, 1, 1, NR_CPUS },
	[AL_CP_CPU_LIST] = { "cpu_list", "CPUs to run on (e.g. 0-1,3); auto: the first cpus=",
			     AL_P_STRING, .def_str = "auto" },
	[AL_CP_NODE] = { "node", "run on the CPUs of this NUMA node; any: no preference",
			 AL_P_STRING, .def_str = "any" },
	[AL_CP_MODE] = { "mode", "batch: one clock read per batch; perop: every op",
			 AL_P_ENUM, AL_MODE_BATCH, 0, 1, al_mode_names },
	[AL_CP_BATCH] = { "batch", "ops per clock read in mode=batch",
			  AL_P_U64, 64, 1, 65536 },
	[AL_CP_FORCE] = { "force", "1: run even above the memory budget",
			  AL_P_BOOL, 0, 0, 1 },
	[AL_CP_HOLD] = { "hold", "1: keep the objects until 'release N'",
			 AL_P_BOOL, 0, 0, 1 },
	[AL_CP_TIMEOUT] = { "timeout_ms", "stop the run after this long; 0: never",
			    AL_P_U64, 0, 0, 86400000, .unit = "ms" },
	[AL_CP_HIST] = { "hist", "1: add each timed phase's latency histogram as hist[] rows",
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

/* Does @exp accept core parameter @i? force= and timeout_ms= always. */
bool al_core_param_allowed(const struct al_experiment *exp, unsigned int i)
{
	if (i == AL_CP_FORCE || i == AL_CP_TIMEOUT)
		return true;
	if (i == AL_CP_HOLD)
		return exp->flags & AL_EXP_HOLD;
	return exp->flags & AL_EXP_TIMED;
}

/* Caller holds al_registry_lock. */
struct al_entry *al_find_entry(const char *name)
{
	struct al_entry *e;

	list_for_each_entry(e, &al_experiments, node)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

/* Caller holds al_registry_lock. */
unsigned int al_nr_experiments(void)
{
	struct al_entry *e;
	unsigned int n = 0;

	list_for_each_entry(e, &al_experiments, node)
		n++;
	return n;
}

/**
 * al_entry_put() - a run of @e ended: let unregister go on when it was the last
 * @e: the experiment the run looked up
 */
void al_entry_put(struct al_entry *e)
{
	mutex_lock(&al_registry_lock);
	e->inst->inflight--;
	mutex_unlock(&al_registry_lock);
	wake_up_all(&al_drain_wq);
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
		n = scnprintf(buf, len, "%s=%s (", p->name, p->def_str);
		n += al_gfp_list(buf + n, len - n, "|", " +");
		n += scnprintf(buf + n, len - n, ")");
		break;
	case AL_P_STRING:
		n = scnprintf(buf, len, "%s=%s (text)", p->name, p->def_str);
		break;
	}
	if (p->unit)
		n += scnprintf(buf + n, len - n, " [%s]", p->unit);
	n += scnprintf(buf + n, len - n, " %s;", p->help);
	return n;
}

/**
 * al_describe_params() - one line: every parameter with default, bounds, help
 * @e: the experiment
 * @buf: output
 * @len: size of @buf
 */
void al_describe_params(const struct al_entry *e, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < e->nparams && n < len; i++) {
		n += al_describe_one(&e->exp->params[i], buf + n, len - n);
		n += scnprintf(buf + n, len - n, " ");
	}
	for (i = 0; i < AL_NR_CP && n < len; i++) {
		if (!al_core_param_allowed(e->exp, i))
			continue;
		n += al_describe_one(&al_core_param_table[i], buf + n, len - n);
		n += scnprintf(buf + n, len - n, " ");
	}
	if (n && buf[n - 1] == ' ')
		buf[n - 1] = '\0';
}

static bool al_name_ok(const char *s, size_t max)
{
	size_t n;

	if (!s || !*s)
		return false;
	for (n = 0; s[n]; n++)
		if (!islower(s[n]) && !isdigit(s[n]) && s[n] != '_')
			return false;
	return n < max;
}

static int al_validate_param(const struct al_experiment *e, const struct al_param *p)
{
	char reason[96];
	unsigned int i;
	u64 v;

	if (!al_name_ok(p->name, 24) || !p->help)
		return -EINVAL;
	for (i = 0; i < AL_NR_CP; i++)
		if (!strcmp(p->name, al_core_param_table[i].name))
			return -EEXIST;
	for (const struct al_param *q = e->params; q < p; q++)
		if (!strcmp(q->name, p->name))
			return -EEXIST;
	switch (p->type) {
	case AL_P_U64:
		return p->min <= p->max && p->def >= p->min && p->def <= p->max ? 0 : -ERANGE;
	case AL_P_BOOL:
		return p->def <= 1 ? 0 : -ERANGE;
	case AL_P_ENUM:
		if (!p->choices || !p->choices[0])
			return -EINVAL;
		for (i = 0; p->choices[i]; i++)
			;
		return p->def < i ? 0 : -ERANGE;
	case AL_P_GFP:
		if (!p->def_str)
			return -EINVAL;
		return al_parse_gfp_mask(p->name, p->def_str, &v, reason, sizeof(reason));
	case AL_P_STRING:
		return p->def_str && *p->def_str && !strpbrk(p->def_str, " \t") ? 0 : -EINVAL;
	}
	return -EINVAL;
}

/* Return: 0 or -errno; @what says which part of @e is wrong. */
static int al_validate_experiment(const struct al_experiment *e, unsigned int *nparams,
				  unsigned int *nphases, const char **what)
{
	const struct al_param *p;
	unsigned int n = 0, i, j;
	int ret;

	*what = "name, summary or run";
	if (!al_name_ok(e->name, 32) || !e->summary || !e->run)
		return -EINVAL;
	*what = "flags (HOLD needs release, MMAP needs HOLD and mmap)";
	if ((e->flags & AL_EXP_HOLD) && !e->release)
		return -EINVAL;
	if ((e->flags & AL_EXP_MMAP) && (!e->mmap || !(e->flags & AL_EXP_HOLD)))
		return -EINVAL;
	*what = "a parameter (name, bounds, default, choices)";
	for (p = e->params; p && p->name; p++) {
		if (++n > AL_MAX_PARAMS)
			return -E2BIG;
		ret = al_validate_param(e, p);
		if (ret)
			return ret;
	}
	*nparams = n;
	*what = "the phases (at most 8, named, distinct, a known unit)";
	for (i = 0; e->phases && e->phases[i].name; i++) {
		if (i >= ALLOCLAB_MAX_PHASES || !al_name_ok(e->phases[i].name, ALLOCLAB_PHASE_LEN) ||
		    e->phases[i].unit > ALLOCLAB_U_BYTES)
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (!strcmp(e->phases[j].name, e->phases[i].name))
				return -EEXIST;
	}
	*nphases = i ? i : 1;
	return 0;
}

static struct al_instance *al_instance_build(const struct al_experiment *exps, unsigned int n,
					     const char *suffix, void *data,
					     struct module *owner, al_calib_fn calib)
{
	struct al_instance *inst;
	const char *what;
	unsigned int i;
	int ret;

	if (!calib || !n || n > 256 || (suffix && (!*suffix || strlen(suffix) > 30 || strpbrk(suffix, " \t@"))))
		return ERR_PTR(-EINVAL);
	inst = kzalloc(struct_size(inst, entries, n), GFP_KERNEL);
	if (!inst)
		return ERR_PTR(-ENOMEM);
	inst->owner = owner;
	inst->calib = calib;
	inst->data = data;
	inst->n = n;
	if (suffix) {
		inst->suffix = kstrdup(suffix, GFP_KERNEL);
		if (!inst->suffix) {
			kfree(inst);
			return ERR_PTR(-ENOMEM);
		}
	}
	for (i = 0; i < n; i++) {
		struct al_entry *e = &inst->entries[i];

		ret = al_validate_experiment(&exps[i], &e->nparams, &e->nphases, &what);
		if (ret) {
			pr_err("%s: experiment %u (%s) is malformed: %s (%d)\n", module_name(owner),
			       i, exps[i].name ?: "?", what, ret);
			kfree(inst->suffix);
			kfree(inst);
			return ERR_PTR(ret);
		}
		e->exp = &exps[i];
		e->inst = inst;
		snprintf(e->name, sizeof(e->name), "%s%s%s", exps[i].name, suffix ? "@" : "",
			 suffix ?: "");
	}
	return inst;
}

/**
 * __alloclab_register() - add a table of experiments to the registry
 * @exps:	array of experiments; must stay valid until unregistered
 * @n:		number of entries
 * @suffix:	instance name ("name@suffix"), or NULL for a plain registration
 * @data:	what al_data() returns in the runs of these experiments
 * @owner:	the family module (the alloclab_register*() macros pass THIS_MODULE)
 * @calib:	the empty timed loop, compiled into @owner (the macros pass it)
 *
 * Every entry is validated (names, parameter bounds and defaults, phases);
 * the experiments appear in the debugfs list and /dev/alloclab at once.
 *
 * Return: a handle for alloclab_unregister(), or ERR_PTR(-EEXIST) if a name
 * is taken, ERR_PTR(-EINVAL / -ERANGE / -E2BIG) for a malformed table.
 */
struct al_instance *__alloclab_register(const struct al_experiment *exps, unsigned int n,
					const char *suffix, void *data, struct module *owner,
					al_calib_fn calib)
{
	struct al_instance *inst = al_instance_build(exps, n, suffix, data, owner, calib);
	unsigned int i, j;

	if (IS_ERR(inst))
		return inst;
	mutex_lock(&al_registry_lock);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(inst->entries[i].name, inst->entries[j].name))
				goto dup;
		if (al_find_entry(inst->entries[i].name))
			goto dup;
	}
	for (i = 0; i < n; i++)
		list_add_tail(&inst->entries[i].node, &al_experiments);
	mutex_unlock(&al_registry_lock);
	return inst;
dup:
	mutex_unlock(&al_registry_lock);
	pr_err("%s: experiment %s already registered\n", module_name(owner),
	       inst->entries[i].name);
	kfree(inst->suffix);
	kfree(inst);
	return ERR_PTR(-EEXIST);
}
EXPORT_SYMBOL_GPL(__alloclab_register);

/**
 * alloclab_unregister() - remove a registration; frees what its runs hold
 * @inst:	the handle alloclab_register*() returned (NULL or an error: no-op)
 *
 * Unlinks the experiments (no new run can find them), waits for the runs of
 * exactly these experiments that are in flight, then releases their held
 * results (waiting for user mappings of them to go away). Runs of other
 * registrations are not waited for.
 */
void alloclab_unregister(struct al_instance *inst)
{
	unsigned int i;

	if (IS_ERR_OR_NULL(inst))
		return;
	mutex_lock(&al_registry_lock);
	inst->dead = true;
	for (i = 0; i < inst->n; i++)
		list_del(&inst->entries[i].node);
	mutex_unlock(&al_registry_lock);

	al_runner_stop_inst(inst);
	while (!wait_event_timeout(al_drain_wq, !READ_ONCE(inst->inflight), 10 * HZ))
		pr_info("%s: waiting for a run to end\n", module_name(inst->owner));
	al_held_release_inst(inst);
	kfree(inst->suffix);
	kfree(inst);
}
EXPORT_SYMBOL_GPL(alloclab_unregister);
