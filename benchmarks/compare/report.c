// SPDX-License-Identifier: GPL-2.0
/* Text and Markdown report of compare. */
#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <string.h>

#include "compare/fmt.h"
#include "compare/key.h"
#include "compare/meta_diff.h"
#include "compare/report.h"
#include "compare/schedule.h"

#define MAX_DIFFS 64

/* How the file's run(s) ended: a joined file is complete only if each is. */
static void print_end(FILE *out, const struct csv_table *t)
{
	const struct csv_run *r = t->runs;
	size_t i;

	if (t->nr_runs == 1) {
		fprintf(out, ", end: %s", r->end ? r->end : "missing (run killed)");
	} else {
		fprintf(out, ", %zu files joined: %zu complete", t->nr_runs,
			csv_runs_in(t, CSV_END_COMPLETE));
		for (i = 0; i < t->nr_runs; i++)
			if (r[i].state != CSV_END_COMPLETE)
				fprintf(out, ", part %zu (lines %lu-%lu) %s", i + 1,
					r[i].first_line, r[i].last_line,
					r[i].end ? r[i].end : "has no end line (run killed)");
	}
	fprintf(out, "%s\n", t->truncated ? ", incomplete last line dropped" : "");
}

static void print_files(FILE *out, const struct cmp_data *d, bool md)
{
	char tag[FMT_LEN];
	size_t f;

	for (f = 0; f < d->nr_files; f++) {
		const struct csv_table *t = d->files[f];
		const struct cmp_side *s = &d->sides[f];
		size_t runs = s->pool[LVL_ID(LVL_RUN)].n;
		size_t boots = s->pool[LVL_ID(LVL_BOOT)].n;
		size_t seeds = s->pool[LVL_ID(LVL_SEED)].n;

		fprintf(out, "%s%s%s %s: label %s, kernel %s, host %s, %s, %zu sample rows",
			md ? "- " : "  ", fmt_tag(tag, f), f ? "" : " (base)",
			t->path, meta_diff_value(t, "label"),
			meta_diff_value(t, "kernel_release"),
			meta_diff_value(t, "host"),
			meta_diff_value(t, "utc_time"), csv_sample_rows(t));
		fprintf(out, " from %zu run%s", runs, runs == 1 ? "" : "s");
		if (s->boot_known)
			fprintf(out, " in %zu boot%s", boots, boots == 1 ? "" : "s");
		else
			fprintf(out, ", boots unknown (no boot_id)");
		if (s->seed_present)
			fprintf(out, ", %zu layout seed%s", seeds, seeds == 1 ? "" : "s");
		print_end(out, t);
	}
}

/*
 * Per file after the base: how its units and the base's lie in time, and
 * how many of the primary metric's groups got no verdict, and why.
 */
static void print_levels(FILE *out, const struct cmp_analysis *a, bool md)
{
	const struct cmp_data *d = a->d;
	size_t f, g, m = cmp_primary_metric(d), unknown, judged, lvl[NR_LVL];
	char tag[FMT_LEN], base[FMT_LEN];
	const char *why;
	int l;

	fmt_tag(base, 0);
	for (f = 1; f < d->nr_files; f++) {
		int blocks = cmp_schedule_blocks(d, f);

		fmt_tag(tag, f);
		unknown = judged = 0;
		why = NULL;
		memset(lvl, 0, sizeof(lvl));
		for (g = 0; g < d->nr_groups; g++) {
			const struct cmp_result *r = cmp_res(a, g, m, f);

			if (r->mark == MARK_UNKNOWN) {
				unknown++;
				why = why ? why : r->why;
			} else if (r->judged && !r->exact) {
				judged++;
				lvl[r->level]++;
			}
		}
		fprintf(out, "%sSchedule %s vs %s: %s\n", md ? "\n" : "  ", base, tag,
			blocks == 1 ? "blocks (every run of one side before every run of the other): a change over time cannot be told from the kernels; interleave them (A B A B ...)" :
			blocks == 0 ? "interleaved" : "unknown (no run_start or boot_time)");
		for (l = NR_LVL - 1; l >= 0; l--)
			if (lvl[l])
				fprintf(out, "%s%s vs %s, %s: %zu groups tested on their %s\n",
					md ? "\n" : "  ", base, tag, d->metrics[m].name,
					lvl[l], cmp_level_plural((enum cmp_level)l));
		if (unknown)
			fprintf(out, "%sNote: %s vs %s, %s: %zu of %zu groups have no verdict (\"?\"), e.g. %s. Collect several boots (or runs, layout seeds) per kernel, interleaved, or give a host calibration (--calibration; lazymmu-bench plan).\n",
				md ? "\n" : "  ", base, tag, d->metrics[m].name, unknown,
				unknown + judged, why);
	}
}

static void print_diffs(FILE *out, const struct cmp_data *d, bool md)
{
	struct meta_diff diff[MAX_DIFFS];
	size_t n = meta_diff_find(d->files, d->nr_files, diff, MAX_DIFFS), i, f;
	char tag[FMT_LEN];
	bool title = false;

	for (i = 0; i < n; i++) {
		if (diff[i].must_match)
			continue;
		if (!title)
			fprintf(out, "\nDiffers between the files (expected when comparing kernels):\n");
		title = true;
		fprintf(out, "%s%-15s", md ? "- " : "  ", diff[i].key);
		for (f = 0; f < d->nr_files; f++)
			fprintf(out, "  %s: %s", fmt_tag(tag, f),
				meta_diff_value(d->files[f], diff[i].key));
		fputc('\n', out);
	}
	for (i = 0; i < n; i++) {
		if (!diff[i].must_match)
			continue;
		fprintf(out, "\n%sWARNING: %s differs, the results may not be comparable:",
			md ? "**" : "", diff[i].key);
		for (f = 0; f < d->nr_files; f++)
			fprintf(out, "  %s: %s", fmt_tag(tag, f),
				meta_diff_value(d->files[f], diff[i].key));
		fprintf(out, "%s\n", md ? "**" : "");
	}
}

/* Groups whose pages were not the same kind on both sides (thp_kb). */
static void print_thp(FILE *out, const struct cmp_data *d, bool md)
{
	char name[512], tag[FMT_LEN];
	size_t g, f;

	for (g = 0; g < d->nr_groups; g++) {
		for (f = 1; f < d->nr_files; f++) {
			if (!cmp_thp_differs(d, g, f))
				continue;
			fprintf(out, "\n%sWARNING: huge pages differ in %s: A %.0f%%, %s %.0f%% of the region (median thp_kb / size); its results compare different page sizes, not the patch%s\n",
				md ? "**" : "", cmp_group_name(name, sizeof(name), d, g),
				d->groups[g].thp_frac[0] * 100, fmt_tag(tag, f),
				d->groups[g].thp_frac[f] * 100, md ? "**" : "");
		}
	}
}

static void print_header(FILE *out, const struct cmp_analysis *a, bool md)
{
	bool higher = false;
	size_t m;

	for (m = 0; m < a->d->nr_metrics; m++)
		higher |= a->d->metrics[m].higher_is_better;
	fprintf(out, "%slazymmu-bench compare: alpha %g, %g%% confidence intervals, each group tested at its highest level with at least 2 units a side (t test on the units' mean logs; Mann-Whitney on samples); %s\n\n",
		md ? "### " : "", a->o.alpha, (1 - a->o.alpha) * 100,
		higher ? "each table says whether lower or higher is better" :
			 "lower is better for every metric");
	print_files(out, a->d, md);
	print_levels(out, a, md);
	print_diffs(out, a->d, md);
	print_thp(out, a->d, md);
}

/* Columns: key, A median CV n, then per other file median CV n change CI p mark, note. */
enum { BASE_COLS = 3, OTHER_COLS = 7 };

static size_t file_col(const struct cmp_data *d, size_t f)
{
	return cmp_key_columns(d) + (f ? BASE_COLS + (f - 1) * OTHER_COLS : 0);
}

static void metric_heads(struct cmp_table *t, const struct cmp_data *d,
			 double alpha)
{
	char tag[FMT_LEN], base[FMT_LEN], name[3 * FMT_LEN];
	size_t f, c;

	cmp_key_heads(t, d);
	fmt_tag(base, 0);
	for (f = 0; f < d->nr_files; f++) {
		c = file_col(d, f);
		snprintf(name, sizeof(name), "%s median", fmt_tag(tag, f));
		table_head(t, c, name, true);
		table_head(t, c + 1, "CV", true);
		table_head(t, c + 2, "n", true);
		if (!f)
			continue;
		snprintf(name, sizeof(name), "%s vs %s", tag, base);
		table_head(t, c + 3, name, true);
		snprintf(name, sizeof(name), "%g%% CI", (1 - alpha) * 100);
		table_head(t, c + 4, name, true);
		table_head(t, c + 5, "p", true);
		table_head(t, c + 6, "", false);
	}
	table_head(t, t->nr_cols - 1, "note", false);
}

static void add_note(char *note, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_note(char *note, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(note);
	va_list ap;

	snprintf(note + len, cap - len, "%s", len ? "; " : "");
	len = strlen(note);
	va_start(ap, fmt);
	vsnprintf(note + len, cap - len, fmt, ap);
	va_end(ap);
}

static const char *fmt_cv(char *buf, const struct cmp_result *r)
{
	if (isnan(r->udesc.cv))
		snprintf(buf, FMT_LEN, "-");
	else
		snprintf(buf, FMT_LEN, "%.1f%%", r->udesc.cv * 100);
	return buf;
}

static void result_cells(struct cmp_table *t, size_t row, const struct cmp_data *d,
			 size_t grp, const struct cmp_result *base,
			 const struct cmp_result *r, size_t f, char *note, size_t cap)
{
	char buf[FMT_LEN], tag[FMT_LEN], cva[FMT_LEN], cvb[FMT_LEN];
	size_t c = file_col(d, f);

	fmt_tag(tag, f);
	if (r->state == STATE_FAILED) {
		table_set(t, row, c, "FAILED");
		add_note(note, cap, "the group failed in %s (its # failed: line)", tag);
		return;
	}
	if (r->state == STATE_ABSENT) {
		table_set(t, row, c, "-");
		add_note(note, cap, "no such group in %s", tag);
		return;
	}
	if (r->state == STATE_UNAVAILABLE) {
		table_set(t, row, c, "unavailable");
		add_note(note, cap, "not measured in %s", tag);
		return;
	}
	table_set(t, row, c, "%s", fmt_value(buf, r->udesc.median));
	table_set(t, row, c + 1, "%s", fmt_cv(buf, r));
	table_set(t, row, c + 2, "%s", cmp_levels_text(buf, sizeof(buf), d, f, r));
	if (r->drift)
		add_note(note, cap, "%s drifts within its runs (rho %+.2f)", tag,
			 r->drift_rho);
	if (d->sides[f].offcpu_column && d->groups[grp].offcpu[f])
		add_note(note, cap, "%s: %zu/%zu samples off-CPU", tag,
			 d->groups[grp].offcpu[f], d->groups[grp].nr_samples[f]);
	if (f && r->mark == MARK_UNKNOWN) {
		table_set(t, row, c + 3, "%s", fmt_pct(buf, r->median_change));
		table_set(t, row, c + 4, "-");
		table_set(t, row, c + 5, "-");
		table_set(t, row, c + 6, "?");
		add_note(note, cap, "%s ?: %s", tag, r->why);
		return;
	}
	if (!f || !r->judged)
		return;
	table_set(t, row, c + 3, "%s", fmt_pct(buf, r->change));
	if (r->exact)
		table_set(t, row, c + 4, "exact");
	else if (r->ci_none)
		table_set(t, row, c + 4, "n too small");
	else
		table_set(t, row, c + 4, "%s", fmt_ci(buf, r->ci_lo, r->ci_hi));
	table_set(t, row, c + 5, "%s", r->exact ? "exact" : fmt_p(buf, r->p));
	if (r->calibrated)
		table_set(t, row, c + 6, "%s (calibrated)", fmt_mark(r->mark));
	else
		table_set(t, row, c + 6, "%s", fmt_mark(r->mark));
	if (r->noisy)
		add_note(note, cap, "noisy: CV A %s, %s %s", fmt_cv(cva, base),
			 tag, fmt_cv(cvb, r));
	else if (r->wide_ci)
		add_note(note, cap, "%s: wide CI", tag);
	if (!r->exact && r->level > LVL_SAMPLE)
		add_note(note, cap, "%s: tested on %zu vs %zu %s%s", tag,
			 base->units[r->level], r->units[r->level],
			 cmp_level_plural(r->level), r->forced ? " (--level)" : "");
	if (r->calibrated)
		add_note(note, cap, "%s: calibrated (%s variance added)", tag,
			 r->calib_levels);
	if (r->few)
		add_note(note, cap, "%s: fewer than %d samples on a side", tag,
			 CMP_FEW_SAMPLES);
	if (r->ci_none)
		add_note(note, cap, "%s: too few samples for a CI", tag);
	if (r->exact)
		add_note(note, cap, "%s: no spread on either side, exact difference",
			 tag);
	else if (r->additive)
		add_note(note, cap, "%s: additive (zeros)", tag);
}

static void geomean_row(struct cmp_table *t, const struct cmp_analysis *a, size_t m)
{
	const struct cmp_data *d = a->d;
	char buf[FMT_LEN];
	size_t row = table_add_row(t), f, n;
	double gb, go;

	table_set(t, row, 0, "geomean");
	table_set(t, row, t->nr_cols - 1, "no group with both medians > 0");
	for (f = 1; f < d->nr_files; f++) {
		n = cmp_geomean(a, m, f, &gb, &go);
		if (!n)
			continue;
		if (f == 1)
			table_set(t, row, file_col(d, 0), "%s", fmt_value(buf, gb));
		table_set(t, row, file_col(d, f), "%s", fmt_value(buf, go));
		table_set(t, row, file_col(d, f) + 3, "%s", fmt_pct(buf, go / gb - 1));
		table_set(t, row, t->nr_cols - 1, "of the medians, over %zu groups", n);
	}
}

static int print_metric(FILE *out, const struct cmp_analysis *a, size_t m, bool md)
{
	const struct cmp_data *d = a->d;
	const struct cmp_metric *met = &d->metrics[m];
	char tag[FMT_LEN];
	struct cmp_table t;
	size_t g, f, row, hidden = 0;
	int ret;

	if (table_init(&t, file_col(d, d->nr_files - 1) + OTHER_COLS + 1))
		return -1;
	metric_heads(&t, d, a->o.alpha);
	for (g = 0; g < d->nr_groups; g++) {
		char note[1024] = "";

		if (!cmp_group_has_metric(a, g, m)) {
			hidden++;
			continue;
		}
		row = table_add_row(&t);
		cmp_key_cells(&t, row, d, g);
		for (f = 1; f < d->nr_files; f++)
			if (cmp_thp_differs(d, g, f))
				add_note(note, sizeof(note),
					 "HUGE PAGES DIFFER: A %.0f%%, %s %.0f%%",
					 d->groups[g].thp_frac[0] * 100,
					 fmt_tag(tag, f), d->groups[g].thp_frac[f] * 100);
		for (f = 0; f < d->nr_files; f++)
			result_cells(&t, row, d, g, cmp_res(a, g, m, 0),
				     cmp_res(a, g, m, f), f, note, sizeof(note));
		table_set(&t, row, t.nr_cols - 1, "%s", note);
	}
	geomean_row(&t, a, m);
	fprintf(out, "\n%s%s (%s; %s is better)\n\n", md ? "#### " : "", met->name,
		fmt_metric_unit(met), met->higher_is_better ? "higher" : "lower");
	ret = table_print(&t, out, md);
	table_free(&t);
	if (hidden)
		fprintf(out, "%s(%zu groups without a value of %s in any file are not shown)\n",
			md ? "\n" : "", hidden, met->name);
	return ret;
}

static void print_unavailable(FILE *out, const struct cmp_analysis *a, bool md)
{
	const struct cmp_data *d = a->d;
	bool title = false;
	size_t m;

	for (m = 0; m < d->nr_metrics; m++) {
		const char *why;

		if (a->metric_seen[m])
			continue;
		if (!title)
			fprintf(out, "\nNot measured in any file (no values, never counted as 0):\n");
		title = true;
		why = cmp_event_reason(d, d->metrics[m].column);
		fprintf(out, "%s%s%s%s\n", md ? "- " : "  ", d->metrics[m].name,
			why ? ": " : "", why ? why : "");
	}
}

static void print_zero(FILE *out, const struct cmp_analysis *a, bool md)
{
	const struct cmp_data *d = a->d;
	bool title = false;
	size_t m;

	for (m = 0; m < d->nr_metrics; m++) {
		if (!a->metric_seen[m] || !a->metric_zero[m])
			continue;
		if (!title)
			fprintf(out, "\nMeasured, and 0 in every sample of every file (no table):\n");
		title = true;
		fprintf(out, "%s%s\n", md ? "- " : "  ", d->metrics[m].name);
	}
}

static void print_legend(FILE *out, const struct cmp_analysis *a, bool md)
{
	fprintf(out, "\nmedian, CV, n: of the units of the level tested (their geometric means), n per level: \"2 boots x 4 runs x 10\" is 2 boots, 4 runs per boot, 10 samples per run.\n");
	fprintf(out, "%s\"X vs A\": estimated change of X against A: tested on runs, boots or seeds, the ratio of the geometric means of the units (pooled-variance t interval on their mean logs); tested on samples, Hodges-Lehmann (median of all pairwise ratios X/A), minus 1.\n",
		md ? "\n" : "");
	fprintf(out, "%sCI: its %g%% confidence interval, from the same test as p, so a mark and its CI always agree.\n",
		md ? "\n" : "", (1 - a->o.alpha) * 100);
	if (cmp_any_additive(a))
		fprintf(out, "%s\"additive (zeros)\": a side has a value of 0, so no ratio exists: there the change and CI are of the differences X - A (median of all pairwise differences), divided by A's median, and never below -100%%.\n",
			md ? "\n" : "");
	if (a->o.level == CMP_LEVEL_AUTO)
		fprintf(out, "%sLevel of the test: the highest of layout seed, boot, run that differs between the sides with at least 2 units on each; with 1 unit on a side there is no verdict (\"?\") unless --calibration gives that level's variance.\n",
			md ? "\n" : "");
	else
		fprintf(out, "%sLevel of the test: %s (--level); variation between units of the levels above it is not in the interval.\n",
			md ? "\n" : "", cmp_level_plural((enum cmp_level)a->o.level));
	fprintf(out, "%simproved / REGRESSED: p < %g; \"~\": no significant change, and the CI bounds the change that was ruled out; \"?\": no verdict, the note says why.\n",
		md ? "\n" : "", a->o.alpha);
	fprintf(out, "%sNoisy: CV above %g%% on a side, or CI wider than %g points: judge with care, re-run with more samples.\n",
		md ? "\n" : "", a->o.max_cv * 100, a->o.max_ci_width * 100);
	fprintf(out, "%sWith many groups, about %g%% of the unchanged ones are still marked at random (see docs/compare.md).\n",
		md ? "\n" : "", a->o.alpha * 100);
}

static int text_report(FILE *out, const struct cmp_analysis *a,
		       const struct sizefit *s, const struct cmp_report_opts *o)
{
	bool md = o->format == FORMAT_MD;
	size_t m;

	print_header(out, a, md);
	for (m = 0; m < a->d->nr_metrics; m++) {
		if (!a->metric_seen[m] || a->metric_zero[m])
			continue;
		if (print_metric(out, a, m, md))
			return -1;
		if (o->full && cmp_report_full(out, a, m, md))
			return -1;
	}
	if (cmp_report_sizes(out, s, md))
		return -1;
	print_zero(out, a, md);
	print_unavailable(out, a, md);
	print_legend(out, a, md);
	return 0;
}

int cmp_report(FILE *out, const struct cmp_analysis *a,
	       const struct cmp_report_opts *o)
{
	struct sizefit s;
	int ret;

	if (sizefit_build(&s, a))
		return -1;
	if (o->format == FORMAT_CSV)
		ret = cmp_report_csv(out, a, &s, o->full);
	else if (o->format == FORMAT_MAIL)
		ret = cmp_report_mail(out, a, &s);
	else
		ret = text_report(out, a, &s, o);
	sizefit_free(&s);
	return ret;
}
