// SPDX-License-Identifier: GPL-2.0
/*
 * mremap storm: a populated range moves back and forth between two reserved
 * areas with mremap(MREMAP_MAYMOVE | MREMAP_FIXED), one move per sample.
 *
 * Destination alignment decides the kernel path.  With CONFIG_HAVE_MOVE_PMD
 * (arm64, x86) a move whose source and destination are both PMD-aligned
 * moves whole PTE pages (move_normal_pmd(), or move_huge_pmd() for THP) and
 * never runs move_ptes().  So:
 *   "mremap"      the data sits at offset 0 of area A and at offset one base
 *                 page of area B: no PMD is ever co-aligned, every move goes
 *                 through move_ptes() (in a lazy MMU section).  In THP mode
 *                 the first move splits the huge PMDs, later moves are PTE
 *                 moves of PTE-mapped THPs (thp_kb shows 0 from then on).
 *   "mremap-pmd"  both offsets 0: the PMD-level move, a control.
 *
 * Each area is PROT_NONE reserved address space, so the move lands on our
 * own reservation, never on someone else's mapping; the window therefore
 * also holds unmapping that PROT_NONE placeholder (a VMA split, no page
 * tables to free: a per-sample constant).  prepare() reserves the vacated
 * source range again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "log.h"
#include "region.h"
#include "workloads/workloads.h"

struct mremap_area {
	char *base;		/* PMD-aligned reservation of span bytes */
	size_t offset;		/* where the data sits in it */
	bool hole;		/* the data range was moved out and not re-reserved */
};

struct mremap_priv {
	struct mremap_area area[2];
	size_t span;		/* bytes + pmd_size: room for the offset */
	unsigned int cur;	/* area holding the data */
	unsigned long moves;
};

static char *data_at(const struct mremap_area *a)
{
	return a->base + a->offset;
}

/* Unmap what we own of @a (not a hole someone else may have mapped since). */
static void area_release(struct mremap_area *a, size_t span, size_t bytes)
{
	if (!a->base)
		return;
	if (!a->hole) {
		region_unmap(a->base, span);
	} else {
		if (a->offset)
			region_unmap(a->base, a->offset);
		region_unmap(data_at(a) + bytes, span - a->offset - bytes);
	}
	a->base = NULL;
	a->hole = false;
}

/* Reserve the vacated range again; if something else took it, a new area. */
static int area_refill(struct mremap_area *a, size_t span, const struct wl_params *p)
{
	char *want = data_at(a), *got;

	got = mmap(want, p->bytes, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
		   -1, 0);
	if (got == want) {
		a->hole = false;
		return 0;
	}
	if (got != MAP_FAILED)
		munmap(got, p->bytes);	/* old kernel: the flag was a hint */
	else if (errno != EEXIST)
		lmb_warn("mremap storm: re-reserving %zu bytes at %p failed: %s; taking a new area",
			 p->bytes, (void *)want, strerror(errno));
	area_release(a, span, p->bytes);
	a->base = region_reserve_aligned(span, p->pmd_size);
	return a->base ? 0 : -1;
}

static int mremap_setup_common(struct wl_state *st, bool pmd_aligned)
{
	const struct wl_params *p = st->p;
	struct mremap_priv *mp;
	char *data;
	int i;

	if (region_params_check(p))
		return -1;
	mp = calloc(1, sizeof(*mp));
	if (!mp) {
		lmb_err("mremap storm: out of memory for its state");
		return -1;
	}
	st->priv = mp;
	mp->span = p->bytes + p->pmd_size;
	mp->area[1].offset = pmd_aligned ? 0 : p->base_page;
	for (i = 0; i < 2; i++) {
		mp->area[i].base = region_reserve_aligned(mp->span, p->pmd_size);
		if (!mp->area[i].base)
			goto fail;
	}
	data = mmap(data_at(&mp->area[0]), p->bytes, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (data == MAP_FAILED) {
		lmb_err("mremap storm: mapping %zu bytes at %p inside its reservation failed: %s; free memory or use a smaller --size",
			p->bytes, (void *)data_at(&mp->area[0]), strerror(errno));
		goto fail;
	}
	if (region_apply_page_mode(data, p))
		goto fail;
	region_populate(data, p->bytes, p->base_page, REGION_SEED);
	st->region = data;
	return 0;
fail:
	for (i = 0; i < 2; i++)
		area_release(&mp->area[i], mp->span, p->bytes);
	free(mp);
	st->priv = NULL;
	return -1;
}

static int mremap_setup(struct wl_state *st)
{
	return mremap_setup_common(st, false);
}

static int mremap_pmd_setup(struct wl_state *st)
{
	return mremap_setup_common(st, true);
}

static int mremap_prepare(struct wl_state *st)
{
	struct mremap_priv *mp = st->priv;
	struct mremap_area *old = &mp->area[mp->cur ^ 1];

	return old->hole ? area_refill(old, mp->span, st->p) : 0;
}

static int mremap_step(struct wl_state *st, struct step_split *split)
{
	struct mremap_priv *mp = st->priv;
	struct mremap_area *from = &mp->area[mp->cur], *to = &mp->area[mp->cur ^ 1];
	void *moved;

	(void)split;
	moved = mremap(data_at(from), st->p->bytes, st->p->bytes,
		       MREMAP_MAYMOVE | MREMAP_FIXED, data_at(to));
	if (moved == MAP_FAILED) {
		lmb_err("mremap storm: moving %zu bytes from %p to %p failed: %s",
			st->p->bytes, (void *)data_at(from), (void *)data_at(to),
			strerror(errno));
		return -1;
	}
	from->hole = true;
	mp->cur ^= 1;
	mp->moves++;
	st->region = moved;
	return 0;
}

/* The bytes arrived; the range they left no longer reads. */
static int mremap_verify(struct wl_state *st)
{
	struct mremap_priv *mp = st->priv;
	void *old = data_at(&mp->area[mp->cur ^ 1]), *bad = NULL;
	int ret;

	if (!region_holds_pattern(st->region, st->p->bytes, st->p->base_page,
				  REGION_SEED)) {
		lmb_err("mremap storm: the %zu bytes moved to %p do not hold the bytes written before the move",
			st->p->bytes, st->region);
		return -1;
	}
	if (!mp->moves)
		return 0;
	ret = region_probe(old, st->p->bytes, st->p->base_page, PROBE_READABLE,
			   false, &bad);
	if (ret > 0)
		lmb_err("mremap storm: page %p of the old range %p still reads after the move to %p",
			bad, old, st->region);
	return ret ? -1 : 0;
}

static void mremap_teardown(struct wl_state *st)
{
	struct mremap_priv *mp = st->priv;

	if (!mp)
		return;
	area_release(&mp->area[0], mp->span, st->p->bytes);
	area_release(&mp->area[1], mp->span, st->p->bytes);
	free(mp);
	st->priv = NULL;
	st->region = NULL;
}

const struct workload wl_mremap = {
	.name = "mremap",
	.summary = "move a populated range back and forth with mremap(MREMAP_FIXED), destination one base page off PMD alignment",
	.kernel_path = "mremap_to > move_vma > move_page_tables > move_ptes (lazy MMU section), destination 1 base page off PMD alignment so never move_normal_pmd; THP: split_huge_pmd on the first move",
	.flags = WL_STORM | WL_REGION,
	.setup = mremap_setup,
	.prepare = mremap_prepare,
	.step = mremap_step,
	.verify = mremap_verify,
	.teardown = mremap_teardown,
};

const struct workload wl_mremap_pmd = {
	.name = "mremap-pmd",
	.summary = "control for mremap: both ends PMD-aligned, whole PTE pages move (no move_ptes)",
	.kernel_path = "mremap_to > move_vma > move_page_tables > move_normal_pmd (CONFIG_HAVE_MOVE_PMD; else move_ptes); THP: move_huge_pmd",
	.flags = WL_REGION | WL_THP_KEPT,
	.setup = mremap_pmd_setup,
	.prepare = mremap_prepare,
	.step = mremap_step,
	.verify = mremap_verify,
	.teardown = mremap_teardown,
};
