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
# Skip reasons begin with their kind: "kernel:", "hardware:", "privilege:"
# (needs root), "state:" (the machine is set up so), or, for a tool that is
# not installed, "missing-command: CMD (package PKG)" - which run-tests.sh
# counts as a failure under CI=true or LMB_STRICT_DEPS=1.
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# skip_missing "<description>" CMD PACKAGE: skipped because CMD is missing.
skip_missing() { skip "$1" "missing-command: $2 (package $3)"; }
# have CMD: CMD is in PATH.
have() { command -v "$1" >/dev/null 2>&1; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
finish() { echo "1..$n"; [ "$fails" -eq 0 ]; exit $?; }

# expect_exit RC "<text stderr must contain>" "<description>" CMD...: CMD
# (stdin empty) must exit with RC and say the text on stderr.
expect_exit() {
	local want=$1 needle=$2 what=$3 rc
	shift 3
	"$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -qF -- "$needle" "$TMP/err"; then
		ok "$what (exit $rc, says '$needle')"
	else
		not_ok "$what: exit $rc (want $want), stderr: $(head -c 300 "$TMP/err")"
	fi
}

# expect_usage_error "<description>" "<text the message must contain>" args...:
# the binary must refuse the arguments with exit 2 and say why on stderr.
expect_usage_error() {
	local what=$1 needle=$2
	shift 2
	expect_exit 2 "$needle" "$what" "$BIN" "$@"
}
