# SPDX-License-Identifier: GPL-2.0
# alloclab snapshot / diff over the seven /proc files: every section is saved, a
# held fragmenter shows in the buddyinfo diff as /proc/buddyinfo itself shows it,
# units follow the running page size, --only filters, --json is valid JSON, and
# a snapshot of the three-file era still reads.
. /tests/lib.sh
grep -q '^alloclab_' /proc/modules && al_unload
al_load
T=/tmp/snapt
mkdir -p $T
H=4
FILES="slabinfo buddyinfo meminfo pagetypeinfo vmallocinfo zoneinfo vmstat"

# free pages in blocks of order >= $H in a buddyinfo copy
high_pages() {
	awk -v h=$H '$1 == "Node" { p = 1; for (i = 5; i <= NF; i++) { if (i - 5 >= h) s += $i * p; p *= 2 } }
		END { print s + 0 }' "$1"
}

cp /proc/buddyinfo $T/buddy_a
t_ok "alloclab snapshot --out (before)" alloclab snapshot --out $T/a
for f in $FILES; do
	t_ok "the snapshot holds /proc/$f" grep -qx -- "--- /proc/$f" $T/a
done
kps=$(awk '/^KernelPageSize:/ { print $2; exit }' /proc/self/smaps)
t_is "$(sed -n 's/^page_size: //p' $T/a)" "$((kps * 1024))" "the snapshot records the page size (${kps} kB, /proc/self/smaps)"

t_ok "fragment percent=20 hold=1 runs" al_run "fragment percent=20 hold=1"
taken=$(al_last pages_taken)
# and a slab change that does not depend on the guest's own churn: a cache of alloclab's
# with 2000 held objects (on an idle 6.12 guest slabinfo did not change otherwise)
t_ok "kmem_cache size=200 ctor=1 count=2000 hold=1 runs (a constructor: the cache cannot merge)" al_run "kmem_cache size=200 ctor=1 count=2000 hold=1"
t_ok "alloclab snapshot --out (held)" alloclab snapshot --out $T/b
cp /proc/buddyinfo $T/buddy_b

alloclab diff --only=buddy $T/a $T/b >$T/d
t_is "$?" 0 "alloclab diff --only=buddy A B exits 0"
t_diag "$(cat $T/d)"
t_is "$(grep -c -v -e '^buddyinfo: ' -e '^node ' -e '^ *[0-9]' $T/d)" 0 "--only=buddy prints the buddyinfo section only"
# rows: node zone order free_blocks delta pages_delta kb_delta
got=$(awk -v h=$H '$1 ~ /^[0-9]+$/ && $3 >= h { s += $6 } END { print s + 0 }' $T/d)
direct=$(( $(high_pages $T/buddy_b) - $(high_pages $T/buddy_a) ))
t_diag "order >= $H free pages: diff $got, /proc/buddyinfo read directly $direct, fragment took $taken"
t_cmp "$got" -le "$((-taken / 2))" "diff: the held fragmenter lowers order >= $H free pages by >= half of what it took"
t_cmp "$direct" -le "$((-taken / 2))" "/proc/buddyinfo read directly shows the same drop"
# every row's free_blocks is B's /proc/buddyinfo count for that zone and order
bad=$(sed -n '/^--- \/proc\/buddyinfo$/,/^--- /p' $T/b | grep '^Node' | awk '
	NR == FNR { z = $4; n = $2; sub(",", "", n); for (i = 5; i <= NF; i++) v[n " " z " " i - 5] = $i; next }
	$1 ~ /^[0-9]+$/ && v[$1 " " $2 " " $3] != $4 { print }' - $T/d)
t_is "$bad" "" "every changed row's free blocks are the snapshot's /proc/buddyinfo count"
bad=$(awk -v k=$kps '$1 ~ /^[0-9]+$/ { p = 1; for (i = 0; i < $3; i++) p *= 2
	if ($6 != $5 * p || $7 != $6 * k) print }' $T/d)
t_is "$bad" "" "every row: pages = blocks x 2^order, kB = pages x ${kps}"

t_diag "transcript:" "$(alloclab diff --only=buddy,pagetype,vmalloc $T/a $T/b)"
alloclab diff $T/a $T/b >$T/all
t_is "$?" 0 "alloclab diff A B exits 0"
for s in slabinfo buddyinfo meminfo pagetypeinfo vmallocinfo zoneinfo vmstat; do
	t_match "$(cat $T/all)" "^$s: " "alloclab diff has a $s section"
done
t_match "$(cat $T/all)" '^pagetypeinfo: [0-9]+ counters? changed' "the held fragmenter changes pagetypeinfo's free counts"
t_match "$(cat $T/all)" '^vmallocinfo: [0-9]+ areas \([-+][0-9]+\), [0-9]+ bytes' "vmallocinfo is summarized (areas, bytes)"
t_match "$(cat $T/all)" '^slabinfo: .*largest .* first' "slabinfo is shown largest first"
kmc=$(sed -n '/^slabinfo:/,/^$/p' $T/all | awk '$1 ~ /^alloclab_kmc_/ && $2 == "(new)" { print $4 }')
t_cmp "${kmc:-0}" -ge 2000 "the held kmem_cache shows as a new cache with its 2000 objects active (${kmc:-none})"
t_diag "$(sed -n '/^slabinfo:/,/^$/p' $T/all | head -8)"
sizes=$(sed -n '/^slabinfo:/,/^$/p' $T/all | awk 'NR > 2 && NF { print $(NF - 1) }')
t_is "$sizes" "$(echo "$sizes" | sort -rn)" "slabinfo rows are sorted by size (kb descending)"
t_match "$(alloclab diff --only=vmalloc $T/a $T/b)" '^vmallocinfo: ' "--only=vmalloc prints vmallocinfo"
t_is "$(alloclab diff --only=vmalloc,zone $T/a $T/b | grep -c -e '^buddyinfo:' -e '^slabinfo:')" 0 "--only=vmalloc,zone leaves out the others"
t_not "--only=bogus is refused" alloclab diff --only=bogus $T/a $T/b

alloclab diff --json $T/a $T/b >$T/j
t_is "$?" 0 "alloclab diff --json exits 0"
t_json snapshot_diff $T/j
for k in slabinfo buddyinfo meminfo pagetypeinfo vmallocinfo zoneinfo vmstat page_size; do
	t_match "$(cat $T/j)" "^  \"$k\": " "diff --json has \"$k\""
done
t_ok "release" al_run release

# a snapshot of the three-file era (no page_size, three sections) still reads
sed -n '/^--- \/proc\/pagetypeinfo$/q; /^page_size: /d; p' $T/a >$T/old
t_is "$(grep -c '^--- ' $T/old)" 3 "the old-style snapshot has three sections"
alloclab diff $T/old $T/b >$T/od 2>&1
t_is "$?" 0 "alloclab diff of an old-style snapshot exits 0"
t_match "$(cat $T/od)" '^pagetypeinfo: not in both snapshots' "and says which sections it lacks"
t_match "$(cat $T/od)" '^buddyinfo: [0-9]+ zone/order' "and still diffs buddyinfo"
t_ok "unload" al_unload
t_done
