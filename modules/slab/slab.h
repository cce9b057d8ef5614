/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alloclab_slab internals: what the experiment files (one experiment each)
 * share with common.c and main.c. Only this module includes it.
 */
#ifndef _ALLOCLAB_SLAB_H
#define _ALLOCLAB_SLAB_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/gfp.h>
#include "../../include/alloclab/family.h"

/* Objects per worker: bounds the pointer array (128 MiB at most). */
#define SLAB_MAX_COUNT		BIT_ULL(24)

/* Phases of the timed experiments: the allocations, then the frees. */
enum { SLAB_PH_ALLOC, SLAB_PH_FREE };
extern const struct al_phase_desc slab_phases[];

/* Allocation patterns of kmalloc and kmem_cache (pattern=). */
enum { KM_REPEAT, KM_BULK, KM_RANDOM };
extern const char * const km_patterns[];

void slab_class_name(char *buf, size_t len, size_t ksz, gfp_t gfp);
bool km_shuffle(struct al_worker *w, void **objs, u64 n);

/* Each file's experiment, copied into the table by main.c at load. */
extern const struct al_experiment slab_kmalloc;
extern const struct al_experiment slab_kmalloc_classes;
extern const struct al_experiment slab_kmem_cache;

void slab_kmc_exit(void);

#endif /* _ALLOCLAB_SLAB_H */
