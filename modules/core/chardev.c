// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/alloclab: the same commands as debugfs through versioned ioctls
 * (include/uapi/alloclab.h), and mmap of a held result's buffer. Mode 0600;
 * every ioctl and mmap needs CAP_SYS_ADMIN. An open file or a mapping pins
 * the module (fops owner, the mapping's file).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <linux/capability.h>
#include "core.h"

static bool al_zeroed(const void *p, size_t n)
{
	return !memchr_inv(p, 0, n);
}

static long al_ioc_version(void __user *arg)
{
	struct alloclab_version v;

	memset(&v, 0, sizeof(v));
	v.abi_version = ALLOCLAB_ABI_VERSION;
	mutex_lock(&al_registry_lock);
	v.nr_experiments = al_nr_experiments();
	mutex_unlock(&al_registry_lock);
	strscpy(v.module_version, AL_MODULE_VERSION, sizeof(v.module_version));
	strscpy(v.kernel_release, utsname()->release, sizeof(v.kernel_release));
	v.max_held = al_max_held;
	al_held_stats(&v.nr_held, &v.held_bytes);
	v.budget_bytes = al_budget_bytes();
	return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static void al_param_record(struct alloclab_param *r, const struct al_param *p, bool core)
{
	const char * const *c;
	size_t n = 0;

	strscpy_pad(r->name, p->name, sizeof(r->name));
	r->type = p->type;
	r->flags = core ? ALLOCLAB_PF_CORE : 0;
	r->def = p->def;
	r->min = p->type == AL_P_U64 ? p->min : 0;
	r->max = p->type == AL_P_U64 ? al_param_max(p) : p->type == AL_P_BOOL;
	strscpy_pad(r->unit, p->unit ?: "", sizeof(r->unit));
	strscpy_pad(r->help, p->help, sizeof(r->help));
	switch (p->type) {
	case AL_P_ENUM:
		for (c = p->choices; *c; c++)
			n += scnprintf(r->choices + n, sizeof(r->choices) - n, "%s%s",
				       c == p->choices ? "" : "|", *c);
		strscpy_pad(r->def_str, p->choices[p->def], sizeof(r->def_str));
		break;
	case AL_P_GFP:
		al_gfp_list(r->choices, sizeof(r->choices), "|", "|");
		strscpy_pad(r->def_str, p->def_str, sizeof(r->def_str));
		break;
	case AL_P_STRING:
		strscpy_pad(r->def_str, p->def_str, sizeof(r->def_str));
		break;
	default:
		snprintf(r->def_str, sizeof(r->def_str), "%llu", p->def);
	}
}

/* Fill @l for experiment @e; caller holds al_registry_lock. */
static void al_list_fill(struct alloclab_list *l, struct al_entry *e, struct al_ctx *probe)
{
	const struct al_experiment *x = e->exp;
	unsigned int i, n = 0;
	const char *why;

	probe->ent = e;
	probe->exp = x;
	why = x->available ? x->available(probe) : NULL;
	l->flags = x->flags & (ALLOCLAB_EXP_HOLD | ALLOCLAB_EXP_TIMED | ALLOCLAB_EXP_MMAP);
	if (why)
		l->flags |= ALLOCLAB_EXP_UNAVAILABLE;
	strscpy_pad(l->name, e->name, sizeof(l->name));
	strscpy_pad(l->family, module_name(e->inst->owner), sizeof(l->family));
	strscpy_pad(l->summary, x->summary, sizeof(l->summary));
	strscpy_pad(l->reason, why ?: "", sizeof(l->reason));
	l->nr_phases = e->nphases;
	for (i = 0; i < e->nphases; i++) {
		strscpy_pad(l->phases[i], x->phases ? x->phases[i].name : "op",
			    sizeof(l->phases[i]));
		l->phase_units[i] = x->phases ? x->phases[i].unit : ALLOCLAB_U_OBJECTS;
	}
	for (i = 0; i < e->nparams; i++)
		al_param_record(&l->params[n++], &x->params[i], false);
	for (i = 0; i < AL_NR_CP && n < ALLOCLAB_MAX_PARAMS; i++)
		if (al_core_param_allowed(x, i))
			al_param_record(&l->params[n++], &al_core_params()[i], true);
	l->nr_params = n;
}

static long al_ioc_list(void __user *arg)
{
	struct al_ctx *probe = al_ctx_probe();
	struct alloclab_list *l = kzalloc(sizeof(*l), GFP_KERNEL);
	struct al_entry *e;
	unsigned int i = 0, index;
	long ret;

	ret = -ENOMEM;
	if (!l || !probe)
		goto out;
	ret = -EFAULT;
	if (copy_from_user(l, arg, offsetof(struct alloclab_list, params)))
		goto out;
	ret = -EPROTO;
	if (l->abi_version != ALLOCLAB_ABI_VERSION)
		goto out;
	ret = -EINVAL;
	if (!al_zeroed(l->reserved, sizeof(l->reserved)))
		goto out;
	index = l->index;
	memset(l, 0, sizeof(*l));
	l->abi_version = ALLOCLAB_ABI_VERSION;
	l->index = index;
	mutex_lock(&al_registry_lock);
	l->count = al_nr_experiments();
	ret = -ENOENT;
	list_for_each_entry(e, &al_experiments, node) {
		if (i++ != index)
			continue;
		al_list_fill(l, e, probe);
		ret = 0;
		break;
	}
	mutex_unlock(&al_registry_lock);
	/* past the end: -ENOENT, but count is still reported */
	if (copy_to_user(arg, l, sizeof(*l)))
		ret = -EFAULT;
out:
	kfree(l);
	al_ctx_free(probe);
	return ret;
}

/* Check a RUN request; fill @reason and return -errno if it is malformed. */
static long al_run_checks(struct alloclab_run *run)
{
	if (run->abi_version != ALLOCLAB_ABI_VERSION) {
		snprintf(run->reason, sizeof(run->reason),
			 "ABI version %u, this module speaks %u: use a tool built for ABI %u",
			 run->abi_version, ALLOCLAB_ABI_VERSION, ALLOCLAB_ABI_VERSION);
		return -EPROTO;
	}
	if (run->result_size < sizeof(struct alloclab_result) ||
	    !al_zeroed(run->reserved, sizeof(run->reserved))) {
		snprintf(run->reason, sizeof(run->reason),
			 "result_size %u is below the %zu-byte header, or reserved bytes are not zero",
			 run->result_size, sizeof(struct alloclab_result));
		return -EINVAL;
	}
	if (run->cmd_len > ALLOCLAB_CMD_MAX + 1) {
		snprintf(run->reason, sizeof(run->reason), "command is %u bytes, the limit is %d",
			 run->cmd_len, ALLOCLAB_CMD_MAX);
		return -E2BIG;
	}
	if (!access_ok(u64_to_user_ptr(run->result), run->result_size)) {
		snprintf(run->reason, sizeof(run->reason),
			 "result buffer at 0x%llx (%u bytes) is not in user memory",
			 run->result, run->result_size);
		return -EFAULT;
	}
	return 0;
}

/* Copy what fits of @res; -ENOSPC if it did not all fit. */
static long al_run_copy_out(struct alloclab_run *run, const struct alloclab_result *res)
{
	u32 n = min(run->result_size, res->size);

	run->result_needed = res->size;
	if (copy_to_user(u64_to_user_ptr(run->result), res, n)) {
		snprintf(run->reason, sizeof(run->reason),
			 "ran, but the result buffer at 0x%llx is not writable", run->result);
		return -EFAULT;
	}
	if (n < res->size) {
		snprintf(run->reason, sizeof(run->reason),
			 "ran; the result needs %u bytes, the buffer has %u (see report)",
			 res->size, run->result_size);
		return -ENOSPC;
	}
	return 0;
}

static long al_ioc_run(struct alloclab_run __user *arg)
{
	struct alloclab_result *res = NULL;
	struct alloclab_run run;
	char *cmd = NULL;
	long ret;

	if (copy_from_user(&run, arg, sizeof(run)))
		return -EFAULT;
	memset(run.reason, 0, sizeof(run.reason));
	run.result_needed = 0;
	ret = al_run_checks(&run);
	if (ret)
		goto out;
	cmd = memdup_user(u64_to_user_ptr(run.cmd), run.cmd_len);
	if (IS_ERR(cmd)) {
		ret = PTR_ERR(cmd);
		cmd = NULL;
		snprintf(run.reason, sizeof(run.reason), "cannot read the command at 0x%llx",
			 run.cmd);
		goto out;
	}
	ret = al_execute(cmd, run.cmd_len, &res, run.reason);
	if (!ret)
		ret = al_run_copy_out(&run, res);
out:
	if (ret)
		al_last_error_set(cmd ?: "", cmd ? run.cmd_len : 0, ret, run.reason);
	if (copy_to_user(&arg->reason, run.reason, sizeof(run.reason)) ||
	    copy_to_user(&arg->result_needed, &run.result_needed, sizeof(run.result_needed)))
		ret = ret ?: -EFAULT;
	kvfree(res);
	kfree(cmd);
	return ret;
}

/*
 * A request built for another ABI has another size, hence another ioctl
 * number: answer -EPROTO (not -ENOTTY) so the tool can say "rebuild me".
 */
static long al_ioc_other_abi(unsigned int cmd, void __user *arg)
{
	u32 abi = 0;

	if (_IOC_TYPE(cmd) != ALLOCLAB_IOC_MAGIC || _IOC_NR(cmd) > 2)
		return -ENOTTY;
	if (_IOC_SIZE(cmd) >= sizeof(abi) && (_IOC_DIR(cmd) & _IOC_WRITE) &&
	    copy_from_user(&abi, arg, sizeof(abi)))
		return -EFAULT;
	pr_info_ratelimited("ioctl %u with %u bytes (ABI %u?) refused: this module speaks ABI %u\n",
			    _IOC_NR(cmd), _IOC_SIZE(cmd), abi, ALLOCLAB_ABI_VERSION);
	return -EPROTO;
}

static long al_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	switch (cmd) {
	case ALLOCLAB_IOC_VERSION:
		return al_ioc_version(uarg);
	case ALLOCLAB_IOC_LIST:
		return al_ioc_list(uarg);
	case ALLOCLAB_IOC_RUN:
		return al_ioc_run(uarg);
	}
	return al_ioc_other_abi(cmd, uarg);
}

static int al_mmap(struct file *file, struct vm_area_struct *vma)
{
	char reason[ALLOCLAB_REASON_LEN] = "";
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (vma->vm_pgoff > U32_MAX)
		return -EINVAL;
	ret = al_held_mmap(vma->vm_pgoff, vma, reason);
	if (ret) {
		char what[32];

		snprintf(what, sizeof(what), "mmap %lu", vma->vm_pgoff);
		al_last_error_set(what, strlen(what), ret, reason);
	}
	return ret;
}

static const struct file_operations al_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = al_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = al_mmap,
	.llseek = noop_llseek,
};

static struct miscdevice al_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = ALLOCLAB_DEV_NAME,
	.fops = &al_fops,
	.mode = 0600,
};

int al_chardev_init(void)
{
	return misc_register(&al_misc);
}

void al_chardev_exit(void)
{
	misc_deregister(&al_misc);
}
