// SPDX-License-Identifier: GPL-2.0
/* Messages on stderr: errors, warnings, and progress on a terminal. */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "log.h"

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "lazymmu-bench: %s", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static char last_error[512];

void lmb_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	vmsg("error: ", fmt, ap);
	va_end(ap);
}

const char *lmb_last_error(void)
{
	return last_error;
}

void lmb_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void lmb_progress(const char *fmt, ...)
{
	va_list ap;

	if (!isatty(STDERR_FILENO))
		return;
	va_start(ap, fmt);
	fputs("\r\033[K", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}
