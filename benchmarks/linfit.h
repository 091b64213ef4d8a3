/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Straight-line fit of cost against size, cost = per_call + per_page x pages,
 * over k >= 2 sizes with replicate samples at each size (a size sweep).
 *
 * Estimator: weighted least squares over every sample; a sample at size j
 * weighs 1 / s_j^2, s_j^2 its size's sample variance floored at
 * (LINFIT_REL_FLOOR x |mean_j|)^2 + LINFIT_ABS_FLOOR, so exact
 * (zero-variance) data is fitted too, in relative terms.  Intervals:
 * stratified percentile bootstrap (samples resampled within each size, the
 * weights re-estimated), with a fixed seed so the output is reproducible.
 * Lack of fit: sum_j n_j (mean_j - fit_j)^2 / s_j^2 against the chi^2
 * quantile on k - 2 degrees of freedom at p = LINFIT_LOF_P; the line "bends"
 * when that rejects and some relative residual exceeds LINFIT_BEND_MIN.
 * Shared by compare and the run summary; depends on stats.h only.
 */
#ifndef LMB_LINFIT_H
#define LMB_LINFIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINFIT_MAX_LEVELS 64	/* sizes in one fit */
#define LINFIT_BOOT 2000	/* bootstrap replicates */
#define LINFIT_SEED 0x6c617a796d6d75ULL
#define LINFIT_REL_FLOOR 1e-4	/* of |mean|: variance floor */
#define LINFIT_ABS_FLOOR 1e-12
#define LINFIT_LOF_P 0.001	/* lack-of-fit test level */
#define LINFIT_BEND_MIN 0.02	/* residual that matters in practice */
/*
 * Residuals are capped at +-1000%: beyond, the line is near 0 at that size
 * (counts of rare events) and the ratio says nothing more.
 */
#define LINFIT_RESID_MAX 10.0

/* The samples at one size: cost per call (not per page), x = pages. */
struct linfit_level {
	double x;
	const double *y;
	size_t n;		/* >= 2 */
};

struct linfit_opts {
	double alpha;		/* intervals are 1 - alpha; 0.05 */
	unsigned int boot;	/* replicates; 0 = LINFIT_BOOT */
	uint64_t seed;		/* 0 = LINFIT_SEED */
};

struct linfit {
	size_t k;			/* sizes */
	double per_call, per_page;	/* cost = per_call + per_page * x */
	double call_lo, call_hi;	/* 1 - alpha percentile intervals */
	double page_lo, page_hi;
	bool exact;			/* no spread at any size */
	bool checked;			/* k >= 3: the shape was tested */
	double x[LINFIT_MAX_LEVELS];	/* sizes, as given */
	double mean[LINFIT_MAX_LEVELS];
	double resid[LINFIT_MAX_LEVELS];	/* (mean - fit) / fit, capped
						 * at +-LINFIT_RESID_MAX
						 */
	size_t worst;			/* index of the largest |resid| */
	double lof, lof_crit;		/* statistic, chi^2 quantile; k >= 3 */
	bool bends;			/* the line does not describe the data */
};

/* Change from fit A to fit B, each term with its interval. */
struct linfit_term_diff {
	double diff, diff_lo, diff_hi;	/* B - A */
	double rel, rel_lo, rel_hi;	/* B / A - 1; NAN unless rel_ok */
	bool rel_ok;			/* A's term > 0 in the fit and every replicate */
	bool changed;			/* the interval excludes 0 */
};

struct linfit_diff {
	struct linfit_term_diff call, page;
};

/*
 * Fit @lv[0..k); 0 on success, -1 with errno EINVAL for bad input (k < 2
 * or > LINFIT_MAX_LEVELS, n < 2 at a size, two sizes equal, a value that
 * is not finite) or ENOMEM.  Never leaves a NAN estimate behind a 0.
 */
int linfit_fit(const struct linfit_level *lv, size_t k,
	       const struct linfit_opts *o, struct linfit *out);

/* Fits of A and B, bootstrapped independently, and the change of each term. */
int linfit_compare(const struct linfit_level *a, size_t ka,
		   const struct linfit_level *b, size_t kb,
		   const struct linfit_opts *o, struct linfit_diff *out);

/*
 * Where a bent fit leaves the line, e.g. "above the line at 2M (+6.1%)
 * and 1G (+4.0%), below at 64M (-3.2%): the cost per page grows with the
 * size"; @label[j] names size j.  Empty unless @f->bends.
 */
const char *linfit_bend_text(const struct linfit *f, const char *const *label,
			     char *buf, size_t cap);

/* Index of the largest |resid| (what "max residual" reports). */
static inline double linfit_max_resid(const struct linfit *f)
{
	return f->k >= 3 ? f->resid[f->worst] : 0;
}

#endif
