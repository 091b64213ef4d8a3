// SPDX-License-Identifier: GPL-2.0
/* The core behind the core PMU and its known events (counters_core.h). */
#include <stdio.h>
#include <stdlib.h>

#include "counters_core.h"
#include "meta_cpu.h"

static const char *cpuinfo_path(void)
{
	const char *p = getenv("LMB_CPUINFO");

	return p && *p ? p : "/proc/cpuinfo";
}

void pmu_core_learn(const char *root, const struct core_pmu *pmu,
		    struct pmu_core *core)
{
	int cpu;

	core->midr_known = false;
	core->known = NULL;
	core->how = "";
	core->cpu = -1;
	virt_detect_here(&core->virt);
	if (!pmu->arm)
		return;
	cpu = core_pmu_first_cpu(root, pmu);
	core->cpu = cpu < 0 ? 0 : cpu;
	if (cpu_midr_of(root, cpuinfo_path(), core->cpu, &core->midr,
			&core->how))
		return;
	core->midr_known = true;
	core->known = pmu_events_core(core->midr);
}

bool pmu_core_zero_trusted(const struct pmu_core *core)
{
	return core->known && !virt_pmu_emulated(core->virt.kind);
}

const char *pmu_core_summary(const struct pmu_core *core, bool arm,
			     char *buf, size_t len)
{
	const char *why = pmu_events_empty_why();
	char *name;

	if (!arm) {
		snprintf(buf, len,
			 "no Arm PMUv3 here: per-core Arm event knowledge does not apply");
		return buf;
	}
	if (!core->midr_known) {
		snprintf(buf, len,
			 "MIDR_EL1 of the PMU's CPU unknown (no sysfs midr_el1, no /proc/cpuinfo CPU part): falling back to the sysfs listing rule (an unlisted event reading 0 is unavailable)");
		return buf;
	}
	name = midr_describe(core->midr);
	if (core->known && !pmu_core_zero_trusted(core))
		snprintf(buf, len,
			 "%s (MIDR 0x%08llx from %s, cpu%d) is %s in %s, but the CPU is emulated (%s: %s): the emulator's PMU may open an event and never count it, so only a 0 from an event the PMU lists is a real 0",
			 name ? name : "?", (unsigned long long)core->midr,
			 core->how, core->cpu, core->known->folder,
			 pmu_events_source(), virt_kind_name(core->virt.kind),
			 core->virt.evidence);
	else if (core->known)
		snprintf(buf, len,
			 "%s (MIDR 0x%08llx from %s, cpu%d) is %s in %s: a 0 from an event it lists is a real 0",
			 name ? name : "?", (unsigned long long)core->midr,
			 core->how, core->cpu, core->known->folder,
			 pmu_events_source());
	else
		snprintf(buf, len,
			 "%s (MIDR 0x%08llx from %s, cpu%d) is not in %s%s%s: falling back to the sysfs listing rule (an unlisted event reading 0 is unavailable); build with KDIR=<a newer kernel tree> to know it",
			 name ? name : "?", (unsigned long long)core->midr,
			 core->how, core->cpu, pmu_events_source(),
			 why ? ", " : "", why ? why : "");
	free(name);
	return buf;
}
