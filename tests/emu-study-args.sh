#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of scripts/emu-study.sh without booting a kernel: argument
# handling, and a missing kernel Image named with the command that builds it.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/tests/tap.bash"
S=$ROOT/scripts/emu-study.sh
export LMB_KBUILD=$TMP/kbuild

expect_exit 2 "--outdir DIR is required" "outdir required" "$S"
expect_exit 2 "unknown step 'bogus'" "unknown step refused" \
	"$S" --outdir "$TMP/s" --steps storms,bogus
expect_exit 2 "--repeats '0'" "zero repeats refused" \
	"$S" --outdir "$TMP/s" --repeats 0
expect_exit 2 "'a/b' is not a kernel label" "label with a slash refused" \
	"$S" --outdir "$TMP/s" --designs stock,a/b
expect_exit 2 "unknown option '--nope'" "unknown option refused" \
	"$S" --outdir "$TMP/s" --nope
expect_exit 2 "is not a list of two or more sizes" "bad --sweep-size refused before any boot" \
	"$S" --outdir "$TMP/s" --steps sweep --sweep-size 2M
expect_exit 2 "is not a size such as 3G" "bad --sweep-mem refused" \
	"$S" --outdir "$TMP/s" --steps sweep --sweep-mem lots
expect_exit 1 "kernel-build-queue.sh --labels stock" \
	"missing Image: names the build command" \
	"$S" --outdir "$TMP/s" --steps storms
if "$S" --help | grep -q "storms aa control userloop slowdown sweep report"; then
	ok "--help lists the steps"
else
	not_ok "--help does not list the steps"
fi
finish
