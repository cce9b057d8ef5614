# shellcheck shell=bash disable=SC2034
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for scripts/*.sh (bash). Source it: . "$(dirname "$0")/common.sh"
#
#   ROOT            the source tree
#   CACHE           $ALLOCLAB_CACHE or $ROOT/.cache (kernels, debs)
#   BUILD           $ROOT/build (per-kernel build output, logs)
#   KIDS_DEBIAN     Debian's own kernels (scripts/kernels.sh)
#   KIDS_KNOWN      those plus amd64-6.1-debug (scripts/debug-kernel.sh, cached in
#                   /var/cache/alloclab)
#   KIDS_ALL        the kernel ids `make check` tests (all of them; without the
#                   debug kernel with ALLOCLAB_DEBUG_KERNEL=0)
#   kv VAR KID      value of VAR_<kid> from .cache/kernels.env (KDIR, VMLINUZ, ARCH,
#                   CROSS, BUSYBOX, KREL); kid "amd64-6.12" -> suffix "amd64_6_12"
#   load_kernels_env  source .cache/kernels.env (fails with a hint if missing)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${ALLOCLAB_CACHE:-$ROOT/.cache}
BUILD=$ROOT/build
KIDS_DEBIAN="amd64-6.1 amd64-6.12 arm64-6.1"
KIDS_KNOWN="$KIDS_DEBIAN amd64-6.1-debug"
# `make check` tests the debug kernel too unless ALLOCLAB_DEBUG_KERNEL=0 (it is
# built on first use, ~7 min, and cached for every clone on the machine)
KIDS_ALL=$KIDS_KNOWN
[ "${ALLOCLAB_DEBUG_KERNEL:-1}" = 0 ] && KIDS_ALL=$KIDS_DEBIAN
KERNELS_ENV=$CACHE/kernels.env
DEBUG_ENV=$CACHE/debug-kernel.env

kid_sfx() {
	local s=${1//-/_}
	echo "${s//./_}"
}

kv() {
	local v
	v="$1_$(kid_sfx "$2")"
	echo "${!v-}"
}

valid_kid() {
	case " $KIDS_KNOWN " in
	*" $1 "*) return 0 ;;
	esac
	echo "unknown kernel id '$1' (known: $KIDS_KNOWN)" >&2
	return 1
}

load_kernels_env() {
	if [ ! -r "$KERNELS_ENV" ]; then
		echo "$KERNELS_ENV missing: run scripts/deps.sh (or scripts/kernels.sh fetch)" >&2
		return 1
	fi
	# shellcheck disable=SC1090
	. "$KERNELS_ENV"
	if [ -r "$DEBUG_ENV" ]; then
		# shellcheck disable=SC1090
		. "$DEBUG_ENV"
	fi
}

# now in ms since the epoch
now_ms() {
	date +%s%3N
}

# elapsed T0_MS: seconds since T0_MS, one decimal ("3.2s")
elapsed() {
	awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1fs", (b - a) / 1000 }'
}
