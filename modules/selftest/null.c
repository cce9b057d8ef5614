// SPDX-License-Identifier: GPL-2.0
/*
 * null count=: an empty op between al_op_begin() and al_op_end(), run by
 * al_calib_loop(), the very loop the core calibrated with. What the core
 * reports for it is its own timing error (calibration noise, subtraction,
 * merging, statistics): the batch-mode mean must read < 1 ns/op and the
 * per-op p50 about 0. Registered twice: in the main table and as
 * null@selftest0, whose finish names its instance.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/compiler.h>
#include <linux/bits.h>
#include "selftest.h"

enum { NULL_P_COUNT };
static const struct al_param null_params[] = {
	[NULL_P_COUNT] = { .name = "count", .help = "empty ops per CPU", .type = AL_P_U64,
			   .def = 100000, .min = 1, .max = BIT_ULL(30), .unit = "ops" },
	{ }
};

enum { NULL_PH_OP };
static const struct al_phase_desc null_phases[] = {
	[NULL_PH_OP] = { .name = "op", .unit = ALLOCLAB_U_OBJECTS },
	{ }
};

static int null_run(struct al_worker *w)
{
	u64 count = al_val(al_wctx(w), NULL_P_COUNT);

	st_assert_registered(w);
	al_op_begin(w, NULL_PH_OP);
	/* the op is empty: exactly the loop the core calibrated with */
	if (al_calib_loop(w, count))
		return -EINTR;
	al_op_end(w);
	st_assert_registered(w);
	return 0;
}

static void null_finish(struct al_ctx *ctx)
{
	const struct st_table *t = al_data(ctx);

	if (t)
		al_fact(ctx, "instance", "%s", t->name);
}

const struct al_experiment st_null = {
	.name = "null",
	.summary = "an empty op: the core's own timing error (< 1 ns/op in batch mode)",
	.params = null_params,
	.phases = null_phases,
	.flags = AL_EXP_TIMED,
	.run = null_run,
	.finish = null_finish,
};
