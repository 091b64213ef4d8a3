/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader for result files (schema in results/README.md): the first line
 * names the schema, '# key: value' metadata, '# event:' lines, the header
 * row, sample rows, '# end:' footer.  Everything is validated on load, so
 * the compare code can trust every cell it reads.
 */
#ifndef LMB_COMPARE_CSV_READ_H
#define LMB_COMPARE_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "meta.h"

struct csv_event {
	char *column;		/* "ev_page_faults" */
	char *desc;		/* rest of the '# event:' line */
};

/*
 * A "# failed:" line: the group (workload, page_mode, size_bytes, threads)
 * failed in this run, at @stage, because of @reason (results/README.md).
 */
struct csv_failed {
	char *workload, *page_mode, *size_bytes, *threads, *stage, *reason;
};

struct csv_table {
	char *path;
	int schema;
	struct meta meta;	/* '# key: value' lines, first value wins */
	struct csv_event *events;
	size_t nr_events;
	char **cols;		/* header row */
	size_t nr_cols;
	char **cells;		/* nr_rows * nr_cols, never NULL ("" = empty) */
	unsigned long *line;	/* file line of each row, for messages */
	size_t nr_rows, cap_rows;
	char *end;		/* '# end:' value, NULL when the file has none */
	struct csv_failed *failed;	/* '# failed:' lines, file order */
	size_t nr_failed;
	bool truncated;		/* an incomplete last line was dropped */
};

/*
 * Load and validate @path.  On error prints "<path>:<line>: what is wrong
 * and what to do" and returns NULL.  An incomplete last line (a run killed
 * while writing) is dropped with a warning.
 */
struct csv_table *csv_read(const char *path);
void csv_table_free(struct csv_table *t);

/* Column index of @name, or -1. */
int csv_col(const struct csv_table *t, const char *name);
static inline const char *csv_cell(const struct csv_table *t, size_t row, int col)
{
	return col < 0 ? "" : t->cells[row * t->nr_cols + (size_t)col];
}

/* Rows of phase "sample" (warm-up rows are not compared). */
size_t csv_sample_rows(const struct csv_table *t);

/* Parse a whole cell as a finite number >= 0; false if it is not one. */
bool csv_parse_number(const char *s, double *out);

/*
 * Split one line in place into fields (RFC 4180 quoting, "" = quote).
 * @fields needs room for (number of commas in @line + 1) pointers.
 * Returns the number of fields, or -1 on a malformed quote.
 */
long csv_split(char *line, char **fields);

#endif
