// SPDX-License-Identifier: GPL-2.0
/*
 * The -e event list: any text is parsed into a counter set or refused
 * with a message.  Parsed sets name a column and a description per
 * counter.  The PMU seen is an empty fake sysfs tree, so that every run
 * is the same whatever machine fuzzes.
 */
#include <stdbool.h>

#include "counters.h"
#include "fuzz_input.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("LMB_SYSFS_ROOT", "/nonexistent-lmb-fuzz-sysfs", 1);
	setenv("LMB_CPUINFO", "/nonexistent-lmb-fuzz-cpuinfo", 1);
	setenv("LMB_LAZY_STATS", "/nonexistent-lmb-fuzz-stats", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *list = fuzz_string(data, size);
	struct counter_set *cs = NULL;
	size_t i;

	if (!counters_parse(list, &cs)) {
		for (i = 0; i < counters_count(cs); i++)
			if (!counters_column(cs, i) || !counters_describe(cs, i))
				abort();
		counters_free(cs);
	}
	free(list);
	return 0;
}
