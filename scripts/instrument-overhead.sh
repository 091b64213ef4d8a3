#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/instrument-overhead.sh [BINARY] [SIZE] [REPEATS]
#
# A benchmark, not a test: how much does counting cost?  Runs the munmap
# storm with counters off (-e none) and on (-e default), prints both run
# summaries (median ns/page, IQR, system-time share of the timed window) and
# the compare report of the two (relative change with a 95% CI).
# Defaults: build/lazymmu-bench, 1G, 30 samples.
set -eu
BIN=${1:-build/lazymmu-bench}
SIZE=${2:-1G}
REPEATS=${3:-30}
case "${1:-}" in -h|--help) sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[ -x "$BIN" ] || { echo "instrument-overhead: $BIN is not built; run make first" >&2; exit 2; }

OUT=$(mktemp -d /tmp/lmb-overhead.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
for ev in none default; do
	echo "== munmap, $SIZE, $REPEATS samples, counters: $ev"
	"$BIN" run -w munmap -s "$SIZE" -r "$REPEATS" --warmup 3 -e "$ev" \
		--label "counters-$ev" -o "$OUT/$ev.csv"
	echo
done
echo "== counters on (default) vs off (none)"
"$BIN" compare "$OUT/none.csv" "$OUT/default.csv"
