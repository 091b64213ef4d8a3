/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plugin's output files (docs/emulation.md): the window file (out=)
 * and the function file (funcs=).  Reading checks the format line, the
 * header, that every count is a number and the "# end:" line, so that a
 * file of a killed or damaged QEMU run is refused, never half used.
 */
#ifndef LMB_EMU_PLUGIN_FILE_H
#define LMB_EMU_PLUGIN_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "text_file.h"

enum pf_kind { PF_WINDOWS, PF_FUNCS };

struct pf_meta {
	const char *key, *value;	/* "qemu_mode", "system" */
};

struct plugin_file {
	struct text_file tf;
	enum pf_kind kind;
	const char *what;		/* "window file", "function file" */
	struct pf_meta *meta;		/* "# key: value" lines */
	size_t nr_meta;
	struct fields header;
	struct fields *rows;
	size_t *row_line;		/* 1-based file line of each row */
	size_t nr_rows;
	const char *end;		/* text after "# end: " */
	unsigned long long windows, unmatched_open, unmatched_close,
			   open_at_exit;
};

/* Read and check @path; prints the problem and returns -1 on error. */
int pf_read(struct plugin_file *pf, const char *path, enum pf_kind kind);
void pf_free(struct plugin_file *pf);

/* Value of a "# key: value" line, or NULL. */
const char *pf_meta_get(const struct plugin_file *pf, const char *key);

/*
 * Why the file's windows cannot be used, or NULL when they can: the
 * "# end:" line reports unmatched markers or a window open at exit, or
 * (window file) a row has a status other than ok.  @buf holds the text.
 */
const char *pf_bad_windows(const struct plugin_file *pf, char *buf, size_t len);

/* Windows usable as rows: rows with status ok (window file), or the
 * "# end:" line's windows= (function file). */
size_t pf_ok_windows(const struct plugin_file *pf);

#endif
