// SPDX-License-Identifier: GPL-2.0
/* Files and streams into strings, string formatting (see text.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

char *text_read_stream(FILE *f, size_t max)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap), *nbuf;
	size_t got;

	if (!buf)
		return NULL;
	for (;;) {
		if (cap - len < 2) {
			if (cap >= max) {
				free(buf);
				errno = EFBIG;
				return NULL;
			}
			cap = cap * 2 > max ? max : cap * 2;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = nbuf;
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int err = errno ? errno : EIO;

		free(buf);
		errno = err;
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

char *text_read_file(const char *path, size_t max)
{
	FILE *f = fopen(path, "re");
	char *text;
	int err;

	if (!f)
		return NULL;
	errno = 0;
	text = text_read_stream(f, max);
	err = errno;
	fclose(f);
	errno = err;
	return text;
}

void text_flatten(char *s)
{
	size_t n;
	char *p;

	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
}

char *text_read_value(const char *path)
{
	char *text = text_read_file(path, 1 << 16);

	if (text)
		text_flatten(text);
	return text;
}

static char *text_vprintf(const char *prefix, const char *fmt, va_list ap)
{
	char *body, *out;

	if (vasprintf(&body, fmt, ap) < 0)
		return NULL;
	if (!prefix)
		return body;
	if (asprintf(&out, "%s%s)", prefix, body) < 0)
		out = NULL;
	free(body);
	return out;
}

char *text_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = text_vprintf(NULL, fmt, ap);
	va_end(ap);
	return s;
}

char *text_unknown(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = text_vprintf("unknown (", fmt, ap);
	va_end(ap);
	return s;
}

char *text_read_value_or_unknown(const char *path)
{
	char *v = text_read_value(path);

	if (v)
		return v;
	return text_unknown("cannot read %s: %s", path, strerror(errno));
}

char *text_sysfs_choice(const char *text)
{
	const char *open = strchr(text, '['), *close;

	if (!open)
		return NULL;
	close = strchr(open + 1, ']');
	if (!close)
		return NULL;
	return strndup(open + 1, (size_t)(close - open - 1));
}
