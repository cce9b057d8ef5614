#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a Debian test kernel in QEMU (TCG) with the alloclab initramfs and judge the run.
#
#   scripts/vm.sh --kernel <kid> [--tests a,b] [--shell] [--timeout S] [--log F]
#                 [--append "kernel args"] [--iommu] [--icount]
#
# Uses what scripts/build.sh <kid> left in build/<kid>/ (modules, static CLI); it does not
# build them itself. The serial console is streamed to stdout and to the log (default
# build/logs/vm-<kid>.log, carriage returns removed). QEMU always runs under timeout
# (default 900 s; with --shell 4 h).
#
# Verdict (from the log, never from QEMU's exit status, which is 0 after a panic too):
#   no "ALLOCLAB-VM-DONE" line   -> failed: panic, oops, WARN (panic_on_warn=1), hang or
#                                   timeout; the log's last 40 lines are printed
#   exit status                  =  number of failed leaf results (4-space indented
#                                   "not ok" lines), +1 if the marker is missing, capped at 100
# --iommu: the guest gets an IOMMU in front of its PCI devices (the edu device among them):
#          amd64: -M q35 with QEMU's intel-iommu and intel_iommu=on; arm64: -M virt,iommu=smmuv3.
# The edu device: its DMA engine reaches 28 bits of bus address by default. arm64's virt
# machine has its RAM at 1 GiB and up, out of that reach, so there QEMU is told 32 bits
# (edu's dma_mask property) and so is alloclab_dma (alloclab_dma.edu_dma_bits=32).
# --icount: QEMU's virtual clock counts guest instructions (2 ns each) and jumps over the time
#          the guest sleeps (-icount shift=1,sleep=off): the edu device's DMA engine, which
#          completes each transfer on a 100 ms virtual-clock timer, then costs no wall time
#          while the guest waits for it. Guest timings count instructions, not real time.
#          One CPU: with two, the kernel hangs bringing up the second under sleep=off.
# --shell: interactive shell in the guest with the modules loaded (Ctrl-A x quits QEMU).
set -euo pipefail

. "$(dirname "$0")/common.sh"

usage() {
	sed -n '3,20s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

kid=
tests=
shell=0
tmo=
log=
append=
iommu=0
icount=0
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kid=$2; shift 2 ;;
	--kernel=*) kid=${1#*=}; shift ;;
	--tests) tests=$2; shift 2 ;;
	--tests=*) tests=${1#*=}; shift ;;
	--shell) shell=1; shift ;;
	--timeout) tmo=$2; shift 2 ;;
	--timeout=*) tmo=${1#*=}; shift ;;
	--log) log=$2; shift 2 ;;
	--log=*) log=${1#*=}; shift ;;
	--append) append=$2; shift 2 ;;
	--append=*) append=${1#*=}; shift ;;
	--iommu) iommu=1; shift ;;
	--icount) icount=1; shift ;;
	-h | --help) usage ;;
	*) echo "vm.sh: unknown argument '$1'" >&2; usage ;;
	esac
done
[ -n "$kid" ] || usage
valid_kid "$kid" || exit 2
load_kernels_env
[ -n "$tmo" ] || { [ "$shell" = 1 ] && tmo=14400 || tmo=900; }
[ -n "$log" ] || log=$BUILD/logs/vm-$kid.log
mkdir -p "$(dirname "$log")" "$BUILD/$kid"

initrd=$BUILD/$kid/initramfs.cpio.gz
# shellcheck disable=SC2086
"$ROOT/scripts/mkinitramfs.sh" "$kid" "$initrd" $(echo "$tests" | tr ',' ' ')

cmdline="panic=-1 oops=panic panic_on_warn=1 quiet"
edu=(-device edu)
case "$(kv ARCH "$kid")" in
x86_64)
	qemu=(qemu-system-x86_64 -accel tcg -cpu max)
	# the TSC, as on real x86: under TCG the HPET is an MMIO exit with us of jitter
	cmdline="console=ttyS0 tsc=reliable $cmdline"
	if [ "$iommu" = 1 ]; then
		# the IOMMU is created before the devices it translates for
		qemu+=(-M q35 -device intel-iommu,intremap=off)
		cmdline="$cmdline intel_iommu=on"
	fi
	;;
arm64)
	qemu=(qemu-system-aarch64 -M "virt$([ "$iommu" = 1 ] && echo ,iommu=smmuv3 || true)" -cpu cortex-a57)
	cmdline="console=ttyAMA0 $cmdline alloclab_dma.edu_dma_bits=32"
	edu=(-device edu,dma_mask=0xffffffff)
	;;
*) echo "vm.sh: unknown arch for $kid" >&2; exit 2 ;;
esac
# the debug kernel: a CMA area, kmemleak, the dbg_*.sh tests and judge.sh
# (and a log buffer that keeps the whole suite's reports for judge.sh). acpi=noirq: under
# KASAN and lockdep, ACPI's interpreter runs SeaBIOS's _PRT loop into ACPICA's 30 s loop
# timeout at every PCI probe (each load of alloclab_dma binding edu cost 35 s); the pc
# machine's PIRQ table routes the same interrupts.
case "$kid" in
*-debug)
	cmdline="$cmdline cma=64M kmemleak=on log_buf_len=8M alloclab.debug=1"
	case "$kid" in amd64-*) cmdline="$cmdline acpi=noirq" ;; esac
	;;
esac
[ -n "$tests" ] && cmdline="$cmdline alloclab.tests=$tests"
[ "$shell" = 1 ] && cmdline="$cmdline alloclab.shell=1"
[ -n "$append" ] && cmdline="$cmdline $append"
smp=2
[ "$icount" = 1 ] && { qemu+=(-icount shift=1,sleep=off); smp=1; }
qemu+=(-m 1024 -smp "$smp" -nographic -no-reboot -nic none "${edu[@]}"
	-kernel "$(kv VMLINUZ "$kid")" -initrd "$initrd" -append "$cmdline")

if [ "$shell" = 1 ]; then
	echo "vm.sh: $kid: interactive shell (Ctrl-A x quits QEMU); log $log"
	timeout --foreground "$tmo" "${qemu[@]}" -serial mon:stdio | tee "$log"
	exit 0
fi

boot() {
	echo "vm.sh: $kid: booting $(kv KREL "$kid") (timeout ${tmo}s): $cmdline"
	set +e
	timeout -k 5 "$tmo" "${qemu[@]}" -monitor none -serial stdio </dev/null 2>&1 |
		sed -u 's/\r$//; s/\r/\n/g; s/\x1bc//g; s/\x1b\[[0-9;?]*[a-zA-Z]//g' | tee "$log"
	qrc=${PIPESTATUS[0]}
	set -e
}
t0=$(now_ms)
boot
# QEMU itself failing before the guest's /init printed anything (a host problem:
# memory, a TCG crash) is not a test result: say so, keep that log, try once more.
if ! grep -q -e '^ALLOCLAB-VM-DONE' -e 'KTAP version' "$log" &&
	[ "$qrc" != 124 ] && [ "$qrc" != 137 ]; then
	echo "vm.sh: $kid: QEMU exited with status $qrc before the guest's /init ran; its output:"
	tail -n 20 "$log" | sed "s/^/vm.sh: $kid:   /"
	cp "$log" "$log.first"
	echo "vm.sh: $kid: retrying once (first log: $log.first)"
	boot
fi
dt=$(elapsed "$t0")

pass=$(grep -cE '^    ok [0-9]+' "$log" || true)
fail=$(grep -cE '^    not ok [0-9]+' "$log" || true)
skip=$(grep -cE '^    ok [0-9]+.*# SKIP' "$log" || true)
rc=$fail
if ! grep -q '^ALLOCLAB-VM-DONE' "$log"; then
	echo "vm.sh: $kid: ---- last 40 lines of $log ----"
	tail -n 40 "$log"
	echo "vm.sh: $kid: ----"
	grep -m1 -E '^\[ *[0-9]+\.[0-9]+\] .*(Kernel panic|BUG:|WARNING:|Oops|Unable to handle|sysrq: Trigger)' "$log" |
		sed "s/^/vm.sh: $kid: first sign: /" || true
	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		echo "vm.sh: $kid: FAILED: timed out after ${tmo}s without ALLOCLAB-VM-DONE"
	else
		echo "vm.sh: $kid: FAILED: the guest did not finish (QEMU status $qrc; no ALLOCLAB-VM-DONE; panic, oops or WARN?)"
	fi
	rc=$((rc + 1))
fi
echo "vm.sh: $kid: $pass ok ($skip skipped), $fail not ok, in $dt (log: $log)"
[ "$rc" -gt 100 ] && rc=100
exit "$rc"
