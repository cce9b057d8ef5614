// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab runner: validates a command, admits it against the memory budget
 * and the held cap, runs the experiment on bound worker kthreads released
 * together, stops them on a fatal signal, cancel, timeout, CPU hotplug or
 * unregister, and turns what they timed into a result. It knows no
 * allocator; timing is in timing.c, the run context in ctx.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/jiffies.h>
#include <linux/topology.h>
#include "core.h"

static DEFINE_MUTEX(al_run_lock);	/* one run at a time */
static DEFINE_SPINLOCK(al_running_lock);
static struct al_ctx *al_running;	/* the run in progress, under al_running_lock */
static enum cpuhp_state al_hp_state;

/* ---- workers ---- */

static int al_worker_fn(void *data)
{
	struct al_wrk *k = data;
	struct al_ctx *ctx = k->ctx;

	al_calibrate(k);
	atomic_inc(&ctx->ready);
	wake_up(&ctx->wq);
	/* the start barrier: every worker begins at once (interruptible: no hung task) */
	while (wait_for_completion_interruptible(&ctx->go))
		;
	if (!READ_ONCE(ctx->stop)) {
		k->t_start = al_now_ns();
		k->ret = ctx->exp->run(&k->pub);
		k->t_end = al_now_ns();
	}
	atomic_inc(&ctx->done);
	wake_up(&ctx->wq);
	/* wait for kthread_stop() so the runner can read our stats safely */
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

/* CPUs of the run: cpu_list=, else node=, else the first cpus= online ones. */
static int al_pick_cpus(struct al_ctx *ctx)
{
	const char *list = ctx->str[AL_CV(AL_CP_CPU_LIST)], *node = ctx->str[AL_CV(AL_CP_NODE)];
	unsigned int want = ctx->val[AL_CV(AL_CP_CPUS)], n = 0, cpu;
	cpumask_var_t mask;
	int ret = 0;
	u64 nid;

	if (!(ctx->exp->flags & AL_EXP_TIMED))
		want = 1;
	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	if (list && strcmp(list, "auto")) {
		ret = cpulist_parse(list, mask);
		if (ret == -ERANGE) {
			al_err(ctx, "cpu_list=%s names a CPU this machine does not have (%u CPUs)",
			       list, nr_cpu_ids);
			goto out;
		}
		if (ret || cpumask_empty(mask)) {
			al_err(ctx, "cpu_list=%s is not a CPU list (e.g. 0-1,3)", list);
			ret = -EINVAL;
			goto out;
		}
		if (!cpumask_subset(mask, cpu_online_mask)) {
			al_err(ctx, "cpu_list=%s names a CPU that is not online", list);
			ret = -ERANGE;
			goto out;
		}
		if (ctx->given[AL_CV(AL_CP_CPUS)] && want != cpumask_weight(mask)) {
			al_err(ctx, "cpus=%u but cpu_list=%s has %u CPUs", want, list,
			       cpumask_weight(mask));
			ret = -EINVAL;
			goto out;
		}
		want = cpumask_weight(mask);
	} else if (node && strcmp(node, "any")) {
		if (al_parse_number("node", node, &nid, ctx->reason, ALLOCLAB_REASON_LEN) ||
		    nid >= MAX_NUMNODES || !node_online(nid)) {
			al_err(ctx, "node=%s is not an online NUMA node", node);
			ret = -EINVAL;
			goto out;
		}
		cpumask_and(mask, cpumask_of_node(nid), cpu_online_mask);
	} else {
		cpumask_copy(mask, cpu_online_mask);
	}
	ctx->cpu_ids = kcalloc(want, sizeof(*ctx->cpu_ids), GFP_KERNEL);
	if (!ctx->cpu_ids) {
		ret = -ENOMEM;
		goto out;
	}
	for_each_cpu(cpu, mask) {
		if (n == want)
			break;
		ctx->cpu_ids[n++] = cpu;
	}
	if (n < want) {
		al_err(ctx, "only %u CPUs are online%s now, cpus=%u", n,
		       node && strcmp(node, "any") ? " on that node" : "", want);
		ret = -ERANGE;
		goto out;
	}
	ctx->nr_workers = want;
out:
	free_cpumask_var(mask);
	return ret;
}

static void al_workers_free(struct al_ctx *ctx)
{
	unsigned int i;

	if (!ctx->workers)
		return;
	for (i = 0; i < ctx->nr_workers; i++) {
		if (!ctx->workers[i])
			continue;
		kfree(ctx->workers[i]->wpriv);
		kvfree(ctx->workers[i]->ph);
		kfree(ctx->workers[i]);
	}
	kfree(ctx->workers);
	ctx->workers = NULL;
}

/* One record per worker, on its CPU's node. */
static int al_workers_alloc(struct al_ctx *ctx)
{
	unsigned int i, p, nph = ctx->ent->nphases;
	struct al_wrk *k;

	ctx->workers = kcalloc(ctx->nr_workers, sizeof(*ctx->workers), GFP_KERNEL);
	if (!ctx->workers)
		return -ENOMEM;
	for (i = 0; i < ctx->nr_workers; i++) {
		int node = cpu_to_node(ctx->cpu_ids[i]);

		k = kzalloc_node(sizeof(*k), GFP_KERNEL, node);
		if (!k)
			return -ENOMEM;
		ctx->workers[i] = k;
		k->ctx = ctx;
		k->id = i;
		k->cpu = ctx->cpu_ids[i];
		k->node = node;
		k->pub.clock.batch = ctx->val[AL_CV(AL_CP_MODE)] == AL_MODE_PEROP ?
				     1 : ctx->val[AL_CV(AL_CP_BATCH)];
		k->ph = kvmalloc_node(sizeof(*k->ph) * (nph + 1), GFP_KERNEL, node);
		if (!k->ph)
			return -ENOMEM;
		for (p = 0; p <= nph; p++)
			al_phase_acc_init(&k->ph[p]);
		if (ctx->exp->wpriv_size) {
			k->wpriv = kzalloc_node(ctx->exp->wpriv_size, GFP_KERNEL, node);
			if (!k->wpriv)
				return -ENOMEM;
		}
	}
	return 0;
}

/* Create, bind and wake the workers; the hotplug lock only around that. */
static unsigned int al_workers_start(struct al_ctx *ctx)
{
	unsigned int i, started = 0;
	struct task_struct *t;

	cpus_read_lock();
	for (i = 0; i < ctx->nr_workers; i++) {
		struct al_wrk *k = ctx->workers[i];

		if (!cpu_online(k->cpu)) {
			al_stop(ctx, -EAGAIN, "CPU %u went offline before the run started", k->cpu);
			break;
		}
		t = kthread_create_on_node(al_worker_fn, k, k->node, "alloclab/%u", k->cpu);
		if (IS_ERR(t)) {
			al_stop(ctx, PTR_ERR(t), "cannot start a worker kthread on CPU %u", k->cpu);
			break;
		}
		get_task_struct(t);
		kthread_bind(t, k->cpu);
		k->task = t;
		wake_up_process(t);
		started++;
	}
	cpus_read_unlock();
	return started;
}

/*
 * Wait until @cond; a fatal signal to the caller or the timeout stops the
 * workers, which are then waited for (they check for a stop every few ops).
 */
static void al_wait(struct al_ctx *ctx, atomic_t *cnt, unsigned int want,
		    unsigned long deadline)
{
	long r;

	while (atomic_read(cnt) != want && !READ_ONCE(ctx->stop)) {
		r = wait_event_killable_timeout(ctx->wq, atomic_read(cnt) == want, HZ);
		if (r < 0)
			al_stop(ctx, -EINTR, "interrupted by a fatal signal");
		else if (!r && deadline && time_after_eq(jiffies, deadline))
			al_stop(ctx, -ETIMEDOUT, "stopped after timeout_ms=%llu",
				ctx->val[AL_CV(AL_CP_TIMEOUT)]);
	}
	while (!wait_event_timeout(ctx->wq, atomic_read(cnt) == want, HZ))
		;
}

static int al_workers_run(struct al_ctx *ctx)
{
	u64 tmo = ctx->val[AL_CV(AL_CP_TIMEOUT)];
	unsigned long deadline = tmo ? jiffies + msecs_to_jiffies(tmo) : 0;
	unsigned int i, started;
	int ret = 0;

	if (deadline == 0 && tmo)
		deadline = 1;
	spin_lock(&al_running_lock);
	al_running = ctx;
	spin_unlock(&al_running_lock);

	started = al_workers_start(ctx);
	al_wait(ctx, &ctx->ready, started, deadline);
	complete_all(&ctx->go);
	al_wait(ctx, &ctx->done, started, deadline);
	for (i = 0; i < started; i++) {
		kthread_stop(ctx->workers[i]->task);
		put_task_struct(ctx->workers[i]->task);
		ctx->workers[i]->task = NULL;
		if (!ret && ctx->workers[i]->ret)
			ret = ctx->workers[i]->ret;
	}

	spin_lock(&al_running_lock);
	al_running = NULL;
	spin_unlock(&al_running_lock);
	/* a stop's own errno is the better answer than the workers' -EINTR */
	return ctx->stop_err ?: ret;
}

/* Drift of the empty record over the run, per record, weighted by each worker's ops. */
static void al_collect_drift(struct al_ctx *ctx, u64 *d_ps, u64 *d_cyc)
{
	u64 ops, all = 0, sum_ps = 0, sum_cyc = 0, dp, dc;
	unsigned int i, p;

	for (i = 0; i < ctx->nr_workers; i++) {
		struct al_wrk *k = ctx->workers[i];

		for (ops = 0, p = 0; p < ctx->ent->nphases; p++)
			ops += k->ph[p].ns_ps.count;
		dp = al_drift(k, &dc);
		sum_ps += dp * ops;
		sum_cyc += dc * ops;
		all += ops;
	}
	*d_ps = all ? div64_u64(sum_ps, all) : 0;
	*d_cyc = all ? div64_u64(sum_cyc, all) : 0;
}

/* Less @by per op, not below 0: what the records were over-charged. */
static void al_unshift(struct alloclab_stats *st, u64 by)
{
	u64 *v[] = { &st->mean, &st->min, &st->p50, &st->p90, &st->p99, &st->max };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		*v[i] = *v[i] > by ? *v[i] - by : 0;
}

/* Merge the workers' measurements into the result's phases. */
static void al_collect(struct al_ctx *ctx)
{
	struct alloclab_result *r = &ctx->acc->hdr;
	unsigned int i, p, nph = ctx->ent->nphases;
	u64 t0 = U64_MAX, t1 = 0, ovh_ps = 0, ovh_cyc = 0, drift_ps, drift_cyc;
	struct al_phase_acc *sum;

	sum = kvmalloc(sizeof(*sum) * nph, GFP_KERNEL);
	if (!sum)
		return;
	for (p = 0; p < nph; p++)
		al_phase_acc_init(&sum[p]);
	for (i = 0; i < ctx->nr_workers; i++) {
		struct al_wrk *k = ctx->workers[i];

		for (p = 0; p < nph; p++) {
			al_hist_merge(&sum[p].ns_ps, &k->ph[p].ns_ps);
			al_hist_merge(&sum[p].cycles, &k->ph[p].cycles);
			sum[p].units += k->ph[p].units;
			sum[p].time_ps += k->ph[p].time_ps;
		}
		r->failures += k->failures;
		if (k->t_end) {
			t0 = min(t0, k->t_start);
			t1 = max(t1, k->t_end);
		}
		ovh_ps += k->ovh_ps;
		ovh_cyc += k->ovh_cyc;
	}
	r->cpus = ctx->nr_workers;
	r->batch = ctx->workers[0]->pub.clock.batch;
	r->elapsed_ns = t1 > t0 ? t1 - t0 : 0;
	r->nr_phases = nph;
	al_collect_drift(ctx, &drift_ps, &drift_cyc);
	ctx->acc->unshift_ps = div_u64(drift_ps, r->batch);
	for (p = 0; p < nph; p++) {
		struct alloclab_phase *ph = &ctx->acc->phases[p];
		const struct al_phase_desc *d = ctx->exp->phases;

		strscpy(ph->name, d ? d[p].name : "op", sizeof(ph->name));
		ph->unit = d ? d[p].unit : ALLOCLAB_U_OBJECTS;
		ph->ops = sum[p].ns_ps.count;
		ph->units = sum[p].units;
		if (!ph->ops)
			continue;
		r->flags |= ALLOCLAB_RES_TIMED;
		/* batch records are means already: drop the 1% disturbed ones */
		al_hist_stats_trim(&sum[p].ns_ps, &ph->ns_ps, r->batch > 1 ? 10 : 1);
		al_unshift(&ph->ns_ps, ctx->acc->unshift_ps);
		/* the time of the ops the (trimmed) mean describes */
		ph->time_ps = ph->ns_ps.mean * ph->ops;
		if (AL_HAVE_CYCLES) {
			ph->flags |= ALLOCLAB_PH_CYCLES;
			al_hist_stats_trim(&sum[p].cycles, &ph->cycles, r->batch > 1 ? 10 : 1);
			al_unshift(&ph->cycles, div_u64(drift_cyc, r->batch));
		}
	}
	if (r->flags & ALLOCLAB_RES_TIMED) {
		r->timer_overhead_ps = div_u64(ovh_ps, ctx->nr_workers);
		r->timer_overhead_cycles = div_u64(ovh_cyc, ctx->nr_workers);
		if (AL_HAVE_CYCLES)
			r->flags |= ALLOCLAB_RES_CYCLES;
	}
	if (r->batch == 1)
		r->flags |= ALLOCLAB_RES_PEROP;
	kvfree(sum);
}

/* "12.345" ns from @ps less the drift the percentiles lost (al_unshift()) */
static void al_ns3(char *buf, size_t len, u64 ps, u64 by)
{
	u32 rem;
	u64 ns;

	ps = ps > by ? ps - by : 0;
	ns = div_u64_rem(ps, 1000, &rem);
	snprintf(buf, len, "%llu.%03u", ns, rem);
}

static void al_hist_row(struct al_ctx *ctx, const char *name, u64 lo, u64 hi, u64 n)
{
	char a[24], b[24];

	al_ns3(a, sizeof(a), lo, ctx->acc->unshift_ps);
	al_ns3(b, sizeof(b), hi, ctx->acc->unshift_ps);
	al_row(ctx, "hist", "phase=%s lo_ns=%s hi_ns=%s count=%llu", name, a, b, n);
}

/*
 * One phase's histogram as at most @max hist[] rows (0: one, which al_row()
 * refuses and marks the result truncated). Groups wholly below the drift
 * the percentiles lost fold into the next one: they all read 0.
 */
static void al_hist_phase_rows(struct al_ctx *ctx, const char *name, const struct al_hist *h,
			       unsigned int max)
{
	unsigned int shift = al_hist_group_shift(h, max), idx = 0;
	u64 lo, hi, n, lo0 = 0, sum = 0;
	bool pending = false;

	while (al_hist_group_next(h, shift, &idx, &lo, &hi, &n)) {
		if (!pending)
			lo0 = lo;
		sum += n;
		pending = true;
		if (hi <= ctx->acc->unshift_ps)
			continue;
		al_hist_row(ctx, name, lo0, hi, sum);
		pending = false;
		sum = 0;
	}
	if (pending)
		al_hist_row(ctx, name, lo0, hi, sum);
}

/*
 * hist=1: each timed phase's latency histogram (ns per op, the figures the
 * percentiles come from), appended to the experiment's own rows, after
 * ->finish() added them; the rows left are shared out between the phases,
 * adjacent buckets merged until a phase fits its share.
 */
static void al_hist_rows(struct al_ctx *ctx)
{
	unsigned int i, p, left, phases = 0, nph = ctx->ent->nphases;
	struct al_hist *h;

	for (p = 0; p < nph; p++)
		phases += ctx->acc->phases[p].ops ? 1 : 0;
	if (!phases)
		return;
	h = kvmalloc(sizeof(*h), GFP_KERNEL);
	if (!h) {
		ctx->acc->hdr.flags |= ALLOCLAB_RES_TRUNCATED;
		return;
	}
	for (p = 0; p < nph; p++) {
		if (!ctx->acc->phases[p].ops)
			continue;
		al_hist_init(h);
		for (i = 0; i < ctx->nr_workers; i++)
			al_hist_merge(h, &ctx->workers[i]->ph[p].ns_ps);
		left = ctx->acc->rows ? ALLOCLAB_MAX_ROWS - ctx->acc->hdr.nr_rows : 0;
		al_hist_phase_rows(ctx, ctx->acc->phases[p].name, h, left / phases--);
	}
	kvfree(h);
}

/* ---- CPU hotplug: a CPU of the run going offline stops it ---- */

static int al_cpu_offline(unsigned int cpu)
{
	struct al_ctx *ctx;
	unsigned int i;

	spin_lock(&al_running_lock);
	ctx = al_running;
	for (i = 0; ctx && i < ctx->nr_workers; i++)
		if (ctx->cpu_ids[i] == cpu) {
			al_stop(ctx, -EAGAIN, "CPU %u went offline during the run", cpu);
			break;
		}
	spin_unlock(&al_running_lock);
	return 0;
}

/**
 * al_runner_stop_inst() - stop the run in progress if it is of @inst
 * @inst: a registration being removed
 */
void al_runner_stop_inst(struct al_instance *inst)
{
	spin_lock(&al_running_lock);
	if (al_running && al_running->ent->inst == inst)
		al_stop(al_running, -ENODEV, "%s was unregistered during the run",
			al_running->ent->name);
	spin_unlock(&al_running_lock);
}

int al_runner_init(void)
{
	int ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "alloclab:online", NULL,
					    al_cpu_offline);

	if (ret < 0)
		return ret;
	al_hp_state = ret;
	return 0;
}

void al_runner_exit(void)
{
	cpuhp_remove_state_nocalls(al_hp_state);
}

/* ---- one run ---- */

static int al_run_ctx(struct al_ctx *ctx)
{
	const struct al_experiment *e = ctx->exp;
	int ret;

	if (e->check) {
		ret = e->check(ctx);
		if (ret)
			return ret;
	}
	ret = al_pick_cpus(ctx);
	if (ret)
		return ret;
	ctx->charged = e->footprint ? e->footprint(ctx) : 0;
	ret = al_held_admit(ctx, ctx->charged);
	if (ret)
		return ret;
	if (e->priv_size) {
		ctx->priv = kzalloc(e->priv_size, GFP_KERNEL);
		if (!ctx->priv)
			return -ENOMEM;
	}
	ret = al_workers_alloc(ctx);
	if (ret)
		return ret;
	if (e->prepare) {
		ret = e->prepare(ctx);
		if (ret)
			return ret;
	}
	ret = al_workers_run(ctx);
	al_collect(ctx);
	if (ret)	/* a failed run holds nothing: ->finish frees it all */
		ctx->val[AL_CV(AL_CP_HOLD)] = 0;
	if (e->finish)
		e->finish(ctx);
	if (!ret && ctx->val[AL_CV(AL_CP_HIST)])
		al_hist_rows(ctx);
	return ret;
}

/* Store the result; keep a hold=1 run. Return: 0 or -ENOMEM. */
static int al_conclude(struct al_ctx *ctx, struct alloclab_result **out)
{
	struct alloclab_result *blob;

	ctx->seq = al_next_seq();
	blob = al_result_pack(ctx);
	if (blob && out) {
		*out = kvmalloc(blob->size, GFP_KERNEL);
		if (*out)
			memcpy(*out, blob, blob->size);
	}
	if (!blob || (out && !*out) || al_results_store(blob)) {
		kvfree(blob);
		if (out) {
			kvfree(*out);
			*out = NULL;
		}
		if (al_hold(ctx))
			ctx->exp->release(ctx);
		al_err(ctx, "the run ended but its result could not be stored (out of memory)");
		return -ENOMEM;
	}
	if (!al_hold(ctx))
		return 0;
	/* parked: only what ->release needs stays */
	al_workers_free(ctx);
	kvfree(ctx->acc->facts);
	kvfree(ctx->acc->rows);
	kfree(ctx->acc);
	ctx->acc = NULL;
	al_held_add(ctx);
	return 1;
}

/* Look up, parse, pin the experiment's registration and module. */
static int al_begin(struct al_ctx *ctx, const char *cmd)
{
	int ret;

	mutex_lock(&al_registry_lock);
	ret = al_parse(cmd, ctx);
	if (!ret && !try_module_get(ctx->ent->inst->owner)) {
		al_err(ctx, "%s is being unloaded", ctx->ent->name);
		ctx->ent = NULL;
		ret = -ENODEV;
	}
	if (!ret)
		ctx->ent->inst->inflight++;
	mutex_unlock(&al_registry_lock);
	return ret;
}

static int al_run_command(const char *cmd, struct alloclab_result **out, char *reason)
{
	struct al_ctx *ctx;
	struct al_entry *ent;
	int ret;

	ctx = al_ctx_alloc();
	if (!ctx) {
		strscpy(reason, "out of memory for the run's bookkeeping", ALLOCLAB_REASON_LEN);
		return -ENOMEM;
	}
	ret = al_begin(ctx, cmd);
	ent = ctx->ent;
	if (!ret) {
		ret = al_run_ctx(ctx);
		al_workers_free(ctx);
		if (!ret)
			ret = al_conclude(ctx, out);
	}
	if (ret < 0 && ctx->reason[0])
		strscpy(reason, ctx->reason, ALLOCLAB_REASON_LEN);
	else if (ret < 0)	/* a callee that said nothing: at least what and which errno */
		snprintf(reason, ALLOCLAB_REASON_LEN, "%s failed: %s%s",
			 ent ? ent->name : "the command", al_errno_name(ret),
			 ret == -ENOMEM ? " (the kernel refused an allocation)" : "");
	if (ret <= 0)
		al_ctx_free(ctx);
	if (ent) {
		module_put(ent->inst->owner);
		al_entry_put(ent);
	}
	return ret < 0 ? ret : 0;
}

/* ---- built-in commands ---- */

static int al_cancel(char *reason)
{
	int ret = -ENOENT;

	spin_lock(&al_running_lock);
	if (al_running) {
		al_stop(al_running, -ECANCELED, "cancelled by a 'cancel' command");
		ret = 0;
	}
	spin_unlock(&al_running_lock);
	if (ret)
		snprintf(reason, ALLOCLAB_REASON_LEN, "no run is in progress");
	return ret;
}

static int al_release_cmd(const char *arg, unsigned int *released, char *reason)
{
	u64 seq = 0;
	int ret;

	arg = skip_spaces(arg);
	if (*arg) {
		if (strpbrk(arg, " \t")) {
			snprintf(reason, ALLOCLAB_REASON_LEN,
				 "usage: 'release' (every held result) or 'release N' (result N)");
			return -EINVAL;
		}
		ret = al_parse_number("release", arg, &seq, reason, ALLOCLAB_REASON_LEN);
		if (ret)
			return ret;
		if (!seq || seq > U32_MAX) {
			snprintf(reason, ALLOCLAB_REASON_LEN, "result %llu is not held (see held)",
				 seq);
			return -ENOENT;
		}
	}
	return al_held_release(seq, !*arg, released, reason);
}

/* Return: 1 if @cmd was a built-in and ran, 0 if not a built-in, -errno. */
static int al_builtin(const char *cmd, struct alloclab_result **out, char *reason)
{
	unsigned int released = 0;
	const char *name;
	int ret;

	if (!strcmp(cmd, "reset")) {
		name = "reset";
		al_results_reset();
		ret = 0;
	} else if (!strcmp(cmd, "cancel")) {
		name = "cancel";
		ret = al_cancel(reason);
	} else if (!strncmp(cmd, "release", 7) && (!cmd[7] || isspace(cmd[7]))) {
		name = "release";
		ret = al_release_cmd(cmd + 7, &released, reason);
	} else if ((!strncmp(cmd, "reset", 5) && isspace(cmd[5])) ||
		   (!strncmp(cmd, "cancel", 6) && isspace(cmd[6]))) {
		snprintf(reason, ALLOCLAB_REASON_LEN, "'%.6s' takes no parameters", cmd);
		return -EINVAL;
	} else {
		return 0;
	}
	if (ret)
		return ret;
	if (out) {
		*out = al_result_builtin(name, !strcmp(name, "release") ? "released" : NULL,
					 released);
		if (!*out) {
			strscpy(reason, "done, but out of memory for its result", ALLOCLAB_REASON_LEN);
			return -ENOMEM;
		}
	}
	return 1;
}

/**
 * al_execute() - parse, validate and run one command
 * @buf:	the command bytes (not NUL-terminated)
 * @len:	their number
 * @out:	if non-NULL, receives a kvmalloc'ed copy of the result
 * @reason:	ALLOCLAB_REASON_LEN bytes, why it failed
 *
 * Return: 0 or -errno.
 */
int al_execute(const char *buf, size_t len, struct alloclab_result **out, char *reason)
{
	char *dup, *cmd;
	int ret;

	reason[0] = '\0';
	if (out)
		*out = NULL;
	ret = al_check_command_text(buf, len, reason, ALLOCLAB_REASON_LEN);
	if (ret)
		return ret;
	dup = kmemdup_nul(buf, len, GFP_KERNEL);
	if (!dup) {
		strscpy(reason, "out of memory for the command text", ALLOCLAB_REASON_LEN);
		return -ENOMEM;
	}
	cmd = strim(dup);
	/* built-ins do not wait for the run in progress (cancel stops it) */
	ret = al_builtin(cmd, out, reason);
	if (ret)
		goto out;
	ret = mutex_lock_killable(&al_run_lock);
	if (ret) {
		strscpy(reason, "interrupted while waiting for the run in progress",
			ALLOCLAB_REASON_LEN);
		goto out;
	}
	ret = al_run_command(cmd, out, reason);
	mutex_unlock(&al_run_lock);
out:
	kfree(dup);
	return ret < 0 ? ret : 0;
}
