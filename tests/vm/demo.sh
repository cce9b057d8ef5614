#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `make demo`: the default plan on a booted kernel, then the report table. Only with
# alloclab.tests=demo (not part of the default test list).
. /tests/lib.sh

D=$AL_DEBUGFS

t_ok "alloclab modules load ($(echo $(_al_modules)))" al_load || t_done

plan() {
	echo "\$ echo '$1' > $D/run"
	if al_run "$1"; then
		_t_result 0 "$1"
	else
		_t_result 1 "$1"
		t_diag "$AL_ERRNO: $(cat "$D/last_error" 2>/dev/null)"
	fi
}

plan "kmalloc size=40 count=100000"
plan "kmalloc size=1048576 count=100"
plan "kmalloc_classes"
plan "kmem_cache size=200 ctor=1 count=1000 hold=1"
echo "\$ grep alloclab_ /proc/slabinfo    (objects held until release)"
grep alloclab_ /proc/slabinfo
t_ok "the held kmem_cache is listed in /proc/slabinfo" grep -q '^alloclab_' /proc/slabinfo
plan "release"

echo "\$ alloclab report    (alloclab report --long: every key of every result)"
report=$(alloclab report)
echo "----------------------------------------------------------------------"
printf '%s\n' "$report"
echo "----------------------------------------------------------------------"
t_match "$report" '^ *[0-9]+  kmem_cache  ' "the report holds the results of the plan"
t_is "$(printf '%s\n' "$report" | grep -cE '^ *[0-9]+  ')" "$(grep -c '^result: ' "$D/report")" \
	"the report table has one row per result"
t_ok "alloclab modules unload" al_unload
t_done
