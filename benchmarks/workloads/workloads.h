/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every workload, declared once: each workloads/<name>.c includes this
 * header and defines its descriptor `const struct workload wl_<name>`, so
 * the compiler checks the definition against the declaration; workloads.c
 * builds the table (run order, `list` order, "all") from the same list.
 *
 * Adding a workload: a new workloads/<name>.c and one line below
 * (docs/ARCHITECTURE.md, "Add a workload").
 */
#ifndef LMB_WORKLOADS_H
#define LMB_WORKLOADS_H

#include "workload.h"

/* X(name) for each descriptor wl_<name>, in table order. */
#define LMB_WORKLOAD_LIST(X)						\
	/* The five user-PTE storms, then the mremap control. */	\
	X(munmap)							\
	X(madvise)							\
	X(fork)								\
	X(mprotect)							\
	X(mremap)							\
	X(mremap_pmd)							\
	/* Batched MADV_DONTNEED: plain chunks, and through io_uring. */ \
	X(madvise_chunks)						\
	X(madvise_uring)						\
	/* Kernel mappings: io_uring buffer rings vmap / vunmap. */	\
	X(uring_rings)

#define LMB_WORKLOAD_DECLARE(name) extern const struct workload wl_##name;
LMB_WORKLOAD_LIST(LMB_WORKLOAD_DECLARE)
#undef LMB_WORKLOAD_DECLARE

#endif
