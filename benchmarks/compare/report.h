/* SPDX-License-Identifier: GPL-2.0 */
/* The compare report: header, one table per metric, geomean, optional full rows. */
#ifndef LMB_COMPARE_REPORT_H
#define LMB_COMPARE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "compare/analyze.h"
#include "compare/sizefit.h"
#include "compare/table.h"

enum cmp_format {
	FORMAT_TEXT,
	FORMAT_MD,
	FORMAT_CSV,
	FORMAT_MAIL,	/* text-mail: 72 columns for a cover letter */
};

struct cmp_report_opts {
	enum cmp_format format;
	bool full;		/* --stats full: mmtests-style rows */
};

int cmp_report(FILE *out, const struct cmp_analysis *a,
	       const struct cmp_report_opts *o);

/* report_full.c: min, quartiles, max, means, stddev, CoeffVar per group. */
int cmp_report_full(FILE *out, const struct cmp_analysis *a, size_t metric,
		    bool markdown);
/* report_mail.c: plain text, at most 72 columns, for linux-mm mail. */
int cmp_report_mail(FILE *out, const struct cmp_analysis *a,
		    const struct sizefit *s);
/*
 * report_csv.c: one machine-readable row per (metric, group, file), then
 * one per (metric, size sweep, file, term) of the fits.
 */
int cmp_report_csv(FILE *out, const struct cmp_analysis *a,
		   const struct sizefit *s, bool full);
/* report_size.c: the size-sweep fits, after the per-group tables. */
int cmp_report_sizes(FILE *out, const struct sizefit *s, bool markdown);
/* "+0.41% at 64M" or "unchecked (2 sizes)": the largest residual of a fit. */
const char *cmp_fit_resid(char *buf, size_t cap, const struct sizefit *s,
			  const struct sizefit_res *r);


#endif
