// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "array_size.h"
#include "log.h"
#include "profiles.h"

static const struct profile profiles[] = {
	{
		.name = "quick",
		.description = "every storm (`-w storms`), 4k and THP, 64 MiB, 2 warm-up + 10 samples (well under 2 min on a 2-core VM)",
		.workloads = "storms",
		.page_modes = "4k,thp",
		.size = "64M",
		.repeats = 10,
		.warmup = 2,
	},
	{
		.name = "full",
		.description = "every storm (`-w storms`), 4k and THP, 1 GiB, 3 warm-up + 20 samples (for real hosts)",
		.workloads = "storms",
		.page_modes = "4k,thp",
		.size = "1G",
		.repeats = 20,
		.warmup = 3,
	},
};

const struct profile *profile_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(profiles); i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	lmb_err("--profile '%s' is not known; profiles: quick, full", name);
	return NULL;
}

void profile_list(FILE *f)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(profiles); i++)
		fprintf(f, "  %-6s %s\n", profiles[i].name, profiles[i].description);
}
