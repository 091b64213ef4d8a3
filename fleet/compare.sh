#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fleet/compare.sh [options] DIR...
#
# Compares two labels across hosts.  Each DIR is one host's folder as
# fleet/run.sh fetched it (RESULTS/<host>/, the host is its name), or a
# RESULTS folder holding such host folders.  Per host, the CSVs of each label
# (by their "# label:" line) are joined into one side (runs pooled, as
# docs/compare.md describes) and compared with `lazymmu-bench compare
# --format csv`; then one table per host and a summary across hosts: per
# workload and metric, the change on each host with its interval and mark,
# and whether the hosts agree (all improved, all regressed, none
# significant, mixed, or not proven / no verdict when a host's compare
# says "?": one boot or run per label there).
#
#   --base LABEL      the base side (default base)
#   --new LABEL       the side compared with it (default patched)
#   --format F        text (default), md, or text-mail (no line over 72
#                     columns, marks * and !, as compare --format text-mail)
#   --metrics LIST    compare's metric names, comma list (default ns_per_page),
#                     e.g. ns_per_page,ev_instructions_k
#   --level L         compare's --level (auto, seed, boot, run, sample;
#                     default auto): the level each host's groups are
#                     tested at (docs/compare.md, "Levels")
#   --bin PATH        the suite (default $LMB_BIN, else build/lazymmu-bench)
#   -h, --help        this text
#
# A host without files of both labels, or whose compare fails, is named on
# stderr and in the output and left out of the summary.  Exit status: 0,
# 1 when no host could be compared, 2 bad usage.
set -u -o pipefail

PROG=fleet/compare.sh
HERE=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=cli.sh
. "$HERE/cli.sh"

BASE=base
NEW=patched
FORMAT=text
METRICS=ns_per_page
LEVEL=auto
BIN=${LMB_BIN:-$HERE/../build/lazymmu-bench}
DIRS=()
while [ $# -gt 0 ]; do
	case $1 in
	--base | --new | --format | --metrics | --bin | --level)
		[ $# -ge 2 ] || usage_error "$1 needs a value"
		case $1 in
		--base) BASE=$2 ;; --new) NEW=$2 ;; --format) FORMAT=$2 ;;
		--metrics) METRICS=$2 ;; --bin) BIN=$2 ;; --level) LEVEL=$2 ;;
		esac
		shift 2 ;;
	-h | --help) usage 0 ;;
	--) shift; DIRS+=("$@"); break ;;
	-*) usage_error "unknown option '$1'" ;;
	*) DIRS+=("$1"); shift ;;
	esac
done

case $FORMAT in text | md | text-mail) ;;
*) usage_error "--format '$FORMAT' is not one of text, md, text-mail" ;;
esac
case $LEVEL in auto | seed | boot | run | sample) ;;
*) usage_error "--level '$LEVEL' is not one of auto, seed, boot, run, sample" ;;
esac
[ "$BASE" != "$NEW" ] || usage_error "--base and --new are both '$BASE'; give two labels"
# The labels: the fleet's one check of names (fleet/check.sh).
if ! why=$("$HERE/check.sh" --base name "$BASE" --new name "$NEW"); then
	usage_error "${why//$'\n'/; }"
fi
[[ $METRICS =~ ^[a-z0-9_]+(,[a-z0-9_]+)*$ ]] ||
	usage_error "--metrics '$METRICS' is not a comma list of metric names such as ns_per_page,ev_instructions_k"
[ -x "$BIN" ] || usage_error "the suite '$BIN' does not exist or is not executable: build it with make or give --bin"
[ ${#DIRS[@]} -gt 0 ] || usage_error "no folder given: give RESULTS/<host>/ folders (or RESULTS)"

# The host folders: a DIR with CSVs is one; else its subfolders with CSVs.
HOSTS=()
for d in "${DIRS[@]}"; do
	[ -d "$d" ] || usage_error "'$d' is not a folder"
	if compgen -G "$d/*.csv" >/dev/null; then
		HOSTS+=("${d%/}")
	else
		found=0
		for s in "$d"/*/; do
			compgen -G "$s*.csv" >/dev/null || continue
			HOSTS+=("${s%/}")
			found=1
		done
		[ $found = 1 ] || usage_error "'$d' holds no CSV files and no host folders with CSV files"
	fi
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# A folder whose name is not a host name (fleet/check.sh) is left out, with
# the reason; the others are compared.
declare -A SEEN=()
GOOD=()
for h in "${HOSTS[@]}"; do
	name=$(basename "$h")
	if ! why=$("$HERE/check.sh" "host folder '$h': its name" name "$name"); then
		echo "$PROG: warning: $why: left out" >&2
		printf '#skip,%s,%s\n' "$name" "the folder name is not a host name (letters, digits, . _ -): rename it" >>"$TMP/all"
		continue
	fi
	[ -z "${SEEN[$name]:-}" ] || usage_error "host '$name' is given twice ('${SEEN[$name]}' and '$h')"
	SEEN[$name]=$h
	GOOD+=("$h")
done
HOSTS=("${GOOD[@]}")

# pool DIR LABEL OUT: join the CSVs of DIR whose label is LABEL into OUT
# and list them in OUT.files; prints how many.
pool()
{
	local f n=0
	: >"$3"
	: >"$3.files"
	for f in "$1"/*.csv; do
		grep -qxF "# label: $2" "$f" || continue
		cat "$f" >>"$3"
		echo "$f" >>"$3.files"
		n=$((n + 1))
	done
	echo $n
}

# states HOST SIDE FILES: how the pooled files of a side ended
# (fleet/csv-state.awk): a "#files" line for the tables, and a warning for
# every file that is not a complete run (its rows are pooled, it is not a
# full run).
states()
{
	local f st n why
	local -a part=()

	while IFS=$'\t' read -r f st n why; do
		[ "$st" = complete ] && continue
		part+=("${f##*/} $st")
		echo "$PROG: warning: host $1: ${f##*/} ($2) is $st${why:+ ($why)}: its $n samples are pooled, it is not a full run" >&2
	done < <(xargs -d '\n' awk -f "$HERE/csv-state.awk" <"$3")
	printf '#files,%s,%s,%s\n' "$1" "$2" "$(IFS=';'; echo "${part[*]}" | tr , ' ')"
}

# meta FILE KEY: the first "# KEY: value" of FILE.
meta() { sed -n "s/^# $2: //p" "$1" | head -n 1; }

OK=0
for h in "${HOSTS[@]}"; do
	name=$(basename "$h")
	nb=$(pool "$h" "$BASE" "$TMP/$name.base.csv")
	nn=$(pool "$h" "$NEW" "$TMP/$name.new.csv")
	if [ "$nb" = 0 ] || [ "$nn" = 0 ]; then
		why="no CSV labelled '$([ "$nb" = 0 ] && echo "$BASE" || echo "$NEW")' in $h"
		echo "$PROG: warning: host $name left out: $why" >&2
		printf '#skip,%s,%s\n' "$name" "$why" >>"$TMP/all"
		continue
	fi
	"$BIN" compare --level "$LEVEL" --format csv "$TMP/$name.base.csv" "$TMP/$name.new.csv" \
		>"$TMP/$name.cmp" 2>"$TMP/$name.err"
	rc=$?
	# compare's warnings (and notes) pass through, on stderr and in the
	# host's table, naming the pooled files by host and label.
	sed -i "s|$TMP/$name.base.csv|$name's '$BASE' files|g; s|$TMP/$name.new.csv|$name's '$NEW' files|g" "$TMP/$name.err"
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		echo "$PROG: host $name: $line" >&2
	done <"$TMP/$name.err"
	# 0 done; 3: compare could not decide (a --fail-above it was not given
	# does not trip, but a newer compare may use it), the table is there.
	if [ "$rc" != 0 ] && { [ "$rc" != 3 ] || [ ! -s "$TMP/$name.cmp" ]; }; then
		why="lazymmu-bench compare failed: $(grep -m1 'error' "$TMP/$name.err" || tail -n 1 "$TMP/$name.err")"
		echo "$PROG: warning: host $name left out: $why" >&2
		printf '#skip,%s,%s\n' "$name" "$why" >>"$TMP/all"
		continue
	fi
	{
		states "$name" base "$TMP/$name.base.csv.files"
		states "$name" new "$TMP/$name.new.csv.files"
		grep -v '^$' "$TMP/$name.err" | sed "s/^/#note,$name,/"
		printf '#host,%s,%s,%s,%s,%s,%s\n' "$name" "$nb" "$nn" \
			"$(meta "$TMP/$name.base.csv" kernel_release | tr , ' ')" \
			"$(meta "$TMP/$name.new.csv" kernel_release | tr , ' ')" \
			"$(meta "$TMP/$name.base.csv" cpu_model | tr , ' ')"
		sed "s/^/$name,/" "$TMP/$name.cmp"
	} >>"$TMP/all"
	OK=$((OK + 1))
done
if [ "$OK" = 0 ]; then
	echo "$PROG: error: no host has CSVs of both '$BASE' and '$NEW' that compare: nothing to show" >&2
	exit 1
fi
awk -F, -v fmt="$FORMAT" -v base="$BASE" -v new="$NEW" -v metrics="$METRICS" \
	-f "$HERE/compare.awk" "$TMP/all"
