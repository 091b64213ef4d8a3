/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Messages of the emulation host tools (lmb-emu-merge, lmb-emu-funcs):
 * "<tool>: error: <what failed, with what value, what to do>" on stderr.
 */
#ifndef LMB_EMU_TOOL_MSG_H
#define LMB_EMU_TOOL_MSG_H

/* Exit codes: 0 done, 1 an output could not be written, 2 bad usage or input. */
#define EMU_EXIT_OK	0
#define EMU_EXIT_FAIL	1
#define EMU_EXIT_USAGE	2

/* The tool's name in messages; set once by main(). */
extern const char *emu_tool_name;

void emu_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void emu_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A bad command line: the message, "; see <tool> --help"; returns EMU_EXIT_USAGE. */
int emu_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
