// SPDX-License-Identifier: GPL-2.0
/*
 * compare --format text-mail: plain text for a linux-mm cover letter, no
 * line wider than CMP_MAIL_WIDTH.  Per workload the base median with its
 * unit and each other file's change in % with its 95% interval and a mark
 * ("*" improved, "!" regressed, blank: no significant change); then the
 * per-page counters whose change was significant; a footer with kernel,
 * host/CPU, runs and samples of each file.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "compare/key.h"
#include "compare/report.h"
#include "log.h"
#include "meta.h"

#define CMP_MAIL_WIDTH 72

static const char *mark_sym(const struct cmp_result *r)
{
	if (r->mark == MARK_UNKNOWN)
		return "?";
	if (!r->judged)
		return " ";
	return r->mark == MARK_BETTER ? "*" : r->mark == MARK_WORSE ? "!" : " ";
}

/*
 * "-12.3% [-20,-4]", or with an interval inside +-10% "+0.3% [+0.2,+0.4]"
 * (emulated counts are exact enough that whole percents would read [+0,+0]);
 * at most 17 characters either way.  @lo, @hi infinite: no interval.
 */
static void pct_cell(char *buf, size_t len, double est, double lo, double hi)
{
	bool narrow;

	if (isnan(est)) {
		snprintf(buf, len, "n/a");
		return;
	}
	if (isinf(lo) || isinf(hi)) {
		snprintf(buf, len, "%+.1f%%", 100 * est);
		return;
	}
	narrow = fabs(100 * lo) < 9.95 && fabs(100 * hi) < 9.95 &&
		 fabs(100 * est) < 9.95;
	snprintf(buf, len, narrow ? "%+.1f%% [%+.1f,%+.1f]" : "%+.1f%% [%+.0f,%+.0f]",
		 100 * est, 100 * lo, 100 * hi);
}

static void change_cell(char *buf, size_t len, const struct cmp_result *r)
{
	if (r->state == STATE_FAILED)
		snprintf(buf, len, "FAILED");
	else if (r->mark == MARK_UNKNOWN)
		snprintf(buf, len, "%+.1f%% (medians)", 100 * r->median_change);
	else if (!r->judged)
		snprintf(buf, len, "n/a");
	else if (r->ci_none)
		pct_cell(buf, len, r->change, -INFINITY, INFINITY);
	else
		pct_cell(buf, len, r->change, r->ci_lo, r->ci_hi);
}

static void group_label(char *buf, size_t len, const struct cmp_data *d,
			size_t g)
{
	char name[256];

	cmp_group_name(name, sizeof(name), d, g);
	snprintf(buf, len, "%.24s", name);
}

static void metric_table(FILE *out, const struct cmp_analysis *a, size_t m,
			 bool only_marked)
{
	const struct cmp_data *d = a->d;
	char label[32], cell[40];
	size_t g, f;

	for (g = 0; g < d->nr_groups; g++) {
		const struct cmp_result *b = cmp_res(a, g, m, 0);
		bool marked = false;

		for (f = 1; f < d->nr_files; f++)
			marked |= cmp_res(a, g, m, f)->judged &&
				  cmp_res(a, g, m, f)->mark >= MARK_BETTER;
		if (b->state == STATE_FAILED && !only_marked) {
			group_label(label, sizeof(label), d, g);
			fprintf(out, "  %-24s %12s\n", label, "FAILED");
			continue;
		}
		if (b->state != STATE_OK || (only_marked && !marked))
			continue;
		group_label(label, sizeof(label), d, g);
		if (only_marked)
			fprintf(out, "  %-24.24s %-12.12s", label,
				d->metrics[m].name + 3);
		else
			fprintf(out, "  %-24s %12.4g", label, b->desc.median);
		for (f = 1; f < d->nr_files && f <= 1; f++) {
			change_cell(cell, sizeof(cell), cmp_res(a, g, m, f));
			if (only_marked)
				fprintf(out, " %11.4g %-17.17s %s\n",
					b->desc.median, cell,
					mark_sym(cmp_res(a, g, m, f)));
			else
				fprintf(out, "  %-26.26s %s\n", cell,
					mark_sym(cmp_res(a, g, m, f)));
		}
	}
}

/* Print @text from column 4, wrapped at CMP_MAIL_WIDTH, continued at 6. */
static void wrapped(FILE *out, const char *text)
{
	size_t col = 0, len;
	const char *p = text;

	while (*p) {
		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (!len)
			break;
		if (col && col + 1 + len > CMP_MAIL_WIDTH) {
			fputc('\n', out);
			col = 0;
		}
		if (!col)
			col = (size_t)fprintf(out, "%s", p == text ? "    " : "      ");
		else
			col += (size_t)fprintf(out, " ");
		col += (size_t)fprintf(out, "%.*s", (int)len, p);
		p += len;
	}
	if (col)
		fputc('\n', out);
}

static const char *mark_of(enum cmp_mark m)
{
	return m == MARK_BETTER ? "*" : m == MARK_WORSE ? "!" :
	       m == MARK_UNKNOWN ? "?" : " ";
}

#define TERM_WIDTH 26	/* columns of a term with its interval */
#define CHANGE_WIDTH 19	/* columns of a change with its interval */

/*
 * "20.05 [19.81,20.32]" of a term in the display unit; with fewer digits
 * when that is wider than @width, the value alone as a last resort.
 */
static void term_cell(char *buf, size_t len, double v, double lo, double hi,
		      double scale, bool exact, size_t width)
{
	if (exact) {
		snprintf(buf, len, "%.4g exact", v * scale);
		return;
	}
	snprintf(buf, len, "%.4g [%.4g,%.4g]", v * scale, lo * scale, hi * scale);
	if (strlen(buf) > width)
		snprintf(buf, len, "%.3g [%.2g,%.2g]", v * scale, lo * scale,
			 hi * scale);
	if (strlen(buf) > width)
		snprintf(buf, len, "%.4g", v * scale);
}

static void term_change(char *buf, size_t len, const struct linfit_term_diff *t,
			double scale)
{
	if (t->rel_ok) {
		pct_cell(buf, len, t->rel, t->rel_lo, t->rel_hi);
		return;
	}
	term_cell(buf, len, t->diff, t->diff_lo, t->diff_hi, scale, false,
		  CHANGE_WIDTH);
}

static void fit_lines(FILE *out, const struct sizefit *s, size_t w, size_t i)
{
	const struct cmp_data *d = s->a->d;
	const struct cmp_metric *m = &d->metrics[s->metric[i]];
	const struct sizefit_res *b = sizefit_res(s, w, i, 0);
	const struct sizefit_res *r = d->nr_files > 1 ? sizefit_res(s, w, i, 1) : NULL;
	char name[256], head[64], cell[64], chg[64], text[640], bend[512];
	const char *cu, *pu;
	double scale = sizefit_call_scale(m, &cu, &pu);
	bool changed = r && r->judged &&
		       (r->call_mark >= MARK_BETTER || r->page_mark >= MARK_BETTER);

	if (m->kind != METRIC_NS_PER_PAGE && !changed)
		return;
	sizefit_name(name, sizeof(name), s, w);
	snprintf(head, sizeof(head), "%s, %zu sizes", m->kind == METRIC_NS_PER_PAGE ?
		 "time" : m->name + 3, b->state == SIZEFIT_OK ? b->fit.k : 0);
	fprintf(out, "  %.36s: %.30s\n", name, head);
	if (b->state != SIZEFIT_OK) {
		fprintf(out, "    no fit in the base\n");
		return;
	}
	snprintf(head, sizeof(head), "per call%s%s%s", *cu ? " (" : "", cu, *cu ? ")" : "");
	term_cell(cell, sizeof(cell), b->fit.per_call, b->fit.call_lo,
		  b->fit.call_hi, scale, b->fit.exact, TERM_WIDTH);
	chg[0] = 0;
	if (r && r->judged)
		term_change(chg, sizeof(chg), &r->diff.call, scale);
	fprintf(out, "    %-15s %-*s %-*s %s\n", head, TERM_WIDTH, cell,
		CHANGE_WIDTH, chg, r && (r->judged || r->unknown) ? mark_of(r->call_mark) : "");
	snprintf(head, sizeof(head), "per page%s%s%s", *pu ? " (" : "", pu, *pu ? ")" : "");
	term_cell(cell, sizeof(cell), b->fit.per_page, b->fit.page_lo,
		  b->fit.page_hi, 1, b->fit.exact, TERM_WIDTH);
	chg[0] = 0;
	if (r && r->judged)
		term_change(chg, sizeof(chg), &r->diff.page, 1);
	fprintf(out, "    %-15s %-*s %-*s %s\n", head, TERM_WIDTH, cell,
		CHANGE_WIDTH, chg, r && (r->judged || r->unknown) ? mark_of(r->page_mark) : "");
	for (; b; b = b == r ? NULL : r) {
		const char *who = b == r ? "test" : "base";

		if (b->state != SIZEFIT_OK)
			snprintf(text, sizeof(text), "%s: no fit", who);
		else if (b->fit.bends)
			snprintf(text, sizeof(text), "%s: the line does not describe the data: %s",
				 who, sizefit_bend(bend, sizeof(bend), s, b));
		else if (!b->fit.checked)
			snprintf(text, sizeof(text), "%s: 2 sizes, shape unchecked", who);
		else
			snprintf(text, sizeof(text), "%s: %sline fits within %.1f%%",
				 who, b->fit.exact ? "exact; the " : "",
				 100 * fabs(linfit_max_resid(&b->fit)));
		wrapped(out, text);
	}
}

static void print_sweeps(FILE *out, const struct sizefit *s)
{
	size_t w, i;

	if (!s->nr_sweeps || !s->nr_metrics)
		return;
	fprintf(out, "\n  Size sweeps: cost = per call + per page x pages\n");
	fprintf(out, "  %-19s %-26s %s\n", "", "base [95% CI]", "change [95% CI]");
	for (w = 0; w < s->nr_sweeps; w++)
		for (i = 0; i < s->nr_metrics; i++)
			fit_lines(out, s, w, i);
}

static void footer(FILE *out, const struct cmp_analysis *a)
{
	const struct cmp_data *d = a->d;
	size_t f, g, samples;

	fprintf(out, "\n");
	for (f = 0; f < d->nr_files && f < 2; f++) {
		const struct meta *mt = &d->files[f]->meta;
		const char *k = meta_get(mt, "kernel_release");
		const char *h = meta_get(mt, "host");
		const char *cpu = meta_get(mt, "cpu_model");

		for (g = 0, samples = 0; g < d->nr_groups; g++)
			samples += d->groups[g].nr_samples[f];
		fprintf(out, "%s: %.30s (%.28s)\n", f ? "test" : "base",
			meta_get(mt, "label") ? meta_get(mt, "label") : "?",
			k ? k : "?");
		fprintf(out, "  host %.20s, cpu %.40s\n", h ? h : "?",
			cpu ? cpu : "?");
		fprintf(out, "  %zu samples in %zu groups\n", samples,
			d->nr_groups);
	}
}

/* Copy @text to @out without the blanks that end its lines (mail hygiene). */
static void put_trimmed(FILE *out, const char *text)
{
	const char *line = text, *nl, *end;

	for (; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		for (end = nl; end > line && end[-1] == ' '; end--)
			;
		fprintf(out, "%.*s%s", (int)(end - line), line, *nl ? "\n" : "");
		if (!*nl)
			break;
	}
}

static void report(FILE *out, const struct cmp_analysis *a,
		   const struct sizefit *s)
{
	const struct cmp_data *d = a->d;
	size_t m;

	for (m = 0; m < d->nr_metrics; m++) {
		if (d->metrics[m].kind != METRIC_NS_PER_PAGE)
			continue;
		fprintf(out, "  %-24s %12s  %-26s\n", "workload", "base ns/page",
			"change [95% CI]");
		metric_table(out, a, m, false);
	}
	fprintf(out, "\n  Counters per page that changed (base median, change):\n");
	for (m = 0; m < d->nr_metrics; m++)
		if (d->metrics[m].kind == METRIC_EVENT)
			metric_table(out, a, m, true);
	print_sweeps(out, s);
	fprintf(out, "\n  * = significant improvement, ! = significant regression\n");
	fprintf(out, "  (Mann-Whitney U, alpha %.2f; lower is better)\n",
		a->o.alpha);
	footer(out, a);
}

int cmp_report_mail(FILE *out, const struct cmp_analysis *a,
		    const struct sizefit *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (!mem) {
		lmb_err("compare: out of memory for the text-mail report");
		return -1;
	}
	report(mem, a, s);
	if (fclose(mem)) {
		free(text);
		lmb_err("compare: out of memory for the text-mail report");
		return -1;
	}
	put_trimmed(out, text);
	free(text);
	return 0;
}
