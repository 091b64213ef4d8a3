#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/instrument-overhead.sh [BINARY] [SIZE] [REPEATS] [RUNS]
#
# A benchmark, not a test: what does counting cost?  Runs the munmap storm
# RUNS times with counters off (-e none) and on (-e default), alternating
# off/on so that drift hits both alike, then prints
#   - the compare report of on vs off (each run's median is the unit when
#     RUNS >= 4: the relative change with its 95% CI), and
#   - the system-time share of the timed windows, summed over all runs
#     (getrusage is tick-granular: only a long total says anything).
# Defaults: build/lazymmu-bench, 1G, 15 samples, 4 runs.
set -eu
case "${1:-}" in -h|--help) sed -n '3,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
BIN=${1:-build/lazymmu-bench}
SIZE=${2:-1G}
REPEATS=${3:-15}
RUNS=${4:-4}
[ -x "$BIN" ] || { echo "instrument-overhead: $BIN is not built; run make first" >&2; exit 2; }

OUT=$(mktemp -d /tmp/lmb-overhead.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
for i in $(seq "$RUNS"); do
	for ev in none default; do
		echo "instrument-overhead: run $i/$RUNS, counters $ev" >&2
		"$BIN" run -w munmap -s "$SIZE" -r "$REPEATS" --warmup 2 -e "$ev" \
			--label "counters-$ev" -o "$OUT/$ev-$i.csv" >/dev/null
	done
done
cat "$OUT"/none-*.csv >"$OUT/none.csv"
cat "$OUT"/default-*.csv >"$OUT/default.csv"

echo "== munmap $SIZE, $RUNS runs x $REPEATS samples: counters on (default) vs off (none)"
"$BIN" compare --metrics ns_per_page "$OUT/none.csv" "$OUT/default.csv"
echo
echo "== system-time share of the timed windows (getrusage, all runs)"
python3 - "$OUT/none.csv" "$OUT/default.csv" <<'PY'
import csv, sys
for path in sys.argv[1:]:
    ns = sys_ns = 0
    for r in csv.DictReader(l for l in open(path) if not l.startswith('#')):
        if r.get('phase') == 'sample' and r['rusage_sys_ns']:
            ns += int(r['ns'])
            sys_ns += int(r['rusage_sys_ns'])
    label = 'counters off' if 'none' in path else 'counters on '
    print(f"{label}: {sys_ns / 1e6:.1f} ms system time in {ns / 1e6:.1f} ms of windows = {100.0 * sys_ns / ns:.1f}%")
PY
