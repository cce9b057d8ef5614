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
	struct alloclab_result r;	/* facts trimmed to nr_facts */
};

static DEFINE_MUTEX(al_results_lock);
static LIST_HEAD(al_report);
static unsigned int al_report_len;
static u64 al_report_dropped;
static u32 al_seq;
static char al_last_err[ALLOCLAB_CMD_MAX / 4 + ALLOCLAB_REASON_LEN + 64];

u32 al_next_seq(void)
{
	u32 s;

	mutex_lock(&al_results_lock);
	s = ++al_seq;
	mutex_unlock(&al_results_lock);
	return s;
}

/* picoseconds as nanoseconds with one decimal */
static void al_show_ps(struct seq_file *m, const char *key, u64 ps)
{
	u64 tenths = div_u64(ps + 50, 100);

	seq_printf(m, "%s: %llu.%llu\n", key, div_u64(tenths, 10), tenths % 10);
}

static void al_show_stats_ps(struct seq_file *m, const char *pfx,
			     const struct alloclab_stats *s)
{
	static const char * const n[] = { "mean", "min", "p50", "p90", "p99", "max" };
	const u64 v[] = { s->mean, s->min, s->p50, s->p90, s->p99, s->max };
	char key[32];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(n); i++) {
		snprintf(key, sizeof(key), "%s_%s", pfx, n[i]);
		al_show_ps(m, key, v[i]);
	}
}

static void al_show_stats(struct seq_file *m, const char *pfx,
			  const struct alloclab_stats *s)
{
	seq_printf(m, "%s_mean: %llu\n%s_min: %llu\n%s_p50: %llu\n%s_p90: %llu\n%s_p99: %llu\n%s_max: %llu\n",
		   pfx, s->mean, pfx, s->min, pfx, s->p50, pfx, s->p90, pfx, s->p99,
		   pfx, s->max);
}

/* One result, in the text form fixed by include/uapi/alloclab.h. */
void al_result_show(struct seq_file *m, const struct alloclab_result *r)
{
	unsigned int i;

	seq_printf(m, "result: %u\nexperiment: %s\ncommand: %s\n", r->seq,
		   r->experiment, r->command);
	seq_printf(m, "cpus: %u\nmode: %s\nbatch: %u\n", r->cpus,
		   r->flags & ALLOCLAB_RES_PEROP ? "perop" : "batch", r->batch);
	seq_printf(m, "ops: %llu\nfailures: %llu\nelapsed_ns: %llu\n", r->ops,
		   r->failures, r->elapsed_ns);
	if (r->flags & ALLOCLAB_RES_TIMED) {
		al_show_ps(m, "timer_overhead_ns", r->timer_overhead_ps);
		if (r->flags & ALLOCLAB_RES_CYCLES)
			seq_printf(m, "timer_overhead_cycles: %llu\n", r->timer_overhead_cycles);
		al_show_stats_ps(m, "ns", &r->ns_ps);
		if (r->flags & ALLOCLAB_RES_CYCLES)
			al_show_stats(m, "cycles", &r->cycles);
	}
	if (r->flags & ALLOCLAB_RES_FREE_PHASE) {
		seq_printf(m, "free_ops: %llu\n", r->free_ops);
		al_show_stats_ps(m, "free_ns", &r->free_ns_ps);
		if (r->flags & ALLOCLAB_RES_CYCLES)
			al_show_stats(m, "free_cycles", &r->free_cycles);
	}
	seq_printf(m, "bytes_requested: %llu\nbytes_consumed: %llu\n",
		   r->bytes_requested, r->bytes_consumed);
	if (r->flags & ALLOCLAB_RES_HELD)
		seq_puts(m, "held: yes\n");
	for (i = 0; i < r->nr_facts && i < ALLOCLAB_MAX_FACTS; i++)
		seq_printf(m, "%s: %s\n", r->facts[i].key, r->facts[i].value);
}

void al_results_store(const struct alloclab_result *r)
{
	size_t sz = offsetof(struct al_stored, r.facts) +
		    r->nr_facts * sizeof(struct alloclab_fact);
	struct al_stored *s = kvmalloc(sz, GFP_KERNEL);

	if (!s)
		return;
	memcpy(&s->r, r, sz - offsetof(struct al_stored, r));
	mutex_lock(&al_results_lock);
	list_add_tail(&s->node, &al_report);
	if (++al_report_len > AL_REPORT_MAX) {
		struct al_stored *old = list_first_entry(&al_report, struct al_stored, node);

		list_del(&old->node);
		kvfree(old);
		al_report_len--;
		al_report_dropped++;
	}
	mutex_unlock(&al_results_lock);
}

void al_results_reset(void)
{
	struct al_stored *s, *tmp;

	mutex_lock(&al_results_lock);
	list_for_each_entry_safe(s, tmp, &al_report, node) {
		list_del(&s->node);
		kvfree(s);
	}
	al_report_len = 0;
	al_report_dropped = 0;
	mutex_unlock(&al_results_lock);
}

void al_results_free(void)
{
	al_results_reset();
}

int al_results_show_last(struct seq_file *m)
{
	mutex_lock(&al_results_lock);
	if (!list_empty(&al_report))
		al_result_show(m, &list_last_entry(&al_report, struct al_stored, node)->r);
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
		al_result_show(m, &s->r);
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
