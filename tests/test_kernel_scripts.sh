#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of the kernel A/B scripts without building or booting a kernel:
# argument handling, patch checks on a throw-away git tree, the initramfs
# contents, and the extraction of CSV files and test_vmalloc results from
# guest console logs recorded from real QEMU runs (tests/data/qemu-console-*).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# ok/not_ok/skip/finish and a private $TMP (the suite binary is not used).
. "$ROOT/tests/tap.bash"
S=$ROOT/scripts
DATA=$ROOT/tests/data
export LMB_KBUILD=$TMP/kbuild

# expect RC NEEDLE DESCRIPTION CMD...: exit status RC and NEEDLE in stderr.
expect() { expect_exit "$@"; }

# --- kernel-build.sh arguments --------------------------------------------
expect 2 "--label is required" "kernel-build: label required" \
	"$S/kernel-build.sh" --tree "$TMP"
expect 2 "may hold only" "kernel-build: label with a slash refused" \
	"$S/kernel-build.sh" --label a/b --tree "$TMP"
expect 2 "neither a file nor a directory" "kernel-build: missing patch refused" \
	"$S/kernel-build.sh" --label x --patch "$TMP/nope.patch"
expect 2 "not a positive integer" "kernel-build: --jobs 0 refused" \
	"$S/kernel-build.sh" --label x --jobs 0
expect 2 "does not exist" "kernel-build: missing config fragment refused" \
	"$S/kernel-build.sh" --label x --config "$TMP/nope.config"
mkdir -p "$TMP/plain"
echo 'kernelversion:; @echo 9.9.9' >"$TMP/plain/Makefile"
expect 2 "not a git repository" "kernel-build: tree without git refused" \
	"$S/kernel-build.sh" --label x --tree "$TMP/plain" --check

# --- kernel-build.sh patch check on a throw-away git tree -----------------
t=$TMP/tree
mkdir -p "$t"
printf 'kernelversion:\n\t@echo 9.9.9\n' >"$t/Makefile"
printf 'one\ntwo\nthree\n' >"$t/file.c"
git -C "$t" init -q
git -C "$t" -c user.name=t -c user.email=t@t add Makefile file.c
git -C "$t" -c user.name=t -c user.email=t@t commit -q -m base
base=$(git -C "$t" rev-parse HEAD)
sed -i 's/two/TWO/' "$t/file.c"
git -C "$t" -c user.name=t -c user.email=t@t commit -q -am "change two"
git -C "$t" format-patch -q -1 -o "$TMP/good"
git -C "$t" reset -q --hard "$base"
sed 's/^-two/-zwei/; s/^Subject: .*/&\n\nBase: the tree with zwei in it/' \
	"$TMP"/good/*.patch >"$TMP/bad.patch"
expect 0 "patches apply: 1 on Linux 9.9.9" "kernel-build --check: good patch applies" \
	"$S/kernel-build.sh" --label x --tree "$t" --base "$base" --patch "$TMP/good" --check
if [ "$(git -C "$t" rev-parse HEAD)" = "$base" ] && grep -qx two "$t/file.c"; then
	ok "kernel-build --check leaves the tree at its base"
else
	not_ok "kernel-build --check left the tree at $(git -C "$t" rev-parse HEAD)"
fi
expect 1 "it needs Base: the tree with zwei in it" \
	"kernel-build: a patch that does not apply names the base it needs" \
	"$S/kernel-build.sh" --label x --tree "$t" --base "$base" --patch "$TMP/bad.patch" --check
expect 2 "is not a commit" "kernel-build: unknown --base refused" \
	"$S/kernel-build.sh" --label x --tree "$t" --base no-such-ref --check

# The real patch stacks: each variant's patches have a Base: line.
for p in "$ROOT"/kernel-patches/instrumentation/*.patch \
	"$ROOT"/kernel-patches/variants/*/*.patch; do
	if grep -q '^Base: ' "$p" && grep -q '^Subject: ' "$p" &&
	   grep -q '^diff --git ' "$p"; then
		ok "$(basename "$p") is a git patch that names its base"
	else
		not_ok "$(basename "$p") lacks Subject:, Base: or a diff"
	fi
done
if grep -q '^From: Ryan Roberts <ryan.roberts@arm.com>$' "$ROOT"/kernel-patches/seed/*.patch &&
   grep -q 'e271ed52b344' "$ROOT/kernel-patches/seed/PROVENANCE" &&
   git mailinfo "$TMP/msg" "$TMP/patch" <"$ROOT"/kernel-patches/seed/*.patch >"$TMP/info" &&
   grep -qx 'Subject: arm64/mm: Ensure lazy_mmu_mode never nests' "$TMP/info" &&
   [ "$(grep -c '^diff --git' "$TMP/patch")" -eq 2 ]; then
	ok "seed patch parses with git mailinfo, has author, subject, 2 files and a recorded base"
else
	not_ok "seed patch or its PROVENANCE is incomplete"
fi

# --- qemu-run.sh arguments and command line -------------------------------
expect 2 "--kernel or --label is required" "qemu-run: kernel required" \
	"$S/qemu-run.sh" --outdir "$TMP/o"
expect 2 "does not exist" "qemu-run: missing kernel image refused" \
	"$S/qemu-run.sh" --kernel "$TMP/nope" --outdir "$TMP/o"
touch "$TMP/Image"
expect 2 "--outdir is required" "qemu-run: outdir required" \
	"$S/qemu-run.sh" --kernel "$TMP/Image"
expect 2 "not a positive number" "qemu-run: bad timeout refused" \
	"$S/qemu-run.sh" --kernel "$TMP/Image" --outdir "$TMP/o" --timeout 1h
expect 2 "no suite binary" "qemu-run: suite arguments without a suite binary refused" \
	"$S/qemu-run.sh" --kernel "$TMP/Image" --outdir "$TMP/o" \
	--suite "$TMP/nope" -- run
touch "$TMP/suite"
if "$S/qemu-run.sh" --kernel "$TMP/Image" --outdir "$TMP/o" --label nesting \
	--suite "$TMP/suite" --dry-run -- run -w munmap -s 64M >"$TMP/dry" 2>&1 &&
   grep -q -- '-M virt -cpu max' "$TMP/dry" &&
   grep -q 'debug_pagealloc=on' "$TMP/dry" &&
   grep -q 'test_vmalloc.run_test_mask=0' "$TMP/dry" &&
   grep -q 'panic=-1' "$TMP/dry" &&
   grep -qx 'guest: /bin/lazymmu-bench run -w munmap -s 64M --outdir /lmb/out --label nesting' "$TMP/dry"; then
	ok "qemu-run --dry-run: virt/max, debug_pagealloc=on, test_vmalloc off, panic=-1, suite gets --outdir and --label"
else
	not_ok "qemu-run --dry-run output: $(head -c 600 "$TMP/dry")"
fi
if "$S/qemu-run.sh" --kernel "$TMP/Image" --outdir "$TMP/o" --dry-run \
	--no-debug-pagealloc --append "test_vmalloc.run_test_mask=1 test_vmalloc.nr_pages=16" \
	>"$TMP/dry" 2>&1 &&
   ! grep -q 'debug_pagealloc=on' "$TMP/dry" &&
   grep -q 'debug_pagealloc=off' "$TMP/dry" &&
   ! grep -q 'run_test_mask=0' "$TMP/dry" &&
   grep -q 'test_vmalloc.run_test_mask=1 test_vmalloc.nr_pages=16' "$TMP/dry"; then
	ok "qemu-run --dry-run: --append drives test_vmalloc, --no-debug-pagealloc turns it off"
else
	not_ok "qemu-run --dry-run with --append: $(head -c 600 "$TMP/dry")"
fi

if "$S/qemu-run.sh" --kernel "$TMP/Image" --outdir "$TMP/o" --label stock-ctl-vmw \
	--suite "$TMP/suite" --dry-run -- vmalloc -t fix_size_alloc_test >"$TMP/dry" 2>&1 &&
   grep -qx 'guest: /bin/lazymmu-bench vmalloc -t fix_size_alloc_test --outdir /lmb/out --label stock-ctl-vmw' "$TMP/dry"; then
	ok "qemu-run --dry-run: the suite's vmalloc command gets --outdir and --label too"
else
	not_ok "qemu-run --dry-run with vmalloc: $(head -c 600 "$TMP/dry")"
fi

# --- vmalloc-emu.sh: arguments and the icount table ------------------------
expect 2 "--outdir is required" "vmalloc-emu: outdir required" \
	"$S/vmalloc-emu.sh" --labels stock-ctl-vmw
expect 2 "no kernel" "vmalloc-emu: a label without an Image refused" \
	"$S/vmalloc-emu.sh" --outdir "$TMP/vm" --labels no-such-kernel
expect 2 "loop counts above 0 and different" "vmalloc-emu: a set with equal loop counts refused" \
	"$S/vmalloc-emu.sh" --outdir "$TMP/vm" --labels x --report-only --sets "a:1:4:0:100:100"
expect 2 "is not NAME:run_test_mask" "vmalloc-emu: a set without loops refused" \
	"$S/vmalloc-emu.sh" --outdir "$TMP/vm" --labels x --report-only --sets "a:1:4:0"
expect 1 "measure it first" "vmalloc-emu: report without boots fails" \
	"$S/vmalloc-emu.sh" --outdir "$TMP/vm" --labels x --report-only
mkdir -p "$TMP/vm/k1/icount-s-L10" "$TMP/vm/k1/icount-s-L30"
printf 'label,test,passed,failed,xfailed,repeat,loops,avg_usec\nk1,fix_size_alloc_test,1,0,0,1,10,70\n' \
	>"$TMP/vm/k1/icount-s-L10/test_vmalloc.csv"
printf 'label,test,passed,failed,xfailed,repeat,loops,avg_usec\nk1,fix_size_alloc_test,1,0,0,1,30,190\n' \
	>"$TMP/vm/k1/icount-s-L30/test_vmalloc.csv"
if "$S/vmalloc-emu.sh" --outdir "$TMP/vm" --labels k1 --report-only --icount-only \
	--sets "s:1:16:1:10:30" >"$TMP/out" 2>&1 &&
   [ "$(cat "$TMP/vm/vmalloc-icount.csv")" = "label,set,test,nr_pages,use_huge,loops,virtual_us
k1,s,fix_size_alloc_test,16,1,10,70
k1,s,fix_size_alloc_test,16,1,30,190" ]; then
	ok "vmalloc-emu --icount-only: one row per test and loop count, nr_pages/use_huge of the set"
else
	not_ok "vmalloc-emu --icount-only table: $(cat "$TMP/out" "$TMP/vm/vmalloc-icount.csv" 2>&1)"
fi

# --- ab-study.sh / ab-summarize.sh arguments ------------------------------
expect 2 "--outdir is required" "ab-study: outdir required" "$S/ab-study.sh"
expect 2 "unknown variant 'bogus'" "ab-study: unknown variant refused" \
	"$S/ab-study.sh" --outdir "$TMP/s" --variants nesting,bogus --no-suite
expect 2 "not NAME:run_test_mask" "ab-study: bad test_vmalloc set refused" \
	"$S/ab-study.sh" --outdir "$TMP/s" --no-suite --tvm-tests fix1
expect 2 "does not exist" "ab-summarize: missing CSV refused" \
	"$S/ab-summarize.sh" "$TMP/nope.csv"
expect 2 "--dry-run goes with --deps-only" "ab-study: --dry-run alone refused" \
	"$S/ab-study.sh" --dry-run

# --- the kernel side's dependency step (scripts/kernel-deps.sh) -----------
# With a PATH that has none of the tools, the dry run lists the packages of
# the "kernel" set of scripts/deps/tools.list and the command, installs
# nothing; without root the real step prints the command and exits 1.
mkdir -p "$TMP/bare"
for c in bash dirname sed id cat mkdir apt-cache apt-get basename date stat; do
	p=$(command -v "$c") && ln -sf "$p" "$TMP/bare/$c"
done
want_pkgs="flex bison bc"
if ! have apt-get; then
	skip "kernel-deps --dry-run lists the kernel packages" "state: no apt-get (not Debian/Ubuntu)"
	skip "ab-study --deps-only without root prints the command" "state: no apt-get (not Debian/Ubuntu)"
else
	PATH=$TMP/bare "$S/ab-study.sh" --deps-only --dry-run >"$TMP/out" 2>"$TMP/err"
	rc=$?
	line=$(grep "dry run: would run: .*apt-get install -y --no-install-recommends" "$TMP/err")
	miss=""
	# an arm64 host builds with its own gcc: no cross compiler there
	cross=gcc-aarch64-linux-gnu
	[ "$(uname -m)" = aarch64 ] && cross=gcc
	for p in $want_pkgs $cross qemu-system-arm; do
		case " $line " in *" $p "*) ;; *) miss="$miss $p" ;; esac
	done
	check "ab-study --deps-only --dry-run on a bare PATH: exit 0, command lists the kernel packages (exit $rc, missing:${miss:- none})" \
		[ "$rc" -eq 0 -a -n "$line" -a -z "$miss" ]
	# the other kind of machine, through tools.list's MACHINE column
	for m in aarch64 x86_64; do
		TOOLS_MACHINE=$m PATH=$TMP/bare "$S/ab-study.sh" --deps-only --dry-run >"$TMP/out" 2>"$TMP/err"
		line=$(grep "dry run: would run: " "$TMP/err")
		if [ $m = aarch64 ]; then
			check "kernel-deps on an aarch64 host: gcc, no cross compiler package (Debian has none for arm64)" \
				bash -c "grep -qw gcc <<<'$line' && ! grep -q 'gcc-aarch64-linux-gnu\|arm64-cross' <<<'$line'"
		else
			check "kernel-deps on an x86_64 host: the cross compiler package" \
				grep -qw gcc-aarch64-linux-gnu <<<"$line"
		fi
	done
	as_user=()
	[ "$(id -u)" -ne 0 ] || as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	chmod 755 "$TMP"
	"${as_user[@]}" env PATH="$TMP/bare" "$S/ab-study.sh" --deps-only >"$TMP/out" 2>"$TMP/err"
	rc=$?
	check "ab-study --deps-only without root: exit 1 and the exact command (exit $rc)" \
		bash -c "[ $rc -eq 1 ] && grep -q 'sudo apt-get install -y --no-install-recommends .*flex bison bc' '$TMP/err'"
	check "ab-study --deps-only wrote no study directory" [ ! -e "$TMP/kbuild/deps" ]
fi

# --- mkinitramfs.sh -------------------------------------------------------
expect 2 "--out is required" "mkinitramfs: --out required" "$S/mkinitramfs.sh"
expect 2 "contains a newline" "mkinitramfs: argument with a newline refused" \
	"$S/mkinitramfs.sh" --out "$TMP/x.cpio" --init "$TMP/suite" -- "a
b"
dyn=$(command -v ls)
if ! have file; then
	skip_missing "mkinitramfs: dynamic suite binary refused" file file
elif ! have cpio; then
	skip_missing "mkinitramfs: dynamic suite binary refused" cpio cpio
elif file -b "$(readlink -f "$dyn")" 2>/dev/null | grep -q 'dynamically linked'; then
	expect 2 "dynamically linked" "mkinitramfs: dynamic suite binary refused" \
		"$S/mkinitramfs.sh" --out "$TMP/x.cpio" --init "$TMP/suite" --suite "$dyn"
else
	skip "mkinitramfs: dynamic suite binary refused" "state: $dyn is not a dynamic binary to try"
fi
printf '#!/bin/sh\n' >"$TMP/fake-init"
printf 'fake suite\n' >"$TMP/fake-suite"
if ! have cpio; then
	skip_missing "mkinitramfs archive contents" cpio cpio
elif "$S/mkinitramfs.sh" --out "$TMP/i.cpio" --init "$TMP/fake-init" \
	--suite "$TMP/fake-suite" -- /bin/lazymmu-bench run -w "munmap,fork" -s 64M \
	2>"$TMP/err"; then
	(mkdir -p "$TMP/x" && cd "$TMP/x" && cpio -id --quiet <"$TMP/i.cpio")
	cpio -tv --quiet <"$TMP/i.cpio" >"$TMP/list"
	printf '%s\n' /bin/lazymmu-bench run -w munmap,fork -s 64M >"$TMP/want-args"
	if [ -x "$TMP/x/init" ] && cmp -s "$TMP/x/bin/lazymmu-bench" "$TMP/fake-suite" &&
	   cmp -s "$TMP/x/lmb/args" "$TMP/want-args" && [ -d "$TMP/x/lmb/out" ] &&
	   [ -d "$TMP/x/proc" ] && [ -d "$TMP/x/sys" ] &&
	   ! awk '{ print $3, $4 }' "$TMP/list" | grep -qv '^root root$'; then
		ok "mkinitramfs: /init, /bin/lazymmu-bench, /lmb/args one argument per line, root-owned"
	else
		not_ok "mkinitramfs archive contents: $(cat "$TMP/list")"
	fi
else
	not_ok "mkinitramfs failed: $(cat "$TMP/err")"
fi
if ! have file; then
	skip_missing "mkinitramfs builds a static arm64 init" file file
elif ! have cpio; then
	skip_missing "mkinitramfs builds a static arm64 init" cpio cpio
elif have aarch64-linux-gnu-gcc || [ "$(uname -m)" = aarch64 ]; then
	if "$S/mkinitramfs.sh" --out "$TMP/j.cpio" 2>"$TMP/err" &&
	   (mkdir -p "$TMP/y" && cd "$TMP/y" && cpio -id --quiet <"$TMP/j.cpio") &&
	   file -b "$TMP/y/init" | grep -q 'statically linked' &&
	   file -b "$TMP/y/init" | grep -q 'aarch64' && [ ! -e "$TMP/y/lmb/args" ]; then
		ok "mkinitramfs builds a static arm64 init from qemu-init.c; no command, no /lmb/args"
	else
		not_ok "mkinitramfs with the built init: $(cat "$TMP/err")"
	fi
else
	skip_missing "mkinitramfs builds a static arm64 init" aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
fi

# --- console extraction from real guest logs ------------------------------
suite_log=$(ls "$DATA"/qemu-console-suite-*.log 2>/dev/null | head -n 1)
if [ -n "$suite_log" ]; then
	out=$TMP/ex
	if "$S/qemu-extract.sh" "$suite_log" "$out" >"$TMP/files" 2>"$TMP/err"; then
		csv=$(grep '\.csv$' "$TMP/files" | grep -v test_vmalloc | head -n 1)
		hdr=$(grep -v '^#' "$csv" | head -n 1)
		cols=$(echo "$hdr" | awk -F, '{ print NF }')
		bad=$(grep -v '^#' "$csv" | awk -F, -v c="$cols" 'NF != c' | wc -l)
		rows=$(grep -v '^#' "$csv" | tail -n +2 | wc -l)
		if head -n 1 "$csv" | grep -q '^# lazymmu-bench results, schema 1' &&
		   grep -q '^# end: complete' "$csv" && [ "$bad" -eq 0 ] &&
		   [ "$rows" -gt 0 ] && echo "$hdr" | grep -q 'ns_per_page' &&
		   ! grep -q $'\r' "$csv"; then
			ok "extract: CSV intact ($rows rows x $cols columns, schema line, end: complete, no CR)"
		else
			not_ok "extract: CSV $csv malformed ($rows rows, $bad ragged)"
		fi
		if grep -q '^barriers_eager [0-9][0-9]*$' "$out/lazy_mmu-stats-end.txt" &&
		   grep -q '^nested [0-9][0-9]*$' "$out/lazy_mmu-stats-end.txt"; then
			ok "extract: lazy_mmu stats file with name/count lines"
		else
			not_ok "extract: lazy_mmu-stats-end.txt missing or malformed"
		fi
	else
		not_ok "extract of $suite_log failed: $(cat "$TMP/err")"
		not_ok "extract: lazy_mmu stats (not reached)"
	fi
	# Corruptions must be refused, not passed on.
	awk '/^LMB-FILE-BEGIN/ { inf = 1; c = 0 } inf && ++c == 5 { next } { print }' \
		"$suite_log" >"$TMP/cut.log"
	expect 1 "announced" "extract: a line lost inside a file is detected" \
		"$S/qemu-extract.sh" "$TMP/cut.log" "$TMP/ex2"
	grep -v '^LMB-GUEST-DONE' "$suite_log" >"$TMP/hang.log"
	expect 1 "no LMB-GUEST-DONE" "extract: a guest that never finished is reported" \
		"$S/qemu-extract.sh" "$TMP/hang.log" "$TMP/ex3"
	{ cat "$suite_log"; echo "[   9.9] Kernel panic - not syncing: Attempted to kill init!"; } >"$TMP/panic.log"
	expect 1 "panicked" "extract: a kernel panic is reported" \
		"$S/qemu-extract.sh" "$TMP/panic.log" "$TMP/ex4"
	sed 's/^LMB-GUEST-DONE status=0/LMB-GUEST-DONE status=1/' "$suite_log" >"$TMP/st.log"
	expect 1 "exited with status 1" "extract: a failed guest command is reported" \
		"$S/qemu-extract.sh" "$TMP/st.log" "$TMP/ex5"
else
	for w in "CSV intact" "stats" "lost line" "hang" "panic" "status"; do
		skip "extract: $w" "state: no tests/data/qemu-console-suite-*.log"
	done
fi
tvm_log=$(ls "$DATA"/qemu-console-test_vmalloc-*.log 2>/dev/null | head -n 1)
if [ -n "$tvm_log" ]; then
	if "$S/qemu-extract.sh" --label nesting "$tvm_log" "$TMP/tv" >/dev/null 2>"$TMP/err" &&
	   head -n 1 "$TMP/tv/test_vmalloc.csv" | grep -qx 'label,test,passed,failed,xfailed,repeat,loops,avg_usec' &&
	   tail -n +2 "$TMP/tv/test_vmalloc.csv" | grep -qE '^nesting,[a-z_]+_test,[0-9]+,0,[0-9]+,[0-9]+,[0-9]+,[0-9]+$'; then
		ok "extract: test_vmalloc Summary lines become test_vmalloc.csv"
	else
		not_ok "extract of test_vmalloc from $tvm_log: $(cat "$TMP/err")"
	fi
else
	skip "extract: test_vmalloc summaries" "state: no tests/data/qemu-console-test_vmalloc-*.log"
fi


# --- qemu-run.sh: icount, deterministic mode, plugin (dry runs) -----------
K=$LMB_KBUILD/kq
mkdir -p "$K"
touch "$K/Image" "$TMP/suite-arm64"
expect 2 "auto is refused" "qemu-run: --icount auto refused with the reason" \
	"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --icount auto --dry-run
expect 2 "not a shift from 0 to 10" "qemu-run: --icount 11 refused" \
	"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --icount 11 --dry-run
expect 2 "runs one vCPU" "qemu-run: --deterministic with --smp 2 refused" \
	"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --deterministic --smp 2 --dry-run
"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --icount 3 --dry-run >"$TMP/out" 2>&1
if grep -qF -- '-icount shift=3 ' "$TMP/out" && grep -qF -- '-smp 2 ' "$TMP/out" &&
   ! grep -q 'sleep=off\|nokaslr' "$TMP/out" && grep -qx 'modes: icount3' "$TMP/out"; then
	ok "qemu-run --icount 3: precise icount only, modes recorded"
else
	not_ok "qemu-run --icount 3 dry run: $(cat "$TMP/out")"
fi
"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --deterministic --dry-run >"$TMP/out" 2>&1
if grep -qF -- '-smp 1 ' "$TMP/out" && grep -qF -- '-icount shift=0\,sleep=off -rtc clock=vm -seed 1' "$TMP/out" &&
   grep -qF -- 'virt\,dtb-randomness=off' "$TMP/out" &&
   grep -q '^cmdline: .* nokaslr norandmaps lmb.guest_clock=fixed lmb.qemu=icount0,deterministic' "$TMP/out"; then
	ok "qemu-run --deterministic: 1 vCPU, icount 0 sleep=off, rtc vm, seeded RNDR, no dtb randomness, nokaslr, norandmaps"
else
	not_ok "qemu-run --deterministic dry run: $(cat "$TMP/out")"
fi
# --layout-seed: checked, and added to the suite's run
expect 2 "--layout-seed 'x' is not a whole number" "qemu-run: bad --layout-seed refused" \
	"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --suite "$TMP/suite-arm64" \
	--layout-seed x --dry-run -- run -w munmap
expect 2 "is not a whole number from 0 to 1000000000" "qemu-run: --layout-seed too large refused" \
	"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --suite "$TMP/suite-arm64" \
	--layout-seed 1000000001 --dry-run -- run -w munmap
expect 2 "needs a suite run" "qemu-run: --layout-seed without a suite run refused" \
	"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --layout-seed 3 --dry-run
expect 2 "is given twice" "qemu-run: --layout-seed also in the suite arguments refused" \
	"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --suite "$TMP/suite-arm64" \
	--layout-seed 3 --dry-run -- run -w munmap --layout-seed 4
"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --suite "$TMP/suite-arm64" --deterministic \
	--layout-seed 007 --dry-run -- run -w munmap >"$TMP/out" 2>&1
if grep -qx 'guest: /bin/lazymmu-bench run -w munmap --outdir /lmb/out --label kq --layout-seed 7' "$TMP/out" &&
   ! grep -q '^cmdline: .*seed' "$TMP/out" && grep -q '^boot stamp: LMB_BOOT_ID=' "$TMP/out"; then
	ok "qemu-run --layout-seed 007: the suite runs with --layout-seed 7, the kernel command line unchanged"
else
	not_ok "qemu-run --layout-seed dry run: $(cat "$TMP/out")"
fi

# The host stamp of a boot: a fake QEMU unpacks the initramfs it is given
# and keeps /lmb/env; two boots, two ids of one length, a UTC time.
if have cpio && have aarch64-linux-gnu-gcc; then
	mkdir -p "$TMP/fakebin"
	cat >"$TMP/fakebin/qemu-system-aarch64" <<'FAKE'
#!/bin/bash
[ "$1" = --version ] && { echo "QEMU emulator version 0 (fake)"; exit 0; }
while [ $# -gt 0 ]; do [ "$1" = -initrd ] && initrd=$2; shift; done
d=$(mktemp -d) && (cd "$d" && cpio -i --quiet <"$initrd") && cp "$d/lmb/env" "$FAKE_ENV_OUT"
rm -rf "$d"
FAKE
	chmod +x "$TMP/fakebin/qemu-system-aarch64"
	for b in 1 2; do
		PATH=$TMP/fakebin:$PATH FAKE_ENV_OUT=$TMP/env$b "$S/qemu-run.sh" --label kq \
			--outdir "$TMP/boot$b" --deterministic >/dev/null 2>&1
	done
	id1=$(sed -n 's/^LMB_BOOT_ID=//p' "$TMP/env1" 2>/dev/null)
	id2=$(sed -n 's/^LMB_BOOT_ID=//p' "$TMP/env2" 2>/dev/null)
	t1=$(sed -n 's/^LMB_BOOT_TIME=//p' "$TMP/env1" 2>/dev/null)
	check "qemu-run: two boots, two fresh boot ids ($id1, $id2)" \
		bash -c "[ -n '$id1' ] && [ '$id1' != '$id2' ]"
	check "qemu-run: boot ids of one length (36), a UTC time of 20 characters ($t1)" \
		bash -c "[ ${#id1} = 36 ] && [ ${#id2} = 36 ] && [[ '$t1' =~ ^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z\$ ]]"
	check "qemu-run: the stamp is in run-info.txt, not on the kernel command line" \
		bash -c "grep -qx 'boot_id: $id1' '$TMP/boot1/run-info.txt' && ! grep -q '^cmdline: .*boot' '$TMP/boot1/run-info.txt'"
else
	skip_missing "qemu-run: host boot stamp in the initramfs" cpio cpio
fi
expect 2 "does not exist; build it" "qemu-run: --plugin without the .so refused" \
	"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --plugin-so "$TMP/nope.so" --dry-run
touch "$TMP/emu.so"
expect 2 "System.map is missing" "qemu-run: --plugin without the kernel's System.map refused" \
	"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --plugin-so "$TMP/emu.so" --dry-run
touch "$K/System.map"
expect 2 "merge tool" "qemu-run: --plugin with a suite run but no merge tool refused" \
	"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --plugin-so "$TMP/emu.so" \
	--emu-merge "$TMP/nope-merge" --suite "$TMP/suite-arm64" --dry-run -- run -w munmap
printf '#!/bin/sh\n' >"$TMP/merge" && chmod +x "$TMP/merge"
"$S/qemu-run.sh" --label kq --outdir "$TMP/o" --plugin-so "$TMP/emu.so" --emu-merge "$TMP/merge" \
	--suite "$TMP/suite-arm64" --dry-run -- run -w munmap >"$TMP/out" 2>&1
if grep -qF -- "-plugin $TMP/emu.so\\,out=$TMP/o/emu-windows.csv\\,funcs=$TMP/o/emu-funcs.csv\\,symbols=$K/System.map" "$TMP/out" &&
   grep -q '^cmdline: .* nokaslr lmb.qemu=plugin' "$TMP/out" &&
   grep -qF "merge: $TMP/merge --windows $TMP/o/emu-windows.csv" "$TMP/out"; then
	ok "qemu-run --plugin: -plugin with out/funcs/symbols, nokaslr, merge step named"
else
	not_ok "qemu-run --plugin dry run: $(cat "$TMP/out")"
fi

# --- kernel-build-queue.sh: labels to patches and fragments ----------------
expect 2 "unknown label 'nope'" "build-queue: unknown label refused" \
	"$S/kernel-build-queue.sh" --labels stock,nope --dry-run
"$S/kernel-build-queue.sh" --dry-run \
	--labels stock,flatten-clean-ctl,never-nest >"$TMP/out" 2>&1
l1=$(sed -n 1p "$TMP/out") l2=$(sed -n 2p "$TMP/out") l3=$(sed -n 3p "$TMP/out")
if ! grep -q -- '--patch' <<<"$l1" && ! grep -q lazy-mmu-stats <<<"$l1" &&
   grep -q 'variants-clean/flatten --patch [^ ]*/control ' <<<"$l2" &&
   grep -q control.config <<<"$l2" && ! grep -q 'lazy-mmu-stats\|instrumentation' <<<"$l2" &&
   grep -q 'instrumentation --patch [^ ]*/variants/flatten --patch [^ ]*/variants/never-nest ' <<<"$l3" &&
   grep -q lazy-mmu-stats.config <<<"$l3" && ! grep -q control <<<"$l3"; then
	ok "build-queue: stock has no patch, clean-ctl no instrumentation, instrumented never-nest its stack"
else
	not_ok "build-queue dry run: $(cat "$TMP/out")"
fi
"$S/kernel-build-queue.sh" --dry-run \
	--labels eager,eager-ctl-vmw,stock-vmw >"$TMP/out" 2>&1
l1=$(sed -n 1p "$TMP/out") l2=$(sed -n 2p "$TMP/out") l3=$(sed -n 3p "$TMP/out")
if grep -q -- '--patch [^ ]*/variants-clean/eager --config' <<<"$l1" &&
   grep -q 'variants-clean/eager --patch [^ ]*/control --patch [^ ]*/vmalloc-windows ' <<<"$l2" &&
   grep -q control.config <<<"$l2" &&
   grep -q -- '--label stock-vmw --patch [^ ]*/vmalloc-windows --config' <<<"$l3" &&
   ! grep -q 'control\|instrumentation' <<<"$l3"; then
	ok "build-queue: eager alone, -ctl then -vmw patches in order, stock-vmw only the markers"
else
	not_ok "build-queue dry run (eager, -vmw): $(cat "$TMP/out")"
fi
expect 2 "unknown label 'stock-vmw-ctl'" "build-queue: -vmw before -ctl refused" \
	"$S/kernel-build-queue.sh" --labels stock-vmw-ctl --dry-run
for p in "$ROOT"/kernel-patches/variants-clean/*/*.patch "$ROOT"/kernel-patches/control/*.patch \
	"$ROOT"/kernel-patches/vmalloc-windows/*.patch; do
	if grep -q '^Base: ' "$p" && grep -q '^diff --git ' "$p" &&
	   ! grep -q 'lazy_mmu_stat_inc' "$p"; then
		ok "$(basename "$p") names its base and carries no instrumentation"
	else
		not_ok "$(basename "$p") lacks Base:/a diff, or calls the instrumentation"
	fi
done

finish
