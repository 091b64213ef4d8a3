/* SPDX-License-Identifier: GPL-2.0 */
/*
 * N workers running one workload at the same time: N threads of this
 * process (one mm: every unmap in one worker must shoot down the TLBs of
 * the CPUs the others run on) or N processes (private mms).
 *
 * Every worker owns its region, its counters (opened on its own thread)
 * and its wl_state; it is pinned to placement_worker(i).  A sample is one
 * round:
 *
 *   coordinator: go ------------------------------------------ wait done
 *   worker i:        prepare  [start barrier]  t0 step t1  verify  done
 *
 * All workers leave the start barrier together and each times its own
 * step; the coordinator (the caller) sleeps meanwhile and reads the
 * results after the round.  Results live in shared memory, one cache-line
 * aligned slot per worker, so process workers report the same way and no
 * two workers write the same cache line.
 */
#ifndef LMB_WORKERS_H
#define LMB_WORKERS_H

#include <stdbool.h>
#include <stdint.h>

#include "counters.h"
#include "placement.h"
#include "workload.h"

#define WORKERS_MAX 1024

struct workers_config {
	const struct workload *w;
	const struct wl_params *params;
	unsigned int nr;			/* 1..WORKERS_MAX */
	bool procs;			/* processes instead of threads */
	const struct placement *pl;	/* resolved and checked; NULL: unpinned */
	const char *events;		/* counters_parse() list; NULL: none */
	/* the group's workload label and --page-size name (LMB_FAIL_INJECT) */
	const char *label, *page_mode;
};

/* What one worker measured in the last round. */
struct worker_sample {
	uint64_t ns;			/* its own timed window */
	uint64_t start_skew_ns;		/* its t0 minus the earliest t0 of the round */
	const char *split_name;		/* from the workload (static string) */
	uint64_t split_ns;
	long thp_kb;			/* page_size_sample_kb(): what the pages were before the step */
	int64_t rusage_sys_ns, rusage_user_ns; /* this worker's thread; -1 unknown */
	int cpu;			/* sched_getcpu() after the step */
	uint64_t pages;			/* wl_state.pages */
};

struct workers;

/*
 * Start the workers: pin, open counters, setup() each; returns once every
 * worker is ready.  NULL + message when a worker could not start (the
 * others are torn down).
 */
struct workers *workers_start(const struct workers_config *cfg);
/*
 * One sample on every worker at once; with @verify each also checks its
 * step afterwards.  0, or -1 when any worker failed (it printed why).
 */
int workers_round(struct workers *ws, bool verify);
const struct worker_sample *workers_sample(const struct workers *ws, unsigned int i);
/* Worker @i's counter values of the last round (counters_count() entries,
 * in the order of counters_parse(cfg->events)); NULL without events.
 */
const struct counter_value *workers_counters(const struct workers *ws, unsigned int i);
/* Teardown every worker, join / reap them, free.  Returns -1 if a worker
 * failed or died, 0 otherwise.  NULL is a no-op.
 */
int workers_stop(struct workers *ws);

#endif
