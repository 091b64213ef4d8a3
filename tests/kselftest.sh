#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds kselftest/lazy_mmu standalone against the kselftest headers of the
# kernel tree scripts/deps.sh set up (KSFT_DIR in deps.mk), in the ASan+UBSan
# pass with the sanitizers, and runs it: its TAP lines are the results.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OBJDIR=${LMB_OBJDIR:-$ROOT/build/obj}
DEPS_MK=$(dirname "$OBJDIR")/deps/deps.mk
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

KSFT_DIR=$(sed -n 's/^KSFT_DIR[[:space:]]*:\{0,1\}=[[:space:]]*//p' "$DEPS_MK" 2>/dev/null | tail -1)
if [ -z "$KSFT_DIR" ] || [ ! -f "$KSFT_DIR/lib.mk" ]; then
	echo "1..0 # SKIP missing-package: kselftest headers (package linux-source): KSFT_DIR not set in $DEPS_MK (run make first)"
	exit 0
fi
SAN=()
case "$OBJDIR" in
*/asan) SAN=("USERCFLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all"
	     "USERLDFLAGS=-fsanitize=address,undefined") ;;
esac
if ! make -s -C "$ROOT/kselftest/lazy_mmu" KSFT_DIR="$KSFT_DIR" OUTPUT="$OUT" "${SAN[@]}" \
	>"$OUT/build.log" 2>&1; then
	sed 's/^/# /' "$OUT/build.log"
	echo "1..1"
	echo "not ok 1 - kselftest/lazy_mmu builds against $KSFT_DIR"
	exit 1
fi
"$OUT/lazy_mmu_test"
exit $?
