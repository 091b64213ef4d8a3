/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "size fit" lines of the run summary: one workload + page mode (+
 * workers) measured at >= 2 sizes, cost per call = per call + per page x
 * pages fitted with linfit.h, printed as a short line per metric.
 */
#ifndef LMB_SUMMARY_FIT_H
#define LMB_SUMMARY_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One size: its pages and the metric per page of n samples (NAN: not measured). */
struct summary_size {
	double pages;
	const double *per_page;	/* sample i at per_page[i * stride] */
	size_t n, stride;
};

/*
 * Fit and print "<what>: per call X us [lo, hi], per page Y ns [lo, hi],
 * max resid R at S" (@time; counts otherwise) and, when the line bends,
 * a WARNING line saying where; sizes with fewer than 2 measured samples
 * are left out, and nothing is printed without 2 sizes or for a metric
 * that is 0 in every sample.  @sz ascending by pages.  -1 when out of memory.
 */
int summary_fit_print(FILE *f, const char *what, const struct summary_size *sz,
		      size_t k, bool time);

#endif
