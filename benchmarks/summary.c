// SPDX-License-Identifier: GPL-2.0
/*
 * Run summary: per workload and page mode, the median ns/page with its
 * inter-quartile range, the system-time share of the timed windows, and
 * the median of every measured counter per page; then, for a workload
 * and page mode measured at several sizes, the size fit (summary_fit.c).
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "event_names.h"
#include "log.h"
#include "stats.h"
#include "summary.h"
#include "summary_fit.h"

#define SYS_SHARE_MIN_NS 1000000000.0

struct group {
	char workload[32], mode[16];
	char failed[16];	/* stage it failed at; "" = did not fail */
	uint64_t pages;
	unsigned int workers;	/* 1 for the single measuring thread */
	bool procs;
	double *rate;		/* aggregate pages/s per round */
	size_t nr_rates, cap_rates;
	size_t n, cap;
	double *ns;		/* n */
	double *ev;		/* n * nr_events, NAN = unavailable */
	double sum_ns, sum_sys_ns;
	bool sys_known;
};

struct summary {
	const struct counter_set *cs;
	size_t nr_events;
	struct group *g;
	size_t nr_groups;
};

struct summary *summary_new(const struct counter_set *cs)
{
	struct summary *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->cs = cs;
	s->nr_events = cs ? counters_count(cs) : 0;
	return s;
}

int summary_begin(struct summary *s, const char *workload, const char *mode,
		  uint64_t pages)
{
	struct group *g = realloc(s->g, (s->nr_groups + 1) * sizeof(*g));

	if (!g) {
		lmb_err("out of memory for the run summary");
		return -1;
	}
	s->g = g;
	g = &s->g[s->nr_groups++];
	memset(g, 0, sizeof(*g));
	snprintf(g->workload, sizeof(g->workload), "%s", workload);
	snprintf(g->mode, sizeof(g->mode), "%s", mode);
	g->pages = pages;
	g->workers = 1;
	g->sys_known = true;
	return 0;
}

void summary_fail(struct summary *s, const char *stage)
{
	if (s && s->nr_groups)
		snprintf(s->g[s->nr_groups - 1].failed,
			 sizeof(s->g[0].failed), "%s", stage);
}

void summary_set_workers(struct summary *s, unsigned int workers, bool procs)
{
	if (!s->nr_groups)
		return;
	s->g[s->nr_groups - 1].workers = workers;
	s->g[s->nr_groups - 1].procs = procs;
}

int summary_add_round(struct summary *s, uint64_t pages, uint64_t wall_ns)
{
	struct group *g;

	if (!s->nr_groups || !wall_ns)
		return -1;
	g = &s->g[s->nr_groups - 1];
	if (g->nr_rates == g->cap_rates) {
		size_t cap = g->cap_rates ? g->cap_rates * 2 : 16;
		double *r = realloc(g->rate, cap * sizeof(*r));

		if (!r) {
			lmb_err("out of memory for the run summary");
			return -1;
		}
		g->rate = r;
		g->cap_rates = cap;
	}
	g->rate[g->nr_rates++] = (double)pages * 1e9 / (double)wall_ns;
	return 0;
}

int summary_add(struct summary *s, uint64_t ns, int64_t sys_ns,
		const struct counter_value *ev)
{
	struct group *g;
	size_t i;

	if (!s->nr_groups)
		return -1;
	g = &s->g[s->nr_groups - 1];
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		double *ns_v = realloc(g->ns, cap * sizeof(*ns_v));
		double *ev_v;

		if (!ns_v) {
			lmb_err("out of memory for the run summary");
			return -1;
		}
		g->ns = ns_v;
		ev_v = realloc(g->ev, cap * (s->nr_events ? s->nr_events : 1) *
				      sizeof(*ev_v));
		if (!ev_v) {
			lmb_err("out of memory for the run summary");
			return -1;
		}
		g->ev = ev_v;
		g->cap = cap;
	}
	g->ns[g->n] = (double)ns / (double)g->pages;
	for (i = 0; i < s->nr_events; i++)
		g->ev[g->n * s->nr_events + i] = ev[i].status == COUNTER_OK ?
			ev[i].value / (double)g->pages : NAN;
	g->n++;
	g->sum_ns += (double)ns;
	if (sys_ns >= 0)
		g->sum_sys_ns += (double)sys_ns;
	else
		g->sys_known = false;
	return 0;
}

/*
 * Median of event @e over the group's samples that measured it (with PMU
 * group rotation, only some do); their number in *@n; NAN if none.
 */
static double event_median(const struct summary *s, const struct group *g,
			   size_t e, double *tmp, size_t *n_measured)
{
	size_t i, n = 0;

	for (i = 0; i < g->n; i++) {
		double v = g->ev[i * s->nr_events + e];

		if (!isnan(v))
			tmp[n++] = v;
	}
	if (n_measured)
		*n_measured = n;
	return n ? stats_median(tmp, n) : NAN;
}

/* Prints the group's line; true when a counter measured fewer than n samples. */
static bool print_group(const struct summary *s, const struct group *g,
			FILE *f, double *tmp, bool workers)
{
	bool partial = false;
	double med, q1, q3;
	char thr[16];
	size_t e, n_ev;

	snprintf(thr, sizeof(thr), "%u%s", g->workers, g->procs ? "p" : "");
	if (g->failed[0]) {
		fprintf(f, "%-17s %-5s %4s %9llu %4zu FAILED at %s (# failed: line in the CSV)\n",
			g->workload, g->mode, thr, (unsigned long long)g->pages,
			g->n, g->failed);
		return false;
	}
	memcpy(tmp, g->ns, g->n * sizeof(*tmp));
	q1 = stats_quantile(tmp, g->n, 0.25);
	med = stats_quantile(tmp, g->n, 0.5);
	q3 = stats_quantile(tmp, g->n, 0.75);
	fprintf(f, "%-17s %-5s %4s %9llu %4zu %10.2f %7.1f%% ",
		g->workload, g->mode, thr, (unsigned long long)g->pages, g->n, med,
		med > 0 ? 100.0 * (q3 - q1) / med : 0.0);
	if (workers && g->nr_rates) {
		memcpy(tmp, g->rate, g->nr_rates * sizeof(*tmp));
		fprintf(f, "%9.2f ", stats_median(tmp, g->nr_rates) / 1e6);
	} else if (workers) {
		fprintf(f, "%9s ", "-");
	}
	/* getrusage is tick-granular: only a long total window says anything. */
	if (g->sys_known && g->sum_ns >= SYS_SHARE_MIN_NS)
		fprintf(f, "%5.0f%%", 100.0 * g->sum_sys_ns / g->sum_ns);
	else
		fprintf(f, "%6s", "n/a");
	for (e = 0; e < s->nr_events; e++) {
		double v = event_median(s, g, e, tmp, &n_ev);
		const char *col = counters_column(s->cs, e);

		if (isnan(v))
			continue;
		fprintf(f, "  %s=%.3g", strncmp(col, "ev_", 3) ? col : col + 3, v);
		if (n_ev < g->n) {
			fprintf(f, "[n=%zu]", n_ev);
			partial = true;
		}
	}
	fputc('\n', f);
	return partial;
}

static bool same_series(const struct group *a, const struct group *b)
{
	return !strcmp(a->workload, b->workload) && !strcmp(a->mode, b->mode) &&
	       a->workers == b->workers && a->procs == b->procs;
}

/*
 * The sizes of @g0's series (groups not yet @done) into sz[], ascending,
 * one group per size: ns per page first; returns how many.
 */
static size_t collect_sizes(const struct summary *s, size_t g0, bool *done,
			    struct summary_size *sz, size_t *gi)
{
	size_t i, j, k = 0;

	for (i = g0; i < s->nr_groups; i++) {
		const struct group *g = &s->g[i];

		if (done[i] || !g->n || g->failed[0] || !same_series(&s->g[g0], g))
			continue;
		done[i] = true;
		for (j = 0; j < k && sz[j].pages != (double)g->pages; j++)
			;
		if (j < k)
			continue;	/* the same size again: the first counts */
		for (j = k; j > 0 && sz[j - 1].pages > (double)g->pages; j--) {
			sz[j] = sz[j - 1];
			gi[j] = gi[j - 1];
		}
		sz[j] = (struct summary_size){ .pages = (double)g->pages,
					       .per_page = g->ns, .n = g->n,
					       .stride = 1 };
		gi[j] = i;
		k++;
	}
	return k;
}

/* The size fit of every workload + mode (+ workers) seen at >= 2 sizes. */
static int print_fits(const struct summary *s, FILE *f)
{
	bool *done = calloc(s->nr_groups + 1, sizeof(*done)), title = false;
	struct summary_size *sz = calloc(s->nr_groups + 1, sizeof(*sz));
	size_t *gi = calloc(s->nr_groups + 1, sizeof(*gi));
	size_t i, j, k, e;
	char what[96];
	int ret = -1;

	if (!done || !sz || !gi)
		goto out;
	for (i = 0; i < s->nr_groups; i++) {
		const struct group *g = &s->g[i];

		if (done[i] || !g->n)
			continue;
		k = collect_sizes(s, i, done, sz, gi);
		if (k < 2)
			continue;
		if (!title)
			fprintf(f, "size fit: cost per call = per call + per page x pages (weighted least squares, 95%% bootstrap CI):\n");
		title = true;
		snprintf(what, sizeof(what), "%s %s %u%s", g->workload, g->mode,
			 g->workers, g->procs ? "p" : "");
		fprintf(f, "%s, %zu sizes\n", what, k);
		if (summary_fit_print(f, "time", sz, k, true))
			goto out;
		for (e = 0; e < s->nr_events; e++) {
			const char *col = counters_column(s->cs, e);

			for (j = 0; j < k; j++) {
				sz[j].per_page = s->g[gi[j]].ev + e;
				sz[j].stride = s->nr_events;
			}
			if (summary_fit_print(f, strncmp(col, "ev_", 3) ? col : col + 3,
					      sz, k, event_column_is_ns(col)))
				goto out;
		}
	}
	ret = 0;
out:
	if (ret)
		lmb_err("out of memory for the size fit of the run summary");
	free(done);
	free(sz);
	free(gi);
	return ret;
}

void summary_print(const struct summary *s, FILE *f)
{
	size_t i, e, max_n = 0;
	bool any_unavailable = false, workers = false, partial = false;
	bool failed = false;
	double *tmp;

	for (i = 0; i < s->nr_groups; i++) {
		if (s->g[i].n > max_n)
			max_n = s->g[i].n;
		if (s->g[i].nr_rates > max_n)
			max_n = s->g[i].nr_rates;
		workers |= s->g[i].nr_rates > 0;
		failed |= s->g[i].failed[0] != '\0';
	}
	if (!max_n && !failed) {
		fprintf(f, "no samples were measured\n");
		return;
	}
	tmp = calloc(max_n ? max_n : 1, sizeof(*tmp));
	if (!tmp)
		return;
	fprintf(f, "%-17s %-5s %4s %9s %4s %10s %8s ", "workload", "page", "thr",
		"pages", "n", "ns/page", "IQR");
	if (workers)
		fprintf(f, "%9s ", "agg Mp/s");
	fprintf(f, "%6s  %s\n", "sys", "counters per page (median)");
	for (i = 0; i < s->nr_groups; i++)
		if (s->g[i].n || s->g[i].failed[0])
			partial |= print_group(s, &s->g[i], f, tmp, workers);
	for (e = 0; e < s->nr_events; e++) {
		bool seen = false;

		for (i = 0; i < s->nr_groups && !seen; i++)
			seen = !isnan(event_median(s, &s->g[i], e, tmp, NULL));
		if (seen)
			continue;
		fprintf(f, "%s %s", any_unavailable ? "," : "not measured (unavailable here):",
			counters_column(s->cs, e));
		any_unavailable = true;
	}
	if (any_unavailable)
		fputc('\n', f);
	fprintf(f, "ns/page: median wall time of the timed window per base page; "
		"IQR: inter-quartile range / median;\n"
		"thr: workers (p: processes), ns/page then over every worker's samples;\n");
	if (partial)
		fprintf(f, "counter=V[n=K]: median of the K samples that measured the counter (its PMU group's turn, column pmu_group);\n");
	if (workers)
		fprintf(f, "agg Mp/s: median over rounds of all workers' pages / (last end - first start), in millions per second;\n");
	fprintf(f,
		"sys: system-time share of the windows (getrusage; tick-granular, so shown only when the windows add up to >= 1 s)\n");
	free(tmp);
	print_fits(s, f);
}

void summary_free(struct summary *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nr_groups; i++) {
		free(s->g[i].ns);
		free(s->g[i].ev);
		free(s->g[i].rate);
	}
	free(s->g);
	free(s);
}
