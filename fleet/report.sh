#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fleet/report.sh JOURNAL RESULTS RUNS COLLECT_CMD [SIGNAL]
#
# The fleet run's report, from its journal (written by fleet/playbook.yml
# and fleet/collect.yml: "host<TAB>prefix<TAB>event<TAB>text" lines) and the
# files in RESULTS/<host>/; printed on stdout.  One line per host and step
# (a step is a prefix: <label>-<run id>[-round<R>]): ok, FAILED,
# UNREACHABLE or INTERRUPTED, then the state of every run's CSV (complete,
# interrupted, failed, killed, missing) and what went wrong.  A host is ok
# only when every one of its RUNS runs left a complete CSV here.  SIGNAL
# (e.g. SIGINT) says that fleet/run.sh was interrupted; COLLECT_CMD is the
# command that fetches what is still on the hosts.  Run by fleet/run.sh.
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 4 ] || { echo "fleet/report.sh: error: usage: report.sh JOURNAL RESULTS RUNS COLLECT_CMD [SIGNAL]" >&2; exit 2; }
JOURNAL=$1 RESULTS=$2 RUNS=$3 COLLECT=$4 SIGNAL=${5:-}

declare -A EV=() SEEN_H=() SEEN_P=() TITLE=()
HOSTS=() PREFIXES=()
while IFS=$'\t' read -r h p e t; do
	[ "$p" != - ] || continue
	[ -n "${SEEN_H[$h]:-}" ] || { SEEN_H[$h]=1; HOSTS+=("$h"); }
	[ -n "${SEEN_P[$p]:-}" ] || { SEEN_P[$p]=1; PREFIXES+=("$p"); }
	# The first host event of a step names it (label, round).
	[ "$e" = host ] && [ -z "${TITLE["$p"]:-}" ] && TITLE["$p"]=$t
	# The last text of each event (a collect pass may journal again).
	EV["$h|$p|$e"]=$t
	EV["$h|$p|any"]=1
done <"$JOURNAL"

# The state of every file of a step, by name: "state<TAB>samples<TAB>detail".
declare -A STATE=()
# runs_lines PREFIX: the state of each run's CSV (STATE).
runs_lines()
{
	local p=$1 i f st n line

	for ((i = 1; i <= RUNS; i++)); do
		f=$p-run$i.csv
		if [ -z "${STATE[$f]-}" ]; then
			if [ -n "$SIGNAL" ] && [ ! -e "$DIR/$p-run$i.log" ]; then
				echo "  $f: not run (the fleet run was interrupted before it)"
			else
				echo "  $f: missing (no CSV of run $i here)"
			fi
			continue
		fi
		IFS=$'\t' read -r st n line <<<"${STATE[$f]}"
		case $st in
		complete) echo "  $f: complete, $n samples" ;;
		killed) echo "  $f: killed: no \"# end:\" line (the run was stopped before it could end the file); partial, $n samples kept, not a full run" ;;
		*) echo "  $f: $st: $line; partial, $n samples, not a full run" ;;
		esac
	done
}

# host_line HOST PREFIX LABEL: the report's lines for HOST in step PREFIX.
host_line()
{
	local h=$1 p=$2 who=$1 dir st k cpu i n_ok=0 f line nf
	local failed=${EV["$h|$p|failed"]-} started=${EV["$h|$p|started"]-}
	local fetched=${EV["$h|$p|fetched"]+1} ffail=${EV["$h|$p|fetch-failed"]-}
	local done=${EV["$h|$p|done"]+1} step items err

	[ ${#PREFIXES[@]} -gt 1 ] && who="$h [$3]"
	if [ -z "${EV["$h|$p|any"]-}" ] || { [ -z "$started" ] && [ -z "$failed" ] && [ -z "$done" ]; }; then
		if [ -n "$SIGNAL" ]; then
			echo "$who: INTERRUPTED before it started (fleet/run.sh got $SIGNAL): nothing run"
		else
			echo "$who: FAILED, no outcome recorded: the host became unreachable or was stopped during the run (see \"fatal: [$h]\" in the log)"
		fi
		return
	fi
	step=${failed%%|*}
	items=${failed#*|}; items=${items%%|*}
	err=${failed#*|*|}
	if [ -n "$failed" ] && [ "$step" = connect ]; then
		echo "$who: UNREACHABLE at step 'connect', nothing run or fetched: ${err#UNREACHABLE: }"
		return
	fi
	if [ -n "$failed" ] && [ "$step" = "check the configuration" ]; then
		echo "$who: FAILED at step 'check the configuration' (refused), nothing run or fetched:"
		tr '\037' '\n' <<<"$err" | sed 's/^/  /'
		return
	fi
	# Files only under a host name that passes the check.
	if ! "$HERE/check.sh" --results "$RESULTS" "host $h" host "$h" >/dev/null; then
		echo "$who: FAILED: the host name does not pass fleet/check.sh: nothing fetched"
		return
	fi
	dir=$RESULTS/$h
	DIR=$dir
	STATE=()
	if compgen -G "$dir/$p-run*.csv" >/dev/null; then
		while IFS=$'\t' read -r f st n line; do
			STATE[${f##*/}]="$st"$'\t'"$n"$'\t'"$line"
		done < <(awk -f "$HERE/csv-state.awk" "$dir/$p"-run*.csv)
	fi
	for ((i = 1; i <= RUNS; i++)); do
		[[ ${STATE[$p-run$i.csv]-} == complete$'\t'* ]] && n_ok=$((n_ok + 1))
	done
	k=$(sed -n 's/^uname_r: //p' "$dir/$p-host.txt" 2>/dev/null | head -n 1)
	cpu=$(sed -n 's/^cpu: //p' "$dir/$p-host.txt" 2>/dev/null | head -n 1)
	if [ -n "$failed" ] || [ -n "$ffail" ] || [ "$n_ok" -ne "$RUNS" ] || [ -z "$fetched" ]; then
		if [ -n "$SIGNAL" ] && [ -z "$done" ]; then
			st=INTERRUPTED
		else
			st=FAILED
		fi
	else
		st=ok
	fi
	nf=$(find "$dir" -maxdepth 1 -name "$p-*" 2>/dev/null | wc -l)
	echo "$who: $st, kernel ${k:-?}, cpu ${cpu:-?}: $n_ok of $RUNS run(s) complete; $([ "$nf" = 0 ] && echo "no file fetched" || echo "$nf file(s) in $dir/")"
	[ "$st" = INTERRUPTED ] && echo "  interrupted: fleet/run.sh got $SIGNAL while this host was at work; its runs were stopped"
	if [ -n "$failed" ]; then
		if [ "$step" = "run the suite" ]; then
			# The run's own error, from its log.
			for i in ${items//,/ }; do
				line=$(grep -m1 'error' "$dir/$p-run$i.log" 2>/dev/null)
				[[ $err =~ ^exit\ status\ -([0-9]+)$ ]] && err="killed by signal ${BASH_REMATCH[1]}"
				echo "  failed at step 'run the suite' (run $i of $RUNS): ${line:-$err}"
			done
		else
			echo "  failed at step '$step': $err"
		fi
	fi
	# A host that failed before its runs has no run to list.
	if [ -z "$failed" ] || [ "$step" = "run the suite" ] || [ ${#STATE[@]} -gt 0 ] || [ -n "$SIGNAL" ]; then
		runs_lines "$p"
	fi
	if [ -n "$ffail" ]; then
		echo "  fetching failed: $ffail"
	fi
	if [ -n "$started" ] && { [ -n "$ffail" ] || [ -z "$fetched" ]; }; then
		echo "  not fetched: the files ($p-*) stay on ${started}; fetch them with: $COLLECT"
	fi
}

for p in "${PREFIXES[@]}"; do
	for h in "${HOSTS[@]}"; do
		host_line "$h" "$p" "${TITLE["$p"]:-$p}"
	done
done
