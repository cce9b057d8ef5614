#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the modules and the static CLI for one test kernel, or for all of them.
#
#   scripts/build.sh <kid>|all      kid: amd64-6.1 amd64-6.12 arm64-6.1
#
# For each kid: Kbuild, modules/, include/ and userspace/ are copied to build/<kid>/src
# (a clean copy every time, so every warning shows up again) and built there:
#   make -C <headers> M=build/<kid>/src W=1 [ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-]
#   make -C build/<kid>/src/userspace STATIC=1 CC=<cross>gcc OUT=build/<kid>
# Outputs build/<kid>/*.ko and build/<kid>/alloclab; log in build/logs/build-<kid>.log.
# Any "warning:" in the log fails the build. Exit status: number of kids that failed.
set -euo pipefail

. "$(dirname "$0")/common.sh"

build_one() {
	local kid=$1 out=$BUILD/$1 log=$BUILD/logs/build-$1.log
	local kdir arch cross t0 ko n
	if [ "$kid" = amd64-6.1-debug ]; then
		# built (once per machine) or found in the cache, then in the env
		bash "$ROOT/scripts/debug-kernel.sh" build || return 1
		load_kernels_env
	fi
	kdir=$(kv KDIR "$kid")
	arch=$(kv ARCH "$kid")
	cross=$(kv CROSS "$kid")
	t0=$(now_ms)
	mkdir -p "$BUILD/logs"
	rm -rf "$out"
	mkdir -p "$out/src"
	cp -a "$ROOT/Kbuild" "$ROOT/modules" "$ROOT/include" "$out/src/"
	[ -d "$ROOT/userspace" ] && cp -a "$ROOT/userspace" "$out/src/"
	# no stale objects from an in-tree build
	find "$out/src" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name 'Module.symvers' -o -name 'modules.order' \) -delete

	{
		echo "== $kid: make -C $kdir M=$out/src W=1 ARCH=$arch CROSS_COMPILE=$cross modules"
		make -C "$kdir" M="$out/src" W=1 ARCH="$arch" CROSS_COMPILE="$cross" \
			-j"$(nproc)" modules 2>&1
	} >"$log" 2>&1 || {
		tail -n 40 "$log"
		echo "build.sh: $kid: FAILED: kernel build (log: $log)"
		return 1
	}
	n=0
	while IFS= read -r ko; do
		cp "$ko" "$out/"
		n=$((n + 1))
	done < <(find "$out/src" -name '*.ko' | sort)
	[ "$n" -gt 0 ] || { echo "build.sh: $kid: FAILED: no .ko built (log: $log)"; return 1; }

	if [ -f "$out/src/userspace/Makefile" ]; then
		{
			echo "== $kid: make -C $out/src/userspace STATIC=1 CC=${cross}gcc OUT=$out"
			make -C "$out/src/userspace" STATIC=1 CC="${cross}gcc" OUT="$out" 2>&1
		} >>"$log" 2>&1 || {
			cat "$log"
			echo "build.sh: $kid: FAILED: CLI build (log: $log)"
			return 1
		}
		if ! file "$out/alloclab" 2>/dev/null | grep -q 'statically linked'; then
			echo "build.sh: $kid: FAILED: $out/alloclab missing or not static (log: $log)"
			return 1
		fi
	else
		echo "build.sh: $kid: no userspace/Makefile yet, CLI skipped"
	fi

	if grep -q 'warning:' "$log"; then
		grep -B2 -A6 'warning:' "$log"
		echo "build.sh: $kid: FAILED: compiler warnings (log: $log)"
		return 1
	fi
	echo "build.sh: $kid: ok in $(elapsed "$t0"):" \
		"$(cd "$out" && ls -- *.ko 2>/dev/null | tr '\n' ' ')$([ -f "$out/alloclab" ] && echo alloclab)"
}

[ $# -eq 1 ] || { echo "usage: $0 <kid>|all   (kids: $KIDS_KNOWN; all: $KIDS_ALL)" >&2; exit 2; }
load_kernels_env
if [ "$1" = all ]; then
	kids=$KIDS_ALL
else
	valid_kid "$1" || exit 2
	kids=$1
fi
fail=0
for k in $kids; do
	build_one "$k" || fail=$((fail + 1))
done
exit "$fail"
