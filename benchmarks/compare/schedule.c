// SPDX-License-Identifier: GPL-2.0
/* compare: the levels text of a side and the schedule of two sides. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare/schedule.h"

const char *cmp_levels_text(char *buf, size_t cap, const struct cmp_data *d,
			    size_t f, const struct cmp_result *r)
{
	const struct cmp_side *s = &d->sides[f];
	size_t len = 0, above = 1;
	int l;

	buf[0] = 0;
	for (l = LVL_SEED; l >= LVL_SAMPLE; l--) {
		size_t n = r->units[l];
		double per;

		if ((l == LVL_SEED && !s->seed_present) ||
		    (l == LVL_BOOT && !s->boot_known) || !n)
			continue;
		per = (double)n / (double)above;
		if (l == LVL_SAMPLE)
			len += (size_t)snprintf(buf + len, len < cap ? cap - len : 0,
						"%s%.3g", len ? " x " : "", per);
		else
			len += (size_t)snprintf(buf + len, len < cap ? cap - len : 0,
						"%s%.3g %s", len ? " x " : "", per,
						per == 1 ? cmp_level_name((enum cmp_level)l) :
						cmp_level_plural((enum cmp_level)l));
		above = n;
	}
	return buf;
}

/* Earliest and latest time of level @l's units on side @f; false if any is unknown. */
static bool span(const struct cmp_data *d, size_t f, enum cmp_level l,
		 const char **lo, const char **hi)
{
	const struct cmp_pool *p = &d->sides[f].pool[LVL_ID(l)];
	size_t i;

	*lo = *hi = NULL;
	for (i = 0; i < p->n; i++) {
		const char *t = p->time[i];

		if (!*t)
			return false;
		if (!*lo || strcmp(t, *lo) < 0)
			*lo = t;
		if (!*hi || strcmp(t, *hi) > 0)
			*hi = t;
	}
	return *lo != NULL;
}

/*
 * Blocks: every unit of one side precedes every unit of the other.  Boots
 * are looked at first, by their boot_time: inside a guest whose clock is
 * fixed (the deterministic mode) run_start repeats from boot to boot, while
 * boot_time is the host's stamp.  When both sides ran in the same boot(s),
 * the order of their runs decides.
 */
int cmp_schedule_blocks(const struct cmp_data *d, size_t f)
{
	static const enum cmp_level by[] = { LVL_BOOT, LVL_RUN };
	const char *alo, *ahi, *blo, *bhi;
	size_t i;

	for (i = 0; i < 2; i++) {
		if (!span(d, 0, by[i], &alo, &ahi) || !span(d, f, by[i], &blo, &bhi))
			continue;
		if (by[i] == LVL_BOOT && !strcmp(alo, blo) && !strcmp(ahi, bhi))
			continue;	/* the same boot(s): look at the runs */
		return strcmp(ahi, blo) < 0 || strcmp(bhi, alo) < 0;
	}
	return -1;
}
