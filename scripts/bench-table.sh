#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Turn the output of tests/vm/bench.sh (a VM console log, on stdin or in the
# files named) into an aligned table on stdout:
#
#   scripts/vm.sh --kernel amd64-6.1 --tests bench | scripts/bench-table.sh
#
# Reads "BENCHINFO|key|value" and "BENCH|label|mean|p50|unit" wherever they
# appear in a line (KTAP diagnostics, indented). Exit status: 0 if rows were
# found and no "not ok" line was seen, 1 otherwise (the table is still printed).
set -u

awk '
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
function dashes(n,   s) { s = ""; while (n-- > 0) s = s "-"; return s }
/^[ \t]*not ok / { bad++ }
index($0, "BENCHINFO|") {
	split(substr($0, index($0, "BENCHINFO|") + 10), f, "|")
	info[trim(f[1])] = trim(f[2])
	next
}
index($0, "BENCH|") {
	n = split(substr($0, index($0, "BENCH|") + 6), f, "|")
	rows++
	lab[rows] = trim(f[1]); mean[rows] = trim(f[2])
	if (n >= 4) { p50[rows] = trim(f[3]); unit[rows] = trim(f[4]) }
	else { p50[rows] = "-"; unit[rows] = trim(f[3]) }
	if (length(lab[rows]) > wl) wl = length(lab[rows])
	if (length(mean[rows]) > wm) wm = length(mean[rows])
	if (length(p50[rows]) > wp) wp = length(p50[rows])
}
END {
	if (!rows) {
		print "bench-table: no BENCH lines in the input" > "/dev/stderr"
		exit 1
	}
	if (wl < 11) wl = 11
	if (wm < 4) wm = 4
	if (wp < 3) wp = 3
	hdr = "alloclab bench"
	if ("kernel" in info) hdr = hdr ": " info["kernel"]
	if ("cpus" in info) hdr = hdr ", " info["cpus"] " CPUs"
	print hdr
	if ("runs" in info) print "(" info["runs"] ")"
	print ""
	printf "%-" wl "s  %" wm "s  %" wp "s  %s\n", "measurement", "mean", "p50", "unit"
	printf "%s  %s  %s  %s\n", dashes(wl), dashes(wm), dashes(wp), dashes(9)
	for (i = 1; i <= rows; i++)
		printf "%-" wl "s  %" wm "s  %" wp "s  %s\n", lab[i], mean[i], p50[i], unit[i]
	if (bad) {
		printf "\nbench-table: %d failed check(s) in the bench run\n", bad > "/dev/stderr"
		exit 1
	}
}' "$@"
