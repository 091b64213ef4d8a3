/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Size sweeps of compare: sets of >= 2 groups with the same workload and
 * every parameter equal except size_bytes (pages follows it), at >= 2 of
 * which one file holds >= 2 samples, found in the
 * groups themselves (one run --sweep-size, files joined with cat, or older
 * runs at different --size values alike).  For each sweep, fitted metric
 * (ns_per_page and every ev_* counter) and file, the fit (linfit.h) of the
 * cost per sample - the metric per page times the group's pages - against
 * pages; for each file after the base, the change of both terms and marks.
 */
#ifndef LMB_COMPARE_SIZEFIT_H
#define LMB_COMPARE_SIZEFIT_H

#include <stdbool.h>
#include <stddef.h>

#include "compare/analyze.h"
#include "linfit.h"

struct size_sweep {
	size_t *g;		/* its groups, by ascending size */
	size_t n;
};

enum sizefit_state {
	SIZEFIT_OK,
	SIZEFIT_NONE,		/* fewer than 2 sizes with >= 2 samples here */
	SIZEFIT_FAILED,		/* linfit refused the data (see why) */
};

struct sizefit_res {
	enum sizefit_state state;
	struct linfit fit;		/* x = pages */
	size_t lg[LINFIT_MAX_LEVELS];	/* group of each fitted size */
	size_t samples;			/* over every fitted size */
	bool judged;			/* base fitted too: diff is set */
	struct linfit_diff diff;	/* this file - base */
	enum cmp_mark call_mark, page_mark;
	char why[256];			/* reason of a "?" change, else "" */
	bool unknown;			/* the change is "?" (why) */
	enum cmp_level level;		/* level of the change's interval */
	size_t units_base, units;	/* units fitted at that level */
};

struct sizefit {
	const struct cmp_analysis *a;
	struct size_sweep *sw;
	size_t nr_sweeps;
	size_t *metric;		/* fitted metrics (indices into d->metrics) */
	size_t nr_metrics;
	struct sizefit_res *r;	/* [(sweep * nr_metrics + i) * nr_files + file] */
};

/* Find and fit every sweep of @a; -1 (message printed) when out of memory. */
int sizefit_build(struct sizefit *s, const struct cmp_analysis *a);
void sizefit_free(struct sizefit *s);

static inline const struct sizefit_res *
sizefit_res(const struct sizefit *s, size_t sw, size_t i, size_t f)
{
	return &s->r[(sw * s->nr_metrics + i) * s->a->d->nr_files + f];
}

/* Index of the size_bytes parameter (d->nr_params when none). */
size_t sizefit_size_param(const struct cmp_data *d);

/* "2M..1G": the sizes of sweep @sw. */
const char *sizefit_range(char *buf, size_t cap, const struct sizefit *s,
			  size_t sw);

/* "munmap 4k 2M..1G 1": workload and parameters with the size range. */
const char *sizefit_name(char *buf, size_t cap, const struct sizefit *s,
			 size_t sw);

/*
 * Display scale and units of fitted metric @m: ns_per_page (and the
 * task-clock counters, in ns) show the per call term in us (scale 1e-3)
 * and the per page term in ns; any other counter shows counts.  *call_unit / *page_unit: "us", "ns" or "" (counts).
 */
double sizefit_call_scale(const struct cmp_metric *m, const char **call_unit,
			  const char **page_unit);

/* "above the line at 2M (+6.1%) ..." for fit @r (empty unless it bends). */
const char *sizefit_bend(char *buf, size_t cap, const struct sizefit *s,
			 const struct sizefit_res *r);

#endif
