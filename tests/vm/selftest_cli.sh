# SPDX-License-Identifier: GPL-2.0
# alloclab selftest (the board self-test) and the CLI's error messages: before the
# modules are loaded it says so and how to load them; with debugfs unmounted and as
# a non-root user the errors say what to do; on a healthy guest it prints valid
# KTAP and exits 0; with the selftest family's failing experiment (--also) it
# prints "not ok" and exits 1; experiments unavailable here are SKIPped with the
# kernel's reason.
. /tests/lib.sh
T=/tmp/stc
mkdir -p $T

# ktap_check FILE: "" if FILE is valid KTAP (version line, plan 1..N, N numbered
# result lines in order, every other line a "# " diagnostic), else what is wrong
ktap_check() {
	awk '
	NR == 1 { if ($0 != "KTAP version 1") { print "line 1: " $0; bad = 1 }; next }
	NR == 2 { if ($0 !~ /^1\.\.[0-9]+$/) { print "no plan: " $0; bad = 1 }; plan = substr($0, 4); next }
	/^(not )?ok [0-9]+ - ./ { n++; num = ($1 == "not") ? $3 : $2
		if (num != n) { print "test " n " numbered " num; bad = 1 }
		if ($0 ~ /# SKIP/ && $1 == "not") { print "not ok with SKIP: " $0; bad = 1 }
		next }
	/^# / { next }
	{ print "malformed: " $0; bad = 1 }
	END { if (!bad && n != plan) print "plan 1.." plan " but " n " tests" }' "$1"
}

# ---- before the modules are loaded ----
grep -q '^alloclab_' /proc/modules && al_unload
out=$(alloclab selftest 2>&1)
t_is "$?" 1 "selftest before the modules are loaded exits 1"
t_match "$out" '^not ok 1 - .*alloclab_core is not loaded: insmod alloclab_core.ko \(or modprobe alloclab_core\)' \
	"selftest says alloclab_core is not loaded and how to load it"
t_match "$(alloclab list 2>&1)" 'alloclab_core is not loaded: insmod alloclab_core.ko' "alloclab list says the same"
t_match "$(alloclab report 2>&1)" 'alloclab_core is not loaded: insmod alloclab_core.ko' "alloclab report (debugfs) says the same"

t_ok "the modules load" al_load

# ---- debugfs not mounted ----
if umount /sys/kernel/debug 2>/dev/null; then
	t_match "$(alloclab report 2>&1)" 'debugfs is not mounted: mount -t debugfs none /sys/kernel/debug' \
		"without debugfs, alloclab report says to mount it"
	alloclab selftest --quick >$T/nodbg 2>&1
	t_match "$(cat $T/nodbg)" '^not ok 3 - debugfs: .*# debugfs is not mounted: mount -t debugfs' \
		"selftest fails its debugfs check and says to mount it"
	mount -t debugfs none /sys/kernel/debug
	t_ok "debugfs mounts again" test -d $AL_DEBUGFS
else
	t_skip "errors without debugfs" "debugfs cannot be unmounted here (busy)"
fi

# ---- not root ----
if su --help >/dev/null 2>&1; then
	grep -q '^nobody:' /etc/passwd || echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
	out=$(su nobody -s /bin/sh -c 'alloclab list' 2>&1)
	t_match "$out" 'cannot open /dev/alloclab: Permission denied: run as root' "as a user, alloclab list says to run as root"
	out=$(su nobody -s /bin/sh -c 'alloclab selftest' 2>&1)
	t_match "$out" '^not ok 1 - .*run as root' "as a user, selftest says to run as root"
else
	t_skip "errors as a non-root user" "no su in this busybox"
fi

# ---- a healthy guest ----
alloclab selftest >$T/k 2>$T/err
rc=$?
t_diag "$(cat $T/k)"
t_is "$rc" 0 "alloclab selftest exits 0 on a healthy guest"
t_is "$(ktap_check $T/k)" "" "alloclab selftest prints valid KTAP (plan = count, every line well-formed)"
t_is "$(grep -c '^not ok' $T/k)" 0 "no test is not ok"
t_cmp "$(grep -c '^ok [0-9]* - [a-z_@0-9]* .*: no errno, [0-9]* ops > 0' $T/k)" -ge 5 "at least 5 experiments ran and counted ops"
t_match "$(cat $T/k)" '^ok [0-9]+ - kmalloc size=64 count=1000: no errno, 1000 ops > 0, min <= p50 <= p90 <= p99 <= max' \
	"kmalloc's plan entry ran 1000 ops with ordered percentiles"
t_match "$(cat $T/k)" '^ok [0-9]+ - fail # SKIP ' "the failing experiment is left out of the default plan"
t_match "$(cat $T/k)" '^ok [0-9]+ - fragment # SKIP ' "the fragmenter (holds memory) is left out"
# experiments the kernel says are unavailable: SKIP with the kernel's reason
alloclab list | sed -n '/^(\*) unavailable here:/,$p' | sed -n 's/^  \([^:]*\): \(.*\)/\1 \2/p' >$T/unavail
n=0
while read -r name reason; do
	n=$((n + 1))
	t_ok "$name (unavailable here) is SKIPped with the kernel's reason" \
		grep -qF -e "- $name # SKIP unavailable on this kernel: $reason" $T/k
done <$T/unavail
[ $n -eq 0 ] && t_skip "unavailable experiments are SKIPped with the kernel's reason" "every experiment is available here"
t_is "$(grep -c . $T/err)" 0 "nothing on stderr"

alloclab selftest --quick >$T/q
t_is "$?" 0 "alloclab selftest --quick exits 0"
t_is "$(ktap_check $T/q)" "" "--quick prints valid KTAP"
t_cmp "$(grep -c '^ok' $T/q)" -lt "$(grep -c '^ok' $T/k)" "--quick runs fewer tests"

alloclab selftest --quick --json >$T/j
t_is "$?" 0 "alloclab selftest --quick --json exits 0"
t_json selftest $T/j
t_match "$(cat $T/j)" '^  "failed": 0,' "--json: failed 0"

# ---- a family that misbehaves ----
alloclab selftest --quick --also 'fail at=run' >$T/f 2>&1
t_is "$?" 1 "selftest --also 'fail at=run' exits 1"
t_diag "$(grep -v '^ok' $T/f)"
t_is "$(ktap_check $T/f)" "" "and still prints valid KTAP"
t_match "$(cat $T/f)" '^not ok [0-9]+ - fail at=run: .* # E[A-Z]+: ' "the failing run is not ok with its errno and the kernel's reason"
t_is "$(grep -c '^not ok' $T/f)" 1 "only that one is not ok"
al_run release >/dev/null 2>&1
t_ok "unload" al_unload
t_done
