/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Splitting hardware events into groups that fit the PMU, so that no count
 * is ever scaled: the run rotates the groups across samples (sample k
 * counts group k mod G; software events count in every sample), and each
 * window's values come from events that held a PMU counter the whole
 * window.
 *
 * How many events fit is learnt, not looked up: a probe enables a
 * candidate set for a short busy window and asks whether every event in
 * it ran the whole time (time_running == time_enabled > 0).  The kernel
 * schedules what fits and leaves the rest with time_running 0, so this
 * learns the counter count, the dedicated cycle counter and any counter
 * another perf user holds (NMI watchdog), on whatever PMU this is.
 */
#ifndef LMB_COUNTERS_GROUPS_H
#define LMB_COUNTERS_GROUPS_H

#include <stdbool.h>
#include <stddef.h>

/* Can events @idx[0..n) count together, each for the whole window? */
typedef bool (*group_fits_fn)(const size_t *idx, size_t n, void *ctx);

/*
 * First fit, in list order: event i joins the first group that still fits
 * with it, else opens a new group (an event that does not fit even alone
 * gets a group of its own; its windows then say it never ran).
 * @group_of[i] gets i's group.  Returns the number of groups, 0 for n 0,
 * or -1 when out of memory.
 */
int counter_groups_plan(size_t n, group_fits_fn fits, void *ctx,
			unsigned int *group_of);

#endif
