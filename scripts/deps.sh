#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what alloclab needs to build and test, if missing. Idempotent; ~0.2 s when
# everything is there.
#
# Host packages come from apt-get. Test kernels (images and, for arm64 and 6.12, the
# headers) are never installed into /: they are downloaded and unpacked into
# $ALLOCLAB_CACHE (default: <tree>/.cache) by scripts/kernels.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: must run as root to $*" >&2
		exit 1
	fi
}

export DEBIAN_FRONTEND=noninteractive
apt_updated=0
apt_update() {
	[ "$apt_updated" = 1 ] && return 0
	need_root apt-get update
	echo "deps.sh: apt-get update"
	# An index the project does not need may fail to download (a mirror's -security
	# for a foreign architecture, a third-party source): go on, and let the install
	# below say whether what alloclab needs is there.
	if ! apt-get update -qq; then
		echo "deps.sh: apt-get update reported errors (above); going on with the indexes it got" >&2
	fi
	apt_updated=1
}

# Debian's archive also serves bookworm-backports (the 6.12 test kernel); arm64 packages
# (headers, image, busybox-static) are downloaded, never installed.
add_sources() {
	local f=/etc/apt/sources.list.d/alloclab-backports.sources
	if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		need_root "add bookworm-backports"
		cat >"$f" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
		apt_updated=0
		force_update=1
	fi
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		need_root "dpkg --add-architecture arm64"
		dpkg --add-architecture arm64
		apt_updated=0
		force_update=1
	fi
}

pkgs=(build-essential make gcc kmod dkms cpio gzip xz-utils file coreutils
      qemu-system-x86 qemu-system-arm busybox-static
      gcc-aarch64-linux-gnu libc6-dev-arm64-cross
      libcmocka-dev pkg-config gnuplot-nox python3)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done

force_update=0
add_sources
[ "$force_update" = 1 ] && apt_update
if [ ${#missing[@]} -gt 0 ]; then
	apt_update
	echo "deps.sh: installing ${missing[*]}"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The test kernels: headers (host-installed for amd64-6.1, unpacked for the others) and
# images, unpacked into the cache. Resolving them needs fresh apt lists.
if ! "$here/kernels.sh" check >/dev/null 2>&1; then
	apt_update
	"$here/kernels.sh" fetch
fi
# The debug kernel (KASAN, lockdep, kmemleak, fault injection, CMA): built from
# linux-source-6.1 once per machine, cached in /var/cache/alloclab (a cold build is
# ~7 min on 2 cores), unless ALLOCLAB_DEBUG_KERNEL=0 (then `make check` skips it too).
if [ "${ALLOCLAB_DEBUG_KERNEL:-1}" != 0 ]; then
	"$here/debug-kernel.sh" check 2>/dev/null || apt_update
	"$here/debug-kernel.sh" build
fi
echo "deps.sh: all dependencies present"
