/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory regions for the storms: PMD-aligned anonymous mappings, so every
 * sample covers the same whole page-table pages, plus the fault-free probes
 * the workloads verify their effect with.
 *
 * Every function that can fail prints one lmb_err() message (what failed,
 * the value, what to do) and returns NULL / -1.
 */
#ifndef LMB_REGION_H
#define LMB_REGION_H

#include <stdbool.h>
#include <stddef.h>

#include "workload.h"

/* Byte pattern seed the storms populate with (any value; see region_populate). */
#define REGION_SEED	0x5a

/* mmap @bytes of private anonymous memory aligned to @align; NULL + message on error. */
void *region_map_aligned(size_t bytes, size_t align);
/* Reserve @bytes of PROT_NONE address space aligned to @align (mremap targets). */
void *region_reserve_aligned(size_t bytes, size_t align);
/* MADV_HUGEPAGE / MADV_NOHUGEPAGE according to @mode; -1 + message on error. */
int region_set_page_mode(void *addr, size_t bytes, enum page_mode mode);
/* The same for a workload region of @p (warns about PMD THP only when it matters). */
int region_apply_page_mode(void *addr, const struct wl_params *p);
/*
 * Write one byte per base page so every PTE is populated; pattern from @seed.
 * The byte of page i is 1 + (seed + 7 * i) % 255: never zero, and different
 * for seeds that differ modulo 255 and for pages shifted by 1..254 pages.
 */
void region_populate(void *addr, size_t bytes, size_t base_page, unsigned char seed);
/* true if every base page holds the byte region_populate(@seed) wrote. */
bool region_holds_pattern(const void *addr, size_t bytes, size_t base_page,
			  unsigned char seed);
/* true if the first byte of every base page reads zero. */
bool region_reads_zero(const void *addr, size_t bytes, size_t base_page);
/*
 * Probes that never fault.  Mapped = a VMA covers the page (mincore(); a
 * PROT_NONE reservation counts as mapped).  Readable / writable = the kernel
 * could copy a byte from / to @addr (a pipe round trip; a write puts back the
 * byte that was there).  On a probe error (no pipe) they warn and answer false.
 */
bool addr_is_mapped(const void *addr, size_t base_page);
bool addr_is_readable(const void *addr);
bool addr_is_writable(void *addr);
/*
 * The line @field ("AnonHugePages", "LazyFree") in kB of the VMA containing
 * @addr from /proc/self/smaps; -1 if unknown.
 */
long region_smaps_kb(const void *addr, const char *field);
/* AnonHugePages (kB) of the VMA containing @addr; -1 if unknown. */
long region_anon_huge_kb(const void *addr);

/* --- helpers shared by the workloads (benchmarks/workloads/) --- */

/* Check sizes and alignments in @p; -1 + message naming the bad value. */
int region_params_check(const struct wl_params *p);
/*
 * Map p->bytes aligned to p->pmd_size and apply p->mode before anything
 * touches it; NULL + message on error.
 */
void *region_create(const struct wl_params *p);
/* region_create() then region_populate(@seed). */
void *region_create_populated(const struct wl_params *p, unsigned char seed);
/* Teardown of a workload whose only state is st->region. */
void region_teardown(struct wl_state *st);
/* munmap with a message on failure; NULL @addr is a no-op returning 0. */
int region_unmap(void *addr, size_t bytes);

enum addr_probe {
	PROBE_MAPPED,
	PROBE_READABLE,
	PROBE_WRITABLE,
};

/*
 * Probe pages of [@addr, @addr + @bytes): every page up to 1024 pages,
 * beyond that 1024 evenly spaced pages plus the last one.  Returns 0 when
 * every probed page answers @want, 1 when one does not (its address in
 * *@bad), -1 on a probe error (message printed).
 */
int region_probe(void *addr, size_t bytes, size_t base_page,
		 enum addr_probe what, bool want, void **bad);
const char *addr_probe_name(enum addr_probe what);

/*
 * Setting that applies to PMD-sized THP: /sys/kernel/mm/transparent_hugepage/
 * hugepages-<PMD size>kB/enabled (6.8+) unless it says "inherit", else the
 * top-level enabled: "always", "madvise", "never", or "unknown" (no THP
 * support / unreadable).
 */
const char *region_thp_setting(void);
/* The same for a THP sysfs folder @thp_dir (tests). */
const char *region_thp_setting_in(const char *thp_dir);

#endif
