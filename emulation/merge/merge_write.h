/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lmb-emu-merge's output: the suite CSV, every line kept, with before its
 * header row the "# emu_*:" metadata (the window file's own lines, its
 * path and end line) and one "# event: ev_emu_<name>" line per counter,
 * and per data row the window's counts as ev_emu_<name>, ev_emu_<name>_run
 * (always 1.0000: the plugin counts the whole window).
 */
#ifndef LMB_EMU_MERGE_WRITE_H
#define LMB_EMU_MERGE_WRITE_H

#include "merge_columns.h"
#include "plugin_file.h"
#include "suite_csv.h"

/*
 * Create @out (never an existing file) and write it; @spec is the
 * --columns value, recorded.  Returns an exit code (tool_msg.h): on error
 * prints why and removes the partial file; @out existing is EMU_EXIT_USAGE.
 */
int merge_write(const char *out, const struct suite_csv *s,
		const struct plugin_file *pf, const struct merge_cols *mc,
		const char *spec);

#endif
