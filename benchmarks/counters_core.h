/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core behind the core PMU: its MIDR_EL1 and what the build's
 * pmu-events table (pmu_events.h) says it implements.  A zero from an
 * event the core implements is a real zero even when the PMU's sysfs
 * events/ does not list it (arm_pmuv3 lists only what PMCEID advertises,
 * never DSB_SPEC, ISB_SPEC or DMB_SPEC).
 *
 * LMB_CPUINFO (environment, tests only): read this file instead of
 * /proc/cpuinfo when sysfs has no usable midr_el1 (host_paths.h).
 */
#ifndef LMB_COUNTERS_CORE_H
#define LMB_COUNTERS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "counters_pmu.h"
#include "pmu_events.h"
#include "virt.h"

struct pmu_core {
	bool midr_known;
	uint64_t midr;
	int cpu;		/* the CPU the MIDR is from; -1 unknown */
	const char *how;	/* "sysfs", "cpuinfo", "mrs" */
	char note[512];		/* sources passed over and why, "" if none */
	const struct pmu_known_core *known;	/* NULL: not in the table */
	/*
	 * Emulator or hypervisor (virt.h): on an emulated CPU the PMU is the
	 * emulator's, so pmu-events' list for the core does not make a 0 real.
	 */
	struct virt_info virt;
};

/* A 0 from an event the core implements (pmu-events) is a real 0 here. */
bool pmu_core_zero_trusted(const struct pmu_core *core);

/*
 * Fill @core for @pmu (an Arm PMUv3; otherwise nothing is known), and
 * whether the CPU is emulated (always).
 */
void pmu_core_learn(const char *root, const struct core_pmu *pmu,
		    struct pmu_core *core);

/*
 * One line on where the event knowledge comes from:
 * "Arm Neoverse N1 r3p1 (MIDR 0x413fd0c1, sysfs, cpu0) = arm/neoverse-n1
 * in <source>: a 0 from an event it lists is trusted", or why it falls
 * back to the sysfs listing.  Returns @buf.
 */
const char *pmu_core_summary(const struct pmu_core *core, bool arm,
			     char *buf, size_t len);

#endif
