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
# free memory including the pages parked on the per-CPU lists (zoneinfo
# "count:"), which drop_caches does not drain and which move MemFree by MBs
PAGE_KB=$(awk '/^KernelPageSize:/ { print $2; exit }' /proc/self/smaps)
mem_free() {
	pcp=$(awk -v p="$PAGE_KB" '$1 == "count:" { s += $2 } END { print s * p }' /proc/zoneinfo)
	echo $(( $(awk '/^MemFree:/ {print $2}' /proc/meminfo) + pcp ))
}
kmalloc_kb() {
	awk '$1 ~ /^kmalloc-[0-9]+k?$/ { s += $2 * $4 } END { print int(s / 1024) }' /proc/slabinfo
}
settle() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 6
	for f in /sys/kernel/slab/*/shrink; do echo 1 > "$f"; done 2>/dev/null
}

al_load
# a warm-up round, so caches the first fuzz touches are not counted as growth
alloclab ioctl-test fuzz 500 --seed=1 >/dev/null 2>&1
al_run release
al_run reset	# the report keeps up to 256 results: not a leak, so not measured
settle
free0=$(mem_free); km0=$(kmalloc_kb)

seed=$(awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime)
alloclab ioctl-test fuzz 12000 --seed="$seed" >/tmp/fuzz.out 2>&1
rc=$?
t_diag "$(tail -n 5 /tmp/fuzz.out)"
t_is "$rc" 0 "fuzz: 12000 random and malformed ioctls and commands (seed $seed), every refusal with a reason"
n=$(sed -n 's/^fuzz: \([0-9]*\) cases.*/\1/p' /tmp/fuzz.out)
t_cmp "${n:-0}" -ge 10000 "fuzz ran at least 10000 cases (${n:-0})"
t_match "$(cat /tmp/fuzz.out)" 'refusals without a reason: 0' "fuzz: no refusal without a reason"
al_run release
t_is "$(wc -l < $D/held)" 0 "nothing held after the fuzz"
al_run reset

settle
free1=$(mem_free); km1=$(kmalloc_kb)
t_diag "MemFree $free0 -> $free1 kB, kmalloc caches $km0 -> $km1 kB"
t_cmp $(( (free0 - free1) * 100 )) -le "$free0" "MemFree is back within 1% after the fuzz"
t_cmp $(( (km1 - km0) * 100 )) -le "$km0" "kmalloc caches (the module's) are back within 1% after the fuzz"

tainted=$(cat /proc/sys/kernel/tainted)
t_is "$(( tainted & ~(4096 | 8192) ))" 0 "taint is only O and E (tainted=$tainted)"
t_is "$(dmesg | tail -n +$((dmesg0 + 1)) | grep -cE 'WARNING:|BUG:|Oops|Call Trace')" 0 \
	"dmesg has no WARNING / BUG / Oops after the fuzz"
t_ok "unload" al_unload
t_done
