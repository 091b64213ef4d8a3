// SPDX-License-Identifier: GPL-2.0
/* Messages of the emulation host tools (see tool_msg.h). */
#include <stdarg.h>
#include <stdio.h>

#include "tool_msg.h"

const char *emu_tool_name = "lmb-emu";

static void say(const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s: ", emu_tool_name, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void emu_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("error", fmt, ap);
	va_end(ap);
}

void emu_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("warning", fmt, ap);
	va_end(ap);
}

int emu_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: error: ", emu_tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see %s --help\n", emu_tool_name);
	return EMU_EXIT_USAGE;
}
