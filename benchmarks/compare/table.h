/* SPDX-License-Identifier: GPL-2.0 */
/* A table of text cells printed aligned (terminal) or as a Markdown table. */
#ifndef LMB_COMPARE_TABLE_H
#define LMB_COMPARE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cmp_table {
	size_t nr_cols;
	char **head;
	bool *right;		/* right-aligned (numbers) */
	char **cells;		/* nr_rows * nr_cols, NULL = empty */
	size_t nr_rows, cap;
	bool oom;		/* an allocation failed: print refuses */
};

int table_init(struct cmp_table *t, size_t nr_cols);
void table_head(struct cmp_table *t, size_t col, const char *name, bool right);
/* Append an empty row; returns its index. */
size_t table_add_row(struct cmp_table *t);
void table_set(struct cmp_table *t, size_t row, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Returns -1 if an allocation failed while building the table. */
int table_print(const struct cmp_table *t, FILE *f, bool markdown);
void table_free(struct cmp_table *t);

#endif
