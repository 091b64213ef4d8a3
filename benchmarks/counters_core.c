// SPDX-License-Identifier: GPL-2.0
/* The core behind the core PMU and its known events (counters_core.h). */
#include <stdio.h>
#include <stdlib.h>

#include "counters_core.h"
#include "host_paths.h"
#include "meta_cpu.h"

void pmu_core_learn(const char *root, const struct core_pmu *pmu,
		    struct pmu_core *core)
{
	int cpu;

	core->midr_known = false;
	core->known = NULL;
	core->how = "";
	core->note[0] = '\0';
	core->cpu = -1;
	virt_detect_here(&core->virt);
	if (!pmu->arm)
		return;
	cpu = core_pmu_first_cpu(root, pmu);
	core->cpu = cpu < 0 ? 0 : cpu;
	if (cpu_midr_of(root, host_cpuinfo_path(), core->cpu, &core->midr,
			&core->how, core->note, sizeof(core->note)))
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
	const char *why = pmu_events_empty_why(), *newer;
	char *name;

	if (!arm) {
		snprintf(buf, len,
			 "no Arm PMUv3 here: per-core Arm event knowledge does not apply");
		return buf;
	}
	if (!core->midr_known) {
		snprintf(buf, len,
			 "MIDR_EL1 of the PMU's CPU unknown (%s): falling back to the sysfs listing rule (an unlisted event reading 0 is unavailable)",
			 core->note);
		return buf;
	}
	name = midr_describe(core->midr);
	newer = pmu_events_newer_tree(core->midr);
	if (core->known && !pmu_core_zero_trusted(core))
		snprintf(buf, len,
			 "%s (MIDR 0x%08llx from %s, cpu%d) is %s in %s, but the CPU is emulated (%s: %s): the emulator's PMU may open an event and never count it, so only a 0 from an event the PMU lists is a real 0",
			 name ? name : "?", (unsigned long long)core->midr,
			 core->how, core->cpu, core->known->folder,
			 pmu_events_source(), virt_kind_name(core->virt.kind),
			 core->virt.evidence);
	else if (core->known)
		snprintf(buf, len,
			 "%s (MIDR 0x%08llx from %s, cpu%d%s%s) is %s in %s: a 0 from an event it lists is a real 0",
			 name ? name : "?", (unsigned long long)core->midr,
			 core->how, core->cpu, *core->note ? "; " : "", core->note,
			 core->known->folder, pmu_events_source());
	else
		snprintf(buf, len,
			 "%s (MIDR 0x%08llx from %s, cpu%d%s%s) is not in %s%s%s: falling back to the sysfs listing rule (an unlisted event reading 0 is unavailable); %s%s%s",
			 name ? name : "?", (unsigned long long)core->midr,
			 core->how, core->cpu, *core->note ? "; " : "", core->note,
			 pmu_events_source(), why ? ", " : "", why ? why : "",
			 newer ? "build with KDIR=<a kernel tree of " : "no kernel tree this suite knows lists this core",
			 newer ? newer : "", newer ? " or newer> to know it" : "");
	free(name);
	return buf;
}
