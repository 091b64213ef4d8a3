// SPDX-License-Identifier: GPL-2.0
/*
 * The counter set itself, under both its parser (counters_parse.c) and its
 * libperf side (counters.c): size, core PMU targeting of raw events, free.
 */
#include <stdlib.h>
#include <string.h>

#include "array_size.h"
#include "counters_set.h"
#include "host_paths.h"

size_t counters_count(const struct counter_set *cs)
{
	return cs ? cs->n : 0;
}

void counters_target_core_pmu(struct counter_set *cs, struct counter *c,
			      const char *root)
{
	c->attr.type = cs->pmu.type >= 0 ? (uint32_t)cs->pmu.type : PERF_TYPE_RAW;
	c->type_name = cs->pmu.name[0] ? cs->pmu.name : "raw";
	c->listed = core_pmu_lists(root, &cs->pmu, c->spec.config,
				   c->listed_as, sizeof(c->listed_as));
	c->core_name = cs->core.known ?
		       pmu_events_name(cs->core.known, c->spec.config) : NULL;
}

/*
 * The Arm PMUv3 event behind each generic hardware event, as the kernel's
 * arm_pmuv3 driver maps them (armv8_pmuv3_perf_map).
 */
static const struct {
	uint64_t generic;
	uint64_t pmuv3;
} generic_map[] = {
	{ PERF_COUNT_HW_CPU_CYCLES, 0x11 },		/* CPU_CYCLES */
	{ PERF_COUNT_HW_INSTRUCTIONS, 0x08 },		/* INST_RETIRED */
	{ PERF_COUNT_HW_CACHE_REFERENCES, 0x04 },	/* L1D_CACHE */
	{ PERF_COUNT_HW_CACHE_MISSES, 0x03 },		/* L1D_CACHE_REFILL */
	{ PERF_COUNT_HW_BRANCH_MISSES, 0x10 },		/* BR_MIS_PRED */
	{ PERF_COUNT_HW_BUS_CYCLES, 0x1d },		/* BUS_CYCLES */
	{ PERF_COUNT_HW_STALLED_CYCLES_FRONTEND, 0x23 },	/* STALL_FRONTEND */
	{ PERF_COUNT_HW_STALLED_CYCLES_BACKEND, 0x24 },	/* STALL_BACKEND */
};

void counters_check_emulated_generic(struct counter_set *cs, struct counter *c,
				     const char *root)
{
	size_t i;

	c->emu_generic = false;
	if (c->spec.kind != EVK_HARDWARE || !cs->pmu.arm ||
	    !virt_pmu_emulated(cs->core.virt.kind))
		return;
	for (i = 0; i < ARRAY_SIZE(generic_map); i++) {
		if (generic_map[i].generic != c->spec.config)
			continue;
		c->emu_generic = true;
		c->listed = core_pmu_lists(root, &cs->pmu, generic_map[i].pmuv3,
					   c->listed_as, sizeof(c->listed_as));
		return;
	}
}

void counters_retarget_pmu(struct counter_set *cs)
{
	const char *root = host_sysfs_root();
	struct core_pmu now;
	size_t i;

	if (!cs->pmu.arm || core_pmu_find(root, &now) || !now.arm ||
	    !strcmp(now.name, cs->pmu.name))
		return;
	cs->pmu = now;
	pmu_core_learn(root, &cs->pmu, &cs->core);
	for (i = 0; i < cs->n; i++)
		if (cs->c[i].src == SRC_PERF && cs->c[i].needs_listing)
			counters_target_core_pmu(cs, &cs->c[i], root);
		else if (cs->c[i].src == SRC_PERF)
			counters_check_emulated_generic(cs, &cs->c[i], root);
}

void counters_free(struct counter_set *cs)
{
	size_t i;

	if (!cs)
		return;
	for (i = 0; i < cs->n; i++) {
		if (cs->c[i].evsel) {
			perf_evsel__close(cs->c[i].evsel);
			perf_evsel__delete(cs->c[i].evsel);
		}
	}
	if (cs->threads)
		perf_thread_map__put(cs->threads);
	if (cs->any_thread)
		perf_thread_map__put(cs->any_thread);
	if (cs->cpus)
		perf_cpu_map__put(cs->cpus);
	kstat_free(cs->kstat);
	free(cs->order);
	free(cs->c);
	free(cs);
}
