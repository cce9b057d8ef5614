// SPDX-License-Identifier: GPL-2.0
/*
 * percpu size= align= count= [hold=1]: count __alloc_percpu_gfp() objects,
 * then their free_percpu(): ns per call. Rows give each possible CPU's copy
 * of worker 0's first object: its address, whether it lies in vmalloc space
 * (a vmalloc-backed chunk) or in the direct map (the embedded first chunk).
 * hold=1 keeps them: /proc/meminfo "Percpu:" grows while held.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/percpu.h>
#include <linux/cpumask.h>
#include <linux/log2.h>
#include <linux/topology.h>
#include "vm.h"

/* cpu[i] rows at most */
#define PC_MAX_ROWS	64

enum { PC_P_SIZE, PC_P_ALIGN, PC_P_COUNT };
static const struct al_param pc_params[] = {
	[PC_P_SIZE] = { .name = "size", .help = "bytes per CPU of one object",
			.type = AL_P_U64, .def = 64, .min = 1, .max = PCPU_MIN_UNIT_SIZE,
			.unit = "bytes" },
	[PC_P_ALIGN] = { .name = "align", .help = "alignment, a power of two up to the page size",
			 .type = AL_P_U64, .def = 8, .min = 1, .max = PAGE_SIZE, .unit = "bytes" },
	[PC_P_COUNT] = { .name = "count", .help = "objects per worker, live at once",
			 .type = AL_P_U64, .def = 1000, .min = 1, .max = VML_MAX_COUNT },
	{ }
};

enum { PC_PH_ALLOC, PC_PH_FREE };
static const struct al_phase_desc pc_phases[] = {
	[PC_PH_ALLOC] = { "alloc", ALLOCLAB_U_OBJECTS },
	[PC_PH_FREE] = { "free", ALLOCLAB_U_OBJECTS },
	{ }
};

struct pc_set {
	void __percpu **objs;
	u64 n;
};

struct pc_priv {
	struct pc_set *sets;		/* one per worker: ->release frees them */
	unsigned int nsets;
	unsigned long addr[PC_MAX_ROWS];	/* worker 0's first object, per CPU */
	int cpu[PC_MAX_ROWS];
	unsigned int ncpu;
	bool sampled;
};

static int pc_check(struct al_ctx *ctx)
{
	u64 align = al_val(ctx, PC_P_ALIGN);

	if (!is_power_of_2(align)) {
		al_err(ctx, "align=%llu is not a power of two", align);
		return -EINVAL;
	}
	return 0;
}

static u64 pc_footprint(struct al_ctx *ctx)
{
	u64 per = ALIGN(al_val(ctx, PC_P_SIZE), al_val(ctx, PC_P_ALIGN));

	return (per * num_possible_cpus() + sizeof(void *)) * al_val(ctx, PC_P_COUNT) *
	       al_cpus(ctx);
}

static int pc_prepare(struct al_ctx *ctx)
{
	struct pc_priv *pp = al_priv(ctx);

	pp->nsets = al_cpus(ctx);
	pp->sets = kcalloc(pp->nsets, sizeof(*pp->sets), GFP_KERNEL);
	if (!pp->sets) {
		al_err(ctx, "no memory for the run's bookkeeping");
		return -ENOMEM;
	}
	return 0;
}

static void pc_empty_set(struct pc_set *s)
{
	while (s->n) {
		free_percpu(s->objs[--s->n]);
		if (!(s->n & 255))
			cond_resched();
	}
}

static void pc_sample(struct pc_priv *pp, void __percpu *obj)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		if (pp->ncpu == PC_MAX_ROWS)
			break;
		pp->cpu[pp->ncpu] = cpu;
		pp->addr[pp->ncpu++] = (unsigned long)per_cpu_ptr(obj, cpu);
	}
	pp->sampled = true;
}

static int pc_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct pc_priv *pp = al_priv(ctx);
	struct pc_set *s = &pp->sets[al_wid(w)];
	size_t size = al_val(ctx, PC_P_SIZE), align = al_val(ctx, PC_P_ALIGN);
	u64 count = al_val(ctx, PC_P_COUNT), i;
	void __percpu *p;

	s->objs = kvmalloc_array(count, sizeof(*s->objs), GFP_KERNEL | __GFP_NOWARN);
	if (!s->objs) {
		al_err(ctx, "no memory for an array of %llu object pointers", count);
		return -ENOMEM;
	}
	al_op_begin(w, PC_PH_ALLOC);
	for (i = 0; i < count; i++) {
		p = __alloc_percpu_gfp(size, align, GFP_KERNEL | __GFP_NOWARN);
		if (p)
			s->objs[s->n++] = p;
		else
			al_failure(w);
		if (al_op_done(w))
			return -EINTR;	/* ->finish frees the set */
	}
	al_op_end(w);
	if (al_wid(w) == 0 && s->n)
		pc_sample(pp, s->objs[0]);
	if (al_hold(ctx))
		return 0;
	al_op_begin(w, PC_PH_FREE);
	while (s->n) {
		free_percpu(s->objs[--s->n]);
		if (al_op_done(w))
			return -EINTR;
	}
	al_op_end(w);
	return 0;
}

static void pc_free_all(struct pc_priv *pp)
{
	unsigned int i;

	for (i = 0; pp->sets && i < pp->nsets; i++) {
		pc_empty_set(&pp->sets[i]);
		kvfree(pp->sets[i].objs);
	}
	kfree(pp->sets);
	pp->sets = NULL;
}

static void pc_report(struct al_ctx *ctx, struct pc_priv *pp)
{
	bool vm = is_vmalloc_addr((void *)pp->addr[0]);
	char buf[24];
	unsigned int i;

	al_fact(ctx, "possible_cpus", "%u", num_possible_cpus());
	al_fact(ctx, "chunk", "%s", vm ? "vmalloc (a chunk mapped in vmalloc space)" :
		"direct map (the first chunk, embedded at boot)");
	if (pp->ncpu > 1)
		al_fact(ctx, "unit_stride", "%ld", (long)(pp->addr[1] - pp->addr[0]));
	for (i = 0; i < pp->ncpu; i++) {
		snprintf(buf, sizeof(buf), "%pK", (void *)pp->addr[i]);	/* not under the row lock */
		al_row(ctx, "cpu", "cpu=%d addr=%s vmalloc=%s node=%d", pp->cpu[i], buf,
		       is_vmalloc_addr((void *)pp->addr[i]) ? "yes" : "no",
		       cpu_to_node(pp->cpu[i]));
	}
}

static void pc_finish(struct al_ctx *ctx)
{
	struct pc_priv *pp = al_priv(ctx);
	u64 per = ALIGN(al_val(ctx, PC_P_SIZE), al_val(ctx, PC_P_ALIGN)), live = 0;
	unsigned int i;

	for (i = 0; i < pp->nsets; i++)
		live += pp->sets[i].n;
	if (pp->sampled)
		pc_report(ctx, pp);
	if (al_hold(ctx))
		al_fact(ctx, "held_objects", "%llu", live);
	al_bytes(ctx, al_val(ctx, PC_P_SIZE) * num_possible_cpus() * al_val(ctx, PC_P_COUNT) *
		 pp->nsets, per * num_possible_cpus() * al_val(ctx, PC_P_COUNT) * pp->nsets);
	if (!al_hold(ctx))
		pc_free_all(pp);
}

static void pc_release(struct al_ctx *ctx)
{
	pc_free_all(al_priv(ctx));
}

const struct al_experiment vml_percpu = {
	.name = "percpu",
	.summary = "alloc_percpu/free_percpu per call; each CPU's copy of an object (hold=1: meminfo Percpu)",
	.params = pc_params,
	.phases = pc_phases,
	.flags = AL_EXP_TIMED | AL_EXP_HOLD,
	.check = pc_check,
	.footprint = pc_footprint,
	.prepare = pc_prepare,
	.run = pc_run,
	.finish = pc_finish,
	.release = pc_release,
	.priv_size = sizeof(struct pc_priv),
};
