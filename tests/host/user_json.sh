#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Host test: every `alloclab user` experiment that runs unprivileged on the
# host prints valid JSON with --json (python3's json parser, strict: no NaN,
# no duplicate key), whatever its verdict. KTAP on stdout; exit 1 on a failure.
#
#   sh tests/host/user_json.sh [path/to/alloclab]   (default userspace/alloclab)
#
# oom and io need root, cgroup2 or a disk (the guest test runs them);
# faults runs without its major part (drop_caches needs root).
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../userspace/alloclab}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

set -- "lazy --size 8M" "cow --size 4M" "mmap --dir $tmp" "pss --samples 3 --interval 10" \
	"pss $$ --samples 2 --interval 10" "addr" "faults --only segv,stack" \
	"rt --size 4M --rounds 2"
echo "TAP version 13"
echo "1..$#"
n=0 failed=0
for exp in "$@"; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	"$bin" user $exp --json >"$tmp/out.json" 2>"$tmp/err"
	rc=$?
	if [ $rc = 1 ] && [ ! -s "$tmp/out.json" ]; then
		# refused before measuring (not root, RLIMIT_MEMLOCK, ...): no document
		echo "ok $n - user $exp --json # SKIP $(head -n 1 "$tmp/err")"
	elif [ $rc -gt 1 ]; then
		echo "not ok $n - user $exp --json: exit status $rc"
		sed 's/^/# /' "$tmp/err"
		failed=$((failed + 1))
	elif python3 -c '
import json, sys
def no_dup(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)
def no_const(c):
    raise ValueError("non-standard number " + c)
doc = json.load(open(sys.argv[1]), object_pairs_hook=no_dup, parse_constant=no_const)
assert doc["experiment"] == sys.argv[2], "experiment is " + repr(doc.get("experiment"))
assert isinstance(doc["pass"], bool) and isinstance(doc["checks"], list)
' "$tmp/out.json" "${exp%% *}" 2>"$tmp/perr"; then
		echo "ok $n - user $exp --json parses (exit status $rc)"
	else
		echo "not ok $n - user $exp --json does not parse"
		sed 's/^/# /' "$tmp/perr"
		failed=$((failed + 1))
	fi
done
[ $failed -eq 0 ]
