#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of `lazymmu-bench run --sweep-size`: one group per region size
# in one file, the recorded shuffle (same seed, same order; the order
# changes from storm to storm), --sweep-order given, and the refusals.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"

meta() { sed -n "s/^# $2: //p" "$1"; }

# order FILE: per storm "workload/page_mode: size size ..." in run order
order() {
	awk -F, '/^#/ { next }
		!hdr { for (i = 1; i <= NF; i++) c[$i] = i; hdr = 1; next }
		$c["phase"] == "sample" && $c["sample"] == 0 {
			k = $c["workload"] "/" $c["page_mode"]
			if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
			o[k] = o[k] " " $c["size_bytes"] / 1048576 "M"
		}
		END { for (i = 1; i <= nk; i++) print keys[i] ":" o[keys[i]] }' "$1"
}

# rows FILE SIZE: sample rows at that region size (bytes)
rows() {
	awk -F, -v sz="$2" '/^#/ { next }
		!hdr { for (i = 1; i <= NF; i++) c[$i] = i; hdr = 1; next }
		$c["phase"] == "sample" && $c["size_bytes"] == sz &&
		$c["pages"] * 4096 == sz { n++ }
		END { print n + 0 }' "$1"
}

RUN=(run -r 2 --warmup 1 -e none -p 4k)
SW=(--sweep-size 2M,4M,8M)

expect_usage_error "--size and --sweep-size together" "use one of them" \
	"${RUN[@]}" -s 4M "${SW[@]}" -o "$TMP/x.csv"
expect_usage_error "a sweep of one size" "needs at least two" \
	"${RUN[@]}" --sweep-size 2M -o "$TMP/x.csv"
expect_usage_error "the same size twice by value" "same size (2097152 bytes)" \
	"${RUN[@]}" --sweep-size 2M,2048K -o "$TMP/x.csv"
expect_usage_error "an empty item" "--sweep-size" \
	"${RUN[@]}" --sweep-size 2M,,4M -o "$TMP/x.csv"
expect_usage_error "a size that is not a PMD multiple" \
	"--sweep-size 3145728 bytes is not a multiple of the PMD size" \
	"${RUN[@]}" --sweep-size 2M,3M -o "$TMP/x.csv"
check "refused sweep: no file written" [ ! -e "$TMP/x.csv" ]
expect_usage_error "a bad order" "use shuffle (default) or given" \
	"${RUN[@]}" "${SW[@]}" --sweep-order random -o "$TMP/x.csv"
expect_usage_error "--seed without a sweep" "add --sweep-size" \
	"${RUN[@]}" -s 2M --seed 3 -o "$TMP/x.csv"
expect_usage_error "--seed with the given order" "drop one of them" \
	"${RUN[@]}" "${SW[@]}" --sweep-order given --seed 3 -o "$TMP/x.csv"
expect_usage_error "--chunk that does not divide one size of the sweep" \
	"divides the region size (2097152 bytes)" \
	"${RUN[@]}" -w madvise-chunks --sweep-size 2M,4M --chunk 4M -o "$TMP/x.csv"

# A shuffled sweep: every size a group, recorded, reproducible by seed.
"$BIN" "${RUN[@]}" -w munmap,madvise,mprotect,mremap "${SW[@]}" --seed 11 \
	-o "$TMP/a.csv" >"$TMP/out" 2>"$TMP/err"
check "sweep run exits 0" [ $? -eq 0 ]
for sz in 2097152 4194304 8388608; do
	check "4 storms x 2 samples at $sz bytes, pages = size / 4K" \
		[ "$(rows "$TMP/a.csv" $sz)" -eq 8 ]
done
check "metadata: sweep_sizes" [ "$(meta "$TMP/a.csv" sweep_sizes)" = 2097152,4194304,8388608 ]
check "metadata: sweep_seed" [ "$(meta "$TMP/a.csv" sweep_seed)" = 11 ]
check "metadata: sweep_order says shuffle" grep -q '^# sweep_order: shuffle' "$TMP/a.csv"
order "$TMP/a.csv" >"$TMP/order-a"
check "every storm visits the three sizes once" \
	[ "$(awk '{ print NF }' "$TMP/order-a" | sort -u)" = 4 ]
check "the order differs between storms (seed 11)" \
	[ "$(cut -d: -f2 "$TMP/order-a" | sort -u | wc -l)" -gt 1 ]
check "not every storm in the listed order" \
	[ "$(grep -vc ': 2M 4M 8M$' "$TMP/order-a")" -gt 0 ]
check "the summary has a row per size" \
	[ "$(grep -cE '^munmap +4k +1 +[0-9]+ ' "$TMP/out")" -eq 3 ]
check "the summary fits the sweep of each storm" \
	[ "$(grep -cE '^(munmap|madvise|mprotect|mremap) 4k 1, 3 sizes' "$TMP/out")" -eq 4 ]

"$BIN" "${RUN[@]}" -w munmap,madvise,mprotect,mremap "${SW[@]}" --seed 11 \
	-o "$TMP/b.csv" >/dev/null 2>&1
order "$TMP/b.csv" >"$TMP/order-b"
check "the same seed gives the same order" cmp -s "$TMP/order-a" "$TMP/order-b"

"$BIN" "${RUN[@]}" -w munmap,madvise --sweep-size 8M,2M,4M --sweep-order given \
	-o "$TMP/c.csv" >/dev/null 2>&1
check "--sweep-order given keeps the list's order" \
	[ "$(order "$TMP/c.csv" | cut -d: -f2 | sort -u)" = " 8M 2M 4M" ]
check "given order: sweep_seed none" [ "$(meta "$TMP/c.csv" sweep_seed)" = none ]

"$BIN" "${RUN[@]}" -w munmap -s 2M -o "$TMP/d.csv" >/dev/null 2>&1
check "one size: no sweep metadata" [ -z "$(meta "$TMP/d.csv" sweep_sizes)" ]
check "one size: size is that size" [ "$(meta "$TMP/d.csv" size)" = 2097152 ]

# With workers, every size runs at every worker count.
"$BIN" "${RUN[@]}" -w munmap --sweep-size 2M,4M --sweep-threads 1,2 \
	--allow-oversubscribe -o "$TMP/e.csv" >/dev/null 2>&1
check "sweep x worker sweep: 2 sizes x (1 + 2 workers) x 2 samples" \
	[ "$(rows "$TMP/e.csv" 2097152)" -eq 6 ] && [ "$(rows "$TMP/e.csv" 4194304)" -eq 6 ]
finish
