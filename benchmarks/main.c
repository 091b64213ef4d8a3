// SPDX-License-Identifier: GPL-2.0
/* lazymmu-bench: page-table storms for judging lazy MMU patches. */
#include <stdio.h>
#include <string.h>

#include "array_size.h"
#include "cli.h"
#include "compare/compare.h"
#include "exit_codes.h"
#include "log.h"
#include "plan/plan.h"
#include "lmb_version.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "list", cmd_list, "list the workloads and the kernel paths they drive" },
	{ "info", cmd_info, "report the environment and which counters are available" },
	{ "run", cmd_run, "run storms, write a CSV under results/, print a summary" },
	{ "vmalloc", cmd_vmalloc, "kernel-mapping storm: run the kernel test_vmalloc, CSV of its timings" },
	{ "compare", cmd_compare, "compare result files of two or more kernels, with statistics" },
	{ "plan", cmd_plan, "from an A/A data set: each level's noise, the boots/runs/samples an A/B needs" },
	{ "restore", cmd_restore, "put back the mTHP settings a killed run left changed (its journal)" },
};

static void print_commands(FILE *f)
{
	size_t i;

	fprintf(f, "usage: lazymmu-bench <command> [options]\n\ncommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n`lazymmu-bench <command> --help` for a command's options.\n"
		   "Quick start: lazymmu-bench run --profile quick --label mykernel\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		print_commands(stderr);
		return LMB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		print_commands(stdout);
		return LMB_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("lazymmu-bench %s (%s)\n", LMB_VERSION, LMB_GIT_REV);
		return LMB_EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	lmb_err("'%s' is not a command; commands: list, info, run, vmalloc, compare, plan, restore (see --help)",
		argv[1]);
	return LMB_EXIT_USAGE;
}
