/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Samples of several result files, grouped by workload + parameters, with
 * one value array per (group, file, metric).
 *
 * A sample is one (run_id, sample index) of phase "sample"; with several
 * threads its value is the mean over the workers' rows.  Files joined with
 * cat hold several runs: each run's median is kept too, for a test with
 * the run as its unit.  Metrics are
 * ns_per_page, "<split>_ns_per_page" for a split point, and every counter
 * column ev_* (not ev_*_run) divided by pages.  An empty cell adds nothing:
 * a metric without values on a side is unavailable there, never 0.
 * What the pages really were is kept per group and file: the median over
 * the sample rows of thp_kb / (size_bytes / 1024), and the median pages
 * (for the size fit, which needs the cost per sample, not per page).
 */
#ifndef LMB_COMPARE_GROUPS_H
#define LMB_COMPARE_GROUPS_H

#include <stdbool.h>
#include <stddef.h>

#include "compare/csv_read.h"
#include "compare/levels.h"

enum cmp_metric_kind {
	METRIC_NS_PER_PAGE,
	METRIC_SPLIT,		/* split_ns / pages for one split_name */
	METRIC_EVENT,		/* ev_<name> / pages */
};

struct cmp_metric {
	char *name;		/* "ns_per_page", "copy_ns_per_page", "ev_page_faults" */
	char *column;		/* CSV column (event) or split name */
	enum cmp_metric_kind kind;
	bool higher_is_better;	/* false for every metric of schema 1 */
};

struct cmp_values {
	double *v;		/* one value per sample, in file order */
	size_t n, cap;
	double *run;		/* median of each run's samples (run_id) */
	size_t nr_runs, cap_runs;
	unsigned int *ids;	/* NR_ID_LVL per value: run, boot, seed (levels.h) */
	size_t cap_ids;
};

struct cmp_group {
	char *workload;
	char **params;		/* nr_params values, "" when a file has no such column */
	size_t *nr_samples;	/* per file; 0 = group absent from that file */
	struct cmp_values *val;	/* [file * nr_metrics + metric] */
	double *thp_frac;	/* per file: huge-page fraction of the region,
				 * NAN when thp_kb is empty (unknown)
				 */
	/* per file: the "# failed:" line that marks the group failed
	 * there (its samples then count for nothing), or NULL
	 */
	const struct csv_failed **failed;
	double *pages;		/* per file: median of the pages column of
				 * the sample rows (a row's pages, per worker
				 * with several), NAN when none
				 */
	size_t *offcpu;		/* per file: samples with offcpu=1 (any worker) */
	size_t *offcpu_known;	/* per file: samples with an offcpu value */
};

struct cmp_data {
	struct csv_table **files;	/* not owned */
	size_t nr_files;
	char **param_names;		/* page_mode, size_bytes, threads, others */
	size_t nr_params;
	struct cmp_metric *metrics;
	size_t nr_metrics;
	struct cmp_group *groups;	/* order of first appearance */
	size_t nr_groups;
	struct cmp_side *sides;		/* per file: its runs, boots, seeds */
};

/*
 * Group every file's samples; -1 (message printed) on error.  @only: NULL,
 * or comma-separated metric names to keep (an unknown name is an error).
 */
int cmp_data_build(struct cmp_data *d, struct csv_table **files, size_t nr_files,
		   const char *only);
void cmp_data_free(struct cmp_data *d);

static inline struct cmp_values *cmp_vals(const struct cmp_data *d,
					  const struct cmp_group *g,
					  size_t file, size_t metric)
{
	return &g->val[file * d->nr_metrics + metric];
}

/* Index of the metric shown first (ns_per_page unless --metrics dropped it). */
size_t cmp_primary_metric(const struct cmp_data *d);

/* Event columns all files describe as unavailable: the reason, else NULL. */
const char *cmp_event_reason(const struct cmp_data *d, const char *column);

#endif
