/* SPDX-License-Identifier: GPL-2.0 */
/* Subcommands; each returns the process exit code. */
#ifndef LMB_CLI_H
#define LMB_CLI_H

int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_vmalloc(int argc, char **argv);
int cmd_restore(int argc, char **argv);

/* -h/--help: print @usage, 1; another argument: message, -1; none: 0. */
int cli_wants_help(int argc, char **argv, const char *usage);

/* --label check shared by the commands that name files after it; -1 + message. */
int cli_check_label(const char *label);

#endif
