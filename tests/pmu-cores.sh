#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of the per-core PMU event knowledge on the five target cores
# (Graviton2/Altra N1, Graviton3 V1, Graviton4 V2, AmpereOne, AmpereOneX):
# each fixture in tests/data/pmu-cores/<core>.txt is built into a fake sysfs
# (events/, type, cpus, caps/, midr_el1 or /proc/cpuinfo), then `info` and
# `run -e default` must resolve every default Arm event to its raw config
# on that PMU and trust a 0 only where the core implements the event.
#
# Which cores the build knows depends on its kernel tree (KDIR, else
# Debian's linux-source): the expectation is taken from that tree's
# tools/perf/pmu-events/arch/arm64/mapfile.csv, and for the two trees used
# here it is also stated outright: linux-source-6.1 knows N1 and V1 only,
# 7.x knows all five.  Unknown cores must say they fall back.
set -u
# shellcheck source=tap.bash
. "$(dirname "$0")/tap.bash"
HERE=$(cd "$(dirname "$0")" && pwd)
OBJDIR=${LMB_OBJDIR:-$HERE/../build/obj}
DEPS_MK=$(dirname "$OBJDIR")/deps/deps.mk
KTREE=$(sed -n 's/^KTREE := //p' "$DEPS_MK" 2>/dev/null)
MAPFILE=$KTREE/tools/perf/pmu-events/arch/arm64/mapfile.csv

# tree_knows MIDR: does the build's tree map this MIDR (variant/revision 0)?
tree_knows() {
	local m=$(( $1 & ~0x00f0000f ))
	[ -f "$MAPFILE" ] &&
		grep -qi "^0x0*$(printf '%x' "$m")," "$MAPFILE"
}

# The expectation stated per tree, checked against the oracle above.
stated_known() {
	case "$(basename "$KTREE")" in
	linux-source-6.1) echo "neoverse-n1 neoverse-v1" ;;
	linux-source-7.*) echo "neoverse-n1 neoverse-v1 neoverse-v2 ampereone ampereonex" ;;
	*) echo "?" ;;
	esac
}

# build_fixture FILE ROOT: the fake sysfs (and cpuinfo) of one core.
build_fixture() {
	local f=$1 root=$2 key a b pmu dev
	pmu=$(awk '$1 == "pmu" { print $2 }' "$f")
	dev=$root/bus/event_source/devices/$pmu
	mkdir -p "$dev/events" "$dev/format" "$dev/caps" \
		"$root/devices/system/cpu/cpu0/regs/identification"
	echo "config:0-15" >"$dev/format/event"
	while read -r key a b; do
		case $key in
		type) echo "$a" >"$dev/type" ;;
		cpus) echo "$a" >"$dev/cpus" ;;
		caps_slots) echo "$a" >"$dev/caps/slots" ;;
		event) printf 'event=0x%04x\n' "$b" >"$dev/events/$a" ;;
		midr) printf '0x%016x\n' "$a" \
			>"$root/devices/system/cpu/cpu0/regs/identification/midr_el1" ;;
		cpuinfo)
			printf 'processor\t: 0\nBogoMIPS\t: 2000.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics\nCPU implementer\t: 0x%02x\nCPU architecture: 8\nCPU variant\t: 0x%x\nCPU part\t: 0x%03x\nCPU revision\t: %d\n\n' \
				$(( (a >> 24) & 0xff )) $(( (a >> 20) & 0xf )) \
				$(( (a >> 4) & 0xfff )) $(( a & 0xf )) >"$root/cpuinfo" ;;
		esac
	done < <(grep -v '^#' "$f")
	mkdir -p "$root/bus/event_source/devices/software"
	echo 1 >"$root/bus/event_source/devices/software/type"
}

midr_of() { awk '$1 == "midr" || $1 == "cpuinfo" { print $2 }' "$1"; }

check "the build has a kernel tree with arm64 pmu-events ($KTREE)" test -f "$MAPFILE"
STATED=$(stated_known)

# event column, raw config, listed in the fixture's sysfs?
DEFAULT_ARM="ev_dsb_spec_k 0x7d no
ev_isb_spec_k 0x7c no
ev_dmb_spec_k 0x7e no
ev_l1d_tlb_refill_k 0x5 yes
ev_l2d_tlb_refill_k 0x2d yes
ev_dtlb_walk_k 0x34 yes
ev_itlb_walk_k 0x35 yes"

for f in "$HERE"/data/pmu-cores/*.txt; do
	core=$(basename "$f" .txt)
	root=$TMP/$core
	build_fixture "$f" "$root"
	midr=$(midr_of "$f")
	known=no
	tree_knows "$midr" && known=yes
	if [ "$STATED" != "?" ]; then
		case " $STATED " in *" $core "*) stated=yes ;; *) stated=no ;; esac
		check "$core: $(basename "$KTREE") is stated to know it: $stated, its mapfile.csv agrees" \
			test "$stated" = "$known"
	fi
	export LMB_SYSFS_ROOT=$root LMB_CPUINFO=$root/cpuinfo LMB_LAZY_STATS=$TMP/no-stats
	"$BIN" info >"$TMP/$core.info" 2>"$TMP/$core.err"
	check "$core: info exits 0" test $? -eq 0
	line=$(grep '^pmu events:' "$TMP/$core.info")
	check "$core: info names the MIDR ($(printf '0x%08x' "$midr"))" \
		grep -q "MIDR $(printf '0x%08x' "$midr")" <<<"$line"
	if [ "$known" = yes ]; then
		check "$core: info says the core is in the tree's pmu-events" \
			grep -q "is [a-z]*/[a-z0-9-]* in $(basename "$KTREE")" <<<"$line"
	else
		check "$core: info says the core is unknown and falls back" \
			grep -q "is not in $(basename "$KTREE").*falling back to the sysfs listing rule" <<<"$line"
	fi
	"$BIN" run -w munmap -s 2M -r 1 --warmup 1 -e default --no-verify \
		-o "$TMP/$core.csv" >/dev/null 2>"$TMP/$core.run.err"
	check "$core: run -e default writes a file" test -s "$TMP/$core.csv"
	while read -r col config listed; do
		for src in info run; do
			if [ $src = info ]; then
				desc=$(grep "^  $col " "$TMP/$core.info")
			else
				desc=$(grep "^# event: $col " "$TMP/$core.csv")
			fi
			check "$core $src: $col is config $config on the fixture's PMU" \
				grep -q "type=armv8_pmuv3_0(10) config=$config " <<<"$desc"
			if [ "$listed" = yes ]; then
				check "$core $src: $col is listed in sysfs, so a 0 is trusted" \
					grep -q "listed=yes.* zero=trusted" <<<"$desc"
			elif [ "$known" = yes ]; then
				check "$core $src: $col is unlisted but the core implements it: 0 trusted" \
					grep -qi "listed=no core=implements(${col:3:8}" <<<"$desc"
				check "$core $src: $col zero=trusted" grep -q "zero=trusted" <<<"$desc"
			else
				check "$core $src: $col is unlisted, core unknown: a 0 is unavailable" \
					grep -q "listed=no zero=unavailable" <<<"$desc"
			fi
		done
	done <<<"$DEFAULT_ARM"
done

# Hostile sysfs: a midr_el1 that is not a MIDR is refused with its file and
# value, and the (valid) cpuinfo names the core; info and the pmu events
# line agree, and never fall back to the host's CPU.
root=$TMP/hostile
build_fixture "$HERE/data/pmu-cores/neoverse-n1.txt" "$root"
printf 'processor\t: 0\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n\n' \
	>"$root/cpuinfo"
midr_file=$root/devices/system/cpu/cpu0/regs/identification/midr_el1
host_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
for bad in ffffffffffffffffffffffffffffffffffffffff -1 0x0000000100000000 zzz ""; do
	echo "$bad" >"$midr_file"
	LMB_SYSFS_ROOT=$root LMB_CPUINFO=$root/cpuinfo LMB_LAZY_STATS=$TMP/no-stats \
		"$BIN" info >"$TMP/hostile.info" 2>"$TMP/hostile.err"
	check "midr_el1 '$bad': info exits 0" test $? -eq 0
	check "midr_el1 '$bad': a warning names the file and the value" \
		grep -qF "$midr_file is '$bad'" "$TMP/hostile.err"
	check "midr_el1 '$bad': cpu_model comes from the fixture's cpuinfo" \
		grep -Eq '^  cpu_model +Arm Neoverse N1 r3p1$' "$TMP/hostile.info"
	check "midr_el1 '$bad': the pmu events line uses cpuinfo's MIDR and says why" \
		grep -q "^pmu events: Arm Neoverse N1 r3p1 (MIDR 0x413fd0c1 from cpuinfo, cpu0; .*midr_el1 is '$bad'" "$TMP/hostile.info"
	check "midr_el1 '$bad': not reported as missing" \
		bash -c '! grep -q "no sysfs midr_el1" "$1"' _ "$TMP/hostile.info"
done
unset LMB_CPUINFO
LMB_SYSFS_ROOT=$root LMB_LAZY_STATS=$TMP/no-stats "$BIN" info >"$TMP/nocpuinfo.info" 2>&1
check "fake sysfs root without LMB_CPUINFO: cpu_model says it does not know" \
	grep -Eq '^  cpu_model +unknown \(the fake sysfs root' "$TMP/nocpuinfo.info"
if [ -n "$host_model" ]; then
	check "fake sysfs root: the host's CPU ($host_model) is not shown" \
		bash -c '! grep -qF "$1" "$2"' _ "$host_model" "$TMP/nocpuinfo.info"
fi

# Advice that cannot help is not given: cores no kernel tree lists.
for core in "Neoverse V3:0x410fd840" "Apple M1 Icestorm:0x610f0220" "Apple M2 Avalanche:0x611f0330"; do
	name=${core%:*}
	midr=${core#*:}
	printf '0x%016x\n' "$midr" >"$midr_file"
	LMB_SYSFS_ROOT=$root LMB_CPUINFO=$root/cpuinfo LMB_LAZY_STATS=$TMP/no-stats \
		"$BIN" info >"$TMP/core.info" 2>&1
	line=$(grep '^pmu events:' "$TMP/core.info")
	check "$name ($midr): no 'build with a newer tree' advice" \
		bash -c '! grep -q "KDIR" <<<"$1"' _ "$line"
	check "$name ($midr): says no kernel tree the suite knows lists it" \
		grep -q "no kernel tree this suite knows lists this core" <<<"$line"
done
finish
