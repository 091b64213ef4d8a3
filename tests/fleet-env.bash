# SPDX-License-Identifier: GPL-2.0
# The set-up of the fleet tests (tests/fleet.sh, tests/fleet-signals.sh;
# source it, not a test itself): tap.bash, skips without ansible-playbook or
# ssh, Ansible's files in TMP, RUN and CMP, and the short run options ARGS
# into RES.
# shellcheck shell=bash
# shellcheck source=tap.bash
. "$(dirname "${BASH_SOURCE[0]}")/tap.bash"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck disable=SC2034 # used by the tests that source this
RUN=$ROOT/fleet/run.sh
# shellcheck disable=SC2034
CMP=$ROOT/fleet/compare.sh

if ! have ansible-playbook; then
	skip_missing "fleet tests" ansible-playbook ansible-core
	finish
fi
if ! have ssh; then
	skip_missing "fleet tests (the unreachable host)" ssh openssh-client
	finish
fi

# Ansible's own temporary files stay in TMP.
export ANSIBLE_LOCAL_TEMP=$TMP/ansible-local ANSIBLE_REMOTE_TEMP=$TMP/ansible-remote
export ANSIBLE_NOCOLOR=1 ANSIBLE_HOME=$TMP/ansible-home
RES=$TMP/res
# shellcheck disable=SC2034 # used by the tests that source this
ARGS=(--binary "$BIN" --results "$RES" --run-args "-w munmap -p 4k -s 2M -r 5 --warmup 1 --no-verify")
