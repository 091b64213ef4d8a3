/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Was a sample's window partly off-CPU?  Decided after the window from
 * counts already read (results/README.md, column offcpu): the thread
 * migrated (cpu-migrations > 0), or its task-clock is below
 * OFFCPU_TASK_CLOCK_MIN of the window's wall time (preempted, or waiting
 * for the host: a VM under load showed task-clock at half of wall time).
 * Such samples are flagged, never dropped.
 */
#ifndef LMB_OFFCPU_H
#define LMB_OFFCPU_H

#include <stdint.h>

#include "counters.h"

#define OFFCPU_TASK_CLOCK_MIN 0.9

/*
 * 1 when a measured criterion flags the window, 0 when at least one was
 * measured and none flags it, -1 when neither was measured.  @task_clock
 * and @migrations may be NULL (not in the event set); a value counts as
 * measured when its status is COUNTER_OK.  @wall_ns: the window's ns.
 */
int offcpu_flag(const struct counter_value *task_clock,
		const struct counter_value *migrations, uint64_t wall_ns);

#endif
