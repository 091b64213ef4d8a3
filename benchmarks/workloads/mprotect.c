// SPDX-License-Identifier: GPL-2.0
/*
 * mprotect storm: a populated region; step() makes all of it read-only
 * (RW -> RO), prepare() makes it writable again outside the window, so
 * every sample times the same operation.  change_protection() rewrites
 * every PTE (in THP mode change_huge_pmd() rewrites the huge PMDs instead).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "log.h"
#include "region.h"
#include "workloads/workloads.h"

struct mprotect_priv {
	bool read_only;	/* protection the last step() left */
};

static int mprotect_setup(struct wl_state *st)
{
	struct mprotect_priv *mp = calloc(1, sizeof(*mp));

	if (!mp) {
		lmb_err("mprotect storm: out of memory for its state");
		return -1;
	}
	st->region = region_create_populated(st->p, REGION_SEED);
	if (!st->region) {
		free(mp);
		return -1;
	}
	st->priv = mp;
	return 0;
}

/* mprotect() the whole region to @prot; -1 and a message on failure. */
static int protect(struct wl_state *st, int prot)
{
	struct mprotect_priv *mp = st->priv;

	if (mprotect(st->region, st->p->bytes, prot)) {
		lmb_err("mprotect storm: mprotect(%p, %zu bytes, %s) failed: %s",
			st->region, st->p->bytes,
			prot & PROT_WRITE ? "PROT_READ|PROT_WRITE" : "PROT_READ",
			strerror(errno));
		return -1;
	}
	mp->read_only = !(prot & PROT_WRITE);
	return 0;
}

/* Outside the window: writable again after the last sample's RW -> RO. */
static int mprotect_prepare(struct wl_state *st)
{
	struct mprotect_priv *mp = st->priv;

	return mp->read_only ? protect(st, PROT_READ | PROT_WRITE) : 0;
}

static int mprotect_step(struct wl_state *st, struct step_split *split)
{
	(void)split;
	return protect(st, PROT_READ);
}

/* Read-only: no page takes a write, the bytes are intact.  Read-write: pages take writes. */
static int mprotect_verify(struct wl_state *st)
{
	struct mprotect_priv *mp = st->priv;
	void *bad = NULL;
	int ret;

	ret = region_probe(st->region, st->p->bytes, st->p->base_page,
			   PROBE_WRITABLE, !mp->read_only, &bad);
	if (ret > 0)
		lmb_err("mprotect storm: page %p is %s after mprotect(%s) of the %zu-byte region at %p",
			bad, mp->read_only ? "writable" : "not writable",
			mp->read_only ? "PROT_READ" : "PROT_READ|PROT_WRITE",
			st->p->bytes, st->region);
	if (ret)
		return -1;
	if (!region_holds_pattern(st->region, st->p->bytes, st->p->base_page,
				  REGION_SEED)) {
		lmb_err("mprotect storm: the %zu-byte region at %p lost its bytes across mprotect",
			st->p->bytes, st->region);
		return -1;
	}
	return 0;
}

static void mprotect_teardown(struct wl_state *st)
{
	region_unmap(st->region, st->p->bytes);
	st->region = NULL;
	free(st->priv);
	st->priv = NULL;
}

const struct workload wl_mprotect = {
	.name = "mprotect",
	.summary = "populated PMD-aligned region: time mprotect() RW->RO of all of it (made RW again before each sample, untimed)",
	.kernel_path = "mprotect_fixup > change_protection > change_pte_range (lazy MMU section); THP: change_huge_pmd",
	.flags = WL_STORM | WL_REGION | WL_THP_KEPT,
	.setup = mprotect_setup,
	.prepare = mprotect_prepare,
	.step = mprotect_step,
	.verify = mprotect_verify,
	.teardown = mprotect_teardown,
};
