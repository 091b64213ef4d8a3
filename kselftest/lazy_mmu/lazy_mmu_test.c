// SPDX-License-Identifier: GPL-2.0
/*
 * Lazy MMU mode correctness: each test drives one kernel path that batches
 * page-table updates in a lazy MMU section (zap_pte_range, copy_pte_range,
 * change_pte_range, move_ptes, and set_pmd for THP) and checks the memory
 * semantics user space must see afterwards.  A last test reads the kernel
 * log written meanwhile and fails on lazy MMU warnings (nesting).
 *
 * Sizes.  Each of those functions enters lazy mode for at most one PTE
 * table, i.e. ptes_per_table base pages (512 with 4K pages).
 * - Base-page regions are 2 tables + 16 pages, starting on a table
 *   boundary: three lazy sections per operation, and three PTE tables
 *   allocated (and, under debug_pagealloc, mapped into the linear map)
 *   when the region is populated, copied by fork() or moved by mremap().
 * - mmu_gather: a zap keeps MMU_GATHER_BUNDLE (8) pages on its stack, then
 *   tlb_next_batch() allocates batch pages of ~(page size / 8) entries
 *   (~510 with 4K pages) while zap_pte_range() is inside its lazy section.
 *   2 * 512 + 16 pages need two batch pages, allocated in two different
 *   sections.  Under debug_pagealloc each allocation changes the linear
 *   map from inside the section: that is where lazy MMU mode nested.
 * - THP regions are two PMD-mapped huge pages: on arm64 set_pmd() is the
 *   user page-table write whose barriers lazy MMU defers.  The partial
 *   operations are one page off PMD boundaries, so the huge PMDs are split
 *   and the PTE-level paths run on PTE-mapped folios too.
 * - Capped at 128 MiB (64K-page kernels) so the target stays fast.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "kernel_env.h"
#include "klog_watch.h"
#include "mem_probe.h"
#include "test_region.h"

#define REGION_CAP	(128ul << 20)
#define EXTRA_PAGES	16
#define STORM_ROUNDS	8

/* Seeds of the page tags; each step writes a new one so stale data shows. */
enum { SEED_FILL = 1, SEED_REFILL, SEED_CHILD, SEED_PARENT, SEED_RW };

/* The kernel log as it was before the first test (see main()). */
static struct klog_watch session_log;
static int session_log_ok;

/* ------------------------------------------------------------------ */
/* Checks shared by the tests: each ASSERT says what disagreed, where. */

/* Every base page of [@addr, +@bytes) is (or is not, !@expect) @kind. */
static void assert_pages(struct __test_metadata *_metadata,
			 struct mem_probe *p, void *addr, size_t bytes,
			 enum probe_kind kind, bool expect)
{
	long want = (long)(bytes / p->page), n;
	void *bad;

	n = probe_count(p, addr, bytes, kind, expect, &bad);
	ASSERT_LE(0, n) TH_LOG("%s probe near %p failed: %s",
			       probe_kind_name(kind), bad, strerror(errno));
	ASSERT_EQ(want, n) TH_LOG("%ld of %ld pages at %p are %s%s; first one that is not: %p",
				  n, want, addr, expect ? "" : "not ",
				  probe_kind_name(kind), bad);
}

/* A real load/store of @addr ends with SIGSEGV @code (0: no fault). */
static void assert_fault(struct __test_metadata *_metadata, void *addr,
			 bool write, int code)
{
	int got = probe_fault(addr, write);

	ASSERT_EQ(code, got) TH_LOG("%s at %p: expected %s, got %s (%d)",
				    write ? "store" : "load", addr,
				    segv_code_name(code), segv_code_name(got),
				    got);
}

/* Pages [@off, @off + @len) of @base hold the tags of @seed. */
static void assert_data(struct __test_metadata *_metadata, void *base,
			size_t off, size_t len, size_t page, uint64_t seed)
{
	size_t first = 0, bad;

	bad = region_check(base, off, len, page, seed, &first);
	ASSERT_EQ(0, bad) TH_LOG("%zu of %zu pages at %p+%zu lost their data (seed %llu); first bad page index %zu",
				 bad, len / page, base, off,
				 (unsigned long long)seed, first);
}

static void assert_zero(struct __test_metadata *_metadata, void *base,
			size_t off, size_t len, size_t page)
{
	size_t first = 0, bad;

	bad = region_check_zero(base, off, len, page, &first);
	ASSERT_EQ(0, bad) TH_LOG("%zu of %zu pages at %p+%zu do not read zero; first bad page index %zu",
				 bad, len / page, base, off, first);
}

/* Region size for base pages: see "Sizes" at the top. */
static size_t base_region_bytes(const struct pt_geometry *g)
{
	size_t bytes = (2 * g->ptes_per_table + EXTRA_PAGES) * g->page;

	return bytes < REGION_CAP ? bytes : REGION_CAP;
}

/* ------------------------------------------------------------------ */

FIXTURE(lazy_mmu) {
	struct pt_geometry g;
	struct mem_probe probe;
	bool probe_open;
	char *buf;		/* the region, NULL once unmapped */
	size_t bytes;
	char *extra;		/* a second mapping (mremap target), or NULL */
	size_t extra_bytes;
	char skip[ENV_WHY_LEN + 256];	/* setup found no way to run */
};

FIXTURE_VARIANT(lazy_mmu) {
	bool thp;
};

/* Base pages only (MADV_NOHUGEPAGE): the PTE-table paths. */
FIXTURE_VARIANT_ADD(lazy_mmu, base_pages) {
	.thp = false,
};

/* PMD-mapped transparent huge pages (MADV_HUGEPAGE). */
FIXTURE_VARIANT_ADD(lazy_mmu, thp) {
	.thp = true,
};

/*
 * SKIP() inside FIXTURE_SETUP does not stop the test body on every kernel's
 * harness, so setup leaves a reason and each body starts with this.
 */
#define SKIP_IF_SETUP_SAID_SO() do { \
	if (self->skip[0]) \
		SKIP(return, "%s", self->skip); \
} while (0)

static void setup_thp(struct __test_metadata *_metadata,
		      FIXTURE_DATA(lazy_mmu) *self)
{
	char why[ENV_WHY_LEN];
	long kb;

	if (!thp_available(why, sizeof(why))) {
		snprintf(self->skip, sizeof(self->skip),
			 "no THP: %s", why);
		return;
	}
	if (2 * self->g.pmd_size > REGION_CAP) {
		snprintf(self->skip, sizeof(self->skip),
			 "PMD size %zu bytes: two huge pages exceed the %lu MiB cap of this quick test",
			 self->g.pmd_size, REGION_CAP >> 20);
		return;
	}
	self->bytes = 2 * self->g.pmd_size;
	self->buf = region_map_aligned(self->bytes, self->g.pmd_size,
				       PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, self->buf) TH_LOG("mmap of %zu bytes failed: %s",
						self->bytes, strerror(errno));
	if (madvise(self->buf, self->bytes, MADV_HUGEPAGE)) {
		snprintf(self->skip, sizeof(self->skip),
			 "madvise(MADV_HUGEPAGE) of %zu bytes failed: %s",
			 self->bytes, strerror(errno));
		return;
	}
	region_fill(self->buf, self->bytes, self->g.page, SEED_FILL);
	kb = region_anon_huge_kb(self->buf);
	if (kb < 0 || (size_t)kb * 1024 < self->g.pmd_size)
		snprintf(self->skip, sizeof(self->skip),
			 "no THP backing: AnonHugePages %ld kB after MADV_HUGEPAGE and touching %zu bytes (%s; no free huge page, or an emulator that ignores MADV_HUGEPAGE)",
			 kb, self->bytes, why);
}

FIXTURE_SETUP(lazy_mmu)
{
	self->buf = NULL;
	self->extra = NULL;
	self->skip[0] = '\0';
	ASSERT_EQ(0, pt_geometry_get(&self->g));
	ASSERT_EQ(0, mem_probe_open(&self->probe, self->g.page))
		TH_LOG("pipe2 for the probes failed: %s", strerror(errno));
	self->probe_open = true;

	if (variant->thp) {
		setup_thp(_metadata, self);
		return;
	}
	self->bytes = base_region_bytes(&self->g);
	self->buf = region_map_aligned(self->bytes, self->g.pmd_size,
				       PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, self->buf) TH_LOG("mmap of %zu bytes failed: %s",
						self->bytes, strerror(errno));
	/* EINVAL without CONFIG_TRANSPARENT_HUGEPAGE: base pages anyway. */
	if (madvise(self->buf, self->bytes, MADV_NOHUGEPAGE))
		ASSERT_EQ(EINVAL, errno);
	region_fill(self->buf, self->bytes, self->g.page, SEED_FILL);
}

FIXTURE_TEARDOWN(lazy_mmu)
{
	if (self->buf && self->buf != MAP_FAILED)
		munmap(self->buf, self->bytes);
	if (self->extra && self->extra != MAP_FAILED)
		munmap(self->extra, self->extra_bytes);
	if (self->probe_open)
		mem_probe_close(&self->probe);
}

/*
 * munmap a middle range that crosses a PMD boundary and starts one page off
 * one (splitting THPs), then the rest: unmapped pages are gone for mincore()
 * and for real loads (SEGV_MAPERR); the pages around keep data and stay
 * writable.
 */
TEST_F(lazy_mmu, munmap_faults_after)
{
	size_t page = self->g.page, lo, hi;
	char *b = self->buf;

	SKIP_IF_SETUP_SAID_SO();
	lo = (self->bytes / 4 / page + 1) * page;
	hi = self->bytes * 3 / 4 / page * page;

	ASSERT_EQ(0, munmap(b + lo, hi - lo)) TH_LOG("munmap(%p, %zu): %s",
						     b + lo, hi - lo,
						     strerror(errno));
	assert_pages(_metadata, &self->probe, b + lo, hi - lo,
		     PROBE_MAPPED, false);
	assert_fault(_metadata, b + lo, false, SEGV_MAPERR);
	assert_fault(_metadata, b + hi - page, false, SEGV_MAPERR);
	assert_data(_metadata, b, 0, lo, page, SEED_FILL);
	assert_data(_metadata, b, hi, self->bytes - hi, page, SEED_FILL);
	assert_pages(_metadata, &self->probe, b, lo, PROBE_WRITABLE, true);
	assert_pages(_metadata, &self->probe, b + hi, self->bytes - hi,
		     PROBE_WRITABLE, true);

	ASSERT_EQ(0, munmap(b, self->bytes));
	self->buf = NULL;
	assert_pages(_metadata, &self->probe, b, self->bytes,
		     PROBE_MAPPED, false);
	assert_fault(_metadata, b, false, SEGV_MAPERR);
	assert_fault(_metadata, b + self->bytes - page, true, SEGV_MAPERR);
	TH_LOG("munmap of %zu pages in a middle range then all %zu: every page unmapped (mincore ENOMEM), loads/stores fault SEGV_MAPERR, data around the hole intact",
	       (hi - lo) / page, self->bytes / page);
}

/*
 * MADV_DONTNEED all but the first and last page, then everything: the
 * zapped anonymous pages read zero, stay mapped and writable, and take new
 * data; the pages left alone keep theirs.
 */
TEST_F(lazy_mmu, madv_dontneed_reads_zero)
{
	size_t page = self->g.page, len = self->bytes - 2 * page;
	char *b = self->buf;

	SKIP_IF_SETUP_SAID_SO();
	ASSERT_EQ(0, madvise(b + page, len, MADV_DONTNEED))
		TH_LOG("madvise(%p, %zu, MADV_DONTNEED): %s", b + page, len,
		       strerror(errno));
	assert_zero(_metadata, b, page, len, page);
	assert_data(_metadata, b, 0, page, page, SEED_FILL);
	assert_data(_metadata, b, self->bytes - page, page, page, SEED_FILL);
	assert_pages(_metadata, &self->probe, b, self->bytes,
		     PROBE_WRITABLE, true);

	region_fill(b, self->bytes, page, SEED_REFILL);
	assert_data(_metadata, b, 0, self->bytes, page, SEED_REFILL);
	ASSERT_EQ(0, madvise(b, self->bytes, MADV_DONTNEED));
	assert_zero(_metadata, b, 0, self->bytes, page);
	TH_LOG("MADV_DONTNEED of %zu then %zu pages: zapped pages read zero and are writable, untouched pages kept data, refill verified",
	       len / page, self->bytes / page);
}

/* Child exit codes of fork_parent_and_child_data, and what they mean. */
enum child_status {
	CHILD_OK,
	CHILD_NO_GO,		/* the go-ahead from the parent did not arrive */
	CHILD_SAW_PARENT,	/* the parent's post-fork writes leaked in */
	CHILD_LOST_OWN,		/* the child's own writes did not stick */
	CHILD_UNMAP_FAILED,	/* munmap failed or left pages mapped */
};

static const char *const child_status_text[] = {
	[CHILD_OK] = "ok",
	[CHILD_NO_GO] = "no go-ahead from the parent",
	[CHILD_SAW_PARENT] = "child did not see the pre-fork data (parent's later writes leaked in?)",
	[CHILD_LOST_OWN] = "child's own writes were not read back",
	[CHILD_UNMAP_FAILED] = "munmap in the child failed or left pages mapped",
};

static int child_body(FIXTURE_DATA(lazy_mmu) *self, int go)
{
	size_t page = self->g.page, first, bytes = self->bytes;
	char c, *b = self->buf;
	void *bad;

	if (read(go, &c, 1) != 1)
		return CHILD_NO_GO;
	if (region_check(b, 0, bytes, page, SEED_FILL, &first))
		return CHILD_SAW_PARENT;
	region_fill(b, bytes, page, SEED_CHILD);
	if (region_check(b, 0, bytes, page, SEED_CHILD, &first))
		return CHILD_LOST_OWN;
	if (munmap(b, bytes) ||
	    probe_count(&self->probe, b, bytes, PROBE_MAPPED, false, &bad) !=
	    (long)(bytes / page))
		return CHILD_UNMAP_FAILED;
	return CHILD_OK;
}

/*
 * fork() copies the page tables (copy_pte_range, or the huge PMD); after
 * it the parent rewrites everything, then lets the child check that it
 * still sees the pre-fork data, write its own, read it back and munmap.
 * The parent must not see the child's data.
 */
TEST_F(lazy_mmu, fork_parent_and_child_data)
{
	size_t page = self->g.page;
	int go[2], status;
	pid_t pid;

	SKIP_IF_SETUP_SAID_SO();
	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid) TH_LOG("fork failed: %s", strerror(errno));
	if (!pid) {
		close(go[1]);
		_exit(child_body(self, go[0]));
	}
	close(go[0]);
	region_fill(self->buf, self->bytes, page, SEED_PARENT);
	ASSERT_EQ(1, write(go[1], "g", 1));
	close(go[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("child ended by signal %d",
					      WTERMSIG(status));
	ASSERT_EQ(CHILD_OK, WEXITSTATUS(status))
		TH_LOG("child: %s", WEXITSTATUS(status) <= CHILD_UNMAP_FAILED ?
		       child_status_text[WEXITSTATUS(status)] : "unknown");
	assert_data(_metadata, self->buf, 0, self->bytes, page, SEED_PARENT);
	TH_LOG("fork of %zu pages: child saw the pre-fork data, its writes stayed private and it unmapped cleanly; parent kept its post-fork data",
	       self->bytes / page);
}

/*
 * mprotect(PROT_READ) all but the first and last page: the data is still
 * readable, stores fault (probe and real SEGV_ACCERR), the edges stay
 * writable.  mprotect(PROT_READ|PROT_WRITE) makes every page writable.
 */
TEST_F(lazy_mmu, mprotect_ro_then_rw)
{
	size_t page = self->g.page, len = self->bytes - 2 * page;
	char *b = self->buf, *mid = b + page;

	SKIP_IF_SETUP_SAID_SO();
	ASSERT_EQ(0, mprotect(mid, len, PROT_READ))
		TH_LOG("mprotect(%p, %zu, PROT_READ): %s", mid, len,
		       strerror(errno));
	assert_pages(_metadata, &self->probe, mid, len, PROBE_READABLE, true);
	assert_pages(_metadata, &self->probe, mid, len, PROBE_WRITABLE, false);
	assert_fault(_metadata, mid, true, SEGV_ACCERR);
	assert_fault(_metadata, mid + len - page, true, SEGV_ACCERR);
	assert_fault(_metadata, mid, false, 0);
	assert_data(_metadata, b, 0, self->bytes, page, SEED_FILL);
	assert_pages(_metadata, &self->probe, b, page, PROBE_WRITABLE, true);
	assert_pages(_metadata, &self->probe, mid + len, page,
		     PROBE_WRITABLE, true);

	ASSERT_EQ(0, mprotect(mid, len, PROT_READ | PROT_WRITE));
	assert_pages(_metadata, &self->probe, b, self->bytes,
		     PROBE_WRITABLE, true);
	assert_fault(_metadata, mid, true, 0);
	region_fill(b, self->bytes, page, SEED_RW);
	assert_data(_metadata, b, 0, self->bytes, page, SEED_RW);
	TH_LOG("mprotect RO of %zu pages: readable with data, stores fault SEGV_ACCERR, edges writable; back to RW: all %zu pages writable and rewritten",
	       len / page, self->bytes / page);
}

/*
 * mremap the region to a target one page off PMD alignment, so no whole
 * PMD can be moved and move_ptes() moves every PTE (THPs are split): the
 * data arrives page by page, the old range is unmapped and faults.
 */
TEST_F(lazy_mmu, mremap_moves_data)
{
	size_t page = self->g.page;
	char *old = self->buf, *dst, *got;

	SKIP_IF_SETUP_SAID_SO();
	self->extra_bytes = self->bytes + self->g.pmd_size;
	self->extra = region_map_aligned(self->extra_bytes, self->g.pmd_size,
					 PROT_NONE);
	ASSERT_NE(MAP_FAILED, self->extra)
		TH_LOG("reserving %zu bytes for the mremap target failed: %s",
		       self->extra_bytes, strerror(errno));
	dst = self->extra + page;

	got = mremap(old, self->bytes, self->bytes,
		     MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	ASSERT_EQ(dst, got) TH_LOG("mremap(%p -> %p, %zu bytes): %s", old,
				   dst, self->bytes, strerror(errno));
	self->buf = NULL;	/* now part of self->extra */
	assert_data(_metadata, dst, 0, self->bytes, page, SEED_FILL);
	assert_pages(_metadata, &self->probe, dst, self->bytes,
		     PROBE_WRITABLE, true);
	assert_pages(_metadata, &self->probe, old, self->bytes,
		     PROBE_MAPPED, false);
	assert_fault(_metadata, old, false, SEGV_MAPERR);
	assert_fault(_metadata, old + self->bytes - page, false, SEGV_MAPERR);
	TH_LOG("mremap of %zu pages to a target one page off PMD alignment: data arrived at every page, target writable, old range unmapped and faults SEGV_MAPERR",
	       self->bytes / page);
}

/* ------------------------------------------------------------------ */

FIXTURE(debug_pagealloc) {
	enum dpa_state state;
	char why[ENV_WHY_LEN];
};

FIXTURE_SETUP(debug_pagealloc)
{
	self->state = debug_pagealloc_state(self->why, sizeof(self->why));
	TH_LOG("debug_pagealloc %s", self->why);
}

FIXTURE_TEARDOWN(debug_pagealloc)
{
}

/* One round: populate, fork, zap, refill, protect, unmap; checked. */
static void storm_round(struct __test_metadata *_metadata,
			struct mem_probe *p, size_t bytes, size_t align)
{
	size_t page = p->page;
	int status;
	char *b;
	pid_t pid;

	b = region_map_aligned(bytes, align, PROT_READ | PROT_WRITE);
	ASSERT_NE(MAP_FAILED, b) TH_LOG("mmap of %zu bytes failed: %s",
					bytes, strerror(errno));
	if (madvise(b, bytes, MADV_NOHUGEPAGE))
		ASSERT_EQ(EINVAL, errno);
	region_fill(b, bytes, page, SEED_FILL);
	pid = fork();
	ASSERT_LE(0, pid) TH_LOG("fork failed: %s", strerror(errno));
	if (!pid)	/* copy_pte_range in fork, zap_pte_range in exit */
		_exit(0);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status) TH_LOG("child that only exits: status 0x%x",
				    status);
	assert_data(_metadata, b, 0, bytes, page, SEED_FILL);
	ASSERT_EQ(0, madvise(b, bytes, MADV_DONTNEED));
	assert_zero(_metadata, b, 0, bytes, page);
	region_fill(b, bytes, page, SEED_REFILL);
	ASSERT_EQ(0, mprotect(b, bytes, PROT_READ));
	assert_pages(_metadata, p, b, bytes, PROBE_WRITABLE, false);
	assert_data(_metadata, b, 0, bytes, page, SEED_REFILL);
	ASSERT_EQ(0, munmap(b, bytes));
	assert_pages(_metadata, p, b, bytes, PROBE_MAPPED, false);
}

/*
 * Only meaningful with debug_pagealloc: there, every page-table and
 * mmu_gather page allocated inside a lazy section rewrites the linear map
 * from inside it.  Run the operations STORM_ROUNDS times on base pages,
 * check the memory after each, and check the kernel log of this test.
 */
TEST_F(debug_pagealloc, nested_section_storm)
{
	struct klog_findings f;
	struct pt_geometry g;
	struct klog_watch w;
	struct mem_probe p;
	int i, log_ok;

	if (self->state != DPA_ON)
		SKIP(return, "kernel: debug_pagealloc is %s; without it no allocation inside a lazy MMU section touches the linear map, so nothing nests",
		     self->why);
	ASSERT_EQ(0, pt_geometry_get(&g));
	ASSERT_EQ(0, mem_probe_open(&p, g.page));
	log_ok = !klog_watch_start(&w);
	for (i = 0; i < STORM_ROUNDS; i++)
		storm_round(_metadata, &p, base_region_bytes(&g), g.pmd_size);
	mem_probe_close(&p);
	if (!log_ok)
		SKIP(return, "%d rounds of fork/MADV_DONTNEED/mprotect/munmap on %zu pages kept memory right, but %s",
		     STORM_ROUNDS, base_region_bytes(&g) / g.page, w.why);
	ASSERT_EQ(0, klog_watch_scan(&w, &f)) TH_LOG("%s", w.why);
	klog_watch_stop(&w);
	ASSERT_EQ(0, f.lazy_reports + f.own_reports)
		TH_LOG("%u kernel report(s) about lazy MMU or from this process during the storm, first: %s",
		       f.lazy_reports + f.own_reports, f.first_bad);
	TH_LOG("%d rounds of fork/MADV_DONTNEED/mprotect/munmap on %zu pages: memory right, %u new log lines, no lazy MMU warning",
	       STORM_ROUNDS, base_region_bytes(&g) / g.page, f.lines);
}

/* ------------------------------------------------------------------ */

FIXTURE(kernel_log) {
	struct klog_findings f;
};

FIXTURE_SETUP(kernel_log)
{
	memset(&self->f, 0, sizeof(self->f));
}

FIXTURE_TEARDOWN(kernel_log)
{
}

/*
 * The nesting check must be able to fail: feed the scanner a log with a
 * nesting warning as the never-nest patch would print it, one from the
 * nesting-aware lazy_mmu_mode_* helpers, a report raised in this process,
 * an unrelated warning and an ordinary line naming lazy MMU.
 */
TEST_F(kernel_log, scanner_flags_planted_reports)
{
	static const char planted[] =
		"<6>[   10.000000] lazy_mmu: ordinary line, not a report\n"
		"<4>[   12.000001] ------------[ cut here ]------------\n"
		"<4>[   12.000002] WARNING: CPU: 1 PID: 77 at arch/arm64/include/asm/pgtable.h:89 __apply_to_page_range+0x3a4/0x5b0\n"
		"<4>[   12.000003] CPU: 1 UID: 0 PID: 77 Comm: kworker/1:1 Not tainted\n"
		"<4>[   12.000004] Call trace:\n"
		"<4>[   12.000005]  arch_enter_lazy_mmu_mode+0x10/0x20\n"
		"<4>[   12.000006] ---[ end trace 0000000000000000 ]---\n"
		"<4>[   13.000001] WARNING: CPU: 0 PID: 80 at include/linux/pgtable.h:250 lazy_mmu_mode_disable+0x5c/0x70\n"
		"<4>[   13.000002] ---[ end trace 0000000000000000 ]---\n"
		"<1>[   14.000001] BUG: Bad page state in process planted_comm  pfn:4242\n"
		"<4>[   14.000002] CPU: 0 UID: 0 PID: 81 Comm: planted_comm Not tainted\n"
		"<4>[   14.000003] ---[ end trace 0000000000000000 ]---\n"
		"<4>[   15.000001] WARNING: CPU: 0 PID: 82 at drivers/unrelated.c:1 unrelated+0x1/0x2\n"
		"<4>[   15.000002] CPU: 0 UID: 0 PID: 82 Comm: kworker/0:0 Not tainted\n";
	struct klog_findings *f = &self->f;

	klog_scan_text("planted_comm", planted, sizeof(planted) - 1, f);
	ASSERT_EQ(14, f->lines);
	ASSERT_EQ(4, f->reports);
	ASSERT_EQ(2, f->lazy_reports);
	ASSERT_EQ(1, f->own_reports);
	ASSERT_EQ(0, strncmp(f->first_bad, "WARNING: CPU: 1 PID: 77", 23))
		TH_LOG("first flagged report: %s", f->first_bad);
	ASSERT_EQ(0, strncmp(f->first_other, "WARNING: CPU: 0 PID: 82", 23))
		TH_LOG("first unrelated report: %s", f->first_other);
	TH_LOG("scanner flagged the 2 lazy MMU reports and the one from its own process, not the unrelated one");
}

/*
 * Registered last, so it runs after every other test: the kernel log
 * written since main() started must hold no WARNING/BUG that mentions lazy
 * MMU (e.g. the nesting VM_WARN, or a backtrace through
 * arch_enter_lazy_mmu_mode or lazy_mmu_mode_*) and no report raised in
 * this test's own processes.
 */
TEST_F(kernel_log, no_lazy_mmu_warnings)
{
	struct klog_findings *f = &self->f;
	char dpa_why[ENV_WHY_LEN];

	debug_pagealloc_state(dpa_why, sizeof(dpa_why));
	if (!session_log_ok)
		SKIP(return, "%s", session_log.why);
	ASSERT_EQ(0, klog_watch_scan(&session_log, f))
		TH_LOG("%s", session_log.why);
	if (f->reports > f->lazy_reports + f->own_reports)
		TH_LOG("note: %u unrelated kernel report(s) meanwhile, first: %s",
		       f->reports - f->lazy_reports - f->own_reports,
		       f->first_other);
	ASSERT_EQ(0, f->lazy_reports)
		TH_LOG("kernel warned about lazy MMU during the tests: %s",
		       f->first_bad);
	ASSERT_EQ(0, f->own_reports)
		TH_LOG("kernel report raised in the test's process: %s",
		       f->first_bad);
	TH_LOG("kernel log (%s) since the start: %u new lines, %u kernel reports, none about lazy MMU or from these tests; debug_pagealloc %s",
	       session_log.fd >= 0 ? "/dev/kmsg" : "syslog(2)", f->lines,
	       f->reports, dpa_why);
}

int main(int argc, char **argv)
{
	/* Before any test: only what the tests cause is examined later. */
	session_log_ok = !klog_watch_start(&session_log);
	return test_harness_run(argc, argv);
}
