#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: install what is missing, build for the amd64 6.1 kernel, boot it and run
# tests/vm/demo.sh (the default plan, then `alloclab report`: one row per result). Log:
# build/logs/demo.log.
set -euo pipefail

. "$(dirname "$0")/common.sh"

bash "$ROOT/scripts/deps.sh"
bash "$ROOT/scripts/build.sh" amd64-6.1
exec bash "$ROOT/scripts/vm.sh" --kernel amd64-6.1 --tests demo --log "$BUILD/logs/demo.log" "$@"
