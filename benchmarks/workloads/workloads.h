/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every workload, declared once: each workloads/<name>.c includes this
 * header and defines its descriptor `const struct workload wl_<name>`, so
 * the compiler checks the definition against the declaration; workloads.c
 * puts them in the table in the same order.
 *
 * Adding a workload: a new workloads/<name>.c, its line below and its
 * entry in workloads.c (docs/ARCHITECTURE.md, "Add a workload").
 */
#ifndef LMB_WORKLOADS_H
#define LMB_WORKLOADS_H

#include "workload.h"

extern const struct workload wl_munmap;
extern const struct workload wl_madvise;
extern const struct workload wl_madvise_free;
extern const struct workload wl_fork;
extern const struct workload wl_mprotect;
extern const struct workload wl_mremap;
extern const struct workload wl_mremap_pmd;
extern const struct workload wl_madvise_chunks;
extern const struct workload wl_madvise_uring;
extern const struct workload wl_uring_rings;
extern const struct workload wl_lazy_control;

#endif
