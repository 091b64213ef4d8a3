// SPDX-License-Identifier: GPL-2.0
/* `lazymmu-bench list` and `lazymmu-bench info`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "counters.h"
#include "exit_codes.h"
#include "log.h"
#include "meta.h"
#include "workload.h"

static int wants_help(int argc, char **argv, const char *usage)
{
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("%s", usage);
		return 1;
	}
	if (argc > 1) {
		lmb_err("unexpected argument '%s' to %s; see `lazymmu-bench %s --help`",
			argv[1], argv[0], argv[0]);
		return -1;
	}
	return 0;
}

int cmd_list(int argc, char **argv)
{
	size_t i;
	int h = wants_help(argc, argv,
			   "usage: lazymmu-bench list\n\nList the workloads, what each times and which kernel paths it drives.\n");

	if (h)
		return h > 0 ? LMB_EXIT_OK : LMB_EXIT_USAGE;
	for (i = 0; lmb_workloads[i]; i++)
		printf("%-15s %s\n%-15s kernel: %s\n", lmb_workloads[i]->name,
		       lmb_workloads[i]->summary, "", lmb_workloads[i]->kernel_path);
	return LMB_EXIT_OK;
}

static void print_counters(void)
{
	struct counter_set *cs;
	size_t i;

	char core[512];

	if (counters_parse("default", &cs))
		return;
	printf("\npmu events: %s\n",
	       counters_core_summary(cs, core, sizeof(core)));
	if (counters_open(cs)) {
		printf("\ncounters: none of the default events could be opened\n");
	} else {
		printf("\ncounters (default set, as a run would open them):\n");
		for (i = 0; i < counters_count(cs); i++)
			printf("  %-24s %s\n", counters_column(cs, i),
			       counters_describe(cs, i));
	}
	counters_free(cs);
}

int cmd_info(int argc, char **argv)
{
	struct meta m = { 0 };
	int h = wants_help(argc, argv,
			   "usage: lazymmu-bench info\n\nReport the environment every result file records (kernel, config, THP,\nCPU, topology, PMU, paranoid level) and which counters are available.\n");

	if (h)
		return h > 0 ? LMB_EXIT_OK : LMB_EXIT_USAGE;
	if (meta_collect(&m, "info")) {
		meta_free(&m);
		return LMB_EXIT_FAIL;
	}
	meta_print_info(&m, stdout);
	meta_free(&m);
	print_counters();
	return LMB_EXIT_OK;
}
