#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The edu driver of the DMA family (modules/dma/edu*.c): QEMU's edu device copies
# patterned buffers in and back out, the kernel compares. Runs in the guest (busybox sh).
#
# Each DMA command of the edu device completes on a 100 ms timer of QEMU's virtual clock,
# so a 4 KiB round trip costs 0.2 s of virtual time. The bytes moved per round trip come
# from alloclab.edu_bytes= on the kernel command line (scripts/check.sh boots with
# `vm.sh --icount --append alloclab.edu_bytes=16M`, where the virtual clock skips the
# waits); without it 64 KiB. The IOMMU, the DMA reach and the RAM layout are read from
# the running kernel (/sys/class/iommu, the device's iommu_group, /proc/iomem).
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
L=$D/last
reason() { al_key $D/last_error reason; }
rowcount() { grep -c "^$1\[" $L; }

# 16M, 64K, 4096 -> bytes
to_bytes() {
	case "$1" in
	*[mM]) echo $((${1%?} * 1048576)) ;;
	*[kK]) echo $((${1%?} * 1024)) ;;
	*) echo "$1" ;;
	esac
}

dev=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat $d/vendor)" = 0x1234 ] && [ "$(cat $d/device)" = 0x11e8 ] && dev=${d##*/}
done
if [ -z "$dev" ]; then
	t_skip "edu round trips" "no QEMU edu device (PCI 1234:11e8) on this machine"
	t_done
fi
P=/sys/bus/pci/devices/$dev
DRV=/sys/bus/pci/drivers/alloclab_edu
E=edu_copy@$dev
B=edu_buffer@$dev

BYTES=$(to_bytes "$(tr ' ' '\n' </proc/cmdline | sed -n 's/^alloclab\.edu_bytes=//p')")
[ -n "$BYTES" ] && [ "$BYTES" -gt 0 ] 2>/dev/null || BYTES=65536
# one pass copies at most 1 MiB (two such buffers fit inside a 28-bit reach)
if [ "$BYTES" -le 1048576 ]; then SIZE=$BYTES; PASSES=1; else SIZE=1048576; PASSES=$((BYTES / 1048576)); fi
MOVED=$((SIZE * PASSES))
# the driver moves 4032 bytes per command (QEMU 7.2 aborts on a full 4096)
CHUNKS=$(( (SIZE + 4031) / 4032 * PASSES ))

dmesg0=$(dmesg | grep -c -e 'WARNING:' -e 'BUG:')
al_settle
MEM0=$(al_mem_free_kb)
al_load
t_is "$(basename "$(readlink $P/driver)")" alloclab_edu "alloclab_edu is bound to $dev"
# after the bind: on arm64 (device tree) the IOMMU group is made when a driver binds
IOMMU=no
[ -n "$(ls /sys/class/iommu 2>/dev/null)" ] && IOMMU=yes
GTYPE=$(cat $P/iommu_group/type 2>/dev/null)
for g in /sys/kernel/iommu_groups/*; do
	[ -z "$GTYPE" ] && [ -e "$g/devices/$dev" ] && GTYPE=$(cat "$g/type" 2>/dev/null) && GTYPE=${GTYPE:-"$g (no type)"}
done
TRANSLATED=no
case "$GTYPE" in DMA*) TRANSLATED=yes ;; esac
t_diag "edu device $dev; IOMMU: $IOMMU (group type: ${GTYPE:-none}); round trip: $MOVED bytes ($SIZE x $PASSES passes)"

t_match "$(cat $D/experiments)" "^$E " "experiments lists $E"
t_match "$(cat $D/experiments)" "^$B " "experiments lists $B"
BITS=$(cat /sys/module/alloclab_dma/parameters/edu_dma_bits)
if grep -A3 "^$E " $D/experiments | grep -q unavailable; then
	t_diag "$(grep -A3 "^$E " $D/experiments)"
	al_run "$E size=4096"
	t_is "$AL_ERRNO" EOPNOTSUPP "$E is refused when its device cannot run it (EOPNOTSUPP)"
	t_ok "unload" al_unload
	t_done
fi

# ---- the round trip, coherent and streaming ----
roundtrip() { # buf
	t_ok "$E buf=$1: $MOVED bytes in and out" al_run "$E buf=$1 size=$SIZE passes=$PASSES"
	t_diag "$(grep -v -e '^cycles' -e '^ns_' $L)"
	t_is "$(al_last mismatches)" 0 "buf=$1: no mismatch"
	t_is "$(al_last bytes_verified)" $MOVED "buf=$1: $MOVED bytes verified"
	t_is "$(al_last bytes_moved)" $MOVED "buf=$1: $MOVED bytes moved"
	t_is "$(al_last unit)" bytes "buf=$1: the roundtrip phase counts bytes"
	t_cmp "$(al_last roundtrip_bytes_per_s)" -gt 0 "buf=$1: throughput reported ($(al_last roundtrip_bytes_per_s) bytes/s)"
	t_is "$(al_last completion)" interrupt "buf=$1: completion by interrupt"
	t_is "$(al_last completion_irqs)" $((2 * CHUNKS)) "buf=$1: one interrupt per command ($((2 * CHUNKS)))"
	if [ "$TRANSLATED" = yes ]; then
		t_is "$(al_last dma_equals_phys)" no "buf=$1: under the IOMMU the bus addresses are not the physical ones"
	else
		t_is "$(al_last dma_equals_phys)" yes "buf=$1: without an IOMMU bus address = physical address"
	fi
	t_match "$(al_last iommu)" "^$TRANSLATED" "buf=$1: iommu: $TRANSLATED, as the device's iommu_group says"
}
roundtrip coherent
roundtrip streaming
t_is "$(al_last sync_for_cpu)" done "streaming: dma_sync_single_for_cpu done before the compare"
t_is "$(al_last bounced)" no "streaming: the buffer inside the reach did not bounce"

# ---- skip_sync: its effect is reported ----
t_ok "$E buf=streaming skip_sync=1 runs" al_run "$E buf=streaming skip_sync=1 size=8192"
t_is "$(al_last sync_for_cpu)" "skipped (skip_sync=1)" "skip_sync=1: the result says the sync was skipped"
if [ "$(al_last dma_coherent)" = yes ] && [ "$(al_last bounced)" = no ]; then
	t_is "$(al_last mismatches)" 0 "skip_sync=1 on a DMA-coherent device without bouncing: no stale byte"
	t_match "$(al_last skip_sync_effect)" '^none seen: the device is DMA-coherent' "skip_sync_effect says why nothing went wrong"
else
	t_match "$(al_last skip_sync_effect)" . "skip_sync_effect reported: $(al_last skip_sync_effect)"
fi

# ---- injected corruption: detected and classified ----
t_ok "$E corrupt=3 runs" al_run "$E size=16384 corrupt=3"
t_is "$(al_last mismatches)" 3 "corrupt=3: 3 mismatches found"
t_is "$(al_last corrupted)" 3 "corrupt=3: 3 bytes were overwritten on purpose"
t_is "$(al_last overwritten)" 3 "corrupt=3: all 3 classified overwritten (neither fill nor source)"
t_is "$(al_last not_copied)/$(al_last wrong_offset)" 0/0 "corrupt=3: nothing not_copied or wrong_offset"
t_is "$(rowcount mismatch)" 3 "corrupt=3: 3 mismatch rows"
t_match "$(grep '^mismatch\[0\]' $L)" 'offset=2730 bytes=1 class=overwritten' "the first row: offset 2730, 1 byte, overwritten"

# ---- completion by polling; a command that never starts ----
t_ok "$E irq=0 runs" al_run "$E irq=0 size=8192"
t_is "$(al_last completion)/$(al_last mismatches)" "status poll/0" "irq=0: completion by status poll, no mismatch"
t_is "$(al_last completion_irqs)" 0 "irq=0: no completion interrupt asked for"
al_run "$E fault=nostart cmd_timeout_ms=50 size=4096"
t_is "$AL_ERRNO" ETIMEDOUT "fault=nostart: the run ends with ETIMEDOUT"
t_match "$(reason)" 'without its start bit' "last_error says the start bit was never written"
t_ok "the device works after the timeout" al_run "$E size=4096"
t_is "$(al_last mismatches)" 0 "after the timeout: no mismatch"

# ---- a buffer beyond the device's reach ----
REACH=$(( (1 << BITS) - 1 ))
ramtop=$(awk -F'[- :]+' '/^[0-9a-f]+-[0-9a-f]+ : System RAM/ { print $2 }' /proc/iomem | tail -n 1)
ramtop=$((0x$ramtop))
al_run "$E buf=streaming place=high size=4096"
if [ "$TRANSLATED" = yes ] && [ "$ramtop" -gt "$REACH" ]; then
	t_is "$AL_ERRNO" "" "place=high under the IOMMU runs: the IOMMU maps it inside the reach"
	t_is "$(al_last phys_beyond_reach)/$(al_last mismatches)" yes/0 "place=high: physical address beyond the $BITS-bit reach, no mismatch"
elif [ "$ramtop" -gt "$REACH" ] && [ "$AL_ERRNO" = ENOMEM ]; then
	# the page allocator handed out no free block above the reach in 16 MiB of tries
	t_match "$(reason)" "above the device's $BITS-bit reach found" "place=high: refused, no free block above the reach found (ENOMEM)"
elif [ "$ramtop" -gt "$REACH" ]; then
	t_is "$AL_ERRNO" ERANGE "place=high without an IOMMU: refused (ERANGE)"
	t_match "$(reason)" "beyond the device's $BITS-bit reach" "last_error says the buffer is beyond the reach"
else
	t_is "$AL_ERRNO" ENOMEM "place=high: RAM ends at $ramtop, inside the $BITS-bit reach: ENOMEM"
	t_match "$(reason)" "lies inside it" "last_error says free RAM lies inside the reach"
fi

# ---- bad parameters ----
al_run "$E buf=coherent skip_sync=1"
t_is "$AL_ERRNO" EINVAL "skip_sync=1 with buf=coherent: EINVAL"
t_match "$(reason)" 'for buf=streaming' "last_error says skip_sync is for streaming"
al_run "$E buf=coherent place=high"
t_is "$AL_ERRNO" EINVAL "place=high with buf=coherent: EINVAL"
al_run "$E size=4 corrupt=8"
t_is "$AL_ERRNO" EINVAL "corrupt=8 size=4: EINVAL"
al_run "$E src=999999"
t_is "$AL_ERRNO" ENOENT "src=999999 (not held): ENOENT"
t_match "$(reason)" 'not held' "last_error says result 999999 is not held"
al_run "$E size=0"
t_match "$AL_ERRNO" '^(ERANGE|EINVAL)$' "size=0: refused ($AL_ERRNO)"
al_run "$E size=8M"
t_match "$AL_ERRNO" '^(ERANGE|EINVAL)$' "size=8M (above 4 MiB): refused ($AL_ERRNO)"

# ---- userspace writes, the device copies, userspace checks ----
alloclab dma-validate --dev=$dev --size=65536 >/tmp/dv.txt 2>&1
t_is "$?" 0 "alloclab dma-validate passes"
t_diag "$(cat /tmp/dv.txt)"
t_match "$(cat /tmp/dv.txt)" '^read back: 65536 bytes, 0 mismatches' "dma-validate read 65536 bytes back, no mismatch"
alloclab dma-validate --dev=$dev --size=8192 --json >/tmp/dv.json
t_is "$?" 0 "alloclab dma-validate --json exits 0"
t_match "$(cat /tmp/dv.json)" '"ok": true' "dma-validate --json says ok"
t_json dma-validate /tmp/dv.json
t_is "$(cat $D/held)" "" "dma-validate released its buffers"

# ---- unbind between runs: the experiments go, held buffers are freed ----
t_ok "$B hold=1" al_run "$B size=65536 hold=1"
echo $dev >$DRV/unbind
t_is "$(readlink $P/driver)" "" "unbind: $dev has no driver"
t_not "unbind: $E is no longer listed" grep -q "^$E " $D/experiments
t_is "$(cat $D/held)" "" "unbind: the held $B run was freed"
echo $dev >$DRV/bind
t_match "$(cat $D/experiments)" "^$E " "bind: $E is back"
t_ok "bind: a round trip works again" al_run "$E size=8192"
t_is "$(al_last mismatches)" 0 "after bind: no mismatch"

# ---- unbind during a run: the run ends with a reason ----
( al_run "$E size=4M passes=64"; echo "$AL_ERRNO" >/tmp/edu.errno ) &
bg=$!
sleep 2
echo $dev >$DRV/unbind
wait $bg
t_is "$(cat /tmp/edu.errno)" ENODEV "unbind during a run: the run ends with ENODEV"
t_match "$(reason)" 'unregistered during the run' "last_error says the device went during the run"
echo $dev >$DRV/bind
t_ok "bind again: a round trip works" al_run "$E size=8192"

# ---- nothing left behind ----
t_ok "unload" al_unload
if [ -r /sys/kernel/debug/dma-api/error_count ]; then
	t_is "$(cat /sys/kernel/debug/dma-api/error_count)" 0 "DMA-API debug: 0 errors"
fi
t_is "$(dmesg | grep -c -e 'WARNING:' -e 'BUG:')" "$dmesg0" "no WARNING or BUG in dmesg"
al_settle
MEM1=$(al_mem_free_kb)
t_cmp "$MEM1" -ge $((MEM0 - MEM0 / 100)) "free memory back within 1% ($MEM0 -> $MEM1 kB)"
t_done
