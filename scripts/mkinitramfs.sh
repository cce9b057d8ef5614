#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test VM's initramfs for one kernel id.
#
#   scripts/mkinitramfs.sh <kid> <out.cpio.gz> [test...]
#
# Contents (newc cpio, gzip):
#   /init              tests/vm/init
#   /bin/busybox       busybox-static of the kid's arch (applet links made by /init)
#   /alloclab/*.ko     build/<kid>/*.ko (debug info stripped)
#   /bin/alloclab      build/<kid>/alloclab (static CLI), when built
#   /tests/*.sh        tests/vm/lib.sh + the named tests (default: all tests/vm/*.sh)
#   /dev/console       a character device node, written into the archive directly (no
#                      mknod needed, so no root needed)
set -euo pipefail

. "$(dirname "$0")/common.sh"

[ $# -ge 2 ] || { echo "usage: $0 <kid> <out.cpio.gz> [test...]" >&2; exit 2; }
kid=$1
out=$2
shift 2
valid_kid "$kid" || exit 2
load_kernels_env

bb=$(kv BUSYBOX "$kid")
cross=$(kv CROSS "$kid")
bdir=$BUILD/$kid
stage=$(mktemp -d "${TMPDIR:-/tmp}/alloclab-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# newc entry for a device node: newc_dev NAME MODE(octal) MAJOR MINOR
newc_dev() {
	local name=$1 mode=$(($2)) maj=$3 min=$4 nsz hdr pad
	nsz=$((${#name} + 1))
	hdr=$(printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		1 "$mode" 0 0 1 0 0 0 0 "$maj" "$min" "$nsz" 0)
	printf '%s%s\0' "$hdr" "$name"
	pad=$(((4 - (110 + nsz) % 4) % 4))
	head -c "$pad" /dev/zero
}

newc_trailer() {
	newc_dev 'TRAILER!!!' 0 0 0
}

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc,alloclab,tests}
cp "$bb" "$stage/bin/busybox"
cp "$ROOT/tests/vm/init" "$stage/init"
chmod 755 "$stage/init" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
echo "root:x:0:0:root:/root:/bin/sh" >"$stage/etc/passwd"
echo "root:x:0:" >"$stage/etc/group"

n=0
for ko in "$bdir"/*.ko; do
	[ -f "$ko" ] || continue
	"${cross}strip" --strip-debug -o "$stage/alloclab/${ko##*/}" "$ko"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || echo "mkinitramfs.sh: warning: no modules in $bdir (run scripts/build.sh $kid)" >&2
if [ -f "$bdir/alloclab" ]; then
	cp "$bdir/alloclab" "$stage/bin/alloclab"
	chmod 755 "$stage/bin/alloclab"
fi

# Debian's own modules for the guest tests (brd, ext4: see GUEST_MODS in kernels.sh)
moddir=$(kv MODDIR "$kid")
if [ -s "$moddir/modules.dep" ]; then
	mkdir -p "$stage/lib/modules"
	cp -a "$moddir" "$stage/lib/modules/"
elif [ -n "$moddir" ]; then
	echo "mkinitramfs.sh: warning: no guest modules in $moddir (scripts/kernels.sh fetch)" >&2
fi	# (no MODDIR: a kernel with brd and ext4 built in, like the debug kernel)

cp "$ROOT/tests/vm/lib.sh" "$stage/tests/"
if [ $# -eq 0 ]; then
	for f in "$ROOT"/tests/vm/*.sh; do cp "$f" "$stage/tests/"; done
else
	for t in "$@"; do
		f=$ROOT/tests/vm/$t.sh
		[ -f "$f" ] || { echo "mkinitramfs.sh: no test $f" >&2; exit 1; }
		cp "$f" "$stage/tests/"
	done
fi

mkdir -p "$(dirname "$out")"
# the tree, then a second archive with the console node (the kernel unpacks both)
{
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
	newc_dev dev/console 020600 5 1
	newc_trailer
} | gzip -1 >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"
