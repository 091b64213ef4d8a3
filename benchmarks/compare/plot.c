// SPDX-License-Identifier: GPL-2.0
/* --plot: gnuplot scripts and data per workload, rendered to PNG. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "compare/fmt.h"
#include "compare/plot.h"
#include "compare/plot_gp.h"
#include "compare/plot_size.h"
#include "compare/plot_sweep.h"
#include "exit_codes.h"
#include "log.h"

int cmp_plot_check(const char *dir)
{
	struct stat st;
	int st_code = plot_run_gnuplot(NULL, "--version", true);

	if (st_code == LMB_EXIT_NOT_FOUND) {
		lmb_err("--plot needs gnuplot, which is not installed (not found in PATH); install it (Debian: apt-get install gnuplot-nox) or leave out --plot");
		return -1;
	}
	if (st_code) {
		lmb_err("--plot: 'gnuplot --version' failed (status %d); check the gnuplot installation",
			st_code);
		return -1;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		lmb_err("--plot: cannot create folder %s: %s", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		lmb_err("--plot: %s exists and is not a folder; give a folder for the PNG files",
			dir);
		return -1;
	}
	return 0;
}

/* "4k 64M t1" for tic labels. */
static const char *group_label(char *buf, size_t cap, const struct cmp_data *d,
			       size_t g)
{
	char v[FMT_LEN], tmp[256];
	size_t p, len = 0;

	buf[0] = '\0';
	for (p = 0; p < d->nr_params; p++) {
		fmt_param(v, d->param_names[p], d->groups[g].params[p]);
		len += (size_t)snprintf(buf + len, cap - len, "%s%s%s", p ? " " : "",
					strcmp(d->param_names[p], "threads") ? "" : "t", v);
		if (len >= cap)
			break;
	}
	snprintf(tmp, sizeof(tmp), "%s", buf);
	plot_safe(buf, cap, tmp);
	return buf;
}

struct plot_ctx {
	const struct cmp_analysis *a;
	const char *dir;
	const char *wl;		/* workload */
	char name[128];		/* safe file name */
};

/* Samples of the primary metric / base median; one index per (group, file). */
static int write_samples(const struct plot_ctx *c, FILE *gp, size_t *nr_groups)
{
	const struct cmp_data *d = c->a->d;
	FILE *dat = plot_open(c->dir, c->name, ".dat");
	char lab[256], buf[FMT_LEN];
	size_t g, f, i, gi = 0, m = cmp_primary_metric(d);
	double ylo = INFINITY, yhi = -INFINITY;
	bool first_tic = true;

	if (!dat)
		return -1;
	fputs("set xtics (", gp);
	for (g = 0; g < d->nr_groups; g++) {
		const struct cmp_result *rb = cmp_res(c->a, g, m, 0);
		double ref;

		if (strcmp(d->groups[g].workload, c->wl))
			continue;
		ref = rb->state == STATE_OK && rb->desc.median > 0 ? rb->desc.median : NAN;
		fprintf(gp, "%s\"%s\\nA %s\" %g", first_tic ? "" : ", ",
			group_label(lab, sizeof(lab), d, g), fmt_value(buf, ref),
			(double)(gi * (d->nr_files + 1)) + (double)(d->nr_files + 1) / 2);
		first_tic = false;
		for (f = 0; f < d->nr_files; f++) {
			const struct cmp_values *v = cmp_vals(d, &d->groups[g], f, m);
			double x = (double)(gi * (d->nr_files + 1) + f + 1);

			fprintf(dat, "# %s group %zu file %zu\n", c->wl, g, f);
			for (i = 0; i < v->n && !isnan(ref); i++) {
				double y = v->v[i] / ref;

				fprintf(dat, "%g %.6g %.4f\n", x, y,
					x + ((double)((i * 37) % 11) - 5) / 28);
				ylo = y < ylo ? y : ylo;
				yhi = y > yhi ? y : yhi;
			}
			if (isnan(ref) || !v->n)
				fprintf(dat, "%g NaN %g\n", x, x);
			fputs("\n\n", dat);
		}
		gi++;
	}
	fputs(")\n", gp);
	/* every sample visible: gnuplot's autoscale follows the boxes only */
	if (ylo <= yhi)
		fprintf(gp, "set yrange [%g:%g]\n", ylo - 0.05 * (yhi - ylo + 0.01),
			yhi + 0.05 * (yhi - ylo + 0.01));
	*nr_groups = gi;
	if (fclose(dat)) {
		lmb_err("--plot: writing the data of %s failed", c->wl);
		return -1;
	}
	return 0;
}

/* Counter medians / base median; rows "counter group", a column per file. */
static int write_counters(const struct plot_ctx *c, size_t *rows)
{
	const struct cmp_data *d = c->a->d;
	char cname[128], lab[256], buf[FMT_LEN];
	FILE *dat = plot_open(c->dir, c->name, "-counters.dat");
	size_t g, m, f;

	*rows = 0;
	if (!dat)
		return -1;
	for (m = 0; m < d->nr_metrics; m++) {
		if (d->metrics[m].kind != METRIC_EVENT || !c->a->metric_seen[m] ||
		    c->a->metric_zero[m])
			continue;
		for (g = 0; g < d->nr_groups; g++) {
			const struct cmp_result *rb = cmp_res(c->a, g, m, 0);
			double ref;

			if (strcmp(d->groups[g].workload, c->wl))
				continue;
			ref = rb->state == STATE_OK && rb->desc.median > 0 ?
				rb->desc.median : NAN;
			fprintf(dat, "\"%s\\n%s\\nA %s\"",
				plot_safe(cname, sizeof(cname), d->metrics[m].name + 3),
				group_label(lab, sizeof(lab), d, g),
				fmt_value(buf, rb->state == STATE_OK ? rb->desc.median : NAN));
			for (f = 0; f < d->nr_files; f++) {
				const struct cmp_result *r = cmp_res(c->a, g, m, f);

				if (r->state == STATE_OK && !isnan(ref))
					fprintf(dat, " %.6g", r->desc.median / ref);
				else
					fputs(" NaN", dat);
			}
			fputc('\n', dat);
			(*rows)++;
		}
	}
	if (fclose(dat)) {
		lmb_err("--plot: writing the counter data of %s failed", c->wl);
		return -1;
	}
	return 0;
}

static void key_entries(const struct plot_ctx *c, FILE *gp)
{
	const struct cmp_data *d = c->a->d;
	char title[320];
	size_t f;

	for (f = 0; f < d->nr_files; f++)
		fprintf(gp, "%skeyentry with boxes fs solid 0.3 lc rgb \"%s\" title \"%s\"",
			f ? ", " : "", plot_color(f),
			plot_file_title(title, sizeof(title), d, f));
}

static int write_script(const struct plot_ctx *c, size_t *nr_groups)
{
	const struct cmp_data *d = c->a->d;
	size_t rows, gi, f, nf = d->nr_files;
	FILE *gp = plot_open(c->dir, c->name, ".gp");
	char metric[128];

	if (!gp)
		return -1;
	fprintf(gp, "# lazymmu-bench compare --plot: workload %s\n", c->name);
	plot_terminal(gp, c->name, 1200, 1000);
	if (write_samples(c, gp, nr_groups) || write_counters(c, &rows)) {
		fclose(gp);
		return -1;
	}
	if (rows)
		fputs("set multiplot layout 2,1\n", gp);
	plot_safe(metric, sizeof(metric), d->metrics[cmp_primary_metric(d)].name);
	fprintf(gp, "set title \"%s: %s of every sample, relative to the median of A (lower is better)\"\n",
		c->name, metric);
	fprintf(gp, "set ylabel \"%s / median of A\"\n", metric);
	fputs("set lmargin 12\nset rmargin 4\nset grid ytics\n"
	      "set key top left\nset style fill solid 0.3 border -1\n"
	      "set style boxplot nooutliers\nset boxwidth 0.6\n", gp);
	fprintf(gp, "set xrange [0:%zu]\n", *nr_groups * (nf + 1));
	fputs("plot ", gp);
	key_entries(c, gp);
	for (gi = 0; gi < *nr_groups; gi++) {
		for (f = 0; f < nf; f++) {
			fprintf(gp, ", \\\n  \"%s.dat\" index %zu using 1:2 with boxplot lc rgb \"%s\" notitle",
				c->name, gi * nf + f, plot_color(f));
			fprintf(gp, ", \\\n  \"%s.dat\" index %zu using 3:2 with points pt 7 ps 0.4 lc rgb \"%s\" notitle",
				c->name, gi * nf + f, plot_color(f));
		}
	}
	fputs("\n", gp);
	if (rows) {
		fputs("set title \"counters: median per base page relative to A (missing bar: not measured, or A is 0)\"\n"
		      "set ylabel \"median / median of A\"\n"
		      "set yrange [0:*]\nset bmargin 7\nunset xtics\n"
		      "set style data histograms\nset style histogram clustered gap 1\n"
		      "set boxwidth 0.9 relative\nset xtics nomirror font \",8\"\n", gp);
		fprintf(gp, "set xrange [-0.5:%g]\n", (double)rows - 0.5);
		fputs("plot ", gp);
		for (f = 0; f < nf; f++)
			fprintf(gp, "%s\"%s-counters.dat\" using %zu:xtic(1) lc rgb \"%s\" notitle",
				f ? ", " : "", c->name, f + 2, plot_color(f));
		fputs("\nunset multiplot\n", gp);
	}
	if (fclose(gp)) {
		lmb_err("--plot: writing the script of %s failed", c->name);
		return -1;
	}
	return 0;
}

/* Has the base a median of the primary metric in some group of @wl? */
static bool base_has(const struct cmp_analysis *a, const char *wl)
{
	size_t g, m = cmp_primary_metric(a->d);

	for (g = 0; g < a->d->nr_groups; g++) {
		const struct cmp_result *rb = cmp_res(a, g, m, 0);

		if (!strcmp(a->d->groups[g].workload, wl) &&
		    rb->state == STATE_OK && rb->desc.median > 0)
			return true;
	}
	return false;
}

int cmp_plot(const struct cmp_analysis *a, const char *dir)
{
	const struct cmp_data *d = a->d;
	struct plot_ctx c = { .a = a, .dir = dir };
	size_t g, h, nr;

	for (g = 0; g < d->nr_groups; g++) {
		for (h = 0; h < g; h++)
			if (!strcmp(d->groups[h].workload, d->groups[g].workload))
				break;
		if (h < g)
			continue;	/* workload already drawn */
		c.wl = d->groups[g].workload;
		plot_safe(c.name, sizeof(c.name), c.wl);
		if (!base_has(a, c.wl)) {
			lmb_warn("--plot: no %s/%s.png: it shows every file relative to A (%s), which has no %s of %s; put a file with it first",
				 dir, c.name, d->files[0]->path,
				 d->metrics[cmp_primary_metric(d)].name, c.wl);
			continue;
		}
		if (write_script(&c, &nr) || plot_render(dir, c.name))
			return -1;
	}
	if (cmp_plot_sweeps(a, dir))
		return -1;
	return cmp_plot_sizes(a, dir);
}
