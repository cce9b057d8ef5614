// SPDX-License-Identifier: GPL-2.0
/*
 * pagewalk addr= | target=: the page-table walk of one address, each level's
 * entry and flags, the leaf's level (huge mappings), the PFN.
 *
 * A user address is walked in the calling process (the one writing the
 * command to debugfs or issuing the ioctl), under its mmap_lock. A kernel
 * address is walked where a module can reach the kernel's tables (x86_64:
 * the shared kernel half of the top level, checked against lookup_address();
 * arm64: swapper_pg_dir through TTBR1_EL1); elsewhere the result says the
 * walk is unavailable and why. target= walks a
 * buffer the experiment allocates itself, or the caller's user stack, and
 * checks the PFN found against the one the allocator's own helpers give.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include "layout.h"

enum { PW_T_ADDR, PW_T_KMALLOC, PW_T_VMALLOC, PW_T_PAGE, PW_T_STACK, PW_T_USTACK };
static const char * const pw_targets[] = {
	"addr", "kmalloc", "vmalloc", "page", "stack", "ustack", NULL
};

enum { PW_P_TARGET, PW_P_ADDR };
static const struct al_param pw_params[] = {
	[PW_P_TARGET] = { .name = "target",
			  .help = "addr=, or a buffer of its own, or the caller's user stack",
			  .type = AL_P_ENUM, .def = PW_T_ADDR, .choices = pw_targets },
	[PW_P_ADDR] = { .name = "addr", .help = "a user address of the caller or a kernel address",
			.type = AL_P_U64, .def = 0, .min = 0, .max = ULONG_MAX },
	{ }
};

#define PW_MAX_LEVELS	5

struct pw_level {
	const char *name;
	unsigned int index;
	u64 val;
};

/* One walk: the levels seen, and the leaf or why there is none. */
struct pw_walk {
	struct pw_level lv[PW_MAX_LEVELS];
	unsigned int n;
	const void *leafp;	/* where the leaf entry is (checked on x86_64) */
	unsigned long pfn;	/* of the byte at the address */
	unsigned int shift;	/* of the leaf's mapping; 0: not mapped */
	const char *leaf;	/* "pte", "pmd", "pud" */
	const char *stop;	/* why not mapped */
};

static int pw_check(struct al_ctx *ctx)
{
	bool given = al_given(ctx, PW_P_ADDR);
	unsigned long addr = al_val(ctx, PW_P_ADDR);

	if (al_val(ctx, PW_P_TARGET) != PW_T_ADDR) {
		if (!given)
			return 0;
		al_err(ctx, "addr= goes with target=addr only (target=%s walks its own buffer)",
		       pw_targets[al_val(ctx, PW_P_TARGET)]);
		return -EINVAL;
	}
	if (!given) {
		al_err(ctx, "pagewalk needs addr= (a user address of the caller or a kernel address) or target=");
		return -EINVAL;
	}
	if (addr >= TASK_SIZE && !al_kernel_half(addr)) {
		al_err(ctx, "addr=0x%lx is neither a user address (below TASK_SIZE 0x%lx) nor in the kernel half",
		       addr, TASK_SIZE);
		return -EINVAL;
	}
	return 0;
}

static void pw_add(struct pw_walk *r, const char *name, unsigned int shift,
		   unsigned int ptrs, unsigned long addr, u64 val)
{
	if (r->n >= PW_MAX_LEVELS)
		return;
	r->lv[r->n].name = name;
	r->lv[r->n].index = (addr >> shift) & (ptrs - 1);
	r->lv[r->n].val = val;
	r->n++;
}

static void pw_leaf(struct pw_walk *r, const char *leaf, unsigned long pfn, unsigned int shift,
		    unsigned long addr, const void *leafp)
{
	r->leaf = leaf;
	r->shift = shift;
	r->pfn = pfn + ((addr & ((1UL << shift) - 1)) >> PAGE_SHIFT);
	r->leafp = leafp;
}

static void pw_pte(struct pw_walk *r, pmd_t *pmdp, unsigned long addr)
{
	pte_t pte;

	if (!al_pte_peek(pmdp, addr, &pte)) {
		r->stop = "the PTE table went away during the walk";
		return;
	}
	pw_add(r, "pte", PAGE_SHIFT, PTRS_PER_PTE, addr, pte_val(pte));
	if (pte_none(pte))
		r->stop = "pte entry empty";
	else if (!pte_present(pte))
		r->stop = "pte not present (swapped out or a migration entry)";
	else	/* the leaf pointer is only compared on x86_64: pte_offset_kernel there */
		pw_leaf(r, "pte", pte_pfn(pte), PAGE_SHIFT, addr,
			IS_ENABLED(CONFIG_X86_64) ? pte_offset_kernel(pmdp, addr) : NULL);
}

/* Walk the tables under @pgd for @addr; the caller keeps them from going away. */
static void pw_walk(pgd_t *pgd, unsigned long addr, struct pw_walk *r)
{
	pgd_t *pgdp = pgd_offset_pgd(pgd, addr);
	p4d_t *p4dp;
	pud_t *pudp, pud;
	pmd_t *pmdp, pmd;

	pw_add(r, "pgd", PGDIR_SHIFT, PTRS_PER_PGD, addr, pgd_val(READ_ONCE(*pgdp)));
	if (pgd_none(READ_ONCE(*pgdp)) || pgd_bad(READ_ONCE(*pgdp))) {
		r->stop = "pgd entry empty or not a table";
		return;
	}
	p4dp = p4d_offset(pgdp, addr);
	if (PTRS_PER_P4D > 1)
		pw_add(r, "p4d", P4D_SHIFT, PTRS_PER_P4D, addr, p4d_val(READ_ONCE(*p4dp)));
	if (p4d_none(READ_ONCE(*p4dp)) || p4d_bad(READ_ONCE(*p4dp))) {
		r->stop = "p4d entry empty or not a table";
		return;
	}
	pudp = pud_offset(p4dp, addr);
	pud = READ_ONCE(*pudp);
	if (PTRS_PER_PUD > 1)
		pw_add(r, "pud", PUD_SHIFT, PTRS_PER_PUD, addr, pud_val(pud));
	if (pud_none(pud) || !pud_present(pud)) {
		r->stop = "pud entry empty";
		return;
	}
	if (pud_leaf(pud))
		return pw_leaf(r, "pud", pud_pfn(pud), PUD_SHIFT, addr, pudp);
	if (pud_bad(pud)) {
		r->stop = "pud entry is not a table";
		return;
	}
	pmdp = pmd_offset(pudp, addr);
	pmd = READ_ONCE(*pmdp);
	if (PTRS_PER_PMD > 1)
		pw_add(r, "pmd", PMD_SHIFT, PTRS_PER_PMD, addr, pmd_val(pmd));
	if (pmd_none(pmd) || !pmd_present(pmd)) {
		r->stop = "pmd entry empty or not present";
		return;
	}
	if (pmd_leaf(pmd))
		return pw_leaf(r, "pmd", pmd_pfn(pmd), PMD_SHIFT, addr, pmdp);
	if (pmd_bad(pmd)) {
		r->stop = "pmd entry is not a table";
		return;
	}
	pw_pte(r, pmdp, addr);
}

static void pw_flags(char *buf, size_t len, u64 val)
{
	const struct al_pt_bit *bits;
	unsigned int n, i;
	size_t o = 0;

	bits = al_pt_bits(&n);
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		if (val & bits[i].mask)
			o += scnprintf(buf + o, len - o, "%s%s", o ? "|" : "", bits[i].name);
	if (!o)
		scnprintf(buf, len, val ? "-" : "none");
}

/*
 * Entries hold physical addresses, and the indices of a kernel walk spell
 * out the kernel address: both are hidden when kptr_restrict hides addresses.
 */
static void pw_report(struct al_ctx *ctx, const struct pw_walk *r, unsigned long addr,
		      bool kernel)
{
	bool shown = al_addrs_shown();
	char flags[96], entry[24], index[16];
	unsigned int i;

	for (i = 0; i < r->n; i++) {
		pw_flags(flags, sizeof(flags), r->lv[i].val);
		if (shown)
			snprintf(entry, sizeof(entry), "0x%016llx", r->lv[i].val);
		else
			strscpy(entry, "hidden", sizeof(entry));
		if (shown || !kernel)
			snprintf(index, sizeof(index), "%u", r->lv[i].index);
		else
			strscpy(index, "hidden", sizeof(index));
		al_row(ctx, "level", "name=%s index=%s entry=%s flags=%s", r->lv[i].name,
		       index, entry, flags);
	}
	al_fact(ctx, "levels_walked", "%u", r->n);
	if (!r->shift) {
		al_fact(ctx, "mapped", "no (%s)", r->stop);
		return;
	}
	al_fact(ctx, "mapped", "yes");
	al_fact(ctx, "leaf", "%s", r->leaf);
	al_fact(ctx, "mapping_size", "%lu", 1UL << r->shift);
	al_fact(ctx, "huge", "%s", r->shift > PAGE_SHIFT ? "yes" : "no");
	if (shown)
		al_fact(ctx, "pfn", "%lu", r->pfn);
	else
		al_fact(ctx, "pfn", LO_HIDDEN);
	al_fact_phys(ctx, "phys", PFN_PHYS(r->pfn) + offset_in_page(addr));
}

/* The VMA holding a user address, as /proc/PID/maps prints it. */
static void pw_vma(struct al_ctx *ctx, struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (!vma || vma->vm_start > addr) {
		al_fact(ctx, "vma", "none (the address is not mapped)");
		return;
	}
	al_fact(ctx, "vma", "%lx-%lx %c%c%c%c", vma->vm_start, vma->vm_end,
		vma->vm_flags & VM_READ ? 'r' : '-', vma->vm_flags & VM_WRITE ? 'w' : '-',
		vma->vm_flags & VM_EXEC ? 'x' : '-', vma->vm_flags & VM_MAYSHARE ? 's' : 'p');
}

static int pw_user(struct al_ctx *ctx, unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	struct pw_walk r = { };

	if (!mm) {
		al_err(ctx, "the calling task has no user address space");
		return -EINVAL;
	}
	al_fact(ctx, "space", "user");
	al_fact(ctx, "addr", "0x%lx", addr);
	al_fact(ctx, "pid", "%d", task_tgid_vnr(current));
	al_fact(ctx, "comm", "%s", current->comm);
	if (mmap_read_lock_killable(mm)) {
		al_err(ctx, "interrupted while waiting for the mmap_lock");
		return -EINTR;
	}
	al_fact(ctx, "walk", "the calling process's mm under mmap_read_lock");
	pw_vma(ctx, mm, addr);
	pw_walk(mm->pgd, addr, &r);
	mmap_read_unlock(mm);
	al_fact(ctx, "pgtable_levels", "%u", lo_pgtable_levels());
	pw_report(ctx, &r, addr, false);
	return 0;
}

/* Return: the PFN found, or 0 if the kernel walk is unavailable or not mapped. */
static unsigned long pw_kernel(struct al_ctx *ctx, const void *p)
{
	unsigned long addr = (unsigned long)p;
	struct pw_walk r = { };
	unsigned int lshift;
	const void *lp;

	al_fact(ctx, "space", "kernel");
	al_fact_ptr(ctx, "addr", p);
	if (AL_KWALK_UNAVAILABLE) {
		al_fact(ctx, "walk", "unavailable (%s)", AL_KWALK_UNAVAILABLE);
		return 0;
	}
	al_fact(ctx, "walk", "%s", AL_KWALK_HOW);
	pw_walk(al_kwalk_pgd(), addr, &r);
	al_fact(ctx, "pgtable_levels", "%u", lo_pgtable_levels());
	pw_report(ctx, &r, addr, true);
	if (!AL_KWALK_HAVE_LOOKUP)
		return r.shift ? r.pfn : 0;
	lp = al_kwalk_lookup(addr, &lshift);
	if (!lp && !r.shift)
		al_fact(ctx, "lookup_address", "agrees (not mapped)");
	else if (lp == r.leafp && lshift == r.shift)
		al_fact(ctx, "lookup_address", "agrees (leaf %s)", r.leaf);
	else
		al_fact(ctx, "lookup_address", "disagrees (its leaf maps %lu bytes)",
			lp ? 1UL << lshift : 0UL);
	return r.shift ? r.pfn : 0;
}

/* A buffer of the experiment's own to walk; freed by pw_free_target(). */
struct pw_target {
	void *buf;
	struct page *page;
};

static const void *pw_alloc_target(struct al_ctx *ctx, unsigned int t, struct pw_target *tg,
				   const void *stack)
{
	switch (t) {
	case PW_T_KMALLOC:
		tg->buf = kmalloc(64, GFP_KERNEL | __GFP_NOWARN);
		return tg->buf;
	case PW_T_VMALLOC:
		tg->buf = vmalloc(PAGE_SIZE);
		return tg->buf;
	case PW_T_PAGE:
		tg->page = alloc_page(GFP_KERNEL | __GFP_NOWARN);
		return tg->page ? page_address(tg->page) : NULL;
	default:
		return stack;
	}
}

static void pw_free_target(struct pw_target *tg)
{
	if (tg->page)
		__free_page(tg->page);
	kvfree(tg->buf);	/* kmalloc or vmalloc */
}

/* Walk a buffer of our own and check the walk against the allocator's PFN. */
static int pw_own(struct al_ctx *ctx, unsigned int t)
{
	struct pw_target tg = { };
	int here = 0;	/* on the writing task's kernel stack */
	struct lo_ident id;
	unsigned long pfn;
	const void *p;

	p = pw_alloc_target(ctx, t, &tg, &here);
	if (!p) {
		al_err(ctx, "could not allocate the %s buffer to walk", pw_targets[t]);
		return -ENOMEM;
	}
	lo_ident_of(p, &id);
	al_fact(ctx, "target", "%s", pw_targets[t]);
	al_fact(ctx, "target_region", "%s", id.region);
	pfn = pw_kernel(ctx, p);
	if (pfn && id.page)
		al_fact(ctx, "target_pfn_agrees", "%s",
			pfn == page_to_pfn(id.page) ? "yes" : "no");
	pw_free_target(&tg);
	return 0;
}

static int pw_prepare(struct al_ctx *ctx)
{
	unsigned int t = al_val(ctx, PW_P_TARGET);
	unsigned long addr = al_val(ctx, PW_P_ADDR);

	switch (t) {
	case PW_T_ADDR:
		if (addr < TASK_SIZE)
			return pw_user(ctx, addr);
		pw_kernel(ctx, (const void *)addr);
		return 0;
	case PW_T_USTACK:
		al_fact(ctx, "target", "ustack");
		return pw_user(ctx, current_user_stack_pointer());
	default:
		return pw_own(ctx, t);
	}
}

static int pw_run(struct al_worker *w)
{
	return 0;	/* nothing to time: prepare walked in the caller's context */
}

const struct al_experiment lo_pagewalk = {
	.name = "pagewalk",
	.summary = "page-table walk of a kernel or (the caller's) user address: entries, flags, PFN",
	.params = pw_params,
	.check = pw_check,
	.prepare = pw_prepare,
	.run = pw_run,
};
