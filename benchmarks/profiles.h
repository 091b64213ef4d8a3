/* SPDX-License-Identifier: GPL-2.0 */
/* Named run profiles: `make bench` uses "quick", real hosts use "full". */
#ifndef LMB_PROFILES_H
#define LMB_PROFILES_H

#include <stdio.h>

struct profile {
	const char *name;
	const char *description;
	const char *workloads;	/* -w value: comma list, "all" or "storms" */
	const char *page_modes;	/* comma list */
	const char *size;
	unsigned long repeats, warmup;
};

const struct profile *profile_find(const char *name);
void profile_list(FILE *f);

#endif
