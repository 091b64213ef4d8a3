/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The change of a size fit's terms between two sides at the level the
 * per-group verdicts test (runs, boots or layout seeds): the sweep is
 * fitted once per unit of that level (each unit needs >= 2 sizes with >= 2
 * samples), and the units' terms are compared with the pooled-variance t
 * interval, so the interval holds the variation between runs or boots.
 */
#ifndef LMB_COMPARE_SIZEFIT_UNITS_H
#define LMB_COMPARE_SIZEFIT_UNITS_H

#include <stddef.h>

#include "compare/sizefit.h"

/*
 * Fill r->diff and the marks for sweep @sw, fitted metric @m, file @f
 * tested at level @l (> LVL_SAMPLE); 1 when the units cannot be fitted
 * (r->why says why), -1 when out of memory.
 */
int sizefit_units_diff(const struct sizefit *s, size_t sw, size_t m, size_t f,
		       enum cmp_level l, struct sizefit_res *r);

#endif
