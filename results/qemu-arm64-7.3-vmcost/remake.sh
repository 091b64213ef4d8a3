#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Remake this study. Without arguments: the fit and the design predictions
# from the committed inputs (published-table.csv, vmalloc-counts.csv,
# design-counts.csv) into fit-report.md. With --measure: first the kernels'
# test_vmalloc boots (kernels stock-ctl-vmw and eager-vmalloc-ctl-vmw from
# scripts/kernel-build-queue.sh; about 25 deterministic boots), and
# design-counts.csv again from ../qemu-arm64-7.3-emu.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case ${1-} in
--measure)
	nice "$root/scripts/vmalloc-emu.sh" --outdir "$here" \
		--labels stock-ctl-vmw,eager-vmalloc-ctl-vmw
	python3 "$here/fit.py" --dir "$here" --designs-from "$root/results/qemu-arm64-7.3-emu"
	;;
'') ;;
-h | --help)
	sed -n '3,8p' "$0" | sed 's/^# \{0,1\}//'
	exit 0 ;;
*)
	echo "remake.sh: unknown argument '$1' (--measure or nothing)" >&2
	exit 2 ;;
esac
python3 "$here/fit.py" --dir "$here"
