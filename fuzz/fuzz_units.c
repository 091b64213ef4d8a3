// SPDX-License-Identifier: GPL-2.0
/*
 * Sizes, counts, lists and compare's numbers.  The first byte picks the
 * parser; the rest is its text.  Checked beyond "no crash": a size parsed
 * prints back to a size that parses to the same bytes when it is a whole
 * number of its unit, a list checked twice answers the same, and compare's
 * fast decimal path gives strtod()'s number exactly.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>

#include "compare/csv_read.h"
#include "list_check.h"
#include "units.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_item(const char *item, size_t i, void *ctx)
{
	size_t *n = ctx;

	if (!*item || strchr(item, ',') || i != *n)
		abort();
	(*n)++;
	return 0;
}

static void check_number(const char *s)
{
	double v, ref;
	char *end;

	if (!csv_parse_number(s, &v))
		return;
	errno = 0;
	ref = strtod(s, &end);
	if (*end || !isfinite(v) || v < 0 || (v != ref && !(isnan(v) && isnan(ref))))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(size ? data + 1 : data, size ? size - 1 : 0);
	unsigned long count;
	size_t bytes, n = 0;
	int a, b;

	switch (size ? data[0] % 4 : 0) {
	case 0:
		if (!parse_size(s, "--size", &bytes) && !bytes)
			abort();	/* zero is refused */
		break;
	case 1:
		parse_count(s, "-r", data[0] & 4, &count);
		break;
	case 2:
		a = list_check("--workloads", s);
		b = list_each("--workloads", s, count_item, &n);
		if ((a < 0) != (b < 0) || (b >= 0 && (size_t)b != n))
			abort();
		break;
	default:
		check_number(s);
		break;
	}
	free(s);
	return 0;
}
