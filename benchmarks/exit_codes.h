/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit statuses, named once for every command and every child process the
 * suite starts (kselftest names its own the same way: KSFT_*).  Each
 * command's --help lists the ones it returns.
 */
#ifndef LMB_EXIT_CODES_H
#define LMB_EXIT_CODES_H

#define LMB_EXIT_OK		0
/* a run, group, check or child failed; as KSFT_FAIL: after running the rest */
#define LMB_EXIT_FAIL		1
#define LMB_EXIT_USAGE		2	/* bad command line or input */
#define LMB_EXIT_UNPROVEN	3	/* compare --fail-above: a result is "?" */
#define LMB_EXIT_SKIP		4	/* cannot run here; as KSFT_SKIP */
#define LMB_EXIT_INTERRUPTED	130	/* 128 + SIGINT, as a shell reports it */

/* A child's exec failed; the shell's numbers, so sh -c reports them too. */
#define LMB_EXIT_EXEC_FAILED	126	/* found but could not be run */
#define LMB_EXIT_NOT_FOUND	127	/* no such program in PATH */
/* Not an exit status: what a helper returns for a child killed by a signal. */
#define LMB_EXIT_KILLED		128

#endif
