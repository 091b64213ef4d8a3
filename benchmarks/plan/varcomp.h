/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Variance components of nested levels (samples in runs in boots in layout
 * seeds) by Kalibera & Jones' unbiased estimator ("Rigorous benchmarking
 * in reasonable time", ISMM 2013):
 *
 *   S_j^2 = mean over the units of level j+1 of the sample variance of
 *           their level-j units' means (units with >= 2 of them only),
 *   T_0^2 = S_0^2,  T_j^2 = S_j^2 - S_{j-1}^2 / n_{j-1},
 *
 * n_{j-1} the mean number of level-(j-1) units per level-j unit; T_j^2 is
 * level j's own variance, truncated at 0.  Level 0 is the sample; the top
 * level's units are compared across the whole data set.  Unbalanced data
 * (unequal counts) use the mean counts: then the estimate is approximate.
 */
#ifndef LMB_PLAN_VARCOMP_H
#define LMB_PLAN_VARCOMP_H

#include <stdbool.h>
#include <stddef.h>

#define VARCOMP_MAX_LEVELS 4

struct varcomp {
	size_t nr_levels;			/* 1 + the id levels given */
	double mean;				/* grand mean of the values */
	double var[VARCOMP_MAX_LEVELS];		/* T_j^2; NAN: not estimable */
	double raw[VARCOMP_MAX_LEVELS];		/* S_j^2; NAN: not estimable */
	size_t units[VARCOMP_MAX_LEVELS];	/* units of each level */
	double per_parent[VARCOMP_MAX_LEVELS];	/* n_j: level-j units per level-(j+1) unit */
};

/*
 * @v[0..n): the values; @ids: n x (nr_levels - 1) ids, row-major, column
 * j - 1 the value's unit at level j (unique over the data set, nested: a
 * unit lies in one unit of each level above).  Returns -1 when out of
 * memory or nr_levels is not 1..VARCOMP_MAX_LEVELS.
 */
int varcomp_estimate(const double *v, size_t n, const unsigned int *ids,
		     size_t nr_levels, struct varcomp *out);

#endif
