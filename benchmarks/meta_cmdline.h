/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel command line: parameters, and whether debug_pagealloc is on. */
#ifndef LMB_META_CMDLINE_H
#define LMB_META_CMDLINE_H

/*
 * The value of the last kernel parameter @name in @cmdline, parsed as the
 * kernel does: quotes group words, '-' and '_' are the same in names, and
 * nothing after a lone "--" (arguments for init) is a kernel parameter.
 * Returns 1 with *value set (a new string, or NULL for "name" with no '='),
 * 0 when absent, -1 when out of memory.
 */
int kernel_param(const char *cmdline, const char *name, char **value);

/* The kernel's kstrtobool(): 1 true, 0 false, -1 not a boolean. */
int kernel_bool(const char *s);

/*
 * "on", "off" or "unknown (<why>)" for debug_pagealloc, from the command line
 * (NULL if unreadable) and the values kconfig_value() gave for
 * CONFIG_DEBUG_PAGEALLOC and CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT (or
 * "unknown (...)" strings).  A new string; NULL when out of memory.
 */
char *debug_pagealloc_state(const char *cmdline, const char *config,
			    const char *enable_default);

#endif
