#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Extract what a lazymmu-bench guest printed on its serial console (see
# scripts/qemu-init.c): every LMB-FILE block into OUTDIR/<name>, checked
# against its byte count, and test_vmalloc's "Summary:" lines into
# OUTDIR/test_vmalloc.csv. Fails clearly if the guest panicked, oopsed
# with no result, or never finished.
set -euo pipefail
. "$(dirname "$0")/lib/kernel-common.sh"

usage()
{
	cat <<EOF
usage: $LMB_PROG [--label L] CONSOLE_LOG OUTDIR

Writes OUTDIR/<file> for each file the guest printed, OUTDIR/test_vmalloc.csv
when the kernel ran test_vmalloc, and prints one line per file written.
Exit status: 0 guest finished and every file is intact; 1 panic, hang
(no LMB-GUEST-DONE line), corrupted file, or non-zero guest command status;
2 bad arguments.
EOF
}

label=
while [ $# -gt 0 ]; do
	case $1 in
	--label) lmb_need_arg "$1" "${2-}"; label=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	-*) lmb_usage_error "unknown option '$1'" ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || lmb_usage_error "need CONSOLE_LOG and OUTDIR (got $# arguments)"
log=$1
outdir=$2
[ -f "$log" ] || lmb_usage_error "console log '$log' does not exist"
[ -z "$label" ] || lmb_label_ok "$label" ||
	lmb_usage_error "--label '$label' may hold only letters, digits, '.', '_' and '-'"
mkdir -p "$outdir"

# Panic first: a panicked guest's partial output must not pass as a result.
panic=$(tr -d '\r' <"$log" | grep -m1 -E 'Kernel panic - not syncing' || true)
[ -z "$panic" ] ||
	lmb_die 1 "guest kernel panicked: '${panic#*] }' (console log: $log)"

tr -d '\r' <"$log" | awk -v outdir="$outdir" -v prog="$LMB_PROG" '
function fail(m) { printf("%s: error: %s\n", prog, m) > "/dev/stderr"; bad = 1 }
/^LMB-FILE-BEGIN name=[^ ]+ bytes=[0-9]+$/ {
	if (infile)
		fail("file " name " has no LMB-FILE-END before the next file")
	split($2, a, "="); split($3, b, "=")
	name = a[2]; want = b[2] + 0
	# Host-safe name: no directories, no hidden files.
	gsub(/[^A-Za-z0-9._-]/, "_", name)
	sub(/^\.+/, "_", name)
	infile = 1; body = ""; got = 0; nl = 0
	next
}
/^LMB-FILE-END name=/ && infile {
	infile = 0
	if (got == want + 1) {
		body = substr(body, 1, length(body) - 1)
		got = want
	}
	if (got != want) {
		fail(sprintf("guest file %s: %d bytes on the console, %d announced; kernel messages or a lost line corrupted it", name, got, want))
		next
	}
	path = outdir "/" name
	printf("%s", body) > path
	close(path)
	print path
	next
}
infile {
	body = body $0 "\n"
	got += length($0) + 1
	next
}
/^LMB-GUEST-DONE status=/ {
	done = 1
	split($2, s, "="); status = s[2] + 0
}
END {
	if (infile)
		fail("file " name " was cut off (no LMB-FILE-END): the guest stopped while printing it")
	if (!done)
		fail("no LMB-GUEST-DONE line: the guest hung, was killed by the time limit, or init crashed")
	else if (status != 0)
		fail("the guest command exited with status " status)
	exit bad
}' || lmb_die 1 "extraction from $log failed (see above)"

# test_vmalloc summaries (kernel command line test_vmalloc.*). LC_ALL=C:
# the log is binary-clean text, and printk time stamps are dropped.
tvm=$outdir/test_vmalloc.csv
tr -d '\r' <"$log" | LC_ALL=C awk -v label="$label" '
/Summary: [a-z0-9_]+ passed: [0-9]+ failed: [0-9]+ xfailed: [0-9]+ repeat: [0-9]+ loops: [0-9]+ avg: [0-9]+ usec/ {
	line = substr($0, index($0, "Summary: "))
	n = split(line, f, " ")
	if (!hdr++)
		print "label,test,passed,failed,xfailed,repeat,loops,avg_usec"
	print label "," f[2] "," f[4] "," f[6] "," f[8] "," f[10] "," f[12] "," f[14]
}' >"$tvm.tmp"
if [ -s "$tvm.tmp" ]; then
	mv "$tvm.tmp" "$tvm"
	echo "$tvm"
else
	rm -f "$tvm.tmp"
fi
