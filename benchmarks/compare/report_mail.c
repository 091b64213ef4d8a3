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

static const char *mark_sym(const struct cmp_result *r)
{
	if (!r->judged)
		return " ";
	return r->mark == MARK_BETTER ? "*" : r->mark == MARK_WORSE ? "!" : " ";
}

/*
 * "-12.3% [-20,-4]", or with an interval inside +-10% "+0.3% [+0.2,+0.4]"
 * (emulated counts are exact enough that whole percents would read [+0,+0]);
 * at most 17 characters either way.
 */
static void change_cell(char *buf, size_t len, const struct cmp_result *r)
{
	bool narrow;

	if (!r->judged || isnan(r->change)) {
		snprintf(buf, len, "n/a");
		return;
	}
	if (r->ci_none || isinf(r->ci_lo) || isinf(r->ci_hi)) {
		snprintf(buf, len, "%+.1f%%", 100 * r->change);
		return;
	}
	narrow = fabs(100 * r->ci_lo) < 9.95 && fabs(100 * r->ci_hi) < 9.95 &&
		 fabs(100 * r->change) < 9.95;
	snprintf(buf, len, narrow ? "%+.1f%% [%+.1f,%+.1f]" : "%+.1f%% [%+.0f,%+.0f]",
		 100 * r->change, 100 * r->ci_lo, 100 * r->ci_hi);
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

static void report(FILE *out, const struct cmp_analysis *a)
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
	fprintf(out, "\n  * = significant improvement, ! = significant regression\n");
	fprintf(out, "  (Mann-Whitney U, alpha %.2f; lower is better)\n",
		a->o.alpha);
	footer(out, a);
}

int cmp_report_mail(FILE *out, const struct cmp_analysis *a)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (!mem) {
		lmb_err("compare: out of memory for the text-mail report");
		return -1;
	}
	report(mem, a);
	if (fclose(mem)) {
		free(text);
		lmb_err("compare: out of memory for the text-mail report");
		return -1;
	}
	put_trimmed(out, text);
	free(text);
	return 0;
}
