/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State shared by harness.c (one measuring thread) and harness_workers.c;
 * harness_run.c holds the parts both use.
 */
#ifndef LMB_HARNESS_RUN_H
#define LMB_HARNESS_RUN_H

#include <signal.h>
#include <stdint.h>

#include "counters.h"
#include "csv.h"
#include "harness.h"
#include "placement.h"
#include "summary.h"

struct run {
	const struct run_config *cfg;
	struct counter_set *cs;
	struct counter_value *ev;
	struct csv_out *csv;
	struct summary *sum;
	struct wl_params params;
	const struct page_size *size;	/* the configuration running */
	struct placement pl;		/* resolved when cfg->nr_workers */
	int cpu;
	unsigned long samples;	/* measured (not warm-up) rows written */
	unsigned long skipped;	/* workload configurations skipped */
	unsigned long groups;	/* groups begun (failed ones too) */
	unsigned long failed;	/* groups that failed; the run went on */
	char failures[2048];	/* one line per failed group, for the end */
	/* The page size cannot be set up: each of its groups fails with this. */
	char size_failed[256];
	uint64_t sweep_state;	/* of size_sweep_order(), from the seed */
};

/* Set by the first SIGINT/SIGTERM/SIGHUP: finish the sample, stop. */
extern volatile sig_atomic_t harness_stop_signal;

/* "madvise-uring-k8" for batched workloads, else the name (static buffer). */
const char *harness_workload_label(const struct workload *w,
				   const struct wl_params *p);

/*
 * Fill @row's workload, page mode, size, @phase ("warmup" or "sample") and
 * index, write it, and feed the summary with sample rows (r->samples
 * counts them).  The caller sets the measurement: pages, thp_kb, threads,
 * worker, cpu, ns, split, rusage and ev.  0, or -1 + message.
 */
int harness_write_row(struct run *r, const struct workload *w,
		      struct sample_row *row, const char *phase, unsigned int idx);

/*
 * What harness_group_failed() and the sample loops return: the group
 * failed, its "# failed:" line is written, the run goes on (0 = sample or
 * group done; -1 = the run cannot go on, e.g. the CSV cannot be written).
 */
#define HARNESS_GROUP_FAILED 1

/*
 * The current group (@w with @threads workers, 1 without) failed at
 * @stage, in sample @idx of @phase (NULL: before any sample); @window: 1
 * that sample's window ran, 0 it did not, -1 unknown.  @reason: NULL for
 * the last error message.  Writes the "# failed:" line, marks the summary
 * group, keeps a line for the end of the run.  HARNESS_GROUP_FAILED, or
 * -1 when the line cannot be written.
 */
int harness_group_failed(struct run *r, const struct workload *w,
			 unsigned int threads, const char *stage,
			 const char *phase, unsigned int idx, int window,
			 const char *reason);

/*
 * harness_workers.c: one workload with @nr workers: setup, warm-up,
 * samples, teardown.  0, HARNESS_GROUP_FAILED, or -1.
 */
int harness_run_workers(struct run *r, const struct workload *w, unsigned int nr,
			unsigned int group, unsigned int nr_groups);

#endif
