/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plugin's output files (format in docs/emulation.md):
 *   out=   "# lmb-emu windows, format 1", "# key: value" lines, a header,
 *          one row per window (written and flushed as it closes), "# end:".
 *   funcs= "# lmb-emu funcs, format 1", the same metadata, a header,
 *          per window and kernel function the nonzero counts.
 */
#ifndef LMB_EMU_WINDOW_OUT_H
#define LMB_EMU_WINDOW_OUT_H

#include <stdint.h>
#include <stdio.h>

#include "emu_events.h"

struct emu_meta {
	const char *key, *value;
};

struct emu_out {
	FILE *win;
	FILE *funcs;		/* NULL without funcs= */
	unsigned int nr;	/* emu_nr_counters() */
};

/* Open both files and write their heads; -1 with a reason in @err. */
int emu_out_open(struct emu_out *o, const char *win_path, const char *funcs_path,
		 const struct emu_meta *meta, size_t nr_meta, char *err, size_t errlen);

/* One window: @k and @u hold o->nr counts each. */
void emu_out_window(struct emu_out *o, unsigned long window, const char *status,
		    unsigned int open_vcpu, unsigned int close_vcpu,
		    const uint64_t *k, const uint64_t *u);

/* One (window, function) line of the funcs file; all-zero @f is skipped. */
void emu_out_func(struct emu_out *o, unsigned long window, const char *func,
		  const uint64_t f[EMU_NR_FCOUNTERS]);

void emu_out_flush(struct emu_out *o);

/* The "# end:" line of both files, then close them. */
void emu_out_close(struct emu_out *o, unsigned long windows,
		   unsigned long unmatched_open, unsigned long unmatched_close,
		   unsigned long open_at_exit);

#endif
