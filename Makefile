# SPDX-License-Identifier: GPL-2.0
#
# lazymmu-bench
#
#   make                      build build/lazymmu-bench (installs/builds deps first)
#   make bench [PROFILE=full] run the quick (or full) profile, CSV under results/
#   make check                every test, then again under ASan+UBSan
#   make kselftest            build and run kselftest/lazy_mmu here (TAP)
#   make circles              list benchmarks/ files that call each other
#   make checkpatch           the kernel's checkpatch.pl on benchmarks/
#   make compare A=x.csv B=y.csv
#   make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- STATIC=1
#                             static arm64 binary in build/arm64/lazymmu-bench
#   make fuzz                 libFuzzer targets in build/fuzz (fuzz/README.md);
#                             make fuzz-run FUZZ_SECONDS=N runs each N seconds
#   make emu                  QEMU plugin build/emu/liblmb-emu.so, its host
#                             tools build/emu/lmb-emu-merge, lmb-emu-funcs
#                             (docs/emulation.md)
#
# KDIR=<kernel tree> picks the tree libperf and the kselftest headers come from
# (default: Debian's linux-source-* package, unpacked under build/).

HOST_ARCH := $(shell uname -m | sed -e 's/aarch64/arm64/' -e 's/x86_64/x86_64/')
ARCH ?= $(HOST_ARCH)
CROSS_COMPILE ?=
STATIC ?= 0
PROFILE ?= quick
KDIR ?=
SAN ?= 0

ifeq ($(ARCH),$(HOST_ARCH))
BUILD ?= build
else
BUILD ?= build/$(ARCH)
endif
ifeq ($(SAN),1)
OBJDIR := $(BUILD)/asan
else
OBJDIR := $(BUILD)/obj
endif
DEPS := $(BUILD)/deps

CC := $(CROSS_COMPILE)gcc
HOST_CC := gcc

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
GIT_REV := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= -O2 -g
LMB_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -MMD -MP \
	-Ibenchmarks -I$(OBJDIR)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ifeq ($(SAN),1)
LMB_CFLAGS += $(SANFLAGS) -O1
LMB_LDFLAGS += $(SANFLAGS)
endif
ifeq ($(STATIC),1)
LMB_LDFLAGS += -static
endif

# deps.mk (written by scripts/deps.sh) defines LIBPERF_CFLAGS LIBPERF_LIBS
# URING_CFLAGS URING_LIBS HWLOC_CFLAGS HWLOC_LIBS KSFT_DIR KTREE.
DEPS_MK := $(DEPS)/deps.mk
ifeq ($(filter help clean distclean deps-help,$(MAKECMDGOALS)),)
-include $(DEPS_MK)
-include $(DEPS)/qemu-plugin.mk
endif
# The deps.mk rule below must not become the default goal.
.DEFAULT_GOAL := all
# deps.sh runs again when it changed or when KDIR differs from the last run.
DEPS_AGAIN := $(if $(filter-out $(DEPS_KDIR),$(KDIR))$(filter-out $(KDIR),$(DEPS_KDIR)),FORCE)
$(DEPS_MK): scripts/deps.sh $(wildcard scripts/deps/*.sh scripts/deps/*.list) $(DEPS_AGAIN)
	ARCH=$(ARCH) CROSS_COMPILE=$(CROSS_COMPILE) STATIC=$(STATIC) KDIR=$(KDIR) \
		scripts/deps.sh --out $(DEPS)

ALL_CFLAGS = $(LMB_CFLAGS) $(LIBPERF_CFLAGS) $(URING_CFLAGS) $(HWLOC_CFLAGS) $(CFLAGS)
ALL_LIBS = $(LIBPERF_LIBS) $(URING_LIBS) $(HWLOC_LIBS) -lm -lpthread

SRCS := $(sort $(wildcard benchmarks/*.c benchmarks/*/*.c))
LIB_OBJS := $(patsubst %.c,$(OBJDIR)/%.o,$(filter-out benchmarks/main.c,$(SRCS)))
MAIN_OBJ := $(OBJDIR)/benchmarks/main.o
TEST_SRCS := $(sort $(wildcard tests/test_*.c))
TEST_BINS := $(patsubst tests/%.c,$(OBJDIR)/tests/%,$(TEST_SRCS))
BIN := $(BUILD)/lazymmu-bench
ifeq ($(SAN),1)
BIN := $(OBJDIR)/lazymmu-bench
endif

.PHONY: all bench check test tests kselftest compare clean distclean help deps emu circles checkpatch fuzz fuzz-run FORCE

all: $(BIN)

deps: $(DEPS_MK)

FORCE:

$(BIN): $(LIB_OBJS) $(MAIN_OBJ) $(DEPS_MK)
	$(CC) $(LMB_LDFLAGS) -o $@ $(filter %.o,$^) $(ALL_LIBS)

# The version and git revision live in a generated header that is rewritten
# only when they change, so that objects including it rebuild then (and
# only then): a stale suite_version would defeat compare's checks.
VERSION_H := $(OBJDIR)/lmb_version.h
$(VERSION_H): FORCE
	@mkdir -p $(dir $@)
	@printf '#define LMB_VERSION "%s"\n#define LMB_GIT_REV "%s"\n' '$(VERSION)' '$(GIT_REV)' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(OBJDIR)/benchmarks/main.o $(OBJDIR)/benchmarks/meta.o: $(VERSION_H)

# Per-core Arm PMU events (MIDR -> implemented events), generated from the
# kernel tree deps.sh picked (KTREE); it says which target cores it knows.
PMU_EVENTS_H := $(OBJDIR)/pmu_events_table.h
$(PMU_EVENTS_H): scripts/gen-pmu-events.py $(DEPS_MK) $(wildcard $(KTREE)/tools/perf/pmu-events/arch/arm64/mapfile.csv)
	@mkdir -p $(dir $@)
	python3 scripts/gen-pmu-events.py '$(KTREE)' $@

$(OBJDIR)/benchmarks/pmu_events.o: $(PMU_EVENTS_H)

$(OBJDIR)/%.o: %.c | $(DEPS_MK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Unit tests use the kernel's kselftest_harness.h (from KSFT_DIR).  Its 6.1
# FIXTURE_SETUP/FIXTURE_TEARDOWN define non-static functions without a
# prototype (fixed in later kernels), hence -Wno-missing-prototypes here.
$(OBJDIR)/tests/%: tests/%.c $(LIB_OBJS) | $(DEPS_MK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -isystem $(KSFT_DIR) $(LMB_LDFLAGS) -o $@ $< $(filter %.o,$^) $(ALL_LIBS)

# Emulation layer (emulation/, docs/emulation.md).  The classifier, the
# counter table and the System.map reader are pure C, unit-tested here.
EMU_CORE_SRCS := emulation/plugin/insn_class.c emulation/plugin/emu_events.c \
	emulation/plugin/ksyms.c
EMU_CORE_OBJS := $(patsubst %.c,$(OBJDIR)/%.o,$(EMU_CORE_SRCS))
$(filter $(OBJDIR)/tests/test_emu_%,$(TEST_BINS)): $(EMU_CORE_OBJS)

ifeq ($(ARCH),$(HOST_ARCH))
EMU := build/emu
EMU_PLUGIN_SRCS := $(EMU_CORE_SRCS) emulation/plugin/window_out.c emulation/plugin/plugin.c
# Host tools lmb-emu-<name> (emulation/merge/main_<name>.c) share the rest.
EMU_TOOL_SRCS := $(filter-out emulation/merge/main_%.c,$(sort $(wildcard emulation/merge/*.c)))
EMU_TOOL_DEPS := $(EMU_TOOL_SRCS) $(wildcard emulation/merge/*.h)
EMU_TOOLS := lmb-emu-merge lmb-emu-funcs
EMU_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -O2 -g
EMU_AARCH64_CC := aarch64-linux-gnu-gcc
EMU_TARGETS := $(EMU)/liblmb-emu.so $(EMU)/emu-marker-probe \
	$(EMU)/user-loop-probe $(addprefix $(EMU)/,$(EMU_TOOLS))

emu: $(EMU_TARGETS)

$(EMU)/liblmb-emu.so: $(EMU_PLUGIN_SRCS) $(wildcard emulation/plugin/*.h) | $(DEPS_MK)
	@mkdir -p $(dir $@)
	@test -f "$(QEMU_PLUGIN_INC)/qemu-plugin.h" || { echo "make: error: qemu-plugin.h not found in '$(QEMU_PLUGIN_INC)'; run scripts/deps.sh --out $(DEPS) (make does it when scripts/deps changed)" >&2; exit 1; }
	$(HOST_CC) $(EMU_CFLAGS) -fPIC -shared -fvisibility=hidden -isystem $(QEMU_PLUGIN_INC) \
		-o $@ $(EMU_PLUGIN_SRCS) -lpthread

$(EMU)/lmb-emu-%: emulation/merge/main_%.c $(EMU_TOOL_DEPS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(EMU_CFLAGS) -o $@ $< $(EMU_TOOL_SRCS) -lm

# The sanitizer pass of make check runs the tools built with them too
# (tests/emu-merge.sh takes them from $(BUILD)/asan/emu when present).
$(BUILD)/asan/emu/lmb-emu-%: emulation/merge/main_%.c $(EMU_TOOL_DEPS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(EMU_CFLAGS) $(SANFLAGS) -O1 -o $@ $< $(EMU_TOOL_SRCS) -lm

# Static arm64 programs (emulation/tests/<name with _>.c): emu-marker-probe
# executes known numbers of markers and barriers (tests/emu-plugin.sh);
# user-loop-probe checks the PMU's kernel/user split in a guest.
EMU_PROBES := $(EMU)/emu-marker-probe $(EMU)/user-loop-probe
.SECONDEXPANSION:
$(EMU_PROBES): $(EMU)/%: emulation/tests/$$(subst -,_,%).c benchmarks/emu_marker.h
	@mkdir -p $(dir $@)
	$(EMU_AARCH64_CC) $(EMU_CFLAGS) -Ibenchmarks -static -o $@ $<

ifeq ($(SAN),1)
tests: $(addprefix $(BUILD)/asan/emu/,$(EMU_TOOLS))
endif
tests: emu
endif

tests: $(TEST_BINS) $(BIN)

# Coverage-guided fuzzing (fuzz/README.md): libFuzzer targets built with
# clang, ASan and UBSan, one per parser of untrusted text.  `make fuzz`
# builds them; `make fuzz-run [FUZZ_SECONDS=N]` runs each over its corpus
# fuzz/corpus/<target>/ (tests/fuzz.sh: a few seconds each in make check).
FUZZ_CC ?= clang
FUZZ := $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SAN := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -MMD -MP -Ibenchmarks \
	-I$(OBJDIR) -Ifuzz $(LIBPERF_CFLAGS) $(URING_CFLAGS) $(HWLOC_CFLAGS) $(FUZZ_SAN)
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ)/obj/%.o,$(filter-out benchmarks/main.c,$(SRCS)))
FUZZ_SUITE := $(addprefix $(FUZZ)/,fuzz_csv_read fuzz_events fuzz_units fuzz_midr)
FUZZ_TARGETS := $(FUZZ_SUITE) $(FUZZ)/fuzz_plugin_file

fuzz: $(FUZZ_TARGETS)

fuzz-run: $(FUZZ_TARGETS)
	LMB_FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz.sh $(BIN)

$(FUZZ)/obj/benchmarks/meta.o: $(VERSION_H)
$(FUZZ)/obj/benchmarks/pmu_events.o: $(PMU_EVENTS_H)

$(FUZZ)/obj/%.o: %.c | $(DEPS_MK)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_SUITE): $(FUZZ)/%: fuzz/%.c fuzz/fuzz_input.h $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJS) $(ALL_LIBS)

$(FUZZ)/fuzz_plugin_file: fuzz/fuzz_plugin_file.c fuzz/fuzz_input.h $(EMU_TOOL_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Iemulation/merge -Ifuzz \
		$(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(EMU_TOOL_SRCS) -lm

# make check builds the targets when clang is here (tests/fuzz.sh skips
# them, naming the package, when it is not).
ifneq ($(shell command -v $(FUZZ_CC) 2>/dev/null),)
tests: $(FUZZ_TARGETS)
endif

# Results land in results/<host>-<label>-<UTC time>.csv.
bench: $(BIN)
	$(BIN) run --profile $(PROFILE) --label $(or $(LABEL),$(PROFILE)) --outdir results

# make check: the plain build, then the same tests under ASan+UBSan.
# A failing pass is still tallied; summary.sh prints the one line
# "N passed, N failed, N skipped" and fails if any test failed.
# tests/house.sh holds `make circles` (both passes) and `make checkpatch`
# (plain pass: LMB_CHECKPATCH), so neither can regress silently.
check: $(DEPS_MK)
	@tests/summary.sh --reset
	$(MAKE) tests
	-LMB_CHECKPATCH="$(CHECKPATCH)" tests/run-tests.sh $(OBJDIR) $(BIN)
	$(MAKE) SAN=1 tests
	-ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		tests/run-tests.sh $(BUILD)/asan $(BUILD)/asan/lazymmu-bench
	@tests/summary.sh

test: check

# The kernel's checkpatch.pl from the tree the build uses (KDIR, else the
# one deps.sh unpacked: KTREE); CHECKPATCH=<path> overrides it.
CHECKPATCH ?= $(if $(KTREE),$(KTREE)/scripts/checkpatch.pl)
checkpatch: $(DEPS_MK)
	@test -n "$(CHECKPATCH)" || { echo "make: error: no kernel tree known (KTREE is empty in $(DEPS_MK): libperf came from the system): pass KDIR=<kernel tree> or CHECKPATCH=<path to checkpatch.pl>" >&2; exit 2; }
	scripts/checkpatch.sh $(CHECKPATCH)

# Pairs of benchmarks/ files that call each other (none allowed; tests/house.sh).
circles: $(LIB_OBJS)
	scripts/check-circles.sh $(OBJDIR)

kselftest: $(DEPS_MK)
	$(MAKE) -C kselftest/lazy_mmu KSFT_DIR=$(abspath $(KSFT_DIR)) $(if $(filter 1,$(STATIC)),USERLDFLAGS=-static) \
		OUTPUT=$(abspath $(BUILD))/kselftest run_tests

compare: $(BIN)
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make compare A=base.csv B=new.csv" >&2; exit 2; }
	$(BIN) compare $(A) $(B)

clean:
	rm -rf $(BUILD)/obj $(BUILD)/asan $(BUILD)/lazymmu-bench $(BUILD)/kselftest build/arm64/obj build/emu $(FUZZ)

distclean:
	rm -rf build

help:
	@sed -n '3,21p' Makefile | sed 's/^# \{0,1\}//'

-include $(shell find $(OBJDIR) $(FUZZ)/obj -name '*.d' 2>/dev/null)
