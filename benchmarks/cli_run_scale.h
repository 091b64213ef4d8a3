/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Options of `lazymmu-bench run` for scale and batching: workers and their
 * placement, sweeps, io_uring batches.  cli_run.c hands them over here.
 */
#ifndef LMB_CLI_RUN_SCALE_H
#define LMB_CLI_RUN_SCALE_H

#include <getopt.h>
#include <stdio.h>

#include "harness.h"

/* getopt_long() values of the options (cli_run.c has them in its table). */
enum {
	OPT_THREADS = 256,
	OPT_PROCS,
	OPT_SWEEP_THREADS,
	OPT_SWEEP_PROCS,
	OPT_PLACEMENT,
	OPT_OVERSUBSCRIBE,
	OPT_CHUNK,
	OPT_URING_BATCH,
	OPT_SWEEP_SIZE,
	OPT_SWEEP_ORDER,
	OPT_SEED,
	OPT_LAYOUT_SEED,
};

/* Defaults: no workers, compact placement, 64 KiB chunks, batch 8. */
void run_scale_defaults(struct run_config *cfg);
/* Handle option @opt (one of the OPT_* above); 0, or -1 + message. */
int run_scale_option(int opt, const char *arg, struct run_config *cfg);
/* Cross-option checks after parsing; 0, or -1 + message. */
int run_scale_check(const struct run_config *cfg);

/*
 * Parse "1,2,4" into @out (at most @max entries, each 1..@limit);
 * -1 + message naming @what otherwise.
 */
int parse_count_list(const char *s, const char *what, unsigned int limit,
		     unsigned int *out, size_t max, size_t *n);

#endif
