/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics of compare: the Mann-Whitney U test and the matching
 * Hodges-Lehmann confidence interval of the shift, plus the descriptive
 * numbers of the mmtests-style rows.  None assumes normality.
 */
#ifndef LMB_COMPARE_CMP_STATS_H
#define LMB_COMPARE_CMP_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Exact distribution used when both sides are at most this big and untied. */
#define CMP_EXACT_MAX 50

struct mwu {
	double u;		/* pairs (x_i, y_j) with y_j > x_i, ties count 1/2 */
	double p;		/* two-sided p-value */
	bool exact;		/* exact null distribution (no ties, small n) */
};

/* Mann-Whitney U test of x[0..n) against y[0..m); n, m >= 1. */
int cmp_mwu(const double *x, size_t n, const double *y, size_t m, struct mwu *r);

/*
 * Two-sided (1 - alpha) confidence interval of the shift between y and x,
 * inverted from the Mann-Whitney test (Hodges-Lehmann):
 *   ratio = true:  of log(y_j / x_i), returned as y/x - 1 (all values > 0)
 *   ratio = false: of y_j - x_i
 * *est is the Hodges-Lehmann estimate (median of the pairwise shifts).
 * Returns 0, 1 when the samples are too small for any interval at this
 * alpha (lo/hi = -inf/+inf), -1 when out of memory.
 */
int cmp_shift_ci(const double *x, size_t n, const double *y, size_t m,
		 double alpha, bool ratio, double *est, double *lo, double *hi);

/* Inverse of the standard normal CDF (for z of alpha/2). */
double cmp_norm_quantile(double p);

/* Number of the n*m U values <= k under H0 (exact, no ties), as P(U <= k). */
double cmp_mwu_cdf(size_t n, size_t m, double k);

/*
 * Monotonic trend of v[0..n) over its order (time): Spearman's rank
 * correlation with the index, p-value from z = rho * sqrt(n - 1).  Needs
 * n >= CMP_TREND_MIN, else returns -1 (and on allocation failure).
 */
#define CMP_TREND_MIN 8
int cmp_trend(const double *v, size_t n, double *rho, double *p);

/* Descriptive statistics of one side. */
struct cmp_desc {
	size_t n;
	double min, q1, median, q3, max, mean, hmean, stddev, cv;
};

/* Fills @d from v[0..n) (sorts a copy); hmean is NAN unless all v > 0. */
int cmp_describe(const double *v, size_t n, struct cmp_desc *d);

#endif
