// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab runner: validates a command, checks the memory budget, runs the
 * experiment on bound worker kthreads released together, and turns what the
 * workers timed into a result. It knows no allocator.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/sort.h>
#include <linux/math64.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include "core.h"

unsigned int al_budget_pct = 50;
module_param_named(budget_pct, al_budget_pct, uint, 0644);
MODULE_PARM_DESC(budget_pct, "memory budget of one run, percent of MemAvailable (default 50); force=1 exceeds it");

static DEFINE_MUTEX(al_run_lock);	/* one run at a time */
static LIST_HEAD(al_held);		/* contexts kept by hold=1, under al_run_lock */

/* ---- accessors exported to family modules ---- */

/**
 * al_val() - value of a family parameter
 * @ctx: the run
 * @idx: index of the parameter in the experiment's table
 *
 * Return: the number (AL_P_U64, AL_P_BOOL) or the choice index (AL_P_ENUM).
 */
u64 al_val(const struct al_ctx *ctx, unsigned int idx)
{
	return idx < ctx->nparams ? ctx->val[idx] : 0;
}
EXPORT_SYMBOL_GPL(al_val);

/**
 * al_gfp() - GFP flags of an AL_P_GFP parameter, mapped for this kernel
 * @ctx: the run
 * @idx: index of the parameter in the experiment's table
 *
 * Return: the flags; __GFP_NOWARN is always added so a user's request never
 * prints an allocation-failure warning.
 */
gfp_t al_gfp(const struct al_ctx *ctx, unsigned int idx)
{
	return al_gfp_from_mask(al_val(ctx, idx)) | __GFP_NOWARN;
}
EXPORT_SYMBOL_GPL(al_gfp);

/**
 * al_cpus() - number of workers of this run
 * @ctx: the run
 *
 * Return: cpus= (1 for experiments without AL_EXP_TIMED).
 */
unsigned int al_cpus(const struct al_ctx *ctx)
{
	return ctx->core[AL_CP_CPUS];
}
EXPORT_SYMBOL_GPL(al_cpus);

/**
 * al_hold() - did the user ask to keep the objects (hold=1)?
 * @ctx: the run
 *
 * Return: true if ->finish must not free; ->release will be called later.
 */
bool al_hold(const struct al_ctx *ctx)
{
	return ctx->core[AL_CP_HOLD];
}
EXPORT_SYMBOL_GPL(al_hold);

/**
 * al_forced() - was force=1 given?
 * @ctx: the run
 *
 * Return: true if the user accepted a run above the memory budget.
 */
bool al_forced(const struct al_ctx *ctx)
{
	return ctx->core[AL_CP_FORCE];
}
EXPORT_SYMBOL_GPL(al_forced);

/**
 * al_priv() - the run's zeroed private storage (priv_size bytes)
 * @ctx: the run
 *
 * Return: the storage, or NULL if the experiment asked for none.
 */
void *al_priv(struct al_ctx *ctx)
{
	return ctx->priv;
}
EXPORT_SYMBOL_GPL(al_priv);

/**
 * al_wctx() - the run a worker belongs to
 * @w: the worker
 *
 * Return: the run's context.
 */
struct al_ctx *al_wctx(struct al_worker *w)
{
	return w->ctx;
}
EXPORT_SYMBOL_GPL(al_wctx);

/**
 * al_wpriv() - a worker's zeroed private storage (wpriv_size bytes)
 * @w: the worker
 *
 * Return: the storage, or NULL if the experiment asked for none.
 */
void *al_wpriv(struct al_worker *w)
{
	return w->wpriv;
}
EXPORT_SYMBOL_GPL(al_wpriv);

/**
 * al_wid() - a worker's number
 * @w: the worker
 *
 * Return: 0 .. cpus-1.
 */
unsigned int al_wid(const struct al_worker *w)
{
	return w->id;
}
EXPORT_SYMBOL_GPL(al_wid);

/**
 * al_err() - say why the run is refused or failed
 * @ctx: the run
 * @fmt: printf format
 *
 * The reason goes to last_error (debugfs) and the ioctl's reason field. The
 * first reason given wins.
 */
void al_err(struct al_ctx *ctx, const char *fmt, ...)
{
	va_list args;

	if (ctx->reason[0])
		return;
	va_start(args, fmt);
	vsnprintf(ctx->reason, ALLOCLAB_REASON_LEN, fmt, args);
	va_end(args);
}
EXPORT_SYMBOL_GPL(al_err);

/**
 * al_fact() - add a fact (key: value) to the result
 * @ctx: the run
 * @key: short lower-case key, no spaces
 * @fmt: printf format of the value
 *
 * Safe from any worker. Facts past ALLOCLAB_MAX_FACTS are dropped.
 */
void al_fact(struct al_ctx *ctx, const char *key, const char *fmt, ...)
{
	struct alloclab_fact *f;
	va_list args;

	spin_lock(&ctx->lock);
	if (ctx->res->nr_facts >= ALLOCLAB_MAX_FACTS) {
		spin_unlock(&ctx->lock);
		return;
	}
	f = &ctx->res->facts[ctx->res->nr_facts++];
	strscpy(f->key, key, sizeof(f->key));
	va_start(args, fmt);
	vsnprintf(f->value, sizeof(f->value), fmt, args);
	va_end(args);
	spin_unlock(&ctx->lock);
}
EXPORT_SYMBOL_GPL(al_fact);

/**
 * al_bytes() - add to bytes requested and bytes really consumed
 * @ctx: the run
 * @requested: bytes the experiment asked for
 * @consumed: bytes the allocator set aside for them (ksize, order rounding)
 */
void al_bytes(struct al_ctx *ctx, u64 requested, u64 consumed)
{
	spin_lock(&ctx->lock);
	ctx->res->bytes_requested += requested;
	ctx->res->bytes_consumed += consumed;
	spin_unlock(&ctx->lock);
}
EXPORT_SYMBOL_GPL(al_bytes);

/**
 * al_failure() - count an allocation that failed
 * @w: the worker
 */
void al_failure(struct al_worker *w)
{
	w->failures++;
}
EXPORT_SYMBOL_GPL(al_failure);

/* ---- timing ---- */

/**
 * al_op_begin() - start timing a phase on this worker
 * @w: the worker
 * @ph: AL_PH_MAIN or AL_PH_FREE
 */
void al_op_begin(struct al_worker *w, enum al_phase ph)
{
	struct al_worker_clock *c = &w->clock;

	c->phase = ph;
	c->in_batch = 0;
	c->t_ns = al_now_ns();
	c->t_cyc = al_now_cycles();
}
EXPORT_SYMBOL_GPL(al_op_begin);

/**
 * al_record() - close a batch (called by al_op_done(), al_op_end())
 * @w: the worker
 * @now_ns: clock now
 * @now_cyc: cycle counter now
 *
 * Records the batch's time per op, less the calibrated empty-loop cost.
 */
void al_record(struct al_worker *w, u64 now_ns, u64 now_cyc)
{
	struct al_worker_clock *c = &w->clock;
	struct al_phase_stats *ps = &w->ph[c->phase];
	u64 d_ps = (now_ns - c->t_ns) * 1000;
	u64 d_cyc = now_cyc - c->t_cyc;
	unsigned int n = c->in_batch;

	if (!n)
		goto out;
	if (w->calibrating) {
		if (w->cal_n < AL_CAL_RECORDS) {
			w->cal_ns[w->cal_n] = d_ps;
			w->cal_cyc[w->cal_n] = d_cyc;
			w->cal_n++;
		}
		goto out;
	}
	/* the empty loop was calibrated with full batches: scale a short one */
	if (n == c->batch) {
		d_ps = d_ps > w->ovh_ns ? d_ps - w->ovh_ns : 0;
		d_cyc = d_cyc > w->ovh_cyc ? d_cyc - w->ovh_cyc : 0;
	} else {
		u64 o_ps = div_u64(w->ovh_ns * n, c->batch);
		u64 o_cyc = div_u64(w->ovh_cyc * n, c->batch);

		d_ps = d_ps > o_ps ? d_ps - o_ps : 0;
		d_cyc = d_cyc > o_cyc ? d_cyc - o_cyc : 0;
	}
	al_hist_add(&ps->ns_ps, div_u64(d_ps, n), n);
	if (AL_HAVE_CYCLES)
		al_hist_add(&ps->cycles, div_u64(d_cyc, n), n);
out:
	c->in_batch = 0;
	/* start the next batch after the bookkeeping, not before */
	c->t_ns = al_now_ns();
	c->t_cyc = al_now_cycles();
}
EXPORT_SYMBOL_GPL(al_record);

/**
 * al_op_end() - stop timing; records a partly filled last batch
 * @w: the worker
 */
void al_op_end(struct al_worker *w)
{
	if (w->clock.in_batch)
		al_record(w, al_now_ns(), al_now_cycles());
}
EXPORT_SYMBOL_GPL(al_op_end);

/**
 * al_check_stop() - reschedule and tell whether the run must stop
 * @w: the worker
 *
 * Return: true after a fatal signal to the user that started the run.
 */
bool al_check_stop(struct al_worker *w)
{
	w->clock.since_check = 0;
	cond_resched();
	return READ_ONCE(w->ctx->stop) || kthread_should_stop();
}
EXPORT_SYMBOL_GPL(al_check_stop);

static int al_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * Time the bracketing itself: the same loop with an empty body, on the same
 * CPU, with the same batch size. Its median per record is what every real
 * record has paid for being measured, and is subtracted.
 */
static void al_calibrate(struct al_worker *w)
{
	unsigned int i, n = AL_CAL_RECORDS * w->clock.batch;

	w->calibrating = true;
	w->cal_n = 0;
	al_op_begin(w, AL_PH_MAIN);
	for (i = 0; i < n; i++) {
		barrier();
		if (al_op_done(w))
			break;
	}
	al_op_end(w);
	w->calibrating = false;
	w->clock.since_check = 0;
	if (!w->cal_n)
		return;
	sort(w->cal_ns, w->cal_n, sizeof(u64), al_cmp_u64, NULL);
	sort(w->cal_cyc, w->cal_n, sizeof(u64), al_cmp_u64, NULL);
	w->ovh_ns = w->cal_ns[w->cal_n / 2];
	w->ovh_cyc = w->cal_cyc[w->cal_n / 2];
}

static int al_worker_fn(void *data)
{
	struct al_worker *w = data;
	struct al_ctx *ctx = w->ctx;

	al_calibrate(w);
	atomic_inc(&ctx->ready);
	wake_up(&ctx->wq);
	/* the start barrier: every worker begins at once */
	wait_for_completion(&ctx->go);
	if (!READ_ONCE(ctx->stop)) {
		w->t_start = al_now_ns();
		w->ret = ctx->exp->run(w);
		w->t_end = al_now_ns();
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

/* Wait for @cond; a fatal signal to the caller stops the workers first. */
#define al_wait_workers(ctx, cond)					\
do {									\
	if (wait_event_killable((ctx)->wq, cond)) {			\
		WRITE_ONCE((ctx)->stop, 1);				\
		while (!wait_event_timeout((ctx)->wq, cond, HZ))	\
			;						\
	}								\
} while (0)

static void al_workers_free(struct al_ctx *ctx)
{
	unsigned int i;

	if (!ctx->workers)
		return;
	for (i = 0; i < ctx->nr_workers; i++) {
		if (!ctx->workers[i])
			continue;
		kfree(ctx->workers[i]->wpriv);
		kvfree(ctx->workers[i]);
	}
	kfree(ctx->workers);
	ctx->workers = NULL;
}

static int al_workers_alloc(struct al_ctx *ctx)
{
	unsigned int i, n = al_cpus(ctx);
	struct al_worker *w;
	int p;

	ctx->workers = kcalloc(n, sizeof(*ctx->workers), GFP_KERNEL);
	if (!ctx->workers)
		return -ENOMEM;
	ctx->nr_workers = n;
	for (i = 0; i < n; i++) {
		w = kvzalloc(sizeof(*w), GFP_KERNEL);
		if (!w)
			return -ENOMEM;
		ctx->workers[i] = w;
		w->ctx = ctx;
		w->id = i;
		w->clock.batch = ctx->core[AL_CP_MODE] == AL_MODE_PEROP ?
				 1 : ctx->core[AL_CP_BATCH];
		for (p = 0; p < AL_NR_PH; p++) {
			al_hist_init(&w->ph[p].ns_ps);
			al_hist_init(&w->ph[p].cycles);
		}
		if (ctx->exp->wpriv_size) {
			w->wpriv = kzalloc(ctx->exp->wpriv_size, GFP_KERNEL);
			if (!w->wpriv)
				return -ENOMEM;
		}
	}
	return 0;
}

/* Start one bound kthread per worker, release them together, wait. */
static int al_workers_run(struct al_ctx *ctx)
{
	unsigned int i, started = 0, cpu;
	struct task_struct *t;
	int ret = 0;

	init_completion(&ctx->go);
	init_waitqueue_head(&ctx->wq);
	atomic_set(&ctx->ready, 0);
	atomic_set(&ctx->done, 0);

	cpus_read_lock();
	cpu = cpumask_first(cpu_online_mask);
	for (i = 0; i < ctx->nr_workers; i++) {
		if (cpu >= nr_cpu_ids) {
			al_err(ctx, "only %u CPUs are online now", i);
			ret = -ERANGE;
			break;
		}
		t = kthread_create_on_node(al_worker_fn, ctx->workers[i], cpu_to_node(cpu),
					   "alloclab/%u", cpu);
		if (IS_ERR(t)) {
			al_err(ctx, "cannot start worker kthread on CPU %u", cpu);
			ret = PTR_ERR(t);
			break;
		}
		get_task_struct(t);
		kthread_bind(t, cpu);
		ctx->workers[i]->task = t;
		ctx->workers[i]->cpu = cpu;
		wake_up_process(t);
		started++;
		cpu = cpumask_next(cpu, cpu_online_mask);
	}
	if (ret)
		WRITE_ONCE(ctx->stop, 1);
	else
		al_wait_workers(ctx, atomic_read(&ctx->ready) == started);
	complete_all(&ctx->go);
	al_wait_workers(ctx, atomic_read(&ctx->done) == started);
	for (i = 0; i < started; i++) {
		kthread_stop(ctx->workers[i]->task);
		put_task_struct(ctx->workers[i]->task);
		ctx->workers[i]->task = NULL;
		if (!ret && ctx->workers[i]->ret)
			ret = ctx->workers[i]->ret;
	}
	cpus_read_unlock();
	if (!ret && READ_ONCE(ctx->stop))
		ret = -EINTR;
	if (ret == -EINTR)
		al_err(ctx, "interrupted by a fatal signal");
	return ret;
}

/* Merge the workers' measurements into the result. */
static void al_collect(struct al_ctx *ctx)
{
	struct alloclab_result *r = ctx->res;
	struct al_phase_stats *sum;
	u64 t0 = U64_MAX, t1 = 0, ovh_ps = 0, ovh_cyc = 0;
	unsigned int i, p;

	sum = kvzalloc(sizeof(*sum) * AL_NR_PH, GFP_KERNEL);
	if (!sum)
		return;
	for (p = 0; p < AL_NR_PH; p++) {
		al_hist_init(&sum[p].ns_ps);
		al_hist_init(&sum[p].cycles);
	}
	for (i = 0; i < ctx->nr_workers; i++) {
		struct al_worker *w = ctx->workers[i];

		for (p = 0; p < AL_NR_PH; p++) {
			al_hist_merge(&sum[p].ns_ps, &w->ph[p].ns_ps);
			al_hist_merge(&sum[p].cycles, &w->ph[p].cycles);
		}
		r->failures += w->failures;
		if (w->t_end) {
			t0 = min(t0, w->t_start);
			t1 = max(t1, w->t_end);
		}
		ovh_ps += w->ovh_ns;
		ovh_cyc += w->ovh_cyc;
	}
	r->cpus = ctx->nr_workers;
	r->batch = ctx->workers[0]->clock.batch;
	r->elapsed_ns = t1 > t0 ? t1 - t0 : 0;
	r->ops = sum[AL_PH_MAIN].ns_ps.count;
	r->free_ops = sum[AL_PH_FREE].ns_ps.count;
	if (r->ops) {
		r->flags |= ALLOCLAB_RES_TIMED;
		/* reported per clock read pair, averaged over the workers */
		r->timer_overhead_ps = div_u64(ovh_ps, ctx->nr_workers);
		r->timer_overhead_cycles = div_u64(ovh_cyc, ctx->nr_workers);
		al_hist_stats(&sum[AL_PH_MAIN].ns_ps, &r->ns_ps);
		if (AL_HAVE_CYCLES) {
			r->flags |= ALLOCLAB_RES_CYCLES;
			al_hist_stats(&sum[AL_PH_MAIN].cycles, &r->cycles);
		}
	}
	if (r->free_ops) {
		r->flags |= ALLOCLAB_RES_FREE_PHASE;
		al_hist_stats(&sum[AL_PH_FREE].ns_ps, &r->free_ns_ps);
		if (AL_HAVE_CYCLES)
			al_hist_stats(&sum[AL_PH_FREE].cycles, &r->free_cycles);
	}
	if (r->batch == 1)
		r->flags |= ALLOCLAB_RES_PEROP;
	kvfree(sum);
}

void al_ctx_free(struct al_ctx *ctx)
{
	if (!ctx)
		return;
	al_workers_free(ctx);
	kfree(ctx->priv);
	kvfree(ctx->res);
	kfree(ctx->reason);
	kfree(ctx);
}

static struct al_ctx *al_ctx_alloc(void)
{
	struct al_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return NULL;
	ctx->reason = kzalloc(ALLOCLAB_REASON_LEN, GFP_KERNEL);
	ctx->res = kvzalloc(sizeof(*ctx->res), GFP_KERNEL);
	if (!ctx->reason || !ctx->res) {
		al_ctx_free(ctx);
		return NULL;
	}
	spin_lock_init(&ctx->lock);
	INIT_LIST_HEAD(&ctx->held_node);
	return ctx;
}

static int al_check_budget(struct al_ctx *ctx)
{
	u64 need, budget;

	if (!ctx->exp->footprint)
		return 0;
	need = ctx->exp->footprint(ctx);
	budget = div_u64((u64)si_mem_available() * PAGE_SIZE * al_budget_pct, 100);
	if (need <= budget || al_forced(ctx))
		return 0;
	al_err(ctx, "needs ~%llu KiB, over the budget of %llu KiB (%u%% of MemAvailable); add force=1",
	       need >> 10, budget >> 10, al_budget_pct);
	return -EFBIG;
}

/* Free what held runs of @exps (all if NULL) keep; caller holds al_run_lock. */
static void __al_release_held(const struct al_experiment *exps, unsigned int n)
{
	struct al_ctx *ctx, *tmp;

	list_for_each_entry_safe(ctx, tmp, &al_held, held_node) {
		if (exps && (ctx->exp < exps || ctx->exp >= exps + n))
			continue;
		list_del(&ctx->held_node);
		ctx->exp->release(ctx);
		module_put(ctx->exp->owner);
		al_ctx_free(ctx);
	}
}

void al_release_held(const struct al_experiment *exps, unsigned int n)
{
	mutex_lock(&al_run_lock);
	__al_release_held(exps, n);
	mutex_unlock(&al_run_lock);
}

/**
 * al_builtin() - the commands the core answers itself
 * @cmd: NUL-terminated, trimmed command
 * @reason: for an error
 *
 * Caller holds al_run_lock.
 * Return: 1 if @cmd was a built-in and ran, 0 if not a built-in, -errno.
 */
int al_builtin(const char *cmd, char *reason)
{
	if (!strcmp(cmd, "release")) {
		__al_release_held(NULL, 0);
		return 1;
	}
	if (!strcmp(cmd, "reset")) {
		al_results_reset();
		return 1;
	}
	if (!strncmp(cmd, "release ", 8) || !strncmp(cmd, "reset ", 6)) {
		snprintf(reason, ALLOCLAB_REASON_LEN, "'%s' takes no parameters",
			 cmd[2] == 'l' ? "release" : "reset");
		return -EINVAL;
	}
	return 0;
}

static int al_run_ctx(struct al_ctx *ctx)
{
	const struct al_experiment *e = ctx->exp;
	int ret;

	if (e->check) {
		ret = e->check(ctx);
		if (ret)
			return ret;
	}
	ret = al_check_budget(ctx);
	if (ret)
		return ret;
	if (!(e->flags & AL_EXP_TIMED))
		ctx->core[AL_CP_CPUS] = 1;
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
		ctx->core[AL_CP_HOLD] = 0;
	if (e->finish)
		e->finish(ctx);
	return ret;
}

/**
 * al_execute() - parse, validate and run one command
 * @buf:	the command bytes (not NUL-terminated)
 * @len:	their number
 * @out:	if non-NULL, receives a copy of the result
 * @reason:	ALLOCLAB_REASON_LEN bytes, why it failed
 *
 * Return: 0 or -errno.
 */
int al_execute(const char *buf, size_t len, struct alloclab_result *out, char *reason)
{
	struct al_ctx *ctx;
	char *cmd;
	int ret;

	reason[0] = '\0';
	ret = al_check_command_text(buf, len, reason);
	if (ret)
		return ret;
	cmd = kmemdup_nul(buf, len, GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	strim(cmd);
	ret = mutex_lock_killable(&al_run_lock);
	if (ret)
		goto out_cmd;
	ret = al_builtin(cmd, reason);
	if (ret) {
		ret = ret > 0 ? 0 : ret;
		goto out_unlock;
	}

	ctx = al_ctx_alloc();
	if (!ctx) {
		strscpy(reason, "out of memory for the run's bookkeeping", ALLOCLAB_REASON_LEN);
		ret = -ENOMEM;
		goto out_unlock;
	}
	mutex_lock(&al_registry_lock);
	ret = al_parse(cmd, ctx);
	if (!ret && !try_module_get(ctx->exp->owner)) {
		al_err(ctx, "%s is being unloaded", ctx->exp->name);
		ret = -ENODEV;
	}
	mutex_unlock(&al_registry_lock);
	if (ret)
		goto out_ctx;

	ret = al_run_ctx(ctx);
	if (!ret) {
		struct alloclab_result *r = ctx->res;

		r->abi_version = ALLOCLAB_ABI_VERSION;
		r->seq = al_next_seq();
		strscpy(r->experiment, ctx->exp->name, sizeof(r->experiment));
		al_resolved_command(ctx, r->command, sizeof(r->command));
		if (al_hold(ctx))
			r->flags |= ALLOCLAB_RES_HELD;
		al_results_store(r);
		if (out)
			memcpy(out, r, sizeof(*r));
		if (al_hold(ctx)) {
			/* keeps its module reference until release */
			list_add_tail(&ctx->held_node, &al_held);
			al_workers_free(ctx);
			ctx = NULL;
		}
	}
	if (ctx)
		module_put(ctx->exp->owner);
out_ctx:
	if (ret)
		strscpy(reason, ctx->reason[0] ? ctx->reason : "failed", ALLOCLAB_REASON_LEN);
	al_ctx_free(ctx);
out_unlock:
	mutex_unlock(&al_run_lock);
out_cmd:
	kfree(cmd);
	return ret;
}
