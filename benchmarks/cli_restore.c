// SPDX-License-Identifier: GPL-2.0
/*
 * `lazymmu-bench restore`: put back the system settings (mTHP controls) a
 * killed run left changed, from its journal, without running a storm.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "exit_codes.h"
#include "log.h"
#include "sysfs_settings.h"

static const char restore_usage[] =
"usage: lazymmu-bench restore\n"
"\n"
"Put back the system settings (mTHP controls) that a run killed with SIGKILL\n"
"left changed, from its journal ($LMB_SETTINGS_JOURNAL, default\n"
SETTINGS_JOURNAL_DEFAULT "), without running a storm.\n"
"`lazymmu-bench info` says whether a journal is pending.  Needs root.\n"
"\n"
"Exit status: 0 restored or nothing to restore, 1 failed (a run is still\n"
"changing settings, no permission, a value could not be written), 2 bad usage.\n";

int cmd_restore(int argc, char **argv)
{
	const char *journal = settings_journal_path();
	struct settings_journal j;
	int h = cli_wants_help(argc, argv, restore_usage);

	if (h)
		return h > 0 ? LMB_EXIT_OK : LMB_EXIT_USAGE;
	settings_journal_inspect(journal, &j);
	switch (j.state) {
	case JOURNAL_NONE:
		printf("nothing to restore: no settings journal at %s\n", journal);
		return LMB_EXIT_OK;
	case JOURNAL_LIVE:
		lmb_err("the run that wrote %s (pid %ld) is still going and restores its settings when it ends; wait for it, or stop it with Ctrl-C / kill %ld",
			journal, j.pid, j.pid);
		return LMB_EXIT_FAIL;
	case JOURNAL_BAD:
		lmb_err("%s cannot be read or is not a lazymmu-bench settings journal; check it and remove it by hand",
			journal);
		return LMB_EXIT_FAIL;
	case JOURNAL_OLD_BOOT:
	case JOURNAL_PENDING:
		break;
	}
	if (j.state == JOURNAL_PENDING && j.nr && geteuid() &&
	    access(j.path, W_OK)) {
		lmb_err("restoring needs root: %s lists %zu setting(s) left changed by the killed run %ld (first %s, originally '%s'); run: sudo lazymmu-bench restore",
			journal, j.nr, j.pid, j.path, j.value);
		return LMB_EXIT_FAIL;
	}
	if (settings_recover(journal))
		return LMB_EXIT_FAIL;	/* message printed */
	if (j.state == JOURNAL_OLD_BOOT)
		printf("removed %s: it is from an earlier boot, whose settings the reboot reset\n",
		       journal);
	else
		printf("restored %zu setting(s) left changed by the killed run %ld; removed %s\n",
		       j.nr, j.pid, journal);
	return LMB_EXIT_OK;
}
