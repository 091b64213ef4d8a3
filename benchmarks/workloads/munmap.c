// SPDX-License-Identifier: GPL-2.0
/*
 * munmap storm: prepare() maps and populates a fresh PMD-aligned region,
 * step() unmaps all of it: unmap_region() zaps every PTE (zap_pte_range()
 * inside a lazy MMU section) and free_pgtables() frees the PTE pages.
 * In THP mode zap_huge_pmd() drops whole PMDs instead.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "log.h"
#include "region.h"
#include "workloads/workloads.h"

struct munmap_priv {
	void *addr;	/* the region of the last prepare() */
	bool mapped;	/* false once step() unmapped it */
};

static int munmap_setup(struct wl_state *st)
{
	struct munmap_priv *mp;

	if (region_params_check(st->p))
		return -1;
	mp = calloc(1, sizeof(*mp));
	if (!mp) {
		lmb_err("munmap storm: out of memory for its state");
		return -1;
	}
	st->priv = mp;
	return 0;
}

static int munmap_prepare(struct wl_state *st)
{
	struct munmap_priv *mp = st->priv;

	if (mp->mapped && region_unmap(mp->addr, st->p->bytes))
		return -1;
	mp->mapped = false;
	st->region = NULL;
	mp->addr = region_create_populated(st->p, REGION_SEED);
	if (!mp->addr)
		return -1;
	mp->mapped = true;
	st->region = mp->addr;
	return 0;
}

static int munmap_step(struct wl_state *st, struct step_split *split)
{
	struct munmap_priv *mp = st->priv;

	(void)split;
	if (munmap(mp->addr, st->p->bytes)) {
		lmb_err("munmap storm: munmap(%p, %zu bytes) failed: %s",
			mp->addr, st->p->bytes, strerror(errno));
		return -1;
	}
	mp->mapped = false;
	return 0;
}

/* After munmap no page of the range may still be mapped. */
static int munmap_verify(struct wl_state *st)
{
	struct munmap_priv *mp = st->priv;
	void *bad = NULL;
	int ret;

	if (mp->mapped) {
		lmb_err("munmap storm: verify called before the step unmapped %p",
			mp->addr);
		return -1;
	}
	ret = region_probe(mp->addr, st->p->bytes, st->p->base_page,
			   PROBE_MAPPED, false, &bad);
	if (ret > 0)
		lmb_err("munmap storm: page %p of the %zu-byte region at %p is still mapped after munmap",
			bad, st->p->bytes, mp->addr);
	return ret ? -1 : 0;
}

static void munmap_teardown(struct wl_state *st)
{
	struct munmap_priv *mp = st->priv;

	if (!mp)
		return;
	if (mp->mapped)
		region_unmap(mp->addr, st->p->bytes);
	free(mp);
	st->priv = NULL;
	st->region = NULL;
}

const struct workload wl_munmap = {
	.name = "munmap",
	.summary = "populate a PMD-aligned region, time munmap() of all of it",
	.kernel_path = "do_vmi_align_munmap > vms_clear_ptes > unmap_region > unmap_vmas > zap_pte_range (lazy MMU section); free_pgtables; THP: zap_huge_pmd",
	.flags = WL_STORM | WL_REGION | WL_THP_KEPT | WL_FRESH_PAGES,
	.setup = munmap_setup,
	.prepare = munmap_prepare,
	.step = munmap_step,
	.verify = munmap_verify,
	.teardown = munmap_teardown,
};
