/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Failures on demand, for the tests of what a run does when one group
 * fails (tests/failures.sh):
 *
 *   LMB_FAIL_INJECT=STAGE:WORKLOAD[:PAGE_MODE][,...]
 *
 * makes STAGE of every sample of WORKLOAD (its `run` label, e.g.
 * madvise-uring-k8) in PAGE_MODE (default: every page size) fail as if
 * the kernel had refused: "prepare" with ENOMEM before the window, "verify"
 * as a failed verification after it.  Unset (every real run): nothing.
 */
#ifndef LMB_FAULT_INJECT_H
#define LMB_FAULT_INJECT_H

#include <stdbool.h>

/*
 * true when LMB_FAIL_INJECT asks @stage of @workload in @page_mode to fail;
 * it then prints the error (lmb_err(), naming the variable) itself.
 */
bool fault_injected(const char *stage, const char *workload,
		    const char *page_mode);

#endif
