# SPDX-License-Identifier: GPL-2.0
# TAP helpers shared by the shell tests (source it; not a test itself).
# Sets BIN (the suite binary: $1, $LMB_BIN or build/lazymmu-bench) and TMP
# (a private folder removed on exit); the plan is printed by finish.
# shellcheck shell=bash
BIN=${1:-${LMB_BIN:-build/lazymmu-bench}}
BIN=$(realpath "$BIN")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0
fails=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
finish() { echo "1..$n"; [ "$fails" -eq 0 ]; exit $?; }
