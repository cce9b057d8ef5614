// SPDX-License-Identifier: GPL-2.0
/*
 * The edu experiments, registered per bound device as "name@<pci name>".
 *
 * edu_copy size= buf=coherent|streaming passes= ...: the CPU fills a source
 * buffer with a position-coded pattern and a destination buffer with a
 * different one, the device copies the source in (RAM -> its 4 KiB buffer)
 * and back out into the destination, chunk by chunk, and the kernel
 * compares. As in the kernel's dmatest, the patterns tell the cases apart:
 * every source byte has bit 7 set, every destination fill byte has it
 * clear, and the other bits hash the byte's offset with the pass's seed. A
 * wrong byte is "not_copied" (still the fill), "wrong_offset" (a source
 * byte, but another offset's: a shifted or clamped address; the row gives
 * where in the source it came from) or "overwritten" (neither). Throughput
 * is phase 0 ("roundtrip", bytes): both commands of each chunk, waits
 * included; fills and compares are outside it.
 *
 * edu_buffer size= hold=1: a coherent buffer of the device kept by a held
 * run and mapped into userspace through /dev/alloclab: `alloclab
 * dma-validate` writes a pattern into one, has edu_copy src=A dst=B copy it
 * through the device into another and reads that back.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/sizes.h>
#include <linux/math64.h>
#include <linux/dma-map-ops.h>
#include "edu.h"

#define EC_MAX_SIZE	SZ_4M	/* the buddy allocator's largest block on every kernel */
#define EC_MAX_ROWS	8	/* mismatch runs listed one by one */
#define EC_MAX_CORRUPT	64
#define EC_FROM_LEN	8	/* bytes matched to find where a wrong byte came from */
#define EC_FILL_SALT	0x5a5aa5a5U

enum { EDU_EXP_COPY, EDU_EXP_BUFFER, EDU_NR_EXPS };

static const char * const ec_bufs[] = { "coherent", "streaming", NULL };
static const char * const ec_places[] = { "reach", "high", NULL };
static const char * const ec_faults[] = { "none", "nostart", NULL };
enum { EC_FAULT_NONE, EC_FAULT_NOSTART };

enum { EC_NOT_COPIED, EC_OVERWRITTEN, EC_WRONG_OFFSET, EC_NR_CLASSES };
static const char * const ec_class_names[] = { "not_copied", "overwritten", "wrong_offset" };

enum {
	EC_P_SIZE, EC_P_BUF, EC_P_PASSES, EC_P_SEED, EC_P_SKIP_SYNC, EC_P_CORRUPT, EC_P_IRQ,
	EC_P_PLACE, EC_P_SRC, EC_P_DST, EC_P_FAULT, EC_P_CMD_TIMEOUT,
};
static const struct al_param ec_params[] = {
	[EC_P_SIZE] = { .name = "size", .help = "bytes copied per pass (with src=/dst=: the held buffer's)",
			.type = AL_P_U64, .def = SZ_16K, .min = 1, .max = EC_MAX_SIZE,
			.unit = "bytes" },
	[EC_P_BUF] = { .name = "buf", .help = "dma_alloc_coherent, or pages mapped with dma_map_single",
		       .type = AL_P_ENUM, .def = EDU_BUF_COHERENT, .choices = ec_bufs },
	[EC_P_PASSES] = { .name = "passes", .help = "round trips of the whole buffer, each with a new seed",
			  .type = AL_P_U64, .def = 1, .min = 1, .max = 4096 },
	[EC_P_SEED] = { .name = "seed", .help = "seed of the first pass's patterns",
			.type = AL_P_U64, .def = 1, .min = 0, .max = U32_MAX },
	[EC_P_SKIP_SYNC] = { .name = "skip_sync", .help = "streaming: compare without dma_sync_single_for_cpu",
			     .type = AL_P_BOOL },
	[EC_P_CORRUPT] = { .name = "corrupt", .help = "overwrite this many destination bytes before the compare",
			   .type = AL_P_U64, .def = 0, .min = 0, .max = EC_MAX_CORRUPT },
	[EC_P_IRQ] = { .name = "irq", .help = "1: wait for the completion interrupt; 0: poll the status",
		       .type = AL_P_BOOL, .def = 1 },
	[EC_P_PLACE] = { .name = "place", .help = "streaming: inside the device's reach, or above it",
			 .type = AL_P_ENUM, .def = EDU_PLACE_REACH, .choices = ec_places },
	[EC_P_SRC] = { .name = "src", .help = "a held edu_buffer result as the source (0: own)",
		       .type = AL_P_U64, .def = 0, .min = 0, .max = U32_MAX },
	[EC_P_DST] = { .name = "dst", .help = "a held edu_buffer result as the destination (0: own)",
		       .type = AL_P_U64, .def = 0, .min = 0, .max = U32_MAX },
	[EC_P_FAULT] = { .name = "fault", .help = "nostart: never set the command's start bit",
			 .type = AL_P_ENUM, .def = EC_FAULT_NONE, .choices = ec_faults },
	[EC_P_CMD_TIMEOUT] = { .name = "cmd_timeout_ms", .help = "how long one DMA command may take",
			       .type = AL_P_U64, .def = 1000, .min = 10, .max = 10000,
			       .unit = "ms" },
	{ }
};

static const struct al_phase_desc ec_phases[] = {
	{ "roundtrip", ALLOCLAB_U_BYTES },
	{ }
};

/* A held edu_buffer run's storage (al_priv), also read by edu_copy src=/dst=. */
struct eb_priv {
	struct edu_dev *ed;
	struct edu_buf *b;
};

struct ec_priv {
	struct edu_dev *ed;
	struct al_ctx *held[2];		/* src=, dst= runs, referenced until finish */
	struct edu_buf *src, *dst;
	bool own_src, own_dst;
	struct edu_xfer x;
	u32 seed;			/* of the pass being checked */
	u64 moved, verified, mismatches, cls[EC_NR_CLASSES];
	u64 xfer_ns;			/* spent in ec_transfer(), waits included */
	unsigned int rows, corrupted, irqs0;
	dma_addr_t src_dma, dst_dma;	/* as the device was given them */
	char why[192];
};

/* ---- patterns ---- */

static u32 ec_hash(u32 seed, u32 w)
{
	u32 h = seed ^ (w * 0x9e3779b9U);

	h ^= h >> 16;
	h *= 0x85ebca6bU;
	h ^= h >> 13;
	h *= 0xc2b2ae35U;
	return h ^ (h >> 16);
}

static u8 ec_src_byte(u32 seed, size_t i)
{
	u32 w = ec_hash(seed, i / 4) | 0x80808080U;

	return ((u8 *)&w)[i % 4];
}

static u8 ec_fill_byte(u32 seed, size_t i)
{
	u32 w = ec_hash(seed ^ EC_FILL_SALT, i / 4) & 0x7f7f7f7fU;

	return ((u8 *)&w)[i % 4];
}

/* Word-wise: the buffers are page-aligned. */
static void ec_fill(void *buf, size_t size, u32 seed, bool src)
{
	u32 *p = buf;
	size_t w, i;

	for (w = 0; w < size / 4; w++)
		p[w] = src ? ec_hash(seed, w) | 0x80808080U :
			     ec_hash(seed ^ EC_FILL_SALT, w) & 0x7f7f7f7fU;
	for (i = w * 4; i < size; i++)
		((u8 *)buf)[i] = src ? ec_src_byte(seed, i) : ec_fill_byte(seed, i);
}

/* ---- compare ---- */

static unsigned int ec_classify(const struct ec_priv *ep, size_t i, u8 got)
{
	if (got == ec_fill_byte(ep->seed, i))
		return EC_NOT_COPIED;
	if (ep->own_src && (got & 0x80))
		return EC_WRONG_OFFSET;
	return EC_OVERWRITTEN;
}

/* Where in the source the bytes at @off of the destination are, or -1. */
static long ec_from(const struct ec_priv *ep, size_t off)
{
	const u8 *s = ep->src->cpu, *d = ep->dst->cpu + off;
	size_t j, size = ep->dst->size;

	if (off + EC_FROM_LEN > size)
		return -1;
	for (j = 0; j + EC_FROM_LEN <= size; j++)
		if (s[j] == d[0] && !memcmp(s + j, d, EC_FROM_LEN))
			return j;
	return -1;
}

static void ec_row(struct al_ctx *ctx, struct ec_priv *ep, size_t start, size_t len,
		   unsigned int cls)
{
	const u8 *s = ep->src->cpu, *d = ep->dst->cpu;
	long from = cls == EC_WRONG_OFFSET ? ec_from(ep, start) : -1;
	char f[32] = "";

	if (ep->rows++ >= EC_MAX_ROWS)
		return;
	if (from >= 0)
		snprintf(f, sizeof(f), " from=%ld", from);
	al_row(ctx, "mismatch", "offset=%zu bytes=%zu class=%s got=0x%02x want=0x%02x%s",
	       start, len, ec_class_names[cls], d[start], s[start], f);
}

/* Count the mismatches of one chunk, listing runs of one class as rows. */
static void ec_check_chunk(struct al_ctx *ctx, struct ec_priv *ep, size_t off, size_t len)
{
	const u8 *s = ep->src->cpu, *d = ep->dst->cpu;
	size_t i, start = 0, run = 0;
	unsigned int cls, cur = 0;

	for (i = off; i < off + len; i++) {
		if (d[i] == s[i]) {
			if (run)
				ec_row(ctx, ep, start, run, cur);
			run = 0;
			continue;
		}
		cls = ec_classify(ep, i, d[i]);
		ep->cls[cls]++;
		ep->mismatches++;
		if (run && cls == cur) {
			run++;
			continue;
		}
		if (run)
			ec_row(ctx, ep, start, run, cur);
		start = i;
		run = 1;
		cur = cls;
	}
	if (run)
		ec_row(ctx, ep, start, run, cur);
}

static int ec_compare(struct al_worker *w, struct ec_priv *ep)
{
	size_t off, len, size = ep->dst->size;

	for (off = 0; off < size; off += len) {
		len = min_t(size_t, size - off, EDU_BUF_SIZE);
		if (memcmp(ep->dst->cpu + off, ep->src->cpu + off, len))
			ec_check_chunk(al_wctx(w), ep, off, len);
		ep->verified += len;
		if (!(off % SZ_256K) && al_should_stop(w))
			return -EINTR;
	}
	return 0;
}

/* corrupt=N: bytes spread over the destination get a value no copy can give. */
static void ec_corrupt(struct ec_priv *ep, unsigned int n)
{
	size_t size = ep->dst->size, step = size / n, i, k;
	u8 *d = ep->dst->cpu;

	for (k = 0; k < n; k++) {
		i = k * step + step / 2;
		d[i] = (ec_fill_byte(ep->seed, i) ^ 0x55) & 0x7f;	/* not fill, not source */
	}
	ep->corrupted += n;
}

/* ---- the transfer ---- */

static int ec_map(struct ec_priv *ep)
{
	int ret = 0;

	if (ep->src->kind == EDU_BUF_STREAMING)
		ret = edu_buf_map(ep->ed, ep->src, ep->why, sizeof(ep->why));
	if (!ret && ep->dst->kind == EDU_BUF_STREAMING)
		ret = edu_buf_map(ep->ed, ep->dst, ep->why, sizeof(ep->why));
	if (ret)
		edu_buf_unmap(ep->ed, ep->src, false);
	ep->src_dma = ep->src->dma;
	ep->dst_dma = ep->dst->dma;
	return ret;
}

/* Every chunk in and out, timed; a stop waits for the chunk in flight. */
static int ec_transfer(struct al_worker *w, struct ec_priv *ep)
{
	size_t off, len, size = ep->dst->size;
	u64 t0 = al_now_ns();
	int ret = 0;

	al_op_begin(w, 0);
	for (off = 0; off < size && !ret; off += len) {
		len = min_t(size_t, size - off, EDU_XFER_MAX);
		ret = edu_roundtrip(ep->ed, &ep->x, ep->src_dma + off, ep->dst_dma + off, len,
				    ep->why, sizeof(ep->why));
		if (!ret)
			ep->moved += len;
		if (!ret && (al_op_done_n(w, len) || al_pause_check(w)))
			ret = -EINTR;
	}
	al_op_end(w);
	ep->xfer_ns += al_now_ns() - t0;
	return ret;
}

static int ec_pass(struct al_worker *w, struct ec_priv *ep, bool last)
{
	struct al_ctx *ctx = al_wctx(w);
	unsigned int corrupt = last ? al_val(ctx, EC_P_CORRUPT) : 0;
	int ret;

	if (ep->own_src)
		ec_fill(ep->src->cpu, ep->src->size, ep->seed, true);
	ec_fill(ep->dst->cpu, ep->dst->size, ep->seed, false);
	ret = ec_map(ep);
	if (ret)
		return ret;
	ret = ec_transfer(w, ep);
	edu_buf_unmap(ep->ed, ep->src, false);
	if (!ret && !al_val(ctx, EC_P_SKIP_SYNC))
		edu_buf_sync_for_cpu(ep->ed, ep->dst);
	if (!ret && corrupt)
		ec_corrupt(ep, corrupt);
	if (!ret)
		ret = ec_compare(w, ep);
	/* with skip_sync=1 the CPU compared first: the unmap's sync comes too late */
	edu_buf_unmap(ep->ed, ep->dst, true);
	return ret;
}

static int ec_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct ec_priv *ep = al_priv(ctx);
	u64 p, passes = al_val(ctx, EC_P_PASSES);
	int ret = 0;

	ep->x.w = w;
	for (p = 0; p < passes && !ret; p++) {
		ep->seed = (u32)al_val(ctx, EC_P_SEED) + p;
		ret = ec_pass(w, ep, p + 1 == passes);
	}
	if (ret && ret != -EINTR)
		al_err(ctx, "%s", ep->why);
	return ret;
}

/* ---- parameters, buffers, report ---- */

static const char *edu_exp_available(struct al_ctx *ctx)
{
	return edu_unusable(al_data(ctx));
}

static int ec_check(struct al_ctx *ctx)
{
	bool streaming = al_val(ctx, EC_P_BUF) == EDU_BUF_STREAMING;

	if (!streaming && al_val(ctx, EC_P_SKIP_SYNC)) {
		al_err(ctx, "skip_sync=1 is for buf=streaming: a coherent buffer has no sync to skip");
		return -EINVAL;
	}
	if (!streaming && al_val(ctx, EC_P_PLACE) == EDU_PLACE_HIGH) {
		al_err(ctx, "place=high is for buf=streaming: dma_alloc_coherent picks memory the device reaches");
		return -EINVAL;
	}
	if (al_val(ctx, EC_P_SRC) && al_val(ctx, EC_P_SRC) == al_val(ctx, EC_P_DST)) {
		al_err(ctx, "src= and dst= name the same result");
		return -EINVAL;
	}
	if (al_val(ctx, EC_P_CORRUPT) > al_val(ctx, EC_P_SIZE)) {
		al_err(ctx, "corrupt=%llu is more bytes than size=%llu", al_val(ctx, EC_P_CORRUPT),
		       al_val(ctx, EC_P_SIZE));
		return -EINVAL;
	}
	return 0;
}

static u64 ec_footprint(struct al_ctx *ctx)
{
	u64 block = PAGE_SIZE << get_order(al_val(ctx, EC_P_SIZE));

	return (!al_val(ctx, EC_P_SRC) + !al_val(ctx, EC_P_DST)) * block;
}

/* The held edu_buffer run @seq of this device, as source or destination. */
static struct edu_buf *ec_held(struct al_ctx *ctx, struct ec_priv *ep, unsigned int k,
			       u64 seq)
{
	struct eb_priv *hp;

	ep->held[k] = al_held_get(ctx, seq, &edu_exps[EDU_EXP_BUFFER]);
	if (!ep->held[k])
		return NULL;
	hp = al_priv(ep->held[k]);
	if (hp->ed != ep->ed) {
		al_err(ctx, "result %llu is a buffer of another edu device", seq);
		return NULL;
	}
	return hp->b;
}

static int ec_buffers(struct al_ctx *ctx, struct ec_priv *ep, size_t size)
{
	enum edu_buf_kind kind = al_val(ctx, EC_P_BUF);
	enum edu_place place = al_val(ctx, EC_P_PLACE);

	if (ep->own_src)
		ep->src = edu_buf_alloc(ep->ed, kind, size, place, DMA_TO_DEVICE, ep->why,
					sizeof(ep->why));
	if (ep->src && ep->own_dst)
		ep->dst = edu_buf_alloc(ep->ed, kind, size, place, DMA_FROM_DEVICE, ep->why,
					sizeof(ep->why));
	if (ep->src && ep->dst)
		return 0;
	al_err(ctx, "%s", ep->why);
	return -ENOMEM;
}

static void ec_put_all(struct ec_priv *ep)
{
	if (ep->own_src)
		edu_buf_put(ep->ed, ep->src);
	if (ep->own_dst)
		edu_buf_put(ep->ed, ep->dst);
	ep->src = NULL;
	ep->dst = NULL;
	al_held_put(ep->held[0]);
	al_held_put(ep->held[1]);
	ep->held[0] = NULL;
	ep->held[1] = NULL;
}

static int ec_prepare(struct al_ctx *ctx)
{
	struct ec_priv *ep = al_priv(ctx);
	u64 size = al_val(ctx, EC_P_SIZE), s = al_val(ctx, EC_P_SRC), d = al_val(ctx, EC_P_DST);
	int ret = -ENOENT;

	ep->ed = al_data(ctx);
	ep->own_src = !s;
	ep->own_dst = !d;
	if (s && !(ep->src = ec_held(ctx, ep, 0, s)))
		goto err;
	if (d && !(ep->dst = ec_held(ctx, ep, 1, d)))
		goto err;
	if (!al_given(ctx, EC_P_SIZE) && (ep->src || ep->dst))
		size = (ep->src ?: ep->dst)->size;
	ret = -ERANGE;
	if ((ep->src && ep->src->size < size) || (ep->dst && ep->dst->size < size)) {
		al_err(ctx, "size=%llu is larger than a held buffer given", size);
		goto err;
	}
	ret = ec_buffers(ctx, ep, size);
	if (ret)
		goto err;
	ep->x.use_irq = al_val(ctx, EC_P_IRQ);
	ep->x.no_start = al_val(ctx, EC_P_FAULT) == EC_FAULT_NOSTART;
	ep->x.timeout_ms = al_val(ctx, EC_P_CMD_TIMEOUT);
	ep->irqs0 = atomic_read(&ep->ed->irqs);
	return 0;
err:
	ec_put_all(ep);
	return ret;
}

static void ec_report_addrs(struct al_ctx *ctx, struct ec_priv *ep)
{
	struct edu_dev *ed = ep->ed;
	bool translated = edu_translated(ed);

	al_fact(ctx, "iommu", "%s", translated ? "yes (the bus addresses are IOVAs)" : "no");
	al_fact(ctx, "dma_coherent", "%s", dev_is_dma_coherent(edu_to_dev(ed)) ? "yes" : "no");
	al_fact(ctx, "reach_bits", "%u", ed->bits);
	al_fact_phys(ctx, "src_phys", ep->src->phys);
	al_fact_phys(ctx, "src_dma", ep->src_dma);
	al_fact_phys(ctx, "dst_phys", ep->dst->phys);
	al_fact_phys(ctx, "dst_dma", ep->dst_dma);
	al_fact(ctx, "dma_equals_phys", "%s",
		ep->src_dma == ep->src->phys && ep->dst_dma == ep->dst->phys ? "yes" : "no");
	al_fact(ctx, "phys_beyond_reach", "%s",
		(u64)ep->src->phys + ep->src->size - 1 > edu_reach(ed) ? "yes" : "no");
	if (ep->dst->kind == EDU_BUF_STREAMING)
		al_fact(ctx, "bounced", "%s", !translated && ep->dst_dma != ep->dst->phys ?
			"yes (swiotlb)" : "no");
}

static void ec_report_sync(struct al_ctx *ctx, struct ec_priv *ep)
{
	bool skipped = al_val(ctx, EC_P_SKIP_SYNC);

	if (ep->dst->kind != EDU_BUF_STREAMING) {
		al_fact(ctx, "sync_for_cpu", "not needed (coherent)");
		return;
	}
	al_fact(ctx, "sync_for_cpu", "%s", skipped ? "skipped (skip_sync=1)" : "done");
	if (!skipped)
		return;
	if (ep->mismatches > ep->corrupted)
		al_fact(ctx, "skip_sync_effect", "%llu bytes read stale without the sync",
			ep->mismatches - ep->corrupted);
	else
		al_fact(ctx, "skip_sync_effect",
			"none seen: the device is %sDMA-coherent and nothing bounced, so the CPU read the device's data anyway",
			dev_is_dma_coherent(edu_to_dev(ep->ed)) ? "" : "not ");
}

static void ec_finish(struct al_ctx *ctx)
{
	struct ec_priv *ep = al_priv(ctx);
	unsigned int c;

	if (!ep->src || !ep->dst)
		return;
	al_fact(ctx, "buf", "%s", ec_bufs[ep->dst->kind]);
	al_fact(ctx, "completion", "%s", ep->x.use_irq && ep->ed->irq >= 0 ? "interrupt" :
		"status poll");
	al_fact(ctx, "completion_irqs", "%d", atomic_read(&ep->ed->irqs) - ep->irqs0);
	al_fact(ctx, "bytes_moved", "%llu", ep->moved);
	al_fact(ctx, "bytes_verified", "%llu", ep->verified);
	/* the phase's mb_per_s rounds QEMU's ~20 KB/s (a 100 ms timer per command) to 0.0 */
	al_fact(ctx, "roundtrip_bytes_per_s", "%llu",
		ep->xfer_ns ? div64_u64(ep->moved * NSEC_PER_SEC, ep->xfer_ns) : 0);
	al_fact(ctx, "mismatches", "%llu", ep->mismatches);
	for (c = 0; c < EC_NR_CLASSES; c++)
		al_fact(ctx, ec_class_names[c], "%llu", ep->cls[c]);
	al_fact(ctx, "corrupted", "%u", ep->corrupted);
	if (ep->rows > EC_MAX_ROWS)
		al_fact(ctx, "mismatch_runs_not_listed", "%u", ep->rows - EC_MAX_ROWS);
	ec_report_sync(ctx, ep);
	ec_report_addrs(ctx, ep);
	al_bytes(ctx, ep->src->size, (u64)ep->own_src * (PAGE_SIZE << ep->src->order) +
		 (u64)ep->own_dst * (PAGE_SIZE << ep->dst->order));
	ec_put_all(ep);
}

/* ---- edu_buffer ---- */

enum { EB_P_SIZE };
static const struct al_param eb_params[] = {
	[EB_P_SIZE] = { .name = "size", .help = "bytes of the coherent buffer",
			.type = AL_P_U64, .def = SZ_64K, .min = 1, .max = EC_MAX_SIZE,
			.unit = "bytes" },
	{ }
};

static u64 eb_footprint(struct al_ctx *ctx)
{
	return PAGE_SIZE << get_order(al_val(ctx, EB_P_SIZE));
}

static int eb_prepare(struct al_ctx *ctx)
{
	struct eb_priv *bp = al_priv(ctx);
	char why[128];

	bp->ed = al_data(ctx);
	bp->b = edu_buf_alloc(bp->ed, EDU_BUF_COHERENT, al_val(ctx, EB_P_SIZE),
			      EDU_PLACE_REACH, DMA_BIDIRECTIONAL, why, sizeof(why));
	if (!bp->b) {
		al_err(ctx, "%s", why);
		return -ENOMEM;
	}
	return 0;
}

static int eb_run(struct al_worker *w)
{
	return 0;	/* the buffer is the result */
}

static void eb_release(struct al_ctx *ctx)
{
	struct eb_priv *bp = al_priv(ctx);

	edu_buf_put(bp->ed, bp->b);
	bp->b = NULL;
}

static void eb_finish(struct al_ctx *ctx)
{
	struct eb_priv *bp = al_priv(ctx);

	al_fact(ctx, "buffer_bytes", "%zu", bp->b->size);
	al_fact_phys(ctx, "phys", bp->b->phys);
	al_fact_phys(ctx, "dma", bp->b->dma);
	al_fact(ctx, "dma_equals_phys", "%s", bp->b->dma == bp->b->phys ? "yes" : "no");
	al_bytes(ctx, bp->b->size, PAGE_SIZE << bp->b->order);
	if (!al_hold(ctx))
		eb_release(ctx);
}

static int eb_mmap(struct al_ctx *ctx, struct vm_area_struct *vma)
{
	struct eb_priv *bp = al_priv(ctx);

	return bp->b ? edu_buf_mmap(bp->ed, bp->b, vma) : -ENXIO;
}

/* The table registered once per bound edu device. */
const struct al_experiment edu_exps[] = {
	[EDU_EXP_COPY] = {
		.name = "edu_copy",
		.summary = "the edu device copies a patterned buffer in and back out; the kernel compares and classifies",
		.params = ec_params,
		.phases = ec_phases,
		.available = edu_exp_available,
		.check = ec_check,
		.footprint = ec_footprint,
		.prepare = ec_prepare,
		.run = ec_run,
		.finish = ec_finish,
		.priv_size = sizeof(struct ec_priv),
	},
	[EDU_EXP_BUFFER] = {
		.name = "edu_buffer",
		.summary = "a coherent buffer of the edu device: hold=1 keeps it for mmap and edu_copy src=/dst=",
		.params = eb_params,
		.flags = AL_EXP_HOLD | AL_EXP_MMAP,
		.available = edu_exp_available,
		.footprint = eb_footprint,
		.prepare = eb_prepare,
		.run = eb_run,
		.finish = eb_finish,
		.release = eb_release,
		.mmap = eb_mmap,
		.priv_size = sizeof(struct eb_priv),
	},
};

const unsigned int edu_nr_exps = ARRAY_SIZE(edu_exps);
