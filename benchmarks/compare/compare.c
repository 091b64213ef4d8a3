// SPDX-License-Identifier: GPL-2.0
/* `lazymmu-bench compare`: command line, loading, checks, exit code. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_size.h"
#include "cli_opts.h"
#include "compare/analyze.h"
#include "compare/compare.h"
#include "compare/csv_read.h"
#include "compare/fmt.h"
#include "compare/groups.h"
#include "compare/key.h"
#include "compare/meta_diff.h"
#include "compare/plot.h"
#include "compare/report.h"
#include "compare/side.h"
#include "exit_codes.h"
#include "list_check.h"
#include "log.h"
#include "units.h"

#define MAX_FILES 26

struct compare_args {
	struct cmp_opts stats;
	struct cmp_report_opts report;
	double fail_above;	/* percent; < 0 = no gate */
	const char *plot_dir;
	const char *metrics;	/* --metrics: NULL = all */
	const char *calibration;	/* --calibration FILE */
	struct side_paths *sides;
	size_t nr_files;
};

static const struct cli_opt compare_opts[] = {
	{ .name = "format", .key = 'f', .arg = "text|md|csv|text-mail",
	  .help = "aligned text (default), Markdown for PRs,\n"
		  "or CSV with one row per metric, group and file" },
	{ .name = "stats", .key = 's', .arg = "summary|full",
	  .help = "full adds Min, quartiles, Max, Amean, Hmean,\n"
		  "Stddev and CoeffVar per group (mmtests style)" },
	{ .name = "alpha", .key = 'a', .arg = "A",
	  .help = "significance level, 0 < A < 0.5 (default 0.05);\n"
		  "intervals are (1 - A) intervals" },
	{ .name = "max-cv", .key = 'c', .arg = "PCT",
	  .help = "flag a group as noisy above this coefficient of\n"
		  "variation (default 10)" },
	{ .name = "fail-above", .key = 'F', .arg = "PCT",
	  .help = "exit 1 if any significant regression is larger\n"
		  "than PCT percent (for CI and fleet gating)" },
	{ .name = "metrics", .key = 'm', .arg = "LIST",
	  .help = "compare only these metrics, e.g. ns_per_page or\n"
		  "ns_per_page,ev_page_faults (also limits --fail-above)" },
	{ .name = "level", .key = 'l', .arg = "auto|seed|boot|run|sample",
	  .help = "the level tested; auto (default): the highest of\n"
		  "layout seed, boot, run that differs between the\n"
		  "sides with >= 2 units on each, else no verdict (?).\n"
		  "A level forced here ignores the levels above it" },
	{ .name = "unit", .key = 'u', .arg = "auto|sample|run",
	  .help = "older name of --level" },
	{ .name = "calibration", .key = 'C', .arg = "FILE",
	  .help = "host calibration (lazymmu-bench plan\n"
		  "--write-calibration): a level with 1 unit a side\n"
		  "gets its variance from FILE, the mark says calibrated" },
	{ .name = "plot", .key = 'p', .arg = "DIR",
	  .help = "write one PNG per workload into DIR (needs gnuplot)" },
	{ .name = "help", .key = 'h', .has_short = true,
	  .help = "this text" },
};

const struct cli_cmd cli_compare_cmd = {
	.name = "compare",
	.intro = "usage: lazymmu-bench compare [options] BASE NEW [MORE...]\n"
		 "\n"
		 "Compares result files (the first side is the base, A) per workload,\n"
		 "parameters and metric: medians, change with its confidence interval,\n"
		 "p-value, and a mark: improved, REGRESSED, ~ (no significant change)\n"
		 "or ? (no verdict: the data cannot support one, the note says why).\n"
		 "Each group is tested at the highest level (layout seed, boot, run)\n"
		 "that differs between the sides with at least 2 units on each.\n"
		 "Lower is better for every metric.  Warm-up rows are ignored.\n"
		 "\n"
		 "A side (BASE, NEW, ...) is a result file, a directory (every *.csv in\n"
		 "it, sorted), or several joined by a lone '+': a1.csv + a2.csv.\n"
		 "\n"
		 "options:\n",
	.outro = "\n"
		 "Exit status: 0 ok, 1 --fail-above tripped, 2 bad usage or input,\n"
		 "3 --fail-above could not be decided: no proven regression above\n"
		 "the limit, but some result is ? (not proven either way).\n"
		 "How to read the output: docs/compare.md\n",
	.opts = compare_opts,
	.nr_opts = ARRAY_SIZE(compare_opts),
};

/* Every path given once (the '+' joining the files of a side aside). */
static int check_paths(char **args, size_t n)
{
	char **p = malloc((n ? n : 1) * sizeof(*p));
	size_t i, k = 0;
	int ret;

	if (!p) {
		lmb_err("out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (strcmp(args[i], "+"))
			p[k++] = args[i];
	ret = list_check_args("compare: result files", p, k);
	free(p);
	return ret;
}

static int parse_level(const char *s, const char *opt, int *level)
{
	int l;

	if (!strcmp(s, "auto")) {
		*level = CMP_LEVEL_AUTO;
		return 0;
	}
	for (l = 0; l < NR_LVL; l++) {
		if (!strcmp(s, cmp_level_name((enum cmp_level)l))) {
			*level = l;
			return 0;
		}
	}
	lmb_err("%s '%s' is not known; use auto, seed, boot, run or sample", opt, s);
	return -1;
}

static int parse_args(int argc, char **argv, struct compare_args *a)
{
	struct cli_parser parser;
	double pct;
	int c;

	if (cli_parser_init(&parser, &cli_compare_cmd))
		return -1;
	optind = 0;	/* full re-initialisation: main may have used getopt */
	opterr = 0;
	while ((c = getopt_long(argc, argv, parser.shortopts,
				parser.longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "text"))
				a->report.format = FORMAT_TEXT;
			else if (!strcmp(optarg, "md") || !strcmp(optarg, "markdown"))
				a->report.format = FORMAT_MD;
			else if (!strcmp(optarg, "csv"))
				a->report.format = FORMAT_CSV;
			else if (!strcmp(optarg, "text-mail"))
				a->report.format = FORMAT_MAIL;
			else {
				lmb_err("--format '%s' is not a format; use text, md, csv or text-mail", optarg);
				return -1;
			}
			break;
		case 's':
			if (strcmp(optarg, "full") && strcmp(optarg, "summary")) {
				lmb_err("--stats '%s' is not known; use summary or full", optarg);
				return -1;
			}
			a->report.full = !strcmp(optarg, "full");
			break;
		case 'a':
			if (parse_number(optarg, "--alpha", 1e-6, 0.499, &a->stats.alpha))
				return -1;
			break;
		case 'c':
			if (parse_number(optarg, "--max-cv", 0.01, 1000, &pct))
				return -1;
			a->stats.max_cv = pct / 100;
			break;
		case 'F':
			if (parse_number(optarg, "--fail-above", 0, 1e9, &a->fail_above))
				return -1;
			break;
		case 'p':
			a->plot_dir = optarg;
			break;
		case 'm':
			if (list_check("--metrics", optarg))
				return -1;
			a->metrics = optarg;
			break;
		case 'u':
		case 'l':
			if (parse_level(optarg, c == 'u' ? "--unit" : "--level",
					&a->stats.level))
				return -1;
			break;
		case 'C':
			a->calibration = optarg;
			break;
		case 'h':
			cli_usage(stdout, &cli_compare_cmd);
			return 1;
		default:
			cli_getopt_error(&cli_compare_cmd, c, argv);
			return -1;
		}
	}
	if (check_paths(argv + optind, (size_t)(argc - optind)) ||
	    side_parse(argv + optind, (size_t)(argc - optind), &a->sides,
		       &a->nr_files))
		return -1;
	if (a->nr_files < 2) {
		lmb_err("compare needs at least two sides, got %zu: lazymmu-bench compare BASE.csv NEW.csv (a side: a file, a directory, or a1.csv + a2.csv)",
			a->nr_files);
		return -1;
	}
	if (a->nr_files > MAX_FILES) {
		lmb_err("compare takes at most %d sides, got %zu", MAX_FILES, a->nr_files);
		return -1;
	}
	return 0;
}

/* Every run segment of @t that did not complete, by name and lines. */
static void warn_unfinished(const struct csv_table *t, size_t samples)
{
	const struct csv_run *r = t->runs;
	size_t i;

	for (i = 0; i < t->nr_runs; i++) {
		if (r[i].state == CSV_END_COMPLETE)
			continue;
		if (t->nr_runs == 1 && !r[i].end)
			lmb_warn("%s has no '# end:' line: the run was killed; comparing its %zu finished samples",
				 t->path, samples);
		else if (t->nr_runs == 1)
			lmb_warn("%s ended '%s'; comparing its %zu finished samples",
				 t->path, r[i].end, samples);
		else if (!r[i].end)
			lmb_warn("%s:%lu-%lu: part %zu of the %zu files joined here has no '# end:' line (run killed); its %zu rows are compared, but it is not a complete run",
				 t->path, r[i].first_line, r[i].last_line, i + 1,
				 t->nr_runs, r[i].nr_rows);
		else
			lmb_warn("%s:%lu-%lu: part %zu of the %zu files joined here ended '%s'; its %zu rows are compared, but it is not a complete run",
				 t->path, r[i].first_line, r[i].last_line, i + 1,
				 t->nr_runs, r[i].end, r[i].nr_rows);
	}
}

static int load_files(const struct compare_args *a, struct csv_table **t)
{
	size_t f, n;

	for (f = 0; f < a->nr_files; f++) {
		const char *name = a->sides[f].name;

		t[f] = side_load(&a->sides[f]);
		if (!t[f])
			return -1;
		n = csv_sample_rows(t[f]);
		if (!n) {
			lmb_err("%s has no rows of phase 'sample' (only %zu warm-up rows); nothing to compare, re-run the benchmark",
				name, t[f]->nr_rows);
			return -1;
		}
		warn_unfinished(t[f], n);
	}
	return 0;
}

/* Warnings about groups that cannot be judged well; per file, not per row. */
static void warn_groups(const struct cmp_analysis *an)
{
	const struct cmp_data *d = an->d;
	size_t f, g, k, few, absent, noisy, m = cmp_primary_metric(d);
	char tag[FMT_LEN];

	for (f = 0; f < d->nr_files; f++) {
		const struct csv_table *t = d->files[f];

		fmt_tag(tag, f);
		for (k = 0; k < t->nr_failed; k++)
			lmb_warn("%s (%s): %s %s %s bytes x%s failed at %s, shown as FAILED: %s",
				 tag, t->path, t->failed[k].workload,
				 t->failed[k].page_mode, t->failed[k].size_bytes,
				 t->failed[k].threads, t->failed[k].stage,
				 t->failed[k].reason);
		few = absent = noisy = 0;
		for (g = 0; g < d->nr_groups; g++) {
			const struct cmp_result *r = cmp_res(an, g, m, f);

			absent += r->state == STATE_ABSENT;
			few += r->state == STATE_OK && r->desc.n < CMP_FEW_SAMPLES;
			noisy += r->state == STATE_OK && r->desc.cv > an->o.max_cv;
		}
		fmt_tag(tag, f);
		if (absent)
			lmb_warn("%zu of %zu groups have no samples in %s (%s); they are listed as missing",
				 absent, d->nr_groups, tag, d->files[f]->path);
		if (few)
			lmb_warn("%zu groups have fewer than %d samples in %s (%s): the test has little power, run more repeats",
				 few, CMP_FEW_SAMPLES, tag, d->files[f]->path);
		if (noisy)
			lmb_warn("%zu groups of %s (%s) have a %s CV above %g%%: too noisy to judge small changes, quiet the machine or run more repeats",
				 noisy, tag, d->files[f]->path, d->metrics[m].name,
				 an->o.max_cv * 100);
	}
}

/*
 * A group whose pages were not the same kind on both sides (a kernel fell
 * back to base pages, or got huge pages where the other did not): the
 * comparison measures page sizes, not the patch.
 */
static void warn_thp(const struct cmp_data *d)
{
	char name[512], tag[FMT_LEN];
	size_t g, f;

	for (g = 0; g < d->nr_groups; g++)
		for (f = 1; f < d->nr_files; f++)
			if (cmp_thp_differs(d, g, f))
				lmb_warn("huge pages differ in group %s: A %.0f%% (%s), %s %.0f%% (%s) of the region (median thp_kb / size): it compares different page sizes, not the patch; check thp_enabled, khugepaged and free memory on both kernels and re-run",
					 cmp_group_name(name, sizeof(name), d, g),
					 d->groups[g].thp_frac[0] * 100, d->files[0]->path,
					 fmt_tag(tag, f), d->groups[g].thp_frac[f] * 100,
					 d->files[f]->path);
}

/* --fail-above: name every regression above the limit; true if any. */
static bool gate(const struct cmp_analysis *an, double pct)
{
	const struct cmp_data *d = an->d;
	char buf[FMT_LEN], tag[FMT_LEN], name[512];
	size_t g, m, f;
	bool tripped = false;

	for (g = 0; g < d->nr_groups; g++) {
		for (m = 0; m < d->nr_metrics; m++) {
			for (f = 1; f < d->nr_files; f++) {
				const struct cmp_result *r = cmp_res(an, g, m, f);

				if (!cmp_regression_above(r, pct))
					continue;
				tripped = true;
				fprintf(stderr, "lazymmu-bench: regression above %g%%: %s %s",
					pct, fmt_tag(tag, f),
					cmp_group_name(name, sizeof(name), d, g));
				fprintf(stderr, " %s %s (p %s)\n", d->metrics[m].name,
					fmt_pct(buf, r->change),
					r->exact ? "exact" : fmt_p(tag, r->p));
			}
		}
	}
	return tripped;
}

/* Results of the gated metrics without a verdict ("?"). */
static size_t unproven(const struct cmp_analysis *an)
{
	const struct cmp_data *d = an->d;
	size_t i, n = 0;

	for (i = 0; i < d->nr_groups * d->nr_metrics * d->nr_files; i++)
		n += an->r[i].mark == MARK_UNKNOWN;
	return n;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_args a = {
		.stats = { .alpha = 0.05, .max_cv = 0.10, .max_ci_width = 0.20,
			   .level = CMP_LEVEL_AUTO },
		.report = { .format = FORMAT_TEXT },
		.fail_above = -1,
	};
	struct csv_table *t[MAX_FILES] = { 0 };
	struct cmp_analysis an = { 0 };
	struct cmp_data d = { 0 };
	struct calibration cal = { 0 };
	int ret = LMB_EXIT_USAGE;
	size_t f, n;

	switch (parse_args(argc, argv, &a)) {
	case 1:
		ret = LMB_EXIT_OK;
		goto out;
	case -1:
		goto out;
	}
	if (a.calibration) {
		if (calib_read(a.calibration, &cal))
			goto out;
		a.stats.cal = &cal;
	}
	if (a.plot_dir && cmp_plot_check(a.plot_dir))
		goto out;
	if (load_files(&a, t))
		goto out;
	meta_diff_warn(t, a.nr_files);
	if (cmp_data_build(&d, t, a.nr_files, a.metrics) ||
	    cmp_analyze(&an, &d, &a.stats))
		goto out;
	warn_groups(&an);
	warn_thp(&d);
	if (cmp_report(stdout, &an, &a.report))
		goto out;
	if (fflush(stdout) || ferror(stdout)) {
		lmb_err("writing the report to stdout failed: %s", strerror(errno));
		goto out;
	}
	if (a.plot_dir && cmp_plot(&an, a.plot_dir))
		goto out;
	ret = LMB_EXIT_OK;
	if (a.fail_above >= 0 && gate(&an, a.fail_above)) {
		ret = LMB_EXIT_FAIL;
	} else if (a.fail_above >= 0 && unproven(&an)) {
		n = unproven(&an);
		lmb_warn("--fail-above %g: no proven regression, but %zu results have no verdict (?), so none is ruled out either; exit %d",
			 a.fail_above, n, LMB_EXIT_UNPROVEN);
		ret = LMB_EXIT_UNPROVEN;
	}
out:
	side_paths_free(a.sides, a.nr_files);
	calib_free(&cal);
	cmp_analysis_free(&an);
	cmp_data_free(&d);
	for (f = 0; f < MAX_FILES; f++)
		csv_table_free(t[f]);
	return ret;
}
