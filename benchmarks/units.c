// SPDX-License-Identifier: GPL-2.0
/* Size and count parsing for the command line; the monotonic clock. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "array_size.h"
#include "log.h"
#include "units.h"

static int unit_shift(const char *suffix, unsigned int *shift)
{
	static const struct {
		const char *name;
		unsigned int shift;
	} units[] = {
		{ "", 0 }, { "B", 0 },
		{ "K", 10 }, { "KB", 10 }, { "KIB", 10 },
		{ "M", 20 }, { "MB", 20 }, { "MIB", 20 },
		{ "G", 30 }, { "GB", 30 }, { "GIB", 30 },
		{ "T", 40 }, { "TB", 40 }, { "TIB", 40 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(units); i++) {
		if (!strcasecmp(suffix, units[i].name)) {
			*shift = units[i].shift;
			return 0;
		}
	}
	return -1;
}

int parse_size(const char *s, const char *what, size_t *out)
{
	unsigned long long v;
	unsigned int shift;
	char *end;

	if (!s || !*s) {
		lmb_err("%s needs a size such as 64M or 1G, got an empty value", what);
		return -1;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-' || !isdigit((unsigned char)*s)) {
		lmb_err("%s '%s' is not a size: use a positive number with an optional K, M or G suffix (e.g. 64M)",
			what, s);
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || unit_shift(end, &shift)) {
		lmb_err("%s '%s' is not a size: use a positive number with an optional K, M or G suffix (e.g. 64M)",
			what, s);
		return -1;
	}
	if (v == 0) {
		lmb_err("%s '%s' is zero: give a positive size such as 64M", what, s);
		return -1;
	}
	if (shift && v > (~0ULL >> shift)) {
		lmb_err("%s '%s' is too large to represent", what, s);
		return -1;
	}
	v <<= shift;
	if (v > (unsigned long long)SIZE_MAX) {
		lmb_err("%s '%s' is too large to represent", what, s);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

int parse_count(const char *s, const char *what, int allow_zero, unsigned long *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || !isdigit((unsigned char)*s)) {
		lmb_err("%s '%s' is not a %s whole number", what, s ? s : "",
			allow_zero ? "non-negative" : "positive");
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > 1000000000ULL) {
		lmb_err("%s '%s' is not a whole number between %d and 1000000000",
			what, s, allow_zero ? 0 : 1);
		return -1;
	}
	if (!allow_zero && v == 0) {
		lmb_err("%s must be at least 1, got 0", what);
		return -1;
	}
	*out = (unsigned long)v;
	return 0;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int parse_number(const char *s, const char *what, double lo, double hi,
		 double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end != s && *end == '%')
		end++;
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi) {
		lmb_err("%s '%s' is not a number between %g and %g", what, s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

void format_size(char *buf, size_t cap, double bytes)
{
	static const char suffix[] = "KMGT";
	int i;

	for (i = -1; i < 3 && bytes >= 1024 && fmod(bytes, 1024) == 0; i++)
		bytes /= 1024;
	if (i >= 0)
		snprintf(buf, cap, "%.0f%c", bytes, suffix[i]);
	else
		snprintf(buf, cap, "%.0f", bytes);
}
