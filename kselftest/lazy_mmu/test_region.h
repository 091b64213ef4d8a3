/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Anonymous test regions for the lazy MMU tests: aligned mappings, and a
 * per-page pattern (a 64-bit tag made of a seed and the page index at the
 * start of every base page) so that a page showing up at the wrong place,
 * as zero, or with another process's data is detected.
 */
#ifndef LAZY_MMU_TEST_REGION_H
#define LAZY_MMU_TEST_REGION_H

#include <stddef.h>
#include <stdint.h>

/*
 * Map @bytes of private anonymous read/write memory starting on an
 * @align boundary (extra address space around it is unmapped again).
 * @prot PROT_NONE reserves address space only.  MAP_FAILED on error.
 */
void *region_map_aligned(size_t bytes, size_t align, int prot);

/* Write the tag of (@seed, page index) into every base page. */
void region_fill(void *addr, size_t bytes, size_t page, uint64_t seed);

/*
 * Number of base pages in [@base + @off, @base + @off + @len) that do not
 * hold the tag region_fill(@base, ..., @seed) wrote there; the page index
 * (from @base) of the first one goes to *@first (unchanged if none).
 */
size_t region_check(const void *base, size_t off, size_t len, size_t page,
		    uint64_t seed, size_t *first);

/* Same range convention: pages whose first or last byte is not zero. */
size_t region_check_zero(const void *base, size_t off, size_t len,
			 size_t page, size_t *first);

/* AnonHugePages (kB) of the mapping containing @addr; -1 if unknown. */
long region_anon_huge_kb(const void *addr);

#endif
