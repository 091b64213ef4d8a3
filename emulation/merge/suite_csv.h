/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The suite's result file (results/README.md), as the emulation tools
 * need it: its lines kept verbatim (the merge copies them), the header,
 * and per data row the columns that map a row to a window (window i is
 * data row i, but for failed samples whose window ran without a row).  Refused here:
 * not a schema 1 file, rows of several workers (threads > 1: their
 * windows interleave), a second header (files joined with cat), columns
 * ev_emu_* already present, an incomplete last line.
 */
#ifndef LMB_EMU_SUITE_CSV_H
#define LMB_EMU_SUITE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "text_file.h"

struct suite_row {
	const char *workload, *page_mode, *size_bytes, *phase;
	double pages;
	size_t line;			/* index in tf.line */
	size_t window;			/* its window in the plugin's files */
	struct fields f;
};

struct suite_csv {
	struct text_file tf;
	size_t header_line;		/* index in tf.line */
	struct fields header;
	struct suite_row *rows;
	size_t nr_rows;
	/*
	 * Windows in order: each data row has one, and so has each failed
	 * sample whose window ran ("# failed: ... window=1", a step that
	 * failed: no row).  window_row[w]: its row, or -1 for such a sample.
	 */
	long *window_row;
	size_t nr_windows;
	bool has_emu;			/* ev_emu_* columns present */
};

/* Read and check @path; prints the problem and returns -1 on error. */
int suite_read(struct suite_csv *s, const char *path);
void suite_free(struct suite_csv *s);

#endif
