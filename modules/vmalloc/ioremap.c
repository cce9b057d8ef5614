// SPDX-License-Identifier: GPL-2.0
/*
 * ioremap bar= count= [hold=1]: maps a memory BAR of QEMU's edu device (PCI
 * 1234:11e8) count times (ns per ioremap() and per iounmap()), then once
 * more to read its identification register and show where the mapping
 * lies: in vmalloc space, listed in /proc/vmallocinfo as "ioremap" with its
 * phys= while hold=1 keeps it. No driver is bound: if memory decoding is
 * off and no driver owns the device, it is switched on for the one read and
 * restored at once (under the device lock, so no driver binds meanwhile).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/pci.h>
#include <linux/io.h>
#include <linux/device.h>
#include <linux/vmalloc.h>
#include "vm.h"

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_REG_ID	0x00	/* 0xRRrr00ed: major, minor, 0x00, 0xed */
#define IO_MAX_COUNT	256

enum { IO_P_BAR, IO_P_COUNT };
static const struct al_param io_params[] = {
	[IO_P_BAR] = { .name = "bar", .help = "which BAR of the edu device",
		       .type = AL_P_U64, .def = 0, .min = 0, .max = PCI_STD_NUM_BARS - 1 },
	[IO_P_COUNT] = { .name = "count", .help = "mappings per worker, live at once",
			 .type = AL_P_U64, .def = 16, .min = 1, .max = IO_MAX_COUNT },
	{ }
};

enum { IO_PH_MAP, IO_PH_UNMAP };
static const struct al_phase_desc io_phases[] = {
	[IO_PH_MAP] = { "map", ALLOCLAB_U_OBJECTS },
	[IO_PH_UNMAP] = { "unmap", ALLOCLAB_U_OBJECTS },
	{ }
};

struct io_priv {
	struct pci_dev *pdev;		/* referenced from prepare to finish/release */
	resource_size_t start, len;
	void __iomem *map;		/* worker 0's inspected mapping */
	u32 id;
	const char *how;		/* how the ID was (or was not) read */
	char driver[32];
};

static const char *io_available(struct al_ctx *ctx)
{
	struct pci_dev *pdev = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);

	if (!pdev)
		return "no QEMU edu device (PCI 1234:11e8) on this machine";
	pci_dev_put(pdev);
	return NULL;
}

static u64 io_footprint(struct al_ctx *ctx)
{
	return (al_val(ctx, IO_P_COUNT) + 1) * sizeof(void *) * al_cpus(ctx);
}

static int io_prepare(struct al_ctx *ctx)
{
	struct io_priv *ip = al_priv(ctx);
	unsigned int bar = al_val(ctx, IO_P_BAR);

	ip->pdev = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);
	if (!ip->pdev) {
		al_err(ctx, "the edu device (PCI 1234:11e8) is gone");
		return -ENODEV;
	}
	ip->start = pci_resource_start(ip->pdev, bar);
	ip->len = pci_resource_len(ip->pdev, bar);
	if (!ip->len || !(pci_resource_flags(ip->pdev, bar) & IORESOURCE_MEM)) {
		al_err(ctx, "BAR %u of %s is not an assigned memory BAR", bar,
		       pci_name(ip->pdev));
		pci_dev_put(ip->pdev);
		ip->pdev = NULL;
		return -ENODEV;
	}
	return 0;
}

/* Read the ID register; memory decoding is switched on only for an unbound device. */
static void io_read_id(struct io_priv *ip)
{
	struct pci_dev *pdev = ip->pdev;
	u16 cmd;

	device_lock(&pdev->dev);
	strscpy(ip->driver, pdev->dev.driver ? dev_driver_string(&pdev->dev) : "none",
		sizeof(ip->driver));
	pci_read_config_word(pdev, PCI_COMMAND, &cmd);
	if (cmd & PCI_COMMAND_MEMORY) {
		ip->id = ioread32(ip->map + EDU_REG_ID);
		ip->how = "read (memory decoding was on)";
	} else if (!pdev->dev.driver) {
		pci_write_config_word(pdev, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY);
		ip->id = ioread32(ip->map + EDU_REG_ID);
		pci_write_config_word(pdev, PCI_COMMAND, cmd);
		ip->how = "read (memory decoding switched on for the read, then restored)";
	} else {
		ip->how = "not read (memory decoding is off and a driver owns the device)";
	}
	device_unlock(&pdev->dev);
}

static void io_unmap_all(void __iomem **maps, unsigned int n)
{
	while (n)
		iounmap(maps[--n]);
}

static int io_run(struct al_worker *w)
{
	struct al_ctx *ctx = al_wctx(w);
	struct io_priv *ip = al_priv(ctx);
	unsigned int count = al_val(ctx, IO_P_COUNT), n = 0, i;
	void __iomem **maps, *v;

	maps = kcalloc(count, sizeof(*maps), GFP_KERNEL);
	if (!maps) {
		al_err(ctx, "no memory for an array of %u mappings", count);
		return -ENOMEM;
	}
	al_op_begin(w, IO_PH_MAP);
	for (i = 0; i < count; i++) {
		v = ioremap(ip->start, ip->len);
		if (v)
			maps[n++] = v;
		else
			al_failure(w);
		if (al_op_done(w))
			goto stop;
	}
	al_op_end(w);
	al_op_begin(w, IO_PH_UNMAP);
	while (n) {
		iounmap(maps[--n]);
		if (al_op_done(w))
			goto stop;
	}
	al_op_end(w);
	kfree(maps);
	if (al_wid(w))
		return 0;
	ip->map = ioremap(ip->start, ip->len);
	if (!ip->map) {
		al_err(ctx, "ioremap of %s BAR %llu failed", pci_name(ip->pdev),
		       al_val(ctx, IO_P_BAR));
		return -ENOMEM;
	}
	io_read_id(ip);
	return 0;
stop:
	io_unmap_all(maps, n);
	kfree(maps);
	return -EINTR;
}

static void io_free(struct io_priv *ip)
{
	if (ip->map)
		iounmap(ip->map);
	ip->map = NULL;
	pci_dev_put(ip->pdev);
	ip->pdev = NULL;
	vml_purge();
}

static void io_finish(struct al_ctx *ctx)
{
	struct io_priv *ip = al_priv(ctx);

	al_fact(ctx, "device", "%s", pci_name(ip->pdev));
	al_fact(ctx, "driver", "%s", ip->driver[0] ? ip->driver : "unknown");
	al_fact(ctx, "bar", "%llu", al_val(ctx, IO_P_BAR));
	al_fact_phys(ctx, "bar_start", ip->start);
	al_fact(ctx, "bar_bytes", "%llu", (u64)ip->len);
	if (ip->map) {
		al_fact_ptr(ctx, "virt", (void __force *)ip->map);
		al_fact_ptr(ctx, "virt_end", (void __force *)ip->map + ip->len);
		al_fact(ctx, "in_vmalloc_space", "%s",
			is_vmalloc_addr((void __force *)ip->map) ? "yes" : "no");
		al_fact(ctx, "id_register", "0x%08x", ip->id);
		al_fact(ctx, "id_read", "%s", ip->how);
	}
	al_bytes(ctx, ip->len, PAGE_ALIGN(ip->len));
	if (!al_hold(ctx))
		io_free(ip);
}

static void io_release(struct al_ctx *ctx)
{
	io_free(al_priv(ctx));
}

const struct al_experiment vml_ioremap = {
	.name = "ioremap",
	.summary = "ioremap/iounmap of the edu device's BAR: cost, virtual range, ID register (hold=1: vmallocinfo)",
	.params = io_params,
	.phases = io_phases,
	.flags = AL_EXP_TIMED | AL_EXP_HOLD,
	.available = io_available,
	.footprint = io_footprint,
	.prepare = io_prepare,
	.run = io_run,
	.finish = io_finish,
	.release = io_release,
	.priv_size = sizeof(struct io_priv),
};
