/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One side of lmb-emu-funcs: a suite CSV and the plugin's function file
 * (funcs=) of the same guest run, checked to pair window i with data
 * row i, with each function row's function numbered in a name table
 * shared by both sides.
 */
#ifndef LMB_EMU_FUNCS_SIDE_H
#define LMB_EMU_FUNCS_SIDE_H

#include <stddef.h>

#include "plugin_file.h"
#include "suite_csv.h"

/* Per-function counters of the function file, in this order. */
enum { FN_INSN, FN_DSB, FN_ISB, FN_DMB, FN_TLBI, FN_NR };
extern const char *const fn_counter_name[FN_NR];	/* "insn", ... */

struct funcs_side {
	struct suite_csv suite;
	struct plugin_file pf;
	size_t col[FN_NR];		/* function-file column of each counter */
	size_t *fid;			/* per function row: index in the names */
};

/* Read both files and pair them; prints why not and returns -1. */
int funcs_side_read(struct funcs_side *fs, const char *suite_path,
		    const char *funcs_path);
void funcs_side_free(struct funcs_side *fs);

/* Sorted unique function names of both sides (pointers into them);
 * sets each side's fid[].  -1 when out of memory. */
int funcs_names(struct funcs_side sides[2], const char ***names, size_t *nr);

#endif
