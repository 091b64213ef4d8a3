/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The order compare shows groups in: first appearance, except that the
 * groups of one size sweep (same workload and parameters but size_bytes)
 * come together, smallest size first, where the sweep first appears.  A
 * sweep run visits its sizes shuffled; the tables should not.
 */
#ifndef LMB_COMPARE_GROUP_ORDER_H
#define LMB_COMPARE_GROUP_ORDER_H

#include "compare/groups.h"

/* Reorder d->groups; -1 when out of memory (the order is then unchanged). */
int cmp_order_size_sweeps(struct cmp_data *d);

#endif
