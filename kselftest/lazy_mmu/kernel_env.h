/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running kernel offers the lazy MMU tests: page-table geometry,
 * transparent huge pages, debug_pagealloc.  Each query explains its answer
 * in @why so that a skip or a report line can say exactly what was found.
 */
#ifndef LAZY_MMU_KERNEL_ENV_H
#define LAZY_MMU_KERNEL_ENV_H

#include <stdbool.h>
#include <stddef.h>

#define ENV_WHY_LEN 256

struct pt_geometry {
	size_t page;		/* base page size (sysconf) */
	size_t ptes_per_table;	/* entries in one last-level table */
	size_t pmd_size;	/* bytes one last-level table maps */
};

/* Base page size and the span of one PTE table; -1 if sysconf fails. */
int pt_geometry_get(struct pt_geometry *g);

/*
 * true if anonymous THP can be requested with MADV_HUGEPAGE, i.e.
 * /sys/kernel/mm/transparent_hugepage/enabled says [always] or [madvise].
 * @why gets the setting or the reason it is unavailable.
 */
bool thp_available(char *why, size_t len);

enum dpa_state {
	DPA_OFF,
	DPA_ON,
};

/*
 * Is debug_pagealloc active?  Decided from the last debug_pagealloc= on
 * /proc/cmdline and, when readable, /boot/config-<release>
 * (CONFIG_DEBUG_PAGEALLOC, CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT), or
 * /proc/config.gz through gzip -dc.
 * @why says which of them decided.
 */
enum dpa_state debug_pagealloc_state(char *why, size_t len);

#endif
