// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab timing: what al_op_begin() / al_op_done() / al_op_end() do. A
 * record is one batch of ops between two clock reads; the calibrated cost of
 * an empty record is subtracted, and rescheduling and stop checks happen
 * between records, after the clock stopped and before it restarts.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/sort.h>
#include <linux/math64.h>
#include "core.h"


void al_phase_acc_init(struct al_phase_acc *a)
{
	al_hist_init(&a->ns_ps);
	al_hist_init(&a->cycles);
	a->units = 0;
	a->time_ps = 0;
}

/**
 * al_op_begin() - start timing a phase on this worker
 * @w: the worker
 * @phase: index of a phase the experiment declared (0 if it declared none)
 */
void al_op_begin(struct al_worker *w, unsigned int phase)
{
	struct al_worker_clock *c = &w->clock;
	struct al_wrk *k = al_wrk(w);

	if (phase >= k->ctx->ent->nphases) {
		pr_warn_once("%s: phase %u was not declared; counted as phase 0\n",
			     k->ctx->ent->name, phase);
		phase = 0;
	}
	c->phase = phase;
	c->in_batch = 0;
	c->units = 0;
	c->t_ns = al_now_ns();
	c->t_cyc = al_now_cycles();
}
EXPORT_SYMBOL_GPL(al_op_begin);

static void al_account(struct al_wrk *k, u64 d_ps, u64 d_cyc, unsigned int n, u64 units)
{
	struct al_worker_clock *c = &k->pub.clock;
	struct al_phase_acc *a = &k->ph[c->phase];
	u64 o_ps = k->ovh_ps, o_cyc = k->ovh_cyc;

	/* the empty loop was calibrated with full batches: scale a short one */
	if (n != c->batch) {
		o_ps = div_u64(o_ps * n, c->batch);
		o_cyc = div_u64(o_cyc * n, c->batch);
	}
	/* below the calibrated cost is noise: 0 for percentiles, signed for the mean */
	al_hist_add_signed(&a->ns_ps, div_s64((s64)(d_ps - o_ps), n), n);
	if (AL_HAVE_CYCLES)
		al_hist_add_signed(&a->cycles, div_s64((s64)(d_cyc - o_cyc), n), n);
	d_ps = d_ps > o_ps ? d_ps - o_ps : 0;
	a->units += units;
	a->time_ps += d_ps;
}

/*
 * Two empty records in the middle of the run (the second one counts: the
 * first warms the loop), between two of its records and outside both: the clock's cost drifts under an emulator (and with the
 * caches on hardware), so a cost measured only before the run can be off by
 * tens of ns for the whole run. These samples tell the drift (al_drift()).
 * Every check while there are fewer than AL_RECAL_MAX samples, then one check
 * in 16. Its bookkeeping goes to a scratch phase, like the run's.
 */
static void al_recalibrate(struct al_wrk *k)
{
	struct al_worker_clock *c = &k->pub.clock, saved = *c;

	if (k->recal_n >= AL_RECAL_MAX && (++k->recal_skip & 15))
		return;
	k->calibrating = true;
	k->recal = 2;
	c->phase = k->ctx->ent->nphases;	/* the scratch phase */
	c->in_batch = 0;
	c->units = 0;
	c->t_ns = al_now_ns();
	c->t_cyc = al_now_cycles();
	k->ctx->ent->inst->calib(&k->pub, 2ULL * c->batch);
	k->recal = 0;
	k->calibrating = false;
	*c = saved;
	c->since_check = 0;
}

/**
 * al_record() - close a record (called by al_op_done_n(), al_op_end())
 * @w: the worker
 * @now_ns: clock now
 * @now_cyc: cycle counter now
 *
 * Records the batch's time per op, less the calibrated empty-loop cost;
 * every AL_CHECK_OPS ops reschedules and checks for a stop, then restarts
 * the clock, so neither is charged to the next record.
 *
 * Return: true if the run must stop.
 */
bool al_record(struct al_worker *w, u64 now_ns, u64 now_cyc)
{
	struct al_worker_clock *c = &w->clock;
	struct al_wrk *k = al_wrk(w);
	unsigned int n = c->in_batch;
	bool stop = false;

	if (n) {
		u64 d_ps = (now_ns - c->t_ns) * 1000, d_cyc = now_cyc - c->t_cyc;

		if (k->recal == 2) {
			k->recal = 1;	/* the first of the two warms the empty loop */
		} else if (k->recal) {
			k->recal_ps[k->recal_n % AL_RECAL_MAX] = d_ps;
			k->recal_cyc[k->recal_n++ % AL_RECAL_MAX] = d_cyc;
		} else if (k->calibrating && k->cal_skip) {
			k->cal_skip--;	/* a first pass warms code, TLB and caches */
		} else if (k->calibrating && k->cal_n < AL_CAL_RECORDS) {
			k->cal_ps[k->cal_n] = d_ps;
			k->cal_cyc[k->cal_n++] = d_cyc;
		}
		/*
		 * Calibrating too: the same bookkeeping between two records
		 * (an emulator's TLB, a real cache) as in the run; undone after.
		 */
		al_account(k, d_ps, d_cyc, n, c->units);
	}
	c->in_batch = 0;
	c->units = 0;
	c->since_check += n;
	if (c->since_check >= AL_CHECK_OPS) {
		stop = al_check_stop(w);
		if (!stop && !k->calibrating)
			al_recalibrate(k);
	}
	c->t_ns = al_now_ns();
	c->t_cyc = al_now_cycles();
	return stop;
}
EXPORT_SYMBOL_GPL(al_record);

/**
 * al_pause_check() - reschedule in the middle of a long batch
 * @w: the worker
 *
 * Called by al_op_done_n() every AL_CHECK_OPS ops inside a batch (a batch of
 * 65536 slow ops would otherwise hold the CPU for minutes): the record's
 * start moves forward by the time the check took, so it is not charged.
 *
 * Return: true if the run must stop.
 */
bool al_pause_check(struct al_worker *w)
{
	struct al_worker_clock *c = &w->clock;
	u64 t0 = al_now_ns(), c0 = al_now_cycles();
	bool stop = al_check_stop(w);

	c->t_ns += al_now_ns() - t0;
	c->t_cyc += al_now_cycles() - c0;
	return stop;
}
EXPORT_SYMBOL_GPL(al_pause_check);

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
 * Return: true after a fatal signal to the user that started the run, a
 * cancel, the timeout, a CPU of the run going offline or an unregister.
 */
bool al_check_stop(struct al_worker *w)
{
	w->clock.since_check = 0;
	cond_resched();
	return READ_ONCE(al_wrk(w)->ctx->stop) || kthread_should_stop();
}
EXPORT_SYMBOL_GPL(al_check_stop);

static int al_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * Time the bracketing itself: the same loop with an empty body, compiled into
 * the family's module (al_calib_loop()), on the same CPU, with the same batch
 * size. Its median per record is what every real
 * record has paid for being measured, and is subtracted.
 */
void al_calibrate(struct al_wrk *k)
{
	struct al_worker *w = &k->pub;
	u64 n = 2ULL * AL_CAL_RECORDS * w->clock.batch;
	unsigned int p;

	k->calibrating = true;
	k->cal_n = 0;
	k->cal_skip = AL_CAL_RECORDS;
	al_op_begin(w, 0);
	k->ctx->ent->inst->calib(w, n);
	al_op_end(w);
	k->calibrating = false;
	for (p = 0; p <= k->ctx->ent->nphases; p++)
		al_phase_acc_init(&k->ph[p]);
	w->clock.since_check = 0;
	if (!k->cal_n)
		return;
	sort(k->cal_ps, k->cal_n, sizeof(u64), al_cmp_u64, NULL);
	sort(k->cal_cyc, k->cal_n, sizeof(u64), al_cmp_u64, NULL);
	k->ovh_ps = k->cal_ps[k->cal_n / 2];
	k->ovh_cyc = k->cal_cyc[k->cal_n / 2];
}

/**
 * al_drift() - how much more an empty record cost during the run than before
 * @k: the worker, after the run
 * @cyc: its cycle drift (0 without a cycle counter)
 *
 * Return: the median of the in-run empty records less the calibrated cost,
 * in ps per record; 0 if it is not more (the records were not over-charged)
 * or too few samples were taken.
 */
u64 al_drift(struct al_wrk *k, u64 *cyc)
{
	unsigned int n = min_t(unsigned int, k->recal_n, AL_RECAL_MAX);
	u64 m_ps, m_cyc;

	*cyc = 0;
	if (n < 8)
		return 0;
	sort(k->recal_ps, n, sizeof(u64), al_cmp_u64, NULL);
	sort(k->recal_cyc, n, sizeof(u64), al_cmp_u64, NULL);
	m_ps = k->recal_ps[n / 2];
	m_cyc = k->recal_cyc[n / 2];
	*cyc = m_cyc > k->ovh_cyc ? m_cyc - k->ovh_cyc : 0;
	return m_ps > k->ovh_ps ? m_ps - k->ovh_ps : 0;
}
