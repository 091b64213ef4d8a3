/* SPDX-License-Identifier: GPL-2.0 */
/* Order statistics shared by the run summary and the compare command. */
#ifndef LMB_STATS_H
#define LMB_STATS_H

#include <stddef.h>

/* Sort ascending in place (radix sort from 256 values on; NaN go to the ends). */
void stats_sort(double *v, size_t n);
/* Quantile q in [0,1] of v[0..n) (linear interpolation, R type 7); v is sorted in place. */
double stats_quantile(double *v, size_t n, double q);
double stats_median(double *v, size_t n);
double stats_mean(const double *v, size_t n);
double stats_stddev(const double *v, size_t n);	/* sample stddev (n-1) */

#endif
