/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The edu driver's internals (QEMU's edu device, PCI 1234:11e8): what the
 * driver (edu.c), its buffers (edu_buf.c) and its experiments (edu_copy.c)
 * share. Only these files include it.
 *
 * The device (QEMU docs/specs/edu.rst): BAR0 registers, a DMA engine that
 * moves up to 4 KiB between RAM and a buffer inside the device at device
 * address 0x40000, one command at a time, each completing on a 100 ms timer
 * of QEMU's virtual clock. RAM addresses are cut to the device's dma_mask
 * property (28 bits unless QEMU is told otherwise) without any error.
 */
#ifndef _ALLOCLAB_EDU_H
#define _ALLOCLAB_EDU_H

#include <linux/types.h>
#include <linux/pci.h>
#include <linux/mutex.h>
#include <linux/completion.h>
#include <linux/list.h>
#include <linux/dma-direction.h>
#include "dma.h"

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8

#define EDU_REG_ID		0x00	/* 0xRRrr00ed */
#define EDU_REG_LIVE		0x04	/* reads back ~value */
#define EDU_REG_IRQ_STATUS	0x24
#define EDU_REG_IRQ_ACK		0x64
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_CNT		0x90
#define EDU_REG_DMA_CMD		0x98

#define EDU_CMD_START		BIT(0)
#define EDU_CMD_TO_RAM		BIT(1)	/* 0: RAM -> device, 1: device -> RAM */
#define EDU_CMD_IRQ		BIT(2)	/* raise EDU_IRQ_DMA when done */
#define EDU_IRQ_DMA		0x100

#define EDU_BUF_ADDR		0x40000	/* the device's buffer, device address */
#define EDU_BUF_SIZE		4096	/* the device's buffer */
/*
 * Bytes one command moves: QEMU's range check (edu_check_range(), QEMU 7.2)
 * wants the end of the range strictly inside the buffer, and a command that
 * fails it stops the whole machine ("hardware error"); 4096 - 64 keeps every
 * chunk a whole number of cache lines.
 */
#define EDU_XFER_MAX		(EDU_BUF_SIZE - 64)

/**
 * struct edu_dev - one bound edu device
 * @pdev:	the PCI device
 * @mmio:	BAR0
 * @irq:	the completion interrupt (MSI or INTx), or -1: status polling only
 * @done:	completed by the interrupt handler on EDU_IRQ_DMA
 * @irqs:	DMA completion interrupts seen since probe
 * @lock:	the DMA engine: held for a whole round trip (in, then out)
 * @bits:	the DMA mask asked for (edu_dma_bits)
 * @mask_err:	0, or why the kernel refused that mask (-errno)
 * @hung:	a command did not complete: the engine is not used again
 * @orphans:	&struct edu_buf a hung command may still write; freed in remove
 *		once bus mastering is off
 * @target:	the generic DMA experiments' target (dmat_add()), or an ERR_PTR
 * @inst:	the registration of the edu experiments, or NULL
 */
struct edu_dev {
	struct pci_dev *pdev;
	void __iomem *mmio;
	int irq;
	struct completion done;
	atomic_t irqs;
	struct mutex lock;
	unsigned int bits;
	int mask_err;
	bool hung;
	struct list_head orphans;
	struct dmat *target;
	struct al_instance *inst;
};

static inline struct device *edu_to_dev(struct edu_dev *ed)
{
	return &ed->pdev->dev;
}

/* ---- the DMA engine (edu.c) ---- */

/**
 * struct edu_xfer - how the commands of a run are issued
 * @use_irq:	wait for the completion interrupt (else poll the command register)
 * @no_start:	fault injection: program the command without its start bit
 * @timeout_ms:	how long one command may take
 * @w:		the run's worker: a wait for a command that was never started
 *		ends when the run is stopped (one that runs is always waited for)
 */
struct edu_xfer {
	bool use_irq;
	bool no_start;
	unsigned int timeout_ms;
	struct al_worker *w;
};

int edu_roundtrip(struct edu_dev *ed, const struct edu_xfer *x, dma_addr_t src,
		  dma_addr_t dst, u32 len, char *why, size_t whylen);
const char *edu_unusable(struct edu_dev *ed);

/* ---- buffers (edu_buf.c) ---- */

enum edu_buf_kind { EDU_BUF_COHERENT, EDU_BUF_STREAMING };
enum edu_place { EDU_PLACE_REACH, EDU_PLACE_HIGH };

/**
 * struct edu_buf - a buffer the device reads or writes
 * @node:	on &edu_dev.orphans after a hung command
 * @kind:	coherent (dma_alloc_coherent) or streaming (pages + dma_map_single)
 * @dir:	streaming: the mapping's direction
 * @cpu:	kernel address
 * @dma:	bus address the device is given (streaming: valid while mapped)
 * @phys:	physical address of the first byte
 * @size:	bytes
 * @order:	streaming: page order of the block
 * @mapped:	streaming: @dma is a live mapping
 */
struct edu_buf {
	struct list_head node;
	enum edu_buf_kind kind;
	enum dma_data_direction dir;
	void *cpu;
	dma_addr_t dma;
	phys_addr_t phys;
	size_t size;
	unsigned int order;
	bool mapped;
};

struct edu_buf *edu_buf_alloc(struct edu_dev *ed, enum edu_buf_kind kind, size_t size,
			      enum edu_place place, enum dma_data_direction dir,
			      char *why, size_t whylen);
int edu_buf_map(struct edu_dev *ed, struct edu_buf *b, char *why, size_t whylen);
void edu_buf_unmap(struct edu_dev *ed, struct edu_buf *b, bool sync);
void edu_buf_sync_for_cpu(struct edu_dev *ed, struct edu_buf *b);
void edu_buf_free(struct edu_dev *ed, struct edu_buf *b);
void edu_buf_put(struct edu_dev *ed, struct edu_buf *b);
bool edu_translated(struct edu_dev *ed);
u64 edu_reach(struct edu_dev *ed);
int edu_buf_mmap(struct edu_dev *ed, struct edu_buf *b, struct vm_area_struct *vma);

/* ---- experiments (edu_copy.c) ---- */

extern const struct al_experiment edu_exps[];
extern const unsigned int edu_nr_exps;

#endif /* _ALLOCLAB_EDU_H */
