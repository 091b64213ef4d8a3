/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core PMU as sysfs describes it: which PMU raw events go to, and
 * whether it lists an event number in <pmu>/events/.
 *
 * LMB_SYSFS_ROOT (environment, for tests only): read
 * $LMB_SYSFS_ROOT/bus/event_source/devices instead of
 * /sys/bus/event_source/devices, so a test can build a fake PMU directory.
 */
#ifndef LMB_COUNTERS_PMU_H
#define LMB_COUNTERS_PMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct core_pmu {
	char name[64];	/* "cpu", "armv8_pmuv3_0", ...; "" = none found */
	int type;	/* perf_event_attr.type from <pmu>/type; -1 = none */
	bool arm;	/* an Arm PMUv3 (armv8_* / armv9_*) */
};

/*
 * Find the core PMU under @root: "cpu", else "cpu_core", else the first
 * armv8_* / armv9_* PMU (by name) whose "cpus" holds the CPU we run on,
 * else the first one.  Returns 0, or -1 with pmu->name "" and type -1.
 */
int core_pmu_find(const char *root, struct core_pmu *pmu);

/*
 * Does @pmu list an event whose terms (event=0x7d, umask=..., placed with
 * <pmu>/format/<term>, "config:lo-hi") add up to @config?  On a match the
 * sysfs name goes to @alias (may be NULL).  No events/ directory: false.
 */
bool core_pmu_lists(const char *root, const struct core_pmu *pmu,
		    uint64_t config, char *alias, size_t alias_len);

/*
 * The first CPU in <pmu>/cpus (Arm PMUs; "cpumask" elsewhere), whose core
 * type the PMU counts; -1 when the PMU has neither file.
 */
int core_pmu_first_cpu(const char *root, const struct core_pmu *pmu);

#endif
