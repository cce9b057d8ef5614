// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/alloclab: the same commands as debugfs through versioned ioctls
 * (include/uapi/alloclab.h). Mode 0600; every ioctl needs CAP_SYS_ADMIN.
 * An open file pins the module (fops owner).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <linux/capability.h>
#include "core.h"

static bool al_zeroed(const u8 *p, size_t n)
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
	return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static long al_ioc_list(void __user *arg)
{
	const struct al_experiment *e;
	struct alloclab_list *l;
	unsigned int i = 0;
	long ret = 0;

	l = kmalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	if (copy_from_user(l, arg, sizeof(*l))) {
		ret = -EFAULT;
		goto out;
	}
	if (l->abi_version != ALLOCLAB_ABI_VERSION) {
		ret = -EPROTO;
		goto out;
	}
	if (!al_zeroed(l->reserved, sizeof(l->reserved))) {
		ret = -EINVAL;
		goto out;
	}
	mutex_lock(&al_registry_lock);
	l->count = al_nr_experiments();
	ret = -ENOENT;
	list_for_each_entry(e, &al_experiments, node) {
		if (i++ != l->index)
			continue;
		l->flags = e->flags & (ALLOCLAB_EXP_HOLD | ALLOCLAB_EXP_TIMED);
		if (e->unavailable)
			l->flags |= ALLOCLAB_EXP_UNAVAILABLE;
		strscpy_pad(l->name, e->name, sizeof(l->name));
		strscpy_pad(l->family, e->family, sizeof(l->family));
		strscpy_pad(l->summary, e->summary, sizeof(l->summary));
		memset(l->params, 0, sizeof(l->params));
		if (!e->unavailable)
			al_describe_params(e, l->params, sizeof(l->params));
		strscpy_pad(l->reason, e->unavailable ?: "", sizeof(l->reason));
		ret = 0;
		break;
	}
	mutex_unlock(&al_registry_lock);
	/* past the end: -ENOENT, but count is still reported */
	if (copy_to_user(arg, l, sizeof(*l)))
		ret = -EFAULT;
out:
	kfree(l);
	return ret;
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
	if (run.abi_version != ALLOCLAB_ABI_VERSION) {
		snprintf(run.reason, sizeof(run.reason),
			 "ABI version %u, this module speaks %u: rebuild the tool",
			 run.abi_version, ALLOCLAB_ABI_VERSION);
		ret = -EPROTO;
		goto out;
	}
	if (run.result_size != sizeof(*res) || run.reserved0 ||
	    !al_zeroed(run.reserved, sizeof(run.reserved))) {
		snprintf(run.reason, sizeof(run.reason),
			 "result_size %u (expected %zu) or reserved fields not zero",
			 run.result_size, sizeof(*res));
		ret = -EINVAL;
		goto out;
	}
	if (run.cmd_len > ALLOCLAB_CMD_MAX) {
		snprintf(run.reason, sizeof(run.reason), "command is %u bytes, the limit is %d",
			 run.cmd_len, ALLOCLAB_CMD_MAX);
		ret = -E2BIG;
		goto out;
	}
	cmd = memdup_user(u64_to_user_ptr(run.cmd), run.cmd_len);
	if (IS_ERR(cmd)) {
		ret = PTR_ERR(cmd);
		cmd = NULL;
		snprintf(run.reason, sizeof(run.reason), "cannot read the command at 0x%llx",
			 run.cmd);
		goto out;
	}
	/* check the result buffer before running anything */
	if (!access_ok(u64_to_user_ptr(run.result), sizeof(*res))) {
		snprintf(run.reason, sizeof(run.reason), "result buffer at 0x%llx is not writable",
			 run.result);
		ret = -EFAULT;
		goto out;
	}
	res = kvzalloc(sizeof(*res), GFP_KERNEL);
	if (!res) {
		ret = -ENOMEM;
		goto out;
	}
	ret = al_execute(cmd, run.cmd_len, res, run.reason);
	if (!ret && copy_to_user(u64_to_user_ptr(run.result), res, sizeof(*res))) {
		snprintf(run.reason, sizeof(run.reason),
			 "ran, but the result buffer at 0x%llx is not writable", run.result);
		ret = -EFAULT;
	}
out:
	if (ret)
		al_last_error_set(cmd ?: "", cmd ? run.cmd_len : 0, ret, run.reason);
	if (copy_to_user(arg->reason, run.reason, sizeof(run.reason)))
		ret = ret ?: -EFAULT;
	kvfree(res);
	kfree(cmd);
	return ret;
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
	return -ENOTTY;
}

static const struct file_operations al_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = al_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
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
