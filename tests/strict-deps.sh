#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of how tests/run-tests.sh counts skips: a skip for a missing
# command ("# SKIP missing-command: ...", tests/tap.bash skip_missing) is a
# skip normally and a failure under CI=true or LMB_STRICT_DEPS=1; a kernel
# or hardware skip stays a skip.  run-tests.sh runs on a copy of itself in a
# scratch tree holding two fake test scripts.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$TMP/tree
mkdir -p "$T/tests" "$T/obj/tests"
cp "$ROOT/tests/run-tests.sh" "$ROOT/tests/tap.bash" "$T/tests/"
cat >"$T/tests/fake-missing.sh" <<'SH'
. "$(dirname "$0")/tap.bash"
ok "runs"
skip_missing "plots" gnuplot gnuplot-nox
finish
SH
cat >"$T/tests/fake-kernel.sh" <<'SH'
. "$(dirname "$0")/tap.bash"
ok "runs"
skip "pagealloc" "kernel: no DEBUG_PAGEALLOC"
finish
SH

# tally ENV...: run the copy with ENV; "<exit> <fail total> <skip total>".
tally() {
	local rc
	rm -f "$T/tally"
	env -u CI -u LMB_STRICT_DEPS "$@" LMB_TALLY="$T/tally" \
		bash "$T/tests/run-tests.sh" "$T/obj" "$BIN" >"$TMP/out" 2>&1
	rc=$?
	awk -v rc=$rc '{ f += $(NF - 1); s += $NF } END { print rc, f, s }' "$T/tally"
}

check "the skip says missing-command, the command and the package" \
	grep -q "^ok 2 - plots # SKIP missing-command: gnuplot (package gnuplot-nox)$" \
	<(bash "$T/tests/fake-missing.sh" "$BIN")
r=$(tally)
check "plain: both skips are skips, exit 0 (got exit, failed, skipped: $r)" [ "$r" = "0 0 2" ]
r=$(tally CI=true)
check "CI=true: the missing-command skip fails, the kernel skip stays (got $r)" [ "$r" = "1 1 1" ]
check "CI=true: says which test and what to do" \
	grep -q "FAILED: .*fake-missing.sh.* skipped 1 test(s) for want of a command or package.*scripts/deps/tools.list" "$TMP/out"
r=$(tally LMB_STRICT_DEPS=1)
check "LMB_STRICT_DEPS=1 does the same (got $r)" [ "$r" = "1 1 1" ]
r=$(tally CI=false)
check "CI=false: not strict (got $r)" [ "$r" = "0 0 2" ]
finish
