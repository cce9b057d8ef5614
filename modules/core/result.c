// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab results: the text form (see include/uapi/alloclab.h), the report
 * kept since load or "reset", and the last error.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/math64.h>
#include "core.h"

#define AL_REPORT_MAX	256	/* results kept; the oldest go first */

struct al_stored {
	struct list_head node;
	struct alloclab_result *r;	/* a packed blob */
};

static DEFINE_MUTEX(al_results_lock);
static LIST_HEAD(al_report);
static unsigned int al_report_len;
static u64 al_report_dropped;
static u32 al_seq_last;
static char al_last_err[ALLOCLAB_CMD_MAX / 4 + ALLOCLAB_REASON_LEN + 64];

u32 al_next_seq(void)
{
	u32 s;

	mutex_lock(&al_results_lock);
	s = ++al_seq_last;
	mutex_unlock(&al_results_lock);
	return s;
}

/* picoseconds as nanoseconds with one decimal */
static void al_show_ps(struct seq_file *m, const char *pfx, const char *key, u64 ps)
{
	u64 tenths = div_u64(ps + 50, 100);

	seq_printf(m, "%s%s: %llu.%llu\n", pfx, key, div_u64(tenths, 10), tenths % 10);
}

/* @num / @den with one decimal, rounded half up */
static void al_show_ratio(struct seq_file *m, const char *pfx, const char *key, u64 num,
			  u64 den)
{
	/* num * 10 / den rounded half up, without overflowing num * 10 */
	u64 tenths = den ? mul_u64_u64_div_u64(num, 10, den) : 0;

	if (den && mul_u64_u64_div_u64(num, 20, den) - 2 * tenths)
		tenths++;

	seq_printf(m, "%s%s: %llu.%llu\n", pfx, key, div_u64(tenths, 10), tenths % 10);
}

static void al_show_stats(struct seq_file *m, const char *pfx, const char *what,
			  const struct alloclab_stats *s, bool ps)
{
	static const char * const n[] = { "mean", "min", "p50", "p90", "p99", "max" };
	const u64 v[] = { s->mean, s->min, s->p50, s->p90, s->p99, s->max };
	char key[32];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(n); i++) {
		snprintf(key, sizeof(key), "%s_%s", what, n[i]);
		if (ps)
			al_show_ps(m, pfx, key, v[i]);
		else
			seq_printf(m, "%s%s: %llu\n", pfx, key, v[i]);
	}
}

static const char * const al_unit_names[] = { "objects", "pages", "bytes" };

static void al_show_phase(struct seq_file *m, const struct alloclab_phase *ph, bool first)
{
	char pfx[ALLOCLAB_PHASE_LEN + 2] = "";

	if (!first) {
		snprintf(pfx, sizeof(pfx), "%.*s_", ALLOCLAB_PHASE_LEN - 1, ph->name);
		seq_printf(m, "%sops: %llu\n", pfx, ph->ops);
	}
	al_show_stats(m, pfx, "ns", &ph->ns_ps, true);
	if (ph->flags & ALLOCLAB_PH_CYCLES)
		al_show_stats(m, pfx, "cycles", &ph->cycles, false);
	seq_printf(m, "%sunit: %s\n", pfx, al_unit_names[ph->unit <= 2 ? ph->unit : 0]);
	if (ph->units != ph->ops) {
		al_show_ratio(m, pfx, "units_per_op", ph->units, ph->ops);
		al_show_ratio(m, pfx, "ns_per_unit", ph->time_ps, ph->units * 1000);
	}
	if (ph->unit == ALLOCLAB_U_BYTES)
		al_show_ratio(m, pfx, "mb_per_s", ph->units * 1000000, ph->time_ps);
}

#define AL_PTR(r, off, i, type)	((const type *)((const u8 *)(r) + (off)) + (i))

/* One result, in the text form fixed by include/uapi/alloclab.h. */
void al_result_show(struct seq_file *m, const struct alloclab_result *r)
{
	const struct alloclab_phase *ph = AL_PTR(r, r->phase_off, 0, struct alloclab_phase);
	unsigned int i;

	seq_printf(m, "result: %u\nexperiment: %s\ncommand: %s\n", r->seq,
		   r->experiment, r->command);
	seq_printf(m, "cpus: %u\nmode: %s\nbatch: %u\n", r->cpus,
		   r->flags & ALLOCLAB_RES_PEROP ? "perop" : "batch", r->batch);
	seq_printf(m, "ops: %llu\nfailures: %llu\nelapsed_ns: %llu\n",
		   r->nr_phases ? ph[0].ops : 0, r->failures, r->elapsed_ns);
	if (r->flags & ALLOCLAB_RES_TIMED) {
		al_show_ps(m, "", "timer_overhead_ns", r->timer_overhead_ps);
		if (r->flags & ALLOCLAB_RES_CYCLES)
			seq_printf(m, "timer_overhead_cycles: %llu\n", r->timer_overhead_cycles);
		seq_puts(m, "phases:");
		for (i = 0; i < r->nr_phases; i++)
			seq_printf(m, " %s", ph[i].name);
		seq_putc(m, '\n');
		for (i = 0; i < r->nr_phases; i++)
			if (ph[i].ops)
				al_show_phase(m, &ph[i], i == 0);
	}
	seq_printf(m, "bytes_requested: %llu\nbytes_consumed: %llu\n",
		   r->bytes_requested, r->bytes_consumed);
	if (r->flags & ALLOCLAB_RES_HELD)
		seq_puts(m, "held: yes\n");
	for (i = 0; i < r->nr_facts; i++) {
		const struct alloclab_fact *f = AL_PTR(r, r->fact_off, i, struct alloclab_fact);

		seq_printf(m, "%s: %s\n", f->key, f->value);
	}
	for (i = 0; i < r->nr_rows; i++) {
		const struct alloclab_row *row = AL_PTR(r, r->row_off, i, struct alloclab_row);

		seq_printf(m, "%s[%u]: %s\n", row->table, row->index, row->text);
	}
	if (r->flags & ALLOCLAB_RES_TRUNCATED)
		seq_puts(m, "truncated: yes\n");
}

/* Header, phases, facts, rows: one blob of exactly the size they need. */
static struct alloclab_result *al_blob(const struct alloclab_result *hdr,
				       const struct alloclab_phase *phases,
				       const struct alloclab_fact *facts,
				       const struct alloclab_row *rows)
{
	size_t po = sizeof(*hdr), fo, ro, sz;
	struct alloclab_result *r;

	fo = po + hdr->nr_phases * sizeof(*phases);
	ro = fo + hdr->nr_facts * sizeof(*facts);
	sz = ro + hdr->nr_rows * sizeof(*rows);
	r = kvzalloc(sz, GFP_KERNEL);
	if (!r)
		return NULL;
	*r = *hdr;
	r->abi_version = ALLOCLAB_ABI_VERSION;
	r->size = sz;
	r->phase_off = po;
	r->fact_off = fo;
	r->row_off = ro;
	memcpy((u8 *)r + po, phases, hdr->nr_phases * sizeof(*phases));
	memcpy((u8 *)r + fo, facts, hdr->nr_facts * sizeof(*facts));
	memcpy((u8 *)r + ro, rows, hdr->nr_rows * sizeof(*rows));
	return r;
}

/**
 * al_result_pack() - the result of a finished run as one blob
 * @ctx: the run (seq set)
 *
 * Return: a kvmalloc'ed result, or NULL.
 */
struct alloclab_result *al_result_pack(struct al_ctx *ctx)
{
	struct alloclab_result *h = &ctx->acc->hdr;

	h->seq = ctx->seq;
	strscpy(h->experiment, ctx->ent->name, sizeof(h->experiment));
	al_resolved_command(ctx, h->command, sizeof(h->command));
	if (al_hold(ctx))
		h->flags |= ALLOCLAB_RES_HELD;
	return al_blob(h, ctx->acc->phases, ctx->acc->facts, ctx->acc->rows);
}

/**
 * al_result_builtin() - the result of a built-in command (not stored)
 * @name: "release", "reset", "cancel"
 * @key: a fact to report, or NULL
 * @value: its value
 *
 * Return: a kvmalloc'ed result, or NULL.
 */
struct alloclab_result *al_result_builtin(const char *name, const char *key, u64 value)
{
	struct alloclab_result hdr = { .flags = ALLOCLAB_RES_BUILTIN };
	struct alloclab_fact f = { };

	strscpy(hdr.experiment, name, sizeof(hdr.experiment));
	strscpy(hdr.command, name, sizeof(hdr.command));
	if (key) {
		hdr.nr_facts = 1;
		strscpy(f.key, key, sizeof(f.key));
		snprintf(f.value, sizeof(f.value), "%llu", value);
	}
	return al_blob(&hdr, NULL, &f, NULL);
}

/**
 * al_results_store() - keep @r in the report (it owns @r from now on)
 * @r: a packed result
 *
 * Return: 0, or -ENOMEM (@r is still the caller's).
 */
int al_results_store(struct alloclab_result *r)
{
	struct al_stored *s = kmalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	s->r = r;
	mutex_lock(&al_results_lock);
	list_add_tail(&s->node, &al_report);
	if (++al_report_len > AL_REPORT_MAX) {
		struct al_stored *old = list_first_entry(&al_report, struct al_stored, node);

		list_del(&old->node);
		kvfree(old->r);
		kfree(old);
		al_report_len--;
		al_report_dropped++;
	}
	mutex_unlock(&al_results_lock);
	return 0;
}

void al_results_reset(void)
{
	struct al_stored *s, *tmp;

	mutex_lock(&al_results_lock);
	list_for_each_entry_safe(s, tmp, &al_report, node) {
		list_del(&s->node);
		kvfree(s->r);
		kfree(s);
	}
	al_report_len = 0;
	al_report_dropped = 0;
	mutex_unlock(&al_results_lock);
}

int al_results_show_last(struct seq_file *m)
{
	mutex_lock(&al_results_lock);
	if (!list_empty(&al_report))
		al_result_show(m, list_last_entry(&al_report, struct al_stored, node)->r);
	mutex_unlock(&al_results_lock);
	return 0;
}

int al_results_show_all(struct seq_file *m)
{
	struct al_stored *s;
	bool first = true;

	mutex_lock(&al_results_lock);
	if (al_report_dropped)
		seq_printf(m, "dropped: %llu\n\n", al_report_dropped);
	list_for_each_entry(s, &al_report, node) {
		if (!first)
			seq_putc(m, '\n');
		first = false;
		al_result_show(m, s->r);
	}
	mutex_unlock(&al_results_lock);
	return 0;
}

void al_last_error_set(const char *cmd, size_t len, int err, const char *reason)
{
	size_t i, n = min_t(size_t, len, ALLOCLAB_CMD_MAX / 4);
	char shown[ALLOCLAB_CMD_MAX / 4 + 1];

	/* show the command as text even if it was binary garbage */
	for (i = 0; i < n; i++)
		shown[i] = (cmd[i] >= 0x20 && cmd[i] < 0x7f) ? cmd[i] : '.';
	while (n && shown[n - 1] == '.' && (cmd[n - 1] == '\n' || !cmd[n - 1]))
		n--;
	shown[n] = '\0';
	mutex_lock(&al_results_lock);
	snprintf(al_last_err, sizeof(al_last_err), "command: %s%s\nerrno: %d %s\nreason: %s\n",
		 shown, len > n + 1 ? "..." : "", -err, al_errno_name(err), reason);
	mutex_unlock(&al_results_lock);
}

int al_last_error_show(struct seq_file *m)
{
	mutex_lock(&al_results_lock);
	seq_puts(m, al_last_err);
	mutex_unlock(&al_results_lock);
	return 0;
}
