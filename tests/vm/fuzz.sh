#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fuzz the kernel interface, in the guest: `alloclab ioctl-test fuzz` sends
# 10,000+ random and malformed ioctls (wrong numbers and sizes, bad and
# truncated buffers, every field mutated) and commands (through RUN and the
# debugfs run file). Checked: every refusal came with a reason, the kernel
# neither WARNed nor oopsed (panic_on_warn=1 would stop the VM), the taint
# is only O and E, and memory is back within 1% afterwards.
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
dmesg0=$(dmesg | wc -l)

al_load
# a warm-up round, so caches the first fuzz touches are not counted as growth
alloclab ioctl-test fuzz 500 --seed=1 >/dev/null 2>&1
al_run release
# The percpu allocator keeps one free chunk in reserve once it had to create one
# (its metadata in kmalloc, its pages in meminfo's Percpu); random percpu runs
# of the fuzz create one now and then: 37 kB of kmalloc on arm64, more than the
# 1% measured below. Make it exist before the first measurement, as it will after.
if grep -q '^percpu ' $D/experiments; then
	al_run "percpu size=4096 count=512 hold=1" && al_run release
fi
al_run reset	# the report keeps up to 256 results: not a leak, so not measured
# Lazily freed vmap areas (kthread stacks, vmalloc'd buffers) are purged when
# 64 MiB of them pile up or when page attributes change; with KASAN_VMALLOC
# (the debug kernel) their shadow is freed only then, 1/8 of them, which moves
# MemFree by up to 8 MiB for no leak. Loading a module sets its text read-only,
# which purges them: reload the selftest family before each measurement.
purge_vmap() {
	rmmod alloclab_selftest && insmod $AL_DIR/alloclab_selftest.ko
}
# the meminfo lines a leak or a lazy free would show up in
mem_diag() {
	t_diag "$1: $(grep -E '^(MemFree|Slab|SUnreclaim|KernelStack|PageTables|VmallocUsed|Percpu):' /proc/meminfo | tr -s ' \n' ' ')"
}
al_settle
purge_vmap
al_settle
free0=$(al_mem_free_kb); km0=$(al_kmalloc_kb)
mem_diag before

seed=$(awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime)
# 12000 cases; 4000 on the debug kernel, where KASAN checks every access of each
# (12000 took 267 s there)
cases=12000
al_debug_kernel && cases=4000
alloclab ioctl-test fuzz $cases --seed="$seed" >/tmp/fuzz.out 2>&1
rc=$?
t_diag "$(tail -n 5 /tmp/fuzz.out)"
t_is "$rc" 0 "fuzz: $cases random and malformed ioctls and commands (seed $seed), every refusal with a reason"
n=$(sed -n 's/^fuzz: \([0-9]*\) cases.*/\1/p' /tmp/fuzz.out)
t_cmp "${n:-0}" -ge $((cases * 5 / 6)) "fuzz ran at least 5/6 of them (${n:-0} of $cases)"
t_match "$(cat /tmp/fuzz.out)" 'refusals without a reason: 0' "fuzz: no refusal without a reason"
al_run release
t_is "$(wc -l < $D/held)" 0 "nothing held after the fuzz"
al_run reset

al_settle
t_ok "alloclab_selftest reloads after the fuzz (and the reload purges lazy vmap areas)" purge_vmap
al_settle
free1=$(al_mem_free_kb); km1=$(al_kmalloc_kb)
mem_diag after
t_diag "MemFree $free0 -> $free1 kB, kmalloc caches $km0 -> $km1 kB"
t_cmp $(( (free0 - free1) * 100 )) -le "$free0" "MemFree is back within 1% after the fuzz"
# The kmalloc caches move by +-20 kB on an idle guest whatever the module does (core.sh):
# the bound is 1% or, when larger, a leak rate of one smallest-class object per two cases;
# a figure over it is read again after one more settle (a leak stays, churn goes).
kmin=$(al_kmalloc_min)
kbound=$(( km0 / 100 ))
[ $(( cases * kmin / 2 / 1024 )) -gt "$kbound" ] && kbound=$(( cases * kmin / 2 / 1024 ))
if [ $(( km1 - km0 )) -gt "$kbound" ]; then
	al_settle
	purge_vmap
	al_settle
	t_diag "kmalloc caches $km1 kB is over $km0 + $kbound kB: settled again, now $(al_kmalloc_kb) kB"
	km1=$(al_kmalloc_kb)
fi
t_cmp $(( km1 - km0 )) -le "$kbound" "kmalloc caches (the module's) are back within $kbound kB (1%, or one $kmin-byte object per two of $cases cases) after the fuzz"

tainted=$(cat /proc/sys/kernel/tainted)
t_is "$(( tainted & ~(4096 | 8192) ))" 0 "taint is only O and E (tainted=$tainted)"
t_is "$(dmesg | tail -n +$((dmesg0 + 1)) | grep -cE 'WARNING:|BUG:|Oops|Call Trace')" 0 \
	"dmesg has no WARNING / BUG / Oops after the fuzz"
t_ok "unload" al_unload
t_done
