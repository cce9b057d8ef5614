#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# DMA family (modules/dma, the generic experiments; the edu driver has its own
# checks). Runs in the guest (busybox sh). Checked: coherent buffers on
# alloclab's own device aligned to their order, inside masks of 24/28/32/64
# bits, physically contiguous; streaming map/sync/unmap phases with
# percentiles; a buffer beyond the mask bounces through swiotlb (counted in
# the result and in swiotlb's debugfs counters) or is refused with a reason;
# sg segments in vs out; dma_pool blocks against align= and boundary=; the
# noncoherent API; the edu PCI device validated through dev= without a driver:
# bus address != physical with an IOMMU, == on amd64 without; bad parameters
# refused with a reason; memory back; no WARN; DMA-API debug errors stay 0.
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
L=$D/last
reason() { al_key $D/last_error reason; }
ARCH=$(uname -m)
DBG_ERR=/sys/kernel/debug/dma-api/error_count
TLB=/sys/kernel/debug/swiotlb

MEM_BASE=
mem_base() { al_settle; MEM_BASE=$(al_mem_free_kb); }
mem_back() {
	al_settle
	m=$(al_mem_free_kb)
	t_cmp "$m" -ge $((MEM_BASE - MEM_BASE / 100)) \
		"$1: free memory back within 1% ($MEM_BASE -> $m kB)"
}

# the edu device's PCI name (vendor 0x1234, device 0x11e8), "" if absent
EDU=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat $d/vendor 2>/dev/null)" = 0x1234 ] && [ "$(cat $d/device 2>/dev/null)" = 0x11e8 ] &&
		EDU=${d##*/}
done
IOMMU=0
[ -n "$(ls /sys/class/iommu 2>/dev/null)" ] && IOMMU=1
FORCE=0
grep -q 'swiotlb=force' /proc/cmdline && FORCE=1
t_diag "arch $ARCH, IOMMU $IOMMU ($(ls /sys/class/iommu 2>/dev/null | tr '\n' ' ')), edu ${EDU:-absent}, swiotlb=force $FORCE"

dmesg0=$(dmesg | wc -l)
al_load
t_ok "alloclab_dma is loaded" grep -q '^alloclab_dma ' /proc/modules
for e in coherent streaming sg pool noncoherent; do
	t_match "$(cat $D/experiments)" "^$e \[alloclab_dma\]" "experiments lists $e (alloclab's own device)"
done
mem_base

# ---- coherent on the own device: sizes x masks ----
# own_coherent MASK SIZE COUNT
own_coherent() {
	c="coherent size=$2 count=$3 mask=$1"
	if ! al_run "$c"; then
		# a platform may refuse a mask below its lowest memory (arm64: RAM at 1 GiB)
		t_match "$AL_ERRNO $(reason)" '^EIO dma_set_mask' "$c: refused by the platform with a reason ($(reason))"
		return
	fi
	t_is "$(al_last buffers_checked)" "$(( $3 - $(al_last failures) ))" "$c: every buffer allocated was checked"
	t_cmp "$(al_last buffers_checked)" -gt 0 "$c: at least one buffer"
	t_is "$(al_last not_aligned_to_order)" 0 "$c: bus addresses aligned to the size's page order"
	t_is "$(al_last phys_not_aligned_to_order)" 0 "$c: physical addresses aligned to it too"
	t_is "$(al_last outside_mask)" 0 "$c: every buffer inside the $1-bit mask"
	t_is "$(al_last not_contiguous)" 0 "$c: every buffer physically contiguous (pages walked)"
	t_is "$(al_last coherent_mask_bits)" "$1" "$c: the run's coherent mask has $1 bits"
}
for mask in 24 28 32 64; do
	own_coherent $mask 4096 8
	own_coherent $mask 12000 4
	own_coherent $mask 1048576 2
done
t_ok "coherent size=65536 count=8 runs" al_run "coherent size=65536 count=8 mode=perop"
t_diag "$(grep -E '^(path|dma_is_phys|iommu_domain|dma_coherent|cma_free_kb|alloc_ns_p50|ns_p50)' $L)"
t_match "$(cat $L)" '^ns_p50: [0-9]+' "coherent: the alloc phase has percentiles"
t_match "$(cat $L)" '^free_ns_p99: [0-9]+' "coherent: the free phase has percentiles"
t_is "$(al_last dma_mask_bits)" 32 "coherent: the own device's default 32-bit mask is back after the runs"
t_match "$(al_last path)" '^direct' "coherent: the own device (no IOMMU in front) is served directly"
[ "$ARCH" = x86_64 ] && t_is "$(al_last dma_is_phys)" yes "amd64: the own device's bus address is the physical one"
if grep -q '^CmaTotal: *[1-9]' /proc/meminfo; then
	al_run "coherent size=1048576 count=2" &&
		t_diag "CMA kernel: $(al_last path); $(al_last cma_free_kb)"
fi
mem_back "coherent"

# the lowest of 28/32 bits the platform gives the own device (arm64: RAM at 1 GiB)
LOW=28
al_run "coherent size=4096 count=1 mask=28" || LOW=32
t_diag "mask=$LOW is the lowest below 64 the platform takes for the own device"

# ---- streaming ----
# streaming_ok CMD
# (swiotlb=force: every mapping must bounce; one the pool cannot serve, a pool
# beyond the mask or a size over the bounce slots, is refused with the reason)
streaming_ok() {
	if [ $FORCE = 1 ] && ! al_run "$1"; then
		t_match "$(reason)" 'swiotlb pool lies beyond|dma_max_mapping_size' \
			"$1: swiotlb=force: refused, no bounce possible ($(reason))"
		return 1
	fi
	t_ok "$1 runs" al_run "$1"
	t_match "$(cat $L)" '^ns_p50: [0-9]+' "$1: the map phase has percentiles"
	t_match "$(cat $L)" '^sync_ns_p90: [0-9]+' "$1: the sync phase has percentiles"
	t_match "$(cat $L)" '^unmap_ns_p99: [0-9]+' "$1: the unmap phase has percentiles"
	t_is "$(al_last mappings)" "$(al_last ops)" "$1: every map op mapped"
	if [ $FORCE = 1 ]; then
		t_is "$(al_last bounced)" "$(al_last mappings)" "$1: swiotlb=force: every mapping bounced"
	else
		t_is "$(al_last bounced)" 0 "$1: no mapping bounced (the buffers are inside the mask)"
	fi
}
used0=$(cat $TLB/io_tlb_used 2>/dev/null)
streaming_ok "streaming size=64 count=300 dir=to_device mode=perop" &&
	t_match "$(al_last api)" '^dma_map_single' "size=64: a sub-page kmalloc buffer goes through dma_map_single"
[ $FORCE = 1 ] &&
	t_is "$(cat $TLB/io_tlb_used)" "$used0" "swiotlb=force: io_tlb_used back to $used0 after the bounces"
streaming_ok "streaming size=4096 count=300 dir=bidirectional mask=$LOW mode=perop" &&
	t_match "$(al_last api)" '^dma_map_page' "size=4096: dma_map_page"
if streaming_ok "streaming size=1048576 count=20 pattern=map_all_then_unmap dir=from_device"; then
	t_is "$(al_last sync_ops)" 20 "map_all_then_unmap: 20 syncs"
	t_is "$(al_last unmap_ops)" 20 "map_all_then_unmap: 20 unmaps"
fi

# a buffer beyond a 28-bit mask: bounce, or a refusal with the reason
used0=$(cat $TLB/io_tlb_used 2>/dev/null)
c="streaming size=4096 count=50 mask=28 beyond=1"
if al_run "$c"; then
	t_diag "$c:" "$(grep -E '^(swiotlb|path|bounced|expected_bounces|mappings)' $L)"
	t_cmp "$(al_last bounced)" -gt 0 "$c: the mappings bounced through swiotlb"
	t_is "$(al_last bounced)" "$(al_last mappings)" "$c: every one of them"
	t_match "$(al_last path)" 'swiotlb' "$c: the path says swiotlb"
	t_is "$(cat $TLB/io_tlb_used)" "$used0" "swiotlb's io_tlb_used is back to $used0 after the unmaps"
	[ -e $TLB/io_tlb_used_hiwater ] &&
		t_cmp "$(cat $TLB/io_tlb_used_hiwater)" -gt 0 "swiotlb's high-water mark shows the bounce slots"
else
	t_diag "$c: $AL_ERRNO: $(reason)"
	t_match "$AL_ERRNO" 'EINVAL|ENOMEM|EIO' "$c: refused with an errno"
	t_match "$(reason)" 'swiotlb|beyond the device|dma_set_mask' "$c: ... and the reason (no bounce possible)"
fi
mem_back "streaming"

# ---- sg ----
t_ok "sg nents=16 size=4096 runs" al_run "sg nents=16 size=4096 count=50"
t_is "$(al_last nents_in)" 16 "sg: 16 segments in"
t_is "$(al_last nents_out)" 16 "sg: 16 segments out on the direct path (no merging)"
t_match "$(cat $L)" '^unmap_ns_p50: [0-9]+' "sg: map and unmap phases"
t_is "$(grep -c '^segment\[' $L)" 8 "sg: the first 8 mapped segments are listed"
t_not "sg size=131072 (over the 64 KiB max segment) is refused" al_run "sg nents=2 size=131072"
t_match "$(reason)" 'max segment size' "sg: the reason names the max segment size"
mem_back "sg"

# ---- pool ----
# pool_ok ARGS
pool_ok() {
	t_ok "pool $1 runs" al_run "pool $1"
	t_cmp "$(al_last blocks_checked)" -gt 0 "pool $1: blocks checked"
	t_is "$(al_last misaligned)" 0 "pool $1: every block honours align="
	t_is "$(al_last crossing_boundary)" 0 "pool $1: no block crosses boundary="
	t_is "$(al_last outside_mask)" 0 "pool $1: every block inside the mask"
}
pool_ok "size=64 align=64 boundary=4096 count=500"
t_is "$(al_last stride)" 64 "pool size=64: blocks 64 bytes apart"
pool_ok "size=100 align=128 boundary=1024 count=500 mask=$LOW"
pool_ok "size=3000 boundary=4096 count=50"
pool_ok "size=24 align=8 count=2000 cpus=2"
mem_back "pool"

# ---- noncoherent ----
for api in noncoherent pages; do
	c="noncoherent api=$api size=16384 count=8"
	t_ok "$c runs" al_run "$c"
	t_is "$(al_last buffers_checked)" 8 "$c: 8 buffers"
	t_is "$(al_last not_aligned_to_order)" 0 "$c: aligned to the order"
	t_is "$(al_last outside_mask)" 0 "$c: inside the mask"
	t_is "$(al_last not_contiguous)" 0 "$c: contiguous"
	t_match "$(cat $L)" '^sync_ns_p50: [0-9]+' "$c: the sync phase is timed"
done
mem_back "noncoherent"

# ---- bad parameters: an errno and a reason, nothing allocated ----
# bad CMD ERRNO REGEX
bad() {
	al_run "$1"
	t_is "$AL_ERRNO" "$2" "$1 is refused with $2"
	t_match "$(reason)" "$3" "$1: the reason says why"
}
bad "coherent size=0" ERANGE 'size'
bad "coherent mask=13" EINVAL '24, 28, 32 or 64'
bad "coherent attrs=BOGUS" EINVAL 'attrs='
bad "streaming dir=sideways" EINVAL 'dir'
bad "pool size=64 align=48" EINVAL 'power of two'
bad "pool size=64 boundary=32" EINVAL 'smaller than the block'
bad "pool size=64 boundary=100" EINVAL 'power of two'
bad "sg nents=0" ERANGE 'nents'

# ---- the edu device through dev=, no driver taken ----
if [ -n "$EDU" ]; then
	ES=/sys/bus/pci/devices/$EDU
	GROUP=0
	[ -e $ES/iommu_group ] && GROUP=1
	drv=$(readlink $ES/driver 2>/dev/null)
	t_diag "edu $EDU: iommu_group $GROUP, driver ${drv##*/}"
	t_ok "alloclab_dma reloads with dev=$EDU" sh -c "rmmod alloclab_dma && insmod $AL_DIR/alloclab_dma.ko dev=$EDU"
	t_match "$(cat $D/experiments)" "^coherent@$EDU " "coherent@$EDU is listed"
	t_is "$(readlink $ES/driver 2>/dev/null)" "$drv" "dev= leaves edu's driver binding as it was"
	t_ok "coherent@$EDU size=8192 runs" al_run "coherent@$EDU size=8192 count=4"
	t_diag "$(grep -E '^(path|dma_is_phys|iommu_group|iommu_domain|not_contiguous)' $L)"
	t_is "$(al_last outside_mask)" 0 "coherent@$EDU: inside the device's mask"
	t_is "$(al_last not_aligned_to_order)" 0 "coherent@$EDU: bus addresses aligned to the order"
	if [ $GROUP = 1 ]; then
		t_is "$(al_last dma_is_phys)" no "IOMMU: edu's bus address differs from the physical one"
		t_match "$(al_last path)" '^iommu' "IOMMU: the path is the IOMMU"
		t_ok "sg@$EDU nents=16 runs" al_run "sg@$EDU nents=16 size=4096 count=20"
		t_cmp "$(al_last nents_out)" -lt 16 "IOMMU: sg segments merged ($(al_last nents_out) out of 16)"
	elif [ $IOMMU = 1 ]; then
		t_skip "edu's bus address vs physical through the IOMMU" "edu has no iommu_group while unbound (arm64 SMMUv3: groups appear when a driver binds)"
	elif [ "$ARCH" = x86_64 ]; then
		t_is "$(al_last dma_is_phys)" yes "no IOMMU, amd64: edu's bus address is the physical one"
		t_is "$(al_last path)" direct "no IOMMU: the direct path"
	else
		t_diag "no IOMMU, $ARCH: dma_is_phys=$(al_last dma_is_phys) (phys_to_dma may offset)"
	fi
	t_ok "streaming@$EDU runs" al_run "streaming@$EDU size=4096 count=100"
	bad "coherent@$EDU mask=64" EINVAL "own device only|driver"
	# hot removal: the device goes away, so do its experiments
	echo 1 >$ES/remove
	t_not "coherent@$EDU is gone after the PCI device's removal" grep -q "^coherent@$EDU " $D/experiments
	echo 1 >/sys/bus/pci/rescan
	t_ok "edu is back after a rescan" test -e $ES
	t_ok "alloclab_dma reloads without dev=" sh -c "rmmod alloclab_dma && insmod $AL_DIR/alloclab_dma.ko"
else
	t_skip "the edu device through dev=" "no edu PCI device (1234:11e8) in this guest"
fi
mem_back "all"

if [ -e $DBG_ERR ]; then
	t_is "$(cat $DBG_ERR)" 0 "DMA-API debug: 0 errors"
fi
t_is "$(dmesg | tail -n +$((dmesg0 + 1)) | grep -cE 'WARNING|DMA addr overflow|swiotlb addr overflow|BUG')" 0 "no WARN, overflow or BUG in dmesg"
t_done
