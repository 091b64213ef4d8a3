// SPDX-License-Identifier: GPL-2.0
/* Region sizes of a run and their order per storm; see size_sweep.h. */
#include <stdio.h>
#include <string.h>

#include "list_check.h"
#include "log.h"
#include "size_sweep.h"
#include "units.h"

static int add_size(const char *item, size_t i, void *ctx)
{
	struct size_sweep *s = ctx;
	size_t j, v;

	if (parse_size(item, "--sweep-size", &v))
		return -1;
	for (j = 0; j < i && s->bytes[j] != v; j++)
		;
	if (j < i) {
		lmb_err("--sweep-size: '%s' is the same size (%zu bytes) as item %zu; list each size once",
			item, v, j + 1);
		return -1;
	}
	if (i == SIZE_SWEEP_MAX) {
		lmb_err("--sweep-size: at most %d sizes", SIZE_SWEEP_MAX);
		return -1;
	}
	s->bytes[i] = v;
	s->nr = i + 1;
	return 0;
}

int size_sweep_parse(const char *list, struct size_sweep *s)
{
	s->nr = 0;
	if (list_each("--sweep-size", list, add_size, s) < 0)
		return -1;
	if (s->nr >= 2)
		return 0;
	lmb_err("--sweep-size '%s' names one size; a sweep needs at least two (e.g. 2M,8M,64M), or use --size",
		list);
	return -1;
}

int size_sweep_parse_order(const char *order, struct size_sweep *s)
{
	if (!strcmp(order, "shuffle") || !strcmp(order, "given")) {
		s->given_order = !strcmp(order, "given");
		return 0;
	}
	lmb_err("--sweep-order '%s' is not an order; use shuffle (default) or given",
		order);
	return -1;
}

/* splitmix64: the same sequence on every machine for the same seed. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void size_sweep_order(const struct size_sweep *s, uint64_t *state, size_t *idx)
{
	size_t i, j, t;

	for (i = 0; i < s->nr; i++)
		idx[i] = i;
	if (s->given_order)
		return;
	/* Fisher-Yates */
	for (i = s->nr; i > 1; i--) {
		j = (size_t)(next_random(state) % i);
		t = idx[i - 1];
		idx[i - 1] = idx[j];
		idx[j] = t;
	}
}

size_t size_sweep_max(const struct size_sweep *s)
{
	size_t i, max = 0;

	for (i = 0; i < s->nr; i++)
		if (s->bytes[i] > max)
			max = s->bytes[i];
	return max;
}

void size_sweep_describe(const struct size_sweep *s, char *buf, size_t cap)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < s->nr && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s%zu", i ? "," : "",
				      s->bytes[i]);
}
