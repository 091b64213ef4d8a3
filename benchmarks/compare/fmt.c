// SPDX-License-Identifier: GPL-2.0
/* Number and label formatting shared by every compare output. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/csv_read.h"
#include "compare/fmt.h"
#include "event_names.h"
#include "units.h"

const char *fmt_value(char *buf, double v)
{
	if (isnan(v))
		snprintf(buf, FMT_LEN, "-");
	else if (fabs(v) >= 1e4 && fabs(v) < 1e15)
		snprintf(buf, FMT_LEN, "%.0f", v);
	else
		snprintf(buf, FMT_LEN, "%.4g", v);
	return buf;
}

const char *fmt_pct(char *buf, double frac)
{
	if (isnan(frac))
		snprintf(buf, FMT_LEN, "n/a");
	else if (isinf(frac))
		snprintf(buf, FMT_LEN, "%sinf", frac > 0 ? "+" : "-");
	else
		snprintf(buf, FMT_LEN, "%+.2f%%", fabs(frac) < 5e-5 ? 0.0 : frac * 100);
	return buf;
}

const char *fmt_ci(char *buf, double lo, double hi)
{
	char a[FMT_LEN], b[FMT_LEN];

	if (isnan(lo) || isnan(hi))
		snprintf(buf, FMT_LEN, "n/a");
	else
		snprintf(buf, FMT_LEN, "[%s, %s]", fmt_pct(a, lo), fmt_pct(b, hi));
	return buf;
}

const char *fmt_p(char *buf, double p)
{
	if (isnan(p))
		snprintf(buf, FMT_LEN, "-");
	else if (p < 0.001)
		snprintf(buf, FMT_LEN, "<0.001");
	else
		snprintf(buf, FMT_LEN, "%.3f", p);
	return buf;
}

const char *fmt_tag(char *buf, size_t file)
{
	if (file < 26)
		snprintf(buf, FMT_LEN, "%c", (int)('A' + file));
	else
		snprintf(buf, FMT_LEN, "F%zu", file + 1);
	return buf;
}

const char *fmt_param(char *buf, const char *name, const char *value)
{
	double v;

	snprintf(buf, FMT_LEN, "%s", *value ? value : "-");
	if (!strcmp(name, "size_bytes") && csv_parse_number(value, &v) && v >= 1)
		format_size(buf, FMT_LEN, v);
	return buf;
}

const char *fmt_param_head(const char *name)
{
	if (!strcmp(name, "size_bytes"))
		return "size";
	if (!strcmp(name, "page_mode"))
		return "pages";
	return name;
}

const char *fmt_mark(enum cmp_mark mark)
{
	static const char *const text[] = {
		[MARK_NONE] = "",
		[MARK_SAME] = "~",
		[MARK_BETTER] = "improved",
		[MARK_WORSE] = "REGRESSED",
		[MARK_UNKNOWN] = "?",
	};

	return text[mark];
}

const char *fmt_metric_unit(const struct cmp_metric *m)
{
	switch (m->kind) {
	case METRIC_NS_PER_PAGE:
		return "ns per base page, whole timed step";
	case METRIC_SPLIT:
		return "ns per base page, from window open to the split point";
	case METRIC_EVENT:
		return event_column_is_ns(m->column) ?
			"task-clock ns per base page" : "events per base page";
	}
	return "";
}
