/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside of a counter set, shared by counters_parse.c (the -e list, column
 * names, descriptions) and counters.c (libperf: open, window, read);
 * counters_set.c holds what both need and calls neither.
 */
#ifndef LMB_COUNTERS_SET_H
#define LMB_COUNTERS_SET_H

#include <linux/perf_event.h>
#include <perf/cpumap.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>
#include <stdbool.h>
#include <stddef.h>

#include "counters.h"
#include "counters_kstat.h"
#include "counters_core.h"
#include "counters_groups.h"
#include "counters_pmu.h"
#include "event_names.h"

#define REASON_MAX 256
#define DESC_MAX 512

enum counter_src {
	SRC_PERF,
	SRC_KSTAT,	/* one line of the lazy-MMU stats file */
	SRC_KSTAT_NONE,	/* "lazy" asked, file unusable: ev_lazy */
};

/* What a perf event counts (counters_pin_cpu() in counters.h). */
enum counter_scope {
	SCOPE_THREAD_INHERIT,	/* this thread and the children it forks (inherit=1) */
	SCOPE_THREAD,		/* this thread alone */
	SCOPE_CPU,		/* everything on the measuring CPU (cs->cpu) */
};

struct counter {
	enum counter_src src;
	enum counter_scope scope;	/* set by counters_open() */
	bool scope_refused;	/* CPU-wide refused: fell back to the thread */
	struct event_spec spec;
	size_t kstat_idx;
	struct perf_event_attr attr;
	const char *type_name;	/* "software", "hardware", PMU name */
	bool needs_listing;	/* raw PMU event: is it in <pmu>/events? */
	bool listed;
	char listed_as[64];
	const char *core_name;	/* the core implements it (pmu_events.h) */
	/*
	 * A generic hardware event (cycles, instructions) on an emulated Arm
	 * CPU: QEMU counts it only if its PMU lists the PMUv3 event it maps to
	 * (INST_RETIRED only with -icount), so that listing decides its 0.
	 */
	bool emu_generic;
	bool grouped;		/* a PMU event: counts in its group's samples */
	unsigned int group;
	struct perf_evsel *evsel;	/* NULL unless open */
	struct perf_counts_values prev;
	char reason[REASON_MAX];	/* non-empty: unavailable for the run */
	bool warned;			/* a per-window problem was reported */
	char desc[DESC_MAX];
};

struct counter_set {
	struct counter *c;
	size_t n, cap;
	struct core_pmu pmu;
	struct pmu_core core;	/* MIDR behind pmu, known events */
	bool arm;		/* Arm PMUv3 names apply here */
	bool lazy_done;		/* lazy source already added */
	bool opened;
	bool best_effort;	/* "default": none countable is a warning */
	size_t nr_split;	/* lazy-stats columns off: several workers */
	size_t nr_perf_open;
	bool allow_multiplex;	/* one group, scaled counts allowed */
	unsigned int nr_groups;	/* 0: no PMU event open */
	unsigned int cur_group;	/* the group the next window counts */
	struct counter **order;	/* open perf counters, outermost first */
	struct kstat_src *kstat;
	struct perf_thread_map *threads;
	int cpu;			/* counters_pin_cpu(); -1: follow the thread */
	struct perf_cpu_map *cpus;	/* that CPU, for SCOPE_CPU events */
	struct perf_thread_map *any_thread;	/* pid -1, for SCOPE_CPU events */
};

/* A raw PMU event goes to the core PMU (@root: sysfs); is it listed there? */
void counters_target_core_pmu(struct counter_set *cs, struct counter *c,
			      const char *root);

/*
 * On an emulated Arm CPU (virt.h), look up the PMUv3 event a generic
 * hardware event maps to in the core PMU's listing (sets emu_generic,
 * listed, listed_as); elsewhere nothing changes.
 */
void counters_check_emulated_generic(struct counter_set *cs, struct counter *c,
				     const char *root);

/*
 * Heterogeneous Arm systems have one PMU per core type: if the thread now
 * runs on a CPU of another Arm PMU than at parse time (pinned since), send
 * the raw events there.  Called by counters_open().
 */
void counters_retarget_pmu(struct counter_set *cs);

#endif
