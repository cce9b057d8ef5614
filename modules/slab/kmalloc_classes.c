// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc_classes: the kmalloc size classes of this kernel, measured.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/minmax.h>
#include "slab.h"

#define CLS_MAX		48

struct cls_class {
	size_t lo, hi;		/* sizes lo..hi share this class */
	bool slab;
	unsigned int order;
};

struct cls_priv {
	unsigned int n;
	struct cls_class cls[CLS_MAX];
	size_t largest_ok;
	size_t first_fail;	/* 0: none seen */
	size_t page_from;	/* first size served by the page allocator */
	size_t verified_to;	/* every size 1..verified_to gave its class */
	size_t bad_size;	/* a size whose ksize broke the class table */
	size_t bad_ksize;
	u64 probes;
};

static const struct al_param cls_params[] = { { } };

static u64 cls_footprint(struct al_ctx *ctx)
{
	return KMALLOC_MAX_SIZE;
}

/* kmalloc @size once; 0 if it failed, else its ksize and backing. */
static size_t cls_probe(struct cls_priv *cp, size_t size, bool *slab, unsigned int *order)
{
	void *p, *aside[4];
	unsigned int n = 0;
	size_t k;

	cp->probes++;
	/* a KFENCE object has ksize == size: take another (class probes only) */
	do {
		p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN | __GFP_RETRY_MAYFAIL);
		if (p && al_addr_is_kfence(p) && n < ARRAY_SIZE(aside)) {
			aside[n++] = p;
			continue;
		}
		break;
	} while (1);
	while (n)
		kfree(aside[--n]);
	if (!p)
		return 0;
	k = ksize(p);
	*slab = al_addr_is_slab(p);
	*order = al_addr_order(p);
	kfree(p);
	return k;
}

/*
 * Walk the classes: kmalloc(s) has ksize k >= s, and every size s..k is
 * served by that class, so the next class starts at k + 1. Stops at the
 * first size that fails: past KMALLOC_MAX_SIZE the page allocator refuses
 * the order (quietly, with __GFP_NOWARN, on 6.1 and 6.12).
 */
static int cls_walk(struct al_worker *w, struct cls_priv *cp)
{
	size_t s = 1, k, k2;
	unsigned int order, order2;
	bool slab, slab2;

	while (cp->n < CLS_MAX) {
		k = cls_probe(cp, s, &slab, &order);
		if (!k) {
			cp->first_fail = s;
			break;
		}
		if (k < s) {
			cp->bad_size = s;
			cp->bad_ksize = k;
			break;
		}
		/* the top of the class must map to the same class */
		k2 = cls_probe(cp, k, &slab2, &order2);
		if (!k2) {
			cp->largest_ok = s;
			cp->first_fail = k;
			break;
		}
		if (k2 != k || slab2 != slab) {
			cp->bad_size = k;
			cp->bad_ksize = k2;
			break;
		}
		cp->cls[cp->n++] = (struct cls_class){ s, k, slab, order };
		cp->largest_ok = k;
		if (!slab && !cp->page_from)
			cp->page_from = s;
		if (k >= SIZE_MAX / 2)
			break;
		s = k + 1;
		if (al_should_stop(w))
			return -EINTR;
	}
	return 0;
}

/* Every size below the page allocator's: does it land in its class? */
static int cls_verify(struct al_worker *w, struct cls_priv *cp)
{
	unsigned int c = 0, order;
	size_t s, k, top;
	bool slab;

	if (!cp->n || cp->bad_size)
		return 0;
	top = cp->page_from ? cp->page_from - 1 : cp->cls[cp->n - 1].hi;
	top = min_t(size_t, top, 1 << 20);
	for (s = 1; s <= top; s++) {
		while (c < cp->n && s > cp->cls[c].hi)
			c++;
		if (c == cp->n)
			break;
		k = cls_probe(cp, s, &slab, &order);
		if (k != cp->cls[c].hi) {
			cp->bad_size = s;
			cp->bad_ksize = k;
			return 0;
		}
		cp->verified_to = s;
		if (!(s & 1023) && al_should_stop(w))
			return -EINTR;
	}
	return 0;
}

static int cls_run(struct al_worker *w)
{
	struct cls_priv *cp = al_priv(al_wctx(w));
	int ret;

	ret = cls_walk(w, cp);
	if (!ret)
		ret = cls_verify(w, cp);
	return ret;
}

static void cls_finish(struct al_ctx *ctx)
{
	struct cls_priv *cp = al_priv(ctx);
	unsigned int i, nslab = 0;
	char name[32];

	for (i = 0; i < cp->n; i++) {
		const struct cls_class *c = &cp->cls[i];

		if (c->slab) {
			slab_class_name(name, sizeof(name), c->hi, GFP_KERNEL);
			al_row(ctx, "class", "lo=%zu hi=%zu ksize=%zu backing=slab cache=%s",
			       c->lo, c->hi, c->hi, name);
			nslab++;
		} else {
			al_row(ctx, "class",
			       "lo=%zu hi=%zu ksize=%zu backing=page_allocator order=%u",
			       c->lo, c->hi, c->hi, c->order);
		}
	}
	al_fact(ctx, "classes", "%u", cp->n);
	al_fact(ctx, "slab_classes", "%u", nslab);
	if (cp->n)
		al_fact(ctx, "smallest_class", "%zu", cp->cls[0].hi);
	if (cp->page_from)
		al_fact(ctx, "page_allocator_from", "%zu", cp->page_from);
	else
		al_fact(ctx, "page_allocator_from", "none");
	al_fact(ctx, "largest_ok", "%zu", cp->largest_ok);
	if (cp->first_fail)
		al_fact(ctx, "first_failure", "%zu", cp->first_fail);
	else
		al_fact(ctx, "first_failure", "none");
	al_fact(ctx, "verified_sizes", "1..%zu (every size)", cp->verified_to);
	if (cp->bad_size)
		al_fact(ctx, "inconsistent", "kmalloc(%zu) has ksize %zu", cp->bad_size,
			cp->bad_ksize);
	al_fact(ctx, "probes", "%llu", cp->probes);
	/* what this kernel's headers say, to compare with the measurement */
	al_fact(ctx, "kmalloc_min_size", "%u", (unsigned int)KMALLOC_MIN_SIZE);
	al_fact(ctx, "kmalloc_max_cache_size", "%lu", (unsigned long)KMALLOC_MAX_CACHE_SIZE);
	al_fact(ctx, "kmalloc_max_size", "%lu", (unsigned long)KMALLOC_MAX_SIZE);
	al_fact(ctx, "page_size", "%lu", PAGE_SIZE);
}

const struct al_experiment slab_kmalloc_classes = {
	.name = "kmalloc_classes",
	.summary = "the kmalloc size classes, where pages take over, the largest size",
	.params = cls_params,
	.footprint = cls_footprint,
	.run = cls_run,
	.finish = cls_finish,
	.priv_size = sizeof(struct cls_priv),
};
