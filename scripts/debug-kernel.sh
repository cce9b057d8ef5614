#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The amd64-6.1-debug test kernel: Debian's linux-source-6.1 built with KASAN,
# KFENCE, kmemleak, lockdep, fault injection, DMA-API debug and CMA
# (scripts/debug-kernel.config over `make tinyconfig`).
#
#   scripts/debug-kernel.sh build    build it unless the cache has it (root: apt-get),
#                                    then write its lines of .cache/debug-kernel.env
#   scripts/debug-kernel.sh check    exit 0 if the cache has it
#   scripts/debug-kernel.sh env      print its kernels.env lines
#
# Cached outside the clone, so every clone and CI run on this machine reuses it:
#   ${ALLOCLAB_DEBUG_CACHE:-/var/cache/alloclab/debug-kernel}/<source version>-<hash>/
# where <hash> covers the config fragment and RECIPE (bump it when configure() or
# do_build() change what is built). The tree there is the kbuild dir the modules
# build against (KDIR); arch/x86/boot/bzImage is booted. Each use marks its tree;
# a build keeps its own tree and the most recently used other one (1.7 GB each)
# and removes older ones.
set -euo pipefail

. "$(dirname "$0")/common.sh"

DCACHE=${ALLOCLAB_DEBUG_CACHE:-/var/cache/alloclab/debug-kernel}
FRAG=$ROOT/scripts/debug-kernel.config
SRCPKG=linux-source-6.1
RECIPE=1

log() { echo "debug-kernel.sh: $*" >&2; }
die() { log "$*"; exit 1; }

src_version() {
	dpkg-query -W -f='${Version}' "$SRCPKG" 2>/dev/null || true
}

# the cache key: source version + what decides the config and the build
key() {
	local v h
	v=$(src_version)
	[ -n "$v" ] || return 1
	h=$({ cat "$FRAG"; echo "recipe $RECIPE"; } | sha256sum | cut -c1-12)
	echo "$v-$h"
}

tree() {
	local k
	k=$(key) || return 1
	echo "$DCACHE/$k/linux"
}

ready() {
	local t
	t=$(tree) || return 1
	[ -f "$t/.alloclab-done" ] && [ -s "$t/arch/x86/boot/bzImage" ] &&
		[ -s "$t/Module.symvers" ]
}

# Every line of the fragment must hold in the final .config.
verify_config() {
	local t=$1 line bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qx -- "$line" "$t/.config" || { log "not in .config: $line"; bad=1; } ;;
		"# CONFIG_"*" is not set")
			line=${line#\# }
			grep -q "^${line%% *}=" "$t/.config" && { log "still set: ${line%% *}"; bad=1; } ;;
		esac
	done <"$FRAG"
	return $bad
}

apply_fragment() {
	local t=$1 line
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			"$t/scripts/config" --file "$t/.config" --set-val "${line%%=*}" "${line#*=}" ;;
		"# CONFIG_"*" is not set")
			line=${line#\# CONFIG_}
			"$t/scripts/config" --file "$t/.config" --disable "${line%% *}" ;;
		esac
	done <"$FRAG"
}

configure() {
	local t=$1
	make -C "$t" ARCH=x86_64 tinyconfig >/dev/null
	# twice: the second pass sets what the first one's dependencies made visible
	apply_fragment "$t"
	make -C "$t" ARCH=x86_64 olddefconfig >/dev/null 2>&1
	apply_fragment "$t"
	make -C "$t" ARCH=x86_64 olddefconfig >/dev/null 2>&1
	verify_config "$t"
}

do_build() {
	local k t dir tarball t0
	if ! dpkg-query -W -f='${Status}' "$SRCPKG" 2>/dev/null | grep -q 'install ok installed'; then
		[ "$(id -u)" = 0 ] || die "$SRCPKG is not installed; run as root (apt-get install $SRCPKG)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$SRCPKG" bc flex bison \
			libelf-dev libssl-dev >&2
	fi
	if ready; then
		log "cached: $(tree)"
		touch "$(dirname "$(tree)")/last-used"
		do_env >"$DEBUG_ENV"
		return 0
	fi
	k=$(key)
	dir=$DCACHE/$k
	t=$dir/linux
	tarball=$(dpkg -L "$SRCPKG" | grep -E '/linux-source-6\.1\.tar\.(xz|bz2)$' | head -1)
	[ -n "$tarball" ] || die "no source tarball in $SRCPKG"
	t0=$(now_ms)
	rm -rf "$dir"
	mkdir -p "$dir"
	log "unpacking $tarball into $dir"
	tar -C "$dir" -xf "$tarball"
	mv "$dir"/linux-source-6.1 "$t"
	log "configuring (tinyconfig + $(grep -c '^CONFIG_' "$FRAG") options)"
	configure "$t" || die "the config lost options (see above)"
	log "building bzImage + Module.symvers with $(nproc) jobs"
	make -C "$t" ARCH=x86_64 -j"$(nproc)" LOCALVERSION=-alloclab-debug \
		KBUILD_BUILD_USER=alloclab KBUILD_BUILD_HOST=alloclab >"$dir/build.log" 2>&1 ||
		{ tail -n 40 "$dir/build.log"; die "build failed (log $dir/build.log)"; }
	touch "$t/.alloclab-done" "$dir/last-used"
	prune "$k"
	mkdir -p "$(dirname "$DEBUG_ENV")"
	do_env >"$DEBUG_ENV"
	log "built $(cat "$t/include/config/kernel.release") in $(elapsed "$t0") (log $dir/build.log)"
}

# keep the tree of key $1 and the most recently used other one
prune() {
	local d old
	# shellcheck disable=SC2012
	old=$(cd "$DCACHE" && ls -1td -- */ 2>/dev/null | sed 's:/$::' | grep -vx -- "$1" |
		while read -r d; do echo "$(stat -c %Y "$d/last-used" 2>/dev/null || echo 0) $d"; done |
		sort -rn | tail -n +2 | cut -d' ' -f2-)
	for d in $old; do
		log "removing the old tree $DCACHE/$d"
		rm -rf "${DCACHE:?}/$d"
	done
}

do_env() {
	local t
	t=$(tree) || die "no $SRCPKG installed"
	cat <<EOF
KREL_amd64_6_1_debug=$(cat "$t/include/config/kernel.release" 2>/dev/null)
KDIR_amd64_6_1_debug=$t
VMLINUZ_amd64_6_1_debug=$t/arch/x86/boot/bzImage
MODDIR_amd64_6_1_debug=
ARCH_amd64_6_1_debug=x86_64
CROSS_amd64_6_1_debug=
BUSYBOX_amd64_6_1_debug=/bin/busybox
EOF
}

case "${1-}" in
build) do_build ;;
check) ready ;;
env) do_env ;;
*) echo "usage: $0 build|check|env" >&2; exit 2 ;;
esac
