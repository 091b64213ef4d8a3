/* SPDX-License-Identifier: GPL-2.0 */
/* The running kernel's configuration: where it comes from, and its options. */
#ifndef LMB_META_KCONFIG_H
#define LMB_META_KCONFIG_H

/*
 * Value of CONFIG_<option> in a .config text: "y", "m", "not set" (a
 * "# CONFIG_<option> is not set" line, or no line at all: kconfig leaves out
 * options whose dependencies are not met) or the literal value of a string
 * or number option.  NULL when out of memory.
 */
char *kconfig_value(const char *text, const char *option);

/*
 * Read the configuration of kernel @release: /proc/config.gz (decompressed
 * with `gzip -dc`, no zlib needed), else /boot/config-<release>, else
 * /lib/modules/<release>/config.  Returns 0 with *text (the config) and
 * *source (the file it came from) set, or -1 with *text NULL and *source an
 * "unknown (<why>)" explanation (NULL only when out of memory).
 */
int kconfig_load(const char *release, char **text, char **source);

/* The config text in a file; a gzip file when @gzipped.  NULL with errno set. */
char *kconfig_read(const char *path, int gzipped);

#endif
