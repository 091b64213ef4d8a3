/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LMB_LIST_CHECK_H
#define LMB_LIST_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The shared check of every list an option takes: no empty item (an extra
 * comma is almost always a typo) and no item twice.  Both print one line
 * naming the option and the item, and return -1 (the caller exits 2 before
 * writing anything); 0 when the list is fine.
 */

/* @list is comma-separated, the value of option @opt (e.g. "--workloads"). */
int list_check(const char *opt, const char *list);
/* Is @name an item of the comma-separated @list? */
bool list_has(const char *list, const char *name);

/*
 * list_check() @list, then call @fn on each item in order (the item is a
 * NUL-terminated copy, @i its index from 0) until one returns non-zero.
 * Returns -1 when the check fails, out of memory (message printed) or @fn
 * failed (@fn printed why); else the number of items.
 */
int list_each(const char *opt, const char *list,
	      int (*fn)(const char *item, size_t i, void *ctx), void *ctx);

/* @n separate arguments (compare's files), @what names them in messages. */
int list_check_args(const char *what, char *const *items, size_t n);

#endif
