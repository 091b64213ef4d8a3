/* SPDX-License-Identifier: GPL-2.0 */
/* `lazymmu-bench compare BASE.csv NEW.csv [MORE.csv...]` */
#ifndef LMB_COMPARE_H
#define LMB_COMPARE_H

/*
 * argv[0] is "compare".  Returns the process exit code: 0 ok, 1 when
 * --fail-above trips, 2 for bad usage or input.
 */
int cmd_compare(int argc, char **argv);

#endif
