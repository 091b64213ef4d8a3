/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LMB_UNITS_H
#define LMB_UNITS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse "4096", "64K", "2M", "1G" (binary units, optional "iB"/"B").
 * Rejects 0, negatives, junk and overflow: returns -1 and prints why.
 * @what names the option in the message ("--size").
 */
int parse_size(const char *s, const char *what, size_t *out);
/* Parse a positive (or, if @allow_zero, non-negative) integer count. */
int parse_count(const char *s, const char *what, int allow_zero, unsigned long *out);
/*
 * Parse a finite number in [@lo, @hi], optionally followed by '%' (the
 * value is as written: "5%" is 5).  Returns -1 and prints why otherwise.
 */
int parse_number(const char *s, const char *what, double lo, double hi,
		 double *out);
/*
 * @bytes as parse_size() would read it back: "64K", "2M", "1G" when a whole
 * multiple of a binary unit, else the plain number.
 */
void format_size(char *buf, size_t cap, double bytes);
/* Monotonic clock in ns. */
uint64_t now_ns(void);

#endif
