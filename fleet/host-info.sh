#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# fleet/host-info.sh BIN FILE [LINE...]: what can change results on this
# host, as "key: value" lines (the boot's identity among them), the LINEs
# given (the fleet's own, e.g. "fleet_round: 2"), then `BIN info`; written
# to FILE and to stdout.  Run on each host by fleet/playbook.yml (its text
# with `sh -c`, the values as arguments); fails when the suite does not run
# there.
set -u
[ $# -ge 2 ] || { echo "host-info.sh: error: usage: host-info.sh BIN FILE [LINE...]" >&2; exit 2; }
bin=$1
out=$2
shift 2
[ -e "$out" ] && { echo "host-info.sh: error: $out exists; not overwritten" >&2; exit 1; }

val() { cat "$1" 2>/dev/null || echo "unknown ($1 unreadable)"; }

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
if [ -z "$cpu" ]; then
	cpu=$(awk -F': *' '/^CPU implementer/ { i = $2 } /^CPU variant/ { v = $2 }
		/^CPU part/ { p = $2 } /^CPU revision/ { r = $2 }
		END { if (i != "") printf "implementer %s variant %s part %s revision %s", i, v, p, r }' /proc/cpuinfo)
fi
{
	echo "uname_r: $(uname -r)"
	echo "uname_m: $(uname -m)"
	echo "hostname: $(uname -n)"
	echo "cpu: ${cpu:-unknown}"
	echo "midr_el1: $(val /sys/devices/system/cpu/cpu0/regs/identification/midr_el1)"
	echo "perf_event_paranoid: $(val /proc/sys/kernel/perf_event_paranoid)"
	echo "thp_enabled: $(val /sys/kernel/mm/transparent_hugepage/enabled)"
	echo "thp_defrag: $(val /sys/kernel/mm/transparent_hugepage/defrag)"
	echo "governor: $(val /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor)"
	echo "cmdline: $(val /proc/cmdline)"
	echo "boot_id: $(val /proc/sys/kernel/random/boot_id)"
	bt=$(awk '$1 == "btime" { print $2 }' /proc/stat 2>/dev/null)
	echo "boot_time: $(date -u -d "@${bt:-x}" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || echo unknown)"
	for l in "$@"; do
		echo "$l"
	done
	echo
} >"$out"
if ! "$bin" info >>"$out" 2>&1; then
	echo "host-info.sh: error: the suite does not run on this host: '$bin info' failed: $(tail -n 1 "$out"); give a suite built for $(uname -m) (--binary or lmb_binary)" >&2
	exit 1
fi
cat "$out"
