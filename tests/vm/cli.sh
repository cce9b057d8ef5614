#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The alloclab CLI (userspace/) against the loaded modules, in the guest
# (busybox sh, root). Checks that the ioctl transport (`alloclab run`) and
# debugfs give the same result text, that --json output is well formed, that
# errors carry the kernel's errno and reason, and that snapshot/diff sees a
# held kmem_cache. The guest runs as root only: no unprivileged-user checks.
# shellcheck disable=SC2086 # $CMD is split into words on purpose
. /tests/lib.sh

D=/sys/kernel/debug/alloclab
T=/tmp/cli
mkdir -p $T

# keys of a key: value file, in order, on one line
keys() { sed -n 's/^\([^:]*\):.*/\1/p' "$1" | tr '\n' ' '; }
# the line's count of a character

t_ok "/bin/alloclab is installed" test -x /bin/alloclab

# ---- without the module: a clear error, non-zero exit ----
if grep -q '^alloclab_core ' /proc/modules; then
	al_unload
fi
out=$(alloclab list 2>&1)
rc=$?
t_cmp "$rc" -ne 0 "alloclab list without the module exits non-zero ($rc)"
t_match "$out" 'alloclab_core is not loaded: insmod alloclab_core.ko' "alloclab list without the module says alloclab_core is not loaded and how to load it"
out=$(alloclab run kmalloc size=40 2>&1)
t_cmp "$?" -ne 0 "alloclab run without the module exits non-zero"
out=$(alloclab frobnicate 2>&1)
t_is "$?" 2 "an unknown subcommand is a usage error (exit 2)"
t_match "$out" 'unknown command "frobnicate"' "an unknown subcommand is named in the error"

t_ok "modules load" al_load

# ---- version ----
v=$(alloclab version)
t_is "$?" 0 "alloclab version exits 0"
t_is "$(echo "$v" | sed -n 's/^abi_version: //p')" 2 "alloclab version reports the module's ABI 2"
t_is "$(echo "$v" | sed -n 's/^cli_abi_version: //p')" 2 "alloclab version reports the tool's ABI 2"
t_is "$(echo "$v" | sed -n 's/^max_held: //p')" "$(cat /sys/module/alloclab_core/parameters/max_held)" \
	"alloclab version reports max_held as the module parameter says"
t_match "$(echo "$v" | sed -n 's/^budget_bytes: //p')" '^[1-9][0-9]+$' "alloclab version reports the memory budget"
t_is "$(echo "$v" | sed -n 's/^kernel_release: //p')" "$(uname -r)" "alloclab version reports the running kernel"
nexp=$(grep -c '^[a-z0-9_@.:-]* \[' $D/experiments)
t_is "$(echo "$v" | sed -n 's/^experiments: //p')" "$nexp" "alloclab version counts the $nexp experiments debugfs lists"
j=$(alloclab version --json)
json_ok "$j" "alloclab version --json"
t_match "$j" '"abi_version": 2,?$' "alloclab version --json has \"abi_version\": 2"
j=$(alloclab --json version)
t_match "$j" '"abi_version": 2,?$' "a global --json before the subcommand works too"

# ---- list ----
l=$(alloclab list)
t_is "$?" 0 "alloclab list exits 0"
t_match "$l" '^NAME +FAMILY +AVAILABLE +PARAMS' "alloclab list prints a table header"
for e in kmalloc kmalloc_classes kmem_cache; do
	t_match "$l" "^$e +alloclab_slab +yes( |\$)" "alloclab list shows $e from alloclab_slab, available"
done
t_match "$(echo "$l" | grep '^kmalloc ')" ' size=[0-9]+ .*count=[0-9]+' "alloclab list shows kmalloc's size= and count= defaults"
t_is "$(echo "$l" | tail -n +2 | grep -c '^[a-z0-9_@.:-][a-z0-9_@.:-]* ')" "$nexp" "alloclab list has one row per experiment ($nexp)"
t_match "$(alloclab list --json)" '"type": "string"' "alloclab list --json has typed parameter records (cpu_list= is a string)"
j=$(alloclab list --json)
json_ok "$j" "alloclab list --json"
t_match "$j" '"name": "kmalloc",' "alloclab list --json names kmalloc"
t_match "$j" '"name": "size",' "alloclab list --json describes the size parameter"
t_match "$(alloclab list --long)" '^ +size +[0-9]+ +1\.\.[0-9]+ ' "alloclab list --long shows size with its range"

# ---- the same command through the ioctl and through debugfs ----
CMD="kmalloc size=40 count=1000"
alloclab run $CMD >$T/ioctl 2>$T/ioctl.err
t_is "$?" 0 "alloclab run $CMD (ioctl) exits 0"
cat $D/last >$T/last
t_ok "the ioctl result text is byte-identical to debugfs last" cmp $T/ioctl $T/last
alloclab run --via=debugfs $CMD >$T/dbg 2>$T/dbg.err
t_is "$?" 0 "alloclab run --via=debugfs $CMD exits 0"
t_is "$(keys $T/ioctl)" "$(keys $T/dbg)" "ioctl and debugfs results have the same keys in the same order"
t_cmp "$(keys $T/ioctl | wc -w)" -ge 20 "the result has the timing keys and the facts ($(keys $T/ioctl | wc -w) keys)"
for k in experiment command ksize backing slab_class ops failures bytes_requested bytes_consumed; do
	t_is "$(al_key $T/ioctl $k)" "$(al_key $T/dbg $k)" "ioctl and debugfs agree on $k ($(al_key $T/dbg $k))"
done
t_match "$(al_key $T/ioctl ksize)" '^[0-9]+$' "the ioctl result has a numeric ksize ($(al_key $T/ioctl ksize))"
t_is "$(al_key $T/ioctl backing)" slab "the ioctl result says kmalloc size=40 is slab-backed"
t_is "$(al_key $T/dbg result)" "$(($(al_key $T/ioctl result) + 1))" "the debugfs run got the next result number"

# a result with every optional section (per-op, free phase, cycles where there are any)
alloclab run kmalloc size=64 count=500 pattern=bulk mode=perop >$T/perop
t_is "$?" 0 "alloclab run kmalloc pattern=bulk mode=perop exits 0"
t_ok "the per-op bulk result is byte-identical to debugfs last" cmp $T/perop $D/last
t_match "$(cat $T/perop)" '^free_ns_p99: [0-9]+\.[0-9]$' "the per-op bulk result has the free phase"
t_match "$(cat $T/perop)" '^phases: alloc free$' "the result names its declared phases"
# a result with a table: rows the same through both transports, arrays in JSON
alloclab run kmalloc_classes >$T/classes
t_is "$?" 0 "alloclab run kmalloc_classes exits 0"
t_ok "a result with table rows is byte-identical to debugfs last" cmp $T/classes $D/last
t_match "$(cat $T/classes)" '^class\[0\]: lo=1 hi=[0-9]+ ksize=[0-9]+ backing=slab' "class rows are table rows"
j=$(alloclab run --json kmalloc_classes)
json_ok "$j" "alloclab run --json of a result with a table"
t_match "$j" '"class": \[' "the class table is a JSON array"
t_is "$(echo "$j" | grep -o '"backing": ' | wc -l)" "$(grep -c '^class\[' $T/classes)" "one JSON object per class row"

# ---- JSON ----
j=$(alloclab run --json $CMD)
t_is "$?" 0 "alloclab run --json exits 0"
json_ok "$j" "alloclab run --json"
t_match "$j" "\"ksize\": $(al_key $T/ioctl ksize),\$" "alloclab run --json has \"ksize\" as a number"
t_match "$j" '"backing": "slab",' "alloclab run --json has \"backing\" as a string"
t_match "$j" '"ns_p50": [0-9]+\.[0-9],$' "alloclab run --json has ns_p50 as a decimal"
t_is "$(echo "$j" | grep -c '^  "')" "$(keys $T/ioctl | wc -w)" "alloclab run --json has one member per text key"
j=$(alloclab run --via=debugfs --json $CMD)
json_ok "$j" "alloclab run --via=debugfs --json"
t_match "$j" '"slab_class": "kmalloc-' "alloclab run --via=debugfs --json has slab_class"
j=$(alloclab report --json)
json_ok "$j" "alloclab report --json"
t_is "$(echo "$j" | grep -c '^      "result": ')" "$(grep -c '^result: ' $D/report)" \
	"alloclab report --json has one object per result in debugfs report"
alloclab report --long >$T/report
t_ok "alloclab report prints debugfs report" cmp $T/report $D/report
j=$(alloclab report --last --json)
json_ok "$j" "alloclab report --last --json"

# ---- errors: the kernel's errno as exit status, its reason on stderr ----
err_i=$(alloclab run kmalloc size=0 2>&1 >/dev/null)
rc_i=$?
err_d=$(alloclab run --via=debugfs kmalloc size=0 2>&1 >/dev/null)
rc_d=$?
t_cmp "$rc_i" -ne 0 "alloclab run kmalloc size=0 fails through the ioctl (status $rc_i)"
t_is "$rc_d" "$rc_i" "alloclab run --via=debugfs kmalloc size=0 exits with the same errno ($rc_d)"
t_match "$err_i" '^alloclab: kmalloc: .+ \(E[A-Z0-9]+\)$' "the ioctl error prints the kernel's reason and the errno name"
t_is "$err_i" "$err_d" "ioctl and debugfs give the same error message"
reason=$(al_key $D/last_error reason)
case "$err_i" in
*": $reason ("*) t_ok "the printed reason is debugfs last_error's reason ($reason)" true ;;
*) t_ok "the printed reason is debugfs last_error's reason ($reason)" false ;;
esac
err_i=$(alloclab run nosuch_experiment 2>&1 >/dev/null)
rc_i=$?
err_d=$(alloclab run --via=debugfs nosuch_experiment 2>&1 >/dev/null)
rc_d=$?
t_cmp "$rc_i" -ne 0 "an unknown experiment fails through the ioctl (status $rc_i)"
t_is "$rc_i" "$rc_d" "an unknown experiment gives the same errno through both transports"
t_is "$err_i" "$err_d" "an unknown experiment gives the same message through both transports"
alloclab run --raw kmalloc size=abc >/dev/null 2>&1
t_is "$?" 22 "alloclab run --raw kmalloc size=abc: the kernel refuses it with EINVAL"
alloclab run kmalloc size >/dev/null 2>&1
t_is "$?" 2 "alloclab run kmalloc size (no =) is refused by the tool (exit 2)"

# ---- deliberately malformed ioctls ----
for kv in badversion:EPROTO badptr:EFAULT badcmd:EFAULT badsize:EINVAL badlen:E2BIG \
	badreserved:EINVAL badioctl:ENOTTY; do
	k=${kv%%:*}
	e=${kv#*:}
	out=$(alloclab ioctl-test $k 2>&1)
	rc=$?
	t_is "$rc" 0 "alloclab ioctl-test $k: the kernel returned an error"
	t_match "$out" "^$e: " "ioctl-test $k returns $e ($(echo "$out" | head -n 1))"
done
alloclab ioctl-test badversion >/dev/null 2>&1
t_match "$(cat $D/last_error)" '^errno: -?[0-9]+ EPROTO' "a wrong ABI version is recorded in last_error"
t_match "$(alloclab ioctl-test badversion)" 'ABI version' "the wrong-ABI reason names the ABI version"

# ---- snapshot / diff around a held kmem_cache ----
t_ok "alloclab snapshot --out" alloclab snapshot --out $T/s1
t_match "$(head -n 1 $T/s1)" '^alloclab-snapshot 1$' "the snapshot file starts with its magic line"
for f in slabinfo buddyinfo meminfo; do
	t_ok "the snapshot holds /proc/$f" grep -qx -- "--- /proc/$f" $T/s1
done
alloclab run kmem_cache size=200 ctor=1 count=3000 hold=1 >$T/kc
t_is "$?" 0 "alloclab run kmem_cache size=200 ctor=1 count=3000 hold=1 exits 0"
t_ok "the held kmem_cache result is byte-identical to debugfs last" cmp $T/kc $D/last
t_is "$(al_key $T/kc held)" yes "the ioctl result says held: yes"
name=$(al_key $T/kc cache)
t_match "$name" '^alloclab_' "the held cache is named alloclab_* ($name)"
alloclab snapshot >$T/s2
t_is "$?" 0 "alloclab snapshot to stdout exits 0"
d=$(alloclab diff $T/s1 $T/s2)
t_is "$?" 0 "alloclab diff A B exits 0"
line=$(echo "$d" | grep "^$name ")
osz=$(awk -v n="$name" '$1 == n { print $4 }' /proc/slabinfo)
t_match "$line" "^$name \\(new\\) +$osz " "alloclab diff shows $name as a new cache with slabinfo's objsize ($osz)"
delta=$(echo "$line" | awk '{ i = ($2 == "(new)") ? 3 : 2; print $(i + 2) }')
t_cmp "$delta" -ge 3000 "alloclab diff shows active_objs of $name up by >= 3000 ($delta)"
t_match "$d" '^meminfo: ' "alloclab diff has a meminfo section"
t_match "$d" '^buddyinfo: ' "alloclab diff has a buddyinfo section"
t_is "$(echo "$d" | grep -c '^kmalloc-[0-9]* .* +0 .* +0$')" 0 "alloclab diff shows only changed caches"
dn=$(alloclab diff $T/s1)
t_match "$dn" "^$name \\(new\\) " "alloclab diff A (against now) shows $name too"
j=$(alloclab diff --json --only=slab $T/s1 $T/s2)
json_ok "$j" "alloclab diff --json"
t_match "$j" "\"name\": \"$name\"," "alloclab diff --json lists $name"
t_match "$j" '"state": "new",' "alloclab diff --json marks it new"
out=$(alloclab run release)
t_is "$?" 0 "alloclab run release exits 0"
t_is "$out" "released: 1" "alloclab run release says how many held results it freed"
t_not "$name is gone from /proc/slabinfo after release" grep -q "^$name " /proc/slabinfo
t_match "$(alloclab diff $T/s2)" "^$name \\(gone\\) " "alloclab diff after release shows $name gone"
t_not "alloclab diff of a non-snapshot file fails" alloclab diff /proc/meminfo
t_match "$(alloclab diff /proc/meminfo 2>&1)" 'not an alloclab snapshot' "and says why"

# ---- reset ----
t_ok "alloclab run reset" alloclab run reset
t_is "$(alloclab report --long)" "" "alloclab report is empty after reset"
t_match "$(alloclab report --json | tr -d ' \n')" '^\{"results":\[\]\}$' "alloclab report --json is an empty list after reset"

t_ok "modules unload" al_unload
t_done
