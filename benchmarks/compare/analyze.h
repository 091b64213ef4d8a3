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

#include "calibration.h"
#include "compare/cmp_stats.h"
#include "compare/groups.h"
#include "compare/levels.h"

#define CMP_FEW_SAMPLES 10	/* warn below this many samples per side */
#define CMP_DRIFT_P 0.01	/* flag a trend over the run below this p */
#define CMP_THP_DIFF 0.10	/* warn when huge-page fractions differ more */

enum cmp_mark {
	MARK_NONE,		/* not judged: missing, unavailable */
	MARK_SAME,		/* "~": no significant change */
	MARK_BETTER,		/* significant improvement */
	MARK_WORSE,		/* significant regression */
	MARK_UNKNOWN,		/* "?": the data cannot support a verdict (why) */
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
	/*
	 * samples trend within their runs (Spearman vs order in each run,
	 * combined over the runs, p < CMP_DRIFT_P); a step between runs is
	 * not drift
	 */
	bool drift_known, drift;
	double drift_rho;
	/* units of each level on this side (LVL_SAMPLE: samples) */
	size_t units[NR_LVL];
	/*
	 * The tested level's units (their geometric means, or arithmetic
	 * with zeros): median, CV and n shown in the table; for the base,
	 * those of its comparison with the first other file.
	 */
	struct cmp_desc udesc;
	enum cmp_level level;	/* the level tested (judged or "?") */
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
	bool welch;		/* Welch t on unit means, not Mann-Whitney */
	bool forced;		/* --level chose the level, not the data */
	bool calibrated;	/* a calibrated level's variance is added */
	char calib_levels[32];	/* "boot", "boot+run": the calibrated ones */
	double df;		/* degrees of freedom of the Welch test */
	bool noisy;		/* CV above the limit on either side */
	bool wide_ci;		/* interval wider than the limit */
	bool few;		/* either side below CMP_FEW_SAMPLES samples */
	char why[256];		/* reason of MARK_UNKNOWN */
};

#define CMP_LEVEL_AUTO (-1)

struct cmp_opts {
	int level;		/* CMP_LEVEL_AUTO or the enum cmp_level forced */
	const struct calibration *cal;	/* --calibration, or NULL */
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

/*
 * verdict.c: judge group @g, metric @m, file @f against the base at the
 * highest level that varies and has >= 2 units a side (docs/compare.md);
 * fills r (and the base's udesc when @f is 1).  -1 when out of memory.
 */
int cmp_verdict(const struct cmp_opts *o, const struct cmp_data *d, size_t g,
		size_t m, size_t f, struct cmp_result *base, struct cmp_result *r);

/*
 * The level cmp_verdict would test for group @g, metric @m, file @f (no
 * calibration), or NR_LVL with the reason of the "?" in @why.
 */
enum cmp_level cmp_pick_level(const struct cmp_opts *o, const struct cmp_data *d,
			      size_t g, size_t m, size_t f, char *why, size_t cap);

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
