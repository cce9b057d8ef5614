// SPDX-License-Identifier: GPL-2.0
/*
 * buffer size= [hold=1]: a zeroed vmalloc_user() buffer that a held run keeps
 * and userspace maps through /dev/alloclab (mmap offset = result number).
 *
 * buffer_check result= seed=: checks that the held buffer of run <result>
 * holds the pattern byte[i] = (i * 31 + seed) & 0xff, which
 * `alloclab mmap N --fill=SEED` writes. Together they test hold, release,
 * the mmap path and a live mapping that keeps the buffer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/string.h>
#include <linux/sizes.h>
#include <linux/bits.h>
#include "selftest.h"

/* ------------------------------------------------------------------ */
/* buffer size=                                                        */

enum { BUF_P_SIZE };
static const struct al_param buf_params[] = {
	[BUF_P_SIZE] = { .name = "size", .help = "buffer bytes, a multiple of the page size",
			 .type = AL_P_U64, .def = SZ_64K, .min = SZ_4K, .max = SZ_16M,
			 .unit = "bytes" },
	{ }
};

/* Also read by buffer_check, through the held run's al_priv(). */
struct buf_priv {
	void *buf;		/* vmalloc_user(), zeroed; NULL once freed */
	unsigned long size;
};

static int buf_check(struct al_ctx *ctx)
{
	u64 size = al_val(ctx, BUF_P_SIZE);

	if (size % PAGE_SIZE) {
		al_err(ctx, "size=%llu is not a multiple of the page size (%lu bytes)",
		       size, PAGE_SIZE);
		return -EINVAL;
	}
	return 0;
}

static u64 buf_footprint(struct al_ctx *ctx)
{
	return al_val(ctx, BUF_P_SIZE);
}

static int buf_prepare(struct al_ctx *ctx)
{
	struct buf_priv *bp = al_priv(ctx);

	bp->size = al_val(ctx, BUF_P_SIZE);
	bp->buf = vmalloc_user(bp->size);
	if (!bp->buf) {
		al_err(ctx, "vmalloc_user(%lu) failed", bp->size);
		return -ENOMEM;
	}
	return 0;
}

static int buf_run(struct al_worker *w)
{
	/* nothing to time: the buffer is the result */
	st_assert_registered(w);
	return 0;
}

static void buf_finish(struct al_ctx *ctx)
{
	struct buf_priv *bp = al_priv(ctx);

	al_fact(ctx, "buffer_bytes", "%lu", bp->size);
	al_bytes(ctx, bp->size, PAGE_ALIGN(bp->size));
	if (al_hold(ctx))
		return;
	vfree(bp->buf);
	bp->buf = NULL;
}

static void buf_release(struct al_ctx *ctx)
{
	struct buf_priv *bp = al_priv(ctx);

	vfree(bp->buf);
	bp->buf = NULL;
}

static int buf_mmap(struct al_ctx *ctx, struct vm_area_struct *vma)
{
	struct buf_priv *bp = al_priv(ctx);

	if (!bp->buf)
		return -ENXIO;
	if (vma->vm_end - vma->vm_start > bp->size)
		return -EINVAL;
	return remap_vmalloc_range(vma, bp->buf, 0);
}

const struct al_experiment st_buffer = {
	.name = "buffer",
	.summary = "a zeroed vmalloc_user() buffer of size= bytes: hold=1 keeps it for mmap",
	.params = buf_params,
	.flags = AL_EXP_HOLD | AL_EXP_MMAP,
	.check = buf_check,
	.footprint = buf_footprint,
	.prepare = buf_prepare,
	.run = buf_run,
	.finish = buf_finish,
	.release = buf_release,
	.mmap = buf_mmap,
	.priv_size = sizeof(struct buf_priv),
};

/* ------------------------------------------------------------------ */
/* buffer_check result= seed=                                          */

#define CHK_PERIOD		256	/* the pattern repeats every 256 bytes */
#define CHK_STOP_EVERY		SZ_64K	/* bytes between two stop checks */
#define CHK_MAX_ROWS		8	/* mismatches listed one by one */

enum { CHK_P_RESULT, CHK_P_SEED };
static const struct al_param chk_params[] = {
	[CHK_P_RESULT] = { .name = "result", .help = "result number of a held buffer run",
			   .type = AL_P_U64, .def = 1, .min = 1, .max = BIT_ULL(31) },
	[CHK_P_SEED] = { .name = "seed", .help = "the --fill=SEED userspace wrote",
			 .type = AL_P_U64, .def = 0, .min = 0, .max = 255 },
	{ }
};

struct chk_priv {
	struct al_ctx *held;	/* the buffer run, referenced from prepare to finish */
	u64 checked;
	u64 mismatches;
	u64 first;		/* offset of the first mismatch, if any */
};

static int chk_prepare(struct al_ctx *ctx)
{
	struct chk_priv *cp = al_priv(ctx);

	cp->held = al_held_get(ctx, al_val(ctx, CHK_P_RESULT), st_entry(ST_BUFFER));
	return cp->held ? 0 : -ENOENT;	/* the core said why */
}

/* Count and list the mismatches of one period that memcmp() flagged. */
static void chk_period(struct al_ctx *ctx, struct chk_priv *cp, const u8 *p, u64 off,
		       const u8 *want)
{
	unsigned int i;

	for (i = 0; i < CHK_PERIOD; i++) {
		if (p[i] == want[i])
			continue;
		if (!cp->mismatches)
			cp->first = off + i;
		if (cp->mismatches < CHK_MAX_ROWS)
			al_row(ctx, "mismatch", "offset=%llu got=0x%02x want=0x%02x",
			       off + i, p[i], want[i]);
		cp->mismatches++;
	}
}

static int chk_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct chk_priv *cp = al_priv(ctx);
	const struct buf_priv *bp = al_priv(cp->held);
	unsigned int seed = al_val(ctx, CHK_P_SEED);
	u8 want[CHK_PERIOD];
	unsigned int i;
	u64 off;

	st_assert_registered(w);
	for (i = 0; i < CHK_PERIOD; i++)
		want[i] = (i * 31 + seed) & 0xff;
	/* sizes are whole pages, so whole periods */
	for (off = 0; off < bp->size; off += CHK_PERIOD) {
		const u8 *p = bp->buf + off;

		if (memcmp(p, want, CHK_PERIOD))
			chk_period(ctx, cp, p, off, want);
		cp->checked = off + CHK_PERIOD;
		if (!(cp->checked % CHK_STOP_EVERY) && al_should_stop(w))
			return -EINTR;
	}
	return 0;
}

static void chk_finish(struct al_ctx *ctx)
{
	struct chk_priv *cp = al_priv(ctx);

	al_fact(ctx, "bytes_checked", "%llu", cp->checked);
	al_fact(ctx, "mismatches", "%llu", cp->mismatches);
	if (cp->mismatches)
		al_fact(ctx, "first_mismatch", "%llu", cp->first);
	else
		al_fact(ctx, "first_mismatch", "none");
	al_held_put(cp->held);
	cp->held = NULL;
}

const struct al_experiment st_buffer_check = {
	.name = "buffer_check",
	.summary = "checks byte[i] == (i * 31 + seed) & 0xff in the held buffer of run result=",
	.params = chk_params,
	.prepare = chk_prepare,
	.run = chk_run,
	.finish = chk_finish,
	.priv_size = sizeof(struct chk_priv),
};
