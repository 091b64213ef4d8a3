#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of the shape of the code (docs/ARCHITECTURE.md): no two files of
# benchmarks/ call into each other (scripts/check-circles.sh on the objects
# of this build), and the checker itself finds a pair when there is one;
# every option a command's --help shows is taken by its parser (the other
# direction: tests/test_cli_opts.c); `make checkpatch` is clean (when
# LMB_CHECKPATCH names checkpatch.pl: make check's plain pass); the README's
# table of storms is `lazymmu-bench list --names storm`.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OBJDIR=${LMB_OBJDIR:-$ROOT/build/obj}
CIRCLES=$ROOT/scripts/check-circles.sh

# The checker on two made-up files that call each other, and on a chain.
mkdir -p "$TMP/src" "$TMP/obj/benchmarks"
printf 'int b(void);\nint a(void) { return b(); }\n' >"$TMP/src/ping.c"
printf 'int a(void);\nint b(void) { return a() + 1; }\n' >"$TMP/src/pong.c"
printf 'int c(void);\nint c(void) { return 3; }\n' >"$TMP/src/leaf.c"
for f in ping pong leaf; do
	gcc -c -o "$TMP/obj/benchmarks/$f.o" "$TMP/src/$f.c"
done
"$CIRCLES" "$TMP/obj" "$TMP/src" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "check-circles finds ping.c <-> pong.c (exit 1)" \
	test "$rc" -eq 1 -a "$(cat "$TMP/out")" = "ping.c <-> pong.c: ping.c uses b; pong.c uses a"
printf 'int c(void);\nint b(void) { return c(); }\n' >"$TMP/src/pong.c"
gcc -c -o "$TMP/obj/benchmarks/pong.o" "$TMP/src/pong.c"
"$CIRCLES" --all "$TMP/obj" "$TMP/src" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "check-circles passes a chain ping -> pong -> leaf (exit 0, edges listed)" \
	test "$rc" -eq 0 -a "$(cat "$TMP/out")" = "ping.c -> pong.c: b
pong.c -> leaf.c: c"
"$CIRCLES" "$TMP/nowhere" >"$TMP/out" 2>"$TMP/err"
check "check-circles without objects: exit 2 and says build first" \
	test $? -eq 2 -a -n "$(grep -F 'build first' "$TMP/err")"

# This build.
"$CIRCLES" "$OBJDIR" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "no two files of benchmarks/ call each other ($OBJDIR): $(head -c 300 "$TMP/out")" \
	test "$rc" -eq 0 -a ! -s "$TMP/out"

# make checkpatch, once per make check (the plain pass passes LMB_CHECKPATCH).
if [ -z "${LMB_CHECKPATCH+set}" ]; then
	skip "make checkpatch is clean" "run by make check's plain pass (LMB_CHECKPATCH unset here)"
elif [ -z "$LMB_CHECKPATCH" ]; then
	skip "make checkpatch is clean" \
		"missing-command: checkpatch.pl (no kernel tree known: KDIR=<tree> or CHECKPATCH=<path>)"
else
	"$ROOT/scripts/checkpatch.sh" "$LMB_CHECKPATCH" >"$TMP/out" 2>&1
	rc=$?
	check "make checkpatch is clean (exit $rc): $(grep -v '^ ' "$TMP/out" | head -c 400)" \
		test "$rc" -eq 0
fi

# The README's table of storms is the table's storm set, in its order.
readme_storms=$(sed -n 's/^| `\([a-z0-9-]*\)` | .*/\1/p' "$ROOT/README.md" | paste -sd,)
check "README's storm table ($readme_storms) is \`list --names storm\`" \
	test "$readme_storms" = "$("$BIN" list --names storm)"

# options_of CMD: the options CMD --help lists, "--name" and "--name=ARG".
options_of() {
	"$BIN" "$1" --help | sed -n -e 's/^  -., \(--[a-z-]*\)\( [^ ]*\)\{0,1\}.*/\1\2/p' \
		-e 's/^      \(--[a-z-]*\)\( [^ ]*\)\{0,1\}.*/\1\2/p'
}

# Each listed option is parsed: with a value missing it says so, without a
# value the parser goes on to the stray argument; never "unknown option".
for cmd in run compare vmalloc; do
	bad=""
	count=0
	while read -r opt arg; do
		count=$((count + 1))
		[ "$opt" = --help ] && continue
		if [ -n "$arg" ]; then
			"$BIN" "$cmd" "$opt" >/dev/null 2>"$TMP/err"
			grep -q "needs a value" "$TMP/err" || bad="$bad $opt"
		else
			"$BIN" "$cmd" "$opt" stray-argument >/dev/null 2>"$TMP/err"
			grep -q "unexpected argument 'stray-argument'" "$TMP/err" || bad="$bad $opt"
		fi
	done < <(options_of "$cmd")
	check "$cmd: all $count options of --help are parsed${bad:+ (not:$bad)}" \
		test -z "$bad" -a "$count" -gt 5
done
"$BIN" run --not-in-help >/dev/null 2>"$TMP/err"
check "run: an option not in --help is unknown to the parser" \
	grep -q "unknown option '--not-in-help'" "$TMP/err"

finish
