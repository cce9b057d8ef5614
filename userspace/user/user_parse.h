/* SPDX-License-Identifier: GPL-2.0 */
/*
 * user_parse.h - pure parsers for the files the `alloclab user` experiments
 * read: /proc/PID/smaps (and smaps_rollup), /proc/PID/status, /proc/meminfo,
 * /proc/PID/maps, /proc/PID/stat, /proc/cpuinfo, /proc/sys/fs/dentry-state,
 * /proc/mounts and the cgroup v2 files, plus the option value parsers.
 *
 * Every function works on text already read into memory (NUL-terminated),
 * allocates nothing and touches no global state, so each is unit-tested on
 * captured text (tests/unit/test_user_parse.c). Values shown by the kernel in
 * kB stay in kB.
 */
#ifndef ALLOCLAB_USER_PARSE_H
#define ALLOCLAB_USER_PARSE_H

#include <stddef.h>

/*
 * "Key:   value [kB]" lines (/proc/meminfo, /proc/PID/status, one smaps
 * entry): the number after "@key:" on the first line that starts with it.
 * Returns 0, or -1 if the key is missing or its value is not a number.
 */
int up_kv_ull(const char *text, const char *key, unsigned long long *val);

/* Sum of the fields of one or more smaps entries, all in kB. */
struct up_smaps {
	unsigned long long size;		/* VSS */
	unsigned long long rss;
	unsigned long long pss;
	unsigned long long shared_clean;
	unsigned long long shared_dirty;
	unsigned long long private_clean;
	unsigned long long private_dirty;
	unsigned long long anonymous;
	unsigned long long swap;
	unsigned long long swap_pss;
	unsigned long long locked;
	int nvma;				/* entries summed */
};

/* USS (smem): the pages only this process maps. */
#define UP_USS(s)	((s)->private_clean + (s)->private_dirty)

/*
 * Sum every entry of /proc/PID/smaps, or the single entry of smaps_rollup
 * (which has no "Size:" line: size stays 0). Returns 0, or -1 if the text
 * has no smaps field at all. Empty text (a kernel thread) gives 0 with
 * nvma == 0.
 */
int up_smaps_sum(const char *text, struct up_smaps *tot);

/*
 * The smaps entry of the VMA that contains @addr: its fields in @vma and its
 * range in *@start / *@end (may be NULL). Returns 0, or -1 if no VMA holds
 * @addr.
 */
int up_smaps_vma(const char *text, unsigned long addr, struct up_smaps *vma,
		 unsigned long *start, unsigned long *end);

/* /proc/PID/status, the fields the experiments use (memory in kB). */
struct up_status {
	char name[64];
	int pid, ppid, threads;
	unsigned long long vm_peak, vm_size, vm_lck, vm_hwm, vm_rss;
	unsigned long long rss_anon, rss_file, rss_shmem, vm_swap;
};

/* Returns 0, or -1 unless at least Name, Pid and VmSize... lines parsed
 * (a kernel thread has no Vm* lines: 0 with those fields 0 is returned
 * as long as Name and Pid are there). */
int up_status_parse(const char *text, struct up_status *st);

/* One line of /proc/PID/maps. */
struct up_map {
	unsigned long start, end, offset, inode;
	char perms[5];				/* "r-xp" */
	char path[256];				/* "" for anonymous, "[heap]", ... */
};

/* Parse one maps line (up to its newline or NUL). Returns 0 or -1. */
int up_maps_line(const char *line, struct up_map *m);
/* The maps entry holding @addr. Returns 0 or -1. */
int up_maps_find(const char *text, unsigned long addr, struct up_map *m);
/* The first maps entry whose path is exactly @path ("[stack]"). 0 or -1. */
int up_maps_named(const char *text, const char *path, struct up_map *m);

/*
 * /proc/PID/stat: minor and major fault counts (fields 10 and 12), parsed
 * after the last ')' so a comm with blanks or parentheses is harmless.
 * Returns 0 or -1.
 */
int up_stat_faults(const char *text, unsigned long long *minflt,
		   unsigned long long *majflt);

/*
 * /proc/cpuinfo "address sizes : 39 bits physical, 48 bits virtual" (x86;
 * arm64 has no such line). Returns 0 with both set, or -1.
 */
int up_cpuinfo_addr_sizes(const char *text, int *phys, int *virt);

/*
 * /proc/sys/fs/dentry-state: "nr_dentry nr_unused age_limit want_pages
 * nr_negative dummy" (nr_negative since 5.0: older kernels print 0 there).
 * Returns the number of fields read (>= 2), or -1.
 */
int up_dentry_state(const char *text, long long v[6]);

/*
 * /proc/mounts (or /proc/self/mounts): the mount point of the first cgroup2
 * filesystem, octal escapes (\040) decoded. Returns 0 or -1.
 */
int up_cgroup2_mount(const char *mounts, char *path, size_t len);

/*
 * /proc/PID/cgroup: the cgroup v2 path (the "0::" line), e.g. "/" or
 * "/user.slice/x.scope". Returns 0 or -1.
 */
int up_proc_cgroup2(const char *text, char *path, size_t len);

/*
 * memory.max, memory.current, memory.swap.max, ...: a single number, or
 * "max" (*is_max = 1, *v = ~0ULL). Returns 0 or -1.
 */
int up_cg_value(const char *text, unsigned long long *v, int *is_max);

/* Flat-keyed cgroup files (memory.events, memory.stat): "key value" lines.
 * Returns 0 with the value of @key, or -1. */
int up_cg_keyed(const char *text, const char *key, unsigned long long *v);

/* cgroup.controllers / cgroup.subtree_control: is @word in the list? 1/0. */
int up_cg_has_word(const char *text, const char *word);

/*
 * Option values. A size is a decimal number with an optional unit K, M, G
 * (or KiB, MiB, GiB, KB, MB, GB: all powers of 1024; case-insensitive) or B
 * for bytes; a bare number is in @unit bytes. Negative, zero, fractional,
 * overflowing or trailing garbage: -1 with a message in @err.
 */
int up_parse_size(const char *s, unsigned long long unit,
		  unsigned long long *bytes, char *err, size_t errlen);

/* A non-negative decimal integer <= @max. 0, or -1 with a message. */
int up_parse_uint(const char *s, unsigned long long max,
		  unsigned long long *v, char *err, size_t errlen);

/*
 * The leak rule of the seed (sample USS, flag what keeps growing): USS
 * samples @uss[0..n-1] (kB) "keep growing" if there are at least 3, the USS
 * never drops, it grows in at least two thirds of the intervals and by at
 * least @min_kb overall. Returns 1 (flag) or 0.
 */
int up_uss_growing(const unsigned long long *uss, int n, unsigned long long min_kb);

/*
 * Which of two processes the OOM killer took first, from kernel log text
 * (/dev/kmsg records "6,123,456,-;Memory cgroup out of memory: Killed process
 * 42 (alloclab) ..." or dmesg lines): 1 if @a's "Killed process <a> " comes
 * first, 2 if @b's, 0 if neither is there.
 */
int up_kill_order(const char *log, long a, long b);

#endif /* ALLOCLAB_USER_PARSE_H */
