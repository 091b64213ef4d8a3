/* SPDX-License-Identifier: GPL-2.0 */
/* Looking groups up by their parameters (the sweeps: sizes, workers). */
#ifndef LMB_COMPARE_GROUP_PARAM_H
#define LMB_COMPARE_GROUP_PARAM_H

#include <stdbool.h>
#include <stddef.h>

#include "compare/groups.h"

/* Index of parameter @name ("size_bytes"), d->nr_params when absent. */
size_t cmp_param_index(const struct cmp_data *d, const char *name);

/* Do groups @g and @h share the workload and every parameter but @skip? */
bool cmp_same_except(const struct cmp_data *d, size_t g, size_t h, size_t skip);

#endif
