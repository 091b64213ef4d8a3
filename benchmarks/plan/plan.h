/* SPDX-License-Identifier: GPL-2.0 */
/* `lazymmu-bench plan`: the host's noise per level, and the runs it needs. */
#ifndef LMB_PLAN_PLAN_H
#define LMB_PLAN_PLAN_H

#include "cli_opts.h"

int cmd_plan(int argc, char **argv);
extern const struct cli_cmd cli_plan_cmd;

#endif
