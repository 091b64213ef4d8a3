#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The QEMU plugin (build/emu/liblmb-emu.so, make emu) under qemu-aarch64 on
# build/emu/emu-marker-probe: exact counts per window, nothing outside the
# windows, unmatched markers reported.  TAP.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/tests/tap.bash"
PLUGIN=$ROOT/build/emu/liblmb-emu.so
PROBE=$ROOT/build/emu/emu-marker-probe

# col FILE WINDOW COLUMN: one cell of the window file.
col()
{
	awk -F, -v w="$2" -v c="$3" '
	/^#/ { next }
	!h { for (i = 1; i <= NF; i++) idx[$i] = i; h = 1; next }
	$1 == w { print $(idx[c]) }' "$1"
}

# expect FILE WINDOW COLUMN VALUE
expect()
{
	local got
	got=$(col "$1" "$2" "$3")
	if [ "$got" = "$4" ]; then ok "window $2 $3 = $4"; else not_ok "window $2 $3: got '$got', want $4"; fi
}

qemu-aarch64 -plugin "$PLUGIN,out=$TMP/w.csv" "$PROBE" 2>"$TMP/err"
check "probe runs under the plugin" [ $? -eq 0 ]
check "first line names the format" grep -qx '# lmb-emu windows, format 1' "$TMP/w.csv"
check "qemu mode recorded" grep -qx '# qemu_mode: user' "$TMP/w.csv"
check "end line: 3 windows, no unmatched markers" \
	grep -qx '# end: windows=3 unmatched_open=0 unmatched_close=0 open_at_exit=0' "$TMP/w.csv"
for kv in insn_u=18 dsb_u=7 dsb_ish_u=3 dsb_ishst_u=2 dsb_nsh_u=1 dsb_sy_u=1 \
	isb_u=5 pte_pair_u=1 dmb_u=5 dmb_ish_u=4 dmb_ishld_u=1 insn_k=0 tlbi_u=0; do
	expect "$TMP/w.csv" 0 "${kv%=*}" "${kv#*=}"
done
for kv in insn_u=41 dsb_u=10 dsb_ishst_u=10 isb_u=10 pte_pair_u=10 dmb_u=0; do
	expect "$TMP/w.csv" 1 "${kv%=*}" "${kv#*=}"
done
for kv in insn_u=0 dsb_u=0 isb_u=0 dmb_u=0; do
	expect "$TMP/w.csv" 2 "${kv%=*}" "${kv#*=}"
done

qemu-aarch64 -plugin "$PLUGIN,out=$TMP/b.csv" "$PROBE" bad 2>"$TMP/err"
check "unmatched markers reported in the end line" \
	grep -qx '# end: windows=5 unmatched_open=1 unmatched_close=1 open_at_exit=1' "$TMP/b.csv"
check "open while open: earlier window written as reopened" [ "$(col "$TMP/b.csv" 3 status)" = reopened ]

qemu-aarch64 -plugin "$PLUGIN,bogus=1" "$PROBE" >/dev/null 2>"$TMP/err"
rc=$?
check "unknown plugin argument refused with a message (exit $rc)" \
	bash -c "[ $rc -ne 0 ] && grep -q 'unknown or empty plugin argument: bogus=1' '$TMP/err'"
finish
