#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: everything, ending with one line "N passed, N failed[, N skipped]".
#
#   1. scripts/deps.sh                    (a prerequisite, not counted unless it fails)
#   2. scripts/build.sh <kid> for each test kernel: one test each (any warning fails)
#   3. make -C tests/unit check           every cmocka test counts
#   4. tests/host/*.sh against a host build of the CLI: every KTAP leaf counts
#   5. dkms add/build/remove of a temporary copy against the amd64-6.1 kernel: one test
#   6. scripts/vm.sh --kernel <kid>       every leaf KTAP result counts (4-space indented
#                                         "ok"/"not ok" lines); a VM that does not reach
#                                         ALLOCLAB-VM-DONE counts one more failure
#   7. the DMA family's extra boots: amd64-6.1 and arm64-6.1 with an IOMMU (dma, edu), and
#      amd64-6.1 on a virtual clock (--icount) for edu's 16 MiB round trip, with and
#      without the IOMMU
# Logs: build/logs/. Environment: ALLOCLAB_VM_TIMEOUT (s per VM, default 900; 1800 for
# the debug kernel), ALLOCLAB_KERNELS (a subset of the kernel ids; default all four:
# amd64-6.1 amd64-6.12 arm64-6.1 amd64-6.1-debug), ALLOCLAB_DEBUG_KERNEL=0 (without
# the debug kernel).
set -uo pipefail

. "$(dirname "$0")/common.sh"

LOGS=$BUILD/logs
mkdir -p "$LOGS"
pass=0
fail=0
skip=0
t_start=$(now_ms)
summary=()

failures=()
res() { # ok|fail|skip "name" [detail]
	case "$1" in
	ok) pass=$((pass + 1)); echo "ok - $2" ;;
	skip) skip=$((skip + 1)); echo "ok - $2 # SKIP ${3:-}" ;;
	*) fail=$((fail + 1)); echo "not ok - $2${3:+ ($3)}"; failures+=("$2${3:+ ($3)}") ;;
	esac
}

finish() {
	echo
	echo "== summary ($(elapsed "$t_start") total)"
	printf '   %s\n' "${summary[@]}"
	# every failure again, so the last lines of a long CI log say what failed
	if [ "$fail" -gt 0 ]; then
		echo "== failed"
		printf '   %s\n' "${failures[@]}"
	fi
	echo "$pass passed, $fail failed$([ "$skip" -gt 0 ] && echo ", $skip skipped")"
	[ "$fail" -eq 0 ]
	exit
}

echo "== deps"
t0=$(now_ms)
if ! bash "$ROOT/scripts/deps.sh" >"$LOGS/deps.log" 2>&1; then
	tail -n 40 "$LOGS/deps.log"
	res fail "deps.sh installs what is missing" "log: $LOGS/deps.log"
	finish
fi
tail -n 1 "$LOGS/deps.log"
summary+=("deps: $(elapsed "$t0")")
load_kernels_env || { res fail "kernels.env"; finish; }
kids=${ALLOCLAB_KERNELS:-$KIDS_ALL}

echo "== build (W=1, any warning fails)"
built=
for k in $kids; do
	t0=$(now_ms)
	if bash "$ROOT/scripts/build.sh" "$k"; then
		res ok "build $k ($(kv KREL "$k")): modules + static CLI, no warnings"
		built="$built $k"
	else
		res fail "build $k ($(kv KREL "$k"))" "log: $LOGS/build-$k.log"
	fi
	summary+=("build $k: $(elapsed "$t0")")
done

echo "== kernel-doc (what the core exports to family modules, and every comment in /** form)"
kdoc=$(ls /usr/src/linux-headers-*-common/scripts/kernel-doc 2>/dev/null | head -1)
if [ -n "$kdoc" ]; then
	# shellcheck disable=SC2046
	kd_out=$(perl "$kdoc" -none -v $(find "$ROOT/modules" -name '*.[ch]' | sort) 2>&1 |
		grep -E 'warning|error' | grep -vE '^[0-9]+ (warnings|errors)$')
	if [ -z "$kd_out" ]; then
		res ok "kernel-doc -v: no warning in modules/"
	else
		echo "$kd_out"
		res fail "kernel-doc -v: no warning in modules/" "$(echo "$kd_out" | wc -l) warnings"
	fi
else
	res fail "kernel-doc" "no scripts/kernel-doc in /usr/src/linux-headers-*-common"
fi

echo "== unit tests (cmocka)"
t0=$(now_ms)
if [ -f "$ROOT/tests/unit/Makefile" ]; then
	make -C "$ROOT/tests/unit" check >"$LOGS/unit.log" 2>&1
	urc=$?
	cat "$LOGS/unit.log"
	# cmocka's per-binary summaries: "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s), ..."
	up=$(awk '/^\[  PASSED  \] [0-9]+ test/ { n += $4 } END { print n + 0 }' "$LOGS/unit.log")
	uf=$(awk '/^\[  FAILED  \] [0-9]+ test/ { n += $4 } END { print n + 0 }' "$LOGS/unit.log")
	us=$(awk '/^\[  SKIPPED \] [0-9]+ test/ { n += $4 } END { print n + 0 }' "$LOGS/unit.log")
	pass=$((pass + up))
	fail=$((fail + uf))
	skip=$((skip + us))
	if [ "$urc" -ne 0 ] && [ "$uf" -eq 0 ]; then
		res fail "make -C tests/unit check" "exit $urc without a failed cmocka test: build error or crash; log: $LOGS/unit.log"
	fi
	echo "unit: $up passed, $uf failed, $us skipped"
	summary+=("unit: $up passed, $uf failed ($(elapsed "$t0"))")
else
	echo "no tests/unit/Makefile yet"
fi

# Host tests: tests/host/*.sh drive the host build of the CLI (plots through the real
# gnuplot, JSON through python3) and print KTAP; every leaf line counts
echo "== host tests"
t0=$(now_ms)
hbin=$BUILD/host/alloclab
if make -C "$ROOT/userspace" OUT="$BUILD/host" >"$LOGS/host-build.log" 2>&1; then
	hp=0 hf=0
	for ht in "$ROOT"/tests/host/*.sh; do
		[ -f "$ht" ] || continue
		hn=$(basename "$ht" .sh)
		echo "-- $hn"
		sh "$ht" "$hbin" >"$LOGS/host-$hn.log" 2>&1
		hrc=$?
		cat "$LOGS/host-$hn.log"
		vp=$(grep -cE '^ok [0-9]+' "$LOGS/host-$hn.log")
		vs=$(grep -cE '^ok [0-9]+.*# SKIP' "$LOGS/host-$hn.log")
		while IFS= read -r l; do
			res fail "host $hn: ${l#not ok }"
			hf=$((hf + 1))
		done < <(grep -E '^not ok [0-9]+' "$LOGS/host-$hn.log")
		pass=$((pass + vp - vs))
		skip=$((skip + vs))
		hp=$((hp + vp - vs))
		if [ "$hrc" -ne 0 ] && ! grep -qE '^not ok [0-9]+' "$LOGS/host-$hn.log"; then
			res fail "host $hn" "exit $hrc without a failed test; log: $LOGS/host-$hn.log"
			hf=$((hf + 1))
		fi
	done
	summary+=("host: $hp passed, $hf failed ($(elapsed "$t0"))")
else
	res fail "host build of the CLI" "log: $LOGS/host-build.log"
fi

echo "== dkms"
t0=$(now_ms)
dkms_check() {
	local krel ver src had_key=0 rc=0 log=$LOGS/dkms.log
	krel=$(kv KREL amd64-6.1)
	ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$ROOT/dkms.conf").check$$
	src=/usr/src/alloclab-$ver
	[ -e /var/lib/dkms/mok.key ] && had_key=1
	rm -rf "$src"
	mkdir -p "$src"
	cp -a "$ROOT/Kbuild" "$ROOT/modules" "$ROOT/include" "$ROOT/dkms.conf" "$src/"
	find "$src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete
	sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$ver\"/" "$src/dkms.conf"
	{
		dkms add -m alloclab -v "$ver" &&
			dkms build -m alloclab -v "$ver" -k "$krel"
	} >"$log" 2>&1 || rc=1
	local mlog
	mlog=/var/lib/dkms/alloclab/$ver/$krel/$(uname -m)/log/make.log
	[ -f "$mlog" ] && { echo "== make.log"; cat "$mlog"; } >>"$log"
	if [ $rc -eq 0 ]; then
		for m in $(sed -n 's/^BUILT_MODULE_NAME\[[0-9]*\]="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$ROOT/dkms.conf"); do
			[ -f "/var/lib/dkms/alloclab/$ver/$krel/$(uname -m)/module/$m.ko" ] ||
				{ echo "dkms did not produce $m.ko" >>"$log"; rc=1; }
		done
		grep -q 'warning:' "$log" && { echo "compiler warnings" >>"$log"; rc=1; }
	fi
	dkms remove -m alloclab -v "$ver" --all >>"$log" 2>&1 || true
	rm -rf "$src" "/var/lib/dkms/alloclab/$ver"
	rmdir /var/lib/dkms/alloclab 2>/dev/null || true
	[ $had_key = 1 ] || rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	[ $rc -eq 0 ] || tail -n 30 "$log"
	return $rc
}
if ! command -v dkms >/dev/null; then
	res fail "dkms build $(kv KREL amd64-6.1)" "no dkms"
elif [ "$(id -u)" != 0 ]; then
	res skip "dkms build $(kv KREL amd64-6.1)" "needs root"
elif dkms_check; then
	res ok "dkms build $(kv KREL amd64-6.1)"
else
	res fail "dkms build $(kv KREL amd64-6.1)" "log: $LOGS/dkms.log"
fi
summary+=("dkms: $(elapsed "$t0")")

# vm_suite NAME KID [vm.sh args]: one boot, every leaf KTAP result counted
vm_suite() {
	local name=$1 k=$2 vlog vrc vp vs vf tmo l
	shift 2
	echo "== vm $name ($(kv KREL "$k")${*:+; $*})"
	t0=$(now_ms)
	vlog=$LOGS/vm-$name.log
	tmo=${ALLOCLAB_VM_TIMEOUT:-900}
	# KASAN, lockdep and kmemleak under TCG: the whole suite, several times slower
	case "$k" in *-debug) tmo=${ALLOCLAB_VM_TIMEOUT:-1800} ;; esac
	bash "$ROOT/scripts/vm.sh" --kernel "$k" --timeout "$tmo" \
		--log "$vlog" "$@" >"$LOGS/vm-$name.out" 2>&1
	vrc=$?
	# the KTAP part of the console log, then vm.sh's own verdict lines
	grep -E '^ *(KTAP version|1\.\.[0-9]|ok |not ok |#)' "$vlog" || true
	grep -v -x -F -f "$vlog" "$LOGS/vm-$name.out" | grep -v '^vm.sh: .*: booting' || true
	vp=$(grep -cE '^    ok [0-9]+' "$vlog")
	vs=$(grep -cE '^    ok [0-9]+.*# SKIP' "$vlog")
	vf=$(grep -cE '^    not ok [0-9]+' "$vlog")
	while IFS= read -r l; do
		failures+=("vm $name: ${l#    }")
	done < <(grep -E '^    not ok [0-9]+' "$vlog")
	pass=$((pass + vp - vs))
	skip=$((skip + vs))
	fail=$((fail + vf))
	# the JSON documents the tests handed over (t_json), through a real parser
	while IFS= read -r l; do
		case "$l" in
		"ok "*) res ok "vm $name: JSON ${l#ok } parses" ;;
		"fail "*) res fail "vm $name: JSON ${l#fail }" ;;
		esac
	done < <(python3 "$ROOT/scripts/json-check.py" "$vlog")
	if ! grep -q '^ALLOCLAB-VM-DONE' "$vlog"; then
		echo "-- last 25 lines of $vlog"
		tail -n 25 "$vlog"
		res fail "vm $name reaches ALLOCLAB-VM-DONE" "panic, WARN, hang or timeout; log: $vlog"
	elif [ "$vrc" -ne 0 ] && [ "$vf" -eq 0 ]; then
		res fail "vm $name" "vm.sh exit $vrc; log: $LOGS/vm-$name.out"
	fi
	summary+=("vm $name: $((vp - vs)) ok, $vf not ok, $vs skipped ($(elapsed "$t0"))")
}

for k in $built; do
	vm_suite "$k" "$k"
done

# The DMA family's other machines: an IOMMU in front of the edu device (amd64: intel-iommu,
# arm64: SMMUv3), and the edu round trip over 16 MiB on a virtual clock that skips idle time
# (edu completes each 4 KiB transfer on a 100 ms timer: scripts/vm.sh --icount).
if [ -f "$ROOT/tests/vm/dma.sh" ] && [ -f "$ROOT/tests/vm/edu.sh" ]; then
	for k in $built; do
		case "$k" in
		amd64-6.1 | arm64-6.1) vm_suite "$k-iommu" "$k" --iommu --tests dma,edu ;;
		esac
	done
	case " $built " in *" amd64-6.1 "*)
		vm_suite amd64-6.1-icount amd64-6.1 --icount --append alloclab.edu_bytes=16M --tests edu
		vm_suite amd64-6.1-icount-iommu amd64-6.1 --icount --iommu \
			--append alloclab.edu_bytes=16M --tests edu
		;;
	esac
fi
finish
