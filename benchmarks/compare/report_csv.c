// SPDX-License-Identifier: GPL-2.0
/*
 * --format csv: one row per (metric, group, file), full precision, empty
 * cells for "not applicable" / "not measured".  Geomean rows have workload
 * "geomean".  method: how change and CI were estimated (ratio, or additive
 * when a side has zeros); thp_fraction: the group's median thp_kb / size.
 */
#include <math.h>
#include <string.h>

#include "compare/fmt.h"
#include "compare/report.h"
#include "csv.h"

static const char *const state_name[] = {
	[STATE_OK] = "ok",
	[STATE_ABSENT] = "absent",
	[STATE_UNAVAILABLE] = "unavailable",
};

static const char *const mark_name[] = {
	[MARK_NONE] = "",
	[MARK_SAME] = "~",
	[MARK_BETTER] = "improved",
	[MARK_WORSE] = "regressed",
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

static void header(FILE *out, const struct cmp_data *d, bool full)
{
	size_t p;

	fputs("metric,higher_is_better,workload", out);
	for (p = 0; p < d->nr_params; p++)
		field(out, d->param_names[p]);
	fputs(",file,path,label,kernel,state,n,median,cv,change,median_change,ci_lo,ci_hi,p,mark,noisy,few_samples,drift,unit,method,thp_fraction", out);
	if (full)
		fputs(",min,q1,q3,max,mean,hmean,stddev", out);
	fputc('\n', out);
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
static void result(FILE *out, const struct cmp_result *r, double thp, bool full)
{
	const struct cmp_desc *s = &r->desc;
	bool ok = r->state == STATE_OK;

	field(out, state_name[r->state]);
	if (ok)
		fprintf(out, ",%zu", s->n);
	else
		fputs(",", out);
	num(out, ok ? s->median : NAN);
	num(out, ok ? s->cv : NAN);
	num(out, r->judged ? r->change : NAN);
	num(out, r->judged ? r->median_change : NAN);
	num(out, r->judged && !r->ci_none ? r->ci_lo : NAN);
	num(out, r->judged && !r->ci_none ? r->ci_hi : NAN);
	num(out, r->judged ? r->p : NAN);
	fprintf(out, ",%s", mark_name[r->judged ? r->mark : MARK_NONE]);
	fprintf(out, ",%s,%s,%s", r->judged ? (r->noisy || r->wide_ci ? "1" : "0") : "",
		r->judged ? (r->few ? "1" : "0") : "",
		r->drift_known ? (r->drift ? "1" : "0") : "");
	fprintf(out, ",%s", r->judged ? (r->by_runs ? "runs" : "samples") : "");
	fprintf(out, ",%s", !r->judged ? "" : r->exact ? "exact" :
		r->additive ? "additive" : "ratio");
	num(out, r->state == STATE_ABSENT ? NAN : thp);
	if (full) {
		num(out, ok ? s->min : NAN);
		num(out, ok ? s->q1 : NAN);
		num(out, ok ? s->q3 : NAN);
		num(out, ok ? s->max : NAN);
		num(out, ok ? s->mean : NAN);
		num(out, ok ? s->hmean : NAN);
		num(out, ok ? s->stddev : NAN);
	}
	fputc('\n', out);
}

static void geomean_rows(FILE *out, const struct cmp_analysis *a, size_t m, bool full)
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
			fputs(",,,,,,,,,,,,,", out);
			fputs(full ? ",,,,,,,\n" : "\n", out);
		}
		key(out, d, m, "geomean", NULL, f);
		fprintf(out, ",geomean,%zu", n);
		num(out, go);
		fputs(",", out);
		num(out, go / gb - 1);
		num(out, go / gb - 1);
		fputs(",,,,,,,,,,", out);
		fputs(full ? ",,,,,,,\n" : "\n", out);
	}
}

int cmp_report_csv(FILE *out, const struct cmp_analysis *a, bool full)
{
	const struct cmp_data *d = a->d;
	size_t m, g, f;

	header(out, d, full);
	for (m = 0; m < d->nr_metrics; m++) {
		for (g = 0; g < d->nr_groups; g++) {
			for (f = 0; f < d->nr_files; f++) {
				key(out, d, m, d->groups[g].workload,
				    d->groups[g].params, f);
				result(out, cmp_res(a, g, m, f),
				       d->groups[g].thp_frac[f], full);
			}
		}
		geomean_rows(out, a, m, full);
	}
	return ferror(out) ? -1 : 0;
}
