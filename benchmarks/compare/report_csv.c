// SPDX-License-Identifier: GPL-2.0
/*
 * --format csv: one row per (metric, group, file), full precision, empty
 * cells for "not applicable" / "not measured".  Geomean rows have workload
 * "geomean".  method: how change and CI were estimated (ratio, or additive
 * when a side has zeros); thp_fraction: the group's median thp_kb / size.
 * With size sweeps, the fit_* columns follow and each (metric, sweep,
 * file, term) gets a row of state "fit" (docs/compare.md, Size sweeps).
 */
#include <math.h>
#include <string.h>

#include "compare/fmt.h"
#include "compare/report.h"
#include "compare/schedule.h"
#include "csv.h"

static const char *const state_name[] = {
	[STATE_OK] = "ok",
	[STATE_ABSENT] = "absent",
	[STATE_UNAVAILABLE] = "unavailable",
	[STATE_FAILED] = "failed",
};

static const char *const mark_name[] = {
	[MARK_NONE] = "",
	[MARK_SAME] = "~",
	[MARK_BETTER] = "improved",
	[MARK_WORSE] = "regressed",
	[MARK_UNKNOWN] = "?",
};

static void field(FILE *out, const char *s)
{
	char buf[1024];

	csv_field(buf, sizeof(buf), s);
	fprintf(out, ",%s", buf);
}

static void num(FILE *out, double v)
{
	if (isnan(v))
		fputs(",", out);
	else if (isinf(v))
		fprintf(out, ",%sinf", v > 0 ? "" : "-");
	else
		fprintf(out, ",%.6g", v);
}

#define FIT_COLS ",fit_term,fit_sizes,fit_estimate,fit_lo,fit_hi,fit_max_residual,fit_residual_size,fit_bends,fit_diff,fit_diff_lo,fit_diff_hi"
#define FIT_EMPTY ",,,,,,,,,,,"

/* End a row; @fits: the fit_* columns exist, empty in this row. */
static void end_row(FILE *out, bool fits)
{
	fputs(fits ? FIT_EMPTY "\n" : "\n", out);
}

static void header(FILE *out, const struct cmp_data *d, bool full, bool fits)
{
	size_t p;

	fputs("metric,higher_is_better,workload", out);
	for (p = 0; p < d->nr_params; p++)
		field(out, d->param_names[p]);
	fputs(",file,path,label,kernel,state,n,median,cv,change,median_change,ci_lo,ci_hi,p,mark,noisy,few_samples,drift,unit,method,thp_fraction,levels,offcpu,why", out);
	if (full)
		fputs(",min,q1,q3,max,mean,hmean,stddev", out);
	fputs(fits ? FIT_COLS "\n" : "\n", out);
}

static void key(FILE *out, const struct cmp_data *d, size_t m, const char *wl,
		char *const *params, size_t f)
{
	const struct csv_table *t = d->files[f];
	char tag[FMT_LEN], buf[1024];
	size_t p;

	csv_field(buf, sizeof(buf), d->metrics[m].name);
	fprintf(out, "%s,%d", buf, d->metrics[m].higher_is_better);
	field(out, wl);
	for (p = 0; p < d->nr_params; p++)
		field(out, params ? params[p] : "");
	field(out, fmt_tag(tag, f));
	field(out, t->path);
	field(out, meta_get(&t->meta, "label") ? meta_get(&t->meta, "label") : "");
	field(out, meta_get(&t->meta, "kernel_release") ?
		   meta_get(&t->meta, "kernel_release") : "");
}

/* @thp: the group's huge-page fraction in this file, NAN = unknown. */
static void result(FILE *out, const struct cmp_data *d, size_t g, size_t f,
		   const struct cmp_result *r, bool full, bool fits)
{
	const struct cmp_desc *s = &r->desc;
	bool ok = r->state == STATE_OK, unknown = r->mark == MARK_UNKNOWN;
	double thp = d->groups[g].thp_frac[f];
	char buf[256];

	field(out, state_name[r->state]);
	if (ok)
		fprintf(out, ",%zu", s->n);
	else
		fputs(",", out);
	num(out, ok ? r->udesc.median : NAN);
	num(out, ok ? r->udesc.cv : NAN);
	num(out, r->judged ? r->change : unknown ? r->median_change : NAN);
	num(out, r->judged || unknown ? r->median_change : NAN);
	num(out, r->judged && !r->ci_none ? r->ci_lo : NAN);
	num(out, r->judged && !r->ci_none ? r->ci_hi : NAN);
	num(out, r->judged ? r->p : NAN);
	fprintf(out, ",%s", mark_name[r->judged || unknown ? r->mark : MARK_NONE]);
	fprintf(out, ",%s,%s,%s", r->judged ? (r->noisy || r->wide_ci ? "1" : "0") : "",
		r->judged ? (r->few ? "1" : "0") : "",
		r->drift_known ? (r->drift ? "1" : "0") : "");
	fprintf(out, ",%s", r->judged || unknown ? cmp_level_plural(r->level) : "");
	fprintf(out, ",%s", !r->judged ? "" : r->exact ? "exact" :
		r->additive ? "additive" : "ratio");
	num(out, r->state == STATE_ABSENT || r->state == STATE_FAILED ? NAN : thp);
	field(out, ok ? cmp_levels_text(buf, sizeof(buf), d, f, r) : "");
	if (ok && d->sides[f].offcpu_column)
		fprintf(out, ",%zu", d->groups[g].offcpu[f]);
	else
		fputs(",", out);
	if (r->calibrated)
		snprintf(buf, sizeof(buf), "calibrated: %s variance added", r->calib_levels);
	field(out, unknown ? r->why : r->calibrated ? buf : "");
	if (full) {
		num(out, ok ? s->min : NAN);
		num(out, ok ? s->q1 : NAN);
		num(out, ok ? s->q3 : NAN);
		num(out, ok ? s->max : NAN);
		num(out, ok ? s->mean : NAN);
		num(out, ok ? s->hmean : NAN);
		num(out, ok ? s->stddev : NAN);
	}
	end_row(out, fits);
}

static void geomean_rows(FILE *out, const struct cmp_analysis *a, size_t m,
			 bool full, bool fits)
{
	const struct cmp_data *d = a->d;
	double gb = NAN, go;
	size_t f, n;

	for (f = 1; f < d->nr_files; f++) {
		n = cmp_geomean(a, m, f, &gb, &go);
		if (!n)
			continue;
		if (f == 1) {
			key(out, d, m, "geomean", NULL, 0);
			fprintf(out, ",geomean,%zu", n);
			num(out, gb);
			fputs(",,,,,,,,,,,,,,,,", out);
			fputs(full ? ",,,,,,," : "", out);
			end_row(out, fits);
		}
		key(out, d, m, "geomean", NULL, f);
		fprintf(out, ",geomean,%zu", n);
		num(out, go);
		fputs(",", out);
		num(out, go / gb - 1);
		num(out, go / gb - 1);
		fputs(",,,,,,,,,,,,,", out);
		fputs(full ? ",,,,,,," : "", out);
		end_row(out, fits);
	}
}

/* One term of one fit: the common columns, then the fit_* ones. */
static void fit_term(FILE *out, const struct sizefit *s, size_t w, size_t i,
		     size_t f, bool call, bool full)
{
	const struct cmp_data *d = s->a->d;
	const struct sizefit_res *r = sizefit_res(s, w, i, f);
	const struct cmp_group *g0 = &d->groups[s->sw[w].g[0]];
	const struct linfit_term_diff *td = call ? &r->diff.call : &r->diff.page;
	char *params[64];
	size_t p, sp = sizefit_size_param(d);
	bool ok = r->state == SIZEFIT_OK, rel = r->judged && td->rel_ok;
	bool exact = ok && r->fit.exact && (!r->judged ||
					    sizefit_res(s, w, i, 0)->fit.exact);

	for (p = 0; p < d->nr_params && p < 64; p++)
		params[p] = p == sp ? "" : g0->params[p];
	key(out, d, s->metric[i], g0->workload, d->nr_params <= 64 ? params : NULL, f);
	fprintf(out, ",%s,%zu", ok ? "fit" : "no_fit", r->samples);
	fputs(",,", out);				/* median, cv */
	num(out, rel ? td->rel : NAN);
	fputs(",", out);				/* median_change */
	num(out, rel ? td->rel_lo : NAN);
	num(out, rel ? td->rel_hi : NAN);
	fprintf(out, ",,%s", mark_name[r->judged || r->unknown ?
				       (call ? r->call_mark : r->page_mark) : MARK_NONE]);
	fprintf(out, ",,,,%s,%s,", r->judged || r->unknown ? cmp_level_plural(r->level) : "",
		ok ? (exact ? "exact" : r->judged && r->level > LVL_SAMPLE ? "t" :
		      "bootstrap") : "");
	fputs(",,", out);				/* levels, offcpu */
	field(out, r->why);
	fputs(full ? ",,,,,,," : "", out);
	fprintf(out, ",%s", call ? "per_call" : "per_page");
	if (!ok) {
		fputs(",,,,,,,,,,\n", out);
		return;
	}
	fprintf(out, ",%zu", r->fit.k);
	num(out, call ? r->fit.per_call : r->fit.per_page);
	num(out, call ? r->fit.call_lo : r->fit.page_lo);
	num(out, call ? r->fit.call_hi : r->fit.page_hi);
	num(out, r->fit.checked ? linfit_max_resid(&r->fit) : NAN);
	field(out, r->fit.checked ? d->groups[r->lg[r->fit.worst]].params[sp] : "");
	fprintf(out, ",%s", r->fit.checked ? (r->fit.bends ? "1" : "0") : "");
	num(out, r->judged ? td->diff : NAN);
	num(out, r->judged ? td->diff_lo : NAN);
	num(out, r->judged ? td->diff_hi : NAN);
	fputc('\n', out);
}

int cmp_report_csv(FILE *out, const struct cmp_analysis *a,
		   const struct sizefit *s, bool full)
{
	const struct cmp_data *d = a->d;
	bool fits = s->nr_sweeps && s->nr_metrics;
	size_t m, g, f, w, i;

	header(out, d, full, fits);
	for (m = 0; m < d->nr_metrics; m++) {
		for (g = 0; g < d->nr_groups; g++) {
			for (f = 0; f < d->nr_files; f++) {
				key(out, d, m, d->groups[g].workload,
				    d->groups[g].params, f);
				result(out, d, g, f, cmp_res(a, g, m, f), full, fits);
			}
		}
		geomean_rows(out, a, m, full, fits);
	}
	for (i = 0; fits && i < s->nr_metrics; i++)
		for (w = 0; w < s->nr_sweeps; w++)
			for (f = 0; f < d->nr_files; f++) {
				fit_term(out, s, w, i, f, true, full);
				fit_term(out, s, w, i, f, false, full);
			}
	return ferror(out) ? -1 : 0;
}
