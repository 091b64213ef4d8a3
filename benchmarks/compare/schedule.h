/* SPDX-License-Identifier: GPL-2.0 */
/* How compare's sides lie in time and in levels, for the report. */
#ifndef LMB_COMPARE_SCHEDULE_H
#define LMB_COMPARE_SCHEDULE_H

#include <stddef.h>

#include "compare/analyze.h"

/*
 * "3 boots x 4 runs x 10": the units of each level known on side @f of
 * result @r (per unit of the level above, rounded), into @buf.
 */
const char *cmp_levels_text(char *buf, size_t cap, const struct cmp_data *d,
			    size_t f, const struct cmp_result *r);

/*
 * How the units of the base and file @f lie in time: 1 blocks (every run
 * of one side before every run of the other, by run_start, else boots by
 * boot_time), 0 interleaved, -1 unknown (no times on a side).
 */
int cmp_schedule_blocks(const struct cmp_data *d, size_t f);

#endif
