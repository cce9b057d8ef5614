#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `make bench`: slab allocator figures on the booted kernel. Each figure is the
# median of 3 runs after one warm-up run. Prints "# BENCH|label|mean|p50|unit"
# lines (scripts/bench-table.sh makes the table) next to ordinary KTAP checks.
. /tests/lib.sh

RUNS=3

# bench_cmd "cmd": warm up once, then run RUNS times keeping each `last`
bench_cmd() {
	i=0
	al_run "$1" || return 1
	while [ $i -lt $RUNS ]; do
		al_run "$1" || return 1
		cp "$AL_DEBUGFS/last" "/tmp/bench.$i"
		i=$((i + 1))
	done
}

# median KEY [DIV]: median over the kept runs of KEY (divided by DIV)
median() {
	for f in /tmp/bench.*; do al_key "$f" "$1"; done |
		awk -v d="${2:-1}" '{ v[NR] = $1 / d } END {
			n = NR; for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			printf "%.1f\n", n ? v[int((n + 1) / 2)] : 0 }'
}

# row LABEL MEAN P50 UNIT ("-" where a column does not apply)
row() { t_diag "BENCH|$1|$2|$3|$4"; }
info() { t_diag "BENCHINFO|$1|$2"; }

# check that a run was clean; prints the KTAP line
clean() {
	f=0
	for r in /tmp/bench.*; do f=$((f + $(al_key "$r" failures))); done
	t_is "$f" 0 "$1: no allocation failed"
}

al_load
info kernel "$(uname -r) $(uname -m)"
info cpus "$(grep -c ^processor /proc/cpuinfo)"
info runs "median of $RUNS runs after a warm-up, one worker on CPU 0"

# kmalloc-64: alloc+free pairs, batch (one clock read per 64 ops) and per-op.
# mean = total time / ops; p50 = median of the records (a batch of 64 ops, or
# one op), which a preempted vCPU or an interrupt does not move.
t_ok "kmalloc size=64 repeat mode=batch" bench_cmd "kmalloc size=64 count=200000 pattern=repeat mode=batch batch=64"
clean "kmalloc-64 batch"
t_is "$(al_key /tmp/bench.0 slab_class)" kmalloc-64 "size=64 is served by kmalloc-64"
batch_mean=$(median ns_mean)
row "kmalloc-64 alloc+free, mode=batch (64 ops per clock read)" "$batch_mean" "$(median ns_p50)" ns/op

t_ok "kmalloc size=64 repeat mode=perop" bench_cmd "kmalloc size=64 count=200000 pattern=repeat mode=perop"
clean "kmalloc-64 perop"
p50=$(median ns_p50)
p99=$(median ns_p99)
row "kmalloc-64 alloc+free, mode=perop (clock overhead subtracted)" "$(median ns_mean)" "$p50" ns/op
row "kmalloc-64 alloc+free, mode=perop p90" "$(median ns_p90)" - ns/op
row "kmalloc-64 alloc+free, mode=perop p99" "$p99" - ns/op
row "timer overhead: one clock read (subtracted per op)" "$(median timer_overhead_ns)" - ns
t_cmp "$p50" -le "$p99" "kmalloc-64 perop: p50 <= p99"
t_cmp "$batch_mean" -gt 0 "kmalloc-64 batch: a positive time per op"

# kmem_cache of 64-byte objects: one call per object vs kmem_cache_alloc_bulk(16);
# bulk=16 times one call of 16 objects as one op, hence the division by 16
t_ok "kmem_cache size=64 bulk=0" bench_cmd "kmem_cache size=64 count=160000 bulk=0"
clean "kmem_cache loop"
la=$(median ns_mean); la50=$(median ns_p50)
lf=$(median free_ns_mean); lf50=$(median free_ns_p50)
t_ok "kmem_cache size=64 bulk=16" bench_cmd "kmem_cache size=64 count=160000 bulk=16"
clean "kmem_cache bulk=16"
t_is "$(al_key /tmp/bench.0 ops)" 10000 "bulk=16: 10000 calls of 16 objects"
ba=$(median ns_mean 16); ba50=$(median ns_p50 16)
bf=$(median free_ns_mean 16); bf50=$(median free_ns_p50 16)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row "kmem_cache_alloc, one call per object (bulk=0)" "$la" "$la50" ns/object
row "kmem_cache_alloc_bulk, 16 objects per call" "$ba" "$ba50" ns/object
row "alloc speedup: loop / bulk=16" "$(ratio "$la" "$ba")" "$(ratio "$la50" "$ba50")" x
row "kmem_cache_free, one call per object (bulk=0)" "$lf" "$lf50" ns/object
row "kmem_cache_free_bulk, 16 objects per call" "$bf" "$bf50" ns/object
row "free speedup: loop / bulk=16" "$(ratio "$lf" "$bf")" "$(ratio "$lf50" "$bf50")" x
rm -f /tmp/bench.*

# kmem_cache pattern=repeat: alloc+free of one object (bulk=0), or one
# alloc_bulk of 16 then one free_bulk of those 16 (bulk=16): the per-CPU
# fastpath, which a fill-then-drain pattern does not measure
t_ok "kmem_cache size=64 pattern=repeat bulk=0" bench_cmd "kmem_cache size=64 count=160000 pattern=repeat bulk=0"
clean "kmem_cache repeat bulk=0"
ra=$(median ns_mean); ra50=$(median ns_p50)
t_ok "kmem_cache size=64 pattern=repeat bulk=16" bench_cmd "kmem_cache size=64 count=160000 pattern=repeat bulk=16"
clean "kmem_cache repeat bulk=16"
t_is "$(al_key /tmp/bench.0 units_per_op)" 16.0 "repeat bulk=16: 16 objects per op"
rb=$(median ns_mean 16); rb50=$(median ns_p50 16)
row "kmem_cache alloc+free, repeat, one object per call (bulk=0)" "$ra" "$ra50" ns/object
row "kmem_cache alloc_bulk+free_bulk of 16, repeat (bulk=16)" "$rb" "$rb50" ns/object
row "repeat speedup: bulk=0 / bulk=16" "$(ratio "$ra" "$rb")" "$(ratio "$ra50" "$rb50")" x
rm -f /tmp/bench.*

# the null op (alloclab_selftest): what the harness itself costs after the
# calibrated clock overhead is subtracted; must read < 1 ns/op in batch mode
t_ok "null mode=batch" bench_cmd "null count=1000000"
nm=$(median ns_mean)
t_cmp "$nm" -lt 1 "null op, batch mode: < 1 ns/op ($nm)"
row "null op, mode=batch (harness cost after subtraction)" "$nm" "$(median ns_p50)" ns/op
t_ok "null mode=perop" bench_cmd "null count=200000 mode=perop"
row "null op, mode=perop" "$(median ns_mean)" "$(median ns_p50)" ns/op
row "timer overhead of one clock read (null perop)" "$(median timer_overhead_ns)" - ns
rm -f /tmp/bench.*

# alloclab_pages: the buddy allocator, per-op (clock overhead subtracted).
# repeat = alloc+free of one block, served by the per-CPU lists; bulk = all
# blocks first (count beyond what the per-CPU lists hold, so the buddy free
# lists pay), then all freed; array = alloc_pages_bulk_array of 64 pages +
# release_pages; ZERO = the same with __GFP_ZERO.
for o in 0 3; do
	n=20000
	[ $o = 3 ] && n=4000
	t_ok "pages order=$o repeat perop" bench_cmd "pages order=$o count=$n pattern=repeat mode=perop"
	clean "pages order=$o repeat"
	row "pages order-$o alloc+free, repeat (per-CPU lists), perop" "$(median ns_mean)" "$(median ns_p50)" ns/block
	row "pages order-$o alloc+free, repeat, perop p99" "$(median ns_p99)" - ns/block
	t_ok "pages order=$o bulk perop" bench_cmd "pages order=$o count=$n pattern=bulk mode=perop"
	clean "pages order=$o bulk"
	row "pages order-$o alloc, bulk of $n (buddy lists), perop" "$(median ns_mean)" "$(median ns_p50)" ns/block
	row "pages order-$o alloc, bulk, perop p99" "$(median ns_p99)" - ns/block
	row "pages order-$o free, bulk, perop" "$(median free_ns_mean)" "$(median free_ns_p50)" ns/block
	row "pages order-$o free, bulk, perop p99" "$(median free_ns_p99)" - ns/block
	info "pages order=$o bulk buddy_pages_taken" "$(al_key /tmp/bench.0 buddy_pages_taken) of $((n << o)) pages"
	t_ok "pages order=$o repeat ZERO perop" bench_cmd "pages order=$o count=$n pattern=repeat mode=perop gfp=KERNEL|ZERO"
	row "pages order-$o alloc+free, repeat, with __GFP_ZERO, perop" "$(median ns_mean)" "$(median ns_p50)" ns/block
	rm -f /tmp/bench.*
done
t_ok "pages api=array repeat" bench_cmd "pages api=array bulk=64 count=64000 pattern=repeat mode=perop"
clean "pages api=array"
row "pages alloc_pages_bulk_array(64)+release_pages, repeat" "$(median ns_mean 64)" "$(median ns_p50 64)" ns/page
t_ok "pages api=array bulk" bench_cmd "pages api=array bulk=64 count=19968 pattern=bulk mode=perop"
row "pages alloc_pages_bulk_array(64), bulk of 19968" "$(median ns_mean 64)" "$(median ns_p50 64)" ns/page
row "pages release_pages(64), bulk of 19968" "$(median free_ns_mean 64)" "$(median free_ns_p50 64)" ns/page
# vmalloc family: one page and 1 MiB per vmalloc() call, per-op (p50/p99 of single
# calls); mempool: alloc+free served by the allocator (hit) vs by the reserve
# with the allocator failing (fallback)
t_ok "vmalloc size=4k mode=perop" bench_cmd "vmalloc size=4096 count=2000 mode=perop"
clean "vmalloc 1 page"
row "vmalloc 1 page per call (perop)" "$(median ns_mean)" "$(median ns_p50)" ns/call
row "vmalloc 1 page per call p99" "$(median ns_p99)" - ns/call
row "vzalloc 1 page per call" "$(median vzalloc_ns_mean)" "$(median vzalloc_ns_p50)" ns/call
row "vfree 1 page per call" "$(median free_ns_mean)" "$(median free_ns_p50)" ns/call
t_ok "vmalloc size=1M mode=perop" bench_cmd "vmalloc size=1M count=64 mode=perop"
clean "vmalloc 1 MiB"
row "vmalloc 1 MiB per call (perop)" "$(median ns_mean)" "$(median ns_p50)" ns/call
row "vmalloc 1 MiB per call p99" "$(median ns_p99)" - ns/call
row "vmalloc 1 MiB per page" "$(median ns_per_unit)" - ns/page
row "vzalloc 1 MiB per call" "$(median vzalloc_ns_mean)" "$(median vzalloc_ns_p50)" ns/call
row "vfree 1 MiB per call" "$(median free_ns_mean)" "$(median free_ns_p50)" ns/call
rm -f /tmp/bench.*
t_ok "mempool mode=perop" bench_cmd "mempool kind=slab size=256 min_nr=16 count=20000 mode=perop"
clean "mempool"
t_is "$(al_key /tmp/bench.0 fallback_from_allocator)" 0 "mempool fallback: every element from the reserve"
row "mempool alloc+free, hit (the allocator serves)" "$(median ns_mean)" "$(median ns_p50)" ns/op
row "mempool alloc+free, hit p99" "$(median ns_p99)" - ns/op
row "mempool alloc+free, fallback (the reserve serves)" "$(median fallback_ns_mean)" "$(median fallback_ns_p50)" ns/op
row "mempool alloc+free, fallback p99" "$(median fallback_ns_p99)" - ns/op
rm -f /tmp/bench.*

# dma family: dma_alloc_coherent on alloclab's own device (no IOMMU in front),
# 4 KiB and 1 MiB, per op; a streaming 4 KiB dma_map_page + dma_unmap_page
# (the sync pair is a phase of its own, not counted here)
t_ok "coherent size=4k mode=perop" bench_cmd "coherent size=4096 count=256 mode=perop"
clean "coherent 4 KiB"
row "dma_alloc_coherent 4 KiB (own device, direct)" "$(median ns_mean)" "$(median ns_p50)" ns/call
row "dma_free_coherent 4 KiB" "$(median free_ns_mean)" "$(median free_ns_p50)" ns/call
t_ok "coherent size=1M mode=perop" bench_cmd "coherent size=1M count=16 mode=perop"
clean "coherent 1 MiB"
row "dma_alloc_coherent 1 MiB (own device, direct)" "$(median ns_mean)" "$(median ns_p50)" ns/call
row "dma_free_coherent 1 MiB" "$(median free_ns_mean)" "$(median free_ns_p50)" ns/call
rm -f /tmp/bench.*
t_ok "streaming size=4k mode=perop" bench_cmd "streaming size=4096 count=5000 mode=perop"
clean "streaming 4 KiB"
mu=$(for f in /tmp/bench.*; do echo "$(al_key "$f" ns_mean) $(al_key "$f" unmap_ns_mean)"; done |
	awk '{ v[NR] = $1 + $2 } END { n = NR; for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }; printf "%.1f\n", v[int((n + 1) / 2)] }')
row "dma_map_page+dma_unmap_page 4 KiB (own device, direct)" "$mu" - ns/pair
row "dma_map_page 4 KiB" "$(median ns_mean)" "$(median ns_p50)" ns/call
row "dma_unmap_page 4 KiB" "$(median unmap_ns_mean)" "$(median unmap_ns_p50)" ns/call
rm -f /tmp/bench.*
# dma family, edu driver: a 16 KiB round trip through QEMU's edu device (RAM -> device
# -> RAM, 4032 bytes per command). Each command completes on a 100 ms timer of QEMU's
# virtual clock: the figure is the emulator's pace (~20 kB/s), not a memory system's.
edu=$(ls /sys/bus/pci/drivers/alloclab_edu 2>/dev/null | grep : | head -n 1)
if [ -n "$edu" ]; then
	for buf in coherent streaming; do
		t_ok "edu_copy buf=$buf size=16k" bench_cmd "edu_copy@$edu buf=$buf size=16384"
		t_is "$(al_key /tmp/bench.0 mismatches)" 0 "edu_copy buf=$buf: no mismatch"
		row "edu round trip 16 KiB, buf=$buf (QEMU: 100 ms per DMA command)" \
			"$(median roundtrip_bytes_per_s 1000)" - kB/s
	done
	rm -f /tmp/bench.*
else
	t_skip "edu round trip" "no edu device bound to alloclab_edu"
# alloclab_cma: contiguous buffers through the DMA API on alloclab's own device
# (dma-direct -> dma_alloc_contiguous -> cma_alloc), per buffer, per-op; a
# kernel without CMA (Debian's amd64) lists the experiment unavailable
if grep -A1 '^cma ' "$AL_DEBUGFS/experiments" | grep -q 'unavailable:'; then
	for s in 1 4 16; do
		row "CMA $s MiB alloc (dma_alloc_attrs -> cma_alloc)" n/a - "no CMA on this kernel"
	done
	t_skip "cma bench rows" "$(grep -A1 '^cma ' "$AL_DEBUGFS/experiments" | sed -n 's/.*unavailable: //p')"
else
	for s in 1 4 16; do
		n=4
		[ $s = 16 ] && n=2
		t_ok "cma size=${s}M count=$n perop" bench_cmd "cma size=${s}M count=$n mode=perop"
		clean "cma ${s} MiB"
		t_is "$(al_key /tmp/bench.0 from_cma)" "$n" "cma ${s} MiB: every buffer from CMA"
		row "CMA $s MiB alloc (dma_alloc_attrs -> cma_alloc)" "$(median ns_mean 1000)" "$(median ns_p50 1000)" us/buffer
		row "CMA $s MiB free (dma_free_attrs -> cma_release)" "$(median free_ns_mean 1000)" "$(median free_ns_p50 1000)" us/buffer
		rm -f /tmp/bench.*
	done
fi

t_ok "unload" al_unload
t_done
