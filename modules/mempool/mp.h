/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab_mempool internals: the backing allocator that fails on demand
 * (backing.c) and the experiment (mempool.c). Only this module includes it.
 */
#ifndef _ALLOCLAB_MP_H
#define _ALLOCLAB_MP_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/gfp.h>
#include "../../include/alloclab/family.h"

/* What backs the pool (kind=). */
enum mp_kind { MP_SLAB, MP_KMALLOC, MP_PAGE };

/**
 * struct mp_backing - the pool's allocator, made to fail on demand
 * @kind:	slab (a cache of its own), kmalloc or page
 * @size:	element bytes (slab, kmalloc)
 * @order:	page order (page)
 * @cache:	kind=slab: "alloclab_mempool", with a constructor (never merged)
 * @failing:	READ_ONCE(): while set, only @allow more calls succeed
 * @allow:	successes left while failing
 * @calls:	calls from the mempool (creation, refills, resize included)
 * @served:	calls that returned an element
 * @refused:	calls made to fail
 * @freed:	elements handed back to the allocator
 */
struct mp_backing {
	enum mp_kind kind;
	size_t size;
	unsigned int order;
	struct kmem_cache *cache;
	bool failing;
	atomic_t allow;
	atomic64_t calls;
	atomic64_t served;
	atomic64_t refused;
	atomic64_t freed;
};

int mp_backing_init(struct mp_backing *b, enum mp_kind kind, size_t size, unsigned int order);
void mp_backing_exit(struct mp_backing *b);
void *mp_backing_alloc(gfp_t gfp, void *data);
void mp_backing_free(void *element, void *data);
void mp_backing_fail(struct mp_backing *b, bool failing, unsigned int allow);
size_t mp_element_bytes(const struct mp_backing *b);

extern const struct al_experiment mp_mempool;

#endif /* _ALLOCLAB_MP_H */
