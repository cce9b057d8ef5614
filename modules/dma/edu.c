// SPDX-License-Identifier: GPL-2.0
/*
 * The driver for QEMU's edu device (PCI 1234:11e8, QEMU docs/specs/edu.rst).
 *
 * It binds only that device. Probe enables it, sets the DMA mask of
 * edu_dma_bits (QEMU's default reach is 28 bits), maps BAR0, takes the
 * completion interrupt (MSI if the machine has it, else INTx; without one
 * the runs poll), adds the device as a target of the generic DMA experiments
 * (target.c) and registers the edu experiments as "name@<pci name>". Remove
 * undoes it in the reverse order, the target first: unregistering drains the
 * runs in flight, and a run waits for its command before it frees anything.
 *
 * The DMA engine moves up to 4 KiB per command (4032 bytes here, see
 * EDU_XFER_MAX) between RAM and the device's buffer; edu_roundtrip() moves
 * one chunk in and back out while holding the engine. A command that never completes marks the device hung:
 * its buffers are kept (they may still be written) until remove has turned
 * bus mastering off.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <linux/dma-mapping.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include "edu.h"

#define EDU_MIN_BITS	24
#define EDU_MAX_BITS	64

static unsigned int edu_dma_bits = 28;
module_param(edu_dma_bits, uint, 0444);
MODULE_PARM_DESC(edu_dma_bits,
		 "DMA reach of the edu device in bits (24..64; QEMU's default dma_mask is 28 bits)");

/* Why a device's experiments cannot run (->available), per probe. */
struct edu_priv {
	struct edu_dev ed;
	char why[160];
};

static irqreturn_t edu_irq(int irq, void *data)
{
	struct edu_dev *ed = data;
	u32 st = readl(ed->mmio + EDU_REG_IRQ_STATUS);

	if (!st)
		return IRQ_NONE;	/* INTx may be shared */
	writel(st, ed->mmio + EDU_REG_IRQ_ACK);
	if (st & EDU_IRQ_DMA) {
		atomic_inc(&ed->irqs);
		complete(&ed->done);
	}
	return IRQ_HANDLED;
}

/*
 * A command still running after cmd_timeout_ms may just be slow (QEMU's edu
 * takes 100 ms of virtual time per command): before the device is declared
 * hung and its buffers kept, give it EDU_GRACE_MS to finish. Sleeping, so the
 * virtual clock of `vm.sh --icount` skips ahead. Once it finished, wait a
 * little more so the interrupt it raises is taken before the next command
 * reinitialises the completion.
 */
#define EDU_GRACE_MS	2000

static bool edu_grace(struct edu_dev *ed)
{
	unsigned int ms;

	for (ms = 0; ms < EDU_GRACE_MS; ms += 10) {
		if (!(readl(ed->mmio + EDU_REG_DMA_CMD) & EDU_CMD_START)) {
			msleep(20);
			return true;
		}
		msleep(10);
	}
	return false;
}

/* After the wait: did the command end, and if not, may it still run? */
static int edu_wait_verdict(struct edu_dev *ed, const struct edu_xfer *x, char *why,
			    size_t whylen)
{
	if (!(readl(ed->mmio + EDU_REG_DMA_CMD) & EDU_CMD_START)) {
		if (!x->use_irq)
			return 0;
		if (x->no_start)
			snprintf(why, whylen,
				 "no completion within %u ms: the command was written without its start bit (fault=nostart), the device never ran it",
				 x->timeout_ms);
		else
			snprintf(why, whylen,
				 "no completion interrupt within %u ms, though the device shows the command finished (interrupt lost?)",
				 x->timeout_ms);
		return -ETIMEDOUT;
	}
	if (edu_grace(ed)) {
		snprintf(why, whylen,
			 "a DMA command took longer than cmd_timeout_ms=%u (it finished within the %u ms grace after it: nothing is left in flight)",
			 x->timeout_ms, EDU_GRACE_MS);
		return -ETIMEDOUT;
	}
	WRITE_ONCE(ed->hung, true);
	snprintf(why, whylen,
		 "the device did not finish a DMA command within %u ms + %u ms of grace: it is not used again, and the buffers it may still write are kept until it is unbound",
		 x->timeout_ms, EDU_GRACE_MS);
	return -ETIMEDOUT;
}

/* Nothing in flight (fault=nostart) and the run was stopped: the wait may end. */
static bool edu_abandon(const struct edu_xfer *x)
{
	return x->no_start && x->w && al_should_stop(x->w);
}

/*
 * Sleep until the command completes (interrupt or status poll) or times out,
 * in slices of at most 100 ms so a stopped run need not wait out a timeout.
 */
static int edu_wait(struct edu_dev *ed, const struct edu_xfer *x, char *why, size_t whylen)
{
	unsigned long end = jiffies + msecs_to_jiffies(x->timeout_ms), slice = HZ / 10 ?: 1;

	while (time_before(jiffies, end)) {
		if (x->use_irq) {
			if (wait_for_completion_timeout(&ed->done, slice))
				return 0;
		} else if (!(readl(ed->mmio + EDU_REG_DMA_CMD) & EDU_CMD_START)) {
			return 0;
		} else {
			/* sleeping, not spinning: under -icount the virtual clock skips ahead */
			usleep_range(1000, 2000);
		}
		if (edu_abandon(x)) {
			snprintf(why, whylen, "stopped while waiting");
			return -EINTR;
		}
	}
	return edu_wait_verdict(ed, x, why, whylen);
}

static int edu_cmd(struct edu_dev *ed, const struct edu_xfer *x, u64 src, u64 dst, u32 len,
		   u32 cmd, char *why, size_t whylen)
{
	if (readl(ed->mmio + EDU_REG_DMA_CMD) & EDU_CMD_START) {
		snprintf(why, whylen, "the DMA engine is still busy with an earlier command");
		return -EBUSY;
	}
	reinit_completion(&ed->done);
	writeq(src, ed->mmio + EDU_REG_DMA_SRC);
	writeq(dst, ed->mmio + EDU_REG_DMA_DST);
	writeq(len, ed->mmio + EDU_REG_DMA_CNT);
	if (x->use_irq && ed->irq >= 0)
		cmd |= EDU_CMD_IRQ;
	if (!x->no_start)
		cmd |= EDU_CMD_START;
	writel(cmd, ed->mmio + EDU_REG_DMA_CMD);
	return edu_wait(ed, x, why, whylen);
}

/**
 * edu_roundtrip() - move @len bytes from RAM at @src into the device, then
 * out to RAM at @dst, holding the DMA engine for both commands
 * @ed: the device
 * @x: how to issue and wait (interrupt or poll, timeout, fault injection)
 * @src: bus address the device reads
 * @dst: bus address the device writes
 * @len: 1..EDU_XFER_MAX bytes
 * @why: the reason on failure
 * @whylen: its size
 *
 * Sleeps until each command completes.
 *
 * Return: 0, -EBUSY, -ETIMEDOUT, or -ENODEV if the device hung in an earlier
 * run.
 */
int edu_roundtrip(struct edu_dev *ed, const struct edu_xfer *x, dma_addr_t src,
		  dma_addr_t dst, u32 len, char *why, size_t whylen)
{
	struct edu_xfer eff = *x;
	int ret;

	if (!len || len > EDU_XFER_MAX) {
		snprintf(why, whylen, "a transfer of %u bytes (1..%d)", len, EDU_XFER_MAX);
		return -EINVAL;
	}
	eff.use_irq = x->use_irq && ed->irq >= 0;
	mutex_lock(&ed->lock);
	if (READ_ONCE(ed->hung)) {
		snprintf(why, whylen, "an earlier DMA command of this device never completed");
		ret = -ENODEV;
	} else {
		ret = edu_cmd(ed, &eff, src, EDU_BUF_ADDR, len, 0, why, whylen);
		if (!ret)
			ret = edu_cmd(ed, &eff, EDU_BUF_ADDR, dst, len, EDU_CMD_TO_RAM, why, whylen);
	}
	mutex_unlock(&ed->lock);
	return ret;
}

/**
 * edu_unusable() - why the device cannot run the edu experiments
 * @ed: the device
 *
 * Return: NULL if it can, else the reason (valid while the device is bound).
 */
const char *edu_unusable(struct edu_dev *ed)
{
	struct edu_priv *p = container_of(ed, struct edu_priv, ed);

	if (READ_ONCE(ed->hung))
		return "a DMA command of an earlier run never completed: unbind and bind the device";
	return ed->mask_err ? p->why : NULL;
}

static void edu_set_mask(struct edu_priv *p)
{
	struct edu_dev *ed = &p->ed;

	ed->bits = edu_dma_bits;
	if (ed->bits < EDU_MIN_BITS || ed->bits > EDU_MAX_BITS) {
		ed->mask_err = -EINVAL;
		snprintf(p->why, sizeof(p->why), "edu_dma_bits=%u is outside %d..%d",
			 ed->bits, EDU_MIN_BITS, EDU_MAX_BITS);
		return;
	}
	ed->mask_err = dma_set_mask_and_coherent(edu_to_dev(ed), DMA_BIT_MASK(ed->bits));
	if (ed->mask_err)
		snprintf(p->why, sizeof(p->why),
			 "the kernel refused a %u-bit DMA mask for %s (%d): no memory it could give this device lies that low (edu_dma_bits=, or an IOMMU)",
			 ed->bits, pci_name(ed->pdev), ed->mask_err);
}

static void edu_irq_setup(struct edu_dev *ed)
{
	struct pci_dev *pdev = ed->pdev;
	int n, irq;

	ed->irq = -1;
	writel(readl(ed->mmio + EDU_REG_IRQ_STATUS), ed->mmio + EDU_REG_IRQ_ACK);
	n = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (n < 0) {
		dev_info(&pdev->dev, "no interrupt (%d): DMA completion by polling\n", n);
		return;
	}
	irq = pci_irq_vector(pdev, 0);
	if (irq < 0 || request_irq(irq, edu_irq, IRQF_SHARED, "alloclab_edu", ed)) {
		dev_info(&pdev->dev, "interrupt %d not available: DMA completion by polling\n", irq);
		pci_free_irq_vectors(pdev);
		return;
	}
	ed->irq = irq;
}

static void edu_irq_teardown(struct edu_dev *ed)
{
	if (ed->irq < 0)
		return;
	free_irq(ed->irq, ed);
	pci_free_irq_vectors(ed->pdev);
	ed->irq = -1;
}

/* Free what a hung command may have written: only once bus mastering is off. */
static void edu_free_orphans(struct edu_dev *ed)
{
	struct edu_buf *b, *tmp;

	list_for_each_entry_safe(b, tmp, &ed->orphans, node) {
		list_del(&b->node);
		edu_buf_free(ed, b);
	}
}

static int edu_hw_init(struct edu_priv *p)
{
	struct edu_dev *ed = &p->ed;
	struct pci_dev *pdev = ed->pdev;
	u32 id;
	int ret;

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	edu_set_mask(p);
	ret = pci_request_region(pdev, 0, "alloclab_edu");
	if (ret)
		goto err_disable;
	ed->mmio = pci_ioremap_bar(pdev, 0);
	if (!ed->mmio) {
		ret = -ENOMEM;
		goto err_region;
	}
	id = readl(ed->mmio + EDU_REG_ID);
	if ((id & 0xffff) != 0x00ed) {
		dev_err(&pdev->dev, "ID register reads %#x, not an edu device\n", id);
		ret = -ENODEV;
		goto err_unmap;
	}
	edu_irq_setup(ed);
	return 0;

err_unmap:
	iounmap(ed->mmio);
err_region:
	pci_release_region(pdev, 0);
err_disable:
	pci_clear_master(pdev);
	pci_disable_device(pdev);
	return ret;
}

static void edu_hw_exit(struct edu_dev *ed)
{
	struct pci_dev *pdev = ed->pdev;

	pci_clear_master(pdev);	/* a hung command can no longer reach memory */
	edu_free_orphans(ed);
	edu_irq_teardown(ed);
	iounmap(ed->mmio);
	pci_release_region(pdev, 0);
	pci_disable_device(pdev);
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct edu_priv *p;
	struct edu_dev *ed;
	int ret;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	ed = &p->ed;
	ed->pdev = pdev;
	init_completion(&ed->done);
	mutex_init(&ed->lock);
	INIT_LIST_HEAD(&ed->orphans);
	ret = edu_hw_init(p);
	if (ret)
		goto err_free;
	pci_set_drvdata(pdev, ed);
	ed->target = dmat_add(&pdev->dev, pci_name(pdev), false);
	if (IS_ERR(ed->target))
		dev_info(&pdev->dev, "not a target of the generic DMA experiments (%ld)\n",
			 PTR_ERR(ed->target));
	ed->inst = alloclab_register_instance(edu_exps, edu_nr_exps, pci_name(pdev), ed);
	if (IS_ERR(ed->inst)) {
		ret = PTR_ERR(ed->inst);
		goto err_target;
	}
	dev_info(&pdev->dev, "edu device: %u-bit DMA mask%s, completion by %s\n", ed->bits,
		 ed->mask_err ? " refused" : "", ed->irq >= 0 ? "interrupt" : "polling");
	return 0;

err_target:
	dmat_remove(ed->target);
	edu_hw_exit(ed);
err_free:
	kfree(p);
	return ret;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_dev *ed = pci_get_drvdata(pdev);

	dmat_remove(ed->target);
	/* stops and drains the runs, frees the held buffers (waits for unmap) */
	alloclab_unregister(ed->inst);
	edu_hw_exit(ed);
	kfree(container_of(ed, struct edu_priv, ed));
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_driver = {
	.name = "alloclab_edu",
	.id_table = edu_ids,
	.probe = edu_probe,
	.remove = edu_remove,
};

/**
 * edu_init() - register the edu PCI driver
 *
 * Return: 0 or -errno.
 */
int edu_init(void)
{
	return pci_register_driver(&edu_driver);
}

/**
 * edu_exit() - unregister the edu PCI driver (removes every bound device)
 */
void edu_exit(void)
{
	pci_unregister_driver(&edu_driver);
}
