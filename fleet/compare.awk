# SPDX-License-Identifier: GPL-2.0
# fleet/compare.awk: the tables of fleet/compare.sh.  Input (-F,): lines
#   #files,NAME,base|new,FILE STATE;...   (the files that are not complete runs)
#   #note,NAME,TEXT                       (compare's warnings and notes)
#   #host,NAME,BASE_RUNS,NEW_RUNS,BASE_KERNEL,NEW_KERNEL,CPU
#   #skip,NAME,WHY
#   NAME,<a line of `lazymmu-bench compare --format csv`> (its header first)
# Variables: fmt (text, md, text-mail), base, new (labels), metrics (list).
# A mark of compare other than improved, regressed and ~ (e.g. "?": one unit
# a side, no verdict) is "not proven", with compare's reason (its "why"
# column) when there is one.  The host is one more level above compare's:
# a summary across hosts needs at least 2 hosts with a verdict.

# put LINE: print without trailing blanks (and, for mail, within 72 columns).
function put(s) {
	sub(/ +$/, "", s)
	if (fmt == "text-mail" && length(s) > 72)
		s = substr(s, 1, 72)
	print s
}

function size_name(b) {
	if (b !~ /^[0-9]+$/ || b == 0)
		return b
	if (b % 1073741824 == 0) return (b / 1073741824) "G"
	if (b % 1048576 == 0) return (b / 1048576) "M"
	if (b % 1024 == 0) return (b / 1024) "K"
	return b
}

# A median as compare prints it (%.4g; 1356, 189.2, 83.25).
function num(x) { return x == "" ? "-" : sprintf("%.4g", x) }

# The change with its interval: text and md "+1.23% [+0.50%, +2.00%]";
# mail as compare's text-mail: one decimal when inside +-10%, else whole.
function change_cell(k, h,   c, lo, hi, st) {
	st = bstate[h, k]
	if (st == "")
		return "no data"
	if (st == "absent")
		return "not in " new
	if (st != "ok")
		return st
	c = chg[h, k]; lo = clo[h, k]; hi = chi[h, k]
	if (c == "")
		return "n/a"
	if (fmt != "text-mail") {
		if (lo == "" || hi == "")
			return sprintf("%+.2f%%", 100 * c)
		return sprintf("%+.2f%% [%+.2f%%, %+.2f%%]", 100 * c, 100 * lo, 100 * hi)
	}
	if (lo == "" || hi == "")
		return sprintf("%+.1f%%", 100 * c)
	if (abs(100 * lo) < 9.95 && abs(100 * hi) < 9.95 && abs(100 * c) < 9.95)
		return sprintf("%+.1f%% [%+.1f,%+.1f]", 100 * c, 100 * lo, 100 * hi)
	return sprintf("%+.1f%% [%+.0f,%+.0f]", 100 * c, 100 * lo, 100 * hi)
}

function trim(s) { sub(/ +$/, "", s); return s }

# putwrap FIRST REST TEXT: TEXT after FIRST, folded at blanks (within 72
# columns for mail) with REST before each further line.
function putwrap(first, rest, text,   n, w, i, line, max) {
	max = fmt == "text-mail" ? 72 : 100
	n = split(text, w, " ")
	line = first
	for (i = 1; i <= n; i++) {
		if (line != first && line != rest && length(line) + 1 + length(w[i]) > max) {
			put(line)
			line = rest
		}
		line = line ((line == first || line == rest) ? "" : " ") w[i]
	}
	put(line)
}

# The host's notes: files that are not complete runs, compare's warnings,
# and the reasons of its "?" marks.
function host_notes(h,   i, k, n, l, seenwhy, pre, rest) {
	pre = fmt == "md" ? "- " : "  "
	rest = fmt == "md" ? "  " : "    "
	if (partial[h, "base"] != "")
		putwrap(pre "not a complete run (" base "): ", rest, partial[h, "base"])
	if (partial[h, "new"] != "")
		putwrap(pre "not a complete run (" new "): ", rest, partial[h, "new"])
	n = split(notes[h], l, "\n")
	for (i = 1; i <= n; i++)
		putwrap(pre "compare: ", rest, l[i])
	for (i = 1; i <= nkeys; i++) {
		k = keys[i]
		if (mark_word(k, h) != "?" || seenwhy[whyq[h, k]]++)
			continue
		putwrap(pre "? = not proven: ", rest, whyq[h, k] == "" ? "compare gave no verdict" : whyq[h, k])
	}
}

function abs(x) { return x < 0 ? -x : x }

# A verdict: compare judged the change (improved, regressed or ~).
function verdict(m) { return m == "improved" || m == "regressed" || m == "~" }

function mark_word(k, h,   m) {
	m = mark[h, k]
	if (m != "" && !verdict(m))
		return "?"
	if (fmt == "text-mail")
		return m == "improved" ? "*" : m == "regressed" ? "!" : ""
	return m == "improved" ? "improved" : m == "regressed" ? "REGRESSED" : m == "" ? "" : "~"
}

# The hosts' verdict on key k: only from hosts whose compare gave one, and
# only with 2 or more of them.
function agreement(k,   i, h, n, nq, ni, nr, tail) {
	n = nq = ni = nr = 0
	for (i = 1; i <= nhosts; i++) {
		h = hosts[i]
		if (bstate[h, k] != "ok")
			continue
		if (!verdict(mark[h, k])) {
			if (mark[h, k] != "" || chg[h, k] != "")
				nq++
			continue
		}
		n++
		if (mark[h, k] == "improved") ni++
		else if (mark[h, k] == "regressed") nr++
	}
	tail = nq ? "; " nq " not proven" : ""
	if (n + nq == 0)
		return "no data"
	if (n < 2)
		return "not proven: " n " host" (n == 1 ? "" : "s") " with a verdict, 2 needed" tail
	if (ni == n) return "all improved (" n " of " nhosts " hosts" tail ")"
	if (nr == n) return "all regressed (" n " of " nhosts " hosts" tail ")"
	if (ni + nr == 0) return "none significant (" n " of " nhosts " hosts" tail ")"
	return "mixed (" ni " improved, " nr " regressed, " (n - ni - nr) " ~" tail ")"
}

# "2 vs 2 files", and how many of them are not complete runs.
function runs_text(h,   np, a, b) {
	np = (partial[h, "base"] == "" ? 0 : split(partial[h, "base"], a, ";")) + \
	     (partial[h, "new"] == "" ? 0 : split(partial[h, "new"], b, ";"))
	return runs_n[h] " vs " runs_b[h] " runs" (np ? ", " np " not complete" : "")
}

function metric_title(m) {
	if (m == "ns_per_page") return "ns/page"
	sub(/^ev_/, "", m)
	return m "/page"
}

# unquote LINE: a CSV line with its quoted fields' commas as \037 and the
# quotes taken away ("" is one "), so that -F, splits it into its fields.
function unquote(line,   out, i, c, inq) {
	out = ""
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (c == "\"") {
			if (inq && substr(line, i + 1, 1) == "\"") {
				out = out c
				i++
			} else {
				inq = !inq
			}
		} else if (c == "," && inq) {
			out = out "\037"
		} else {
			out = out c
		}
	}
	return out
}

# The text of a field: its commas back.
function text(f) { gsub(/\037/, ",", f); return f }

BEGIN {
	nm = split(metrics, ml, ",")
	for (i = 1; i <= nm; i++)
		want[ml[i]] = i
}

$1 == "#files" {
	partial[$2, $3] = $4
	next
}
$1 == "#note" {
	t = $0
	sub(/^#note,[^,]*,/, "", t)
	notes[$2] = notes[$2] (notes[$2] == "" ? "" : "\n") t
	next
}
$1 == "#host" {
	hosts[++nhosts] = $2
	runs_b[$2] = $3; runs_n[$2] = $4
	kern_b[$2] = $5; kern_n[$2] = $6; cpu[$2] = $7
	header = 1
	next
}
$1 == "#skip" {
	skipped[++nskipped] = $2
	why = $0
	sub(/^#skip,[^,]*,/, "", why)
	skipwhy[$2] = why
	next
}
index($0, "\"") {
	$0 = unquote($0)
}
header {
	delete col
	for (i = 2; i <= NF; i++)
		col[$i] = i
	split("metric workload file state n median change ci_lo ci_hi p mark", nc, " ")
	for (i = 1; i in nc; i++)
		if (!(nc[i] in col)) {
			printf "fleet/compare.awk: error: compare's CSV has no column '%s' (host %s): the suite is older or newer than fleet/\n", nc[i], $1 > "/dev/stderr"
			exit 3
		}
	# Parameters: the columns between workload and file.
	np = 0
	for (i = col["workload"] + 1; i < col["file"]; i++)
		pcol[++np] = i
	pname_size = ("size_bytes" in col) ? col["size_bytes"] : 0
	# The reason of a "?" (compare's "why" column), when it has one.
	why_col = ("why" in col) ? col["why"] : 0
	header = 0
	next
}
{
	h = $1
	m = $col["metric"]
	# Groups only (not the geomean rows, nor a size sweep's fit rows).
	if (!(m in want) || $col["state"] !~ /^(ok|absent|unavailable)$/)
		next
	g = text($col["workload"])
	for (i = 1; i <= np; i++)
		g = g " " (pcol[i] == pname_size ? size_name($pcol[i]) : text($pcol[i]))
	k = m SUBSEP g
	if (!(k in seen)) {
		seen[k] = 1
		keys[++nkeys] = k
		kmetric[nkeys] = m
		kgroup[nkeys] = g
	}
	if ($col["file"] == "A") {
		amed[h, k] = $col["median"]; an[h, k] = $col["n"]
		astate[h, k] = $col["state"]
	} else if ($col["file"] == "B") {
		bmed[h, k] = $col["median"]; bn[h, k] = $col["n"]
		bstate[h, k] = $col["state"]
		chg[h, k] = $col["change"]; clo[h, k] = $col["ci_lo"]
		chi[h, k] = $col["ci_hi"]; pval[h, k] = $col["p"]
		mark[h, k] = $col["mark"]
		if (why_col && $why_col != "")
			whyq[h, k] = text($why_col)
	}
}

function host_table(h,   i, k, last) {
	if (fmt == "md") {
		put("#### " h ": " new " vs " base)
		put("")
		put(runs_text(h) "; kernel " kern_b[h] " -> " kern_n[h] "; cpu " cpu[h])
		put("")
		put("| metric | workload | " base " median | n | " new " median | n | change [95% CI] | p | mark |")
		put("|---|---|---:|---:|---:|---:|---:|---:|---|")
		for (i = 1; i <= nkeys; i++) {
			k = keys[i]
			if (!((h, k) in astate))
				continue
			put("| " kmetric[i] " | " kgroup[i] " | " num(amed[h, k]) " | " an[h, k] " | " num(bmed[h, k]) " | " bn[h, k] " | " change_cell(k, h) " | " (pval[h, k] == "" ? "" : sprintf("%.3g", pval[h, k])) " | " mark_word(k, h) " |")
		}
	} else if (fmt == "text-mail") {
		put(h ": " new " vs " base ", " runs_text(h))
		put("  kernel " kern_b[h] " -> " kern_n[h] ", cpu " cpu[h])
		for (i = 1; i <= nkeys; i++) {
			k = keys[i]
			if (kmetric[i] != last) {
				put(sprintf("  %-24s %12s  %-26s", "workload", "base " substr(metric_title(kmetric[i]), 1, 7), "change [95% CI]"))
				last = kmetric[i]
			}
			if (!((h, k) in astate))
				continue
			put(sprintf("  %-24.24s %12s  %-26.26s %s", kgroup[i], num(amed[h, k]), change_cell(k, h), mark_word(k, h)))
		}
	} else {
		put(h ": " new " vs " base " (" runs_text(h) "), kernel " kern_b[h] " -> " kern_n[h] ", cpu " cpu[h])
		put(sprintf("  %-20s %-24s %12s %4s %12s %4s  %-30s %7s  %s", "metric", "workload", "base median", "n", "new median", "n", "change [95% CI]", "p", "mark"))
		for (i = 1; i <= nkeys; i++) {
			k = keys[i]
			if (!((h, k) in astate))
				continue
			put(sprintf("  %-20s %-24s %12s %4s %12s %4s  %-30s %7s  %s", kmetric[i], kgroup[i], num(amed[h, k]), an[h, k], num(bmed[h, k]), bn[h, k], change_cell(k, h), pval[h, k] == "" ? "-" : sprintf("%.3g", pval[h, k]), mark_word(k, h)))
		}
	}
	if (fmt == "md")
		put("")
	host_notes(h)
	put("")
}

function summary(   i, j, h, k, line, last) {
	if (fmt == "md") {
		put("#### Across hosts: " new " vs " base)
		put("")
		line = "| metric | workload |"
		for (j = 1; j <= nhosts; j++) line = line " " hosts[j] " |"
		put(line " hosts agree |")
		line = "|---|---|"
		for (j = 1; j <= nhosts; j++) line = line "---:|"
		put(line "---|")
		for (i = 1; i <= nkeys; i++) {
			k = keys[i]
			line = "| " kmetric[i] " | " kgroup[i] " |"
			for (j = 1; j <= nhosts; j++)
				line = line " " trim(change_cell(k, hosts[j]) " " mark_word(k, hosts[j])) " |"
			put(line " " agreement(k) " |")
		}
	} else if (fmt == "text-mail") {
		put("Across hosts: " new " vs " base)
		for (i = 1; i <= nkeys; i++) {
			k = keys[i]
			if (kmetric[i] != last) {
				put(sprintf("  %-24s %12s  %-26s", "workload/host", "base " substr(metric_title(kmetric[i]), 1, 7), "change [95% CI]"))
				last = kmetric[i]
			}
			putwrap(sprintf("  %-24.24s ", kgroup[i]), "    ", agreement(k))
			for (j = 1; j <= nhosts; j++) {
				h = hosts[j]
				if (!((h, k) in astate))
					put(sprintf("    %-22.22s %12s  %s", h, "", "no data"))
				else
					put(sprintf("    %-22.22s %12s  %-26.26s %s", h, num(amed[h, k]), change_cell(k, h), mark_word(k, h)))
			}
		}
		put("")
		put("  * = significant improvement, ! = significant regression,")
		put("  ? = not proven (no verdict); across hosts: 2 hosts with a")
		put("  verdict needed")
		put("  (per host: lazymmu-bench compare, runs of a label pooled;")
		put("  lower is better)")
	} else {
		put("Across hosts: " new " vs " base)
		put(sprintf("  %-20s %-24s %-16s %12s  %-30s %-9s  %s", "metric", "workload", "host", "base median", "change [95% CI]", "mark", "hosts agree"))
		for (i = 1; i <= nkeys; i++) {
			k = keys[i]
			for (j = 1; j <= nhosts; j++) {
				h = hosts[j]
				put(sprintf("  %-20s %-24s %-16s %12s  %-30s %-9s  %s", kmetric[i], kgroup[i], h, ((h, k) in astate) ? num(amed[h, k]) : "-", ((h, k) in astate) ? change_cell(k, h) : "no data", mark_word(k, h), j == 1 ? agreement(k) : ""))
			}
		}
	}
	for (i = 1; i <= nskipped; i++)
		put((fmt == "md" ? "- " : "") "left out: " skipped[i] ": " skipwhy[skipped[i]])
}

END {
	if (nkeys == 0) {
		printf "fleet/compare.sh: error: none of the metrics %s is in the compared files (see docs/compare.md for the names)\n", metrics > "/dev/stderr"
		exit 1
	}
	for (i = 1; i <= nhosts; i++)
		host_table(hosts[i])
	summary()
}
