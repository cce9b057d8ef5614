#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Core v2 lifecycle, in the guest (busybox sh): CPU hotplug during a run, rmmod
# of one family while another family's run goes on, cancel and timeout_ms=,
# the memory budget charged with what held runs keep, the cap on held runs,
# and the command-text edges (leading blanks, echo's newline at the limit).
# Uses the selftest family's `sleep` and `buffer` and the slab family.
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
P=/sys/module/alloclab_core/parameters
NCPU=$(grep -c ^processor /proc/cpuinfo)
dmesg0=$(dmesg | wc -l)
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
alive() { [ -d /proc/$1 ] && ! grep -q ') Z ' /proc/$1/stat 2>/dev/null; }
slab_kb() { awk '/^Slab:/ {print $2}' /proc/meminfo; }
# bg_run "cmd": write cmd to run in the background; its status lands in /tmp/bg.rc
bg_run() {
	rm -f /tmp/bg.rc /tmp/bg.err
	( echo "$1" > $D/run 2>/tmp/bg.err; echo $? > /tmp/bg.rc ) &
	BG=$!
}
bg_errno() { al_errno_of "$(cat /tmp/bg.err 2>/dev/null)"; }

al_load
t_ok "alloclab_selftest is loaded (sleep, buffer)" grep -q '^alloclab_selftest ' /proc/modules

# ---- CPU hotplug: never blocked by a run; a CPU of the run going stops it ----
if [ "$NCPU" -ge 2 ] && [ -w /sys/devices/system/cpu/cpu1/online ]; then
	bg_run "sleep ms=60000 cpus=2"
	sleep 1
	t0=$(now_ms)
	timeout 10 sh -c 'echo 0 > /sys/devices/system/cpu/cpu1/online'
	rc=$?
	dt=$(( $(now_ms) - t0 ))
	t_is "$rc" 0 "CPU1 goes offline during a 2-CPU run"
	t_cmp "$dt" -le 5000 "CPU1 offline returns within 5 s during a run (${dt} ms)"
	t_is "$(cat /sys/devices/system/cpu/cpu1/online)" 0 "CPU1 is offline"
	i=0
	while alive $BG && [ $i -lt 10 ]; do sleep 1; i=$((i + 1)); done
	t_not "the run on the offlined CPU stops (within 10 s)" alive $BG
	wait $BG 2>/dev/null
	t_is "$(bg_errno)" EAGAIN "the run answers EAGAIN"
	t_match "$(cat $D/last_error)" "CPU 1 went offline during the run" "last_error says CPU 1 went offline"
	al_run "sleep ms=10 cpus=2"
	t_is "$AL_ERRNO" ERANGE "cpus=2 with one CPU online is refused with ERANGE"
	t_ok "a 1-CPU run works while CPU1 is offline" al_run "kmalloc size=64 count=1000"
	t_ok "CPU1 comes back online" sh -c 'echo 1 > /sys/devices/system/cpu/cpu1/online'
	# a run on CPU0 only is not disturbed by CPU1 going away
	bg_run "sleep ms=3000 cpu_list=0"
	sleep 1
	t_ok "CPU1 offline again during a CPU0-only run" timeout 10 sh -c 'echo 0 > /sys/devices/system/cpu/cpu1/online'
	wait $BG
	t_is "$(cat /tmp/bg.rc)" 0 "the CPU0-only run finishes normally"
	t_ok "CPU1 back online" sh -c 'echo 1 > /sys/devices/system/cpu/cpu1/online'
	t_ok "cpus=2 runs again" al_run "kmalloc size=64 count=1000 cpus=2"
else
	t_skip "CPU hotplug" "one CPU or no cpu1/online"
fi

# ---- cpu_list= and node= ----
t_ok "cpu_list=0 runs" al_run "kmalloc size=64 count=1000 cpu_list=0"
t_is "$(al_last cpus)" 1 "cpu_list=0: one worker"
if [ "$NCPU" -ge 2 ]; then
	t_ok "cpu_list=0-1 runs" al_run "kmalloc size=64 count=1000 cpu_list=0-1"
	t_is "$(al_last cpus)" 2 "cpu_list=0-1: two workers"
	t_is "$(al_last ops)" 2000 "cpu_list=0-1: ops of both"
fi
al_run "kmalloc cpu_list=$NCPU"
t_is "$AL_ERRNO" ERANGE "cpu_list= naming an absent CPU is refused with ERANGE"
al_run "kmalloc cpu_list=zero"
t_is "$AL_ERRNO" EINVAL "cpu_list=zero is refused with EINVAL"
t_ok "node=0 runs" al_run "kmalloc size=64 count=1000 node=0"
al_run "kmalloc node=63"
t_is "$AL_ERRNO" EINVAL "node=63 (no such node) is refused with EINVAL"

# ---- rmmod of one family while another family's run goes on ----
bg_run "sleep ms=30000"
sleep 1
t0=$(now_ms)
timeout 10 rmmod alloclab_slab
rc=$?
dt=$(( $(now_ms) - t0 ))
t_is "$rc" 0 "rmmod alloclab_slab during a selftest sleep run succeeds"
t_cmp "$dt" -le 2000 "rmmod alloclab_slab returns within 2 s while sleep ms=30000 runs (${dt} ms)"
t_not "kmalloc is gone from the experiments" grep -q '^kmalloc ' $D/experiments
t_ok "the sleep run is still going" alive $BG
rmmod alloclab_selftest 2>/dev/null
t_ok "rmmod of the family that is running is refused (module in use)" grep -q '^alloclab_selftest ' /proc/modules

# ---- cancel ----
t_ok "cancel during the run succeeds" al_run "cancel"
i=0
while alive $BG && [ $i -lt 10 ]; do sleep 1; i=$((i + 1)); done
t_not "a cancelled run stops (within 10 s)" alive $BG
wait $BG 2>/dev/null
t_is "$(bg_errno)" ECANCELED "the cancelled run answers ECANCELED"
t_match "$(cat $D/last_error)" "cancelled" "last_error says it was cancelled"
al_run "cancel"
t_is "$AL_ERRNO" ENOENT "cancel with no run in progress answers ENOENT"
al_run "cancel now"
t_is "$AL_ERRNO" EINVAL "cancel with a parameter is refused with EINVAL"
insmod /alloclab/alloclab_slab.ko
t_ok "alloclab_slab loads again" grep -q '^alloclab_slab ' /proc/modules

# ---- timeout_ms= ----
t0=$(now_ms)
al_run "sleep ms=30000 timeout_ms=500"
dt=$(( $(now_ms) - t0 ))
t_is "$AL_ERRNO" ETIMEDOUT "sleep ms=30000 timeout_ms=500 answers ETIMEDOUT"
t_cmp "$dt" -le 3000 "timeout_ms=500 stops the run within 3 s (${dt} ms)"
t_match "$(cat $D/last_error)" "timeout_ms=500" "last_error names the timeout"
t_ok "a run within its timeout succeeds" al_run "sleep ms=100 timeout_ms=5000"

# ---- the held cap ----
echo 3 > $P/max_held
for i in 1 2 3; do al_run "buffer size=4096 hold=1"; done
t_is "$(wc -l < $D/held)" 3 "three held buffer runs are listed in held"
al_run "buffer size=4096 hold=1"
t_is "$AL_ERRNO" ENOSPC "a 4th hold=1 run with max_held=3 is refused with ENOSPC"
t_match "$(cat $D/last_error)" "max_held=3" "last_error names the cap"
t_ok "release frees every held run" al_run release
t_is "$(wc -l < $D/held)" 0 "held is empty after release"
echo 16 > $P/max_held
# 300 held kmem_caches used to grow Slab without bound
slab0=$(slab_kb)
ok=0; i=0
while [ $i -lt 300 ]; do
	echo "kmem_cache size=8 count=1 ctor=1 hold=1" > $D/run 2>/dev/null && ok=$((ok + 1))
	i=$((i + 1))
done
slab1=$(slab_kb)
t_is "$ok" 16 "of 300 held kmem_cache runs, max_held=16 are accepted"
t_cmp "$((slab1 - slab0))" -le 4096 "Slab grows by at most 4 MiB with the held cap ($slab0 -> $slab1 kB)"
t_ok "release them" al_run release
t_is "$(grep -c '^alloclab_' /proc/slabinfo)" 0 "no alloclab cache left after release"

# ---- the budget counts what held runs keep ----
avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
size_kb=16384
pct=$(( (250 * size_kb + avail - 1) / avail ))	# budget ~2.5 buffers
[ "$pct" -lt 1 ] && pct=1
echo $pct > $P/budget_pct
t_diag "MemAvailable $avail kB, budget_pct=$pct: budget ~$((avail * pct / 100)) kB, buffers of $size_kb kB"
al_run "buffer size=16m hold=1"; r1=$?
al_run "buffer size=16m hold=1"; r2=$?
al_run "buffer size=16m hold=1"
t_is "$r1/$r2" "0/0" "two 16 MiB held buffers fit the budget"
t_is "$AL_ERRNO" EFBIG "a third one does not: held runs are charged (EFBIG)"
t_match "$(cat $D/last_error)" "held runs keep [0-9]+ KiB" "last_error counts what held runs keep"
held_bytes=$(awk '{ s += $3 } END { print s }' $D/held)
t_is "$held_bytes" $((2 * 16777216)) "held lists 2 x 16 MiB"
t_ok "force=1 exceeds the budget" al_run "buffer size=16m hold=1 force=1"
t_ok "release" al_run release
t_ok "after release the budget is free again" al_run "buffer size=16m hold=1"
al_run release
echo 50 > $P/budget_pct

# ---- release N ----
al_run "buffer size=4096 hold=1"; a=$(al_last result)
al_run "buffer size=8192 hold=1"; b=$(al_last result)
t_ok "release $a frees only result $a" al_run "release $a"
t_is "$(awk '{ print $1 }' $D/held | tr '\n' ' ')" "$b " "held lists only result $b"
al_run "release $a"
t_is "$AL_ERRNO" ENOENT "release of a result that is not held answers ENOENT"
al_run "release x"
t_is "$AL_ERRNO" EINVAL "release x answers EINVAL"
al_run "release 1 2"
t_is "$AL_ERRNO" EINVAL "release with two numbers answers EINVAL"
t_ok "release (leading blanks are ignored)" al_run "   release"
t_is "$(wc -l < $D/held)" 0 "nothing held"

# ---- command text edges ----
pad=$(head -c 1100 /dev/zero | tr '\0' ' ')
cmd="kmalloc size=8 count=5$pad"
cmd=$(printf '%s' "$cmd" | head -c 1024)
t_is "$(printf '%s' "$cmd" | wc -c)" 1024 "a 1024-byte command"
t_ok "a 1024-byte command plus echo's newline is accepted" al_run "$cmd"
al_run "${cmd}x"
t_is "$AL_ERRNO" E2BIG "a 1025-byte command is refused with E2BIG"
al_run "kmalloc size=010"
t_is "$AL_ERRNO" EINVAL "size=010 (a leading zero, octal in C) is refused with EINVAL"
t_match "$(cat $D/last_error)" "leading zero" "last_error explains the leading zero"
t_ok "size=0x10 is hex" al_run "kmalloc size=0x10 count=10"
t_match "$(al_last command)" "size=16 " "size=0x10 resolves to 16"
t_ok "ioctl RUN of release returns a result" sh -c 'alloclab run release'

# ---- ABI ----
out=$(alloclab ioctl-test abi1 2>&1)
t_match "$out" "EPROTO" "an ABI 1 request is refused with EPROTO ($out)"

t_is "$(dmesg | tail -n +$((dmesg0 + 1)) | grep -cE 'WARNING:|BUG:|Oops|Call Trace|blocked for more than')" 0 \
	"dmesg has no warning, oops or hung task"
t_ok "unload" al_unload
t_done
