#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `alloclab plot` with the real gnuplot, on the host (the guest has none):
# each kind (sweep, buddy, hist) from the unit tests' fixtures, as SVG and
# as PNG. An SVG must parse as XML with an <svg> root and hold drawn
# <path>/<polyline> elements; a PNG must carry the PNG signature, an IHDR
# of plausible dimensions and weigh more than 5 kB. KTAP out, exit 1 if
# anything failed.
#
#   sh tests/host/plot.sh [ALLOCLAB]   (default: userspace/alloclab, built if missing)
#
# Needs gnuplot (scripts/deps.sh installs gnuplot-nox) and python3.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
A=${1:-$top/userspace/alloclab}
D=$top/tests/unit/data/plot
T=$(mktemp -d /tmp/alloclab-plot.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0
fail=0

ok() { # status desc
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=$((fail + 1))
	fi
}

check_svg() { # file
	python3 - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
tag = root.tag.split('}')[-1]
drawn = [e for e in root.iter() if e.tag.split('}')[-1] in ('path', 'polyline')]
if tag != 'svg' or len(drawn) < 10:
    sys.exit('root <%s>, %d path/polyline elements' % (tag, len(drawn)))
EOF
}

check_png() { # file
	python3 - "$1" <<'EOF'
import os, struct, sys
data = open(sys.argv[1], 'rb').read()
if data[:8] != b'\x89PNG\r\n\x1a\n' or data[12:16] != b'IHDR':
    sys.exit('no PNG signature / IHDR')
w, h = struct.unpack('>II', data[16:24])
if not (400 <= w <= 4000 and 300 <= h <= 4000):
    sys.exit('implausible size %dx%d' % (w, h))
if len(data) <= 5 * 1024:
    sys.exit('only %d bytes' % len(data))
EOF
}

echo "KTAP version 1"
if [ ! -x "$A" ]; then
	make -s -C "$top/userspace" >&2 || { echo "Bail out! cannot build $A"; exit 1; }
fi
if ! command -v gnuplot >/dev/null || ! command -v python3 >/dev/null; then
	echo "1..0 # SKIP needs gnuplot (apt-get install gnuplot-nox) and python3"
	exit 0
fi
echo "1..24"
for kind in sweep buddy hist; do
	case $kind in
	sweep) in="$D/sweep.csv" ;;
	buddy) in="$D/before.snap $D/held.snap" ;;
	hist) in="$D/hist.txt --kernel 6.1.0-56-amd64" ;;
	esac
	for ext in svg png; do
		out=$T/$kind.$ext
		# shellcheck disable=SC2086 # $in is several words on purpose
		"$A" plot $kind $in -o "$out" >"$T/log" 2>&1
		ok $? "plot $kind -o $kind.$ext exits 0"
		test -s "$T/$kind.dat" && test -s "$T/$kind.gp"
		ok $? "plot $kind wrote $kind.dat and $kind.gp next to $kind.$ext"
		if [ $ext = svg ]; then
			check_svg "$out" >&2
			ok $? "$kind.svg is XML with an <svg> root and drawn paths"
		else
			check_png "$out" >&2
			ok $? "$kind.png has the PNG signature, a plausible IHDR and > 5 kB"
		fi
		if [ $ext = svg ]; then
			grep -q '>kernel 6.1.0-56-amd64<' "$out"
			ok $? "$kind.svg shows the kernel release in its corner"
		else
			grep -q "^set terminal pngcairo" "$T/$kind.gp"
			ok $? "$kind.gp renders the .png with pngcairo"
		fi
	done
done
echo "# $fail of $n failed"
[ $fail -eq 0 ]
