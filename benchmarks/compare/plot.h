/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --plot DIR: one PNG per workload, drawn by gnuplot: the per-sample
 * distribution of ns_per_page of every file side by side (normalised to
 * the base median, so 4K and THP groups share an axis), and bars of each
 * counter's median per page relative to the base.  The .dat and .gp files
 * stay in DIR so a plot can be restyled by hand.
 */
#ifndef LMB_COMPARE_PLOT_H
#define LMB_COMPARE_PLOT_H

#include "compare/analyze.h"

/* Is gnuplot runnable, can DIR be created?  -1 with a message if not. */
int cmp_plot_check(const char *dir);
int cmp_plot(const struct cmp_analysis *a, const char *dir);

#endif
