/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which window-file counters lmb-emu-merge carries into the suite CSV:
 * "default" (kernel instructions and barriers, user instructions), "all"
 * (every counter column), or a comma list of window-file column names.
 */
#ifndef LMB_EMU_MERGE_COLUMNS_H
#define LMB_EMU_MERGE_COLUMNS_H

#include <stddef.h>

#include "plugin_file.h"

struct merge_cols {
	size_t *idx;		/* window-file column of each output counter */
	size_t n;
};

/* 0, or -1 with a message (an unknown or missing column). */
int merge_columns_pick(const struct plugin_file *pf, const char *spec,
		       struct merge_cols *mc);
void merge_columns_free(struct merge_cols *mc);

#endif
