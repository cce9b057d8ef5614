/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * alloclab user ABI, version 2: shared by the kernel modules and the
 * userspace tools.
 *
 * Every structure is fixed-width, names its unit where it has one, carries
 * the ABI version it was built for and keeps reserved bytes for growth
 * (reserved bytes must be 0 on input). The kernel refuses a request whose
 * abi_version is not ALLOCLAB_ABI_VERSION with -EPROTO and a reason.
 *
 * Result text form (debugfs "last" / "report", "alloclab run"): one
 * "key: value" per line, in this order, with a blank line between results:
 *
 *   result: <seq>
 *   experiment: <name>[@<instance>]
 *   command: <command with every parameter resolved>
 *   cpus: <n>
 *   mode: batch|perop
 *   batch: <ops per clock read>
 *   ops: <n>                          ops of phase 0 (0 if none ran)
 *   failures: <n>
 *   elapsed_ns: <n>
 *   -- only if ALLOCLAB_RES_TIMED:
 *   timer_overhead_ns: <x.y>          per clock read, subtracted
 *   timer_overhead_cycles: <n>        (only with ALLOCLAB_RES_CYCLES)
 *   phases: <name> [<name> ...]       the declared phases, in order
 *   -- then for each phase with ops > 0, in declared order; P is "" for
 *   -- phase 0 and "<name>_" for the others:
 *   Pops: <n>                         (not for phase 0: it is "ops" above)
 *   Pns_mean|Pns_min|Pns_p50|Pns_p90|Pns_p99|Pns_max: <x.y>  per op
 *   Pcycles_mean|...|Pcycles_max: <n> (only with ALLOCLAB_PH_CYCLES)
 *   Punit: objects|pages|bytes
 *   Punits_per_op: <x.y>              (only if units != ops)
 *   Pns_per_unit: <x.y>               (only if units != ops)
 *   Pmb_per_s: <x.y>                  (only for unit bytes: units / time)
 *   -- always:
 *   bytes_requested: <n>
 *   bytes_consumed: <n>
 *   held: yes                         (only with ALLOCLAB_RES_HELD)
 *   <fact key>: <fact value>          each fact, in the order reported
 *   <table>[<index>]: k=v k=v ...     each table row, in the order reported
 *   hist[<i>]: phase=<name> lo_ns=<x.yyy> hi_ns=<x.yyy> count=<n>
 *                                     (only with the core parameter hist=1,
 *                                     after the experiment's rows) the
 *                                     latency histogram of each phase with
 *                                     ops: its non-empty buckets [lo, hi) in
 *                                     increasing order, ns per op with the
 *                                     exact picoseconds; count is ops, so a
 *                                     phase's counts sum to its ops (in
 *                                     mode=batch each batch's ops fall in
 *                                     the bucket of the batch's mean).
 *                                     Shares ALLOCLAB_MAX_ROWS with the
 *                                     experiment's rows: adjacent buckets
 *                                     are merged until a phase fits its
 *                                     share; truncated if none is left.
 *   truncated: yes                    (only with ALLOCLAB_RES_TRUNCATED)
 *
 * x.y values have one decimal, rounded half up: ns from picoseconds
 * (ps / 1000), units_per_op = units / ops, ns_per_unit = time_ps / 1000 /
 * units, mb_per_s = units * 10^6 / time_ps (MB = 10^6 bytes). Kernel
 * addresses in facts follow kptr_restrict.
 */
#ifndef _UAPI_ALLOCLAB_H
#define _UAPI_ALLOCLAB_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define ALLOCLAB_ABI_VERSION	2

#define ALLOCLAB_DEV_NAME	"alloclab"	/* /dev/alloclab */
#define ALLOCLAB_DEBUGFS_DIR	"alloclab"	/* /sys/kernel/debug/alloclab */

#define ALLOCLAB_NAME_LEN	64	/* "name@instance" */
#define ALLOCLAB_CMD_MAX	1024	/* longest command accepted (a trailing \n is free) */
#define ALLOCLAB_REASON_LEN	256
#define ALLOCLAB_MAX_PARAMS	24	/* family and core parameters of one experiment */
#define ALLOCLAB_MAX_PHASES	8
#define ALLOCLAB_PHASE_LEN	16
#define ALLOCLAB_FACT_KEY_LEN	32
#define ALLOCLAB_FACT_VAL_LEN	96
#define ALLOCLAB_MAX_FACTS	96
#define ALLOCLAB_TABLE_LEN	24
#define ALLOCLAB_ROW_LEN	200
#define ALLOCLAB_MAX_ROWS	512	/* rows of all tables of one result */

/* ALLOCLAB_IOC_VERSION */
struct alloclab_version {
	__u32 abi_version;		/* out: ALLOCLAB_ABI_VERSION of the module */
	__u32 nr_experiments;		/* out: experiments registered now */
	char module_version[32];	/* out */
	char kernel_release[64];	/* out: utsname()->release */
	__u32 max_held;			/* out: cap on held runs */
	__u32 nr_held;			/* out: held runs now */
	__u64 held_bytes;		/* out: footprint charged for them */
	__u64 budget_bytes;		/* out: the memory budget now */
	__u8 reserved[40];
};

/* Parameter types (alloclab_param.type) */
#define ALLOCLAB_P_U64		0	/* unsigned, k/m/g suffixes (powers of 1024), 0x hex */
#define ALLOCLAB_P_BOOL		1	/* 0 or 1 */
#define ALLOCLAB_P_ENUM		2	/* one of choices ("a|b|c"); def is the index */
#define ALLOCLAB_P_GFP		3	/* symbolic GFP flags joined by '|' */
#define ALLOCLAB_P_STRING	4	/* text without blanks, e.g. dev=, cpu_list= */

/* Parameter flags (alloclab_param.flags) */
#define ALLOCLAB_PF_CORE	(1U << 0)	/* the core's own (cpus=, hold= ...) */

/* One typed parameter record. */
struct alloclab_param {
	char name[24];
	__u32 type;			/* ALLOCLAB_P_* */
	__u32 flags;			/* ALLOCLAB_PF_* */
	__u64 def;			/* U64/BOOL: default; ENUM: index of the default */
	__u64 min;			/* U64: bounds (max may depend on the machine) */
	__u64 max;
	char unit[16];			/* "bytes", "objects", "ms", "" */
	char def_str[64];		/* the default as text (every type) */
	char choices[192];		/* ENUM: "a|b|c"; GFP: the flag names */
	char help[96];
};

/* Experiment flags (alloclab_list.flags) */
#define ALLOCLAB_EXP_UNAVAILABLE (1U << 0)	/* cannot run here; see reason */
#define ALLOCLAB_EXP_HOLD	 (1U << 1)	/* accepts hold=1 */
#define ALLOCLAB_EXP_TIMED	 (1U << 2)	/* accepts cpus=, mode=, batch= ... */
#define ALLOCLAB_EXP_MMAP	 (1U << 3)	/* a held result can be mmap()ed */

/* Units of a phase (alloclab_phase.unit, alloclab_list.phase_units) */
#define ALLOCLAB_U_OBJECTS	0
#define ALLOCLAB_U_PAGES	1
#define ALLOCLAB_U_BYTES	2

/* ALLOCLAB_IOC_LIST: describe experiment number @index (0-based). */
struct alloclab_list {
	__u32 abi_version;		/* in */
	__u32 index;			/* in */
	__u32 count;			/* out: number of experiments */
	__u32 flags;			/* out: ALLOCLAB_EXP_* */
	char name[ALLOCLAB_NAME_LEN];	/* out: "name" or "name@instance" */
	char family[32];		/* out: module that provides it */
	char summary[128];		/* out: one line */
	char reason[128];		/* out: why unavailable, if it is */
	__u32 nr_params;		/* out */
	__u32 nr_phases;		/* out */
	char phases[ALLOCLAB_MAX_PHASES][ALLOCLAB_PHASE_LEN];	/* out: names */
	__u32 phase_units[ALLOCLAB_MAX_PHASES];			/* out: ALLOCLAB_U_* */
	__u8 reserved[64];
	struct alloclab_param params[ALLOCLAB_MAX_PARAMS];	/* out */
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

/* One declared phase of a result. */
struct alloclab_phase {
	char name[ALLOCLAB_PHASE_LEN];
	__u32 unit;			/* ALLOCLAB_U_* */
	__u32 flags;			/* ALLOCLAB_PH_* */
	__u64 ops;
	__u64 units;			/* sum of units over the ops */
	__u64 time_ps;			/* sum of the ops' timed picoseconds */
	struct alloclab_stats ns_ps;	/* picoseconds per op */
	struct alloclab_stats cycles;	/* cycles per op (ALLOCLAB_PH_CYCLES) */
	__u8 reserved[32];
};

#define ALLOCLAB_PH_CYCLES	(1U << 0)	/* cycles are valid */

struct alloclab_fact {
	char key[ALLOCLAB_FACT_KEY_LEN];
	char value[ALLOCLAB_FACT_VAL_LEN];
};

/* One row of a table: "<table>[<index>]: <text>", text is "k=v k=v ...". */
struct alloclab_row {
	char table[ALLOCLAB_TABLE_LEN];
	__u32 index;
	__u32 reserved;
	char text[ALLOCLAB_ROW_LEN];
};

/* Result flags (alloclab_result.flags) */
#define ALLOCLAB_RES_PEROP	 (1U << 0)	/* mode=perop: every op timed */
#define ALLOCLAB_RES_CYCLES	 (1U << 1)	/* cycle counts are valid */
#define ALLOCLAB_RES_HELD	 (1U << 3)	/* objects held until "release" */
#define ALLOCLAB_RES_TIMED	 (1U << 4)	/* timer overhead valid, phases ran */
#define ALLOCLAB_RES_TRUNCATED	 (1U << 5)	/* facts or rows did not fit */
#define ALLOCLAB_RES_BUILTIN	 (1U << 6)	/* a built-in command (release ...) */

/*
 * A result: this header, then nr_phases struct alloclab_phase at phase_off,
 * nr_facts struct alloclab_fact at fact_off, nr_rows struct alloclab_row at
 * row_off (offsets in bytes from the start of the header). size is the
 * whole, header included.
 */
struct alloclab_result {
	__u32 abi_version;
	__u32 size;			/* bytes of the whole result */
	__u32 seq;			/* result number since load (0: built-in) */
	__u32 flags;			/* ALLOCLAB_RES_* */
	char experiment[ALLOCLAB_NAME_LEN];
	char command[ALLOCLAB_CMD_MAX / 2];	/* resolved command */
	__u32 cpus;
	__u32 batch;
	__u64 failures;
	__u64 elapsed_ns;
	__u64 timer_overhead_ps;	/* one clock read, subtracted */
	__u64 timer_overhead_cycles;
	__u64 bytes_requested;
	__u64 bytes_consumed;
	__u32 nr_phases;
	__u32 nr_facts;
	__u32 nr_rows;
	__u32 phase_off;
	__u32 fact_off;
	__u32 row_off;
	__u8 reserved[64];
};

/*
 * ALLOCLAB_IOC_RUN: run one command, get its result. The kernel writes at
 * most result_size bytes at result and sets result_needed to the size of the
 * whole result; if result_size was too small the run still happened (its
 * result is also in debugfs "report") and the ioctl returns -ENOSPC after
 * filling what fits (at least the header if result_size allows it).
 */
struct alloclab_run {
	__u32 abi_version;		/* in */
	__u32 cmd_len;			/* in: bytes at cmd, no NUL needed */
	__u64 cmd;			/* in: user pointer to the command text */
	__u64 result;			/* in: user pointer to the result buffer */
	__u32 result_size;		/* in: bytes at result (>= sizeof header) */
	__u32 result_needed;		/* out: bytes of the whole result */
	char reason[ALLOCLAB_REASON_LEN]; /* out: why it failed, if it did */
	__u8 reserved[64];
};

#define ALLOCLAB_IOC_MAGIC	0xA1
#define ALLOCLAB_IOC_VERSION	_IOR(ALLOCLAB_IOC_MAGIC, 0, struct alloclab_version)
#define ALLOCLAB_IOC_LIST	_IOWR(ALLOCLAB_IOC_MAGIC, 1, struct alloclab_list)
#define ALLOCLAB_IOC_RUN	_IOWR(ALLOCLAB_IOC_MAGIC, 2, struct alloclab_run)

/*
 * mmap(2) of /dev/alloclab: offset = <result number> * page size maps the
 * buffer a held result of an ALLOCLAB_EXP_MMAP experiment keeps. A live
 * mapping keeps the buffer: "release" of that result answers -EBUSY.
 */

#endif /* _UAPI_ALLOCLAB_H */
