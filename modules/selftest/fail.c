// SPDX-License-Identifier: GPL-2.0
/*
 * fail at=prepare|run|finish: a run that fails on purpose, to test that
 * every error path of the core leaves nothing behind. ->prepare allocates a
 * scratch buffer that ->finish frees; a failing ->prepare frees it itself,
 * since the core does not call ->finish then.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include "selftest.h"

#define FAIL_SCRATCH	4096	/* bytes: a kmalloc-4k object, easy to spot if leaked */

enum { FAIL_AT_PREPARE, FAIL_AT_RUN, FAIL_AT_FINISH };
static const char * const fail_points[] = { "prepare", "run", "finish", NULL };

enum { FAIL_P_AT };
static const struct al_param fail_params[] = {
	[FAIL_P_AT] = { .name = "at", .help = "where to fail (finish cannot: it reports)",
			.type = AL_P_ENUM, .def = FAIL_AT_PREPARE, .choices = fail_points },
	{ }
};

struct fail_priv {
	void *scratch;
};

static u64 fail_footprint(struct al_ctx *ctx)
{
	return FAIL_SCRATCH;
}

static int fail_prepare(struct al_ctx *ctx)
{
	struct fail_priv *fp = al_priv(ctx);

	fp->scratch = kmalloc(FAIL_SCRATCH, GFP_KERNEL);
	if (!fp->scratch) {
		al_err(ctx, "no memory for a %d-byte scratch buffer", FAIL_SCRATCH);
		return -ENOMEM;
	}
	if (al_val(ctx, FAIL_P_AT) != FAIL_AT_PREPARE)
		return 0;
	/* ->finish will not be called: undo here */
	kfree(fp->scratch);
	fp->scratch = NULL;
	al_err(ctx, "fail at=prepare: injected failure in prepare (its %d-byte kmalloc freed)",
	       FAIL_SCRATCH);
	return -ENOMEM;
}

static int fail_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);

	st_assert_registered(w);
	if (al_val(ctx, FAIL_P_AT) != FAIL_AT_RUN)
		return 0;
	al_err(ctx, "fail at=run: injected failure in run");
	return -EIO;
}

static void fail_finish(struct al_ctx *ctx)
{
	struct fail_priv *fp = al_priv(ctx);
	unsigned int at = al_val(ctx, FAIL_P_AT);

	kfree(fp->scratch);
	fp->scratch = NULL;
	al_fact(ctx, "at", "%s", fail_points[at]);
	if (at == FAIL_AT_FINISH)
		al_fact(ctx, "injected", "in finish, which cannot fail: the run succeeds");
}

const struct al_experiment st_fail = {
	.name = "fail",
	.summary = "fails on purpose in prepare (ENOMEM) or run (EIO), or reports in finish",
	.params = fail_params,
	.footprint = fail_footprint,
	.prepare = fail_prepare,
	.run = fail_run,
	.finish = fail_finish,
	.priv_size = sizeof(struct fail_priv),
};
