// SPDX-License-Identifier: GPL-2.0
/* The table of workloads, from the list in workloads/workloads.h. */
#include <string.h>

#include "workloads/workloads.h"

#define LMB_WORKLOAD_ENTRY(name) &wl_##name,

const struct workload *const lmb_workloads[] = {
	LMB_WORKLOAD_LIST(LMB_WORKLOAD_ENTRY)
	NULL,
};

const struct workload *workload_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; lmb_workloads[i]; i++)
		if (!strcmp(lmb_workloads[i]->name, name))
			return lmb_workloads[i];
	return NULL;
}
