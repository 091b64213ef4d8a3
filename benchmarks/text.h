/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text in malloc'd strings, for anyone reading /proc and /sys (metadata,
 * counters, topology): whole files and streams, one-value files, sysfs
 * [choices], printf into a new string, "unknown (<why>)" values.  Every
 * string returned is owned by the caller.
 */
#ifndef LMB_TEXT_H
#define LMB_TEXT_H

#include <stddef.h>
#include <stdio.h>

/*
 * The whole of @f (at most @max bytes; more is an error, EFBIG), NUL
 * terminated.  NULL with errno set on failure.
 */
char *text_read_stream(FILE *f, size_t max);
/* The whole file at @path, as text_read_stream().  NULL with errno set. */
char *text_read_file(const char *path, size_t max);
/*
 * A one-value file such as /proc/sys/kernel/randomize_va_space: its text with
 * trailing whitespace removed and every other control character (newlines
 * included) turned into a space.  NULL with errno set.
 */
char *text_read_value(const char *path);
/*
 * Like text_read_value(), but on failure returns "unknown (cannot read <path>:
 * <error>)".  NULL only when out of memory.
 */
char *text_read_value_or_unknown(const char *path);
/* The bracketed choice of a sysfs selector: "always [madvise] never" -> "madvise". */
char *text_sysfs_choice(const char *text);
/* printf into a new string; NULL when out of memory. */
char *text_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "unknown (<formatted reason>)"; NULL when out of memory. */
char *text_unknown(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* In place: control characters (newlines too) become spaces; trailing space trimmed. */
void text_flatten(char *s);

#endif
