/* SPDX-License-Identifier: GPL-2.0 */
/* The key of a compare group: workload and parameters (key.c). */
#ifndef LMB_COMPARE_KEY_H
#define LMB_COMPARE_KEY_H

#include <stddef.h>

#include "compare/groups.h"
#include "compare/table.h"

/* Shared by the tables: workload and parameter cells of group @g. */
size_t cmp_key_columns(const struct cmp_data *d);
void cmp_key_heads(struct cmp_table *t, const struct cmp_data *d);
void cmp_key_cells(struct cmp_table *t, size_t row, const struct cmp_data *d,
		   size_t g);
/* "munmap thp 64M 1": workload and parameters of group @g, for messages. */
const char *cmp_group_name(char *buf, size_t cap, const struct cmp_data *d,
			   size_t g);

#endif
