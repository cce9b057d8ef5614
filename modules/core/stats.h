/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab statistics: a log-linear histogram and its percentiles. Pure
 * arithmetic on u64 (also built on the host for the unit tests).
 */
#ifndef _ALLOCLAB_STATS_H
#define _ALLOCLAB_STATS_H

#include <linux/types.h>
#include "../../include/uapi/alloclab.h"

/*
 * Values below 2^AL_HIST_SUB_BITS have a bucket each; above, every power of
 * two is split into 2^AL_HIST_SUB_BITS buckets, so a percentile is known
 * within 1/16 of its value (+-3%).
 */
#define AL_HIST_SUB_BITS	4
#define AL_HIST_SUB		(1U << AL_HIST_SUB_BITS)
#define AL_HIST_BUCKETS		((64 - AL_HIST_SUB_BITS + 1) * AL_HIST_SUB)

/**
 * struct al_hist - a histogram of weighted values
 * @count:	ops (weights) recorded
 * @sum:	sum of value * weight
 * @min:	smallest value (U64_MAX when empty)
 * @max:	largest value
 * @bucket:	weights per bucket
 * @bsum:	sum of value * weight per bucket (for the trimmed mean)
 * @below:	sum of the negative parts of values added by al_hist_add_signed()
 *		(they count as 0 in the buckets; the mean keeps their sign)
 */
struct al_hist {
	u64 count;
	u64 sum;
	u64 min;
	u64 max;
	u64 bucket[AL_HIST_BUCKETS];
	u64 bsum[AL_HIST_BUCKETS];
	s64 below;
};

/* The mean leaves out the slowest AL_HIST_TRIM_PERMILLE of the weight (default). */
#define AL_HIST_TRIM_PERMILLE	1

void al_hist_init(struct al_hist *h);
void al_hist_add(struct al_hist *h, u64 v, u64 weight);
void al_hist_add_signed(struct al_hist *h, s64 v, u64 weight);
void al_hist_merge(struct al_hist *dst, const struct al_hist *src);
void al_hist_stats(const struct al_hist *h, struct alloclab_stats *st);
u64 al_hist_quantile(const struct al_hist *h, unsigned int permille);
u64 al_hist_trimmed_mean(const struct al_hist *h, unsigned int trim_permille);
void al_hist_stats_trim(const struct al_hist *h, struct alloclab_stats *st,
			unsigned int trim_permille);
unsigned int al_hist_index(u64 v);
u64 al_hist_low(unsigned int idx, u64 *width);

/*
 * The histogram as at most @max rows: groups of 2^shift adjacent buckets
 * (bucket ranges are contiguous, so a group is one range [lo, hi)).
 */
#define AL_HIST_MAX_SHIFT	10	/* 2^10 > AL_HIST_BUCKETS: one group */
unsigned int al_hist_group_shift(const struct al_hist *h, unsigned int max);
bool al_hist_group_next(const struct al_hist *h, unsigned int shift, unsigned int *idx,
			u64 *lo, u64 *hi, u64 *weight);

#endif /* _ALLOCLAB_STATS_H */
