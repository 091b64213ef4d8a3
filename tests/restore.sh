#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of `lazymmu-bench restore` and the journal line of `info`, on a
# fake setting: a journal (LMB_SETTINGS_JOURNAL) in the format of
# benchmarks/sysfs_settings.c naming a file under $TMP.  The real case
# (mTHP controls after SIGKILL, as root) is in tests/scale.sh.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"

chmod 755 "$TMP"
export LMB_SETTINGS_JOURNAL=$TMP/journal
KNOB=$TMP/knob
BOOT=$(cat /proc/sys/kernel/random/boot_id)

# journal PID BOOT_ID: a journal of run PID that changed $KNOB from "never".
journal() {
	printf 'lazymmu-bench settings journal\npid %s boot %s\n%s\tnever\n' \
		"$1" "$2" "$KNOB" >"$LMB_SETTINGS_JOURNAL"
	echo always >"$KNOB"
}

# A pid that is surely gone: a child that has exited and been waited for.
sh -c 'exit 0' &
DEAD=$!
wait "$DEAD"

"$BIN" restore >"$TMP/out" 2>&1
check "no journal: exit 0, nothing to restore" \
	bash -c "[ $? -eq 0 ] && grep -q 'nothing to restore: no settings journal at $LMB_SETTINGS_JOURNAL' '$TMP/out'"
"$BIN" info >"$TMP/info" 2>&1
check "no journal: info says none" grep -q "settings journal: none" "$TMP/info"

journal "$DEAD" "$BOOT"
"$BIN" info >"$TMP/info" 2>&1
check "killed run's journal: info says PENDING, what changed, and how to restore" \
	grep -q "settings journal: PENDING $LMB_SETTINGS_JOURNAL: a killed run (pid $DEAD) left 1 setting(s) changed, first $KNOB, originally never" "$TMP/info"
check "info names the command" grep -q "restore them with: sudo lazymmu-bench restore" "$TMP/info"
check "info changed nothing" bash -c "[ \"\$(cat '$KNOB')\" = always ] && [ -e '$LMB_SETTINGS_JOURNAL' ]"

# Without permission to write the setting: refused, nothing changed.
if [ "$(id -u)" -eq 0 ]; then
	chown root "$KNOB" && chmod 644 "$KNOB"
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
	chmod 444 "$KNOB"
	as_user=()
fi
"${as_user[@]}" "$BIN" restore >"$TMP/out" 2>"$TMP/err"
rc=$?
check "no permission: exit 1, says it needs root and the command (exit $rc)" \
	bash -c "[ $rc -eq 1 ] && grep -q 'restoring needs root: .*run: sudo lazymmu-bench restore' '$TMP/err'"
check "no permission: setting and journal left as they were" \
	bash -c "[ \"\$(cat '$KNOB')\" = always ] && [ -e '$LMB_SETTINGS_JOURNAL' ]"
chmod 644 "$KNOB"

"$BIN" restore >"$TMP/out" 2>"$TMP/err"
rc=$?
check "restore: exit 0, the original value is back (exit $rc)" \
	bash -c "[ $rc -eq 0 ] && [ \"\$(cat '$KNOB')\" = never ]"
check "restore: says what it did, journal removed" \
	bash -c "grep -q 'restored 1 setting(s) left changed by the killed run $DEAD' '$TMP/out' && [ ! -e '$LMB_SETTINGS_JOURNAL' ]"
"$BIN" restore >"$TMP/out" 2>&1
check "restore again: nothing to restore" grep -q "nothing to restore" "$TMP/out"

# A run still going ($$, this shell) is left alone.
journal $$ "$BOOT"
"$BIN" info >"$TMP/info" 2>&1
check "live run: info says it is changing settings now" \
	grep -q "the run with pid $$ is changing settings now" "$TMP/info"
"$BIN" restore >"$TMP/out" 2>"$TMP/err"
rc=$?
check "live run: restore refuses with exit 1 and changes nothing (exit $rc)" \
	bash -c "[ $rc -eq 1 ] && grep -q 'is still going' '$TMP/err' && [ \"\$(cat '$KNOB')\" = always ]"

# A journal of an earlier boot: the reboot reset the settings.
journal "$DEAD" 00000000-0000-0000-0000-000000000000
"$BIN" restore >"$TMP/out" 2>&1
rc=$?
check "earlier boot: journal removed, setting untouched (exit $rc)" \
	bash -c "[ $rc -eq 0 ] && grep -q 'from an earlier boot' '$TMP/out' && [ ! -e '$LMB_SETTINGS_JOURNAL' ] && [ \"\$(cat '$KNOB')\" = always ]"

echo "not a journal" >"$LMB_SETTINGS_JOURNAL"
"$BIN" restore >"$TMP/out" 2>"$TMP/err"
check "not a journal: exit 1 and says so" \
	bash -c "[ $? -eq 1 ] && grep -q 'is not a lazymmu-bench settings journal' '$TMP/err'"
expect_usage_error "restore takes no argument" "unexpected argument 'x'" restore x
"$BIN" restore --help >"$TMP/out" 2>&1
check "restore --help: exit 0 and the usage" \
	bash -c "[ $? -eq 0 ] && grep -q 'usage: lazymmu-bench restore' '$TMP/out'"
finish
