/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `run --layout-seed N`: before the storms, an anonymous mapping whose size
 * depends on N is made and written to, and kept until the run ends.  It
 * takes its pages from the allocator first and moves every later mapping
 * by its size, so where the storms' memory and page tables land (physical
 * pages, virtual alignment) varies with the seed, while nothing inside a
 * window changes.  It is not inherited by fork children (MADV_DONTFORK):
 * fork's window copies the whole process, and the seed must not add to
 * what it copies.  In the deterministic guest, where one kernel and one
 * suite binary give the same counts in every boot, several seeds show how
 * much of a difference is layout (results/README.md, layout_seed).
 */
#ifndef LMB_LAYOUT_SEED_H
#define LMB_LAYOUT_SEED_H

#include <stddef.h>
#include <stdint.h>

#define LAYOUT_SEED_MAX_PAGES 512	/* the allocation: 1..512 base pages */

struct layout_alloc {
	void *addr;
	size_t bytes;
};

/* Bytes the allocation of @seed takes with base pages of @page bytes. */
size_t layout_seed_bytes(uint64_t seed, size_t page);
/*
 * Map and write the allocation of @seed into @a.  0, or -1 with a message
 * (the run cannot vary its layout as asked).
 */
int layout_seed_apply(uint64_t seed, size_t page, struct layout_alloc *a);
/* Unmap it (nothing when none was made). */
void layout_seed_release(struct layout_alloc *a);

#endif
