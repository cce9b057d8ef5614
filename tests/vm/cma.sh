#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# CMA family (modules/cma): cma_info, cma, cma_pressure and `alloclab cma`.
# Runs in the guest (busybox sh). On a kernel with CMA: CmaFree (/proc/meminfo)
# falls by the buffers while they are held and comes back after; each buffer's
# physical range lies inside the area the boot log or debugfs names; 1, 4 and
# 16 MiB work; with memory filled by movable pages the kernel migrates pages
# out of the area (vmstat counters, or our own pages' PFNs moving) and the
# latency is reported against the idle case. Without CMA: every experiment is
# listed unavailable with the reason and refused with EOPNOTSUPP.
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
L=$D/last
reason() { al_key $D/last_error reason; }
meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
ncpu=$(grep -c ^processor /proc/cpuinfo)
# the value of figure $2 in `alloclab cma` text output $1 (FIGURE VALUE SOURCE)
fig() { printf '%s\n' "$1" | awk -v k="$2" '$1 == k { print $2; exit }'; }
# CmaFree after a drain: any cma_alloc() drains the per-CPU lists (where freed
# CMA pages wait, counted in neither MemFree nor CmaFree); cma_info's 1 MiB
# sample is one, and parks at most its own 1 MiB there again
cma_free_drained() { al_run cma_info >/dev/null 2>&1; meminfo CmaFree; }
# a fact of the last result that is a bare number
num() { al_last "$1" | awk '{ print $1 }'; }

dmesg0=$(dmesg | wc -l)
al_load
t_ok "alloclab_cma is loaded" grep -q '^alloclab_cma ' /proc/modules
for e in cma_info cma cma_pressure; do
	t_match "$(cat $D/experiments)" "^$e \\[alloclab_cma\\]" "experiments lists $e"
done
TOTAL=$(meminfo CmaTotal)
t_diag "uptime $(cut -d' ' -f1 /proc/uptime) s at the start"

# ---------------------------------------------------------------- no CMA
if [ -z "$TOTAL" ] || [ "$TOTAL" = 0 ]; then
	t_diag "no CMA on this kernel (CmaTotal '${TOTAL:-absent}')"
	for e in cma_info cma cma_pressure; do
		t_match "$(grep -A1 "^$e " $D/experiments)" 'unavailable: .*(no CMA|no CMA area)' \
			"$e is listed unavailable with the reason"
	done
	for c in "cma_info" "cma size=1M count=1" "cma_pressure"; do
		al_run "$c"
		t_is "$AL_ERRNO" EOPNOTSUPP "'$c' is refused with EOPNOTSUPP"
		t_match "$(reason)" 'cannot run here: .*CMA' "'$c': last_error says why (no CMA)"
	done
	out=$(alloclab cma info 2>&1)
	t_is "$?" 0 "alloclab cma info runs without CMA"
	t_match "$out" 'CmaTotal_kb +absent' "alloclab cma info: CmaTotal absent, from /proc/meminfo"
	t_match "$out" 'module +.*no CMA' "alloclab cma info: the module's reason is shown"
	json_ok "$(alloclab cma info --json)" "alloclab cma info --json"
	out=$(alloclab cma pressure 2>&1)
	t_is "$?" 95 "alloclab cma pressure exits with EOPNOTSUPP (95)"
	t_ok "unload" al_unload
	t_done
fi

# ---------------------------------------------------------------- CMA
kptr=$(cat /proc/sys/kernel/kptr_restrict)
echo 1 > /proc/sys/kernel/kptr_restrict	# physical addresses shown to root
al_settle
MEM0=$(al_mem_free_kb)
FREE0=$(cma_free_drained)
SLACK=$((1024 + TOTAL / 100))	# the sample's 1 MiB on the per-CPU lists + 1%
t_diag "CmaTotal $TOTAL kB, CmaFree $FREE0 kB (drained)"

t_ok "cma_info runs" al_run cma_info
t_is "$(al_last cma_total_kb)" "$TOTAL" "cma_info: cma_total_kb = /proc/meminfo CmaTotal"
t_match "$(al_last sample_from_cma)" '^yes' "cma_info: a 1 MiB sample buffer came from CMA"
t_match "$(al_last 'zone[0]')" 'cma_pages=[1-9]' "cma_info: a zone row with CMA pages"
t_match "$(al_last cma_api)" 'Module.symvers' "cma_info: whether cma_alloc is exported, from Module.symvers"
SAMPLE=$(al_last sample_phys)

# the area, from the CLI (boot log or debugfs)
out=$(alloclab cma info)
t_is "$?" 0 "alloclab cma info runs"
t_diag "$out"
t_match "$out" '^CmaTotal_kb +[0-9]+ +/proc/meminfo' "alloclab cma info: CmaTotal with its source"
t_match "$out" '^cma_total_kb +[0-9]+ +alloclab_cma' "alloclab cma info: the module's figures with their source"
json_ok "$(alloclab cma info --json)" "alloclab cma info --json"
line=$(printf '%s\n' "$out" | grep -m1 '^area .*: base 0x')
LO=
if [ -n "$line" ]; then
	t_match "$line" '\((boot log|/sys/kernel/debug/cma)' "the area's base and size name their source"
	LO=$(printf '%s\n' "$line" | sed -n 's/.*base \(0x[0-9a-f]*\) size.*/\1/p')
	KB=$(printf '%s\n' "$line" | sed -n 's/.* size \([0-9]*\) KiB.*/\1/p')
	LO=$((LO))
	HI=$((LO + KB * 1024))
	t_diag "area [$(printf '0x%x' $LO), $(printf '0x%x' $HI))"
	t_cmp "$((SAMPLE))" -ge "$LO" "cma_info's sample lies at or above the area's base"
	t_cmp "$((SAMPLE))" -lt "$HI" "cma_info's sample lies below the area's end"
else
	t_skip "the area's base and size" "neither the boot log nor debugfs names them"
fi

# ---- 1, 4 and 16 MiB: CmaFree falls by the buffers while held, inside the area ----
# CmaFree from /proc/meminfo, drained before and after (see cma_free_drained)
for s in 1 4 16; do
	n=2
	[ $s = 1 ] && n=4
	c="cma size=${s}M count=$n"
	t_ok "$c mode=perop runs" al_run "$c mode=perop"
	t_is "$(al_last failures)" 0 "$c: no allocation failed"
	t_is "$(al_last from_cma)" "$n" "$c: all $n buffers came from CMA"
	t_is "$(al_last buffers_kb)" $((s * n * 1024)) "$c: $n buffers of $s MiB held at once"
	t_match "$(al_last aligned)" '^yes' "$c: every buffer aligned as CMA aligns ($(al_last aligned))"
	t_match "$(al_last dma_equals_phys)" '^yes' "$c: dma address = physical address (dma-direct)"
	t_is "$(al_last free_ops)" "$n" "$c: $n timed frees"
	t_cmp "$(al_last ns_p50)" -le "$(al_last ns_p99)" "$c: alloc p50 <= p99"
	if [ -n "$LO" ]; then
		t_cmp "$(( $(al_last phys_lo) ))" -ge "$LO" "$c: lowest buffer inside the area"
		t_cmp "$(( $(al_last phys_hi) ))" -le "$HI" "$c: highest buffer end inside the area"
	fi
	before=$(cma_free_drained)
	t_ok "$c hold=1 runs" al_run "$c hold=1"
	seq=$(al_last result)
	held=$(meminfo CmaFree)
	want=$((s * n * 1024))
	used=$((TOTAL - before))
	# pages lent to movable allocations inside the range move out: the drop is
	# the buffers less at most what was in use in the area before
	t_cmp "$((before - held))" -ge $((want - used - SLACK)) \
		"$c: CmaFree fell by the buffers while held ($before -> $held kB for $want, $used in use)"
	t_cmp "$((before - held))" -le $((want + SLACK)) "$c: CmaFree fell by no more than the buffers"
	t_match "$(cat $D/held)" "^$seq cma " "$c: the held run is listed in held"
	t_ok "release $seq" al_run "release $seq"
	after=$(cma_free_drained)
	t_cmp "$after" -ge $((before - SLACK)) "$c: CmaFree back after release ($before -> $after kB)"
done
t_diag "$(grep -E '^(ns_|free_ns_)(p50|p99)|kernel_mapping|device_coherent' $L)"

# ---- the largest buffer ----
t_ok "cma probe_max=1 runs" al_run "cma size=1M count=1 probe_max=1"
big=$(al_last largest_ok_bytes)
t_diag "largest: $(al_last largest_ok)"
t_cmp "$big" -ge $((16 << 20)) "probe_max: at least 16 MiB in one buffer"
t_cmp "$big" -le $((TOTAL * 1024)) "probe_max: no more than CmaTotal"

# ---- bad parameters ----
al_run "cma size=0"
t_is "$AL_ERRNO" ERANGE "cma size=0: ERANGE"
t_match "$(reason)" 'size' "cma size=0: last_error names size"
al_run "cma size=512k"
t_is "$AL_ERRNO" ERANGE "cma size=512k (below 1 MiB): ERANGE"
al_run "cma count=65"
t_is "$AL_ERRNO" ERANGE "cma count=65: ERANGE"
al_run "cma size=$((TOTAL / 1024))M count=2"
t_is "$AL_ERRNO" ENOSPC "cma size x count above CmaTotal: ENOSPC"
t_match "$(reason)" 'CmaTotal' "last_error compares with CmaTotal"
al_run "cma_pressure size=300M"
t_is "$AL_ERRNO" ERANGE "cma_pressure size=300M: ERANGE"
if [ "$ncpu" -ge 2 ]; then
	al_run "cma cpus=2"
	t_is "$AL_ERRNO" EINVAL "cma cpus=2: EINVAL"
	t_match "$(reason)" 'cpus=1' "cma cpus=2: last_error says one CPU"
fi

# ---- pressure: movable pages fill memory, CMA takes its pages back ----
t_diag "uptime $(cut -d' ' -f1 /proc/uptime) s before the pressure run"
# one buffer of 3/4 of the free area: its range takes in most of the pages
# the kernel lent to the fill, wherever they lie
PMB=$((FREE0 * 3 / 4 / 1024))
out=$(alloclab cma pressure --size=$((PMB << 20)) --count=1 2>&1)
t_is "$?" 0 "alloclab cma pressure --size=${PMB}M --count=1 runs"
t_diag "$out"
t_diag "uptime $(cut -d' ' -f1 /proc/uptime) s after the pressure run"
t_diag "fill: $(fig "$out" fill_mb) MiB, $(printf '%s\n' "$out" | grep '^fill_stop ')"
if [ -n "$LO" ]; then
	t_cmp "$(fig "$out" fill_pages_in_cma)" -gt 0 "the kernel lent CMA to the fill: $(fig "$out" fill_pages_in_cma) of its pages sat in the area (pagemap)"
else
	t_cmp "$(fig "$out" cma_free_kb_filled)" -lt "$(fig "$out" cma_free_kb_idle)" "the kernel lent CMA to the fill: CmaFree fell"
fi
t_is "$(fig "$out" pressure_failures)" 0 "pressure: every allocation succeeded"
t_is "$(fig "$out" idle_failures)" 0 "idle: every allocation succeeded"
moved=$(fig "$out" fill_pages_moved)
mig=$(fig "$out" vmstat_pgmigrate_success)
if [ "$mig" = absent ]; then
	# no event counters (the debug kernel): our own pages' PFNs show it
	t_cmp "$moved" -gt 0 "pressure: the kernel moved $moved of the filler's pages (pagemap)"
	t_skip "pressure: pgmigrate_success delta" "$(fig "$out" pressure_migration_counters) not counted on this kernel"
else
	t_cmp "$mig" -gt 0 "pressure: /proc/vmstat pgmigrate_success rose by $mig"
	t_cmp "$(fig "$out" pressure_delta_pgmigrate_success)" -gt 0 "pressure: the module's own pgmigrate_success delta (alloc phase) > 0"
	t_cmp "$(fig "$out" pressure_delta_pgmigrate_success)" -le "$mig" "pressure: the module's delta (alloc phase) <= /proc/vmstat's (whole run)"
	t_is "$(fig "$out" vmstat_cma_alloc_success)" 1 "pressure: cma_alloc_success rose by the one buffer"
	t_is "$(fig "$out" pressure_from_cma)" 1 "pressure: the buffer came from CMA"
	t_cmp "$moved" -gt 0 "pressure: the kernel moved $moved of the filler's pages (pagemap)"
fi
t_cmp "$(fig "$out" pressure_ns_p50)" -gt 0 "pressure: alloc p50 $(fig "$out" pressure_ns_p50) ns vs idle $(fig "$out" idle_ns_p50) ns"
t_match "$(fig "$out" slowdown_p50)" '^[0-9]+\.[0-9]+$' "pressure: slowdown against idle reported ($(fig "$out" slowdown_p50)x)"
json_ok "$(alloclab cma pressure --json --fill-mb=64 --size=1048576 --count=1)" "alloclab cma pressure --json"

# ---- everything back ----
after=$(cma_free_drained)
t_cmp "$after" -ge $((FREE0 - SLACK)) "CmaFree back at the end ($FREE0 -> $after kB, drained)"
t_is "$(cat $D/held)" "" "nothing held"
al_settle
m=$(al_mem_free_kb)
t_cmp "$m" -ge $((MEM0 - MEM0 / 100)) "free memory back within 1% ($MEM0 -> $m kB)"
echo "$kptr" > /proc/sys/kernel/kptr_restrict
t_is "$(dmesg | tail -n +$((dmesg0 + 1)) | grep -cE 'WARNING:|BUG:|Oops|Call Trace|hung_task|blocked for more|page allocation failure')" 0 \
	"dmesg since the start has no warning, stack dump, allocation failure or hung task"
t_ok "unload" al_unload
t_done
