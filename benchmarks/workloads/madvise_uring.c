// SPDX-License-Identifier: GPL-2.0
/*
 * MADV_DONTNEED through io_uring: the region is cut into chunks of
 * --chunk bytes and step() submits them K (--uring-batch) at a time, one
 * io_uring_enter() per K chunks (IORING_OP_MADVISE), until all are zapped.
 *
 * The kernel always punts IORING_OP_MADVISE to an io-wq worker thread
 * (io_madvise_prep sets REQ_F_FORCE_ASYNC).  So that K requests are not
 * zapped in parallel by several workers on several CPUs, the ring is given
 * one io-wq worker allowed only on the CPUs of the measuring thread: the
 * zaps run one after the other on the same CPU, as with madvise-chunks,
 * and the difference to it is the cost outside the zap path (syscalls vs.
 * ring + worker hand-off).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "log.h"
#include "chunks.h"
#include "region.h"
#include "uring_util.h"
#include "workloads/workloads.h"

#define WHO "madvise-uring"

struct mu_priv {
	struct io_uring ring;
	size_t nr_chunks;
};

static int mu_setup(struct wl_state *st)
{
	struct mu_priv *mp;
	int ret;

	if (chunks_check(st->p, WHO, true))
		return -1;
	mp = calloc(1, sizeof(*mp));
	if (!mp) {
		lmb_err(WHO ": out of memory for its state");
		return -1;
	}
	mp->nr_chunks = st->p->bytes / st->p->chunk_bytes;
	ret = uring_open(&mp->ring, st->p->batch, 0, WHO);
	if (ret) {
		free(mp);
		return ret;
	}
	ret = uring_require_op(&mp->ring, IORING_OP_MADVISE, "IORING_OP_MADVISE", WHO);
	if (!ret)
		ret = uring_serial_worker(&mp->ring, WHO);
	if (!ret) {
		st->region = region_create(st->p);
		ret = st->region ? 0 : -1;
	}
	if (ret) {
		io_uring_queue_exit(&mp->ring);
		free(mp);
		return ret;
	}
	st->priv = mp;
	return 0;
}

static int mu_prepare(struct wl_state *st)
{
	region_populate(st->region, st->p->bytes, st->p->base_page, REGION_SEED);
	return 0;
}

/* Reap @n completions; every one must report success. */
static int reap(struct mu_priv *mp, struct wl_state *st, unsigned int n)
{
	struct io_uring_cqe *cqe;
	int bad = 0, ret;

	while (n--) {
		ret = io_uring_wait_cqe(&mp->ring, &cqe);
		if (ret) {
			lmb_err(WHO ": waiting for a completion failed: %s",
				strerror(-ret));
			return -1;
		}
		if (cqe->res < 0 && !bad)
			bad = cqe->res;
		io_uring_cqe_seen(&mp->ring, cqe);
	}
	if (!bad)
		return 0;
	lmb_err(WHO ": IORING_OP_MADVISE(MADV_DONTNEED) of a %zu-byte chunk of the region at %p failed: %s",
		st->p->chunk_bytes, st->region, strerror(-bad));
	return -1;
}

static int mu_step(struct wl_state *st, struct step_split *split)
{
	struct mu_priv *mp = st->priv;
	char *base = st->region;
	size_t done = 0, chunk = st->p->chunk_bytes;

	(void)split;
	while (done < mp->nr_chunks) {
		unsigned int i, n = st->p->batch;
		int ret;

		if (n > mp->nr_chunks - done)
			n = (unsigned int)(mp->nr_chunks - done);
		for (i = 0; i < n; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&mp->ring);

			if (!sqe) {
				lmb_err(WHO ": no free submission entry for chunk %zu of a batch of %u: a bug",
					done + i, n);
				return -1;
			}
			io_uring_prep_madvise(sqe, base + (done + i) * chunk,
					      (off_t)chunk, MADV_DONTNEED);
		}
		ret = io_uring_submit_and_wait(&mp->ring, n);
		if (ret != (int)n) {
			lmb_err(WHO ": io_uring_submit_and_wait of %u madvise requests returned %d (%s)",
				n, ret, ret < 0 ? strerror(-ret) : "short submit");
			return -1;
		}
		if (reap(mp, st, n))
			return -1;
		done += n;
	}
	return 0;
}

static int mu_verify(struct wl_state *st)
{
	return chunks_verify_zero(st, WHO);
}

static void mu_teardown(struct wl_state *st)
{
	struct mu_priv *mp = st->priv;

	if (mp) {
		io_uring_queue_exit(&mp->ring);
		free(mp);
	}
	st->priv = NULL;
	region_teardown(st);
}

const struct workload wl_madvise_uring = {
	.name = "madvise-uring",
	.summary = "re-populate the region, time MADV_DONTNEED of it in --chunk pieces, --uring-batch per io_uring_enter (IORING_OP_MADVISE)",
	.kernel_path = "io_uring_enter > io-wq worker (REQ_F_FORCE_ASYNC; one worker on the measuring CPU) > io_madvise > do_madvise > madvise_dontneed_single_vma > zap_pte_range (lazy MMU section)",
	.batched = true,
	.flags = WL_REGION | WL_MAY_SKIP | WL_FRESH_PAGES,
	.setup = mu_setup,
	.prepare = mu_prepare,
	.step = mu_step,
	.verify = mu_verify,
	.teardown = mu_teardown,
};
