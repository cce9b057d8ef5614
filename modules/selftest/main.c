// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_selftest: a test-only family that exercises the core itself.
 *
 *   null            an empty op: the core's timing must read < 1 ns/op for it
 *   sleep           short interruptible sleeps: cancel, timeout_ms=, signals,
 *                   CPU hotplug and unload during a long run
 *   fail            fails on purpose in prepare or run (or reports in finish):
 *                   error paths must leave nothing behind
 *   buffer          a zeroed vmalloc_user() buffer, hold=1 and mmap()able
 *   buffer_check    checks the pattern userspace wrote into a held buffer
 *   null@selftest0  null once more, registered as an instance with data
 *
 * Writing N to /sys/module/alloclab_selftest/parameters/reregister
 * unregisters and registers the main table N times while runs may be in
 * flight. Every run callback warns if its table is not registered, so a core
 * whose alloclab_unregister() returns before the runs drained panics a
 * panic_on_warn=1 kernel.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/err.h>
#include "selftest.h"

/* Writes of more cycles are refused (a typo should not hang a shell). */
#define ST_REREGISTER_MAX	100000

static struct al_experiment st_exps[ST_NR];	/* the main table */
static struct al_experiment st_inst_exps[1];	/* [null], per instance */

static struct st_table st_main = { .exps = st_exps, .n = ARRAY_SIZE(st_exps) };
static struct st_table st_inst0 = {
	.exps = st_inst_exps, .n = ARRAY_SIZE(st_inst_exps), .name = "selftest0",
};

/* Serialises the knob against load and unload; st_live is under it. */
static DEFINE_MUTEX(st_lock);
static bool st_live;

/**
 * st_registered() - is the table of this run registered?
 * @ctx: the run
 *
 * Return: the &st_table.registered flag of the run's table.
 */
bool st_registered(const struct al_ctx *ctx)
{
	const struct st_table *t = al_data(ctx);

	return READ_ONCE((t ?: &st_main)->registered);
}

/**
 * st_entry() - an entry of the main table as registered
 * @idx: which
 *
 * Return: the entry, e.g. for al_held_get() of a held buffer run.
 */
const struct al_experiment *st_entry(enum st_index idx)
{
	return &st_exps[idx];
}

static int st_table_register(struct st_table *t)
{
	struct al_instance *inst;

	/* set first: a run may start before alloclab_register() returns */
	WRITE_ONCE(t->registered, true);
	if (t->name)
		inst = alloclab_register_instance(t->exps, t->n, t->name, t);
	else
		inst = alloclab_register(t->exps, t->n);
	if (IS_ERR(inst)) {
		WRITE_ONCE(t->registered, false);
		return PTR_ERR(inst);
	}
	t->inst = inst;
	return 0;
}

static void st_table_unregister(struct st_table *t)
{
	if (!t->inst)
		return;
	alloclab_unregister(t->inst);
	t->inst = NULL;
	/* from now on, a run callback of this table is one the core left running */
	WRITE_ONCE(t->registered, false);
}

static int st_reregister_set(const char *val, const struct kernel_param *kp)
{
	unsigned int i, n;
	int ret;

	ret = kstrtouint(val, 0, &n);
	if (ret)
		return ret;
	if (n > ST_REREGISTER_MAX)
		return -ERANGE;

	mutex_lock(&st_lock);
	ret = st_live ? 0 : -ENODEV;	/* not yet loaded, or unloading */
	for (i = 0; i < n && !ret; i++) {
		st_table_unregister(&st_main);
		ret = st_table_register(&st_main);
		if (ret)
			pr_warn("reregister: cycle %u: registering the main table failed (%d); it stays unregistered until the next write\n",
				i + 1, ret);
		else if (fatal_signal_pending(current))
			ret = -EINTR;
		cond_resched();
	}
	mutex_unlock(&st_lock);
	return ret;
}

static const struct kernel_param_ops st_reregister_ops = {
	.set = st_reregister_set,
};
module_param_cb(reregister, &st_reregister_ops, NULL, 0200);
MODULE_PARM_DESC(reregister,
		 "write N: unregister + register the main table N times (tests the core's drain)");

static int __init st_init(void)
{
	int ret;

	st_exps[ST_NULL] = st_null;
	st_exps[ST_SLEEP] = st_sleep;
	st_exps[ST_FAIL] = st_fail;
	st_exps[ST_BUFFER] = st_buffer;
	st_exps[ST_BUFFER_CHECK] = st_buffer_check;
	st_inst_exps[0] = st_null;

	mutex_lock(&st_lock);
	ret = st_table_register(&st_main);
	if (!ret) {
		ret = st_try_bad_tables();	/* after main: "null" must clash */
		if (ret)
			st_table_unregister(&st_main);
	}
	if (!ret) {
		ret = st_table_register(&st_inst0);
		if (ret)
			st_table_unregister(&st_main);
	}
	st_live = !ret;
	mutex_unlock(&st_lock);
	if (ret)
		pr_err("registering the experiments failed (%d)\n", ret);
	return ret;
}

static void __exit st_exit(void)
{
	mutex_lock(&st_lock);
	st_live = false;
	st_table_unregister(&st_inst0);
	st_table_unregister(&st_main);	/* the core frees what held runs keep */
	mutex_unlock(&st_lock);
}

module_init(st_init);
module_exit(st_exit);

MODULE_DESCRIPTION("alloclab selftest family (test-only): null, sleep, fail, buffer, buffer_check");
MODULE_AUTHOR("alloclab developers");
MODULE_LICENSE("GPL");
