# SPDX-License-Identifier: GPL-2.0
# fleet/csv-state.awk FILE...: how each result file of `lazymmu-bench run`
# ended, one line per file: "<file>\t<state>\t<samples>\t<detail>".
#   complete     an "# end: complete" line
#   interrupted  "# end: interrupted (<signal>) after N samples"
#   failed       "# end: failed (<reason>)"
#   killed       no "# end:" line: the run was stopped before it could end
#                the file (SIGKILL, power, a lost host); its rows are kept
# A file with several "# end:" lines (files joined with cat) is judged by
# its worst: killed if any run in it has no end line.  <samples> counts the
# rows of phase "sample".

function flush(   st, d) {
	if (file == "")
		return
	# Every "# lazymmu-bench results" line starts a run; every run needs
	# its end line.
	if (runs > ends)
		st = "killed"
	else if (nfail > 0)
		st = "failed"
	else if (nint > 0)
		st = "interrupted"
	else
		st = "complete"
	d = st == "failed" ? failwhy : st == "interrupted" ? intwhy : ""
	if (runs > 1)
		d = d (d == "" ? "" : "; ") runs " runs joined, " (runs - ends) " without end line"
	printf "%s\t%s\t%d\t%s\n", file, st, samples, d
}

FNR == 1 {
	flush()
	file = FILENAME
	runs = ends = nfail = nint = samples = 0
	failwhy = intwhy = ""
	phase = 0
}
/^# lazymmu-bench results/ { runs++; phase = 0; next }
/^# end: / {
	ends++
	if ($0 ~ /^# end: failed/) { nfail++; failwhy = substr($0, 8) }
	else if ($0 ~ /^# end: interrupted/) { nint++; intwhy = substr($0, 8) }
	next
}
/^#/ { next }
!phase {
	n = split($0, h, ",")
	for (i = 1; i <= n; i++)
		if (h[i] == "phase")
			phase = i
	if (!phase)
		phase = -1
	next
}
phase > 0 {
	split($0, f, ",")
	if (f[phase] == "sample")
		samples++
}
END { flush() }
