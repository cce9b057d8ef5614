#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The core's hist=1 rows and `alloclab plot` in the guest (busybox sh, root,
# no gnuplot): every timed phase's histogram counts sum to its ops in both
# timing modes, the buckets ascend and hold the percentiles, the default
# result has no hist rows; `alloclab plot hist|buddy` write their data file
# and gnuplot script, then say how to install gnuplot and exit 1.
. /tests/lib.sh

T=/tmp/plot
mkdir -p $T
grep -q '^alloclab_core ' /proc/modules || al_load

# the hist rows of phase $2 in result file $1, as "lo hi count" lines
hist_of() {
	sed -n "s/^hist\[[0-9]*\]: phase=$2 lo_ns=\([0-9.]*\) hi_ns=\([0-9.]*\) count=\([0-9]*\)\$/\1 \2 \3/p" "$1"
}

# the result key of phase $2's figure $3 (ops, ns_p50 ...): phase 0 has no prefix
phase_key() { # file phase key
	first=$(al_key "$1" phases | cut -d' ' -f1)
	if [ "$2" = "$first" ]; then al_key "$1" "$3"; else al_key "$1" "$2_$3"; fi
}

check_hist() { # file mode
	f=$1
	t_is "$(al_key $f truncated)" "" "$2: the result is not truncated"
	t_cmp "$(grep -c '^hist\[' $f)" -gt 0 "$2: hist=1 adds hist[] rows ($(grep -c '^hist\[' $f))"
	t_is "$(grep '^hist\[' $f | grep -vc '^hist\[[0-9]*\]: phase=[a-z_]* lo_ns=[0-9]*\.[0-9][0-9][0-9] hi_ns=[0-9]*\.[0-9][0-9][0-9] count=[0-9]*$')" 0 \
		"$2: every hist row reads phase= lo_ns= hi_ns= count="
	for ph in $(al_key $f phases); do
		ops=$(phase_key $f $ph ops)
		[ -n "$ops" ] || continue	# a phase that did not run has no figures, no rows
		sum=$(hist_of $f $ph | awk '{ s += $3 } END { print s + 0 }')
		t_is "$sum" "$ops" "$2: phase $ph's hist counts sum to its ops ($ops)"
		t_is "$(hist_of $f $ph | awk 'NR > 1 && $1 < hi { bad++ } $2 <= $1 && $2 > 0 { bad++ }
			{ hi = $2 } END { print bad + 0 }')" 0 "$2: phase $ph's buckets ascend, lo < hi"
		p50=$(phase_key $f $ph ns_p50)
		t_is "$(hist_of $f $ph | awk -v p="$p50" 'NR == 1 { lo = $1 } { hi = $2 }
			END { print (p + 0.05 >= lo && p - 0.05 <= hi) ? "in" : "out " lo ".." hi }')" in \
			"$2: phase $ph's p50 $p50 ns lies in its histogram's range"
	done
}

# ---- hist=1 in the result ----
t_ok "run kmalloc size=64 count=2000 pattern=bulk mode=perop hist=1" \
	sh -c "alloclab run kmalloc size=64 count=2000 pattern=bulk mode=perop hist=1 >$T/perop.txt"
check_hist $T/perop.txt perop
t_ok "run kmalloc size=64 count=2000 hist=1 (batch mode)" \
	sh -c "alloclab run kmalloc size=64 count=2000 hist=1 >$T/batch.txt"
check_hist $T/batch.txt batch
# the whole result and the plot's words, for the README and docs/ (the host plots them)
t_diag "== perop.txt" "$(cat $T/perop.txt)" "== end"
alloclab run kmalloc size=64 count=2000 >$T/plain.txt
t_is "$(grep -c '^hist\[' $T/plain.txt)" 0 "without hist=1 the result has no hist rows"
t_match "$(al_key $T/plain.txt command)" ' hist=0$' "the resolved command shows hist=0"
al_run "kmalloc size=64 hist=2"
t_is "$AL_ERRNO" ERANGE "hist=2 is refused (ERANGE)"
alloclab --json run kmalloc size=64 count=200 hist=1 >$T/r.json
t_json hist-result $T/r.json
t_match "$(cat $T/r.json)" '"hist": \[' "--json gathers the rows into a hist array"

# ---- alloclab plot without gnuplot: data and script, the install hint, exit 1 ----
t_not "gnuplot is not in the guest" sh -c "command -v gnuplot"
out=$(alloclab plot hist $T/perop.txt -o $T/h.svg 2>&1)
t_is "$?" 1 "plot hist without gnuplot exits 1"
t_diag "$ alloclab plot hist perop.txt -o h.svg" "$out"
t_match "$out" 'apt-get install gnuplot-nox' "and says how to install gnuplot"
t_ok "plot hist wrote h.dat" test -s $T/h.dat
t_ok "plot hist wrote h.gp, which draws h.svg from h.dat" \
	sh -c "grep -q \"set output 'h.svg'\" $T/h.gp && grep -q \"'h.dat' index 0\" $T/h.gp"
t_is "$(grep -c '^# phase ' $T/h.dat)" "$(sed -n 's/^hist\[[0-9]*\]: phase=\([^ ]*\).*/\1/p' $T/perop.txt | uniq | wc -l)" \
	"h.dat has a block per phase with hist rows"
t_is "$(awk '!/^#/ && NF == 3 { s += $3 } END { print s + 0 }' $T/h.dat)" \
	"$(grep '^hist\[' $T/perop.txt | sed 's/.*count=//' | awk '{ s += $1 } END { print s + 0 }')" \
	"h.dat's counts are the result's"
t_ok "the corner names this kernel (the result does not record it)" \
	grep -qF "set label 100 'kernel $(uname -r) (where plotted" $T/h.gp
out=$(alloclab plot hist $T/plain.txt -o $T/none.svg 2>&1)
t_is "$?" 1 "plot hist of a result without hist rows exits 1"
t_match "$out" 'hist=1' "and says to run it with hist=1"

# ---- plot sweep: from `alloclab sweep --csv` over kmalloc sizes (two phases) ----
alloclab sweep kmalloc size=8,64,512,4k,32k,256k,2m count=8 pattern=bulk mode=perop --csv >$T/sweep.csv
t_is "$?" 0 "alloclab sweep kmalloc over 7 sizes --csv exits 0"
t_is "$(grep -c '^kmalloc,' $T/sweep.csv)" 14 "sweep.csv: two phases at 7 sizes"
t_match "$(head -n 1 $T/sweep.csv)" ',kernel$' "sweep.csv records the kernel in its last column"
t_diag "== sweep.csv" "$(cat $T/sweep.csv)" "== end"
out=$(alloclab plot sweep $T/sweep.csv -o $T/sw.svg --title "kmalloc: ns per op vs size" 2>&1)
t_is "$?" 1 "plot sweep without gnuplot exits 1"
t_is "$(grep -c '^# curve ' $T/sw.dat)" 2 "sw.dat has a curve per phase"
t_is "$(awk '/^# curve 0/ { on = 1; next } /^# curve/ { on = 0 } on && !/^#/ && NF == 4 { print $1 }' $T/sw.dat | tr '\n' ' ')" \
	"8 64 512 4096 32768 262144 2097152 " "sw.dat's x column is the sizes in bytes (4k = 4096)"
t_ok "the corner names the kernel the sweep recorded" grep -qF "'kernel $(uname -r)'" $T/sw.gp
t_ok "sw.gp puts size on a log2 axis" grep -q '^set logscale x 2' $T/sw.gp

# ---- plot buddy: before / held / after a fragmenter ----
alloclab snapshot --out $T/before.snap
al_run "fragment percent=20 hold=1"
alloclab snapshot --out $T/held.snap
al_run "release"
alloclab snapshot --out $T/after.snap
out=$(alloclab plot buddy $T/before.snap $T/held.snap $T/after.snap -o $T/b.png 2>&1)
t_is "$?" 1 "plot buddy without gnuplot exits 1"
for s in before held after; do
	t_diag "== $s.snap" "$(sed -n '1,3p' $T/$s.snap)" "$(sed -n '/^--- \/proc\/buddyinfo/,/^--- /p' $T/$s.snap | sed '$d')" "== end"
done
t_match "$out" 'gnuplot-nox' "and names the package"
t_is "$(grep -c '^# zone ' $T/b.dat)" "$(grep -c '^Node' /proc/buddyinfo)" "b.dat has a block per zone of /proc/buddyinfo"
t_is "$(sed -n 's/^# kernel: //p' $T/b.dat)" "$(uname -r)" "b.dat records the snapshots' kernel"
t_match "$(grep '^# order' $T/b.dat | head -n 1)" '^# order before held after$' "a column per snapshot, named after its file"
z=$(grep '^Node' /proc/buddyinfo | head -n 1 | awk '{ print $4 }')
want=$(sed -n '/^--- \/proc\/buddyinfo/,/^--- /p' $T/held.snap | grep "zone *$z " | awk '{ for (i = 5; i <= NF; i++) printf "%s%s", (i > 5 ? " " : ""), $i }')
got=$(awk '/^# zone 0:/ { on = 1; next } /^# zone/ { on = 0 } on && !/^#/ && NF { printf "%s%s", n++ ? " " : "", $3 }' $T/b.dat)
t_is "$got" "$want" "zone $z: the held column is the held snapshot's buddyinfo row"
t_ok "the script uses pngcairo for a .png" grep -q 'set terminal pngcairo' $T/b.gp
out=$(alloclab plot buddy /proc/meminfo -o $T/x.svg 2>&1)
t_is "$?" 1 "plot buddy of a file that is not a snapshot exits 1"
t_match "$out" 'snapshot' "and says it is not a snapshot"
t_ok "unload" al_unload
t_done
