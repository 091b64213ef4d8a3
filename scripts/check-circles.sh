#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/check-circles.sh [--all] OBJDIR [SRCDIR]
#
# Lists the pairs of benchmarks/ files that call into each other, read from
# the symbols of their objects OBJDIR/benchmarks/**.o (nm; main.o and objects
# without a source in SRCDIR, default benchmarks/, left out): file A uses a
# symbol that B defines and B uses one that A defines.  One line per pair:
#   harness.c <-> harness_workers.c: harness.c uses harness_run_workers; ...
# --all also lists every "A -> B: symbols" edge (what calls what).
# Exit status: 0 when there is no such pair, 1 when there is, 2 for bad
# usage or when OBJDIR holds no objects (build with make first).

set -u -o pipefail

usage()
{
	sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

ALL=0
case "${1:-}" in
--all) ALL=1; shift ;;
-h | --help) usage ;;
esac
[ $# -eq 1 ] || [ $# -eq 2 ] || usage
DIR="$1/benchmarks"
[ -d "$DIR" ] || {
	echo "check-circles: error: '$DIR' does not exist; build first (make), then pass the object directory, e.g. build/obj" >&2
	exit 2
}
# Objects of sources that exist: a renamed file's stale object is no file.
SRC=${2:-$(cd "$(dirname "$0")/.." && pwd)/benchmarks}
OBJS=()
while IFS= read -r o; do
	f=${o#"$DIR"/}
	[ -f "$SRC/${f%.o}.c" ] && OBJS+=("$o")
done < <(find "$DIR" -name '*.o' ! -name main.o | sort)
[ "${#OBJS[@]}" -gt 0 ] || {
	echo "check-circles: error: no objects under '$DIR'; build first with make" >&2
	exit 2
}

# "file D sym" and "file U sym" lines, file relative to benchmarks/.
for o in "${OBJS[@]}"; do
	f=${o#"$DIR"/}
	f=${f%.o}.c
	nm "$o" | awk -v f="$f" '
		$1 == "U" { print f, "U", $2; next }
		NF == 3 && $2 ~ /^[TDBRCGSV]$/ { print f, "D", $3 }'
done | awk -v all="$ALL" '
	$2 == "D" { def[$3] = $1; next }
	{ use[NR] = $1; sym[NR] = $3 }
	END {
		for (i in use) {
			if (!(sym[i] in def) || def[sym[i]] == use[i])
				continue;
			e = use[i] SUBSEP def[sym[i]];
			if (!(e SUBSEP sym[i] in seen)) {
				seen[e, sym[i]] = 1;
				edge[e] = edge[e] (edge[e] == "" ? "" : ",") sym[i];
			}
		}
		n = 0;
		for (e in edge) {
			split(e, p, SUBSEP);
			if (all)
				print "edge", p[1] " -> " p[2] ": " edge[e];
			r = p[2] SUBSEP p[1];
			if ((r in edge) && p[1] < p[2]) {
				print "circle", p[1] " <-> " p[2] ": " p[1] " uses " edge[e] \
					"; " p[2] " uses " edge[r];
				n++;
			}
		}
		print "count", n;
	}' | sort | awk '
	$1 == "count" { n = $2; next }
	{ sub(/^[a-z]+ /, ""); print }
	END {
		printf "check-circles: %d pair(s) of files that call each other\n", n > "/dev/stderr";
		exit n ? 1 : 0;
	}'
