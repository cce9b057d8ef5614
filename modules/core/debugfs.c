// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab debugfs: /sys/kernel/debug/alloclab/, usable with echo and cat.
 *   experiments  list with parameters, defaults and bounds
 *   run          write a command; the write returns when it finished
 *   last         the last result;  report: all since load or "reset"
 *   last_error   why the last failed command failed
 *   held         what hold=1 runs keep: "<result> <experiment> <bytes> mapped|unmapped"
 *   reset        write anything: clear the report (same as the command)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "core.h"

static struct dentry *al_dir;

static int al_experiments_show(struct seq_file *m, void *v)
{
	struct al_entry *e;
	char *buf = kmalloc(2048, GFP_KERNEL);
	struct al_ctx *probe = al_ctx_probe();
	const char *why;

	if (!buf || !probe) {
		kfree(buf);
		al_ctx_free(probe);
		return -ENOMEM;
	}
	mutex_lock(&al_registry_lock);
	list_for_each_entry(e, &al_experiments, node) {
		seq_printf(m, "%s [%s] %s\n", e->name, module_name(e->inst->owner),
			   e->exp->summary);
		probe->ent = e;
		probe->exp = e->exp;
		why = e->exp->available ? e->exp->available(probe) : NULL;
		if (why) {
			seq_printf(m, "    unavailable: %s\n", why);
			continue;
		}
		al_describe_params(e, buf, 2048);
		seq_printf(m, "    %s\n", buf);
	}
	mutex_unlock(&al_registry_lock);
	kfree(buf);
	al_ctx_free(probe);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(al_experiments);

static int al_held_f_show(struct seq_file *m, void *v)
{
	return al_held_show(m);
}
DEFINE_SHOW_ATTRIBUTE(al_held_f);

static int al_last_show(struct seq_file *m, void *v)
{
	return al_results_show_last(m);
}
DEFINE_SHOW_ATTRIBUTE(al_last);

static int al_report_show(struct seq_file *m, void *v)
{
	return al_results_show_all(m);
}
DEFINE_SHOW_ATTRIBUTE(al_report);

static int al_last_error_f_show(struct seq_file *m, void *v)
{
	return al_last_error_show(m);
}
DEFINE_SHOW_ATTRIBUTE(al_last_error_f);

static ssize_t al_run_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	char reason[ALLOCLAB_REASON_LEN];
	char *buf;
	int ret;

	/* a too long command is refused by its length: copy only its start */
	buf = memdup_user(ubuf, min_t(size_t, count, ALLOCLAB_CMD_MAX + 2));
	if (IS_ERR(buf)) {
		ret = PTR_ERR(buf);
		al_last_error_set("", 0, ret, ret == -ENOMEM ? "out of memory for the command text" :
				  "cannot read the command from the writer's buffer");
		return ret;
	}
	ret = al_execute(buf, min_t(size_t, count, ALLOCLAB_CMD_MAX + 2), NULL, reason);
	if (ret == -E2BIG)	/* the whole length, not the part copied */
		snprintf(reason, sizeof(reason), "command is %zu bytes, the limit is %d", count,
			 ALLOCLAB_CMD_MAX);
	if (ret)
		al_last_error_set(buf, min_t(size_t, count, ALLOCLAB_CMD_MAX), ret, reason);
	kfree(buf);
	return ret ? ret : count;
}

static const struct file_operations al_run_fops = {
	.owner = THIS_MODULE,
	.write = al_run_write,
	.llseek = noop_llseek,
};

static ssize_t al_reset_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	al_results_reset();
	return count;
}

static const struct file_operations al_reset_fops = {
	.owner = THIS_MODULE,
	.write = al_reset_write,
	.llseek = noop_llseek,
};

int al_debugfs_init(void)
{
	al_dir = debugfs_create_dir(ALLOCLAB_DEBUGFS_DIR, NULL);
	if (IS_ERR(al_dir))
		return PTR_ERR(al_dir);
	debugfs_create_file("experiments", 0400, al_dir, NULL, &al_experiments_fops);
	debugfs_create_file("run", 0200, al_dir, NULL, &al_run_fops);
	debugfs_create_file("last", 0400, al_dir, NULL, &al_last_fops);
	debugfs_create_file("report", 0400, al_dir, NULL, &al_report_fops);
	debugfs_create_file("last_error", 0400, al_dir, NULL, &al_last_error_f_fops);
	debugfs_create_file("held", 0400, al_dir, NULL, &al_held_f_fops);
	debugfs_create_file("reset", 0200, al_dir, NULL, &al_reset_fops);
	return 0;
}

void al_debugfs_exit(void)
{
	debugfs_remove_recursive(al_dir);
}
