#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of `compare --format text-mail`: two real short runs of this
# machine; no line wider than 72 columns, the base median and change per
# workload, the marks' legend and the footer (kernel, host/CPU, samples).
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"
for l in base test; do
	"$BIN" run -w munmap,mprotect -s 2M -r 10 --warmup 1 -e default \
		--no-verify -l "$l" -o "$TMP/$l.csv" >/dev/null 2>&1
done
"$BIN" compare --level sample --format text-mail "$TMP/base.csv" "$TMP/test.csv" \
	>"$TMP/mail" 2>"$TMP/err"
check "text-mail exits 0" test $? -eq 0
wide=$(awk 'length($0) > 72' "$TMP/mail" | wc -l)
check "no line wider than 72 columns ($wide too wide)" test "$wide" -eq 0
trailing=$(grep -c ' $' "$TMP/mail")
check "no line ends in a blank ($trailing do)" test "$trailing" -eq 0
check "one row per workload with the base median" \
	grep -Eq '^  munmap 4k 2M 1 +[0-9.e+]+  ' "$TMP/mail"
check "mprotect row has a change in %" \
	grep -Eq '^  mprotect 4k 2M 1 .*[-+][0-9.]+%' "$TMP/mail"
check "legend of the marks" grep -q '^  \* = significant improvement, ! = significant regression' "$TMP/mail"
check "footer: kernel of each side" grep -q "^base: base ($(uname -r | cut -c1-28))" "$TMP/mail"
check "footer: host and cpu" grep -q '^  host .*, cpu ' "$TMP/mail"
check "footer: samples" grep -Eq '^  20 samples in 2 groups' "$TMP/mail"
expect_usage_error "unknown format named with the accepted ones" "text-mail" \
	compare --format mail "$TMP/base.csv" "$TMP/test.csv"
finish
