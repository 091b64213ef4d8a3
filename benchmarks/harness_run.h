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

/* harness_workers.c: one workload with @nr workers: setup, warm-up, samples, teardown. */
int harness_run_workers(struct run *r, const struct workload *w, unsigned int nr,
			unsigned int group, unsigned int nr_groups);

#endif
