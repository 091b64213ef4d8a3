/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader for result files (schema in results/README.md): the first line
 * names the schema, '# key: value' metadata, '# event:' lines, the header
 * row, sample rows, '# end:' footer.  Everything is validated on load, so
 * the compare code can trust every cell it reads.
 *
 * Files joined with cat hold several run segments: each starts at a schema
 * line and has its own '# end:' line (or none: the run was killed).  Every
 * segment's end state is kept (struct csv_run); a file is complete only when
 * every segment is.
 *
 * Cost: reading is linear in the file size; a column lookup is a hash probe;
 * memory is the text of the non-empty cells (at most the file size), one
 * bit and a half per cell, 2 bytes per non-empty cell (4 once a row is
 * longer than 64 KiB) and 32 bytes per row.
 */
#ifndef LMB_COMPARE_CSV_READ_H
#define LMB_COMPARE_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "idx_map.h"
#include "meta.h"

struct csv_event {
	char *column;		/* "ev_page_faults" */
	char *desc;		/* rest of the '# event:' line */
};

/* How a run segment ended, from its '# end:' line (harness.c writes them). */
enum csv_end {
	CSV_END_COMPLETE,	/* "complete, N samples" */
	CSV_END_INTERRUPTED,	/* "interrupted (SIGINT) after N samples" */
	CSV_END_FAILED,		/* "failed after N samples", "failed: ..." */
	CSV_END_KILLED,		/* no '# end:' line: killed (or still running) */
	CSV_END_OTHER,		/* an end line of another form */
};

/*
 * One run segment: from a schema line to the next one (or the end of the
 * file).  Its rows are rows [first_row, first_row + nr_rows) of the table.
 */
struct csv_run {
	unsigned long first_line, last_line;	/* file lines it spans */
	size_t first_row, nr_rows;		/* sample and warm-up rows */
	char *end;		/* '# end:' value, NULL when it has none */
	enum csv_end state;
	bool truncated;		/* an incomplete last line was dropped */
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
	size_t nr_events, cap_events;
	char **cols;		/* header row */
	size_t nr_cols;
	unsigned long *line;	/* file line of each row, for messages */
	size_t nr_rows, cap_rows;
	struct csv_run *runs;	/* run segments in file order, at least one */
	size_t nr_runs;
	size_t nr_run_ids;	/* distinct run_id values of the rows */
	bool truncated;		/* some segment lost an incomplete last line */

	/* the reader's own: use csv_cell() and csv_col() */
	char *text;		/* every row's non-empty cells, NUL-terminated */
	size_t text_len, text_cap;
	size_t *row_text;	/* where each row starts in text */
	size_t words;		/* 64-bit words of a row's bitmap */
	uint64_t *filled;	/* per row, words of bits: the cell is not empty */
	uint32_t *rank;		/* per row and word: non-empty cells before it */
	size_t *row_cells;	/* per row: its first entry of cell_off */
	void *cell_off;		/* per non-empty cell: offset from its row's start */
	size_t nr_offs, cap_offs;
	unsigned int cell_bytes;	/* 2 or 4: size of one cell_off entry */
	struct idx_map col_map;	/* column name -> index */
	struct idx_map reason_map;	/* column -> first event with a reason */
	int *check_cols;	/* columns check_row() parses */
	char **fields;		/* scratch: one row's fields */
	size_t cap_fields;
	struct csv_failed *failed;	/* '# failed:' lines, file order */
	size_t nr_failed;
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
	size_t w, k;
	uint64_t bits, bit;

	if (col < 0)
		return "";
	w = row * t->words + (size_t)col / 64;
	bits = t->filled[w];
	bit = 1ULL << (col % 64);
	if (!(bits & bit))
		return "";	/* an empty cell */
	k = t->row_cells[row] + t->rank[w] + (size_t)__builtin_popcountll(bits & (bit - 1));
	return t->text + t->row_text[row] +
	       (t->cell_bytes == 2 ? ((const uint16_t *)t->cell_off)[k] :
				     ((const uint32_t *)t->cell_off)[k]);
}

/* "reason=" text of the first '# event:' line of @column that has one, or NULL. */
const char *csv_event_reason(const struct csv_table *t, const char *column);

/* Rows of phase "sample" (warm-up rows are not compared). */
size_t csv_sample_rows(const struct csv_table *t);

/* Segments of @t that ended in @state. */
size_t csv_runs_in(const struct csv_table *t, enum csv_end state);
/* "complete", "interrupted", "failed", "killed (no end line)", "ended '...'" */
const char *csv_end_name(enum csv_end state);

/* Parse a whole cell as a finite number >= 0; false if it is not one. */
bool csv_parse_number(const char *s, double *out);

/*
 * Split one line in place into fields (RFC 4180 quoting, "" = quote).
 * @fields needs room for (number of commas in @line + 1) pointers.
 * Returns the number of fields, or -1 on a malformed quote.
 */
long csv_split(char *line, char **fields);

#endif
