#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fault injection on alloclab's own allocations (debug kernel only: failslab and
# fail_page_alloc). For each experiment, the N-th kernel allocation of the
# writing thread is made to fail (it arms
# /proc/thread-self/fail-nth with the run file already open, so only the
# allocations the write makes in the kernel count), for N = 1, 2, ... until a
# run needs fewer allocations than N (`alloclab ioctl-test failsweep`: the loop
# runs in one process; a shell loop took ten minutes on the KASAN kernel). The writing thread parses, prepares,
# finishes and stores the run (the core's bookkeeping, kmem_cache creation,
# result packing), so every error path of those is taken once. Each injected
# failure must end as a success or an errno with its reason in last_error,
# never a crash, WARN or hang (panic_on_warn=1); the next run without injection
# must work; what it left allocated is judged by kmemleak in judge.sh.
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
MAXN=400

# every GFP_KERNEL allocation may fail, order 0 too, quietly
for f in failslab fail_page_alloc; do
	echo N > /sys/kernel/debug/$f/ignore-gfp-wait
	echo 0 > /sys/kernel/debug/$f/verbose
done
echo N > /sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem
echo 0 > /sys/kernel/debug/fail_page_alloc/min-order
t_ok "fail-nth exists (CONFIG_FAULT_INJECTION)" test -w /proc/self/task/$$/fail-nth

al_load
total=0

# sweep NAME "command" [keep]: inject the N-th allocation for N = 1.. until none
# is hit; what a run holds is released after it, unless "keep" (buffer_check
# needs the held buffer it reads)
sweep() {
	name=$1 cmd=$2 keep=${3-}
	alloclab ioctl-test failsweep $MAXN "$cmd" $keep > /tmp/fi.out 2>&1
	rc=$?
	injected=$(al_key /tmp/fi.out injected)
	grep '^other:' /tmp/fi.out | head -5 | while IFS= read -r l; do t_diag "$name $l"; done
	t_diag "$name: $injected injected failures: $(al_key /tmp/fi.out absorbed) absorbed, $(al_key /tmp/fi.out refused) refused with errno and reason, $(al_key /tmp/fi.out other) other"
	t_is "$rc" 0 "$name: the sweep ran (alloclab ioctl-test failsweep exit $rc)"
	t_cmp "${injected:-0}" -ge 1 "$name: at least one allocation of the writing thread was failed"
	t_is "$(al_key /tmp/fi.out other)" 0 "$name: every injected failure ended in a success or an errno with its reason in last_error"
	t_cmp "$(al_key /tmp/fi.out clean_at)" -gt 0 "$name: the sweep reached a run with no injection (n=$(al_key /tmp/fi.out clean_at))"
	t_ok "$name: runs normally after the sweep" al_run "$cmd"
	[ -n "$keep" ] || al_run release >/dev/null 2>&1
	total=$((total + ${injected:-0}))
}

sweep null "null count=1000"
sweep sleep "sleep ms=1"
sweep fail "fail at=finish"
sweep buffer "buffer size=8192 hold=1"
al_run "buffer size=8192 hold=1"; held=$(al_last result)
sweep buffer_check "buffer_check result=$held seed=0" keep
al_run release
sweep kmalloc "kmalloc size=100 count=1000 pattern=random"
sweep kmem_cache "kmem_cache size=64 count=500"
sweep kmem_cache_ctor_hold "kmem_cache size=200 ctor=1 count=500 hold=1"
sweep null@selftest0 "null@selftest0 count=100"
# the DMA and CMA families (their own devices; no edu: its commands wait on QEMU's timer)
sweep coherent "coherent size=4096 count=4"
sweep pool "pool size=64 count=16"
sweep streaming "streaming size=4096 count=8"
sweep cma "cma size=1M count=1"
sweep release "release"
t_diag "fault injection: $total injected failures in all"
t_cmp "$total" -ge 50 "at least 50 injected failures in all ($total)"
t_is "$(wc -l < $D/held)" 0 "nothing held after the sweeps"
t_is "$(grep -c '^alloclab_' /proc/slabinfo)" 0 "no alloclab cache left after the sweeps"
t_ok "unload after the sweeps" al_unload
t_done
