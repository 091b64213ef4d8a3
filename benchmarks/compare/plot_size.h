/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --plot DIR, size sweeps (sizefit.h): for every sweep,
 * DIR/<workload>-<page_mode>[-<other parameters>]-size.png: ns_per_page
 * against the region size on a log axis, one line per file through the
 * median at each size (inter-quartile range as error bars), and each
 * file's fitted curve (per call / pages + per page) dashed in its colour.
 */
#ifndef LMB_COMPARE_PLOT_SIZE_H
#define LMB_COMPARE_PLOT_SIZE_H

#include "compare/analyze.h"

/* Draw every size sweep of @a into @dir (checked by cmp_plot_check). */
int cmp_plot_sizes(const struct cmp_analysis *a, const char *dir);

#endif
