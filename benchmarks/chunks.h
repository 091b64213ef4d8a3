/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the chunked MADV_DONTNEED workloads: madvise-chunks
 * (workloads/madvise_chunks.c) and madvise-uring.
 */
#ifndef LMB_CHUNKS_H
#define LMB_CHUNKS_H

#include <stdbool.h>

#include "workload.h"

/* Region parameters, chunk size (a multiple of the base page dividing the
 * region) and, if @batched, the batch (>= 1) are sane; -1 + message naming
 * the bad value.
 */
int chunks_check(const struct wl_params *p, const char *who, bool batched);
/*
 * After the step every page must read zero (private anonymous memory after
 * MADV_DONTNEED).  Reading maps the zero page, so the region is dropped
 * again with one madvise() to leave it as a step leaves it.  0, or -1.
 */
int chunks_verify_zero(struct wl_state *st, const char *who);

#endif
