#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mempool family (modules/mempool): a mempool whose backing allocator fails on
# demand. Runs in the guest (busybox sh). Checked: exactly min_nr elements come
# from the reserve once the allocator fails, GFP_NOWAIT then gets NULL, a
# GFP_KERNEL allocation waits for worker 1's free (free_after_ms=) and no
# longer than timeout_ms=, every element goes back, mempool_resize() both ways.
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
L=$D/last
reason() { al_key $D/last_error reason; }
ncpu=$(grep -c ^processor /proc/cpuinfo)
uptime_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }

MEM_BASE=
mem_base() { al_settle; MEM_BASE=$(al_mem_free_kb); }
mem_back() {
	al_settle
	m=$(al_mem_free_kb)
	t_cmp "$m" -ge $((MEM_BASE - MEM_BASE / 100)) \
		"$1: free memory back within 1% ($MEM_BASE -> $m kB)"
}

# drain_checks DESC MIN_NR FAIL_AFTER
drain_checks() {
	t_is "$(al_last created_with_calls)" "$2" "$1: mempool_create filled the reserve with $2 allocator calls"
	t_is "$(al_last drain_from_allocator)" "$3" "$1: the allocator served fail_after=$3 elements, then failed"
	t_is "$(al_last drain_from_reserve)" "$2" "$1: exactly min_nr=$2 elements came from the reserve"
	t_is "$(al_last nowait_after_reserve)" NULL "$1: GFP_NOWAIT returns NULL once the reserve is empty"
	t_is "$(al_last curr_nr_after_drain)" 0 "$1: the reserve is empty after the drain (curr_nr 0)"
	t_is "$(al_last returned_to_reserve)" "$2" "$1: the frees refill the reserve first ($2)"
	t_is "$(al_last hit_not_from_allocator)" 0 "$1: every hit-phase element came from the allocator"
	t_is "$(al_last fallback_from_allocator)" 0 "$1: every fallback-phase element came from the reserve"
	t_is "$(al_last failures)" 0 "$1: no hit-phase allocation failed"
}

dmesg0=$(dmesg | wc -l)
al_load
t_ok "alloclab_mempool is loaded" grep -q '^alloclab_mempool ' /proc/modules
t_match "$(cat $D/experiments)" '^mempool \[alloclab_mempool\]' "experiments lists mempool"
mem_base

# ---- each backing allocator, one worker ----
t_ok "mempool kind=slab min_nr=16 fail_after=8 runs" al_run "mempool kind=slab min_nr=16 fail_after=8 count=300"
drain_checks "kind=slab" 16 8
t_is "$(al_last ops)" 300 "kind=slab: 300 timed hit pairs"
t_is "$(al_last fallback_ops)" 300 "kind=slab: 300 timed fallback pairs"
t_is "$(al_last element_bytes)" 256 "kind=slab: 256-byte elements"
t_match "$(al_last wait)" '^not measured' "cpus=1: the GFP_KERNEL wait is not measured, and the result says so"
t_is "$(al_last allocator_refused)" "$(( $(al_last allocator_calls) - 16 - 8 - 300 ))" \
	"every allocator call past creation, the drain's successes and the hits was refused"
t_ok "mempool kind=kmalloc min_nr=5 fail_after=0 runs" al_run "mempool kind=kmalloc size=1000 min_nr=5 fail_after=0 count=200"
drain_checks "kind=kmalloc" 5 0
t_ok "mempool kind=page order=1 min_nr=3 fail_after=2 runs" al_run "mempool kind=page order=1 min_nr=3 fail_after=2 count=200"
drain_checks "kind=page" 3 2
t_is "$(al_last element_bytes)" "$(( $(awk '/^KernelPageSize:/ { print $2 * 1024; exit }' /proc/self/smaps) * 2 ))" \
	"kind=page order=1: elements of two pages"
t_is "$(grep -c '^alloclab_mempool ' /proc/slabinfo)" 0 "the pool's cache is destroyed after the run"

# ---- the GFP_KERNEL wait: worker 1 frees after free_after_ms ----
if [ "$ncpu" -ge 2 ]; then
	t_ok "mempool cpus=2 free_after_ms=200 runs" al_run "mempool min_nr=16 fail_after=8 count=300 cpus=2 free_after_ms=200"
	t_diag "result of mempool cpus=2:" "$(grep -v cycles_ $L)"
	drain_checks "cpus=2" 16 8
	w=$(al_last wait_ms)
	t_diag "waited $w ms (worker 1 freed after $(al_last freed_after_ms) ms)"
	t_cmp "$(al_last freed_after_ms)" -ge 200 "worker 1 freed the element after free_after_ms=200"
	t_cmp "$w" -ge 200 "the GFP_KERNEL allocation slept until the free (wait_ms $w >= 200)"
	t_cmp "$w" -lt 2000 "it woke when the element came back, not at the 5 s retry ($w < 2000)"
	t_is "$(al_last wait_served_from)" "reserve (the element worker 1 freed)" "the waiter got the freed element from the reserve"
	t_is "$(al_last wait_ops)" 1 "one timed wait"
	t_cmp "$(al_last wait_ns_mean)" -ge 200000000 "the wait phase measures >= 200 ms"
	# bounded by timeout_ms=: worker 1 frees at once when the run is stopped
	t0=$(uptime_cs)
	al_run "mempool min_nr=4 fail_after=0 count=10 cpus=2 free_after_ms=8000 timeout_ms=500"
	dt=$(( ($(uptime_cs) - t0) * 10 ))
	t_is "$AL_ERRNO" ETIMEDOUT "a wait longer than timeout_ms=500 ends with ETIMEDOUT"
	t_cmp "$dt" -lt 3000 "the run stopped near timeout_ms=500, not after free_after_ms=8000 ($dt ms)"
	t_match "$(reason)" 'timeout_ms=500' "last_error says the timeout stopped it"
	t_ok "mempool runs again after the timeout" al_run "mempool min_nr=4 fail_after=1 count=10 cpus=2 free_after_ms=0"
	drain_checks "cpus=2 free_after_ms=0" 4 1
else
	t_skip "mempool cpus=2" "one CPU"
fi

# ---- mempool_resize ----
t_ok "mempool resize=32 runs" al_run "mempool min_nr=16 fail_after=0 count=10 resize=32"
t_is "$(al_last resize_ret)" 0 "mempool_resize(32) returns 0"
t_is "$(al_last min_nr_after_resize)" 32 "min_nr is 32 after the resize"
t_is "$(al_last curr_nr_after_resize)" 32 "the reserve holds 32 elements after growing"
t_is "$(al_last resize_allocator_calls)" 16 "growing from 16 to 32 took 16 allocator calls"
t_ok "mempool resize=4 runs" al_run "mempool min_nr=16 fail_after=0 count=10 resize=4"
t_is "$(al_last min_nr_after_resize)" 4 "min_nr is 4 after shrinking"
t_is "$(al_last curr_nr_after_resize)" 4 "shrinking hands 12 elements back: 4 left"
t_is "$(al_last resize_allocator_calls)" 0 "shrinking calls no allocator"

# ---- refused ----
al_run "mempool kind=foo"
t_is "$AL_ERRNO" EINVAL "mempool kind=foo: EINVAL"
al_run "mempool min_nr=0"
t_is "$AL_ERRNO" ERANGE "mempool min_nr=0: ERANGE"
al_run "mempool free_after_ms=20000"
t_is "$AL_ERRNO" ERANGE "mempool free_after_ms=20000: ERANGE"
al_run "mempool order=9 kind=page"
t_is "$AL_ERRNO" ERANGE "mempool order=9: ERANGE"
t_match "$(reason)" 'order' "last_error names the parameter out of range"
if [ "$ncpu" -ge 3 ]; then
	al_run "mempool cpus=3"
	t_is "$AL_ERRNO" EINVAL "mempool cpus=3: EINVAL"
fi

mem_back "mempool"
t_is "$(dmesg | tail -n +$((dmesg0 + 1)) | grep -cE 'WARNING:|BUG:|Oops|Call Trace|hung_task|blocked for more')" 0 \
	"dmesg since the start has no warning, stack dump or hung task"
t_ok "unload" al_unload
t_done
