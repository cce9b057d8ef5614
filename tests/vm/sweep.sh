#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# alloclab sweep and alloclab report (userspace/cmd_sweep.c, cmd_report.c, model.c) in the
# guest: the kmalloc size-class story over 8..4m as CSV (one row per point, ksize read from
# the facts: >= size and never decreasing), its table, JSON (handed to the host's parser),
# --repeat, a two-key grid, a point the kernel refuses (its reason shown, the sweep goes
# on, exit 1), bad ranges refused before anything runs (exit 2), and the report table
# (one row per result). Nothing here assumes an architecture's class sizes.
. /tests/lib.sh

D=$AL_DEBUGFS
T=/tmp/sweep
mkdir -p $T

t_ok "alloclab modules load" al_load || t_done

# column number of header NAME in CSV file $1 ("" if absent)
col() { head -n 1 "$1" | tr ',' '\n' | grep -nx "$2" | cut -d: -f1; }

# ---- the size-class story as CSV ----
alloclab sweep kmalloc size=8..4m*2 count=200 --csv >$T/csv 2>$T/err
t_is "$?" 0 "alloclab sweep kmalloc size=8..4m*2 --csv exits 0"
t_match "$(head -n 1 $T/csv)" '^experiment,size,phase,ops,ns_p50,ns_p90,ns_p99,ns_mean,ns_min,ns_max,' \
	"the CSV header starts experiment,size,phase,ops,ns_p50,...,ns_max"
K=$(col $T/csv ksize)
t_match "$K" '^[0-9]+$' "ksize is a column of the CSV (it changes across sizes)"
P0=$(sed -n 2p $T/csv | cut -d, -f3)
t_is "$(awk -F, -v p="$P0" 'NR > 1 && $3 == p' $T/csv | wc -l)" 20 \
	"one $P0 row per point (8, 16, ... 4194304: 20 points)"
t_is "$(awk -F, -v p="$P0" 'NR > 1 && $3 == p { print $2 }' $T/csv | tr '\n' ' ')" \
	"$(i=8; while [ $i -le 4194304 ]; do printf '%s ' $i; i=$((i * 2)); done)" \
	"the points are 8, 16, ... 4194304 in order"
bad=$(awk -F, -v p="$P0" -v k="$K" 'NR > 1 && $3 == p {
	if ($k == "" || $k + 0 < $2 + 0 || $k + 0 < last + 0) print $2 ": ksize " $k; last = $k }' $T/csv)
t_is "$bad" "" "ksize >= size at every point and never decreasing"
t_cmp "$(awk -F, -v p="$P0" 'NR > 1 && $3 == p && $5 == "" ' $T/csv | wc -l)" -eq 0 \
	"every point has a p50"
t_diag "alloclab sweep kmalloc size=8..4m*2 count=200 --csv:" "$(cut -c1-150 $T/csv)"

# ---- the table ----
alloclab sweep kmalloc size=8..4m*2 count=200 >$T/table 2>&1
t_is "$?" 0 "alloclab sweep kmalloc size=8..4m*2 (table) exits 0"
t_is "$(grep -cE '^ *[0-9]+  +[a-z]' $T/table)" 20 "the table has one row per point"
t_match "$(sed -n 2p $T/table)" '^ *size +phase +ops +ns_p50 +ns_p90 +ns_p99 +ns_mean +.*ksize' \
	"the table's columns (the CSV's names): size, phase, ops, ns_p50, ns_p90, ns_p99, ns_mean, the changing facts"
t_diag "\$ alloclab sweep kmalloc size=8..4m*2 count=200" "$(cat $T/table)"

# ---- JSON ----
alloclab sweep kmalloc size=64..256*2 count=100 --json >$T/json
t_is "$?" 0 "alloclab sweep --json exits 0"
t_json sweep $T/json
t_is "$(grep -c '"params": {' $T/json)" 3 "sweep --json: 3 points for 64..256*2"
t_match "$(cat $T/json)" '"keys": \[' "sweep --json names its keys"

# ---- --repeat, grid ----
alloclab sweep kmalloc size=64,128 count=100 --repeat 3 --csv >$T/rep
t_is "$?" 0 "alloclab sweep --repeat 3 exits 0"
t_is "$(awk -F, -v p="$P0" 'NR > 1 && $3 == p' $T/rep | wc -l)" 2 "--repeat 3: still one row per point"
t_cmp "$(grep -c '^result: ' $D/report)" -ge 6 "--repeat 3 ran each of the 2 points 3 times"
alloclab sweep kmalloc size=64,128 count=100..200+100 --csv >$T/grid
t_is "$(head -n 1 $T/grid | cut -d, -f1-4)" "experiment,size,count,phase" "a grid's CSV has both keys"
t_is "$(awk -F, -v p="$P0" 'NR > 1 && $4 == p { print $2 "/" $3 }' $T/grid | tr '\n' ' ')" \
	"64/100 64/200 128/100 128/200 " "a grid runs every pair, the first key outermost"

# ---- a point the kernel refuses: shown with its reason, the sweep goes on ----
alloclab sweep kmalloc size=4m,16g count=10 >$T/fail 2>&1
t_is "$?" 1 "a sweep with a refused point exits 1"
t_match "$(sed -n 2p $T/fail)" ' ns_mean +error$' "the table gets an error column"
t_match "$(grep '17179869184' $T/fail)" 'ERANGE: size=17179869184 is out of range' "the refused point shows the kernel's errno and reason"
t_match "$(cat $T/fail)" '^ *4194304  ' "the point before it ran"
t_diag "$(cat $T/fail)"

# ---- bad ranges: exit 2 with a reason, nothing run ----
n=$(grep -c '^result: ' $D/report)
out=$(alloclab sweep kmalloc size=64..8 2>&1)
t_is "$?" 2 "size=64..8 is refused with exit 2"
t_match "$out" 'above the end' "and says the start is above the end"
out=$(alloclab sweep kmalloc size=8..64*1 2>&1)
t_is "$?" 2 "size=8..64*1 is refused with exit 2"
t_match "$out" 'factor of 2' "and says the factor must be 2 or more"
out=$(alloclab sweep kmalloc size=1..1m+1 2>&1)
t_is "$?" 2 "a range of more than 64 points is refused with exit 2"
t_match "$out" 'more than 64 points' "and says why"
out=$(alloclab sweep kmalloc count=10 2>&1)
t_is "$?" 2 "a sweep without a range is refused with exit 2"
t_is "$(grep -c '^result: ' $D/report)" "$n" "nothing ran for the refused sweeps"

# ---- report ----
alloclab report >$T/report
t_is "$?" 0 "alloclab report exits 0"
t_is "$(grep -cE '^ *[0-9]+  ' $T/report)" "$(grep -c '^result: ' $D/report)" \
	"alloclab report has one row per result of debugfs report"
t_match "$(head -n 1 $T/report)" '^ *result +experiment +params +phase +ops +ns_p50 +ns_p99 +facts' \
	"the report table's columns"
t_match "$(grep -E '^ *[0-9]+  kmalloc ' $T/report | head -n 1)" 'size=[0-9]+ .*ksize=[0-9]+' \
	"a kmalloc row shows its size (not the default) and ksize"
t_diag "\$ alloclab report | head" "$(head -n 12 $T/report)"
alloclab report --json >$T/rjson
t_is "$?" 0 "alloclab report --json exits 0"
t_json report $T/rjson
alloclab report --last --json >$T/ljson
t_json report_last $T/ljson
alloclab report --csv >$T/rcsv
t_is "$(head -n 1 $T/rcsv)" "result,experiment,params,phase,ops,ns_p50,ns_p90,ns_p99,ns_mean,ns_min,ns_max,facts" \
	"alloclab report --csv header"

t_ok "alloclab modules unload" al_unload
t_done
