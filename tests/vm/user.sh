#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `alloclab user ...` in the guest (busybox sh, root): every experiment is run
# with --json and its outcome asserted from the figures it reports (not only
# from its own verdict), then the bad-option paths: clear message, non-zero
# exit, nothing left behind (no cgroup, temp file or child process).
#
# io and the major-fault part of `faults` need a disk-backed filesystem (tmpfs
# pages cannot be dropped or bypassed). user_disk finds one: a mounted block
# filesystem, a virtio disk (/dev/vd[a-z]) or a brd RAM disk (modprobe brd),
# made ext2 with mke2fs, mounted on /mnt/udisk. Without one those checks are
# skipped, saying why.
#
# Kernel command line: alloclab.user_transcript=1 also prints the text output
# of every experiment as diagnostics (the README transcripts come from there).
# shellcheck disable=SC2086
. /tests/lib.sh

T=/tmp/user
mkdir -p $T
J=$T/out.json

# jv FILE KEY [N]: the N-th (default 1st) value of "KEY": in a JSON file
# written by alloclab (one member per line); quotes and comma removed
jv() {
	sed -n "s/^ *\"$2\": \(.*\)\$/\1/p" "$1" | sed 's/,$//; s/^"//; s/"$//' | sed -n "${3:-1}p"
}

# ujson NAME ARGS...: run `alloclab user NAME ARGS --json` into $J; $RC = exit
# status; the document goes to the host's JSON parser (t_json)
ujson() {
	alloclab user "$@" --json >$J 2>$T/err
	RC=$?
	t_json "user_$(printf %s "$*" | tr " " _)" $J
	if [ "$RC" != 0 ]; then
		t_diag "alloclab user $* --json exited $RC"
		grep -E '"check"|"result"' $J | sed -n 'N;s/\n/ /;/FAILED/p' | head -n 10 | sed 's/^ */  /'
		head -n 5 $T/err
	fi
}

# leftovers: no alloclab child still running, no temp file, no cgroup
leftovers() {
	n=0
	for p in /proc/[0-9]*; do
		[ "$(cat $p/comm 2>/dev/null)" = alloclab ] && n=$((n + 1))
	done
	echo "procs=$n files=$(ls -a /tmp $DISK 2>/dev/null | grep -cE 'alloclab-(mmap|faults|io)-')" \
		"cgroups=$(ls /sys/fs/cgroup | grep -c alloclab-oom)"
}
CLEAN="procs=0 files=0 cgroups=0"

transcript=0
grep -q 'alloclab.user_transcript=1' /proc/cmdline && transcript=1

# Text output of an experiment as diagnostics (transcript mode only).
show() {
	[ $transcript = 1 ] || return 0
	t_diag "\$ alloclab user $*"
	alloclab user "$@" >$T/text 2>&1
	rc=$?
	t_diag "$(cat $T/text)" "(exit status $rc)"
}

# ---- a disk-backed filesystem for io and major faults ----
DISK=
DISKDEV=
# mount_disk DEV: mount DEV's ext2/3/4 filesystem (made first if there is none)
mount_disk() {
	mount -t ext4 $1 /mnt/udisk 2>/dev/null && return 0
	mke2fs -q -b 4096 $1 >/dev/null 2>&1 && mount -t ext4 $1 /mnt/udisk 2>/dev/null
}
user_disk() {
	mkdir -p /mnt/udisk
	# drivers from the initramfs, if the test bed ships them (Debian builds
	# ext4, virtio and brd as modules)
	if [ -d /lib/modules/"$(uname -r)" ]; then
		for m in ext4 virtio_pci virtio_mmio virtio_blk; do
			modprobe $m 2>/dev/null
		done
	fi
	for dev in /dev/vdb /dev/vda; do
		[ -b $dev ] || continue
		if mount_disk $dev; then
			DISK=/mnt/udisk DISKDEV=$dev
			return 0
		fi
	done
	# a 64 MiB RAM disk: a real block device, its data outside the page cache
	# (brd built in, as in the debug kernel, or Debian's module)
	if { [ -b /dev/ram0 ] || modprobe brd rd_nr=1 rd_size=65536 2>/dev/null; } &&
		[ -b /dev/ram0 ] && mount_disk /dev/ram0; then
		DISK=/mnt/udisk DISKDEV=/dev/ram0
		return 0
	fi
	return 1
}

t_ok "/bin/alloclab is installed" test -x /bin/alloclab
if user_disk; then
	t_diag "disk-backed filesystem for io and major faults: $DISKDEV on $DISK ($(awk -v m=$DISK '$2 == m { print $3 }' /proc/mounts))"
else
	t_diag "no disk-backed filesystem in this guest (no virtio disk or brd module, or no ext4):" \
		"io and the major-fault part of faults are skipped"
fi

# ---- lazy ----
ujson lazy --size 32M
t_is "$RC" 0 "lazy --size 32M: every check passed"
t_cmp "$(jv $J rss_growth_kb 3)" -le 2048 "lazy: RSS stays near 0 after the read-touch of 32 MiB (+$(jv $J rss_growth_kb 3) kB)"
t_cmp "$(jv $J rss_growth_kb 4)" -ge 31744 "lazy: RSS grows by ~32 MiB after the write-touch (+$(jv $J rss_growth_kb 4) kB)"
t_cmp "$(jv $J rss_growth_kb 4)" -le 35840 "lazy: RSS grows by no more than ~32 MiB after the write-touch"
for k in 3 4; do
	f=$(jv $J minor_faults $k)
	t_cmp "$f" -ge 7782 "lazy: $(jv $J step $k) takes ~1 minor fault per page ($f for 8192 pages, >= 95%)"
	t_cmp "$f" -le 8602 "lazy: $(jv $J step $k) takes ~1 minor fault per page ($f for 8192 pages, <= 105%)"
done
t_is "$(leftovers)" "$CLEAN" "lazy leaves nothing behind"
show lazy --size 32M

# ---- rt ----
ujson rt --size 16M --rounds 3
t_is "$RC" 0 "rt --size 16M: every check passed"
t_cmp "$(jv $J total_faults 2)" -le 16 "rt: with the recipe later mallocs take (almost) no faults ($(jv $J total_faults 2))"
t_cmp "$(jv $J total_faults 1)" -ge "$(jv $J pages_per_round)" "rt: without the recipe they fault ($(jv $J total_faults 1) for $(jv $J pages_per_round) pages a round)"
t_is "$(jv $J mallopt_trim_threshold)/$(jv $J mallopt_mmap_max)" "1/1" "rt: both mallopt() calls return 1"
t_is "$(leftovers)" "$CLEAN" "rt leaves nothing behind"
show rt --size 16M

# ---- cow ----
ujson cow --size 8M
t_is "$RC" 0 "cow --size 8M: every check passed"
f=$(jv $J minor_faults 2)
t_cmp "$f" -ge 1945 "cow: the child's writes to 2048 shared pages take ~1 fault each ($f)"
t_cmp "$f" -le 2151 "cow: ... and not more ($f)"
t_cmp "$(jv $J minor_faults 1)" -le 16 "cow: the parent takes no fault meanwhile ($(jv $J minor_faults 1))"
t_cmp "$(jv $J private_kb 5)" -ge 7782 "cow: the child's copies are private to it ($(jv $J private_kb 5) kB)"
t_match "$(grep -A1 "parent's data is unchanged" $J)" '"ok"' "cow: the parent's data is unchanged"
t_is "$(leftovers)" "$CLEAN" "cow leaves nothing behind"
show cow --size 8M

# ---- mmap ----
ujson mmap
t_is "$RC" 0 "mmap: every check passed"
i=0
for kind in "private anonymous:false" "shared anonymous:true" "private file:false" "shared file:true"; do
	i=$((i + 1))
	want=${kind##*:}
	t_is "$(jv $J parent_sees_child_write $i)" "$want" "mmap: ${kind%:*}: the parent sees the child's write: $want"
	t_is "$(jv $J child_sees_parent_write $i)" "$want" "mmap: ${kind%:*}: the child sees the parent's write: $want"
done
t_is "$(jv $J file_has_child_write 1)/$(jv $J file_has_child_write 2)" "false/true" "mmap: only the shared file mapping writes the file"
t_is "$(leftovers)" "$CLEAN" "mmap leaves nothing behind"
show mmap

# ---- pss ----
ujson pss
t_is "$RC" 0 "pss (demonstration): every check passed"
bad=0
for i in 1 2 3 4; do
	rss=$(jv $J rss_kb $i); pss=$(jv $J pss_kb $i); uss=$(jv $J uss_kb $i)
	[ "$pss" -le "$rss" ] && [ "$uss" -le "$pss" ] || { bad=$((bad + 1)); t_diag "process $i: USS $uss PSS $pss RSS $rss"; }
done
t_is "$bad" 0 "pss: USS <= PSS <= RSS for the tool and its 3 children"
t_cmp "$(jv $J region_pss_kb 2)" -le 2150 "pss: a child's PSS of the 8 MiB region shared by 4 is ~2 MiB ($(jv $J region_pss_kb 2) kB)"
t_cmp "$(jv $J region_pss_kb 2)" -ge 1946 "pss: ... and not less"
t_is "$(jv $J uss_keeps_growing 1)/$(jv $J uss_keeps_growing 2)/$(jv $J uss_keeps_growing 3)" \
	"false/false/true" "pss: the sampler flags the leaking child only"
t_is "$(leftovers)" "$CLEAN" "pss leaves nothing behind"
ujson pss --all
t_is "$RC" 0 "pss --all: USS <= PSS <= RSS for every process"
ujson pss 1 $$
t_is "$RC" 0 "pss 1 \$\$: figures for init and this shell"
show pss

# ---- faults ----
if [ -n "$DISK" ]; then
	ujson faults --dir $DISK
else
	ujson faults --only segv,stack
fi
t_is "$RC" 0 "faults: every check passed"
t_is "$(jv $J si_code_name 1)" SEGV_MAPERR "faults: an access outside any VMA is SIGSEGV/SEGV_MAPERR"
t_is "$(jv $J si_code_name 2)" SEGV_ACCERR "faults: a write to a read-only page is SIGSEGV/SEGV_ACCERR"
t_cmp "$(jv $J vma_size_at_fault_bytes)" -le "$(jv $J rlimit_stack_bytes)" "faults: the stack grew to $(jv $J vma_size_at_fault_bytes) bytes, within RLIMIT_STACK $(jv $J rlimit_stack_bytes)"
t_cmp "$(jv $J vma_size_at_fault_bytes)" -ge $(($(jv $J rlimit_stack_bytes) - 65536)) "faults: ... and up to it before SIGSEGV"
if [ -n "$DISK" ]; then
	t_cmp "$(jv $J major_faults 1)" -ge 1 "faults: reading a file mapping after drop_caches takes major faults ($(jv $J major_faults 1))"
	t_cmp "$(jv $J major_faults 2)" -ge 922 "faults: with MADV_RANDOM every page is one ($(jv $J major_faults 2) for 1024 pages)"
	t_is "$(jv $J major_faults 3)" 0 "faults: from the page cache no fault is major"
else
	t_skip "faults: major faults after drop_caches" "no disk-backed filesystem in the guest"
fi
t_is "$(leftovers)" "$CLEAN" "faults leaves nothing behind"
if [ -n "$DISK" ]; then show faults --dir $DISK; else show faults; fi

# ---- oom ----
# the OOM report goes to the console at KERN_ERR: keep it out of the KTAP stream
printk=$(cat /proc/sys/kernel/printk)
echo 1 >/proc/sys/kernel/printk
ujson oom --limit 48M
t_is "$RC" 0 "oom --limit 48M: every check passed"
t_is "$(jv $J first_victim 1)" hog "oom: with equal oom_score_adj the victim is the hog"
t_is "$(jv $J hog_killed 1)/$(jv $J small_killed 1)" "true/false" "oom: the hog is SIGKILLed, the small child lives"
t_cmp "$(jv $J memory_events_oom_kill 1)" -ge 1 "oom: memory.events counts the kill"
t_is "$(jv $J first_victim 2)" small "oom: oom_score_adj 1000 makes the small child the victim"
t_is "$(jv $J group_removed)" true "oom: the tool reports its cgroup removed"
t_is "$(ls /sys/fs/cgroup | grep -c alloclab-oom)" 0 "oom: no alloclab-oom cgroup is left in /sys/fs/cgroup"
t_is "$(leftovers)" "$CLEAN" "oom leaves nothing behind"
show oom --limit 48M
echo "$printk" | awk '{ print $1 }' >/proc/sys/kernel/printk

# ---- io ----
if [ -n "$DISK" ]; then
	ujson io --dir $DISK --size 16M
	t_is "$RC" 0 "io --dir $DISK --size 16M: every check passed"
	t_cmp "$(jv $J cached_delta_kb 1)" -lt 1638 "io: O_DIRECT leaves Cached unchanged ($(jv $J cached_delta_kb 1) kB for 16 MiB)"
	t_is "$(jv $J file_pages_cached_after 1)" 0 "io: O_DIRECT leaves none of the file's pages cached"
	t_cmp "$(jv $J cached_delta_kb 2)" -ge 13107 "io: the buffered read grows Cached by ~16 MiB ($(jv $J cached_delta_kb 2) kB)"
	t_is "$(jv $J file_pages_cached_after 2)" 4096 "io: the buffered read leaves all 4096 pages cached"
	t_is "$(jv $J file_pages_after 1)" 0 "io: drop_caches 1 frees the file's page cache"
	t_cmp "$(jv $J cached_freed_kb 1)" -ge 13107 "io: drop_caches 1 frees Cached by ~16 MiB ($(jv $J cached_freed_kb 1) kB)"
	t_is "$(leftovers)" "$CLEAN" "io leaves nothing behind"
	show io --dir $DISK --size 16M
else
	t_skip "io: buffered vs O_DIRECT, drop_caches" "no disk-backed filesystem in the guest"
fi
out=$(alloclab user io --dir /tmp 2>&1)
t_cmp "$?" -eq 1 "io --dir /tmp (tmpfs) exits 1"
t_match "$out" 'tmpfs' "io on tmpfs explains why it cannot work there"

# ---- addr ----
ujson addr
t_is "$RC" 0 "addr: every check passed"
t_cmp "$(jv $J user_va_bits)" -ge 39 "addr: user space has $(jv $J user_va_bits) address bits"
t_is "$(leftovers)" "$CLEAN" "addr leaves nothing behind"
show addr

# ---- bad options: message, exit status, nothing left ----
bad() { # want-status regex desc args...
	want=$1 re=$2 d=$3
	shift 3
	out=$(alloclab user "$@" 2>&1)
	rc=$?
	t_is "$rc" "$want" "$d: exit status $want"
	t_match "$out" "$re" "$d: says why"
}
bad 2 'negative' "lazy --size -5" lazy --size -5
bad 2 'more than the memory available' "lazy --size 64G (beyond RAM)" lazy --size 64G
bad 2 'unknown option' "cow --bogus" cow --bogus
bad 2 'needs a value' "rt --size without a value" rt --size
bad 2 'more than the buffer has' "cow --pages beyond the buffer" cow --size 1M --pages 1000
bad 2 'no such process' "pss with an unknown pid" pss 4000000
bad 2 'unknown part' "faults --only nope" faults --only nope
bad 2 'at least 16 MiB' "oom --limit 1M" oom --limit 1M
bad 2 'more than the memory available' "oom --limit 64G (beyond RAM)" oom --limit 64G
bad 2 'unknown experiment' "user frobnicate" frobnicate
bad 2 'not a directory' "mmap --dir /nonexistent" mmap --dir /nonexistent
t_is "$(leftovers)" "$CLEAN" "the bad options left nothing behind"

# not root: oom, io and rt (mlockall beyond RLIMIT_MEMLOCK) refuse before
# creating anything; an unprivileged user for the moment (busybox su)
cp /etc/passwd $T/passwd
echo "nobody:x:65534:65534:nobody:/:/bin/sh" >>/etc/passwd
if su -s /bin/sh nobody -c true 2>/dev/null; then
	for c in "oom:needs root" "io --dir $T:needs root|tmpfs" "rt --size 64M:RLIMIT_MEMLOCK"; do
		out=$(cd / && su -s /bin/sh nobody -c "alloclab user ${c%%:*}" 2>&1)
		rc=$?
		t_is "$rc" 1 "${c%%:*} as an unprivileged user exits 1"
		t_match "$out" "${c#*:}" "${c%%:*} as an unprivileged user says why"
	done
else
	t_skip "oom, io, rt as an unprivileged user" "busybox su cannot switch to nobody here"
fi
cp $T/passwd /etc/passwd
# no cgroup2: unmount it for a moment
if umount /sys/fs/cgroup 2>/dev/null; then
	out=$(alloclab user oom 2>&1)
	rc=$?
	mount -t cgroup2 cgroup2 /sys/fs/cgroup
	t_is "$rc" 1 "oom without cgroup2 exits 1"
	t_match "$out" 'no cgroup2' "oom without cgroup2 says so"
else
	t_skip "oom without cgroup2" "cannot unmount /sys/fs/cgroup"
fi
t_is "$(leftovers)" "$CLEAN" "nothing left behind at the end"

if [ -n "$DISK" ]; then
	umount $DISK
	[ $DISKDEV = /dev/ram0 ] && rmmod brd 2>/dev/null
fi
rm -rf $T
t_done
