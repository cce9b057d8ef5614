#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Slab family (modules/slab): kmalloc, kmalloc_classes, kmem_cache.
# Runs in the guest (busybox sh). Expectations come from the running kernel
# (its KMALLOC_* constants as reported, /proc/slabinfo), never from one
# architecture's numbers: arm64 6.1 has no class below 128 bytes, for example.
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
L=$D/last

# slabinfo_col NAME COL: 2 active_objs, 3 num_objs, 4 objsize (SLUB: s->size, the
# stride), 5 objperslab, 6 pagesperslab
slabinfo_col() { awk -v n="$1" -v c="$2" '$1 == n { print $c; exit }' /proc/slabinfo; }
# the object size of cache NAME: SLUB's sysfs object_size (slabinfo's objsize
# column is the stride, which red zones and KASAN metadata make larger)
obj_size() {
	if [ -r "/sys/kernel/slab/$1/object_size" ]; then
		cat "/sys/kernel/slab/$1/object_size"
	else
		slabinfo_col "$1" 4
	fi
}

# ordered P50 <= P99 <= MAX for a prefix (ns, free_ns)
ordered() {
	p50=$(al_last "${1}_p50"); p99=$(al_last "${1}_p99"); max=$(al_last "${1}_max")
	t_cmp "$p50" -le "$p99" "$2: ${1}_p50 <= ${1}_p99 ($p50 <= $p99)"
	t_cmp "$p99" -le "$max" "$2: ${1}_p99 <= ${1}_max ($p99 <= $max)"
}

# log2 of a power of two
log2() { n=$1; l=0; while [ "$n" -gt 1 ]; do n=$((n / 2)); l=$((l + 1)); done; echo $l; }

dmesg0=$(dmesg | wc -l)
al_load
t_ok "alloclab_slab is loaded" grep -q '^alloclab_slab ' /proc/modules
for e in kmalloc kmalloc_classes kmem_cache; do
	t_match "$(cat $D/experiments)" "^$e \\[alloclab_slab\\]" "experiments lists $e"
done

# ---- kmalloc_classes: the measured table against the kernel's own rule ----
al_run "kmalloc_classes"
t_is "$?" 0 "kmalloc_classes runs"
cp $L /tmp/classes
MIN=$(al_last kmalloc_min_size)
MAXC=$(al_last kmalloc_max_cache_size)
MAXS=$(al_last kmalloc_max_size)
PAGE=$(al_last page_size)
t_diag "kernel constants: KMALLOC_MIN_SIZE=$MIN KMALLOC_MAX_CACHE_SIZE=$MAXC KMALLOC_MAX_SIZE=$MAXS PAGE_SIZE=$PAGE"
t_diag "$(grep '^class\[' /tmp/classes)"
# class rows: "class[i]: lo=1 hi=8 ksize=8 backing=slab cache=kmalloc-8"
row_val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

# mm/slab_common.c: powers of two KMALLOC_MIN_SIZE..KMALLOC_MAX_CACHE_SIZE,
# plus 96 if KMALLOC_MIN_SIZE <= 32 and 192 if KMALLOC_MIN_SIZE <= 64
want=
s=$MIN
while [ "$s" -le "$MAXC" ]; do
	[ "$s" = 128 ] && [ "$MIN" -le 32 ] && want="$want 96"
	[ "$s" = 256 ] && [ "$MIN" -le 64 ] && want="$want 192"
	want="$want $s"
	s=$((s * 2))
done
want=${want# }
got=$(grep '^class\[' /tmp/classes | grep ' backing=slab' | row_val ksize | tr '\n' ' ')
got=${got% }
t_is "$got" "$want" "kmalloc_classes measures the slab classes $want"
t_is "$(al_last smallest_class)" "${want%% *}" "smallest kmalloc class is ${want%% *} (KMALLOC_MIN_SIZE=$MIN)"

bad=
for c in $(grep '^class\[' /tmp/classes | grep ' backing=slab' | row_val cache); do
	k=$(grep "^class\[.* cache=$c\$" /tmp/classes | row_val ksize)
	[ "$(obj_size "$c")" = "$k" ] || bad="$bad $c"
done
t_is "$bad" "" "every measured slab class is a cache whose object size = ksize"

t_is "$(al_last page_allocator_from)" "$((MAXC + 1))" \
	"the page allocator serves kmalloc from KMALLOC_MAX_CACHE_SIZE+1 ($((MAXC + 1)))"
t_is "$(al_last largest_ok)" "$MAXS" "largest kmalloc that succeeds is KMALLOC_MAX_SIZE ($MAXS)"
t_is "$(al_last first_failure)" "$((MAXS + 1))" "kmalloc of KMALLOC_MAX_SIZE+1 fails (quietly)"
npages=$(grep '^class\[' /tmp/classes | grep -c ' backing=page_allocator ')
t_is "$(grep -c '^class\[' /tmp/classes)" "$(al_last classes)" "one class[i] row per class"
t_is "$(grep '^class\[' /tmp/classes | sed 's/^class\[\([0-9]*\)\].*/\1/' | tr '\n' ' ')" \
	"$(i=0; while [ $i -lt "$(al_last classes)" ]; do printf '%d ' $i; i=$((i + 1)); done)" \
	"class rows are numbered 0..classes-1 in order"
want_np=$(($(log2 $((MAXS / PAGE))) - $(log2 $((MAXC / PAGE))) ))
t_is "$npages" "$want_np" "one page-allocator class per order above the slab classes ($want_np)"
t_is "$(al_last classes)" "$(($(echo "$want" | wc -w) + want_np))" "classes counts every class"
t_is "$(al_last verified_sizes)" "1..$MAXC (every size)" "every size 1..$MAXC lands in its measured class"
t_is "$(al_last inconsistent)" "" "no size breaks the class table"

# smallest class >= N, from the rule above
class_for() { for c in $want; do [ "$c" -ge "$1" ] && { echo "$c"; return; }; done; }

# ---- kmalloc size=40 ----
k40=$(class_for 40)
t_ok "kmalloc size=40 runs" al_run "kmalloc size=40 count=1000"
t_is "$(al_last ksize)" "$k40" "kmalloc size=40 reports ksize $k40 (smallest class >= 40)"
t_is "$(al_last backing)" slab "kmalloc size=40 is backed by a slab"
t_is "$(al_last slab_class)" "kmalloc-$k40" "kmalloc size=40 comes from kmalloc-$k40"
t_is "$(obj_size "kmalloc-$k40")" "$k40" "kmalloc-$k40 has object size $k40 (/sys/kernel/slab, else slabinfo)"
t_is "$(al_last waste_pct)" "$(awk -v k="$k40" 'BEGIN { pm = int((k - 40) * 1000 / k); printf "%d.%d", pm / 10, pm % 10 }')" \
	"kmalloc size=40 reports the waste of ksize $k40"
t_is "$(al_last failures)" 0 "kmalloc size=40: failures=0"
t_is "$(al_last ops)" 1000 "kmalloc size=40 count=1000: ops=1000"
live=$(al_last live_peak)
t_is "$(al_last bytes_requested)" "$((40 * live))" "bytes_requested = size x live_peak"
t_is "$(al_last bytes_consumed)" "$((k40 * live))" "bytes_consumed = ksize x live_peak"
t_match "$(al_last zone)" '^(DMA|DMA32|Normal|Movable)$' "kmalloc reports the zone of its sample ($(al_last zone))"
# addresses follow kptr_restrict: hidden at 0 (%pK hashes) and 2, real at 1 for root
kr0=$(cat /proc/sys/kernel/kptr_restrict)
for kr in 0 1 2; do
	echo $kr > /proc/sys/kernel/kptr_restrict
	al_run "kmalloc size=40 count=10"
	if [ $kr = 1 ]; then
		t_match "$(al_last sample_phys)" '^0x[0-9a-f]+$' "kptr_restrict=1: root sees the physical address"
		t_match "$(al_last sample_virt)" '^[0-9a-f]{8,16}$' "kptr_restrict=1: root sees the virtual address"
	else
		t_is "$(al_last sample_phys)" "hidden (kptr_restrict)" "kptr_restrict=$kr: the physical address is hidden"
		t_not "kptr_restrict=$kr: no raw kernel address in the result" \
			grep -Eq '^sample_virt: (ffff|c[0-9a-f]{7}$)' $L
	fi
done
echo "$kr0" > /proc/sys/kernel/kptr_restrict

# ---- kmalloc 1 MiB: page allocator, order from the page size ----
order1m=$(log2 $((1048576 / PAGE)))
t_ok "kmalloc size=1M runs" al_run "kmalloc size=1M count=20"
t_is "$(al_last backing)" page_allocator "kmalloc 1 MiB is backed by the page allocator"
t_is "$(al_last page_order)" "$order1m" "kmalloc 1 MiB is an order-$order1m allocation"
t_is "$(al_last ksize)" 1048576 "kmalloc 1 MiB has ksize 1 MiB"
t_is "$(al_last waste_pct)" 0.0 "kmalloc 1 MiB wastes nothing"
t_is "$(al_last failures)" 0 "kmalloc 1 MiB: failures=0"

# ---- DMA ----
t_ok "kmalloc gfp=DMA runs" al_run "kmalloc size=100 count=100 gfp=DMA"
t_is "$(al_last zone)" DMA "kmalloc gfp=DMA comes from ZONE_DMA"
t_match "$(al_last slab_class)" '^dma-kmalloc-' "kmalloc gfp=DMA uses a dma-kmalloc class"

# ---- patterns x modes ----
for pat in repeat bulk random; do
	for mode in batch perop; do
		d="kmalloc pattern=$pat mode=$mode"
		if ! t_ok "$d runs" al_run "kmalloc size=64 count=3000 pattern=$pat mode=$mode"; then
			continue
		fi
		t_is "$(al_last failures)" 0 "$d: failures=0"
		t_is "$(al_last ops)" 3000 "$d: ops=3000"
		t_is "$(al_last mode)" "$mode" "$d: result says mode=$mode"
		ordered ns "$d"
		if [ $pat != repeat ]; then
			t_is "$(al_last free_ops)" 3000 "$d: free_ops=3000"
			ordered free_ns "$d"
			t_is "$(al_last live_peak)" 3000 "$d: all 3000 objects were live at once"
		fi
	done
done
if [ "$(grep -c ^processor /proc/cpuinfo)" -ge 2 ]; then
	t_ok "kmalloc cpus=2 pattern=random runs" al_run "kmalloc size=128 count=2000 pattern=random cpus=2"
	t_is "$(al_last ops)" 4000 "kmalloc cpus=2: ops from both workers (4000)"
	t_is "$(al_last live_peak)" 4000 "kmalloc cpus=2: 2 x 2000 objects live"
	t_is "$(al_last failures)" 0 "kmalloc cpus=2: failures=0"
else
	t_skip "kmalloc cpus=2" "one CPU"
fi

# ---- refused before anything is allocated ----
for g in DMA32 HIGHUSER_MOVABLE; do
	al_run "kmalloc size=64 gfp=$g"
	t_is "$AL_ERRNO" EINVAL "kmalloc gfp=$g is refused with EINVAL"
	t_match "$(al_key $D/last_error reason)" "kmalloc cannot take" "kmalloc gfp=$g says why"
done
al_run "kmem_cache align=3"
t_is "$AL_ERRNO" EINVAL "kmem_cache align=3 (not a power of two) is refused with EINVAL"

# ---- kmem_cache: held, with a constructor, in /proc/slabinfo ----
t_ok "kmem_cache size=200 ctor=1 count=3000 hold=1 runs" \
	al_run "kmem_cache size=200 ctor=1 count=3000 hold=1"
name=$(al_last cache)
ops=$(al_last objects_per_slab)
order=$(al_last slab_order)
stride=$(al_last stride)
t_match "$name" '^alloclab_kmc_[0-9]+$' "kmem_cache names its cache alloclab_kmc_<n> ($name)"
t_is "$(al_last held)" yes "kmem_cache hold=1 result says held"
t_is "$(al_last ops)" 3000 "kmem_cache count=3000: ops=3000"
t_is "$(al_last failures)" 0 "kmem_cache: failures=0"
t_is "$(al_last object_size)" 200 "kmem_cache reports object_size 200"
t_cmp "$stride" -ge 200 "kmem_cache stride ($stride) >= object size"
t_is "$((stride % 8))" 0 "kmem_cache stride ($stride) is a multiple of 8"
t_is "$(al_last mergeable)" "no (constructor)" "a cache with a constructor does not merge"
t_ok "held cache $name is in /proc/slabinfo" grep -q "^$name " /proc/slabinfo
t_is "$(slabinfo_col "$name" 5)" "$ops" "slabinfo objperslab of $name = module's objects_per_slab ($ops)"
t_is "$(slabinfo_col "$name" 6)" "$((1 << order))" "slabinfo pagesperslab of $name = 2^slab_order"
t_is "$(slabinfo_col "$name" 4)" "$stride" "slabinfo objsize of $name (SLUB prints the stride) = measured stride"
t_cmp "$(slabinfo_col "$name" 2)" -ge 3000 "slabinfo active objects of $name >= 3000 while held"
t_cmp "$((stride * ops))" -le "$((PAGE << order))" "objects_per_slab x stride fits in the slab"
t_cmp "$((stride * (ops + 1)))" -gt "$((PAGE << order))" "no room left for one more object in the slab"
t_cmp "$(al_last ctor_calls)" -ge 3000 "constructor ran for every object at least ($(al_last ctor_calls))"
t_match "$(al_last ctor_state)" '^ok ' "every object still carries the constructor's mark"
t_ok "release" al_run release
t_not "$name is gone from /proc/slabinfo after release" grep -q "^$name " /proc/slabinfo

# ---- kmem_cache: bulk API, alignment, mergeable ----
t_ok "kmem_cache bulk=16 count=1600 runs" al_run "kmem_cache size=64 bulk=16 count=1600"
t_is "$(al_last ops)" 100 "kmem_cache bulk=16: one op per bulk call (100)"
t_is "$(al_last free_ops)" 100 "kmem_cache bulk=16: free_bulk calls (100)"
t_is "$(al_last live_peak)" 1600 "kmem_cache bulk=16: 1600 objects live"
t_is "$(al_last failures)" 0 "kmem_cache bulk=16: failures=0"
ordered ns "kmem_cache bulk=16"
t_ok "kmem_cache bulk=16 mode=perop runs" al_run "kmem_cache size=64 bulk=16 count=1600 mode=perop"
ordered ns "kmem_cache bulk=16 mode=perop"

t_ok "kmem_cache bulk=16 ctor=1 hold=1 runs" al_run "kmem_cache size=96 bulk=16 ctor=1 count=1000 hold=1"
name=$(al_last cache)
t_cmp "$(slabinfo_col "$name" 2)" -ge 1000 "bulk-allocated held objects are active in slabinfo"
t_ok "release bulk-allocated objects" al_run release
t_not "$name is gone after release" grep -q "^$name " /proc/slabinfo

t_ok "kmem_cache align=64 runs" al_run "kmem_cache size=72 align=64 ctor=1 count=500"
t_is "$(($(al_last stride) % 64))" 0 "kmem_cache align=64: stride $(al_last stride) is a multiple of 64"
t_ok "kmem_cache hwcache=1 runs" al_run "kmem_cache size=72 hwcache=1 ctor=1 count=500"
t_cmp "$(al_last stride)" -ge 72 "kmem_cache hwcache=1: stride $(al_last stride) >= 72"
t_ok "kmem_cache ctor=0 (mergeable) runs" al_run "kmem_cache size=64 count=2000 mode=perop"
merged=$(al_last cache)
t_match "$(al_last mergeable)" '^yes' "kmem_cache without a constructor reports that it may merge"
t_is "$(al_last ctor_calls)" 0 "no constructor, no constructor calls"
ordered ns "kmem_cache perop"
ordered free_ns "kmem_cache perop"
if [ -L "/sys/kernel/slab/$merged" ]; then
	t_diag "$merged was merged: /sys/kernel/slab/$merged -> $(readlink /sys/kernel/slab/$merged)"
fi

# ---- edges: extremes of each parameter, held on 2 CPUs, a killed writer ----
t_ok "kmalloc size=KMALLOC_MAX_SIZE pattern=bulk runs" al_run "kmalloc size=$MAXS count=2 pattern=bulk"
t_is "$(al_last page_order)" "$(log2 $((MAXS / PAGE)))" "kmalloc of KMALLOC_MAX_SIZE is one order-$(log2 $((MAXS / PAGE))) block"
t_ok "kmalloc size=1 gfp=ATOMIC|ZERO runs" al_run "kmalloc size=1 count=100 gfp=ATOMIC|ZERO"
t_is "$(al_last ksize)" "${want%% *}" "kmalloc size=1 gets the smallest class"
t_ok "kmalloc size=$((MAXC + 1)) gfp=DMA runs" al_run "kmalloc size=$((MAXC + 1)) count=4 gfp=DMA"
t_is "$(al_last backing)" page_allocator "kmalloc size=$((MAXC + 1)) gfp=DMA: page allocator"
t_ok "kmem_cache size=1 count=1 runs" al_run "kmem_cache size=1 count=1 ctor=1"
t_match "$(al_last stride)" '^unknown' "kmem_cache count=1 cannot measure a stride and says so"
t_ok "kmem_cache size=$((MAXS / 2)) count=2 runs" al_run "kmem_cache size=$((MAXS / 2)) count=2 ctor=1"
t_cmp "$(al_last slab_order)" -ge "$(log2 $((MAXS / 2 / PAGE)))" "a $((MAXS / 2))-byte object needs an order >= $(log2 $((MAXS / 2 / PAGE))) slab"
t_ok "kmem_cache size=1 align=$PAGE runs" al_run "kmem_cache size=1 align=$PAGE count=8 ctor=1"
t_is "$(al_last stride)" "$PAGE" "kmem_cache align=$PAGE: stride is one page"
t_ok "kmem_cache bulk=1024 count=3000 runs" al_run "kmem_cache bulk=1024 count=3000"
t_is "$(al_last ops)" 3 "kmem_cache bulk=1024 count=3000: 3 calls (the last one shorter)"
t_is "$(al_last live_peak)" 3000 "kmem_cache bulk=1024 count=3000: 3000 objects"
if [ "$(grep -c ^processor /proc/cpuinfo)" -ge 2 ]; then
	t_ok "kmem_cache cpus=2 hold=1 runs" al_run "kmem_cache size=128 ctor=1 count=2000 cpus=2 hold=1"
	name=$(al_last cache)
	t_cmp "$(slabinfo_col "$name" 2)" -ge 4000 "kmem_cache cpus=2 hold=1: both workers' objects are held"
	t_ok "release after cpus=2" al_run release
	t_not "$name is gone after release" grep -q "^$name " /proc/slabinfo
fi

# A fatal signal to the writer stops the workers; everything is freed even with hold=1.
slab0=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
for cmd in "kmalloc size=64 count=3000000 pattern=random mode=perop" \
	   "kmem_cache size=64 ctor=1 count=3000000 hold=1 mode=perop"; do
	sh -c "echo '$cmd' > $D/run" 2>/dev/null &
	pid=$!
	sleep 1
	if kill -0 $pid 2>/dev/null; then
		kill -9 $pid
		wait $pid 2>/dev/null
		t_match "$(al_key $D/last_error reason)" 'interrupted' "killed during '$cmd': last_error says interrupted"
	else
		wait $pid
		t_skip "kill during '$cmd'" "it finished within 1 s"
	fi
done
t_is "$(grep -c '^alloclab_' /proc/slabinfo)" 0 "nothing held after the interrupted hold=1 run"
slab1=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
t_cmp "$slab1" -le "$((slab0 + slab0 / 10 + 1024))" "Slab: in meminfo back near its level after the interrupted runs ($slab0 -> $slab1 kB)"

# Names are reused, and no run leaves a /sys/kernel/slab entry behind: SLUB keeps
# the alias link of a merged cache after kmem_cache_destroy() unless cleaned up.
i=0; ok=0
while [ $i -lt 200 ]; do
	al_run "kmem_cache size=$((8 + (i % 4) * 8)) count=1" && ok=$((ok + 1))
	i=$((i + 1))
done
t_is "$ok" 200 "200 plain (mergeable) kmem_cache runs succeed"
t_is "$(ls /sys/kernel/slab | grep -c '^alloclab_')" 0 "200 plain kmem_cache runs leave no alloclab_* entry in /sys/kernel/slab"
t_is "$(al_last cache)" alloclab_kmc_0 "the cache name is reused (alloclab_kmc_0 again)"
t_ok "kmem_cache ctor=1 after 200 plain runs" al_run "kmem_cache size=64 ctor=1 count=100"
t_ok "unload" al_unload
t_ok "reload" al_load
t_ok "kmem_cache ctor=1 after a reload runs" al_run "kmem_cache size=64 ctor=1 count=100"
t_ok "kmem_cache mergeable after a reload runs" al_run "kmem_cache size=64 count=100"
t_is "$(ls /sys/kernel/slab | grep -c '^alloclab_')" 0 "no alloclab_* entry in /sys/kernel/slab after a reload either"

# ---- kmem_cache patterns: repeat (the per-CPU fastpath), bulk, random ----
for pat in repeat bulk random; do
	for b in 0 16; do
		d="kmem_cache pattern=$pat bulk=$b"
		t_ok "$d runs" al_run "kmem_cache size=64 count=3200 pattern=$pat bulk=$b" || continue
		t_is "$(al_last failures)" 0 "$d: failures=0"
		if [ $b = 0 ]; then
			t_is "$(al_last ops)" 3200 "$d: one op per object (3200)"
		else
			t_is "$(al_last ops)" 200 "$d: one op per bulk call (200)"
			t_is "$(al_last units_per_op)" 16.0 "$d: 16 objects per op"
		fi
		ordered ns "$d"
		if [ $pat = repeat ]; then
			t_is "$(al_last free_ops)" "" "$d: no separate free phase (alloc+free is one op)"
			t_match "$(al_last layout)" 'not measured' "$d: says the layout is not measured"
		else
			t_is "$(al_last free_ops)" "$(al_last ops)" "$d: as many free ops as alloc ops"
			t_is "$(al_last live_peak)" 3200 "$d: all 3200 objects live at once"
		fi
	done
done
al_run "kmem_cache pattern=repeat hold=1"
t_is "$AL_ERRNO" EINVAL "kmem_cache pattern=repeat hold=1 is refused (nothing would be held)"
big=$(( PAGE * 16 + 1 ))
al_run "kmem_cache size=$big count=4"
t_is "$?" 0 "kmem_cache of a $big-byte object (above the costly order) runs"
# footprint charges such objects at their page order: 1/3 of the budget in objects is refused
t_diag "budget check of large objects uses order $(log2 $((PAGE * 32 / PAGE))) blocks of $((PAGE * 32)) bytes"

# ---- nothing left behind ----
t_is "$(grep -c '^alloclab_' /proc/slabinfo)" 0 "no alloclab_* cache left in /proc/slabinfo"
t_is "$(dmesg | tail -n +$((dmesg0 + 1)) | grep -cE 'WARNING:|BUG:|Oops|Call Trace|cannot create duplicate')" 0 \
	"dmesg since the start has no warning, stack dump or sysfs duplicate"
t_ok "unload at the end" al_unload
t_done
