/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sides of a comparison from the command line: each side is one result
 * file, a directory (every *.csv in it, sorted by name), or several of
 * those joined by a lone "+" argument (a.csv + b.csv).  A side of several
 * files is read as one table, as if the files were joined with cat: the
 * union of their columns (a column a file lacks is empty there), their
 * rows in order.  Paths may hold any character: each is its own argument.
 */
#ifndef LMB_COMPARE_SIDE_H
#define LMB_COMPARE_SIDE_H

#include <stddef.h>

#include "compare/csv_read.h"

/* The paths of one side, after directories are expanded. */
struct side_paths {
	char **path;		/* owned */
	size_t n, cap;
	char *name;		/* what the report calls the side */
};

/*
 * Split @argv[0..argc) into sides at "+" and expand directories.  -1 with
 * a message on bad usage (a "+" at either end or twice in a row, an empty
 * directory, an unreadable one) or when out of memory.
 */
int side_parse(char *const *argv, size_t argc, struct side_paths **sides,
	       size_t *nr_sides);
void side_paths_free(struct side_paths *s, size_t n);

/* Read and join the files of one side; NULL with a message on error. */
struct csv_table *side_load(const struct side_paths *s);

#endif
