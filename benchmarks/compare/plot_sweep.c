// SPDX-License-Identifier: GPL-2.0
/* --plot: cost per page versus the number of workers, a line per file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/fmt.h"
#include "compare/group_param.h"
#include "compare/plot_gp.h"
#include "compare/plot_sweep.h"
#include "log.h"

struct sweep {
	const struct cmp_analysis *a;
	const char *dir;
	size_t thr;		/* index of the "threads" parameter */
	size_t mode;		/* index of "page_mode" */
	size_t *g;		/* groups of this sweep, by worker count */
	double *x;		/* their worker counts */
	size_t n;
	char name[256];		/* file name without ".png" */
	char title[256];	/* "munmap 4k 64M" */
};

/* Worker count of group @g; false when it has none (no threads column). */
static bool workers_of(const struct sweep *s, size_t g, double *x)
{
	const struct cmp_data *d = s->a->d;

	return s->thr < d->nr_params &&
	       csv_parse_number(d->groups[g].params[s->thr], x) && *x >= 1;
}

/* Collect the groups of @g's sweep (not yet @done), sorted by worker count. */
static void collect(struct sweep *s, size_t g0, bool *done)
{
	const struct cmp_data *d = s->a->d;
	size_t g, i;
	double x;

	s->n = 0;
	for (g = g0; g < d->nr_groups; g++) {
		if (done[g] || !workers_of(s, g, &x) ||
		    !cmp_same_except(d, g0, g, s->thr))
			continue;
		done[g] = true;
		for (i = s->n; i > 0 && s->x[i - 1] > x; i--) {
			s->x[i] = s->x[i - 1];
			s->g[i] = s->g[i - 1];
		}
		s->x[i] = x;
		s->g[i] = g;
		s->n++;
	}
}

/* Does some file have values at two or more worker counts? */
static bool is_sweep(const struct sweep *s)
{
	const struct cmp_data *d = s->a->d;
	size_t f, i, k, m = cmp_primary_metric(d);

	for (f = 0; f < d->nr_files; f++) {
		for (i = 0, k = 0; i < s->n; i++)
			k += cmp_res(s->a, s->g[i], m, f)->state == STATE_OK;
		if (k >= 2)
			return true;
	}
	return false;
}

/*
 * "<workload>-<page_mode>-sweep", plus the other parameters (size, ...)
 * when the files hold this workload and page mode with other values too.
 */
static void sweep_name(struct sweep *s)
{
	const struct cmp_data *d = s->a->d;
	const struct cmp_group *g0 = &d->groups[s->g[0]];
	char raw[256], v[FMT_LEN];
	size_t g, p, len;
	bool clash = false;

	/* another size (...) of this workload and page mode? */
	for (g = 0; g < d->nr_groups && !clash; g++) {
		const struct cmp_group *h = &d->groups[g];

		clash = !strcmp(h->workload, g0->workload) &&
			(s->mode == d->nr_params ||
			 !strcmp(h->params[s->mode], g0->params[s->mode])) &&
			!cmp_same_except(d, s->g[0], g, s->thr);
	}
	len = (size_t)snprintf(raw, sizeof(raw), "%s", g0->workload);
	if (s->mode < d->nr_params && *g0->params[s->mode] && len < sizeof(raw))
		len += (size_t)snprintf(raw + len, sizeof(raw) - len, "-%s",
					g0->params[s->mode]);
	for (p = 0; clash && p < d->nr_params && len < sizeof(raw); p++)
		if (p != s->thr && p != s->mode && *g0->params[p])
			len += (size_t)snprintf(raw + len, sizeof(raw) - len, "-%s",
						fmt_param(v, d->param_names[p],
							  g0->params[p]));
	if (len < sizeof(raw))
		snprintf(raw + len, sizeof(raw) - len, "-sweep");
	plot_safe(s->name, sizeof(s->name), raw);

	len = (size_t)snprintf(raw, sizeof(raw), "%s", g0->workload);
	for (p = 0; p < d->nr_params && len < sizeof(raw); p++)
		if (p != s->thr && *g0->params[p])
			len += (size_t)snprintf(raw + len, sizeof(raw) - len, " %s",
						fmt_param(v, d->param_names[p],
							  g0->params[p]));
	plot_safe(s->title, sizeof(s->title), raw);
}

/*
 * One index per file: "workers median q1 q3" for each worker count with
 * samples.  npts[f]: rows with a value.
 */
static int write_data(const struct sweep *s, size_t *npts)
{
	const struct cmp_data *d = s->a->d;
	size_t f, i, m = cmp_primary_metric(d);
	FILE *dat = plot_open(s->dir, s->name, ".dat");

	if (!dat)
		return -1;
	for (f = 0; f < d->nr_files; f++) {
		npts[f] = 0;
		fprintf(dat, "# file %zu: workers median q1 q3\n", f);
		for (i = 0; i < s->n; i++) {
			const struct cmp_result *r = cmp_res(s->a, s->g[i], m, f);

			if (r->state != STATE_OK)
				continue;
			fprintf(dat, "%g %.6g %.6g %.6g\n", s->x[i], r->desc.median,
				r->desc.q1, r->desc.q3);
			npts[f]++;
		}
		/* gnuplot would not count an empty block as an index */
		if (!npts[f])
			fputs("NaN NaN NaN NaN\n", dat);
		fputs("\n\n", dat);
	}
	if (fclose(dat)) {
		lmb_err("--plot: writing the data of %s failed", s->name);
		return -1;
	}
	return 0;
}

/* "threads" or "processes" from the file's metadata, NULL if neither. */
static const char *worker_kind(const struct cmp_data *d, size_t f)
{
	const char *w = meta_get(&d->files[f]->meta, "workers");

	return w && (!strcmp(w, "threads") || !strcmp(w, "processes")) ? w : NULL;
}

static void x_axis(const struct sweep *s, FILE *gp, const size_t *npts)
{
	const struct cmp_data *d = s->a->d;
	const char *kind = NULL, *k;
	double lo = INFINITY, hi = -INFINITY, pad;
	bool mixed = false;
	size_t f, i;

	for (f = 0; f < d->nr_files; f++) {
		if (!npts[f])
			continue;
		k = worker_kind(d, f);
		mixed |= !k || (kind && strcmp(kind, k));
		kind = kind ? kind : k;
	}
	if (!kind || mixed)
		fputs("set xlabel \"workers (threads or processes: see the key)\"\n", gp);
	else
		fprintf(gp, "set xlabel \"%s\"\n", !strcmp(kind, "threads") ?
			"threads (of one process: one shared mm)" :
			"processes (one mm each)");
	fputs("set xtics (", gp);
	for (i = 0; i < s->n; i++) {
		if (i && s->x[i] == s->x[i - 1])
			continue;
		fprintf(gp, "%s%g", i ? ", " : "", s->x[i]);
		lo = s->x[i] < lo ? s->x[i] : lo;
		hi = s->x[i] > hi ? s->x[i] : hi;
	}
	fputs(")\n", gp);
	if (hi >= 8 * lo) {
		fprintf(gp, "set logscale x 2\nset xrange [%g:%g]\n", lo / 1.3, hi * 1.3);
	} else {
		pad = (hi - lo) * 0.08 > 0.3 ? (hi - lo) * 0.08 : 0.3;
		fprintf(gp, "set xrange [%g:%g]\n", lo - pad, hi + pad);
	}
}

/* One line per file: the median with the quartiles as error bars. */
static void plot_lines(const struct sweep *s, FILE *gp, const size_t *npts)
{
	const struct cmp_data *d = s->a->d;
	char title[320];
	const char *kind;
	size_t f;
	bool first = true;

	fputs("plot ", gp);
	for (f = 0; f < d->nr_files; f++) {
		if (!npts[f])
			continue;
		kind = worker_kind(d, f);
		fprintf(gp, "%s\\\n  \"%s.dat\" index %zu using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1 lc rgb \"%s\" title \"%s%s%s\"",
			first ? "" : ", ", s->name, f, plot_color(f),
			plot_file_title(title, sizeof(title), d, f),
			kind ? ", " : "", kind ? kind : "");
		first = false;
	}
	fputc('\n', gp);
}

static int write_script(const struct sweep *s)
{
	const struct cmp_data *d = s->a->d;
	const struct cmp_metric *m = &d->metrics[cmp_primary_metric(d)];
	size_t *npts = calloc(d->nr_files, sizeof(*npts));
	char metric[128];
	FILE *gp;
	int ret = -1;

	if (!npts) {
		lmb_err("--plot: out of memory drawing %s", s->name);
		return -1;
	}
	if (write_data(s, npts))
		goto out;
	gp = plot_open(s->dir, s->name, ".gp");
	if (!gp)
		goto out;
	plot_safe(metric, sizeof(metric), m->name);
	fprintf(gp, "# lazymmu-bench compare --plot: worker sweep %s\n", s->name);
	plot_terminal(gp, s->name, 1000, 600);
	fputs("set grid\nset key below\nset lmargin 12\nset rmargin 4\n", gp);
	x_axis(s, gp, npts);
	fprintf(gp, "set title \"%s: median %s per worker count, error bars: inter-quartile range (lower is better)\"\n",
		s->title, metric);
	fprintf(gp, "set ylabel \"%s (%s)\"\nset yrange [0:*]\n", metric,
		fmt_metric_unit(m));
	plot_lines(s, gp, npts);
	if (fclose(gp)) {
		lmb_err("--plot: writing the script of %s failed", s->name);
		goto out;
	}
	ret = plot_render(s->dir, s->name);
out:
	free(npts);
	return ret;
}

int cmp_plot_sweeps(const struct cmp_analysis *a, const char *dir)
{
	const struct cmp_data *d = a->d;
	struct sweep s = { .a = a, .dir = dir };
	bool *done = calloc(d->nr_groups ? d->nr_groups : 1, sizeof(*done));
	size_t g;
	int ret = -1;

	s.g = malloc((d->nr_groups ? d->nr_groups : 1) * sizeof(*s.g));
	s.x = malloc((d->nr_groups ? d->nr_groups : 1) * sizeof(*s.x));
	if (!done || !s.g || !s.x) {
		lmb_err("--plot: out of memory looking for worker sweeps in %zu groups",
			d->nr_groups);
		goto out;
	}
	s.thr = cmp_param_index(d, "threads");
	s.mode = cmp_param_index(d, "page_mode");
	for (g = 0; g < d->nr_groups; g++) {
		if (done[g])
			continue;
		collect(&s, g, done);
		if (!s.n || !is_sweep(&s))
			continue;
		sweep_name(&s);
		if (write_script(&s))
			goto out;
	}
	ret = 0;
out:
	free(done);
	free(s.g);
	free(s.x);
	return ret;
}
