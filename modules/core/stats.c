// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab statistics: a log-linear histogram and its percentiles.
 * Knows nothing about allocators or clocks: it counts numbers.
 */
#include <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/math64.h>
#include <linux/string.h>
#include "stats.h"

unsigned int al_hist_index(u64 v)
{
	unsigned int msb;

	if (v < AL_HIST_SUB)
		return v;
	msb = fls64(v) - 1;
	return ((msb - AL_HIST_SUB_BITS + 1) << AL_HIST_SUB_BITS) +
	       ((v >> (msb - AL_HIST_SUB_BITS)) & (AL_HIST_SUB - 1));
}

/* Smallest value that falls into bucket @idx, and the bucket's width. */
u64 al_hist_low(unsigned int idx, u64 *width)
{
	unsigned int msb;

	if (idx < AL_HIST_SUB) {
		*width = 1;
		return idx;
	}
	msb = (idx >> AL_HIST_SUB_BITS) + AL_HIST_SUB_BITS - 1;
	*width = 1ULL << (msb - AL_HIST_SUB_BITS);
	return (1ULL << msb) | ((u64)(idx & (AL_HIST_SUB - 1)) << (msb - AL_HIST_SUB_BITS));
}

static u64 al_sat_add(u64 a, u64 b)
{
	return a > U64_MAX - b ? U64_MAX : a + b;
}

/* Non-empty groups of 2^@shift buckets. */
static unsigned int al_hist_groups(const struct al_hist *h, unsigned int shift)
{
	unsigned int i, n = 0, last = AL_HIST_BUCKETS;	/* no group has this number */

	for (i = 0; i < AL_HIST_BUCKETS; i++)
		if (h->bucket[i] && i >> shift != last) {
			last = i >> shift;
			n++;
		}
	return n;
}

/**
 * al_hist_group_shift() - the finest grouping that fits in @max rows
 * @h: the histogram
 * @max: rows available (0: one row all the same; the caller reports the cut)
 *
 * Return: shift, 0 (every bucket its own row) .. AL_HIST_MAX_SHIFT.
 */
unsigned int al_hist_group_shift(const struct al_hist *h, unsigned int max)
{
	unsigned int shift;

	for (shift = 0; shift < AL_HIST_MAX_SHIFT; shift++)
		if (al_hist_groups(h, shift) <= max)
			break;
	return shift;
}

/**
 * al_hist_group_next() - the next non-empty group of buckets
 * @h: the histogram
 * @shift: from al_hist_group_shift()
 * @idx: bucket to start at (0 first); moved past the group
 * @lo: its smallest value
 * @hi: one past its largest (U64_MAX for the last bucket)
 * @weight: the weight it holds
 *
 * Return: false when no group is left.
 */
bool al_hist_group_next(const struct al_hist *h, unsigned int shift, unsigned int *idx,
			u64 *lo, u64 *hi, u64 *weight)
{
	unsigned int i = *idx, end;
	u64 w;

	while (i < AL_HIST_BUCKETS && !h->bucket[i])
		i++;
	if (i >= AL_HIST_BUCKETS)
		return false;
	i = i >> shift << shift;
	end = min_t(unsigned int, i + (1U << shift), AL_HIST_BUCKETS);
	*lo = al_hist_low(i, &w);
	*hi = al_hist_low(end - 1, &w);
	*hi = al_sat_add(*hi, w);
	for (*weight = 0; i < end; i++)
		*weight += h->bucket[i];
	*idx = end;
	return true;
}

static u64 al_sat_mul(u64 a, u64 b)
{
	return a && b > div64_u64(U64_MAX, a) ? U64_MAX : a * b;
}

void al_hist_init(struct al_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = U64_MAX;
}

void al_hist_add(struct al_hist *h, u64 v, u64 weight)
{
	unsigned int i = al_hist_index(v);

	if (!weight)
		return;
	h->bucket[i] += weight;
	h->bsum[i] = al_sat_add(h->bsum[i], al_sat_mul(v, weight));
	h->count += weight;
	/* saturate rather than wrap (about 213 days of picoseconds) */
	h->sum = al_sat_add(h->sum, al_sat_mul(v, weight));
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

/*
 * A value that may be below 0 (a measurement less a calibrated cost): counted
 * as 0 in the buckets and min, so percentiles never go negative, while the
 * mean keeps its sign (clamping every record would bias a cheap op's mean up
 * by the clock's jitter).
 */
void al_hist_add_signed(struct al_hist *h, s64 v, u64 weight)
{
	if (v >= 0) {
		al_hist_add(h, v, weight);
		return;
	}
	al_hist_add(h, 0, weight);
	if (weight && (u64)-v > div64_u64(S64_MAX + h->below, weight))
		h->below = -S64_MAX;
	else
		h->below += v * (s64)weight;
}

void al_hist_merge(struct al_hist *dst, const struct al_hist *src)
{
	unsigned int i;

	if (!src->count)
		return;
	for (i = 0; i < AL_HIST_BUCKETS; i++) {
		dst->bucket[i] += src->bucket[i];
		dst->bsum[i] = al_sat_add(dst->bsum[i], src->bsum[i]);
	}
	dst->count += src->count;
	dst->sum = al_sat_add(dst->sum, src->sum);
	dst->below = dst->below < -S64_MAX - src->below ? -S64_MAX : dst->below + src->below;
	dst->min = min(dst->min, src->min);
	dst->max = max(dst->max, src->max);
}

/*
 * Value at rank @permille: found in its bucket, then placed inside the bucket
 * by linear interpolation of the rank (values are taken as spread evenly over
 * a bucket), clamped to the exact [min, max].
 */
u64 al_hist_quantile(const struct al_hist *h, unsigned int permille)
{
	/* ceil(count * permille / 1000) without overflowing count * permille */
	u64 rank = div_u64(h->count, 1000) * permille +
		   div_u64((h->count % 1000) * permille + 999, 1000);
	u64 seen = 0, low, width, v;
	unsigned int i;

	if (!rank)
		rank = 1;
	for (i = 0; i < AL_HIST_BUCKETS; i++) {
		if (seen + h->bucket[i] >= rank)
			break;
		seen += h->bucket[i];
	}
	if (i == AL_HIST_BUCKETS)
		return h->max;
	low = al_hist_low(i, &width);
	/* rank - seen is 1..bucket[i]: the middle of its share of the width */
	v = low + mul_u64_u64_div_u64(width, 2 * (rank - seen) - 1, 2 * h->bucket[i]);
	return clamp(v, h->min, h->max);
}

/*
 * Mean of the weight without its slowest @trim_permille (floor): a
 * worker preempted, an interrupt, or a VM's vCPU descheduled by its host
 * lands a few records far out, which would move an untrimmed mean by more
 * than the cost of a cheap op. Exact but for the bucket where the cut
 * falls, which contributes its average value for the weight kept.
 */
u64 al_hist_trimmed_mean(const struct al_hist *h, unsigned int trim_permille)
{
	u64 keep = h->count - div_u64(h->count, 1000) * trim_permille;
	u64 seen = 0, sum = 0, take;
	unsigned int i;

	if (!h->count)
		return 0;
	for (i = 0; i < AL_HIST_BUCKETS && seen < keep; i++) {
		if (!h->bucket[i])
			continue;
		take = min(h->bucket[i], keep - seen);
		if (take == h->bucket[i])
			sum = al_sat_add(sum, h->bsum[i]);
		else
			sum = al_sat_add(sum, mul_u64_u64_div_u64(h->bsum[i], take, h->bucket[i]));
		seen += take;
	}
	/* the negative parts sit in bucket 0, which the cut never reaches */
	if (h->below < 0 && (u64)-h->below >= sum)
		return h->min;
	if (h->below < 0)
		sum -= (u64)-h->below;
	return clamp(div64_u64(sum, keep), h->min, h->max);
}

void al_hist_stats(const struct al_hist *h, struct alloclab_stats *st)
{
	al_hist_stats_trim(h, st, AL_HIST_TRIM_PERMILLE);
}

void al_hist_stats_trim(const struct al_hist *h, struct alloclab_stats *st,
			unsigned int trim_permille)
{
	memset(st, 0, sizeof(*st));
	if (!h->count)
		return;
	st->mean = al_hist_trimmed_mean(h, trim_permille);
	st->min = h->min;
	st->max = h->max;
	st->p50 = al_hist_quantile(h, 500);
	st->p90 = al_hist_quantile(h, 900);
	st->p99 = al_hist_quantile(h, 990);
}
