/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * alloclab user ABI: shared by the kernel modules and the userspace tools.
 *
 * Every structure is fixed-size, carries the ABI version it was built for and
 * keeps reserved bytes for growth. The kernel refuses (-EPROTO) a request
 * whose abi_version is not ALLOCLAB_ABI_VERSION, and reserved bytes must be 0
 * on input.
 *
 * Result text form (debugfs "last" / "report", "alloclab run"): one
 * "key: value" per line, in this order, with a blank line between results:
 *
 *   result: <seq>
 *   experiment: <name>
 *   command: <command with every parameter resolved>
 *   cpus: <n>
 *   mode: batch|perop
 *   batch: <ops per clock read>
 *   ops: <n>
 *   failures: <n>
 *   elapsed_ns: <n>
 *   timer_overhead_ns: <x.y>          (per clock read, subtracted)
 *   timer_overhead_cycles: <n>        (only with ALLOCLAB_RES_CYCLES)
 *   ns_mean|ns_min|ns_p50|ns_p90|ns_p99|ns_max: <x.y>   per op
 *   cycles_mean|...|cycles_max: <n>   (only with ALLOCLAB_RES_CYCLES)
 *   free_ops, free_ns_*, free_cycles_*   (only with ALLOCLAB_RES_FREE_PHASE)
 *   bytes_requested: <n>
 *   bytes_consumed: <n>
 *   held: yes                         (only with ALLOCLAB_RES_HELD)
 *   <fact key>: <fact value>          (each fact, in the order reported)
 *
 * Times are carried in picoseconds and printed as nanoseconds with one
 * decimal.
 */
#ifndef _UAPI_ALLOCLAB_H
#define _UAPI_ALLOCLAB_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define ALLOCLAB_ABI_VERSION	1

#define ALLOCLAB_DEV_NAME	"alloclab"	/* /dev/alloclab */
#define ALLOCLAB_DEBUGFS_DIR	"alloclab"	/* /sys/kernel/debug/alloclab */

#define ALLOCLAB_NAME_LEN	32
#define ALLOCLAB_CMD_MAX	1024	/* longest command accepted, bytes */
#define ALLOCLAB_REASON_LEN	256
#define ALLOCLAB_FACT_KEY_LEN	32
#define ALLOCLAB_FACT_VAL_LEN	96
#define ALLOCLAB_MAX_FACTS	96

/* ALLOCLAB_IOC_VERSION */
struct alloclab_version {
	__u32 abi_version;		/* out: ALLOCLAB_ABI_VERSION of the module */
	__u32 nr_experiments;		/* out: experiments registered now */
	char module_version[32];	/* out */
	char kernel_release[64];	/* out: utsname()->release */
	__u8 reserved[64];
};

/* Experiment flags (alloclab_list.flags) */
#define ALLOCLAB_EXP_UNAVAILABLE (1U << 0)	/* cannot run here; see reason */
#define ALLOCLAB_EXP_HOLD	 (1U << 1)	/* accepts hold=1 */
#define ALLOCLAB_EXP_TIMED	 (1U << 2)	/* accepts cpus=, mode=, batch= */

/* ALLOCLAB_IOC_LIST: describe experiment number @index (0-based). */
struct alloclab_list {
	__u32 abi_version;		/* in */
	__u32 index;			/* in */
	__u32 count;			/* out: number of experiments */
	__u32 flags;			/* out: ALLOCLAB_EXP_* */
	char name[ALLOCLAB_NAME_LEN];	/* out */
	char family[ALLOCLAB_NAME_LEN];	/* out: module that provides it */
	char summary[128];		/* out: one line */
	char params[768];		/* out: "key=default (min..max|a|b) help;..." */
	char reason[128];		/* out: why unavailable, if it is */
	__u8 reserved[64];
};

/* Distribution of one timed quantity, per operation. */
struct alloclab_stats {
	__u64 mean;
	__u64 min;
	__u64 p50;
	__u64 p90;
	__u64 p99;
	__u64 max;
};

struct alloclab_fact {
	char key[ALLOCLAB_FACT_KEY_LEN];
	char value[ALLOCLAB_FACT_VAL_LEN];
};

/* Result flags (alloclab_result.flags) */
#define ALLOCLAB_RES_PEROP	 (1U << 0)	/* mode=perop: every op timed */
#define ALLOCLAB_RES_CYCLES	 (1U << 1)	/* cycle counts are valid */
#define ALLOCLAB_RES_FREE_PHASE	 (1U << 2)	/* free_* are valid */
#define ALLOCLAB_RES_HELD	 (1U << 3)	/* objects held until "release" */
#define ALLOCLAB_RES_TIMED	 (1U << 4)	/* ns / cycles / overhead valid */

struct alloclab_result {
	__u32 abi_version;
	__u32 seq;			/* result number since load */
	char experiment[ALLOCLAB_NAME_LEN];
	char command[ALLOCLAB_CMD_MAX / 2];	/* resolved command */
	__u32 flags;			/* ALLOCLAB_RES_* */
	__u32 cpus;
	__u32 batch;
	__u32 nr_facts;
	__u64 ops;
	__u64 failures;
	__u64 elapsed_ns;
	__u64 timer_overhead_ps;	/* one clock read, subtracted */
	__u64 timer_overhead_cycles;
	struct alloclab_stats ns_ps;	/* picoseconds per op */
	struct alloclab_stats cycles;	/* cycles per op */
	__u64 free_ops;
	struct alloclab_stats free_ns_ps;
	struct alloclab_stats free_cycles;
	__u64 bytes_requested;
	__u64 bytes_consumed;
	__u8 reserved[128];
	struct alloclab_fact facts[ALLOCLAB_MAX_FACTS];
};

/* ALLOCLAB_IOC_RUN: run one command, get its result. */
struct alloclab_run {
	__u32 abi_version;		/* in */
	__u32 cmd_len;			/* in: bytes at cmd, no NUL needed */
	__u64 cmd;			/* in: user pointer to the command text */
	__u64 result;			/* in: user pointer to struct alloclab_result */
	__u32 result_size;		/* in: sizeof(struct alloclab_result) */
	__u32 reserved0;
	char reason[ALLOCLAB_REASON_LEN]; /* out: why it failed, if it did */
	__u8 reserved[64];
};

#define ALLOCLAB_IOC_MAGIC	0xA1
#define ALLOCLAB_IOC_VERSION	_IOR(ALLOCLAB_IOC_MAGIC, 0, struct alloclab_version)
#define ALLOCLAB_IOC_LIST	_IOWR(ALLOCLAB_IOC_MAGIC, 1, struct alloclab_list)
#define ALLOCLAB_IOC_RUN	_IOWR(ALLOCLAB_IOC_MAGIC, 2, struct alloclab_run)

#endif /* _UAPI_ALLOCLAB_H */
