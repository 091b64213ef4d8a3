/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hash index: maps a key to the index of an entry in the caller's own
 * array, so lookups by name (columns, groups, samples) cost O(1) instead of
 * a walk over every entry.  The map stores only hashes and indices; the
 * caller keeps the keys and says whether entry i equals the key sought.
 * Indices are below IDX_MAP_MAX (4 billion entries).
 */
#ifndef LMB_IDX_MAP_H
#define LMB_IDX_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IDX_MAP_NONE	SIZE_MAX
#define IDX_MAP_MAX	((size_t)UINT32_MAX - 1)
#define IDX_HASH_INIT	2166136261u	/* FNV-1a offset basis */

struct idx_map {
	uint32_t *slot;		/* 0 = empty, else index + 1 */
	uint32_t *hash;		/* hash of the entry in each slot */
	size_t cap, n;		/* cap is 0 or a power of two */
};

/* Does entry @idx equal the key @key? */
typedef bool (*idx_map_same_fn)(const void *key, size_t idx);

/* Hash of string @s continued from @h (start with IDX_HASH_INIT). */
uint32_t idx_hash_str(uint32_t h, const char *s);
/* Hash of number @v continued from @h. */
uint32_t idx_hash_num(uint32_t h, uint64_t v);

/* Index of the entry of hash @h that @same says equals @key, or IDX_MAP_NONE. */
size_t idx_map_find(const struct idx_map *m, uint32_t h, idx_map_same_fn same,
		    const void *key);
/* Add entry @idx of hash @h (the caller checked it is not there): 0, or -1
 * when out of memory or @idx > IDX_MAP_MAX.
 */
int idx_map_add(struct idx_map *m, uint32_t h, size_t idx);
void idx_map_free(struct idx_map *m);

#endif
