// SPDX-License-Identifier: GPL-2.0
/*
 * Text and Markdown tables of the size-sweep fits (sizefit.h): one table
 * per fitted metric, a row per (sweep, file) with both terms, their
 * intervals and the largest residual, and for each file after the base
 * the change of each term with its interval and mark; the warnings and
 * notes of the fits under each table.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare/fmt.h"
#include "compare/key.h"
#include "compare/report.h"

enum {
	COL_FILE, COL_K, COL_CALL, COL_CALL_CI, COL_PAGE, COL_PAGE_CI, COL_RESID,
	COL_DCALL, COL_DCALL_CI, COL_DCALL_MARK, COL_DPAGE, COL_DPAGE_CI,
	COL_DPAGE_MARK, NR_FIT_COLS
};

/* A value in the display unit, scaled. */
static const char *val(char *buf, double v, double scale)
{
	return fmt_value(buf, v * scale);
}

static void interval_cell(struct cmp_table *t, size_t row, size_t c,
			  double lo, double hi, double scale, bool exact)
{
	char a[FMT_LEN], b[FMT_LEN];

	if (exact)
		table_set(t, row, c, "exact");
	else
		table_set(t, row, c, "[%s, %s]", val(a, lo, scale), val(b, hi, scale));
}

/* Residual cell: "+0.41% at 64M", "unchecked (2 sizes)". */
const char *cmp_fit_resid(char *buf, size_t cap, const struct sizefit *s,
			  const struct sizefit_res *r)
{
	const struct cmp_data *d = s->a->d;
	char pct[FMT_LEN], sz[FMT_LEN];

	if (!r->fit.checked) {
		snprintf(buf, cap, "unchecked (2 sizes)");
		return buf;
	}
	snprintf(buf, cap, "%s at %s%s", fmt_pct(pct, linfit_max_resid(&r->fit)),
		 fmt_param(sz, "size_bytes",
			   d->groups[r->lg[r->fit.worst]].params[sizefit_size_param(d)]),
		 r->fit.bends ? " BENDS" : "");
	return buf;
}

/* Change of one term: relative when the base term is > 0, else absolute. */
static void change_cells(struct cmp_table *t, size_t row, size_t c,
			 const struct linfit_term_diff *td, enum cmp_mark mark,
			 double scale, const char *unit, bool exact)
{
	char a[FMT_LEN];

	if (td->rel_ok) {
		table_set(t, row, c, "%s", fmt_pct(a, td->rel));
		if (exact)
			table_set(t, row, c + 1, "exact");
		else
			table_set(t, row, c + 1, "%s", fmt_ci(a, td->rel_lo, td->rel_hi));
	} else {
		table_set(t, row, c, "%+.4g%s%s", td->diff * scale, *unit ? " " : "",
			  unit);
		if (exact)
			table_set(t, row, c + 1, "exact");
		else
			table_set(t, row, c + 1, "[%+.4g, %+.4g]", td->diff_lo * scale,
				  td->diff_hi * scale);
	}
	table_set(t, row, c + 2, "%s", fmt_mark(mark));
}

static void heads(struct cmp_table *t, const struct sizefit *s, size_t i)
{
	const struct cmp_data *d = s->a->d;
	const struct cmp_metric *m = &d->metrics[s->metric[i]];
	size_t k = cmp_key_columns(d);
	const char *cu, *pu;
	char name[128], tag[FMT_LEN], ci[FMT_LEN];

	sizefit_call_scale(m, &cu, &pu);
	cmp_key_heads(t, d);
	table_head(t, 1 + sizefit_size_param(d), "sizes", true);
	snprintf(ci, sizeof(ci), "%g%% CI", (1 - s->a->o.alpha) * 100);
	table_head(t, k + COL_FILE, "file", false);
	table_head(t, k + COL_K, "k", true);
	snprintf(name, sizeof(name), "per call%s%s%s", *cu ? " (" : "", cu, *cu ? ")" : "");
	table_head(t, k + COL_CALL, name, true);
	table_head(t, k + COL_CALL_CI, ci, true);
	snprintf(name, sizeof(name), "per page%s%s%s", *pu ? " (" : "", pu, *pu ? ")" : "");
	table_head(t, k + COL_PAGE, name, true);
	table_head(t, k + COL_PAGE_CI, ci, true);
	table_head(t, k + COL_RESID, "max resid", true);
	if (d->nr_files < 2)
		return;
	fmt_tag(tag, 0);
	snprintf(name, sizeof(name), "per call vs %s", tag);
	table_head(t, k + COL_DCALL, name, true);
	table_head(t, k + COL_DCALL_CI, ci, true);
	table_head(t, k + COL_DCALL_MARK, "", false);
	snprintf(name, sizeof(name), "per page vs %s", tag);
	table_head(t, k + COL_DPAGE, name, true);
	table_head(t, k + COL_DPAGE_CI, ci, true);
	table_head(t, k + COL_DPAGE_MARK, "", false);
}

static void fit_row(struct cmp_table *t, const struct sizefit *s, size_t w,
		    size_t i, size_t f)
{
	const struct cmp_data *d = s->a->d;
	const struct sizefit_res *r = sizefit_res(s, w, i, f);
	size_t row = table_add_row(t), k = cmp_key_columns(d);
	const char *cu, *pu;
	double scale = sizefit_call_scale(&d->metrics[s->metric[i]], &cu, &pu);
	char buf[128];

	if (!f) {
		cmp_key_cells(t, row, d, s->sw[w].g[0]);
		table_set(t, row, 1 + sizefit_size_param(d), "%s",
			  sizefit_range(buf, sizeof(buf), s, w));
	}
	table_set(t, row, k + COL_FILE, "%s", fmt_tag(buf, f));
	if (r->state != SIZEFIT_OK) {
		table_set(t, row, k + COL_CALL, "%s",
			  r->state == SIZEFIT_NONE ? "no fit" : "fit failed");
		return;
	}
	table_set(t, row, k + COL_K, "%zu", r->fit.k);
	table_set(t, row, k + COL_CALL, "%s", val(buf, r->fit.per_call, scale));
	interval_cell(t, row, k + COL_CALL_CI, r->fit.call_lo, r->fit.call_hi,
		      scale, r->fit.exact);
	table_set(t, row, k + COL_PAGE, "%s", val(buf, r->fit.per_page, 1));
	interval_cell(t, row, k + COL_PAGE_CI, r->fit.page_lo, r->fit.page_hi, 1,
		      r->fit.exact);
	table_set(t, row, k + COL_RESID, "%s", cmp_fit_resid(buf, sizeof(buf), s, r));
	if (r->unknown) {
		table_set(t, row, k + COL_DCALL_MARK, "?");
		table_set(t, row, k + COL_DPAGE_MARK, "?");
		return;
	}
	if (!r->judged)
		return;
	change_cells(t, row, k + COL_DCALL, &r->diff.call, r->call_mark, scale,
		     cu, r->fit.exact && sizefit_res(s, w, i, 0)->fit.exact);
	change_cells(t, row, k + COL_DPAGE, &r->diff.page, r->page_mark, 1, pu,
		     r->fit.exact && sizefit_res(s, w, i, 0)->fit.exact);
}

/* Warnings and notes of one table, one line each. */
static void notes(FILE *out, const struct sizefit *s, size_t i, bool md)
{
	const struct cmp_data *d = s->a->d;
	const char *metric = d->metrics[s->metric[i]].name;
	char name[256], tag[FMT_LEN], bend[512];
	size_t w, f;

	for (w = 0; w < s->nr_sweeps; w++) {
		sizefit_name(name, sizeof(name), s, w);
		for (f = 0; f < d->nr_files; f++) {
			const struct sizefit_res *r = sizefit_res(s, w, i, f);

			fmt_tag(tag, f);
			if (r->state == SIZEFIT_OK && r->fit.bends)
				fprintf(out, "%sWARNING: %s, %s, %s: the line does not describe the data (lack of fit %.3g > %.3g, chi^2 on %zu df at p %g): %s; its terms and their changes average over these sizes%s\n",
					md ? "\n**" : "", name, metric, tag,
					r->fit.lof, r->fit.lof_crit, r->fit.k - 2,
					LINFIT_LOF_P,
					sizefit_bend(bend, sizeof(bend), s, r),
					md ? "**" : "");
			else if (r->state == SIZEFIT_OK && !r->fit.checked)
				fprintf(out, "%s%s, %s, %s: 2 sizes, the line passes through both means: its shape is unchecked\n",
					md ? "\n" : "", name, metric, tag);
			else if (r->state == SIZEFIT_NONE)
				fprintf(out, "%s%s, %s, %s: no fit, fewer than 2 sizes with at least 2 samples\n",
					md ? "\n" : "", name, metric, tag);
			else if (r->state == SIZEFIT_FAILED)
				fprintf(out, "%s%s, %s, %s: no fit, the values are not finite\n",
					md ? "\n" : "", name, metric, tag);
			if (r->unknown)
				fprintf(out, "%s%s, %s, %s: ? no verdict on the terms' changes: %s\n",
					md ? "\n" : "", name, metric, tag, r->why);
			else if (r->judged && r->level > LVL_SAMPLE)
				fprintf(out, "%s%s, %s, %s: changes tested on %zu vs %zu %s (one fit per %s, t interval)\n",
					md ? "\n" : "", name, metric, tag, r->units_base,
					r->units, cmp_level_plural(r->level),
					cmp_level_name(r->level));
			if (r->state == SIZEFIT_OK && r->fit.exact)
				fprintf(out, "%s%s, %s, %s: exact (no spread at any size); the line fits within %.2f%%\n",
					md ? "\n" : "", name, metric, tag,
					100 * fabs(linfit_max_resid(&r->fit)));
		}
	}
}

static int print_one(FILE *out, const struct sizefit *s, size_t i, bool md)
{
	const struct cmp_data *d = s->a->d;
	const struct cmp_metric *m = &d->metrics[s->metric[i]];
	const char *cu, *pu;
	struct cmp_table t;
	size_t w, f;
	int ret;

	sizefit_call_scale(m, &cu, &pu);
	if (table_init(&t, cmp_key_columns(d) +
		       (d->nr_files > 1 ? NR_FIT_COLS : COL_DCALL)))
		return -1;
	heads(&t, s, i);
	for (w = 0; w < s->nr_sweeps; w++)
		for (f = 0; f < d->nr_files; f++)
			fit_row(&t, s, w, i, f);
	if (*cu)
		fprintf(out, "\n%s%s as time per call: per call in us, per page in ns\n\n",
			md ? "#### " : "", m->name);
	else
		fprintf(out, "\n%s%s as a count per call: per call and per page\n\n",
			md ? "#### " : "", m->name);
	ret = table_print(&t, out, md);
	table_free(&t);
	notes(out, s, i, md);
	return ret;
}

int cmp_report_sizes(FILE *out, const struct sizefit *s, bool md)
{
	size_t i;

	if (!s->nr_sweeps || !s->nr_metrics)
		return 0;
	fprintf(out, "\n%sSize sweeps: cost per call = per call + per page x pages, weighted least squares over every sample; %g%% percentile bootstrap intervals of each fit (%d resamples); the changes are tested at the level of the groups (one fit per run, boot or seed; ? with one a side)\n",
		md ? "### " : "", (1 - s->a->o.alpha) * 100, LINFIT_BOOT);
	for (i = 0; i < s->nr_metrics; i++)
		if (print_one(out, s, i, md))
			return -1;
	fprintf(out, "\n%sk: sizes fitted. max resid: the largest (mean - line) / line over the sizes; BENDS: the line does not describe the data (see the warning). A change is marked when its interval excludes 0 (improved / REGRESSED, else ~); it is relative to the base's term when that is above 0, else in the term's unit.\n",
		md ? "" : "");
	return 0;
}
