/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ask the kernel, without faulting, what a user address allows:
 *   mapped    mincore() succeeds (ENOMEM means no VMA covers the page)
 *   readable  write(2) from the address into a pipe succeeds (EFAULT if not)
 *   writable  read(2) from a pipe into the address succeeds (EFAULT if not);
 *             the byte written back is the one already there.
 * The copies go through the kernel's user-access path, which checks the
 * same page-table permissions a user access would.
 *
 * And, for a few addresses, take the real fault: probe_fault() performs
 * one user load or store under a SIGSEGV handler and returns the si_code.
 */
#ifndef LAZY_MMU_MEM_PROBE_H
#define LAZY_MMU_MEM_PROBE_H

#include <stdbool.h>
#include <stddef.h>

struct mem_probe {
	int pipe[2];		/* non-blocking, both ends */
	size_t page;
};

enum probe_kind {
	PROBE_MAPPED,
	PROBE_READABLE,
	PROBE_WRITABLE,
};

/* 0, or -1 with errno set if the pipe cannot be created. */
int mem_probe_open(struct mem_probe *p, size_t page);
void mem_probe_close(struct mem_probe *p);

/* 1 yes, 0 no, -1 the probe itself failed (errno set). */
int probe_page(struct mem_probe *p, void *addr, enum probe_kind kind);

/*
 * Number of base pages in [@addr, @addr + @bytes) for which @kind is
 * @expect; stops and returns -1 if a probe fails.  *@first_bad gets the
 * address of the first page that disagreed (NULL if none).
 */
long probe_count(struct mem_probe *p, void *addr, size_t bytes,
		 enum probe_kind kind, bool expect, void **first_bad);

/*
 * Load (or store, if @write) one byte at @addr for real.  Returns 0 if the
 * access completed, else the si_code of the SIGSEGV (SEGV_MAPERR,
 * SEGV_ACCERR, ...); -1 if the handler could not be installed.
 * A store writes back the byte that was read, so data is not changed.
 */
int probe_fault(void *addr, bool write);

const char *probe_kind_name(enum probe_kind kind);
const char *segv_code_name(int code);

#endif
