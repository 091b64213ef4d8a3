// SPDX-License-Identifier: GPL-2.0
/* Flag windows that were partly off-CPU (see offcpu.h). */
#include <stdbool.h>

#include "offcpu.h"

static bool measured(const struct counter_value *v)
{
	return v && v->status == COUNTER_OK;
}

int offcpu_flag(const struct counter_value *task_clock,
		const struct counter_value *migrations, uint64_t wall_ns)
{
	bool tc = measured(task_clock) && wall_ns;
	bool mig = measured(migrations);

	if (mig && migrations->value > 0)
		return 1;
	if (tc && task_clock->value < OFFCPU_TASK_CLOCK_MIN * (double)wall_ns)
		return 1;
	return tc || mig ? 0 : -1;
}
