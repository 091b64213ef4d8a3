#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Remake this study. Without arguments: the fits and the design predictions
# from the committed inputs (published-table.csv, vmalloc-icount.csv,
# design-counts.csv, and vmalloc-counts.csv when measured) into
# fit-report-derived.md and fit-report.md. With --measure: the boots first
# (kernel stock-ctl; and stock-ctl-vmw + eager-vmalloc-ctl-vmw for the
# plugin's counts when they are built) and design-counts.csv again from
# ../qemu-arm64-7.3-emu.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kb=${LMB_KBUILD:-/var/tmp/lazymmu-kbuild}
case ${1-} in
--measure)
	nice "$root/scripts/vmalloc-emu.sh" --icount-only --outdir "$here" --labels stock-ctl
	if [ -f "$kb/stock-ctl-vmw/Image" ] && [ -f "$kb/eager-vmalloc-ctl-vmw/Image" ]; then
		nice "$root/scripts/vmalloc-emu.sh" --outdir "$here" \
			--labels stock-ctl-vmw,eager-vmalloc-ctl-vmw
	fi
	python3 "$here/fit.py" --dir "$here" --designs-from "$root/results/qemu-arm64-7.3-emu"
	;;
'') ;;
-h | --help)
	sed -n '3,9p' "$0" | sed 's/^# \{0,1\}//'
	exit 0 ;;
*)
	echo "remake.sh: unknown argument '$1' (--measure or nothing)" >&2
	exit 2 ;;
esac
python3 "$here/fit.py" --dir "$here" --derived stock-ctl
[ ! -f "$here/vmalloc-counts.csv" ] || python3 "$here/fit.py" --dir "$here"
