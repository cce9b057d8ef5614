// SPDX-License-Identifier: GPL-2.0
/*
 * sleep ms=: a long run that does nothing, in short interruptible sleeps
 * with a stop check between them. Tests cancel, timeout_ms=, SIGKILL, CPU
 * hotplug and unloading another family while a run is in flight.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/jiffies.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include "selftest.h"

/* Longest sleep between two stop checks. */
#define SLEEP_CHUNK_MS		10

enum { SLEEP_P_MS };
static const struct al_param sleep_params[] = {
	[SLEEP_P_MS] = { .name = "ms", .help = "how long each worker sleeps", .type = AL_P_U64,
			 .def = 100, .min = 0, .max = 600000, .unit = "ms" },
	{ }
};

struct sleep_priv {
	s64 slept_ms;		/* worker 0's, measured */
};

static int sleep_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct sleep_priv *sp = al_priv(ctx);
	ktime_t start = ktime_get();
	ktime_t end = ktime_add_ms(start, al_val(ctx, SLEEP_P_MS));
	s64 left_ns;
	u64 ms;
	int ret = 0;

	st_assert_registered(w);
	while ((left_ns = ktime_to_ns(ktime_sub(end, ktime_get()))) > 0) {
		if (al_should_stop(w)) {
			ret = -EINTR;
			break;
		}
		/* rounded up: never a zero timeout, so never a busy loop */
		ms = min_t(u64, SLEEP_CHUNK_MS, DIV_ROUND_UP_ULL(left_ns, NSEC_PER_MSEC));
		schedule_timeout_interruptible(msecs_to_jiffies(ms));
	}
	if (al_wid(w) == 0)
		sp->slept_ms = ktime_ms_delta(ktime_get(), start);
	st_assert_registered(w);
	return ret;
}

static void sleep_finish(struct al_ctx *ctx)
{
	const struct sleep_priv *sp = al_priv(ctx);

	al_fact(ctx, "slept_ms", "%lld", sp->slept_ms);
}

const struct al_experiment st_sleep = {
	.name = "sleep",
	.summary = "sleeps ms= in short interruptible sleeps (cancel, timeouts, signals, unload)",
	.params = sleep_params,
	.flags = AL_EXP_TIMED,
	.run = sleep_run,
	.finish = sleep_finish,
	.priv_size = sizeof(struct sleep_priv),
};
