/* SPDX-License-Identifier: GPL-2.0 */
/* How compare writes numbers, changes, sizes and file tags. */
#ifndef LMB_COMPARE_FMT_H
#define LMB_COMPARE_FMT_H

#include <stddef.h>

#include "compare/analyze.h"
#include "compare/groups.h"

#define FMT_LEN 64

/* 4 significant digits, no exponent for large values; "-" for NAN. */
const char *fmt_value(char *buf, double v);
/* Fraction as a signed percentage, "+4.96%"; "n/a" for NAN. */
const char *fmt_pct(char *buf, double frac);
/* "[-5.41%, -4.52%]" */
const char *fmt_ci(char *buf, double lo, double hi);
/* p-value: "<0.001" or "0.042" */
const char *fmt_p(char *buf, double p);
/* "A" for the base, "B", "C", ... */
const char *fmt_tag(char *buf, size_t file);
/* Parameter value for display: size_bytes 67108864 -> "64M". */
const char *fmt_param(char *buf, const char *name, const char *value);
/* Header of a parameter column: size_bytes -> "size". */
const char *fmt_param_head(const char *name);
/* Mark of the text tables: "improved", "REGRESSED", "~" or "". */
const char *fmt_mark(enum cmp_mark mark);
/* "ns per base page", "events per base page" */
const char *fmt_metric_unit(const struct cmp_metric *m);

#endif
