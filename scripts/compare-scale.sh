#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/compare-scale.sh [--bin PATH] [--dir DIR] [--rows LIST] [--cols LIST]
#                          [--col-rows N] [--repeat-rows LIST]
#
# How `lazymmu-bench compare` scales: writes pairs of synthetic result files
# (schema 1) and times `compare A B` on them, printing one table row per
# pair: rows and header columns per file, the two files' size, wall and CPU
# (user + system) seconds, peak resident memory (/usr/bin/time), and peak
# memory / input size (both files).
#   --rows LIST         rows per file, 30 columns (default 10000,100000,1000000,2000000);
#                       one group, runs of 100,000 rows, distinct sample numbers
#   --cols LIST         header columns per file (default 100,1000,10000,100000),
#                       extra ev_* columns left empty (unavailable), each with
#                       its '# event:' line; --col-rows rows each (default 1000)
#   --repeat-rows LIST  rows per file where sample numbers repeat (100 distinct
#                       in one run: many rows per sample), default 2000000
#   --dir DIR           where the files go (default: a temporary directory
#                       under /var/tmp, removed at the end)
#   --bin PATH          the binary (default build/lazymmu-bench)
# An empty LIST ("") skips that axis.  A benchmark that prints figures, not a
# test: nothing fails on a slow machine.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/build/lazymmu-bench
DIR=
ROWS=10000,100000,1000000,2000000
COLS=100,1000,10000,100000
COL_ROWS=1000
REPEAT=2000000

usage()
{
	sed -n '3,22p' "$0" | sed 's/^# \{0,1\}//'
	exit "${1:-0}"
}

die()
{
	echo "compare-scale: error: $*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	-h | --help) usage 0 ;;
	--bin) BIN=${2:?--bin needs a path}; shift ;;
	--dir) DIR=${2:?--dir needs a directory}; shift ;;
	--rows) ROWS=${2?--rows needs a list}; shift ;;
	--cols) COLS=${2?--cols needs a list}; shift ;;
	--col-rows) COL_ROWS=${2:?--col-rows needs a number}; shift ;;
	--repeat-rows) REPEAT=${2?--repeat-rows needs a list}; shift ;;
	*) echo "compare-scale: error: unknown argument '$1'; see --help" >&2; usage 2 ;;
	esac
	shift
done
for list in "$ROWS" "$COLS" "$COL_ROWS" "$REPEAT"; do
	[[ $list =~ ^([0-9]+(,[0-9]+)*)?$ ]] ||
		die "'$list' is not a comma-separated list of numbers; e.g. --rows 10000,100000"
done
[ -x "$BIN" ] || die "binary '$BIN' is missing; run make first (or give --bin)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package 'time'); it measures the peak memory"
if [ -z "$DIR" ]; then
	DIR=$(mktemp -d /var/tmp/lmb-compare-scale.XXXXXX)
	trap 'rm -rf "$DIR"' EXIT
fi
mkdir -p "$DIR"

# gen FILE ROWS COLS SAMPLES SHIFT: a result file; SAMPLES=0 means distinct
# sample numbers (runs of 100,000 rows), else sample numbers cycle over
# SAMPLES values in one run.
gen()
{
	awk -v rows="$2" -v cols="$3" -v samples="$4" -v shift="$5" 'BEGIN {
		base = "schema,suite_version,run_id,host,label,kernel,arch,cpu_model,debug_pagealloc,workload,page_mode,size_bytes,pages,thp_kb,threads,worker,cpu,phase,sample,ns,ns_per_page,split_name,split_ns,rusage_sys_ns,rusage_user_ns,pmu_group,ev_page_faults,ev_page_faults_run,ev_task_clock,ev_task_clock_run"
		nbase = split(base, unused, ",")
		print "# lazymmu-bench results, schema 1"
		print "# label: scale"
		for (c = nbase + 1; c <= cols; c++)
			printf "# event: ev_x%d type=software status=unavailable reason=synthetic column\n", c
		printf "%s", base
		for (c = nbase + 1; c <= cols; c++)
			printf ",ev_x%d", c
		printf "\n"
		# the empty cells of the extra columns, built by doubling (not
		# one comma at a time: awk copies the string on each append)
		extra = ""
		for (piece = ","; cols - nbase > 0; piece = piece piece) {
			if (length(extra) + length(piece) > cols - nbase)
				break
			extra = extra piece
		}
		while (length(extra) < cols - nbase)
			extra = extra substr(piece, 1, cols - nbase - length(extra))
		for (i = 0; i < rows; i++) {
			run = samples ? 0 : int(i / 100000)
			s = samples ? i % samples : i % 100000
			ns = (20 + (i * 7919 % 1000) / 1000) * shift
			printf "1,0.1.0-scale,scale-run-%d,scalehost,scale,6.1.0,x86_64,synthetic cpu,off,munmap,4k,67108864,16384,0,1,0,0,sample,%d,%d,%.3f,,,%d,0,0,16384,1.0000,%d,1.0000%s\n",
				run, s, ns * 16384, ns, ns * 16384, ns * 16384, extra
		}
		print "# end: complete, " rows " samples"
	}' > "$1"
}

# measure ROWS COLS SAMPLES: one table row
measure()
{
	local a=$DIR/a.csv b=$DIR/b.csv out bytes secs kb
	gen "$a" "$1" "$2" "$3" 1
	gen "$b" "$1" "$2" "$3" 1.02
	bytes=$(($(stat -c %s "$a") + $(stat -c %s "$b")))
	/usr/bin/time -o "$DIR/time" -f '%e %U %S %M' "$BIN" compare "$a" "$b" > "$DIR/out" 2> "$DIR/err" ||
		die "compare failed on $1 rows x $2 columns: $(tail -3 "$DIR/err")"
	out=$(tail -1 "$DIR/time")
	IFS=" " read -r secs user sys kb <<<"$out"
	awk -v r="$1" -v c="$2" -v s="$3" -v b="$bytes" -v t="$secs" -v u="$user" \
		-v y="$sys" -v k="$kb" 'BEGIN {
		printf "%10d %8d %-10s %10.1f %8.2f %8.2f %10.1f %8.2f\n", r, c,
			s ? "repeat" s : "distinct", b / 1048576, t, u + y, k / 1024,
			k * 1024 / b
	}'
	rm -f "$a" "$b" "$DIR/out" "$DIR/err" "$DIR/time"
}

echo "compare-scale: $("$BIN" --version 2>/dev/null || echo "$BIN") on $(uname -m), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%10s %8s %-10s %10s %8s %8s %10s %8s\n" rows columns samples "input MiB" "wall s" "cpu s" "peak MiB" "peak/in"
IFS=,
for r in $ROWS; do
	measure "$r" 30 0
done
for c in $COLS; do
	measure "$COL_ROWS" "$c" 0
done
for r in $REPEAT; do
	measure "$r" 30 100
done
