// SPDX-License-Identifier: GPL-2.0
/* LMB_FAIL_INJECT: failures on demand for tests (see fault_inject.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fault_inject.h"
#include "log.h"

/* Does the item "STAGE:WORKLOAD[:PAGE_MODE]" of length @len match? */
static bool item_matches(const char *item, size_t len, const char *stage,
			 const char *workload, const char *page_mode)
{
	const char *want[3] = { stage, workload, page_mode };
	const char *p = item, *end = item + len;
	size_t i, n;

	for (i = 0; i < 3; i++) {
		if (p >= end)
			return i == 2;	/* no page mode: every one */
		n = strcspn(p, ":,");
		if (p + n > end)
			n = (size_t)(end - p);
		if (strlen(want[i]) != n || strncmp(p, want[i], n))
			return false;
		p += n + 1;
	}
	return p >= end;
}

bool fault_injected(const char *stage, const char *workload,
		    const char *page_mode)
{
	const char *spec = getenv("LMB_FAIL_INJECT"), *p;
	size_t n;

	for (p = spec; p && *p; p += n + (p[n] == ',')) {
		n = strcspn(p, ",");
		if (!item_matches(p, n, stage, workload, page_mode))
			continue;
		if (!strcmp(stage, "prepare"))
			lmb_err("%s %s: prepare() failed: %s (injected by LMB_FAIL_INJECT=%s, a test hook)",
				workload, page_mode, strerror(ENOMEM), spec);
		else
			lmb_err("workload %s (%s pages) failed its verification (injected by LMB_FAIL_INJECT=%s, a test hook)",
				workload, page_mode, spec);
		return true;
	}
	return false;
}
