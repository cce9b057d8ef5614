// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab run context: what a family reads of a run (parameters, private
 * storage) and writes to it (facts, table rows, byte counts, errors), and
 * the held runs: kept after hold=1, charged to the memory budget, mapped
 * into userspace, released by "release N" or when their family goes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/string.h>
#include "core.h"

unsigned int al_budget_pct = 50;
module_param_named(budget_pct, al_budget_pct, uint, 0644);
MODULE_PARM_DESC(budget_pct, "memory budget, percent of MemAvailable plus what held runs keep (default 50); force=1 exceeds it");

unsigned int al_max_held = 16;
module_param_named(max_held, al_max_held, uint, 0644);
MODULE_PARM_DESC(max_held, "most hold=1 results kept at once (default 16)");

static DEFINE_MUTEX(al_held_lock);
static LIST_HEAD(al_held);		/* held contexts, under al_held_lock */
static unsigned int al_nr_held;
static u64 al_held_bytes;
static DECLARE_WAIT_QUEUE_HEAD(al_held_wq);	/* maps / users dropped */

/* ---- accessors exported to family modules ---- */

/**
 * al_val() - value of a family parameter
 * @ctx: the run
 * @idx: index of the parameter in the experiment's table
 *
 * Return: the number (AL_P_U64, AL_P_BOOL), the choice index (AL_P_ENUM) or
 * the symbolic mask (AL_P_GFP: use al_gfp()).
 */
u64 al_val(const struct al_ctx *ctx, unsigned int idx)
{
	return idx < AL_MAX_PARAMS ? ctx->val[idx] : 0;
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
 * al_str() - text of an AL_P_STRING parameter
 * @ctx: the run
 * @idx: index of the parameter in the experiment's table
 *
 * Return: the text (the default if not given), never NULL.
 */
const char *al_str(const struct al_ctx *ctx, unsigned int idx)
{
	return idx < AL_MAX_PARAMS && ctx->str[idx] ? ctx->str[idx] : "";
}
EXPORT_SYMBOL_GPL(al_str);

/**
 * al_given() - was this parameter given in the command?
 * @ctx: the run
 * @idx: index of the parameter in the experiment's table
 *
 * Return: true if the user wrote it, false if it has its default.
 */
bool al_given(const struct al_ctx *ctx, unsigned int idx)
{
	return idx < AL_MAX_PARAMS && ctx->given[idx];
}
EXPORT_SYMBOL_GPL(al_given);

/**
 * al_cpus() - number of workers of this run
 * @ctx: the run
 *
 * Return: the number of workers (1 for experiments without AL_EXP_TIMED).
 */
unsigned int al_cpus(const struct al_ctx *ctx)
{
	return ctx->nr_workers;
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
	return ctx->val[AL_CV(AL_CP_HOLD)];
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
	return ctx->val[AL_CV(AL_CP_FORCE)];
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
 * al_data() - the data pointer of the registration this run belongs to
 * @ctx: the run
 *
 * Return: what alloclab_register_instance() was given (NULL for a plain
 * registration).
 */
void *al_data(const struct al_ctx *ctx)
{
	return ctx->ent->inst->data;
}
EXPORT_SYMBOL_GPL(al_data);

/**
 * al_seq() - the result number of this run
 * @ctx: the run
 *
 * Return: the number, or 0 while the run has not been stored yet.
 */
unsigned int al_seq(const struct al_ctx *ctx)
{
	return ctx->seq;
}
EXPORT_SYMBOL_GPL(al_seq);

/**
 * al_wctx() - the run a worker belongs to
 * @w: the worker
 *
 * Return: the run's context.
 */
struct al_ctx *al_wctx(struct al_worker *w)
{
	return al_wrk(w)->ctx;
}
EXPORT_SYMBOL_GPL(al_wctx);

/**
 * al_wpriv() - a worker's zeroed private storage (wpriv_size bytes)
 * @w: the worker
 *
 * Return: the storage (on the worker's node), or NULL if none was asked for.
 */
void *al_wpriv(struct al_worker *w)
{
	return al_wrk(w)->wpriv;
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
	return container_of(w, struct al_wrk, pub)->id;
}
EXPORT_SYMBOL_GPL(al_wid);

/**
 * al_wnode() - the NUMA node of a worker's CPU
 * @w: the worker
 *
 * Return: the node, to allocate the worker's memory there.
 */
int al_wnode(const struct al_worker *w)
{
	return container_of(w, struct al_wrk, pub)->node;
}
EXPORT_SYMBOL_GPL(al_wnode);

/* ---- reporting ---- */

static __printf(2, 0) void al_verr(struct al_ctx *ctx, const char *fmt, va_list args)
{
	unsigned long flags;

	spin_lock_irqsave(&ctx->lock, flags);
	if (!ctx->reason[0])
		vsnprintf(ctx->reason, ALLOCLAB_REASON_LEN, fmt, args);
	spin_unlock_irqrestore(&ctx->lock, flags);
}

/**
 * al_err() - say why the run is refused or failed
 * @ctx: the run
 * @fmt: printf format
 *
 * The reason goes to last_error (debugfs) and the ioctl's reason field. The
 * first reason given wins; safe from any worker.
 */
void al_err(struct al_ctx *ctx, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	al_verr(ctx, fmt, args);
	va_end(args);
}
EXPORT_SYMBOL_GPL(al_err);

/* Stop every worker of @ctx; the first @err and reason win. */
void al_stop(struct al_ctx *ctx, int err, const char *fmt, ...)
{
	unsigned long flags;
	va_list args;

	spin_lock_irqsave(&ctx->lock, flags);
	if (!ctx->stop_err) {
		ctx->stop_err = err;
		va_start(args, fmt);
		vsnprintf(ctx->reason, ALLOCLAB_REASON_LEN, fmt, args);
		va_end(args);
	}
	WRITE_ONCE(ctx->stop, 1);
	spin_unlock_irqrestore(&ctx->lock, flags);
}

/**
 * al_fact() - add a fact (key: value) to the result
 * @ctx: the run
 * @key: short lower-case key, no spaces
 * @fmt: printf format of the value
 *
 * Safe from any worker. Facts past ALLOCLAB_MAX_FACTS mark the result
 * truncated.
 */
void al_fact(struct al_ctx *ctx, const char *key, const char *fmt, ...)
{
	struct alloclab_fact *f;
	unsigned long flags;
	va_list args;

	spin_lock_irqsave(&ctx->lock, flags);
	if (ctx->acc->hdr.nr_facts >= ALLOCLAB_MAX_FACTS) {
		ctx->acc->hdr.flags |= ALLOCLAB_RES_TRUNCATED;
		spin_unlock_irqrestore(&ctx->lock, flags);
		return;
	}
	f = &ctx->acc->facts[ctx->acc->hdr.nr_facts++];
	strscpy(f->key, key, sizeof(f->key));
	va_start(args, fmt);
	vsnprintf(f->value, sizeof(f->value), fmt, args);
	va_end(args);
	spin_unlock_irqrestore(&ctx->lock, flags);
}
EXPORT_SYMBOL_GPL(al_fact);

/**
 * al_addrs_shown() - may this task see kernel addresses (the %pK rule)
 *
 * Context: the task that sent the command (->check, ->prepare, ->finish).
 * Return: true if %pK prints real addresses to it (kptr_restrict and its
 * credentials); physical addresses, PFNs and page-table entries in facts
 * and rows are shown on the same terms.
 */
bool al_addrs_shown(void)
{
	static const int marker;
	char a[24], b[24];

	snprintf(a, sizeof(a), "%pK", &marker);
	snprintf(b, sizeof(b), "%px", &marker);
	return !strcmp(a, b);
}
EXPORT_SYMBOL_GPL(al_addrs_shown);

/**
 * al_fact_ptr() - a kernel virtual address as a fact, as kptr_restrict says
 * @ctx: the run
 * @key: the fact's key
 * @p: the address (printed with %pK: hashed, zeroed or real)
 */
void al_fact_ptr(struct al_ctx *ctx, const char *key, const void *p)
{
	char buf[24];

	/* formatted outside the result's spinlock: %pK may ask the LSM */
	snprintf(buf, sizeof(buf), "%pK", p);
	al_fact(ctx, key, "%s", buf);
}
EXPORT_SYMBOL_GPL(al_fact_ptr);

/**
 * al_fact_phys() - a physical or bus address as a fact, if kptr_restrict
 * lets this task see kernel addresses; else "hidden (kptr_restrict)"
 * @ctx: the run
 * @key: the fact's key
 * @pa: the address
 */
void al_fact_phys(struct al_ctx *ctx, const char *key, phys_addr_t pa)
{
	if (al_addrs_shown())
		al_fact(ctx, key, "%pa", &pa);
	else
		al_fact(ctx, key, "hidden (kptr_restrict)");
}
EXPORT_SYMBOL_GPL(al_fact_phys);

/**
 * al_row() - add a row to a table of the result: "table[i]: k=v k=v"
 * @ctx: the run
 * @table: the table's name (lower case, no spaces); rows are numbered
 *	   0, 1, ... per table in the order they are added
 * @fmt: printf format of the row, "key=value" pairs separated by blanks
 *
 * Safe from any worker. Rows past ALLOCLAB_MAX_ROWS (all tables together)
 * mark the result truncated.
 */
void al_row(struct al_ctx *ctx, const char *table, const char *fmt, ...)
{
	struct al_acc *acc = ctx->acc;
	struct alloclab_row *r;
	unsigned long flags;
	unsigned int i, idx = 0;
	va_list args;

	spin_lock_irqsave(&ctx->lock, flags);
	if (!acc->rows || acc->hdr.nr_rows >= ALLOCLAB_MAX_ROWS) {
		acc->hdr.flags |= ALLOCLAB_RES_TRUNCATED;
		spin_unlock_irqrestore(&ctx->lock, flags);
		return;
	}
	for (i = 0; i < acc->hdr.nr_rows; i++)
		if (!strncmp(acc->rows[i].table, table, ALLOCLAB_TABLE_LEN))
			idx++;
	r = &acc->rows[acc->hdr.nr_rows++];
	strscpy(r->table, table, sizeof(r->table));
	r->index = idx;
	va_start(args, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, args);
	va_end(args);
	spin_unlock_irqrestore(&ctx->lock, flags);
}
EXPORT_SYMBOL_GPL(al_row);

/**
 * al_bytes() - add to bytes requested and bytes really consumed
 * @ctx: the run
 * @requested: bytes the experiment asked for
 * @consumed: bytes the allocator set aside for them (ksize, order rounding)
 */
void al_bytes(struct al_ctx *ctx, u64 requested, u64 consumed)
{
	unsigned long flags;

	spin_lock_irqsave(&ctx->lock, flags);
	ctx->acc->hdr.bytes_requested += requested;
	ctx->acc->hdr.bytes_consumed += consumed;
	spin_unlock_irqrestore(&ctx->lock, flags);
}
EXPORT_SYMBOL_GPL(al_bytes);

/**
 * al_failure() - count an allocation that failed
 * @w: the worker
 */
void al_failure(struct al_worker *w)
{
	al_wrk(w)->failures++;
}
EXPORT_SYMBOL_GPL(al_failure);

/**
 * al_event() - count an event (a device completion ...); IRQ-safe
 * @ctx: the run
 * @idx: counter 0 .. AL_NR_EVENTS - 1 (others are ignored)
 */
void al_event(struct al_ctx *ctx, unsigned int idx)
{
	if (idx < AL_NR_EVENTS)
		atomic64_inc(&ctx->events[idx]);
}
EXPORT_SYMBOL_GPL(al_event);

/**
 * al_events() - read an event counter
 * @ctx: the run
 * @idx: counter 0 .. AL_NR_EVENTS - 1
 *
 * Return: its count (0 for an invalid @idx).
 */
u64 al_events(struct al_ctx *ctx, unsigned int idx)
{
	return idx < AL_NR_EVENTS ? atomic64_read(&ctx->events[idx]) : 0;
}
EXPORT_SYMBOL_GPL(al_events);

/* ---- context lifetime ---- */

void al_ctx_free(struct al_ctx *ctx)
{
	unsigned int i;

	if (!ctx)
		return;
	for (i = 0; i < AL_NR_VALS; i++)
		kfree(ctx->str[i]);
	kfree(ctx->priv);
	kfree(ctx->cpu_ids);
	if (ctx->acc) {
		kvfree(ctx->acc->facts);
		kvfree(ctx->acc->rows);
		kfree(ctx->acc);
	}
	kfree(ctx->reason);
	kfree(ctx);
}

struct al_ctx *al_ctx_alloc(void)
{
	struct al_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return NULL;
	ctx->reason = kzalloc(ALLOCLAB_REASON_LEN, GFP_KERNEL);
	ctx->acc = kzalloc(sizeof(*ctx->acc), GFP_KERNEL);
	if (ctx->acc)
		ctx->acc->facts = kvcalloc(ALLOCLAB_MAX_FACTS, sizeof(*ctx->acc->facts),
					   GFP_KERNEL);
	if (!ctx->reason || !ctx->acc || !ctx->acc->facts) {
		al_ctx_free(ctx);
		return NULL;
	}
	/* rows are optional: without room a table is reported truncated */
	ctx->acc->rows = kvcalloc(ALLOCLAB_MAX_ROWS, sizeof(*ctx->acc->rows),
				  GFP_KERNEL | __GFP_NOWARN);
	spin_lock_init(&ctx->lock);
	init_completion(&ctx->go);
	init_waitqueue_head(&ctx->wq);
	INIT_LIST_HEAD(&ctx->held_node);
	return ctx;
}

/**
 * al_ctx_probe() - a context for an available() callback outside a run
 *
 * Return: a zeroed context with a reason buffer (free with al_ctx_free()).
 */
struct al_ctx *al_ctx_probe(void)
{
	struct al_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return NULL;
	ctx->reason = kzalloc(ALLOCLAB_REASON_LEN, GFP_KERNEL);
	if (!ctx->reason) {
		kfree(ctx);
		return NULL;
	}
	spin_lock_init(&ctx->lock);
	return ctx;
}

/* ---- budget and held runs ---- */

/**
 * al_budget_bytes() - what all runs together may keep
 *
 * Return: budget_pct percent of MemAvailable plus what held runs keep now
 * (their memory is no longer available, but it is theirs to count).
 */
u64 al_budget_bytes(void)
{
	u64 avail = (u64)si_mem_available() * PAGE_SIZE;

	mutex_lock(&al_held_lock);
	avail += al_held_bytes;
	mutex_unlock(&al_held_lock);
	return div_u64(avail * al_budget_pct, 100);
}

/**
 * al_held_admit() - may a run that needs @need bytes start?
 * @ctx: the run (hold=1 is checked against max_held)
 * @need: its footprint
 *
 * Return: 0, -ENOSPC (held cap), -EFBIG (budget) with a reason.
 */
int al_held_admit(struct al_ctx *ctx, u64 need)
{
	u64 budget = al_budget_bytes(), held;
	unsigned int nr;

	al_held_stats(&nr, &held);
	if (al_hold(ctx) && nr >= al_max_held) {
		al_err(ctx, "%u results are held already (max_held=%u): free some with 'release N' or 'release'",
		       nr, al_max_held);
		return -ENOSPC;
	}
	if (need + held <= budget || al_forced(ctx))
		return 0;
	al_err(ctx, "needs ~%llu KiB, held runs keep %llu KiB, over the budget of %llu KiB (%u%% of MemAvailable + held); add force=1",
	       need >> 10, held >> 10, budget >> 10, al_budget_pct);
	return -EFBIG;
}

void al_held_stats(u32 *nr, u64 *bytes)
{
	mutex_lock(&al_held_lock);
	*nr = al_nr_held;
	*bytes = al_held_bytes;
	mutex_unlock(&al_held_lock);
}

/* Keep @ctx (a stored, successful hold=1 run) until release. */
void al_held_add(struct al_ctx *ctx)
{
	mutex_lock(&al_held_lock);
	list_add_tail(&ctx->held_node, &al_held);
	al_nr_held++;
	al_held_bytes += ctx->charged;
	mutex_unlock(&al_held_lock);
}

/* Caller holds al_held_lock; @ctx is unused and unmapped. */
static void al_held_free(struct al_ctx *ctx)
{
	list_del(&ctx->held_node);
	al_nr_held--;
	al_held_bytes -= ctx->charged;
	ctx->exp->release(ctx);
	al_ctx_free(ctx);
}

static bool al_held_busy(struct al_ctx *ctx)
{
	return atomic_read(&ctx->maps) || atomic_read(&ctx->users);
}

/**
 * al_held_release() - "release N" / "release"
 * @seq: result number (ignored with @all)
 * @all: every held result that is not in use
 * @released: how many were freed
 * @reason: ALLOCLAB_REASON_LEN bytes, why not
 *
 * Return: 0, -ENOENT (N is not held), -EBUSY (mapped or in use: kept).
 */
int al_held_release(u32 seq, bool all, unsigned int *released, char *reason)
{
	struct al_ctx *ctx, *tmp;
	int ret = all ? 0 : -ENOENT;

	*released = 0;
	mutex_lock(&al_held_lock);
	list_for_each_entry_safe(ctx, tmp, &al_held, held_node) {
		if (!all && ctx->seq != seq)
			continue;
		if (al_held_busy(ctx)) {
			snprintf(reason, ALLOCLAB_REASON_LEN,
				 "result %u (%s) is mapped by a process or in use: unmap it first",
				 ctx->seq, ctx->ent->name);
			ret = -EBUSY;
			continue;
		}
		al_held_free(ctx);
		(*released)++;
		if (!all)
			ret = 0;
	}
	mutex_unlock(&al_held_lock);
	if (ret == -ENOENT)
		snprintf(reason, ALLOCLAB_REASON_LEN, "result %u is not held (see held)", seq);
	return ret;
}

/* Free every held result of @inst (its family goes); waits for mappings. */
void al_held_release_inst(struct al_instance *inst)
{
	struct al_ctx *ctx, *tmp;

	mutex_lock(&al_held_lock);
	list_for_each_entry_safe(ctx, tmp, &al_held, held_node) {
		if (ctx->ent->inst != inst)
			continue;
		while (al_held_busy(ctx)) {
			mutex_unlock(&al_held_lock);
			if (!wait_event_timeout(al_held_wq, !al_held_busy(ctx), 10 * HZ))
				pr_info("%s: result %u is still mapped; waiting to free it\n",
					ctx->ent->name, ctx->seq);
			mutex_lock(&al_held_lock);
		}
		al_held_free(ctx);
	}
	mutex_unlock(&al_held_lock);
}

/**
 * al_held_get() - use the held result of another command (read its buffer)
 * @ctx: the run that asks (for the reason)
 * @seq: the result number
 * @exp: the experiment the result must be of (an entry of the caller's table)
 *
 * While the reference is kept, "release" of that result answers -EBUSY.
 *
 * Return: the held run's context (al_priv() gives its storage), or NULL with
 * a reason set in @ctx.
 */
struct al_ctx *al_held_get(struct al_ctx *ctx, unsigned int seq,
			   const struct al_experiment *exp)
{
	struct al_ctx *h, *found = NULL;

	mutex_lock(&al_held_lock);
	list_for_each_entry(h, &al_held, held_node)
		if (h->seq == seq) {
			found = h;
			break;
		}
	if (found && found->exp != exp) {
		al_err(ctx, "result %u is a %s run, not %s", seq, found->ent->name, exp->name);
		found = NULL;
	} else if (found) {
		atomic_inc(&found->users);
	} else {
		al_err(ctx, "result %u is not held (see held)", seq);
	}
	mutex_unlock(&al_held_lock);
	return found;
}
EXPORT_SYMBOL_GPL(al_held_get);

/**
 * al_held_put() - drop what al_held_get() returned
 * @held: the held run (NULL: no-op)
 */
void al_held_put(struct al_ctx *held)
{
	if (held && atomic_dec_and_test(&held->users))
		wake_up_all(&al_held_wq);
}
EXPORT_SYMBOL_GPL(al_held_put);

static void al_vm_open(struct vm_area_struct *vma)
{
	struct al_ctx *ctx = vma->vm_private_data;

	__module_get(ctx->ent->inst->owner);
	atomic_inc(&ctx->maps);
}

static void al_vm_close(struct vm_area_struct *vma)
{
	struct al_ctx *ctx = vma->vm_private_data;
	struct module *owner = ctx->ent->inst->owner;

	if (atomic_dec_and_test(&ctx->maps))
		wake_up_all(&al_held_wq);
	module_put(owner);
}

static const struct vm_operations_struct al_vm_ops = {
	.open = al_vm_open,
	.close = al_vm_close,
};

/**
 * al_held_mmap() - map held result @seq's buffer into @vma
 * @seq: the result number (the mmap offset in pages)
 * @vma: the new mapping
 * @reason: ALLOCLAB_REASON_LEN bytes, why not
 *
 * Return: 0 or -errno. A live mapping keeps the result and pins its module.
 */
int al_held_mmap(u32 seq, struct vm_area_struct *vma, char *reason)
{
	struct al_ctx *ctx;
	int ret = -ENOENT;

	mutex_lock(&al_held_lock);
	list_for_each_entry(ctx, &al_held, held_node)
		if (ctx->seq == seq)
			break;
	if (list_entry_is_head(ctx, &al_held, held_node)) {
		snprintf(reason, ALLOCLAB_REASON_LEN, "result %u is not held", seq);
		goto out;
	}
	ret = -EINVAL;
	if (!(ctx->exp->flags & AL_EXP_MMAP)) {
		snprintf(reason, ALLOCLAB_REASON_LEN, "result %u (%s) holds no mappable buffer",
			 seq, ctx->ent->name);
		goto out;
	}
	ret = -ENODEV;
	if (!try_module_get(ctx->ent->inst->owner))
		goto out;
	ret = ctx->exp->mmap(ctx, vma);
	if (ret) {
		module_put(ctx->ent->inst->owner);
		snprintf(reason, ALLOCLAB_REASON_LEN, "%s refused the mapping (%d)",
			 ctx->ent->name, ret);
		goto out;
	}
	vma->vm_private_data = ctx;
	vma->vm_ops = &al_vm_ops;
	atomic_inc(&ctx->maps);
out:
	mutex_unlock(&al_held_lock);
	return ret;
}

/* debugfs "held": "<result> <experiment> <bytes> mapped|unmapped" per line. */
int al_held_show(struct seq_file *m)
{
	struct al_ctx *ctx;

	mutex_lock(&al_held_lock);
	list_for_each_entry(ctx, &al_held, held_node)
		seq_printf(m, "%u %s %llu %s\n", ctx->seq, ctx->ent->name, ctx->charged,
			   atomic_read(&ctx->maps) ? "mapped" : "unmapped");
	mutex_unlock(&al_held_lock);
	return 0;
}
