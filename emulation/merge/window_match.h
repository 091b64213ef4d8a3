/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Windows to rows: window i of the plugin file is data row i of the
 * suite CSV (warm-up rows included), which holds only when every window
 * closed normally and there are exactly as many usable windows as rows.
 */
#ifndef LMB_EMU_WINDOW_MATCH_H
#define LMB_EMU_WINDOW_MATCH_H

#include "plugin_file.h"
#include "suite_csv.h"

/* 0 when they pair up; otherwise prints one line naming both files and
 * both counts, and returns -1. */
int window_match(const struct suite_csv *s, const struct plugin_file *pf);

#endif
