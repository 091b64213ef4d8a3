// SPDX-License-Identifier: GPL-2.0
/* Run summary: the size fit of one workload and page mode (linfit.c). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "linfit.h"
#include "summary_fit.h"
#include "units.h"

static void term(FILE *f, const char *name, double v, double lo, double hi,
		 double scale, const char *unit, bool exact)
{
	if (exact)
		fprintf(f, "%s %.4g%s exact", name, v * scale, unit);
	else
		fprintf(f, "%s %.4g%s [%.4g, %.4g]", name, v * scale, unit,
			lo * scale, hi * scale);
}

static void print_fit(FILE *f, const char *what, const struct linfit *fit,
		      char (*label)[16], bool time)
{
	const char *lp[LINFIT_MAX_LEVELS];
	char bend[512];
	size_t j;

	fprintf(f, "  %-22s ", what);
	term(f, "per call", fit->per_call, fit->call_lo, fit->call_hi,
	     time ? 1e-3 : 1, time ? " us" : "", fit->exact);
	term(f, ", per page", fit->per_page, fit->page_lo, fit->page_hi, 1,
	     time ? " ns" : "", fit->exact);
	if (fit->checked)
		fprintf(f, ", max resid %+.1f%% at %s%s\n",
			100 * linfit_max_resid(fit), label[fit->worst],
			fit->bends ? " BENDS" : "");
	else
		fprintf(f, ", 2 sizes: shape unchecked\n");
	if (!fit->bends)
		return;
	for (j = 0; j < fit->k; j++)
		lp[j] = label[j];
	fprintf(f, "  WARNING: %s: the line does not describe the data: %s\n",
		what, linfit_bend_text(fit, lp, bend, sizeof(bend)));
}

int summary_fit_print(FILE *f, const char *what, const struct summary_size *sz,
		      size_t k, bool time)
{
	struct linfit_level lv[LINFIT_MAX_LEVELS];
	char label[LINFIT_MAX_LEVELS][16];
	struct linfit fit;
	size_t j, i, m = 0;
	bool nonzero = false;
	int ret = 0;

	for (j = 0; j < k && m < LINFIT_MAX_LEVELS; j++) {
		double *y = malloc((sz[j].n ? sz[j].n : 1) * sizeof(*y));
		size_t n = 0;

		if (!y) {
			ret = -1;
			goto out;
		}
		for (i = 0; i < sz[j].n; i++) {
			double v = sz[j].per_page[i * sz[j].stride];

			if (isnan(v))
				continue;
			y[n++] = v * sz[j].pages;
			nonzero |= v != 0;
		}
		if (n < 2) {
			free(y);
			continue;
		}
		lv[m] = (struct linfit_level){ .x = sz[j].pages, .y = y, .n = n };
		format_size(label[m++], sizeof(label[0]),
			    sz[j].pages * (double)sysconf(_SC_PAGESIZE));
	}
	if (m < 2 || !nonzero)
		goto out;	/* nothing to fit, or 0 everywhere */
	errno = 0;
	if (linfit_fit(lv, m, NULL, &fit))
		ret = errno == ENOMEM ? -1 : 0;
	else
		print_fit(f, what, &fit, label, time);
out:
	while (m--)
		free((void *)lv[m].y);
	return ret;
}
