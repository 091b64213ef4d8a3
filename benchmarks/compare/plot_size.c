// SPDX-License-Identifier: GPL-2.0
/* --plot: cost per page versus the region size, a line and a fit per file. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare/fmt.h"
#include "compare/plot_gp.h"
#include "compare/plot_size.h"
#include "compare/sizefit.h"
#include "log.h"

#define CURVE_POINTS 60

/* "munmap-4k-t1-size" and the title "munmap 4k 2M..1G 1". */
static void names(const struct sizefit *s, size_t w, char *name, size_t ncap,
		  char *title, size_t tcap)
{
	const struct cmp_data *d = s->a->d;
	const struct cmp_group *g = &d->groups[s->sw[w].g[0]];
	size_t sp = sizefit_size_param(d), p, len;
	char raw[256];

	len = (size_t)snprintf(raw, sizeof(raw), "%s", g->workload);
	for (p = 0; p < d->nr_params && len < sizeof(raw); p++)
		if (p != sp && *g->params[p])
			len += (size_t)snprintf(raw + len, sizeof(raw) - len, "-%s%s",
						strcmp(d->param_names[p], "threads") ?
						"" : "t", g->params[p]);
	if (len < sizeof(raw))
		snprintf(raw + len, sizeof(raw) - len, "-size");
	plot_safe(name, ncap, raw);
	plot_safe(title, tcap, sizefit_name(raw, sizeof(raw), s, w));
}

static bool size_of(const struct cmp_data *d, size_t g, double *v)
{
	return csv_parse_number(d->groups[g].params[sizefit_size_param(d)], v);
}

/*
 * Per file two blocks: "bytes median q1 q3" at each size, then the fitted
 * curve "bytes ns_per_page" (NaN when the file has no fit).
 */
static int write_data(const struct sizefit *s, size_t w, size_t i,
		      const char *dir, const char *name)
{
	const struct cmp_data *d = s->a->d;
	const struct size_sweep *sw = &s->sw[w];
	size_t f, j, m = s->metric[i];
	FILE *dat = plot_open(dir, name, ".dat");
	double bytes;

	if (!dat)
		return -1;
	for (f = 0; f < d->nr_files; f++) {
		const struct sizefit_res *r = sizefit_res(s, w, i, f);
		bool any = false;

		fprintf(dat, "# file %zu: size_bytes median q1 q3\n", f);
		for (j = 0; j < sw->n; j++) {
			const struct cmp_result *c = cmp_res(s->a, sw->g[j], m, f);

			if (c->state != STATE_OK || !size_of(d, sw->g[j], &bytes))
				continue;
			fprintf(dat, "%.0f %.6g %.6g %.6g\n", bytes, c->desc.median,
				c->desc.q1, c->desc.q3);
			any = true;
		}
		if (!any)
			fputs("NaN NaN NaN NaN\n", dat);
		fprintf(dat, "\n\n# file %zu: size_bytes fitted ns_per_page\n", f);
		if (r->state != SIZEFIT_OK) {
			fputs("NaN NaN\n\n\n", dat);
			continue;
		}
		{
			/* pages per byte of this file, from its first fitted size */
			double lo, hi, ppb, x, p;

			size_of(d, r->lg[0], &lo);
			size_of(d, r->lg[r->fit.k - 1], &hi);
			ppb = r->fit.x[0] / lo;
			for (j = 0; j < CURVE_POINTS; j++) {
				x = lo * pow(hi / lo, (double)j / (CURVE_POINTS - 1));
				p = x * ppb;
				fprintf(dat, "%.0f %.6g\n", x,
					(r->fit.per_call + r->fit.per_page * p) / p);
			}
		}
		fputs("\n\n", dat);
	}
	if (fclose(dat)) {
		lmb_err("--plot: writing the data of %s failed", name);
		return -1;
	}
	return 0;
}

static void x_axis(const struct sizefit *s, size_t w, FILE *gp)
{
	const struct cmp_data *d = s->a->d;
	const struct size_sweep *sw = &s->sw[w];
	char v[FMT_LEN];
	double lo, hi, b;
	size_t j;

	size_of(d, sw->g[0], &lo);
	size_of(d, sw->g[sw->n - 1], &hi);
	fputs("set xlabel \"region size (log scale)\"\nset logscale x 2\nset xtics (", gp);
	for (j = 0; j < sw->n; j++) {
		size_of(d, sw->g[j], &b);
		fprintf(gp, "%s\"%s\" %.0f", j ? ", " : "",
			fmt_param(v, "size_bytes", d->groups[sw->g[j]].params[sizefit_size_param(d)]),
			b);
	}
	fprintf(gp, ")\nset xrange [%g:%g]\n", lo / 1.4, hi * 1.4);
}

static void plot_lines(const struct sizefit *s, size_t w, size_t i, FILE *gp,
		       const char *name)
{
	const struct cmp_data *d = s->a->d;
	char title[320];
	size_t f;

	fputs("plot ", gp);
	for (f = 0; f < d->nr_files; f++) {
		const struct sizefit_res *r = sizefit_res(s, w, i, f);

		plot_file_title(title, sizeof(title), d, f);
		fprintf(gp, "%s\\\n  \"%s.dat\" index %zu using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1 lc rgb \"%s\" title \"%s\"",
			f ? ", " : "", name, 2 * f, plot_color(f), title);
		if (r->state == SIZEFIT_OK)
			fprintf(gp, ", \\\n  \"%s.dat\" index %zu using 1:2 with lines dt 2 lw 1.5 lc rgb \"%s\" title \"%.1s fit: %.4g us per call + %.4g ns per page%s\"",
				name, 2 * f + 1, plot_color(f), title,
				r->fit.per_call / 1e3, r->fit.per_page,
				r->fit.bends ? " (BENDS)" : "");
	}
	fputc('\n', gp);
}

static int draw(const struct sizefit *s, size_t w, size_t i, const char *dir)
{
	const struct cmp_metric *m = &s->a->d->metrics[s->metric[i]];
	char name[256], title[256];
	FILE *gp;

	names(s, w, name, sizeof(name), title, sizeof(title));
	if (write_data(s, w, i, dir, name))
		return -1;
	gp = plot_open(dir, name, ".gp");
	if (!gp)
		return -1;
	fprintf(gp, "# lazymmu-bench compare --plot: size sweep %s\n", name);
	plot_terminal(gp, name, 1000, 600);
	fputs("set grid\nset key below\nset lmargin 12\nset rmargin 4\n", gp);
	x_axis(s, w, gp);
	fprintf(gp, "set title \"%s: median %s per size (bars: IQR); dashed: fitted per call / pages + per page\"\n",
		title, m->name);
	fprintf(gp, "set ylabel \"%s (%s)\"\nset yrange [0:*]\n", m->name,
		fmt_metric_unit(m));
	plot_lines(s, w, i, gp, name);
	if (fclose(gp)) {
		lmb_err("--plot: writing the script of %s failed", name);
		return -1;
	}
	return plot_render(dir, name);
}

int cmp_plot_sizes(const struct cmp_analysis *a, const char *dir)
{
	struct sizefit s;
	size_t w, i;
	int ret = 0;

	if (sizefit_build(&s, a))
		return -1;
	for (w = 0; w < s.nr_sweeps && !ret; w++)
		for (i = 0; i < s.nr_metrics && !ret; i++)
			if (s.a->d->metrics[s.metric[i]].kind == METRIC_NS_PER_PAGE)
				ret = draw(&s, w, i, dir);
	sizefit_free(&s);
	return ret;
}
