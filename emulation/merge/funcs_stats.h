/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lmb-emu-funcs' numbers: per group (workload, page_mode, size_bytes) and
 * side, for every function and counter, the median over the group's
 * windows (of the chosen phase) of count / pages, a window without the
 * function counting 0; and the same median of the sum over all functions.
 * Rows of one name are added (System.map can hold several static
 * functions of one name).
 */
#ifndef LMB_EMU_FUNCS_STATS_H
#define LMB_EMU_FUNCS_STATS_H

#include <stddef.h>

#include "funcs_side.h"

struct fgroup {
	const char *workload, *page_mode, *size_bytes;
	size_t nwin[2];			/* windows of the phase, per side */
	double *med[2];			/* [function * FN_NR + counter]; NULL: not on that side */
	double all[2][FN_NR];		/* median of the sum over functions */
};

struct fstats {
	const char **names;		/* sorted function names */
	size_t nr_names;
	struct fgroup *groups;		/* in order of first appearance (A, then B) */
	size_t nr_groups;
};

/* @phase: "sample", "warmup" or "all".  -1 when out of memory. */
int fstats_build(struct fstats *st, struct funcs_side sides[2], const char *phase);
void fstats_free(struct fstats *st);

/* Median of @n values (sorts @v); 0 for n = 0. */
double median(double *v, size_t n);

#endif
