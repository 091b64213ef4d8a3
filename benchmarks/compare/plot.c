// SPDX-License-Identifier: GPL-2.0
/* --plot: gnuplot scripts and data per workload, rendered to PNG. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compare/fmt.h"
#include "compare/plot.h"
#include "log.h"

static const char *const colors[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
};

#define NR_COLORS (sizeof(colors) / sizeof(colors[0]))

/* Keep file names and gnuplot strings free of quotes, slashes and the like. */
static const char *safe(char *buf, size_t cap, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < cap; i++)
		buf[i] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+=- ",
				s[i]) ? s[i] : '_';
	buf[i] = '\0';
	if (!strcmp(buf, ".") || !strcmp(buf, ".."))
		buf[0] = '_';
	return buf;
}

/* Run gnuplot with @args in @dir; returns its exit status or -1. */
static int run_gnuplot(const char *dir, const char *arg, bool quiet)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		lmb_err("cannot start gnuplot: fork failed: %s", strerror(errno));
		return -1;
	}
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			if (quiet)
				dup2(null, STDERR_FILENO);
		}
		if (dir && chdir(dir))
			_exit(126);
		execlp("gnuplot", "gnuplot", arg, (char *)NULL);
		_exit(errno == ENOENT ? 127 : 126);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			lmb_err("waiting for gnuplot failed: %s", strerror(errno));
			return -1;
		}
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int cmp_plot_check(const char *dir)
{
	struct stat st;
	int st_code = run_gnuplot(NULL, "--version", true);

	if (st_code == 127) {
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

static FILE *open_in(const char *dir, const char *name, const char *ext)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, ext);
	f = fopen(path, "w");
	if (!f)
		lmb_err("--plot: cannot write %s: %s", path, strerror(errno));
	return f;
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
	safe(buf, cap, tmp);
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
	FILE *dat = open_in(c->dir, c->name, ".dat");
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
	FILE *dat = open_in(c->dir, c->name, "-counters.dat");
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
				safe(cname, sizeof(cname), d->metrics[m].name + 3),
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
	char tag[FMT_LEN], lab[128], file[128];
	size_t f;

	for (f = 0; f < d->nr_files; f++) {
		const char *l = meta_get(&d->files[f]->meta, "label");
		const char *base = strrchr(d->files[f]->path, '/');

		fprintf(gp, "%skeyentry with boxes fs solid 0.3 lc rgb \"%s\" title \"%s: %s (%s)\"",
			f ? ", " : "", colors[f % NR_COLORS], fmt_tag(tag, f),
			safe(lab, sizeof(lab), l ? l : "no label"),
			safe(file, sizeof(file), base ? base + 1 : d->files[f]->path));
	}
}

static int write_script(const struct plot_ctx *c, size_t *nr_groups)
{
	const struct cmp_data *d = c->a->d;
	size_t rows, gi, f, nf = d->nr_files;
	FILE *gp = open_in(c->dir, c->name, ".gp");
	char metric[128];

	if (!gp)
		return -1;
	fprintf(gp, "# lazymmu-bench compare --plot: workload %s\n", c->name);
	fputs("if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n"
	      "  set terminal pngcairo noenhanced size 1200,1000 font \"sans,10\"\n"
	      "} else {\n"
	      "  set terminal png noenhanced size 1200,1000\n"
	      "}\n", gp);
	fprintf(gp, "set output \"%s.png\"\nset datafile missing \"NaN\"\n", c->name);
	if (write_samples(c, gp, nr_groups) || write_counters(c, &rows)) {
		fclose(gp);
		return -1;
	}
	if (rows)
		fputs("set multiplot layout 2,1\n", gp);
	safe(metric, sizeof(metric), d->metrics[cmp_primary_metric(d)].name);
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
				c->name, gi * nf + f, colors[f % NR_COLORS]);
			fprintf(gp, ", \\\n  \"%s.dat\" index %zu using 3:2 with points pt 7 ps 0.4 lc rgb \"%s\" notitle",
				c->name, gi * nf + f, colors[f % NR_COLORS]);
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
				f ? ", " : "", c->name, f + 2, colors[f % NR_COLORS]);
		fputs("\nunset multiplot\n", gp);
	}
	if (fclose(gp)) {
		lmb_err("--plot: writing the script of %s failed", c->name);
		return -1;
	}
	return 0;
}

int cmp_plot(const struct cmp_analysis *a, const char *dir)
{
	const struct cmp_data *d = a->d;
	struct plot_ctx c = { .a = a, .dir = dir };
	char script[160];
	size_t g, h, nr;
	int st;

	for (g = 0; g < d->nr_groups; g++) {
		for (h = 0; h < g; h++)
			if (!strcmp(d->groups[h].workload, d->groups[g].workload))
				break;
		if (h < g)
			continue;	/* workload already drawn */
		c.wl = d->groups[g].workload;
		safe(c.name, sizeof(c.name), c.wl);
		if (write_script(&c, &nr))
			return -1;
		snprintf(script, sizeof(script), "%s.gp", c.name);
		st = run_gnuplot(dir, script, false);
		if (st) {
			lmb_err("--plot: gnuplot failed on %s/%s (status %d); see its messages above",
				dir, script, st);
			return -1;
		}
		fprintf(stderr, "lazymmu-bench: wrote %s/%s.png\n", dir, c.name);
	}
	return 0;
}
