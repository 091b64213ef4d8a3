// SPDX-License-Identifier: GPL-2.0
/* The table of workloads; one wl_<name>.c file each. */
#include <string.h>

#include "workload.h"

extern const struct workload wl_munmap, wl_madvise, wl_fork, wl_mprotect,
	wl_mremap, wl_mremap_pmd;

const struct workload *const lmb_workloads[] = {
	&wl_munmap,
	&wl_madvise,
	&wl_fork,
	&wl_mprotect,
	&wl_mremap,
	&wl_mremap_pmd,
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
