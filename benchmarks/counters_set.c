// SPDX-License-Identifier: GPL-2.0
/*
 * The counter set itself, under both its parser (counters_parse.c) and its
 * libperf side (counters.c): size, core PMU targeting of raw events, free.
 */
#include <stdlib.h>
#include <string.h>

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
