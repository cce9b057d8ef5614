#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Layout family (modules/layout): layout, addr, pagewalk.
# Runs in the guest (busybox sh). Every figure is checked against what the same
# boot shows elsewhere: /proc/zoneinfo, buddyinfo, pagetypeinfo, meminfo,
# vmallocinfo, /proc/modules, /proc/PID/maps and pagemap, sysctls. The kernel
# page-table walk is real on x86_64 and "unavailable" (with its reason) where
# the kernel does not let a module reach its tables (arm64).
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
L=$D/last
ARCH=$(uname -m)

# value of key K in a "name[i]: k=v k=v" row (stdin)
row_val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
# the row of TABLE for node N, zone Z in file F
zrow() { grep "^$1\[[0-9]*\]: node=$2 zone=$3 " "$4"; }
# /proc/zoneinfo field K of node N, zone Z ("free" is "pages free", "protection" as [a,b,..])
zi() {
	awk -v n="$1," -v z="$2" -v k="$3" '
		/^Node/ { cur = ($2 == n && $4 == z); next }
		!cur { next }
		k == "free" && $1 == "pages" && $2 == "free" { print $3; exit }
		k == "protection" && $1 == "protection:" {
			s = $0; sub(/.*\(/, "", s); sub(/\).*/, "", s); gsub(/ /, "", s)
			print "[" s "]"; exit }
		k == "start_pfn" && $1 == "start_pfn:" { print $2; exit }
		$1 == k && NF == 2 { print $2; exit }' /proc/zoneinfo
}
# hex of %pK output (no 0x) or of %pa output (0x...) as a shell number; kernel
# addresses come out negative (above 2^63), which keeps their order
num() { case "$1" in 0x*) echo $(($1)) ;; *) echo $((0x$1)) ;; esac; }
# PFN of user address A in process P from /proc/P/pagemap (0 if not present)
pagemap_pfn() {
	local e
	e=$(dd if=/proc/$1/pagemap bs=8 skip=$(($2 / PAGE)) count=1 2>/dev/null | od -An -tx8 | tr -d ' ')
	[ -n "$e" ] || { echo 0; return; }
	if [ $((0x$e >> 63 & 1)) = 1 ]; then echo $((0x$e & 0x7fffffffffffff)); else echo 0; fi
}

dmesg0=$(dmesg | wc -l)
kr0=$(cat /proc/sys/kernel/kptr_restrict)
wsf0=$(cat /proc/sys/vm/watermark_scale_factor)
echo 1 > /proc/sys/kernel/kptr_restrict
al_settle
free0=$(al_mem_free_kb)
km0=$(al_kmalloc_kb)

al_load
t_ok "alloclab_layout is loaded" grep -q '^alloclab_layout ' /proc/modules
for e in layout addr pagewalk; do
	t_match "$(cat $D/experiments)" "^$e \\[alloclab_layout\\]" "experiments lists $e"
done

# ---- layout: constants ----
t_ok "layout runs" al_run layout
cp $L /tmp/layout
lk() { al_key /tmp/layout "$1"; }
PAGE=$(lk page_size)
t_is "$PAGE" "$(($(awk '/^KernelPageSize:/ { print $2; exit }' /proc/self/smaps) * 1024))" \
	"page_size ($PAGE) = KernelPageSize of /proc/self/smaps"
t_is "$((1 << $(lk page_shift)))" "$PAGE" "page_size = 1 << page_shift"
t_is "$(lk vmalloc_kb)" "$(awk '/^VmallocTotal:/ { print $2 }' /proc/meminfo)" \
	"vmalloc_kb = VmallocTotal of /proc/meminfo ($(lk vmalloc_kb))"
t_is "$(($(num "$(lk vmalloc_end)") - $(num "$(lk vmalloc_start)") >> 10))" "$(lk vmalloc_kb)" \
	"vmalloc_end - vmalloc_start = vmalloc_kb"
t_is "$(($(num "$(lk high_memory)") - $(num "$(lk page_offset)") >> 10))" "$(lk linear_map_kb)" \
	"high_memory - page_offset = linear_map_kb"
t_cmp "$(lk modules_kb)" -gt 0 "the module area is not empty ($(lk modules_kb) kB)"

# buddy orders: one buddyinfo column per order
NORD=$(lk nr_page_orders)
t_is "$(awk 'NR == 1 { print NF - 4 }' /proc/buddyinfo)" "$NORD" "buddyinfo has nr_page_orders ($NORD) columns"
t_is "$(lk max_page_order)" "$((NORD - 1))" "max_page_order = nr_page_orders - 1"
case "$(uname -r)" in
6.1.*) t_is "$(lk max_order_macro)" "MAX_ORDER=$NORD" "6.1 spells it MAX_ORDER=$NORD (one past the largest order)" ;;
*) t_is "$(lk max_order_macro)" "MAX_PAGE_ORDER=$((NORD - 1))" "6.8+ spells it MAX_PAGE_ORDER=$((NORD - 1)) (the largest order)" ;;
esac
t_is "$(lk pageblock_order)" "$(awk '/^Page block order:/ { print $4 }' /proc/pagetypeinfo)" \
	"pageblock_order = pagetypeinfo's Page block order"
t_is "$(lk pageblock_pages)" "$(awk '/^Pages per block:/ { print $4 }' /proc/pagetypeinfo)" \
	"pageblock_pages = pagetypeinfo's Pages per block"

# ---- layout: nodes and zones against /proc/zoneinfo ----
t_is "$(lk nodes)" "$(grep '^Node' /proc/zoneinfo | awk '{ print $2 }' | sort -u | wc -l)" "nodes = nodes of zoneinfo"
t_is "$(lk zones)" "$(grep -c '^Node' /proc/zoneinfo)" "zones = zone blocks of zoneinfo ($(lk zones))"
t_is "$(grep -c '^zone\[' /tmp/layout)" "$(lk zones)" "one zone[i] row per zone"
t_is "$(grep -c '^wmark\[' /tmp/layout)" "$(lk zones)" "one wmark[i] row per zone"
bad=; badw=; badf=; maxpfn=0; sum=0; npop=0
for zone in $(grep '^Node' /proc/zoneinfo | awk '{ print $2 "" $4 }'); do
	n=${zone%%,*}; z=${zone#*,}
	r=$(zrow zone "$n" "$z" /tmp/layout); w=$(zrow wmark "$n" "$z" /tmp/layout)
	for k in spanned present managed; do
		[ "$(echo "$r" | row_val $k)" = "$(zi "$n" "$z" $k)" ] || bad="$bad $n/$z/$k"
	done
	for k in min low high protection; do
		[ "$(echo "$w" | row_val $k)" = "$(zi "$n" "$z" $k)" ] || badw="$badw $n/$z/$k"
	done
	m=$(zi "$n" "$z" managed)
	sum=$((sum + m))
	[ "$m" -gt 0 ] || continue
	npop=$((npop + 1))
	[ "$(echo "$r" | row_val start_pfn)" = "$(zi "$n" "$z" start_pfn)" ] || bad="$bad $n/$z/start_pfn"
	e=$(($(zi "$n" "$z" start_pfn) + $(zi "$n" "$z" spanned)))
	[ "$(echo "$r" | row_val end_pfn)" = "$e" ] || bad="$bad $n/$z/end_pfn"
	[ $e -gt $maxpfn ] && maxpfn=$e
	# free pages move between the two reads: 1% of the zone or 1024 pages
	f1=$(echo "$r" | row_val free); f2=$(zi "$n" "$z" free); tol=$((m / 100 + 1024))
	[ $((f1 - f2)) -le $tol ] && [ $((f2 - f1)) -le $tol ] || badf="$badf $n/$z:$f1/$f2"
done
t_is "$bad" "" "zone rows: start/end pfn, spanned, present, managed = /proc/zoneinfo"
t_is "$badw" "" "wmark rows: min, low, high, protection = /proc/zoneinfo"
t_is "$badf" "" "zone rows: free pages within 1% (+1024) of zoneinfo's pages free"
t_is "$(lk populated_zones)" "$npop" "populated_zones = zones of zoneinfo with managed pages ($npop)"
t_is "$(lk max_pfn)" "$maxpfn" "max_pfn = highest end pfn of zoneinfo's populated zones ($maxpfn)"
t_match "$(lk max_pfn_from)" "not exported" "max_pfn says how it was found"
t_is "$(lk managed_pages)" "$sum" "managed_pages = sum of zoneinfo's managed"
t_is "$(($(lk managed_pages) * PAGE / 1024))" "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" \
	"managed_pages x page size = MemTotal"
t_is "$(lk totalram_pages)" "$(lk managed_pages)" "totalram_pages = managed_pages"
# read right after a fresh run: free memory drifts (KASAN's quarantine, other tests)
al_run layout
mf=$(awk '/^MemFree:/ { print $2 }' /proc/meminfo); lf=$(($(al_last free_pages) * PAGE / 1024))
t_cmp "$(( (lf > mf ? lf - mf : mf - lf) ))" -le "$((mf / 50 + 4096))" \
	"free_pages ($lf kB) within 2% of MemFree ($mf kB)"
if [ "$ARCH" = x86_64 ]; then
	t_is "$(($(lk linear_map_kb) * 1024 / PAGE))" "$maxpfn" "x86_64: the linear map covers pfn 0..max_pfn"
	l5=4; grep -qw la57 /proc/cpuinfo && l5=5
	t_is "$(lk pgtable_levels)" "$l5" "x86_64: $l5-level paging (la57 in cpuinfo: $([ $l5 = 5 ] && echo yes || echo no))"
else
	t_cmp "$(lk linear_map_kb)" -ge "$(($(lk managed_pages) * PAGE / 1024))" "the linear map spans at least the managed memory"
	t_cmp "$(lk pgtable_levels)" -ge 2 "pgtable_levels ($(lk pgtable_levels)) is 2..5"
fi

# user space ends below task_size; the kernel's vmalloc ranges lie in its areas
TS=$(lk task_size)
top=$(grep -v vsyscall /proc/self/maps | awk '{ split($1, a, "-"); print a[2] }' | sort | tail -n 1)
t_cmp "$((0x$top))" -le "$((TS))" "every mapping of /proc/self/maps ends below task_size (top $top <= $TS)"
vs=$(num "$(lk vmalloc_start)"); ve=$(num "$(lk vmalloc_end)")
ms=$(num "$(lk modules_start)"); me=$(num "$(lk modules_end)")
out=$(awk '{ split($1, a, "-"); print a[1], a[2] }' /proc/vmallocinfo | while read -r a b; do
	a=$((0x${a#0x})); b=$((0x${b#0x}))
	{ [ $a -ge $vs ] && [ $((b - 1)) -le $ve ]; } || { [ $a -ge $ms ] && [ $b -le $me ]; } || echo "$a"
done | wc -l)
t_is "$out" 0 "every /proc/vmallocinfo range lies in [vmalloc_start, vmalloc_end] or the module area"
maddr=$(awk '$1 == "alloclab_layout" { print $6 }' /proc/modules)
ma=$(num "$maddr")
if [ $ma -ge $ms ] && [ $ma -lt $me ]; then where=modules
elif [ $ma -ge $vs ] && [ $ma -le $ve ]; then where=vmalloc
else where=elsewhere; fi
if [ "$ARCH" = x86_64 ]; then
	t_is "$where" modules "alloclab_layout ($maddr in /proc/modules) is loaded in the module area"
else
	t_match "$where" '^(modules|vmalloc)$' "alloclab_layout ($maddr) is in the module or vmalloc area ($where)"
fi

# ---- layout: watermarks, the seeds' rule vs this kernel's ----
# mm/page_alloc.c: low = min + d, high = min + 2d, d = max(min/4, managed * wsf / 10000)
wm_check() { # file wsf -> "zone:verdict:from ..." for populated zones, mismatches in $wbad
	local n z w min low high m d q v from
	wbad=; wsum=
	for w in $(grep '^wmark\[' "$1" | grep -v 'old_rule=n/a' | tr ' ' ','); do
		w=$(echo "$w" | tr ',' ' ')
		n=$(echo "$w" | row_val node); z=$(echo "$w" | row_val zone)
		min=$(echo "$w" | row_val min); low=$(echo "$w" | row_val low); high=$(echo "$w" | row_val high)
		m=$(zi "$n" "$z" managed)
		q=$(( (m / 10000) * $2 + (m % 10000) * $2 / 10000 ))
		d=$((min / 4)); from=min/4
		[ $q -gt $d ] && { d=$q; from=scale_factor; }
		[ "$low" = $((min + d)) ] && [ "$high" = $((min + 2 * d)) ] || wbad="$wbad $z:formula"
		if [ $((low * 4)) = $((min * 5)) ] && [ $((high * 2)) = $((min * 3)) ]; then v=yes
		elif [ $((min * 5 - low * 4)) -lt 4 ] && [ $((min * 5 - low * 4)) -gt -4 ] &&
		     [ $((min * 6 - high * 4)) -lt 8 ] && [ $((min * 6 - high * 4)) -gt -8 ]; then v=within_rounding
		else v=no; fi
		[ "$(echo "$w" | row_val old_rule)" = $v ] || wbad="$wbad $z:verdict"
		[ "$(echo "$w" | row_val delta_from)" = $from ] || wbad="$wbad $z:from"
		[ "$(echo "$w" | row_val delta)" = $d ] || wbad="$wbad $z:delta"
		wsum="$wsum $z:$v:$from"
	done
}
wm_check /tmp/layout "$wsf0"
t_is "$wbad" "" "watermark_scale_factor=$wsf0: every zone's low/high follow this kernel's formula and the row says which rule held"
t_diag "wsf=$wsf0:$wsum"
t_match "$(lk old_rule_holds)" "^[0-9]+ of $npop populated zones$" "old_rule_holds counts the populated zones"
wsf=1000
echo $wsf > /proc/sys/vm/watermark_scale_factor
t_ok "layout runs with watermark_scale_factor=$wsf" al_run layout
cp $L /tmp/layout2
wm_check /tmp/layout2 $wsf
t_is "$wbad" "" "watermark_scale_factor=$wsf: low/high follow the formula; verdicts computed, not assumed"
t_diag "wsf=$wsf:$wsum"
big=$(grep '^wmark\[' /tmp/layout2 | grep 'delta_from=scale_factor' | head -n 1)
if [ -n "$big" ]; then
	t_is "$(echo "$big" | row_val old_rule)" no "a zone whose delta comes from the scale factor breaks the old rule"
	wi=$(echo "$big" | row_val wsf_implied)
	t_cmp "$wi" -ge $((wsf - 1)) "wsf_implied ($wi) recovers watermark_scale_factor=$wsf (>= $((wsf - 1)))"
	t_cmp "$wi" -le $wsf "wsf_implied ($wi) <= $wsf"
else
	t_skip "old rule broken by watermark_scale_factor=$wsf" "no zone large enough"
fi
echo "$wsf0" > /proc/sys/vm/watermark_scale_factor
t_ok "layout runs with watermark_scale_factor restored" al_run layout
wm_check $L "$wsf0"
t_is "$wbad" "" "watermark_scale_factor=$wsf0 again: watermarks back to the first run's rule"

# ---- addr: the four kinds of address ----
t_ok "addr runs" al_run addr
cp $L /tmp/addr
ak() { al_key /tmp/addr "$1"; }
po=$(num "$(lk page_offset)"); hm=$(num "$(lk high_memory)")
for k in kmalloc page; do
	t_is "$(ak ${k}_linear)" yes "addr: the $k buffer lies in the linear map"
	v=$(num "$(ak ${k}_virt)")
	t_ok "addr: ${k}_virt is within [page_offset, high_memory)" test $v -ge $po -a $v -lt $hm
done
t_is "$(ak vmalloc_linear)" no "addr: the vmalloc buffer is not in the linear map"
t_is "$(ak vmalloc_region)" vmalloc "addr: the vmalloc buffer is in the vmalloc area"
v=$(num "$(ak vmalloc_virt)")
t_ok "addr: vmalloc_virt is within [vmalloc_start, vmalloc_end]" test $v -ge $vs -a $v -le $ve
v=$(num "$(ak stack_virt)")
if [ "$(ak stack_region)" = vmalloc ]; then
	t_is "$(ak stack_linear)" no "addr: a vmapped kernel stack is not in the linear map"
	t_ok "addr: stack_virt is within the vmalloc area (VMAP_STACK)" test $v -ge $vs -a $v -le $ve
else
	t_is "$(ak stack_linear)" yes "addr: a kernel stack outside vmalloc is in the linear map"
	t_ok "addr: stack_virt is within [page_offset, high_memory)" test $v -ge $po -a $v -lt $hm
fi
bad=; badb=
for k in kmalloc vmalloc page stack; do
	p=$(num "$(ak ${k}_phys)"); z=$(ak ${k}_zone); n=$(ak ${k}_node)
	r=$(zrow zone "$n" "$z" /tmp/layout)
	s=$(echo "$r" | row_val start_pfn); e=$(echo "$r" | row_val end_pfn)
	[ -n "$r" ] && [ $((p / PAGE)) -ge "$s" ] && [ $((p / PAGE)) -lt "$e" ] || bad="$bad $k"
	[ "$(ak ${k}_bus)" = "$(ak ${k}_phys)" ] || badb="$badb $k"
done
t_is "$bad" "" "addr: each physical address lies in the pfn range of the zone and node reported"
t_is "$badb" "" "addr: each bus address = the physical address (no IOMMU, no DMA offset)"
if [ "$ARCH" = x86_64 ]; then
	bad=
	for k in kmalloc page; do
		[ $(($(num "$(ak ${k}_virt)") - po)) = "$(num "$(ak ${k}_phys)")" ] || bad="$bad $k"
	done
	t_is "$bad" "" "x86_64: linear-map addresses are physical + page_offset"
fi
t_is "$(ak vmalloc_pages)" "$(((65536 + PAGE - 1) / PAGE))" "addr: the 64 KiB vmalloc buffer has $(((65536 + PAGE - 1) / PAGE)) pages"
t_cmp "$(ak vmalloc_contiguous)" -lt "$(ak vmalloc_pages)" "addr: vmalloc_contiguous ($(ak vmalloc_contiguous)) < its pages"
t_is "$(ak bytes_requested)" $((100 + 65536 + PAGE)) "addr: bytes_requested = kmalloc + vmalloc + one page"
pop() { [ "$(zi 0 "$1" managed)" -gt 0 ] 2>/dev/null; }
if pop DMA; then
	t_ok "addr gfp=DMA runs" al_run "addr gfp=DMA"
	t_is "$(al_last page_zone)" DMA "addr gfp=DMA: the page comes from ZONE_DMA"
else
	t_skip "addr gfp=DMA" "no populated DMA zone"
fi
t_ok "addr gfp=DMA32 runs" al_run "addr gfp=DMA32"
t_match "$(al_last page_zone)" '^DMA(32)?$' "addr gfp=DMA32: the page comes from a DMA zone ($(al_last page_zone))"
t_ok "addr kmalloc_size=8192 vmalloc_size=1 runs" al_run "addr kmalloc_size=8192 vmalloc_size=1"
t_is "$(al_last vmalloc_pages)" 1 "addr vmalloc_size=1: one page"
t_is "$(al_last vmalloc_contiguous)" 0 "addr vmalloc_size=1: nothing to be contiguous with"

# kptr_restrict: addresses shown at 1 (root), hidden at 0 (hashed) and 2 (zeroed)
for kr in 0 2; do
	echo $kr > /proc/sys/kernel/kptr_restrict
	al_run addr
	t_is "$(al_last kmalloc_phys)" "hidden (kptr_restrict)" "kptr_restrict=$kr: addr hides the physical address"
	t_is "$(al_last stack_bus)" "hidden (kptr_restrict)" "kptr_restrict=$kr: addr hides the bus address"
	t_not "kptr_restrict=$kr: no raw kernel address in addr's result" grep -Eq '_virt: ff' $L
	al_run layout
	t_not "kptr_restrict=$kr: layout shows no raw page_offset" grep -q "^page_offset: $(lk page_offset)\$" $L
done
echo 1 > /proc/sys/kernel/kptr_restrict

# ---- pagewalk: kernel buffers ----
levels=$(lk pgtable_levels)
names=$(case $levels in 5) echo "pgd p4d pud pmd pte" ;; 4) echo "pgd pud pmd pte" ;;
	3) echo "pgd pmd pte" ;; *) echo "pgd pte" ;; esac)
leafflag=P; uflag=U
[ "$ARCH" = aarch64 ] && { leafflag=VALID; uflag=USER; }
for t in kmalloc vmalloc page stack; do
	d="pagewalk target=$t"
	t_ok "$d runs" al_run "$d" || continue
	cp $L /tmp/pw
	pk() { al_key /tmp/pw "$1"; }
	case "$ARCH" in
	x86_64) t_match "$(pk walk)" '^kernel half' "$d: walks the kernel half of the top-level table" ;;
	aarch64) t_match "$(pk walk)" '^swapper_pg_dir, found through TTBR1_EL1$' "$d: walks swapper_pg_dir (TTBR1_EL1)" ;;
	*)
		t_is "$(pk walk)" "unavailable (init_mm is not exported on this kernel (kernel tables hang off swapper_pg_dir))" \
			"$d: the kernel walk is unavailable on $ARCH and says why"
		t_is "$(grep -c '^level\[' /tmp/pw)" 0 "$d: no levels when the walk is unavailable"
		continue ;;
	esac
	t_is "$(pk mapped)" yes "$d: the buffer is mapped"
	t_is "$(pk target_pfn_agrees)" yes "$d: the PFN walked = the allocator's page_to_pfn"
	if [ "$ARCH" = x86_64 ]; then
		t_match "$(pk lookup_address)" '^agrees' "$d: lookup_address() finds the same leaf"
	else
		t_is "$(pk lookup_address)" "" "$d: no lookup_address() check where it is not exported"
	fi
	n=$(pk levels_walked)
	t_is "$(grep -c '^level\[' /tmp/pw)" "$n" "$d: one level[i] row per level walked ($n)"
	got=$(grep '^level\[' /tmp/pw | row_val name | tr '\n' ' '); got=${got% }
	want=$(echo "$names" | cut -d' ' -f1-"$n")
	t_is "$got" "$want" "$d: levels $want"
	leaf=$(grep '^level\[' /tmp/pw | tail -n 1)
	t_is "$(echo "$leaf" | row_val name)" "$(pk leaf)" "$d: the last level is the leaf ($(pk leaf))"
	t_match "$(echo "$leaf" | row_val flags)" "(^|\\|)$leafflag(\\||\$)" "$d: the leaf entry is present"
	t_not "$d: a kernel leaf is not user-accessible" sh -c "echo '$(echo "$leaf" | row_val flags)' | grep -Eq '(^|\\|)$uflag(\\||\$)'"
	sz=$(pk mapping_size)
	t_is "$(( ($(num "$(pk phys)") - $(pk pfn) * PAGE) < PAGE ))" 1 "$d: phys lies in page pfn"
	if [ "$(pk huge)" = yes ]; then
		t_cmp "$sz" -gt "$PAGE" "$d: a huge leaf maps more than a page ($sz)"
	else
		t_is "$sz" "$PAGE" "$d: a pte leaf maps one page"
	fi
done

# the linear map: virt = phys + a constant (from addr's kmalloc buffer); 8 addresses
# between the first populated pfn and high_memory walk to pfn = (virt - constant) / page
if [ "$(al_key /tmp/pw walk | cut -c1-11)" != unavailable ]; then
	off=$(($(num "$(ak kmalloc_virt)") - $(num "$(ak kmalloc_phys)")))
	lo=$(grep '^zone\[' /tmp/layout | grep -v ' managed=0 ' | row_val start_pfn | sort -n | head -n 1)
	lo=$((off + lo * PAGE))
	huge=0; bad=; nm=0; hl=; i=1
	while [ $i -le 8 ]; do
		a=$((lo + (hm - lo) / 9 * i / PAGE * PAGE))
		al_run "pagewalk addr=$(printf '0x%x' $a)" || bad="$bad run$i"
		if [ "$(al_last mapped)" = yes ]; then
			nm=$((nm + 1))
			[ "$(al_last pfn)" = $(((a - off) / PAGE)) ] || bad="$bad $i:pfn"
			[ "$(al_last huge)" = yes ] && { huge=$((huge + 1)); hl="$(al_last leaf):$(al_last mapping_size)"; }
		fi
		if [ "$ARCH" = x86_64 ]; then
			case "$(al_last lookup_address)" in agrees*) ;; *) bad="$bad $i:lookup" ;; esac
		fi
		i=$((i + 1))
	done
	t_is "$bad" "" "8 linear-map addresses walk to pfn = (virt - (kmalloc_virt - kmalloc_phys)) / page"
	t_cmp "$nm" -ge 6 "at least 6 of the 8 linear-map addresses are mapped ($nm)"
	if [ "$ARCH" = x86_64 ]; then
		dm=$(awk '/^DirectMap(2M|1G):/ { s += $2 } END { print s + 0 }' /proc/meminfo)
		if [ "$dm" -gt 0 ]; then
			t_cmp "$huge" -gt 0 "x86_64: DirectMap2M/1G = $dm kB and $huge of 8 linear-map walks end in a huge leaf"
			t_match "$hl" "^(pmd:$((PAGE << 9))|pud:$((PAGE << 18)))\$" "x86_64: a huge linear-map leaf is a 2M pmd or 1G pud ($hl)"
		else
			t_is "$huge" 0 "x86_64: no huge direct map, no huge leaf"
		fi
	else
		t_diag "$huge of 8 linear-map walks end in a huge leaf ${hl:-}"
	fi
fi

# ---- pagewalk: user addresses of the calling process ----
# written by this shell itself (al_run writes from a $(...) subshell, a fork)
echo "pagewalk target=ustack" > $D/run
t_is "$?" 0 "pagewalk target=ustack runs (debugfs: this shell is the caller)"
cp $L /tmp/pw
pk() { al_key /tmp/pw "$1"; }
t_is "$(pk space)" user "target=ustack: a user walk"
t_is "$(pk pid)" "$$" "target=ustack: walks the writing shell (pid $$)"
t_is "$(pk mapped)" yes "target=ustack: the stack page is mapped"
ua=$(pk addr)
sv=$(pk vma)
t_ok "target=ustack: the vma ($sv) is the shell's [stack] in /proc/$$/maps" \
	grep -q "^${sv%% *} ${sv#* }.*\[stack\]" /proc/$$/maps
# (the PFN itself moves: every fork of this shell makes its stack copy-on-write)
t_cmp "$(pagemap_pfn $$ $((ua)))" -gt 0 "target=ustack: /proc/$$/pagemap has $ua present too"
p=$(pk pfn); inz=
for r in $(grep '^zone\[' /tmp/layout | tr ' ' ','); do
	r=$(echo "$r" | tr ',' ' ')
	[ "$p" -ge "$(echo "$r" | row_val start_pfn)" ] && [ "$p" -lt "$(echo "$r" | row_val end_pfn)" ] &&
		inz=$(echo "$r" | row_val zone)
done
t_match "$inz" '.' "target=ustack: pfn $p lies in a zone's pfn range ($inz)"
t_is "$(grep -c '^level\[' /tmp/pw)" "$levels" "target=ustack: all $levels levels walked"
t_match "$(grep '^level\[' /tmp/pw | tail -n 1 | row_val flags)" "(^|\\|)$uflag(\\||\$)" \
	"target=ustack: the leaf is user-accessible"
echo "pagewalk addr=$ua" > $D/run
t_is "$(al_last vma)" "$sv" "pagewalk addr=$ua (the same stack address) finds the same vma"
t_is "$(al_last mapped)" yes "pagewalk addr=$ua is mapped"
# the shell's text pages: mapped or not, the walk and pagemap agree
bad=; n=0
for tx in $(awk '/r-xp/ { split($1, a, "-"); print a[1]; exit }' /proc/$$/maps); do
	i=0
	while [ $i -lt 8 ]; do
		a=$((0x$tx + i * PAGE)); pm=$(pagemap_pfn $$ $a)
		echo "pagewalk addr=$a" > $D/run || bad="$bad run"
		if [ "$pm" = 0 ]; then
			case "$(al_last mapped)" in no*) ;; *) bad="$bad $i:mapped" ;; esac
		else
			[ "$(al_last pfn)" = "$pm" ] || bad="$bad $i:pfn"; n=$((n + 1))
		fi
		i=$((i + 1))
	done
done
t_is "$bad" "" "8 pages of the shell's text: walked PFN = pagemap PFN, or both unmapped ($n mapped)"
t_match "$(al_last vma)" "^$(echo "$tx" | sed 's/^0*//')-[0-9a-f]+ r-xp" "the vma of the shell's text is r-xp"
t_ok "pagewalk addr=4096 (unmapped) runs" al_run "pagewalk addr=4096"
t_match "$(al_last mapped)" '^no \(' "an unmapped user address: mapped: no (why)"
t_match "$(al_last vma)" '^none' "an unmapped user address has no vma"

# through /dev/alloclab: the CLI process is the caller
if [ -x /bin/alloclab ]; then
	out=$(alloclab run pagewalk target=ustack 2>&1)
	t_is "$?" 0 "alloclab run pagewalk target=ustack (ioctl) exits 0"
	t_match "$out" '^comm: alloclab$' "ioctl: the walk is of the calling process (comm alloclab)"
	t_match "$out" '^mapped: yes$' "ioctl: the CLI's stack page is mapped"
	t_match "$out" '^vma: [0-9a-f]+-[0-9a-f]+ rw-p$' "ioctl: the CLI's stack vma is rw-p"
else
	t_skip "pagewalk through /dev/alloclab" "no /bin/alloclab in this image"
fi

# kptr_restrict hides entries, PFN and physical address of walks
echo 0 > /proc/sys/kernel/kptr_restrict
echo "pagewalk target=ustack" > $D/run
t_is "$(al_last pfn)" "hidden (kptr_restrict)" "kptr_restrict=0: the PFN is hidden"
t_is "$(al_last phys)" "hidden (kptr_restrict)" "kptr_restrict=0: the physical address is hidden"
t_is "$(grep '^level\[' $L | row_val entry | sort -u)" hidden "kptr_restrict=0: every entry is hidden"
t_match "$(grep '^level\[' $L | tail -n 1 | row_val flags)" "$uflag" "kptr_restrict=0: the flags are still shown"
echo "pagewalk target=page" > $D/run
if [ "$(al_last walk | cut -c1-11)" != unavailable ]; then
	t_is "$(grep '^level\[' $L | row_val index | sort -u)" hidden "kptr_restrict=0: a kernel walk hides its indices (they spell the address)"
	t_is "$(grep '^level\[' $L | row_val entry | sort -u)" hidden "kptr_restrict=0: a kernel walk hides its entries"
fi
echo 1 > /proc/sys/kernel/kptr_restrict

# ---- refused before anything is allocated ----
chk() { # errno "cmd" reason-regex
	al_run "$2"
	t_is "$AL_ERRNO" "$1" "'$2' is refused with $1"
	[ -n "$3" ] && t_match "$(al_key $D/last_error reason)" "$3" "'$2' says why"
}
chk EINVAL "pagewalk" "needs addr="
chk EINVAL "pagewalk target=kmalloc addr=4096" "target=addr only"
chk EINVAL "pagewalk addr=0x8000000000000000" "neither a user address"
chk EINVAL "pagewalk target=nowhere" "not one of the choices"
chk ERANGE "pagewalk addr=0x10000000000000000" "overflows"
chk ERANGE "addr kmalloc_size=0" "out of range"
chk ERANGE "addr vmalloc_size=1g" "out of range"
chk EINVAL "addr gfp=HIGHUSER_MOVABLE" "highmem page"
chk EINVAL "addr gfp=DMA|DMA32" "two different zones"
chk EINVAL "layout bogus=1" ""

# ---- nothing left behind ----
i=0
while [ $i -lt 20 ]; do
	al_run "addr vmalloc_size=1m"; al_run "pagewalk target=vmalloc"; al_run layout
	i=$((i + 1))
done
t_is "$(grep -c alloclab_layout /proc/vmallocinfo)" 0 "no vmalloc area of alloclab_layout left after 20 rounds"
t_ok "unload" al_unload
al_settle
free1=$(al_mem_free_kb); km1=$(al_kmalloc_kb)
t_cmp "$free1" -ge "$((free0 - free0 / 100))" "free memory back within 1% after the runs ($free0 -> $free1 kB)"
t_cmp "$km1" -le "$((km0 + km0 / 100 + 64))" "kmalloc caches back near their level ($km0 -> $km1 kB)"
t_is "$(cat /proc/sys/vm/watermark_scale_factor)" "$wsf0" "watermark_scale_factor restored ($wsf0)"
echo "$kr0" > /proc/sys/kernel/kptr_restrict
t_is "$(dmesg | tail -n +$((dmesg0 + 1)) | grep -cE 'WARNING:|BUG:|Oops|Call Trace')" 0 \
	"dmesg since the start has no warning or stack dump"
t_ok "reload" al_load
t_ok "layout runs after a reload" al_run layout
t_ok "unload at the end" al_unload
t_done
