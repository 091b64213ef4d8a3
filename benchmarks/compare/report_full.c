// SPDX-License-Identifier: GPL-2.0
/*
 * --stats full: mmtests-style rows per group (Min, quartiles, Max, Amean,
 * Hmean, Stddev, CoeffVar), each file's value and its change vs the base.
 */
#include <math.h>
#include <stddef.h>

#include "array_size.h"
#include "compare/fmt.h"
#include "compare/key.h"
#include "compare/report.h"

static const struct {
	const char *name;
	size_t off;
	bool pct;		/* shown as a percentage */
} rows[] = {
	{ "Min", offsetof(struct cmp_desc, min), false },
	{ "1st-qrtle", offsetof(struct cmp_desc, q1), false },
	{ "2nd-qrtle", offsetof(struct cmp_desc, median), false },
	{ "3rd-qrtle", offsetof(struct cmp_desc, q3), false },
	{ "Max", offsetof(struct cmp_desc, max), false },
	{ "Amean", offsetof(struct cmp_desc, mean), false },
	{ "Hmean", offsetof(struct cmp_desc, hmean), false },
	{ "Stddev", offsetof(struct cmp_desc, stddev), false },
	{ "CoeffVar", offsetof(struct cmp_desc, cv), true },
};

#define NR_ROWS (ARRAY_SIZE(rows))

static double field(const struct cmp_desc *d, size_t i)
{
	return *(const double *)((const char *)d + rows[i].off);
}

static void stat_cell(struct cmp_table *t, size_t row, size_t col,
		      const struct cmp_result *r, size_t i)
{
	char buf[FMT_LEN];

	if (r->state == STATE_FAILED)
		table_set(t, row, col, "FAILED");
	else if (r->state == STATE_ABSENT)
		table_set(t, row, col, "-");
	else if (r->state == STATE_UNAVAILABLE)
		table_set(t, row, col, "unavailable");
	else if (rows[i].pct && !isnan(field(&r->desc, i)))
		table_set(t, row, col, "%.2f%%", field(&r->desc, i) * 100);
	else
		table_set(t, row, col, "%s", fmt_value(buf, field(&r->desc, i)));
}

/* Column of file @f's value: A right after "stat", then "X", "X vs A" pairs. */
static size_t file_col(size_t key, size_t f)
{
	return key + 1 + (f ? 2 * f - 1 : 0);
}

int cmp_report_full(FILE *out, const struct cmp_analysis *a, size_t m, bool md)
{
	const struct cmp_data *d = a->d;
	size_t key = cmp_key_columns(d), g, i, f, row;
	char tag[FMT_LEN], buf[FMT_LEN], name[2 * FMT_LEN];
	struct cmp_table t;
	int ret;

	if (table_init(&t, key + 2 * d->nr_files))
		return -1;
	cmp_key_heads(&t, d);
	table_head(&t, key, "stat", false);
	for (f = 0; f < d->nr_files; f++) {
		table_head(&t, file_col(key, f), fmt_tag(tag, f), true);
		if (f) {
			snprintf(name, sizeof(name), "%s vs A", tag);
			table_head(&t, file_col(key, f) + 1, name, true);
		}
	}
	for (g = 0; g < d->nr_groups; g++) {
		const struct cmp_result *rb = cmp_res(a, g, m, 0);

		if (!cmp_group_has_metric(a, g, m))
			continue;	/* as in the summary table */
		for (i = 0; i < NR_ROWS; i++) {
			row = table_add_row(&t);
			if (!i)
				cmp_key_cells(&t, row, d, g);
			table_set(&t, row, key, "%s", rows[i].name);
			for (f = 0; f < d->nr_files; f++) {
				const struct cmp_result *r = cmp_res(a, g, m, f);
				double vb = field(&rb->desc, i), v = field(&r->desc, i);

				stat_cell(&t, row, file_col(key, f), r, i);
				if (!f || r->state != STATE_OK || rb->state != STATE_OK ||
				    rows[i].pct || !(vb > 0))
					continue;
				table_set(&t, row, file_col(key, f) + 1, "%s",
					  fmt_pct(buf, v / vb - 1));
			}
		}
	}
	fprintf(out, "\n%s%s, all statistics (%s is better)\n\n", md ? "#### " : "",
		d->metrics[m].name, d->metrics[m].higher_is_better ? "higher" : "lower");
	ret = table_print(&t, out, md);
	table_free(&t);
	return ret;
}
