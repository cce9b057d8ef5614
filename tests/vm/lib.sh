# SPDX-License-Identifier: GPL-2.0
# alloclab guest test library (busybox sh). Sourced by every tests/vm/<name>.sh:
#
#   . /tests/lib.sh
#   al_load
#   t_ok "kmalloc size=40 runs" al_run "kmalloc size=40 count=1000"
#   t_is "$(al_last ksize)" 64 "kmalloc size=40 reports ksize 64"
#   t_done
#
# Output is KTAP: one "ok N - desc" / "not ok N - desc" per check, "# ..." diagnostics,
# and the plan "1..N" printed by t_done (a trailing plan is valid KTAP). The VM's /init
# prints the subtest header, indents all of it by 4 spaces and adds the parent
# "ok k - <name>" line. Every description says what was checked.
#
# Checks (each prints one result line; returns 0 if it passed, 1 if not):
#   t_ok "desc" cmd args...          ok if the command exits 0 (run in this shell, so
#                                    variables it sets, e.g. AL_ERRNO, stay set);
#                                    on failure its output is shown as diagnostics
#   t_not "desc" cmd args...         ok if the command exits non-zero
#   t_is "got" "want" "desc"         string equality
#   t_cmp A OP B "desc"              numeric, integers or decimals; OP: -lt -le -eq -ne -ge -gt
#   t_match "string" "regex" "desc"  grep -E (any line of string)
#   t_skip "desc" "reason"           "ok N - desc # SKIP reason"
#   t_diag "text" ["text"...]       "# text" (each line of each argument)
#   t_done                           prints "1..N"; exits 0 if all passed, else 1
# alloclab:
#   al_load [core params]            insmod alloclab_core.ko, then every other /alloclab/*.ko
#                                    (sorted), each with its "module.key=value" parameters
#                                    from the kernel command line; stops at the first
#                                    failure (non-zero)
#   al_unload                        rmmod the loaded families (reverse order), then the core
#   al_run "cmd"                     echo cmd > /sys/kernel/debug/alloclab/run; returns the
#                                    write's status; AL_ERRNO = errno name of a failed write
#                                    (EINVAL, E2BIG, ...; "" on success), AL_ERR = the shell's
#                                    message
#   al_errno_of "message"            errno name in a shell write-error message
#                                    ("sh: write error: Invalid argument" -> EINVAL)
#   al_last KEY                      value of KEY in debugfs `last`
#   al_key FILE KEY                  value of KEY in a "key: value" file ("" if absent)
# memory, for leak checks:
#   al_mem_free_kb                   MemFree plus the pages on the per-CPU lists
#   al_kmalloc_kb                    kB in use in the plain kmalloc-* caches
#   al_settle                        drop caches, wait out deferred frees, shrink slabs

AL_DIR=${AL_DIR:-/alloclab}
AL_DEBUGFS=${AL_DEBUGFS:-/sys/kernel/debug/alloclab}
AL_ERRNO=
AL_ERR=
_t_n=0
_t_fail=0
_t_tmp=${TMPDIR:-/tmp}/t_out.$$

_t_result() { # status desc [directive]
	_t_n=$((_t_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_t_n - $2${3:+ # $3}"
		return 0
	fi
	_t_fail=$((_t_fail + 1))
	echo "not ok $_t_n - $2"
	return 1
}

t_diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

# al_debug_kernel: true on the debug test kernel (KASAN, lockdep, kmemleak: every
# operation several times slower, and checked far more closely)
al_debug_kernel() {
	grep -qw 'alloclab.debug=1' /proc/cmdline
}

# t_json NAME FILE: hand a JSON document to the host, which parses it with a real JSON
# parser (scripts/check.sh decodes every "# JSON" line of the console log; busybox has none)
t_json() {
	printf '# JSON %s %s\n' "$1" "$(base64 -w 0 < "$2")"
}

# json_ok TEXT DESC: a quick look here (braces), the real parse on the host (t_json)
json_ok() {
	local n
	n=$(printf '%s' "$2" | tr -c 'A-Za-z0-9_.=-' '_')
	t_is "$(printf '%s' "$1" | head -c 1)$(printf '%s' "$1" | tail -c 1)" "{}" \
		"$2: starts with { and ends with }"
	printf '%s\n' "$1" > /tmp/al_json
	t_json "$n" /tmp/al_json
}

_t_showout() {
	if [ -s "$_t_tmp" ]; then
		t_diag "output:"
		head -n 20 "$_t_tmp" | sed 's/^/#   /'
	fi
}

t_ok() {
	local d="$1" rc
	shift
	"$@" >"$_t_tmp" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		_t_result 1 "$d"
		t_diag "command failed (status $rc): $*"
		_t_showout
		rm -f "$_t_tmp"
		return 1
	fi
	rm -f "$_t_tmp"
	_t_result 0 "$d"
}

t_not() {
	local d="$1" rc
	shift
	"$@" >"$_t_tmp" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		_t_result 1 "$d"
		t_diag "command succeeded but should have failed: $*"
		_t_showout
		rm -f "$_t_tmp"
		return 1
	fi
	rm -f "$_t_tmp"
	_t_result 0 "$d"
}

t_is() {
	if [ "$1" = "$2" ]; then
		_t_result 0 "$3"
		return 0
	fi
	_t_result 1 "$3"
	t_diag "got:  '$1'" "want: '$2'"
	return 1
}

# _t_num X: X is an integer or a decimal
_t_num() {
	printf '%s\n' "$1" | grep -Eqx '[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)'
}

t_cmp() {
	local a="$1" op="$2" b="$3" d="$4" r
	case "$op" in
	-lt | -le | -eq | -ne | -ge | -gt) ;;
	*)
		_t_result 1 "$d"
		t_diag "t_cmp: bad operator '$op'"
		return 1
		;;
	esac
	if ! _t_num "$a" || ! _t_num "$b"; then
		_t_result 1 "$d"
		t_diag "not a number: '$a' $op '$b'"
		return 1
	fi
	if printf '%s\n%s\n' "$a" "$b" | grep -Eqvx '[-+]?[0-9]{1,18}'; then
		# a decimal: awk (doubles)
		r=$(awk -v a="$a" -v b="$b" -v op="$op" 'BEGIN {
			a += 0; b += 0
			if (op == "-lt") r = a < b; else if (op == "-le") r = a <= b
			else if (op == "-eq") r = a == b; else if (op == "-ne") r = a != b
			else if (op == "-ge") r = a >= b; else r = a > b
			print r ? 0 : 1 }')
	else
		# integers: exact 64-bit shell arithmetic
		test "$a" "$op" "$b"
		r=$?
	fi
	if [ "$r" -eq 0 ]; then
		_t_result 0 "$d"
		return 0
	fi
	_t_result 1 "$d"
	t_diag "false: $a $op $b"
	return 1
}

t_match() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		_t_result 0 "$3"
		return 0
	fi
	_t_result 1 "$3"
	t_diag "no match for /$2/ in:"
	printf '%s\n' "$1" | head -n 20 | sed 's/^/#   /'
	return 1
}

t_skip() {
	_t_result 0 "$1" "SKIP ${2:-}"
}

t_done() {
	echo "1..$_t_n"
	if [ $_t_fail -ne 0 ]; then
		t_diag "$_t_fail of $_t_n failed"
		exit 1
	fi
	exit 0
}

# errno name of a strerror text (glibc's, plus busybox's own wording)
_al_errno_name() {
	case "$1" in
	"Operation not permitted") echo EPERM ;;
	"No such file or directory" | "nonexistent directory") echo ENOENT ;;
	"No such process") echo ESRCH ;;
	"Interrupted system call") echo EINTR ;;
	"Input/output error" | "I/O error") echo EIO ;;
	"No such device or address") echo ENXIO ;;
	"Argument list too long") echo E2BIG ;;
	"Exec format error") echo ENOEXEC ;;
	"Bad file descriptor") echo EBADF ;;
	"Resource temporarily unavailable") echo EAGAIN ;;
	"Cannot allocate memory" | "Out of memory") echo ENOMEM ;;
	"Permission denied") echo EACCES ;;
	"Bad address") echo EFAULT ;;
	"Device or resource busy") echo EBUSY ;;
	"File exists") echo EEXIST ;;
	"No such device") echo ENODEV ;;
	"Not a directory") echo ENOTDIR ;;
	"Is a directory") echo EISDIR ;;
	"Invalid argument") echo EINVAL ;;
	"File too large") echo EFBIG ;;
	"No space left on device") echo ENOSPC ;;
	"Inappropriate ioctl for device") echo ENOTTY ;;
	"Numerical argument out of domain") echo EDOM ;;
	"Numerical result out of range" | "Result not representable") echo ERANGE ;;
	"Resource deadlock avoided") echo EDEADLK ;;
	"File name too long") echo ENAMETOOLONG ;;
	"Function not implemented") echo ENOSYS ;;
	"No data available") echo ENODATA ;;
	"Timer expired") echo ETIME ;;
	"Value too large for defined data type") echo EOVERFLOW ;;
	"Invalid or incomplete multibyte or wide character") echo EILSEQ ;;
	"Message too long") echo EMSGSIZE ;;
	"Protocol not supported") echo EPROTONOSUPPORT ;;
	"Operation not supported") echo EOPNOTSUPP ;;
	"No buffer space available") echo ENOBUFS ;;
	"Connection timed out") echo ETIMEDOUT ;;
	"Operation already in progress") echo EALREADY ;;
	"Operation now in progress") echo EINPROGRESS ;;
	"Operation canceled") echo ECANCELED ;;
	"Unknown error 512") echo ERESTARTSYS ;;
	"Unknown error 524") echo ENOTSUPP ;;
	*) echo EUNKNOWN ;;
	esac
}

# al_errno_of "sh: write error: Invalid argument" -> EINVAL (text after the last ": ";
# "" for an empty message)
al_errno_of() {
	local m
	m=$(printf '%s' "$1" | tail -n 1)
	[ -n "$m" ] || return 0
	_al_errno_name "${m##*: }"
}

al_run() {
	local rc
	AL_ERR=$({ echo "$*" >"$AL_DEBUGFS/run"; } 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		AL_ERRNO=
		AL_ERR=
		return 0
	fi
	# "sh: write error: Invalid argument" -> the text after the last ": "
	AL_ERRNO=$(al_errno_of "$AL_ERR")
	return $rc
}

al_key() {
	[ -r "$1" ] || return 1
	awk -v k="$2" 'index($0, k ":") == 1 {
		v = substr($0, length(k) + 2); sub(/^[ \t]+/, "", v); sub(/[ \t\r]+$/, "", v)
		print v; exit }' "$1"
}

al_last() {
	al_key "$AL_DEBUGFS/last" "$1"
}

# the module names to load, core first
_al_modules() {
	local f n
	[ -f "$AL_DIR/alloclab_core.ko" ] && echo alloclab_core
	for f in "$AL_DIR"/*.ko; do
		[ -f "$f" ] || continue
		n=${f##*/}
		n=${n%.ko}
		[ "$n" = alloclab_core ] || echo "$n"
	done
}

# "alloclab_dma.edu_dma_bits=32" on the kernel command line: what modprobe would pass
# to the module (busybox insmod does not read /proc/cmdline)
_al_cmdline_params() {
	tr ' ' '\n' </proc/cmdline | sed -n "s/^$1\.//p"
}

al_load() {
	local m first=1
	for m in $(_al_modules); do
		if [ $first = 1 ]; then
			# shellcheck disable=SC2046
			insmod "$AL_DIR/$m.ko" "$@" $(_al_cmdline_params "$m") || return 1
			first=0
		else
			# shellcheck disable=SC2046
			insmod "$AL_DIR/$m.ko" $(_al_cmdline_params "$m") || return 1
		fi
	done
	[ $first = 0 ]
}

al_unload() {
	local m rc=0
	for m in $(_al_modules | sort -r | grep -vx alloclab_core) alloclab_core; do
		grep -q "^$m " /proc/modules || continue
		rmmod "$m" || rc=1
	done
	return $rc
}

# free memory including the pages parked on the per-CPU lists (zoneinfo
# "count:"), which drop_caches does not drain and which move MemFree by MBs
al_mem_free_kb() {
	local page pcp
	page=$(awk '/^KernelPageSize:/ { print $2; exit }' /proc/self/smaps)
	pcp=$(awk -v p="$page" '$1 == "count:" { s += $2 } END { print s * p }' /proc/zoneinfo)
	echo $(( $(awk '/^MemFree:/ {print $2}' /proc/meminfo) + pcp ))
}

# kB in use in the plain kmalloc caches, where the modules' own allocations
# live (process noise goes to kmalloc-cg-* and the named caches instead)
al_kmalloc_kb() {
	awk '$1 ~ /^kmalloc-[0-9]+k?$/ { s += $2 * $4 } END { print int(s / 1024) }' /proc/slabinfo
}

# The smallest kmalloc class of this kernel, in bytes (8 on x86, 128 on arm64)
al_kmalloc_min() {
	awk '$1 ~ /^kmalloc-[0-9]+$/ { n = substr($1, 9) + 0; if (!m || n < m) m = n } END { print m + 0 }' /proc/slabinfo
}

# Memory as the modules left it: caches dropped, deferred frees done
# (kvfree_rcu() batches drain on a 5 s timer, vmap areas are purged lazily),
# freed slabs handed back (SLUB keeps empty slabs on partial lists until shrunk).
al_settle() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 6
	for f in /sys/kernel/slab/*/shrink; do echo 1 > "$f"; done 2>/dev/null
}
