/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lmb-emu-funcs' output: per group, the functions whose median per page
 * of one counter (--by) differs most between A and B, largest |B - A|
 * first, as a fixed-width text table and optionally a CSV file.
 */
#ifndef LMB_EMU_FUNCS_REPORT_H
#define LMB_EMU_FUNCS_REPORT_H

#include <stdio.h>

#include "funcs_stats.h"

struct funcs_opts {
	const char *phase;	/* sample, warmup, all */
	size_t top;		/* 0: every function that differs */
	int by;			/* FN_* */
	const char *files[4];	/* A suite, A funcs, B suite, B funcs */
};

/* The text table on @out; with @csv also the CSV.  -1 on no memory. */
int funcs_report(const struct fstats *st, const struct funcs_opts *o,
		 FILE *out, FILE *csv);

#endif
