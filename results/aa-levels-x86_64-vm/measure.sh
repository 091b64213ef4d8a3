#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The measurement of this study (see README.md): N runs of the quick
# profile of one kernel, back to back in one boot, each into its own file
# runs/run-NN.csv.  Usage: measure.sh BIN [N]   (default N = 16)
set -euo pipefail
bin=${1:?usage: measure.sh BIN [N]}
n=${2:-16}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/runs"
for i in $(seq 1 "$n"); do
	f=$here/runs/run-$(printf %02d "$i").csv
	[ ! -e "$f" ] || { echo "measure.sh: $f exists; move it away first" >&2; exit 2; }
	echo "measure.sh: run $i of $n at $(date -u +%H:%M:%S)" >&2
	nice -n 5 "$bin" run --profile quick --label aa -o "$f" >/dev/null
done
