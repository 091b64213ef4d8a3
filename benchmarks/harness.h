/* SPDX-License-Identifier: GPL-2.0 */
/* The sample loop shared by every workload. */
#ifndef LMB_HARNESS_H
#define LMB_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

#include "page_size.h"
#include "size_sweep.h"
#include "workload.h"

#define LMB_MAX_WORKLOADS 32
#define LMB_MAX_PAGE_MODES 8
#define LMB_MAX_SWEEP 32

struct run_config {
	const struct workload *workloads[LMB_MAX_WORKLOADS];
	size_t nr_workloads;
	struct page_size sizes[LMB_MAX_PAGE_MODES];	/* --page-size */
	size_t nr_sizes;
	size_t bytes;		/* --size; the one region size without a sweep */
	/*
	 * The region sizes each storm runs at: --sweep-size, or (set by
	 * cmd_run when there is none) the one entry --size.
	 */
	struct size_sweep sweep;
	unsigned long repeats, warmup;
	const char *events;	/* counters_parse() list */
	const char *output;	/* file, or NULL to name one under outdir */
	const char *outdir;
	const char *label;
	const char *profile;	/* recorded in metadata; may be NULL */
	int cpu;		/* PU to pin the measuring thread to, -1 = default */
	bool verify;		/* verify after warm-up samples and the last sample */
	/* --layout-seed: the allocation before the storms (layout_seed.h) */
	bool layout_seed_given;
	unsigned long layout_seed;
	/*
	 * Multi-worker runs (--threads/--procs/--sweep-*): each entry is one
	 * worker count; none = the single measuring thread above.
	 */
	unsigned int workers[LMB_MAX_SWEEP];
	size_t nr_workers;
	bool procs;		/* workers are processes, not threads */
	const char *placement;	/* placement_parse() spec */
	bool allow_oversubscribe;
	/* Batched workloads: bytes per operation; batch sizes to run. */
	size_t chunk_bytes;
	unsigned int batches[LMB_MAX_SWEEP];
	size_t nr_batches;
};

/*
 * Returns the process exit code (exit_codes.h): LMB_EXIT_OK, _FAIL, _USAGE
 * for bad input, _INTERRUPTED after a signal.
 */
int harness_run(const struct run_config *cfg);

#endif
