/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --plot DIR, worker sweeps (run --sweep-threads / --sweep-procs): for
 * every workload + page mode + size (+ any other parameter) that has
 * samples at two or more worker counts in some file,
 * DIR/<workload>-<page_mode>-sweep.png with one line per file: the median
 * ns_per_page versus the number of workers, its inter-quartile range as
 * error bars.
 */
#ifndef LMB_COMPARE_PLOT_SWEEP_H
#define LMB_COMPARE_PLOT_SWEEP_H

#include "compare/analyze.h"

/* Draw every sweep of @a into @dir (checked by cmp_plot_check). */
int cmp_plot_sweeps(const struct cmp_analysis *a, const char *dir);

#endif
