/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Student's t distribution and Welch's two-sample t interval, for tests on
 * a few units (runs, boots, layout seeds) per side.  Shared by compare
 * (its verdicts and size fits) and plan (its sample-size search).
 */
#ifndef LMB_STATS_T_H
#define LMB_STATS_T_H

#include <stdbool.h>
#include <stddef.h>

/* P(T <= t) for T with @df > 0 degrees of freedom (not necessarily whole). */
double stats_t_cdf(double t, double df);
/* The p-quantile of t with @df degrees of freedom, 0 < p < 1. */
double stats_t_quantile(double p, double df);

/*
 * One side of a Welch test: the mean of its units, their sample variance
 * and count (n >= 2 for a variance), plus an extra known variance of the
 * side's mean (a calibrated level; 0 = none) with its degrees of freedom.
 */
struct welch_side {
	double mean, var;
	size_t n;
};

struct welch {
	double diff;		/* mean of B - mean of A */
	double se, df;		/* standard error of diff, Welch-Satterthwaite df */
	double lo, hi;		/* 1 - alpha interval of diff */
	double p;		/* two-sided p-value of diff = 0 */
};

/*
 * Welch's t interval of B - A; @extra_var (>= 0) is added to the variance
 * of the difference with @extra_df degrees of freedom (a calibrated level
 * missing from the data).  Returns -1 when there is no spread at all
 * (se = 0) or a side has n < 2.
 */
int stats_welch(const struct welch_side *a, const struct welch_side *b,
		double extra_var, double extra_df, double alpha, struct welch *out);

/*
 * Student's two-sample t interval with the pooled variance (df = n_a +
 * n_b - 2), the same extra variance added (Satterthwaite's df for the
 * sum).  Exact for normal unit means of equal variance, whatever n >= 2:
 * the case of an A/A comparison (Welch's df is smaller there, and its
 * test conservative with 2 units a side).  Same returns as stats_welch.
 */
int stats_pooled_t(const struct welch_side *a, const struct welch_side *b,
		   double extra_var, double extra_df, double alpha,
		   struct welch *out);

/* Mean and sample variance (n - 1) of v[0..n). */
void stats_mean_var(const double *v, size_t n, double *mean, double *var);

#endif
