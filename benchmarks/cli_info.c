// SPDX-License-Identifier: GPL-2.0
/* `lazymmu-bench list` and `lazymmu-bench info`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "counters.h"
#include "exit_codes.h"
#include "log.h"
#include "meta.h"
#include "sysfs_settings.h"
#include "workload.h"

int cli_wants_help(int argc, char **argv, const char *usage)
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

static const char list_usage[] =
	"usage: lazymmu-bench list\n"
	"       lazymmu-bench list --names [FLAG]\n"
	"\n"
	"List the workloads, what each times, which kernel paths it drives and\n"
	"its flags.  --names prints only their names, comma-separated on one\n"
	"line (run order), or those of the workloads with FLAG, for scripts:\n"
	"  storm     the user-PTE storms every study runs (run -w storms)\n"
	"  region    the step acts on a populated region; thp_kb tells its pages\n"
	"  thp-kept  in THP mode the region is huge pages before every step\n"
	"  may-skip  may skip here (needs io_uring, a -ctl kernel)\n"
	"  fresh-pages  prepare() faults the region in anew every sample\n";

static void print_flags(unsigned int flags)
{
	unsigned int bit;
	const char *sep = "";

	printf("%-15s flags:", "");
	for (bit = 1; bit; bit <<= 1) {
		if (!(flags & bit) || !workload_flag_name(bit))
			continue;
		printf("%s %s", sep, workload_flag_name(bit));
		sep = ",";
	}
	printf("%s\n", flags ? "" : " none");
}

/* --names [FLAG]: one comma list. */
static int list_names(const char *flag_name)
{
	unsigned int flag = 0;
	const char *sep = "";
	size_t i;

	if (flag_name) {
		flag = workload_flag_find(flag_name);
		if (!flag) {
			lmb_err("list --names: '%s' is not a workload flag; flags: storm, region, thp-kept, may-skip, fresh-pages",
				flag_name);
			return LMB_EXIT_USAGE;
		}
	}
	for (i = 0; lmb_workloads[i]; i++) {
		if (flag && !(lmb_workloads[i]->flags & flag))
			continue;
		printf("%s%s", sep, lmb_workloads[i]->name);
		sep = ",";
	}
	printf("\n");
	return LMB_EXIT_OK;
}

int cmd_list(int argc, char **argv)
{
	const struct workload *w;
	size_t i;
	int h;

	if (argc > 1 && !strcmp(argv[1], "--names") && argc <= 3)
		return list_names(argc == 3 ? argv[2] : NULL);
	if (argc > 1 && !strcmp(argv[1], "--names")) {
		lmb_err("list --names takes at most one flag, got %d arguments; see `lazymmu-bench list --help`",
			argc - 2);
		return LMB_EXIT_USAGE;
	}
	h = cli_wants_help(argc, argv, list_usage);
	if (h)
		return h > 0 ? LMB_EXIT_OK : LMB_EXIT_USAGE;
	for (i = 0; lmb_workloads[i]; i++) {
		w = lmb_workloads[i];
		printf("%-15s %s\n%-15s kernel: %s\n", w->name, w->summary, "",
		       w->kernel_path);
		print_flags(w->flags);
	}
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

/* Whether a killed run left system settings changed, and what to do. */
static void print_journal(void)
{
	const char *journal = settings_journal_path();
	struct settings_journal j;

	settings_journal_inspect(journal, &j);
	printf("\nsettings journal: ");
	switch (j.state) {
	case JOURNAL_NONE:
		printf("none (no setting left changed by a killed run)\n");
		break;
	case JOURNAL_PENDING:
		printf("PENDING %s: a killed run (pid %ld) left %zu setting(s) changed%s%s%s%s;\n"
		       "  restore them with: sudo lazymmu-bench restore (the next run also does)\n",
		       journal, j.pid, j.nr, j.nr ? ", first " : "", j.path,
		       j.nr ? ", originally " : "", j.value);
		break;
	case JOURNAL_LIVE:
		printf("%s: the run with pid %ld is changing settings now; it restores them when it ends\n",
		       journal, j.pid);
		break;
	case JOURNAL_OLD_BOOT:
		printf("%s is from an earlier boot (nothing to restore; `lazymmu-bench restore` removes it)\n",
		       journal);
		break;
	case JOURNAL_BAD:
		printf("%s cannot be read or is not a settings journal; check it and remove it by hand\n",
		       journal);
		break;
	}
}

int cmd_info(int argc, char **argv)
{
	struct meta m = { 0 };
	int h = cli_wants_help(argc, argv,
			   "usage: lazymmu-bench info\n\nReport the environment every result file records (kernel, config, THP,\nCPU, topology, PMU, paranoid level) and which counters are available.\n");

	if (h)
		return h > 0 ? LMB_EXIT_OK : LMB_EXIT_USAGE;
	h = meta_collect(&m, "info");
	if (h) {
		meta_free(&m);
		return h == -2 ? LMB_EXIT_USAGE : LMB_EXIT_FAIL;
	}
	meta_print_info(&m, stdout);
	meta_free(&m);
	print_counters();
	print_journal();
	return LMB_EXIT_OK;
}
