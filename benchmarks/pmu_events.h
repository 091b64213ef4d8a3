/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which Arm PMU events a core implements, by MIDR_EL1, as perf's
 * pmu-events know it.  The table is generated at build time by
 * scripts/gen-pmu-events.py from the kernel tree the build uses (KDIR, else
 * Debian's linux-source): tools/perf/pmu-events/arch/arm64/mapfile.csv and
 * the JSON files it names, ArchStdEvent entries resolved.  Nothing here is
 * a hand-written event list.
 *
 * A core the tree does not know gets NULL: its events fall back to the
 * sysfs listing rule (counters.h).
 */
#ifndef LMB_PMU_EVENTS_H
#define LMB_PMU_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pmu_known_event {
	uint32_t code;
	const char *name;	/* perf's upper-case name, e.g. "DSB_SPEC" */
};

struct pmu_known_core {
	uint64_t midr;		/* as mapfile.csv: variant and revision 0 */
	const char *folder;	/* "arm/neoverse-n1" */
	const struct pmu_known_event *ev;	/* sorted by code */
	size_t nr;
};

/* "linux-source-6.1 (Linux 6.1.192) tools/perf/pmu-events/arch/arm64". */
const char *pmu_events_source(void);
/* Why the table is empty (no kernel tree, ...), or NULL when it is not. */
const char *pmu_events_empty_why(void);
/* The core of @midr (variant and revision ignored, as perf does), or NULL. */
const struct pmu_known_core *pmu_events_core(uint64_t midr);
/* The @i-th core of the table, NULL past the end. */
const struct pmu_known_core *pmu_events_core_at(size_t i);
/*
 * The first kernel tree this suite knows to list @midr in its mapfile.csv,
 * for a core the build's tree lacks ("Linux 7.3"), or NULL when no tree it
 * knows lists the core (then building with another tree cannot help).
 */
const char *pmu_events_newer_tree(uint64_t midr);
/* perf's name of event @code on @core, or NULL if the core lacks it. */
const char *pmu_events_name(const struct pmu_known_core *core, uint64_t code);

#endif
