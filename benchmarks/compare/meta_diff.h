/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Metadata of the compared files: keys that must match for the numbers to
 * be comparable (CPU, page size, debug_pagealloc, THP, suite version, ...)
 * and keys that are expected to differ between kernels (release, label,
 * cmdline, ...), which the report shows.
 */
#ifndef LMB_COMPARE_META_DIFF_H
#define LMB_COMPARE_META_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compare/csv_read.h"

struct meta_diff {
	const char *key;
	bool must_match;	/* a difference makes the comparison doubtful */
};

/*
 * Keys whose values are not the same in all files, in display order;
 * returns how many (at most @max).  A key absent from a file counts as
 * "(absent)".
 */
size_t meta_diff_find(struct csv_table *const *files, size_t nr_files,
		      struct meta_diff *out, size_t max);

/* Value of @key in @t for display. */
const char *meta_diff_value(const struct csv_table *t, const char *key);

/* lmb_warn() one line per must-match key that differs; returns how many. */
size_t meta_diff_warn(struct csv_table *const *files, size_t nr_files);

#endif
