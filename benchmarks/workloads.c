// SPDX-License-Identifier: GPL-2.0
/* The table of workloads, declared in workloads/workloads.h. */
#include <string.h>

#include "array_size.h"
#include "workloads/workloads.h"

const struct workload *const lmb_workloads[] = {
	/* The user-PTE storms (WL_STORM), then the mremap control. */
	&wl_munmap,
	&wl_madvise,
	&wl_madvise_free,
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

static const struct {
	unsigned int flag;
	const char *name;
} flag_names[] = {
	{ WL_STORM, "storm" },
	{ WL_REGION, "region" },
	{ WL_THP_KEPT, "thp-kept" },
	{ WL_MAY_SKIP, "may-skip" },
	{ WL_FRESH_PAGES, "fresh-pages" },
};

const char *workload_flag_name(unsigned int flag)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(flag_names); i++)
		if (flag_names[i].flag == flag)
			return flag_names[i].name;
	return NULL;
}

unsigned int workload_flag_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < ARRAY_SIZE(flag_names); i++)
		if (!strcmp(flag_names[i].name, name))
			return flag_names[i].flag;
	return 0;
}
