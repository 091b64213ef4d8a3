/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LMB_LIST_CHECK_H
#define LMB_LIST_CHECK_H

#include <stddef.h>

/*
 * The shared check of every list an option takes: no empty item (an extra
 * comma is almost always a typo) and no item twice.  Both print one line
 * naming the option and the item, and return -1 (the caller exits 2 before
 * writing anything); 0 when the list is fine.
 */

/* @list is comma-separated, the value of option @opt (e.g. "--workloads"). */
int list_check(const char *opt, const char *list);

/* @n separate arguments (compare's files), @what names them in messages. */
int list_check_args(const char *what, char *const *items, size_t n);

#endif
