/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verdicts of compare: for every (group, metric, file) the descriptive
 * statistics and, for every file after the base, the change of the median
 * with its confidence interval, the p-value and the mark.
 */
#ifndef LMB_COMPARE_ANALYZE_H
#define LMB_COMPARE_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>

#include "compare/cmp_stats.h"
#include "compare/groups.h"

#define CMP_FEW_SAMPLES 10	/* warn below this many samples per side */
#define CMP_DRIFT_P 0.01	/* flag a trend over the run below this p */
#define CMP_THP_DIFF 0.10	/* warn when huge-page fractions differ more */

enum cmp_mark {
	MARK_NONE,		/* not judged: missing, unavailable, n < 2 */
	MARK_SAME,		/* "~": no significant change */
	MARK_BETTER,		/* significant improvement */
	MARK_WORSE,		/* significant regression */
};

enum cmp_state {
	STATE_OK,
	STATE_ABSENT,		/* the group has no samples in this file */
	STATE_UNAVAILABLE,	/* samples, but no value of this metric */
	STATE_FAILED,		/* the group failed in this file (# failed:) */
};

struct cmp_result {
	enum cmp_state state;
	struct cmp_desc desc;
	/* samples trend over the run (Spearman vs order, p < CMP_DRIFT_P) */
	bool drift_known, drift;
	double drift_rho;
	/* vs the base, files > 0 only; valid when judged */
	bool judged;
	bool additive;		/* zeros on a side: change and CI are the
				 * additive shift / the base median, not ratios
				 */
	bool exact;		/* every value on each side is the same (e.g. a
				 * deterministic emulated count): the change is
				 * exact, the CI is that point, p is NAN
				 */
	double change;		/* Hodges-Lehmann estimate of the relative change
				 * (median of all pairwise ratios - 1, or of all
				 * differences / base median when additive);
				 * NAN if relative to a base median of 0
				 */
	double median_change;	/* median / base median - 1; NAN if base median is 0 */
	double ci_lo, ci_hi;	/* relative, >= -1 (no metric is negative);
				 * +-INFINITY when too few samples
				 */
	bool ci_none;		/* too few samples for any interval at this alpha */
	double p;
	enum cmp_mark mark;
	bool by_runs;		/* tested on run medians, not samples */
	size_t runs_base, runs;	/* runs with values: base, this file */
	bool noisy;		/* CV above the limit on either side */
	bool wide_ci;		/* interval wider than the limit */
	bool few;		/* either side below CMP_FEW_SAMPLES */
};

enum cmp_unit {
	UNIT_AUTO,		/* runs when both sides hold >= CMP_RUNS_MIN runs */
	UNIT_SAMPLE,		/* every sample is an observation */
	UNIT_RUN,		/* every run's median is an observation */
};

#define CMP_RUNS_MIN 4		/* 4 vs 4 runs can reach p < 0.05 (2/70) */

struct cmp_opts {
	enum cmp_unit unit;
	double alpha;		/* 0.05 */
	double max_cv;		/* 0.10: flag a side as noisy above this CV */
	double max_ci_width;	/* 0.20: flag an interval wider than this */
};

struct cmp_analysis {
	const struct cmp_data *d;
	struct cmp_opts o;
	struct cmp_result *r;	/* [(group * nr_metrics + metric) * nr_files + file] */
	bool *metric_seen;	/* metric has a value somewhere */
	bool *metric_zero;	/* ... and every value of it is 0 */
};

int cmp_analyze(struct cmp_analysis *a, const struct cmp_data *d,
		const struct cmp_opts *o);
void cmp_analysis_free(struct cmp_analysis *a);

/* Does any file have a value of metric @m in group @g? */
bool cmp_group_has_metric(const struct cmp_analysis *a, size_t g, size_t m);

static inline const struct cmp_result *
cmp_res(const struct cmp_analysis *a, size_t g, size_t m, size_t f)
{
	return &a->r[(g * a->d->nr_metrics + m) * a->d->nr_files + f];
}

/*
 * Geometric mean over groups of file @f's medians and the base's, for
 * metric @m, over groups where both are > 0.  Returns how many groups.
 */
size_t cmp_geomean(const struct cmp_analysis *a, size_t m, size_t f,
		   double *base, double *other);

/* Does any judged result use the additive shift (zeros on a side)? */
bool cmp_any_additive(const struct cmp_analysis *a);

/*
 * Do the huge-page fractions (median thp_kb / size kB) of group @g differ
 * by more than CMP_THP_DIFF between file @f and the base?  False when
 * either is unknown (empty thp_kb).
 */
bool cmp_thp_differs(const struct cmp_data *d, size_t g, size_t f);

/* Is this judged result a regression larger than @pct percent? */
bool cmp_regression_above(const struct cmp_result *r, double pct);

#endif
