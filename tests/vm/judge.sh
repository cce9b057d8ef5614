#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The debug kernel's verdict on the whole suite (run last, amd64-6.1-debug only):
# kmemleak finds no object an alloclab module allocated, dmesg has no KASAN,
# KFENCE, lockdep, sleeping-in-atomic, DMA-API or hung-task report, the DMA-API
# checker counted no error (its reports are WARNs: panic_on_warn would have stopped
# the VM), and the CMA area the command line asked for exists.
. /tests/lib.sh

K=/sys/kernel/debug/kmemleak

# the families are unloaded by now: what they leaked stays allocated
grep -q '^alloclab_' /proc/modules && al_unload

if [ -w $K ]; then
	# two scans: an object is reported once it was unreferenced in two
	echo scan > $K
	sleep 6
	echo scan > $K
	cat $K > /tmp/kmemleak
	n=$(grep -c '^unreferenced object' /tmp/kmemleak)
	# an object is alloclab's when its allocation backtrace names one of our modules
	ours=$(awk '/^unreferenced object/ { obj = $0; mine = 0 }
		/\[alloclab_/ && !mine { print obj; mine = 1 }' /tmp/kmemleak | wc -l)
	t_diag "kmemleak: $n unreferenced objects in all, $ours from an alloclab module"
	t_is "$ours" 0 "kmemleak: no object allocated by an alloclab module is leaked"
	[ "$ours" = 0 ] || t_diag "$(grep -B2 -A14 '\[alloclab_' /tmp/kmemleak | head -60)"
else
	t_is "kmemleak missing" "kmemleak" "kmemleak is enabled (kmemleak=on)"
fi

pat='BUG: KASAN|BUG: KFENCE|KFENCE: |possible circular locking|inconsistent lock state'
pat="$pat|possible recursive locking|suspicious RCU usage|BUG: sleeping function"
pat="$pat|BUG: scheduling while atomic|blocked for more than|soft lockup"
pat="$pat|bad unlock balance|lock held when returning|irq lock inversion|BUG: MAX_LOCK"
pat="$pat|BUG: Bad page|WARNING:"
dmesg > /tmp/dmesg.all
n=$(grep -cE "$pat" /tmp/dmesg.all)
t_is "$n" 0 "dmesg has no KASAN, KFENCE, lockdep, atomic-sleep, DMA-API or hung-task report"
[ "$n" = 0 ] || t_diag "$(grep -E -A12 "$pat" /tmp/dmesg.all | head -60)"
t_ok "KASAN was built in for the suite (kasan_report in kallsyms)" grep -q ' kasan_report$' /proc/kallsyms
t_ok "KFENCE was active for the suite" test -r /sys/kernel/debug/kfence/stats
t_ok "lockdep was active for the suite (prove_locking)" test -e /proc/lockdep

e=/sys/kernel/debug/dma-api/error_count
if [ -r $e ]; then
	t_is "$(cat $e)" 0 "the DMA-API checker counted no error"
else
	t_is "no $e" "$e" "DMA-API debugging is active"
fi
t_cmp "$(awk '/^CmaTotal:/ { print $2 }' /proc/meminfo)" -ge 65536 "a 64 MiB CMA area exists on amd64 (cma=64M)"
t_ok "CMA debugfs lists the area" sh -c 'ls /sys/kernel/debug/cma/ | grep -q .'
t_ok "CMA sysfs lists the area" sh -c 'ls /sys/kernel/mm/cma/ | grep -q .'
t_done
