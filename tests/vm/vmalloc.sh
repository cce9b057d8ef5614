#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmalloc family (modules/vmalloc): vmalloc, kvmalloc, vmalloc_vs_kmalloc,
# percpu, ioremap. Runs in the guest (busybox sh). Every expectation comes
# from the running kernel: the page size (smaps), the PMD size (THP's
# hpage_pmd_size), the largest buddy order (/proc/buddyinfo), the kmalloc
# caches (/proc/slabinfo), /proc/vmallocinfo, a process's /proc/PID/pagemap
# and the edu device's BAR in sysfs.
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
L=$D/last
PAGE=$(awk '/^KernelPageSize:/ { print $2 * 1024; exit }' /proc/self/smaps)
reason() { al_key $D/last_error reason; }
held_state() { awk -v n="$1" '$1 == n { print $4 }' $D/held; }
# lines of /proc/vmallocinfo this module's calls made
vmi_ours() { grep -c '\[alloclab_vmalloc\]' /proc/vmallocinfo; }
# the vmallocinfo line of the area starting at kernel address $1 (hex, no 0x)
vmi_line() { grep "^0x$1-" /proc/vmallocinfo; }
# a table's rows of `last`: "page[3]: pfn=0x1234" -> "pfn=0x1234"
rows() { sed -n "s/^$1\[[0-9]*\]: //p" $L; }
# value of key $1 in each row read from stdin ("k=v k=v ...")
row_val() { awk -v k="$1" '{ for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) print substr($i, length(k) + 2) }'; }
log2() { n=$1; l=0; while [ "$n" -gt 1 ]; do n=$((n / 2)); l=$((l + 1)); done; echo $l; }

# free memory before a group of experiments (settled), and after it: back within 1%;
# the level after one group is the base of the next
MEM_BASE=
PCPU_BASE=
pcpu_kb() { awk '/^Percpu:/ { print $2 }' /proc/meminfo; }
mem_base() { al_settle; MEM_BASE=$(al_mem_free_kb); PCPU_BASE=$(pcpu_kb); }
# mem_back DESC [percpu]: with "percpu", what the percpu allocator keeps populated
# for reuse (meminfo Percpu:, one free chunk by design) counts as given back
mem_back() {
	al_settle
	m=$(al_mem_free_kb)
	p=$(pcpu_kb)
	kept=0
	[ "$2" = percpu ] && kept=$((p - PCPU_BASE))
	t_cmp "$((m + kept))" -ge $((MEM_BASE - MEM_BASE / 100)) \
		"$1: free memory back within 1% ($MEM_BASE -> $m kB, $kept kB kept by the percpu allocator)"
	MEM_BASE=$m
	PCPU_BASE=$p
}

dmesg0=$(dmesg | wc -l)
kr0=$(cat /proc/sys/kernel/kptr_restrict)
echo 1 > /proc/sys/kernel/kptr_restrict	# root sees real addresses in vmallocinfo and results
al_load
t_ok "alloclab_vmalloc is loaded" grep -q '^alloclab_vmalloc ' /proc/modules
for e in vmalloc kvmalloc vmalloc_vs_kmalloc percpu ioremap; do
	t_match "$(cat $D/experiments)" "^$e \\[alloclab_vmalloc\\]" "experiments lists $e"
done
mem_base

# ---- vmalloc: per call and per page, the walk ----
t_ok "vmalloc size=10000 count=50 runs" al_run "vmalloc size=10000 count=50"
np=$(( (10000 + PAGE - 1) / PAGE ))
t_is "$(al_last ops)" 50 "vmalloc count=50: 50 timed vmalloc calls"
t_is "$(al_last failures)" 0 "vmalloc: failures=0"
t_is "$(al_last units_per_op)" "$np.0" "vmalloc size=10000: $np pages per call (unit pages)"
t_is "$(al_last free_ops)" 50 "vmalloc: 50 timed vfree calls"
t_is "$(al_last vzalloc_ops)" 50 "vmalloc: 50 timed vzalloc calls"
t_is "$(al_last zeroing_variant)" vzalloc "the zeroing variant of vmalloc is vzalloc"
t_cmp "$(al_last ns_p50)" -le "$(al_last ns_p99)" "vmalloc: ns_p50 <= ns_p99"
t_cmp "$(al_last ns_per_unit)" -lt "$(al_last ns_mean)" "vmalloc: ns per page < ns per call ($np pages)"
t_is "$(al_last pages)" "$np" "the walk covers the $np pages of the first buffer"
t_is "$(al_last mapped_pages)" "$np" "exactly $np pages are mapped before the guard page"
t_is "$(al_last alias_mismatches)" 0 "every page reads the same through its direct-map alias (pfn from vmalloc_to_pfn)"
runs=$(al_last contiguous_runs)
t_cmp "$runs" -ge 1 "contiguous_runs >= 1 ($runs)"
t_cmp "$runs" -le "$np" "contiguous_runs <= pages ($runs <= $np)"
t_is "$(rows run | wc -l)" "$runs" "one run[i] row per contiguous run"
t_is "$(rows run | row_val pages | awk '{ s += $1 } END { print s }')" "$np" "the runs add up to the buffer's pages"
t_is "$(al_last huge_mapping)" no "a 10000-byte vmalloc is mapped with small pages"

# ---- hold=1: /proc/vmallocinfo, the guard page, mmap, pagemap ----
t_ok "vmalloc size=64k count=3 user=1 seed=77 hold=1 runs" \
	al_run "vmalloc size=65536 count=3 user=1 seed=77 hold=1"
N=$(al_last result)
addr=$(al_last addr)
np=$((65536 / PAGE))
cp $L /tmp/vm_held
t_diag "result of vmalloc size=65536 count=3 user=1 seed=77 hold=1:" "$(grep -v cycles_ $L)"
t_is "$(al_last allocator)" vmalloc_user "user=1 allocates with vmalloc_user"
t_is "$(al_last held)" yes "vmalloc hold=1: held: yes"
t_match "$addr" '^[0-9a-f]{8,16}$' "kptr_restrict=1: the buffer's address is shown ($addr)"
t_is "$(vmi_ours)" 3 "/proc/vmallocinfo lists the 3 held areas of alloclab_vmalloc"
line=$(vmi_line "$addr")
t_diag "vmallocinfo: $line"
t_is "$(echo "$line" | awk '{ print $2 }')" $((65536 + PAGE)) \
	"vmallocinfo size of the area = 64 KiB + one guard page ($((65536 + PAGE)))"
t_match "$line" " pages=$np " "vmallocinfo says pages=$np"
t_match "$line" ' vmalloc( |$)' "vmallocinfo marks the area vmalloc"
t_match "$line" ' user( |$)' "vmallocinfo marks the vmalloc_user area user"
t_match "$line" '\[alloclab_vmalloc\]' "vmallocinfo names the caller in alloclab_vmalloc"
t_is "$(echo "$line" | sed 's/^0x[0-9a-f]*-0x\([0-9a-f]*\) .*/\1/')" \
	"$(printf '%x' $((0x$addr + 65536 + PAGE)))" "the area ends one guard page after the buffer"
t_is "$(al_last guard_page)" "unmapped (page $np of the area)" "the page after the buffer is not mapped (guard)"

t_ok "alloclab mmap $N --check=77: userspace sees the pattern the kernel wrote" \
	alloclab mmap "$N" --size=65536 --check=77
t_not "alloclab mmap $N --check=78 (the wrong seed) fails" alloclab mmap "$N" --size=65536 --check=78
t_not "alloclab mmap $N --size=131072 (more than the buffer) fails" \
	alloclab mmap "$N" --size=131072

# PFNs the kernel reported (vmalloc_to_pfn) against the user mapping's /proc/PID/pagemap
alloclab mmap "$N" --size=65536 --hold=8 >/tmp/vm_mmap.out 2>&1 &
mpid=$!
i=0
while [ "$(held_state "$N")" != mapped ] && [ $i -lt 6 ]; do sleep 1; i=$((i + 1)); done
t_is "$(held_state "$N")" mapped "held shows result $N mapped while alloclab mmap --hold runs"
start=$(awk '/\/dev\/alloclab/ { split($1, a, "-"); print a[1]; exit }' /proc/$mpid/maps)
upfns=$(dd if=/proc/$mpid/pagemap bs=8 skip=$((0x$start / PAGE)) count=$np 2>/dev/null |
	od -An -v -t x8 | tr -s ' ' '\n' | grep . | while read -r v; do
		lo=${v#??}	# bits 0..55; bit 63 (present) and 55 (soft-dirty) dropped
		printf '0x%x\n' $((0x$lo & 0x7fffffffffffff))
	done)
kpfns=$(sed -n 's/^page\[[0-9]*\]: pfn=//p' /tmp/vm_held)
t_is "$(echo "$kpfns" | wc -l)" "$np" "the result lists the PFN of each of the $np pages"
t_is "$upfns" "$kpfns" "/proc/$mpid/pagemap of the user mapping gives the PFNs vmalloc_to_pfn gave"
al_run "release $N"
t_is "$AL_ERRNO" EBUSY "release $N while it is mapped: EBUSY"
wait $mpid
t_is "$?" 0 "alloclab mmap $N --hold=8 exits 0" || t_diag "$(cat /tmp/vm_mmap.out)"
t_ok "release $N" al_run "release $N"
t_is "$(vmi_ours)" 0 "the areas are gone from /proc/vmallocinfo after release"
# 6.9+ list a freed area's address range until the lazy purge, as "unpurged vm_area"
t_match "$(vmi_line "$addr")" '^$|unpurged vm_area$' \
	"the released buffer's area is gone, or only waits for the lazy purge (no caller, no pages)"

t_ok "vmalloc user=0 hold=1 runs" al_run "vmalloc size=65536 count=1 hold=1"
N=$(al_last result)
t_not "a vmalloc() (not vmalloc_user) buffer cannot be mapped" alloclab mmap "$N" --size=65536
t_ok "release $N (vmalloc user=0)" al_run "release $N"

# ---- huge mappings: vmalloc_huge() against vmalloc() of 2 PMDs ----
pmd=$(cat /sys/kernel/mm/transparent_hugepage/hpage_pmd_size 2>/dev/null)
[ -n "$pmd" ] || pmd=$((PAGE * PAGE / 8))	# a page table of 8-byte entries maps this much
po=$(log2 $((pmd / PAGE)))
free_pmd=$(awk -v o="$po" '{ for (i = 5 + o; i <= NF; i++) s += $i } END { print s + 0 }' /proc/buddyinfo)
t_ok "vmalloc huge=0 size=2 PMDs runs" al_run "vmalloc size=$((2 * pmd)) count=2"
t_is "$(al_last huge_mapping)" no "vmalloc() of 2 PMDs uses small pages"
t_cmp "$(al_last mapping_granule_bytes)" -lt "$pmd" "vmalloc(): mapping granule below the PMD size ($pmd)"
if [ "$free_pmd" -ge 8 ]; then
	t_ok "vmalloc huge=1 size=2 PMDs hold=1 runs" al_run "vmalloc size=$((2 * pmd)) count=2 huge=1 hold=1"
	t_is "$(al_last allocator)" vmalloc_huge "huge=1 allocates with vmalloc_huge"
	t_is "$(al_last huge_mapping)" yes "vmalloc_huge() of 2 PMDs is mapped with PMD pages"
	g=$(al_last mapping_granule_bytes)
	# two PMD pages may happen to be adjacent: then the granule is 2 PMDs, one block
	t_cmp "$g" -ge "$pmd" "the mapping granule is at least the PMD size ($g >= $pmd)"
	t_is "$((g * $(al_last granule_blocks)))" $((2 * pmd)) \
		"granule x blocks covers the 2 PMDs: each block physically contiguous and aligned"
	t_cmp "$(al_last contiguous_runs)" -le 2 "at most 2 physically contiguous runs"
	line=$(vmi_line "$(al_last addr)")
	t_diag "result of vmalloc huge=1:" "$(sed -n '/^bytes_requested/,$p' $L | grep -v '^page\[')" "vmallocinfo: $line"
	t_is "$(echo "$line" | awk '{ print $2 }')" $((2 * pmd + PAGE)) "vmallocinfo: 2 PMDs + a guard page"
	t_match "$line" " pages=$((2 * pmd / PAGE)) " "vmallocinfo counts $((2 * pmd / PAGE)) small pages"
	t_ok "release the huge buffers" al_run release
else
	t_skip "vmalloc huge=1" "fewer than 8 free blocks of order $po in /proc/buddyinfo"
fi
t_is "$(vmi_ours)" 0 "no area of alloclab_vmalloc left in /proc/vmallocinfo"
mem_back "vmalloc"

# ---- kvmalloc: where kmalloc stops, from this kernel's buddy orders and kmalloc caches ----
orders=$(awk 'NR == 1 { print NF - 4 }' /proc/buddyinfo)
KMAX=$((PAGE << (orders - 1)))
KCACHE=$(awk '$1 ~ /^kmalloc-[0-9]+k?$/ { n = substr($1, 9); if (n ~ /k$/) n = n * 1024; if (n + 0 > m) m = n + 0 } END { print m }' /proc/slabinfo)
t_diag "this kernel: $orders buddy orders, largest kmalloc $KMAX, largest kmalloc cache $KCACHE"
t_ok "kvmalloc sweep=1 up to 2x the largest kmalloc runs" al_run "kvmalloc sweep=1 size=$((2 * KMAX))"
t_diag "result of kvmalloc sweep=1:" "$(sed -n '/^bytes_requested/,$p' $L)"
t_is "$(al_last kmalloc_max_size)" "$KMAX" "the module's KMALLOC_MAX_SIZE = page << (buddy orders - 1)"
t_is "$(al_last kmalloc_max_cache_size)" "$KCACHE" "the module's KMALLOC_MAX_CACHE_SIZE = the largest kmalloc-* cache"
t_is "$(al_last largest_kmalloc)" "$KMAX" "kvmalloc serves up to $KMAX bytes through kmalloc"
t_is "$(al_last smallest_vmalloc)" "$((KMAX + 1))" "kvmalloc switches to vmalloc at $((KMAX + 1)) bytes"
t_is "$(al_last probes_failed)" 0 "no kvmalloc probe failed"
bad=$(rows probe | awk -v c="$KCACHE" -v k="$KMAX" '{
	split($1, a, "="); b = a[2] + 0; split($2, x, "="); want = b <= c ? "slab" : b <= k ? "page_allocator" : "vmalloc"
	if (x[2] != want) print b ":" x[2] "!=" want }')
t_is "$bad" "" "every probe: slab up to $KCACHE, page allocator up to $KMAX, vmalloc above"
t_ok "kvmalloc size=100 runs" al_run "kvmalloc size=100 count=50"
t_is "$(al_last backing)" slab "kvmalloc of 100 bytes comes from the slab"
t_is "$(al_last free_ops)" 50 "kvmalloc: 50 timed kvfree calls"
t_ok "kvmalloc size=$((KMAX * 2)) runs" al_run "kvmalloc size=$((KMAX * 2)) count=3"
t_is "$(al_last backing)" vmalloc "kvmalloc of $((KMAX * 2)) bytes comes from vmalloc"

# ---- vmalloc_vs_kmalloc ----
t_ok "vmalloc_vs_kmalloc size=4096 count=300 runs" al_run "vmalloc_vs_kmalloc size=4096 count=300"
t_is "$(al_last ops)" 300 "vmalloc_vs_kmalloc: 300 kmalloc+kfree pairs"
t_is "$(al_last vmalloc_ops)" 300 "vmalloc_vs_kmalloc: 300 vmalloc+vfree pairs"
t_is "$(al_last kmalloc_backing)" slab "4096 bytes through kmalloc: a slab object"
t_is "$(al_last vmalloc_pages)" 1 "4096 bytes through vmalloc: one page"
t_match "$(al_last vmalloc_over_kmalloc)" '^[0-9]+\.[0-9]' "the result compares the two ($(al_last vmalloc_over_kmalloc))"
t_cmp "$(al_last vmalloc_ns_mean)" -gt "$(al_last ns_mean)" "vmalloc+vfree costs more than kmalloc+kfree at 4 KiB"
mem_back "kvmalloc, vmalloc_vs_kmalloc"

# ---- percpu ----
ncpu=$(awk -F, '{ n = 0; for (i = 1; i <= NF; i++) { if (split($i, r, "-") == 2) n += r[2] - r[1] + 1; else n++ } print n }' /sys/devices/system/cpu/possible)
t_ok "percpu size=64 count=200 runs" al_run "percpu size=64 count=200"
t_is "$(al_last ops)" 200 "percpu: 200 timed alloc_percpu calls"
t_is "$(al_last free_ops)" 200 "percpu: 200 timed free_percpu calls"
t_diag "result of percpu size=64 count=200:" "$(grep -v cycles_ $L)"
t_is "$(al_last possible_cpus)" "$ncpu" "percpu: possible_cpus = /sys/devices/system/cpu/possible ($ncpu)"
t_is "$(rows cpu | wc -l)" "$ncpu" "one cpu[i] row per possible CPU"
t_is "$(rows cpu | row_val addr | sort -u | wc -l)" "$ncpu" "each CPU's copy has its own address"
if [ "$ncpu" -ge 2 ]; then
	t_cmp "$(al_last unit_stride)" -ge 64 "the per-CPU copies are at least size= apart ($(al_last unit_stride))"
fi
pc0=$(awk '/^Percpu:/ { print $2 }' /proc/meminfo)
t_ok "percpu size=4096 count=512 hold=1 runs" al_run "percpu size=4096 count=512 hold=1"
pc1=$(awk '/^Percpu:/ { print $2 }' /proc/meminfo)
want=$((512 * 4 * ncpu))
# populated space of existing chunks takes the first objects: at least half is new
t_cmp "$((pc1 - pc0))" -ge "$((want / 2))" "meminfo Percpu grows with the held objects ($pc0 -> $pc1 kB for $want kB)"
t_is "$(al_last held_objects)" 512 "percpu hold=1 keeps 512 objects"
t_ok "release percpu" al_run release
mem_back "percpu" percpu
# what the percpu allocator kept is reused, not lost: the same run again adds nothing
t_ok "percpu size=4096 count=512 hold=1 runs again" al_run "percpu size=4096 count=512 hold=1"
t_ok "release percpu again" al_run release
al_settle
t_cmp "$(pcpu_kb)" -le $((PCPU_BASE + 256)) \
	"a second hold+release leaves meminfo Percpu where the first left it ($PCPU_BASE -> $(pcpu_kb) kB)"
al_run "percpu align=3"
t_is "$AL_ERRNO" EINVAL "percpu align=3 (not a power of two): EINVAL"
t_match "$(reason)" 'power of two' "last_error says align must be a power of two"
mem_back "percpu, second round" percpu

# ---- ioremap of the edu BAR ----
edu=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat $d/vendor)" = 0x1234 ] && [ "$(cat $d/device)" = 0x11e8 ] && edu=$d
done
if [ -n "$edu" ]; then
	bar=$(head -n 1 $edu/resource)
	bstart=$(echo "$bar" | awk '{ print $1 }')
	blen=$(( $(echo "$bar" | awk '{ print $2 }') - bstart + 1 ))
	cmd0=$(od -An -t x2 -j 4 -N 2 $edu/config)
	t_ok "ioremap hold=1 runs" al_run "ioremap count=8 hold=1"
	t_is "$(al_last ops)" 8 "ioremap: 8 timed ioremap calls"
	t_is "$(al_last unmap_ops)" 8 "ioremap: 8 timed iounmap calls"
	t_is "$(al_last id_register)" 0x010000ed "the edu ID register reads 0x010000ed through the mapping"
	t_is "$(al_last bar_start)" "$bstart" "bar_start = the BAR in $edu/resource ($bstart)"
	t_is "$(al_last bar_bytes)" "$blen" "bar_bytes = the BAR's length ($blen)"
	t_is "$(al_last in_vmalloc_space)" yes "the mapping lies in vmalloc space"
	# the driver bound to the device now, as sysfs says it (alloclab_dma's alloclab_edu, or none)
	drv=none
	[ -e $edu/driver ] && drv=$(basename "$(readlink $edu/driver)")
	t_is "$(al_last driver)" "$drv" "ioremap reports the device's driver as sysfs does ($drv)"
	line=$(vmi_line "$(al_last virt)")
	t_diag "result of ioremap count=8 hold=1:" "$(grep -v cycles_ $L)" "vmallocinfo: $line"
	t_match "$line" ' ioremap( |$)' "vmallocinfo lists the mapping as ioremap"
	t_match "$line" " phys=$bstart " "vmallocinfo shows the BAR's physical address"
	t_is "$(echo "$line" | awk '{ print $2 }')" $((blen + PAGE)) "vmallocinfo size: the BAR + a guard page"
	t_ok "release ioremap" al_run release
	t_is "$(grep -c ioremap.*alloclab_vmalloc /proc/vmallocinfo)" 0 "the mapping is gone after release"
	t_is "$(od -An -t x2 -j 4 -N 2 $edu/config)" "$cmd0" "the PCI command register is as it was ($cmd0)"
	al_run "ioremap bar=6"
	t_is "$AL_ERRNO" ERANGE "ioremap bar=6: ERANGE"
	al_run "ioremap bar=1"
	t_is "$AL_ERRNO" ENODEV "ioremap bar=1 (the edu device has one BAR): ENODEV"
	t_match "$(reason)" 'not an assigned memory BAR' "last_error says BAR 1 is not a memory BAR"
else
	t_match "$(cat $D/experiments)" 'no QEMU edu device' "without the edu device ioremap says why it is unavailable"
fi

# ---- refused before anything is allocated ----
al_run "vmalloc size=0"
t_is "$AL_ERRNO" ERANGE "vmalloc size=0: ERANGE"
al_run "vmalloc count=70000"
t_is "$AL_ERRNO" ERANGE "vmalloc count=70000: ERANGE"
al_run "vmalloc huge=1 user=1"
t_is "$AL_ERRNO" EINVAL "vmalloc huge=1 user=1: EINVAL"
t_match "$(reason)" 'cannot be combined' "last_error says huge=1 and user=1 cannot be combined"
al_run "kvmalloc size=1g"
t_is "$AL_ERRNO" ERANGE "kvmalloc size=1g: ERANGE"
al_run "percpu size=1m"
t_is "$AL_ERRNO" ERANGE "percpu size=1m (above the per-CPU unit): ERANGE"
al_run "vmalloc_vs_kmalloc size=$((KMAX + 1))"
t_is "$AL_ERRNO" ERANGE "vmalloc_vs_kmalloc above KMALLOC_MAX_SIZE: ERANGE"
mem_back "ioremap and the refused commands"

echo "$kr0" > /proc/sys/kernel/kptr_restrict
t_is "$(dmesg | tail -n +$((dmesg0 + 1)) | grep -cE 'WARNING:|BUG:|Oops|Call Trace|vmalloc error')" 0 \
	"dmesg since the start has no warning or stack dump"
t_ok "unload" al_unload
t_done
