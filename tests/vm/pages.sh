#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Pages family (modules/pages): pages, gfp_matrix, fragment.
# Runs in the guest (busybox sh). Every expectation comes from the running
# kernel: the zones and their pfn spans from /proc/zoneinfo, the free lists
# from /proc/buddyinfo, the per-CPU list pages from zoneinfo's "count:", the
# top order from the module's max_order (MAX_ORDER / MAX_PAGE_ORDER).
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
L=$D/last

# a debug kernel (KASAN, kmemleak) is ~10x slower: fewer blocks, same checks
if [ -e /sys/kernel/debug/kmemleak ] || grep -q kasan /proc/slabinfo 2>/dev/null; then
	N=400
else
	N=2000
fi

# zoneinfo: managed pages / first pfn / pfn end of zone NAME summed over nodes
zone_managed() {
	awk -v z="$1" '$1 == "Node" { f = ($4 == z); next } f && $1 == "managed" { s += $2 }
		END { print s + 0 }' /proc/zoneinfo
}
zone_end_pfn() {
	awk -v z="$1" '$1 == "Node" { f = ($4 == z); next }
		f && $1 == "spanned" { sp = $2 } f && $1 == "start_pfn:" { e = $2 + sp; if (e > m) m = e }
		END { print m + 0 }' /proc/zoneinfo
}
# pages on the per-CPU lists of all zones
pcp_pages() { awk '$1 == "count:" { s += $2 } END { print s + 0 }' /proc/zoneinfo; }
# free pages in blocks of order >= $1, all zones (/proc/buddyinfo)
high_pages() {
	awk -v h="$1" '$1 == "Node" { p = 1; for (i = 5; i <= NF; i++) { if (i - 5 >= h) s += $i * p; p *= 2 } }
		END { printf "%d\n", s }' /proc/buddyinfo
}
# largest order with a free block in /proc/buddyinfo (zones up to $1, e.g. DMA32)
buddy_largest() {
	awk '$1 == "Node" { for (i = 5; i <= NF; i++) if ($i > 0 && i - 5 > m) m = i - 5 }
		BEGIN { m = -1 } END { print m }' /proc/buddyinfo
}
# the unusable index (thousandths) of zone $1 at order $2 from debugfs extfrag
extfrag_unusable() {
	awk -v z="$1" -v o="$2" '$4 == z { v = $(5 + o); sub(/\./, "", v); print v + 0; exit }' \
		/sys/kernel/debug/extfrag/unusable_index 2>/dev/null
}
# a row's value: row_val ROWTEXT KEY
row_val() { printf '%s\n' "$1" | sed -n "s/.* $2=\([^ ]*\).*/\1/p"; }
# ordered P50 <= P99 for a prefix
ordered() {
	t_cmp "$(al_last "${1}_p50")" -le "$(al_last "${1}_p99")" "$2: ${1}_p50 <= ${1}_p99"
}
# memory back within 1% of where the test started (MemFree + per-CPU lists)
mem_back() {
	local now
	now=$(al_mem_free_kb)
	t_cmp "$now" -ge "$((MEM0 - MEM0 / 100))" "$1: free memory back within 1% ($MEM0 -> $now kB)"
}
# every block checked and none bad
blocks_ok() {
	t_is "$(al_last blocks_bad)" 0 "$1: every block contiguous, aligned, in one zone"
	t_match "$(al_last contiguous)" '^yes ' "$1: contiguous: $(al_last contiguous)"
	t_match "$(al_last aligned)" '^yes ' "$1: aligned: $(al_last aligned)"
}

dmesg0=$(dmesg | wc -l)
al_load
t_ok "alloclab_pages is loaded" grep -q '^alloclab_pages ' /proc/modules
for e in pages gfp_matrix fragment; do
	t_match "$(cat $D/experiments)" "^$e \\[alloclab_pages\\]" "experiments lists $e"
done
al_settle
MEM0=$(al_mem_free_kb)

# ---- pages: order 0, repeat; the kernel's page size and top order ----
t_ok "pages order=0 count=$N runs" al_run "pages order=0 count=$N"
PAGE=$(al_last block_bytes)
MAXO=$(al_last max_order)
t_diag "page size $PAGE, top order $MAXO"
t_is "$(al_last ops)" "$N" "pages repeat: ops=$N"
t_is "$(al_last failures)" 0 "pages repeat: failures=0"
t_is "$(al_last units_per_op)" "" "pages order=0: one page per op (no units_per_op line)"
blocks_ok "pages order=0 repeat"
t_cmp "$(al_last blocks_checked)" -ge 1 "pages repeat checks a sample of blocks"
t_match "$(al_last buddy_pages_taken)" '^not measured' "pages repeat says the buddy share is not measured"
t_cmp "$(zone_managed "$(al_last zone)")" -gt 0 "pages order=0 came from a populated zone ($(al_last zone))"
mem_back "pages order=0 repeat"

# ---- every pattern at orders 0, 3 and the top: all blocks checked ----
for o in 0 3 "$MAXO"; do
	n=$N
	[ "$o" = "$MAXO" ] && n=4
	[ "$o" = 3 ] && n=$((N / 4))
	for pat in bulk random; do
		d="pages order=$o count=$n pattern=$pat"
		t_ok "$d runs" al_run "pages order=$o count=$n pattern=$pat mode=perop" || continue
		t_is "$(al_last ops)" "$n" "$d: ops=$n"
		t_is "$(al_last free_ops)" "$n" "$d: free_ops=$n"
		t_is "$(al_last failures)" 0 "$d: failures=0"
		t_is "$(al_last blocks_checked)" "$n" "$d: all $n blocks checked"
		blocks_ok "$d"
		upo="$((1 << o)).0"
		[ "$o" = 0 ] && upo=
		t_is "$(al_last units_per_op)" "$upo" "$d: $((1 << o)) pages per op"
		sum=0
		for r in $(grep '^zone\[' $L | sed 's/.* blocks=//'); do sum=$((sum + r)); done
		t_is "$sum" "$n" "$d: the zone rows count every block"
		ordered ns "$d"
		ordered free_ns "$d"
	done
	mem_back "pages order=$o"
done
t_ok "pages order=3 count=500 pattern=bulk runs" al_run "pages order=3 count=500 pattern=bulk mode=perop"
t_diag "transcript:" "$(grep -E '^(command|ops|ns_p50|ns_p99|free_ns_p50|free_ns_p99|units_per_op|order|block_bytes|blocks_checked|contiguous|aligned|zone|node|below_4g|buddy_pages_taken|pcp_pages_before|pcp_pages_held):' $L)" \
	"$(grep '^zone\[' $L)"
t_ok "pages order=0 count=$((N * 8)) pattern=bulk runs" al_run "pages order=0 count=$((N * 8)) pattern=bulk"
t_cmp "$(al_last buddy_pages_taken)" -gt 0 \
	"pages bulk of $((N * 8)) pages reaches the buddy lists (buddy_pages_taken $(al_last buddy_pages_taken))"
if [ "$(grep -c ^processor /proc/cpuinfo)" -ge 2 ]; then
	t_ok "pages cpus=2 pattern=random runs" al_run "pages order=1 count=$N pattern=random cpus=2"
	t_is "$(al_last ops)" "$((2 * N))" "pages cpus=2: ops from both workers"
	t_is "$(al_last blocks_checked)" "$((2 * N))" "pages cpus=2: every block of both workers checked"
	blocks_ok "pages cpus=2"
fi

# ---- the bulk API (alloc_pages_bulk_array + release_pages) ----
t_ok "pages api=array repeat runs" al_run "pages api=array bulk=64 count=$((N * 4))"
t_is "$(al_last ops)" "$((N * 4 / 64))" "api=array repeat: one op per call of 64 pages"
t_is "$(al_last units_per_op)" 64.0 "api=array: 64 pages per op"
t_is "$(al_last failures)" 0 "api=array repeat: failures=0"
t_is "$(al_last blocks_checked)" 64 "api=array repeat: one call's 64 pages checked"
t_match "$(al_last api)" 'alloc_pages_bulk_array' "api=array says which API"
for pat in bulk random; do
	t_ok "pages api=array pattern=$pat runs" al_run "pages api=array bulk=32 count=$N pattern=$pat"
	t_is "$(al_last live_peak)" "$N" "api=array $pat: $N pages live"
	t_is "$(al_last blocks_checked)" "$N" "api=array $pat: every page checked"
	blocks_ok "api=array $pat"
done
mem_back "pages api=array"

# ---- zones: DMA and DMA32 where this kernel has them (zoneinfo) ----
for z in DMA DMA32; do
	if [ $z = DMA32 ] && [ "$(zone_managed DMA32)" -eq 0 ] && [ "$(zone_managed DMA)" -gt 0 ]; then
		# e.g. arm64 whose DMA zone covers all RAM below 4 GiB: DMA32 falls back to DMA
		t_ok "pages gfp=DMA32 runs (no DMA32 zone)" al_run "pages order=0 count=64 pattern=bulk gfp=KERNEL|DMA32"
		t_is "$(al_last zone)" DMA "gfp=DMA32 without a DMA32 zone: pages come from the zone below, DMA"
		t_is "$(al_last below_4g)" 64 "gfp=DMA32: all 64 blocks below 4 GiB"
		continue
	fi
	if [ "$(zone_managed $z)" -eq 0 ]; then
		t_skip "gfp=$z pages come from zone $z" "no populated zone $z in /proc/zoneinfo"
		continue
	fi
	t_ok "pages gfp=$z runs" al_run "pages order=0 count=64 pattern=bulk gfp=KERNEL|$z"
	t_is "$(al_last zone)" "$z" "gfp=$z pages come from zone $z"
	t_is "$(grep -c '^zone\[' $L)" 1 "gfp=$z: every block from one zone"
	end_mib=$(( ($(zone_end_pfn $z) * PAGE + 1048575) / 1048576 ))
	t_cmp "$(al_last top_mib)" -le "$end_mib" "gfp=$z blocks end below the zone's end ($(al_last top_mib) <= $end_mib MiB)"
	[ $z = DMA32 ] && t_is "$(al_last below_4g)" 64 "gfp=DMA32: all 64 blocks below 4 GiB"
done
t_ok "pages gfp=KERNEL|ZERO runs" al_run "pages order=2 count=64 pattern=bulk gfp=KERNEL|ZERO"
t_match "$(al_last zeroed)" '^yes ' "gfp=ZERO: every byte of every block reads 0"
t_match "$(al_last init_on_alloc)" '^(yes|no) ' "pages reports whether init_on_alloc zeroes every block ($(al_last init_on_alloc))"

# ---- refused, with a reason ----
al_run "pages order=$((MAXO + 1))"
t_is "$AL_ERRNO" ERANGE "pages order=$((MAXO + 1)) (above MAX_ORDER) is refused with ERANGE"
t_match "$(al_key $D/last_error reason)" 'order' "order above MAX_ORDER: last_error names order"
al_run "pages api=array order=1"
t_is "$AL_ERRNO" EINVAL "pages api=array order=1 is refused with EINVAL"
t_match "$(al_key $D/last_error reason)" 'order-0' "api=array order=1 says why"
al_run "pages gfp=HIGHUSER_MOVABLE|DMA32"
t_is "$AL_ERRNO" EINVAL "pages gfp=HIGHUSER_MOVABLE|DMA32 (a zone combination gfp_zone() calls a bug) is refused with EINVAL"
t_match "$(al_key $D/last_error reason)" 'HIGHUSER_MOVABLE cannot' "HIGHUSER_MOVABLE|DMA32 says why"
al_run "pages order=$MAXO count=1000000 pattern=bulk"
t_is "$AL_ERRNO" EFBIG "pages of 1000000 top-order blocks is over the budget (EFBIG)"

# ---- gfp_matrix ----
t_ok "gfp_matrix tries=2 runs" al_run "gfp_matrix tries=2"
cp $L /tmp/matrix
t_diag "transcript:" "$(grep -E '^cell\[[0-9]+\]: gfp=(KERNEL|DMA|DMA32) order=(0|3|9|10) ' /tmp/matrix)"
t_is "$(grep -c '^cell\[' /tmp/matrix)" "$((6 * (MAXO + 1)))" "gfp_matrix: one row per profile x order 0..$MAXO"
t_is "$(al_key /tmp/matrix cells)" "$((6 * (MAXO + 1)))" "gfp_matrix counts its cells"
t_match "$(al_key /tmp/matrix blocks_bad)" '^0 ' "gfp_matrix: every block it got is contiguous and aligned"
t_is "$(al_key /tmp/matrix cells_mixed_zones)" 0 "gfp_matrix: each cell's blocks from one zone"
cell() { grep "^cell\[[0-9]*\]: gfp=$1 order=$2 " /tmp/matrix; }
t_is "$(row_val "$(cell KERNEL 0)" ok)" 2/2 "gfp_matrix KERNEL order 0: 2/2"
t_is "$(row_val "$(cell KERNEL "$MAXO")" ok)" 2/2 "gfp_matrix KERNEL order $MAXO: 2/2 on a fresh guest"
for z in DMA DMA32; do
	if [ "$(zone_managed $z)" -gt 0 ]; then
		t_is "$(row_val "$(cell $z 0)" zone)" "$z" "gfp_matrix $z order 0 comes from zone $z"
	else
		t_skip "gfp_matrix $z order 0 comes from zone $z" "no populated zone $z"
	fi
done
t_cmp "$(row_val "$(cell ATOMIC 0)" ns_p50)" -le "$(row_val "$(cell ATOMIC 0)" ns_max)" "gfp_matrix reports ns_p50 <= ns_max"
t_is "$(grep -c '^zones\[' /tmp/matrix)" "$(awk '$1 == "managed" && $2 > 0' /proc/zoneinfo | wc -l)" \
	"gfp_matrix lists every populated zone of /proc/zoneinfo"
mem_back "gfp_matrix"

# ---- fragment: held damage in /proc/buddyinfo, release restores it ----
H=4
hp0=$(high_pages $H)
# the zone with the most free memory, and the kernel's own index for it
big=$(awk '$1 == "Node" { s = 0; p = 1; for (i = 5; i <= NF; i++) { s += $i * p; p *= 2 }
	if (s > m) { m = s; z = $4 } } END { print z }' /proc/buddyinfo)
ux0=$(extfrag_unusable "$big" $H)
t_ok "fragment percent=20 hold=1 runs" al_run "fragment percent=20 hold=1"
cp $L /tmp/frag
t_diag "transcript:" "$(grep -vE '^(result|cpus|mode|batch|ops|failures|elapsed_ns|timer_overhead|phases|ns_|cycles_|unit|bytes_)' /tmp/frag)"
taken=$(al_key /tmp/frag pages_taken)
held=$(al_key /tmp/frag pages_held)
t_cmp "$taken" -gt 0 "fragment took pages ($taken)"
t_cmp "$held" -ge "$((taken * 2 / 5))" "fragment keeps about half ($held of $taken)"
t_is "$(al_key /tmp/frag high_order_from)" "$H" "fragment counts high orders from $H"
hp1=$(high_pages $H)
t_diag "free pages in blocks of order >= $H: before $hp0, held $hp1 (taken $taken, pcp $(pcp_pages))"
t_cmp "$hp1" -le "$((hp0 - taken / 2))" "held fragmenter lowers /proc/buddyinfo's order >= $H pages by >= half of what it took"
t_cmp "$(al_key /tmp/frag high_order_pages_held)" -le "$(( $(al_key /tmp/frag high_order_pages_before) - taken / 2))" \
	"the module's own counts show the same drop"
t_is "$(al_key /tmp/frag largest_ok)" "$(buddy_largest)" "largest order that succeeds = largest order in /proc/buddyinfo ($(buddy_largest))"
t_is "$(al_key /tmp/frag largest_ok)" "$(al_key /tmp/frag buddy_largest_held)" "largest_ok agrees with the module's free-list snapshot"
t_is "$(grep -c '^order\[' /tmp/frag)" "$((MAXO + 1))" "fragment: a success-rate row per order 0..$MAXO"
t_is "$(grep -c '^buddy\[.*when=held' /tmp/frag)" "$(grep -c '^Node' /proc/buddyinfo)" "a held buddy row per zone of /proc/buddyinfo"
ub=$(row_val "$(grep "^unusable\[.*when=before .*zone=$big " /tmp/frag)" o$H)
uh=$(row_val "$(grep "^unusable\[.*when=held .*zone=$big " /tmp/frag)" o$H)
t_cmp "$uh" -gt "$ub" "zone $big: the module's unusable free space index at order $H rises while held ($ub -> $uh)"
# mm/vmstat.c unusable_free_index(), recomputed here from the module's own buddy row
want=$(grep "^buddy\[.*when=held .*zone=$big " /tmp/frag | tr ' ' '\n' | sed -n 's/^o[0-9]*=//p' | awk '
	{ n[NR - 1] = $1 } END { for (o = 0; o < NR; o++) { f = 0; s = 0; p = 1
		for (k = 0; k < NR; k++) { f += n[k] * p; p *= 2 }
		p = 1; for (k = o; k < NR; k++) { s += n[k] * p; p *= 2 }
		q = 1; for (k = 0; k < o; k++) q *= 2
		printf "%so%d=%d", o ? " " : "", o, f ? int((f - s * q) * 1000 / f) : 1000 } }')
got=$(grep "^unusable\[.*when=held .*zone=$big " /tmp/frag | sed 's/.* zone=[^ ]* //')
t_is "$got" "$want" "zone $big: the unusable index row is vmstat's formula applied to the buddy row"
if [ -n "$ux0" ]; then
	ux1=$(extfrag_unusable "$big" $H)
	t_cmp "$ux1" -gt "$ux0" "zone $big: debugfs extfrag/unusable_index at order $H rises too ($ux0 -> $ux1)"
else
	t_skip "debugfs extfrag/unusable_index rises while held" "no /sys/kernel/debug/extfrag"
fi
t_match "$(grep 'alloclab_pages\|fragment' $D/held)" 'fragment' "the held fragmenter is listed in held"
t_ok "release" al_run release
# Freed pages sit on the per-CPU lists until drained (auto-tuned on 6.7+: thousands
# of pages); each keeps at most 2^H pages out of orders >= H. Wait (<= 20 s) for
# the free lists to merge back to within 1%; after 5 s allow pcp x 2^H more.
i=0
while :; do
	hp2=$(high_pages $H); pcp=$(pcp_pages)
	[ "$hp2" -ge "$((hp0 - hp0 / 100))" ] && break
	[ $i -ge 5 ] && [ "$hp2" -ge "$((hp0 - hp0 / 100 - pcp * (1 << H)))" ] && break
	[ $i -ge 20 ] && break
	i=$((i + 1)); sleep 1
done
t_diag "after release: order >= $H pages $hp2 (before $hp0, held $hp1), pcp $pcp, waited ${i}s"
t_cmp "$hp2" -ge "$((hp0 - hp0 / 100 - pcp * (1 << H)))" \
	"release restores /proc/buddyinfo's order >= $H pages (within 1% + pcp x 2^$H)"
t_cmp "$((hp2 - hp1))" -ge "$((taken / 4))" "release gives back >= 1/4 of the pages taken to orders >= $H ($((hp2 - hp1)))"
mem_back "fragment hold=1 + release"

t_ok "fragment percent=10 movable=1 compact=1 runs" al_run "fragment percent=10 movable=1 compact=1"
t_is "$(al_last gfp)" HIGHUSER_MOVABLE "fragment movable=1 takes GFP_HIGHUSER_MOVABLE pages"
t_match "$(al_last compact)" '^done' "compact=1 wrote /proc/sys/vm/compact_memory"
t_cmp "$(grep -c '^buddy\[.*when=compacted' $L)" -ge 1 "compact=1 reports the free lists after compaction"
t_cmp "$(grep -c '^buddy\[.*when=after' $L)" -ge 1 "without hold the free lists after are reported"
t_is "$(grep -c fragment $D/held)" 0 "without hold=1 nothing is kept"
mem_back "fragment compact=1"

al_run "fragment percent=60"
t_is "$AL_ERRNO" EFBIG "fragment percent=60 without force=1 is refused with EFBIG"
t_match "$(al_key $D/last_error reason)" 'safe bound' "percent over the bound says why"
al_run "fragment percent=91 force=1"
t_is "$AL_ERRNO" ERANGE "fragment percent=91 is out of range (ERANGE)"
t_is "$(grep -c fragment $D/held)" 0 "nothing held after the refused runs"

# ---- a killed writer: every block freed ----
sh -c "echo 'pages order=1 count=1000000 mode=perop' > $D/run" 2>/dev/null &
pid=$!
sleep 1
if kill -0 $pid 2>/dev/null; then
	kill -9 $pid
	wait $pid 2>/dev/null
	t_match "$(al_key $D/last_error reason)" 'interrupted' "killed pages run: last_error says interrupted"
else
	wait $pid
	t_skip "kill during a pages run" "it finished within 1 s"
fi
mem_back "killed pages run"

t_is "$(dmesg | tail -n +$((dmesg0 + 1)) | grep -cE 'WARNING:|BUG:|Oops|Call Trace|page allocation failure')" 0 \
	"dmesg since the start has no warning, stack dump or allocation failure report"
t_ok "unload" al_unload
t_done
