/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A whole text file in memory as lines, and the CSV pieces both tools
 * need: splitting a line into fields (RFC 4180 quoting) and reading a
 * count.
 */
#ifndef LMB_EMU_TEXT_FILE_H
#define LMB_EMU_TEXT_FILE_H

#include <stdbool.h>
#include <stddef.h>

struct text_file {
	const char *path;
	char *buf;		/* the file, each line NUL-terminated in place */
	char **line;		/* nr lines, without '\n' (and '\r') */
	size_t nr;
	bool cut;		/* the last line had no '\n': writer killed */
};

/*
 * Read @path (@what names it in messages: "suite CSV", "window file").
 * A missing, unreadable, empty or binary file is an error (message
 * printed); returns 0 or -1.
 */
int text_read(struct text_file *tf, const char *path, const char *what);
void text_free(struct text_file *tf);

/* One line split into fields; v[i] point into a private copy. */
struct fields {
	char *buf;
	char **v;
	size_t n;
};

/* Split @line; -1 on a malformed quote or no memory (fields left empty). */
int fields_split(struct fields *f, const char *line);
void fields_free(struct fields *f);
/* Index of the field equal to @name, or -1. */
int fields_find(const struct fields *f, const char *name);

/* A whole cell as a decimal count (digits only, fits 64 bits). */
bool parse_count(const char *s, unsigned long long *out);

#endif
