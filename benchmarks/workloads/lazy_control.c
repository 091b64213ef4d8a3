// SPDX-License-Identifier: GPL-2.0
/*
 * lazy-control: the positive control of kernel-patches/control/ (the "-ctl"
 * kernels).  step() writes N (the region's base pages) to
 * /sys/kernel/debug/lazy_mmu_control/run: the kernel opens a lazy MMU
 * section, allocates a page inside it (a nested section under
 * DEBUG_PAGEALLOC) and then writes N valid kernel PTEs - the one case in
 * which the designs differ (flatten: a dsb;isb per PTE, nesting and
 * never-nest: one at the end).  The window holds the whole write: the
 * kernel also reserves the VA range, allocates and frees the N pages
 * around the section.  verify() reads .../last: one more run, N pages, the
 * nested allocation done, every page read back through the new mapping.
 *
 * LMB_LAZY_CONTROL_DIR replaces the debugfs directory (tests only).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "workloads/workloads.h"

#define WHO "lazy-control"
#define CONTROL_DIR "/sys/kernel/debug/lazy_mmu_control"
/* LAZY_MMU_CONTROL_MAX_PAGES of the control patch. */
#define CONTROL_MAX_PAGES (1UL << 18)

struct control_last {
	unsigned long long runs;
	unsigned long pages;
	int debug_pagealloc;
	int nested_alloc;
	int mapped_ok;
};

struct control_priv {
	char run_path[512];
	char last_path[512];
	int run_fd;
	unsigned long long runs_before;	/* .../last runs before the step */
	char count[32];			/* N as written, with its length */
	size_t count_len;
};

static const char *control_dir(void)
{
	const char *dir = getenv("LMB_LAZY_CONTROL_DIR");

	return dir && *dir ? dir : CONTROL_DIR;
}

/* Parse .../last ("<name> <value>" lines); -1 and a message on failure. */
static int read_last(const char *path, struct control_last *out)
{
	char name[64];
	unsigned long long v;
	int seen = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		lmb_err(WHO ": cannot open %s: %s (is this a -ctl kernel with debugfs mounted, and are you root?)",
			path, strerror(errno));
		return -1;
	}
	memset(out, 0, sizeof(*out));
	while (fscanf(f, "%63s %llu", name, &v) == 2) {
		if (!strcmp(name, "runs"))
			out->runs = v, seen |= 1;
		else if (!strcmp(name, "pages"))
			out->pages = v, seen |= 2;
		else if (!strcmp(name, "debug_pagealloc"))
			out->debug_pagealloc = !!v, seen |= 4;
		else if (!strcmp(name, "nested_alloc"))
			out->nested_alloc = !!v, seen |= 8;
		else if (!strcmp(name, "mapped_ok"))
			out->mapped_ok = !!v, seen |= 16;
	}
	fclose(f);
	if (seen != 31) {
		lmb_err(WHO ": %s lacks one of runs, pages, debug_pagealloc, nested_alloc, mapped_ok; does the kernel carry kernel-patches/control/?",
			path);
		return -1;
	}
	return 0;
}

/* One trigger of N pages; -1 and a message on failure. */
static int trigger(struct control_priv *cp)
{
	ssize_t n = write(cp->run_fd, cp->count, cp->count_len);

	if (n == (ssize_t)cp->count_len)
		return 0;
	lmb_err(WHO ": writing %.*s to %s failed: %s (out of memory? try a smaller -s)",
		(int)cp->count_len, cp->count, cp->run_path,
		n < 0 ? strerror(errno) : "short write");
	return -1;
}

/* The state the next verify() compares with; -1 on failure. */
static int note_runs(struct control_priv *cp)
{
	struct control_last last;

	if (read_last(cp->last_path, &last))
		return -1;
	cp->runs_before = last.runs;
	return 0;
}

static void control_free(struct control_priv *cp)
{
	if (cp->run_fd >= 0)
		close(cp->run_fd);
	free(cp);
}

static int control_setup(struct wl_state *st)
{
	struct control_priv *cp;
	struct control_last last;

	if (st->p->mode != PAGE_MODE_4K) {
		lmb_warn(WHO ": skipped in THP mode: it maps kernel pages, the region's page mode does not apply; run it with --page-size 4k");
		return WL_SKIP;
	}
	if (st->pages > CONTROL_MAX_PAGES) {
		lmb_err(WHO ": %zu pages is more than the control's limit of %lu (1 GiB of 4 KiB pages); use a smaller -s",
			st->pages, CONTROL_MAX_PAGES);
		return -1;
	}
	cp = calloc(1, sizeof(*cp));
	if (!cp) {
		lmb_err(WHO ": out of memory for its state");
		return -1;
	}
	snprintf(cp->run_path, sizeof(cp->run_path), "%s/run", control_dir());
	snprintf(cp->last_path, sizeof(cp->last_path), "%s/last",
		 control_dir());
	cp->run_fd = open(cp->run_path, O_WRONLY | O_CLOEXEC);
	if (cp->run_fd < 0) {
		lmb_warn(WHO ": skipped: cannot open %s: %s (it needs a kernel built with kernel-patches/control/, a -ctl label, debugfs mounted and root)",
			 cp->run_path, strerror(errno));
		cp->run_fd = -1;
		control_free(cp);
		return WL_SKIP;
	}
	/* One page, outside every window: does the nested case happen here? */
	memcpy(cp->count, "1", 2);
	cp->count_len = 1;
	if (trigger(cp) || read_last(cp->last_path, &last)) {
		control_free(cp);
		return -1;
	}
	if (!last.debug_pagealloc) {
		lmb_warn(WHO ": skipped: debug_pagealloc is off, so the allocation inside the section does not nest and the control shows nothing; boot with debug_pagealloc=on");
		control_free(cp);
		return WL_SKIP;
	}
	cp->count_len = (size_t)snprintf(cp->count, sizeof(cp->count), "%zu",
					 st->pages);
	cp->runs_before = last.runs;
	st->priv = cp;
	return 0;
}

static int control_prepare(struct wl_state *st)
{
	return note_runs(st->priv);
}

static int control_step(struct wl_state *st, struct step_split *split)
{
	(void)split;
	return trigger(st->priv);
}

static int control_verify(struct wl_state *st)
{
	struct control_priv *cp = st->priv;
	struct control_last last;

	if (read_last(cp->last_path, &last))
		return -1;
	if (last.runs != cp->runs_before + 1 || last.pages != st->pages) {
		lmb_err(WHO ": %s says run %llu of %lu pages, expected run %llu of %zu pages: did something else trigger the control?",
			cp->last_path, last.runs, last.pages,
			cp->runs_before + 1, st->pages);
		return -1;
	}
	if (!last.nested_alloc || !last.mapped_ok) {
		lmb_err(WHO ": %s: nested_alloc %d, mapped_ok %d (both must be 1): the control did not run the case it exists for",
			cp->last_path, last.nested_alloc, last.mapped_ok);
		return -1;
	}
	return 0;
}

static void control_teardown(struct wl_state *st)
{
	control_free(st->priv);
	st->priv = NULL;
}

const struct workload wl_lazy_control = {
	.name = "lazy-control",
	.summary = "positive control (-ctl kernels, debug_pagealloc=on): allocate inside a lazy MMU section, then write one valid kernel PTE per base page",
	.kernel_path = "lazy_mmu_control_write > lazy_mmu_mode_enable, alloc_page (nested section), set_pte_at x N, lazy_mmu_mode_disable",
	.flags = WL_MAY_SKIP,
	.setup = control_setup,
	.prepare = control_prepare,
	.step = control_step,
	.verify = control_verify,
	.teardown = control_teardown,
};
