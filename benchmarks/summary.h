/* SPDX-License-Identifier: GPL-2.0 */
/* The table printed at the end of a run: medians per page with a spread. */
#ifndef LMB_SUMMARY_H
#define LMB_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "counters.h"

struct summary;

struct summary *summary_new(const struct counter_set *cs);
/* Start a group (one workload in one page mode); samples go to the last group. */
int summary_begin(struct summary *s, const char *workload, const char *mode,
		  uint64_t pages);
/*
 * The current group failed at @stage: the table shows it as failed, never
 * its samples so far, and no size fit uses it.
 */
void summary_fail(struct summary *s, const char *stage);
int summary_add(struct summary *s, uint64_t ns, int64_t sys_ns,
		const struct counter_value *ev);
/* The current group runs @workers workers (threads, or processes if @procs). */
void summary_set_workers(struct summary *s, unsigned int workers, bool procs);
/* One round of all workers: @pages in total, done in @wall_ns (first start
 * to last end): the aggregate rate.
 */
int summary_add_round(struct summary *s, uint64_t pages, uint64_t wall_ns);
void summary_print(const struct summary *s, FILE *f);
void summary_free(struct summary *s);

#endif
