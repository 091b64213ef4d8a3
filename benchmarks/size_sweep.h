/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Region sizes of a run (`run --size` or `--sweep-size`) and the order in
 * which a storm visits them.  A sweep shuffles the sizes anew for every
 * storm (seeded, recorded), so drift over the run is not read as a size
 * effect; --sweep-order given keeps the order of the list.
 */
#ifndef LMB_SIZE_SWEEP_H
#define LMB_SIZE_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIZE_SWEEP_MAX 32

struct size_sweep {
	size_t bytes[SIZE_SWEEP_MAX];	/* as listed */
	size_t nr;			/* 0: no --sweep-size (one size) */
	bool given_order;		/* --sweep-order given */
	uint64_t seed;			/* of the shuffle */
};

/* Parse "2M,8M,1G" into @s (sizes; duplicates by value refused). */
int size_sweep_parse(const char *list, struct size_sweep *s);
/* Parse "shuffle" or "given". */
int size_sweep_parse_order(const char *order, struct size_sweep *s);

/*
 * The next storm's order: idx[0..s->nr) is a permutation of 0..nr-1,
 * drawn from *state (seeded with s->seed at the start of the run), or
 * 0..nr-1 with --sweep-order given.
 */
void size_sweep_order(const struct size_sweep *s, uint64_t *state, size_t *idx);

/* The largest size of the sweep (0 when empty). */
size_t size_sweep_max(const struct size_sweep *s);

/* "2097152,8388608" into @buf. */
void size_sweep_describe(const struct size_sweep *s, char *buf, size_t cap);

#endif
