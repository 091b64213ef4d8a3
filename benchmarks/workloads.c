// SPDX-License-Identifier: GPL-2.0
/* The table of workloads; one wl_<name>.c file each. */
#include <string.h>

#include "workload.h"

extern const struct workload wl_munmap, wl_madvise, wl_fork, wl_mprotect,
	wl_mremap, wl_mremap_pmd, wl_madvise_chunks, wl_madvise_uring,
	wl_uring_rings, wl_lazy_control;

const struct workload *const lmb_workloads[] = {
	/* The five user-PTE storms, then the mremap control. */
	&wl_munmap,
	&wl_madvise,
	&wl_fork,
	&wl_mprotect,
	&wl_mremap,
	&wl_mremap_pmd,
	/* Batched MADV_DONTNEED: plain chunks, and through io_uring. */
	&wl_madvise_chunks,
	&wl_madvise_uring,
	/* Kernel mappings: io_uring buffer rings vmap / vunmap. */
	&wl_uring_rings,
	/* Positive control: nested allocation, then N kernel PTEs (-ctl kernels). */
	&wl_lazy_control,
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
