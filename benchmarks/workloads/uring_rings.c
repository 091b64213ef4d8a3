// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-mapping storm from user space: io_uring provided-buffer rings in
 * user memory.  The region (4K pages, populated once) is cut into rings of
 * URING_RING_BYTES; step() registers every ring with the io_uring instance
 * (IORING_REGISTER_PBUF_RING, one buffer group each) and unregisters them
 * all again.
 *
 * Registering pins the ring's user pages and, as they are not one folio,
 * vmap()s them into the kernel's vmalloc space: io_register_pbuf_ring >
 * io_create_region > io_region_pin_pages + io_region_init_ptr > vmap >
 * vmap_pages_range (kernel PTEs set).  Unregistering is synchronous:
 * io_unregister_pbuf_ring > io_put_bl > io_free_region > unpin_user_pages +
 * vunmap > vunmap_range_noflush (kernel PTEs cleared; on arm64 in a lazy
 * MMU section) > free_vmap_area_noflush (the TLB flush is deferred to the
 * lazy purge).  So a "page" here is one kernel PTE set and cleared.
 *
 * Ring set-up/teardown (io_uring_setup/close) was rejected as the storm:
 * the kernel allocates rings as one compound page when it can (no vmap),
 * and frees them in a workqueue after close(), outside any timed window.
 * Kernels before the io_mapped_region rework (6.1 among them) address
 * buffer rings page by page and vmap nothing: tests/test_uring_rings.c
 * counts the vmalloc tracepoints to show whether a kernel does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "region.h"
#include "units.h"
#include "uring_util.h"
#include "workloads/workloads.h"

#define WHO "uring-rings"
#define URING_RING_ENTRIES 32768	/* the largest buffer ring: 512 KiB */
#define URING_RING_BYTES ((size_t)URING_RING_ENTRIES * sizeof(struct io_uring_buf))
#define URING_MAX_GROUPS 65536		/* bgid is 16 bits */

struct ur_priv {
	struct io_uring ring;
	size_t nr_rings;
	size_t registered;	/* rings 0..registered-1 are registered */
};

static int ur_register(struct ur_priv *up, struct wl_state *st, size_t i)
{
	struct io_uring_buf_reg reg;
	int ret;

	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (unsigned long)((char *)st->region + i * URING_RING_BYTES);
	reg.ring_entries = URING_RING_ENTRIES;
	reg.bgid = (__u16)i;
	ret = io_uring_register_buf_ring(&up->ring, &reg, 0);
	if (!ret)
		return 0;
	lmb_err(WHO ": registering buffer ring %zu (%zu bytes at %p) failed: %s",
		i, URING_RING_BYTES, (void *)(unsigned long)reg.ring_addr,
		strerror(-ret));
	return ret;
}

static int ur_unregister_all(struct ur_priv *up)
{
	int err = 0;

	while (up->registered) {
		int ret = io_uring_unregister_buf_ring(&up->ring,
						       (int)(up->registered - 1));

		if (ret && !err) {
			lmb_err(WHO ": unregistering buffer ring %zu failed: %s",
				up->registered - 1, strerror(-ret));
			err = -1;
		}
		up->registered--;
	}
	return err;
}

static void ur_teardown(struct wl_state *st);

static int ur_setup(struct wl_state *st)
{
	struct ur_priv *up;
	int ret;

	if (region_params_check(st->p))
		return -1;
	if (st->p->mode != PAGE_MODE_4K) {
		lmb_warn(WHO ": skipped in %s mode: rings in huge folios are addressed directly, nothing is vmapped; run it with --page-size 4k",
			 st->p->mthp_size ? "mTHP" : "THP");
		return WL_SKIP;
	}
	if (st->p->bytes % URING_RING_BYTES ||
	    st->p->bytes / URING_RING_BYTES > URING_MAX_GROUPS) {
		lmb_err(WHO ": --size %zu bytes must be a multiple of the %zu-byte buffer ring and at most %d rings",
			st->p->bytes, URING_RING_BYTES, URING_MAX_GROUPS);
		return -1;
	}
	up = calloc(1, sizeof(*up));
	if (!up) {
		lmb_err(WHO ": out of memory for its state");
		return -1;
	}
	up->nr_rings = st->p->bytes / URING_RING_BYTES;
	ret = uring_open(&up->ring, 8, 0, WHO);
	if (ret) {
		free(up);
		return ret;
	}
	/* Populated once: the pin in the step must not fault pages in. */
	st->region = region_create_populated(st->p, REGION_SEED);
	if (!st->region) {
		io_uring_queue_exit(&up->ring);
		free(up);
		return -1;
	}
	st->priv = up;
	/* One trial registration: old kernels (< 5.19) refuse buffer rings. */
	ret = ur_register(up, st, 0);
	if (!ret) {
		up->registered = 1;
		ret = ur_unregister_all(up);
	} else if (ret == -EINVAL || ret == -EOPNOTSUPP) {
		lmb_warn(WHO ": skipped: this kernel does not accept provided-buffer rings (IORING_REGISTER_PBUF_RING, 5.19+)");
		ret = WL_SKIP;
	} else {
		ret = -1;
	}
	if (ret)
		ur_teardown(st);	/* the harness calls it only after success */
	return ret;
}

static int ur_step(struct wl_state *st, struct step_split *split)
{
	struct ur_priv *up = st->priv;
	uint64_t t;

	for (; up->registered < up->nr_rings; up->registered++)
		if (ur_register(up, st, up->registered))
			return -1;
	t = now_ns();
	split->name = "map";
	split->ns = t - st->window_open_ns;
	return ur_unregister_all(up);
}

/* The ring memory is still the user's: the pattern written in setup(). */
static int ur_verify(struct wl_state *st)
{
	struct ur_priv *up = st->priv;

	if (up->registered) {
		lmb_err(WHO ": %zu buffer rings are still registered after the step",
			up->registered);
		return -1;
	}
	if (region_holds_pattern(st->region, st->p->bytes, st->p->base_page,
				 REGION_SEED))
		return 0;
	lmb_err(WHO ": the ring memory at %p changed while registered", st->region);
	return -1;
}

static void ur_teardown(struct wl_state *st)
{
	struct ur_priv *up = st->priv;

	if (up) {
		ur_unregister_all(up);
		io_uring_queue_exit(&up->ring);
		free(up);
	}
	st->priv = NULL;
	region_teardown(st);
}

const struct workload wl_uring_rings = {
	.name = "uring-rings",
	.summary = "register and unregister io_uring buffer rings in the region (512 KiB each): the kernel vmaps / vunmaps their pages",
	.kernel_path = "io_register_pbuf_ring > io_create_region > vmap > vmap_pages_range; io_unregister_pbuf_ring > io_free_region > vunmap > vunmap_range_noflush (lazy MMU section) + free_vmap_area_noflush",
	.flags = WL_MAY_SKIP,
	.setup = ur_setup,
	.step = ur_step,
	.verify = ur_verify,
	.teardown = ur_teardown,
};
