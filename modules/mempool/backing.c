// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab_mempool: the allocator behind the pool, wrapped so that it fails
 * on demand: after mp_backing_fail(b, true, n) the next n calls succeed and
 * every later one returns NULL without asking the real allocator, until
 * mp_backing_fail(b, false, 0). Every call is counted, so the experiment can
 * tell an element the allocator served from one the pool's reserve served.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/string.h>
#include "mp.h"

#define MP_CACHE_NAME	"alloclab_mempool"
#define MP_CTOR_MARK	0x6d

/* A constructor keeps the cache from being merged into another one. */
static void mp_ctor(void *obj)
{
	memset(obj, MP_CTOR_MARK, 1);
}

/**
 * mp_backing_init() - set up the backing allocator
 * @b: zeroed
 * @kind: slab, kmalloc or page
 * @size: element bytes (slab, kmalloc)
 * @order: page order (page)
 *
 * Return: 0, or -ENOMEM if the cache could not be created.
 */
int mp_backing_init(struct mp_backing *b, enum mp_kind kind, size_t size, unsigned int order)
{
	b->kind = kind;
	b->size = size;
	b->order = order;
	if (kind != MP_SLAB)
		return 0;
	b->cache = kmem_cache_create(MP_CACHE_NAME, size, 0, 0, mp_ctor);
	return b->cache ? 0 : -ENOMEM;
}

/**
 * mp_backing_exit() - tear down what mp_backing_init() made
 * @b: the backing allocator, every element freed
 */
void mp_backing_exit(struct mp_backing *b)
{
	kmem_cache_destroy(b->cache);
	b->cache = NULL;
}

/**
 * mp_backing_fail() - make the allocator fail, or stop failing
 * @b: the backing allocator
 * @failing: true: fail after @allow more successes; false: always serve
 * @allow: successes left before the failures start
 */
void mp_backing_fail(struct mp_backing *b, bool failing, unsigned int allow)
{
	atomic_set(&b->allow, allow);
	smp_wmb();	/* @allow before @failing */
	WRITE_ONCE(b->failing, failing);
}

/**
 * mp_element_bytes() - bytes of one element
 * @b: the backing allocator
 *
 * Return: the element size.
 */
size_t mp_element_bytes(const struct mp_backing *b)
{
	return b->kind == MP_PAGE ? PAGE_SIZE << b->order : b->size;
}

/**
 * mp_backing_alloc() - mempool_alloc_t: one element, unless made to fail
 * @gfp: what the mempool passes (it adds __GFP_NORETRY | __GFP_NOWARN ...)
 * @data: the &struct mp_backing
 *
 * Return: the element, or NULL.
 */
void *mp_backing_alloc(gfp_t gfp, void *data)
{
	struct mp_backing *b = data;
	void *p;

	atomic64_inc(&b->calls);
	if (READ_ONCE(b->failing)) {
		smp_rmb();
		if (atomic_dec_if_positive(&b->allow) < 0) {
			atomic64_inc(&b->refused);
			return NULL;
		}
	}
	gfp |= __GFP_NOWARN;
	if (b->kind == MP_SLAB)
		p = kmem_cache_alloc(b->cache, gfp);
	else if (b->kind == MP_KMALLOC)
		p = kmalloc(b->size, gfp);
	else
		p = alloc_pages(gfp, b->order);
	if (p)
		atomic64_inc(&b->served);
	return p;
}

/**
 * mp_backing_free() - mempool_free_t: give an element back to the allocator
 * @element: what mp_backing_alloc() returned
 * @data: the &struct mp_backing
 */
void mp_backing_free(void *element, void *data)
{
	struct mp_backing *b = data;

	atomic64_inc(&b->freed);
	if (b->kind == MP_SLAB)
		kmem_cache_free(b->cache, element);
	else if (b->kind == MP_KMALLOC)
		kfree(element);
	else
		__free_pages(element, b->order);
}
