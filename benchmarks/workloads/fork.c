// SPDX-License-Identifier: GPL-2.0
/*
 * fork storm: a parent with a populated region forks; the child unmaps its
 * copy of the region and exits, and the parent reaps it.  The window covers
 * fork() (copy_page_range() copies every PTE and write-protects the
 * parent's) and the child's teardown of the copies (zap_pte_range());
 * the "copy" split marks when fork() returned in the parent.
 *
 * Why the child unmaps before _exit(): do_exit() calls
 * perf_event_exit_task() before exit_mm(), so inherited counters stop
 * before exit_mmap() would zap the region, and the teardown would be
 * timed but not counted.  munmap() in the child drives the same
 * unmap_region() > zap_pte_range() + free_pgtables() path while its
 * counters still count.
 *
 * prepare() writes every page again: after a fork the parent's PTEs are
 * write-protected for COW, and rewriting them restores the same writable,
 * exclusive parent state before each sample.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exit_codes.h"
#include "log.h"
#include "region.h"
#include "units.h"
#include "workloads/workloads.h"

/*
 * Exit status of @pid (>= 0), or -1 and a message if waiting failed or a
 * signal killed it.
 */
static int reap(pid_t pid, const char *what)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			lmb_err("fork storm: waitpid(%d) for the %s failed: %s",
				(int)pid, what, strerror(errno));
			return -1;
		}
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	lmb_err("fork storm: the %s (pid %d) was killed by signal %d (%s)",
		what, (int)pid, WTERMSIG(status), strsignal(WTERMSIG(status)));
	return -1;
}

static int fork_failed(struct wl_state *st)
{
	lmb_err("fork storm: fork() with a %zu-byte populated region failed: %s; free memory, raise the process limit or use a smaller --size",
		st->p->bytes, strerror(errno));
	return -1;
}

static int fork_setup(struct wl_state *st)
{
	st->region = region_create_populated(st->p, REGION_SEED);
	return st->region ? 0 : -1;
}

static int fork_prepare(struct wl_state *st)
{
	region_populate(st->region, st->p->bytes, st->p->base_page, REGION_SEED);
	return 0;
}

static int fork_step(struct wl_state *st, struct step_split *split)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(munmap(st->region, st->p->bytes) ?
		      LMB_EXIT_FAIL : LMB_EXIT_OK);
	if (pid < 0)
		return fork_failed(st);
	split->name = "copy";
	split->ns = now_ns() - st->window_open_ns;
	status = reap(pid, "child of the timed fork");
	if (status > 0)
		lmb_err("fork storm: the child of the timed fork exited with status %d instead of 0",
			status);
	return status ? -1 : 0;
}

/* A child must see the parent's bytes in every page. */
static int fork_verify(struct wl_state *st)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(region_holds_pattern(st->region, st->p->bytes,
					   st->p->base_page, REGION_SEED) ?
		      LMB_EXIT_OK : LMB_EXIT_FAIL);
	if (pid < 0)
		return fork_failed(st);
	status = reap(pid, "verifying child");
	if (!status)
		return 0;
	if (status > 0)
		lmb_err("fork storm: a child did not read the parent's bytes in the %zu-byte region at %p",
			st->p->bytes, st->region);
	return -1;
}

const struct workload wl_fork = {
	.name = "fork",
	.summary = "parent with a populated region: time fork() until the child, which unmaps its copy and exits, is reaped (split: copy)",
	.kernel_path = "dup_mmap > copy_page_range > copy_pte_range (lazy MMU section); child munmap > unmap_region > zap_pte_range (lazy MMU section); free_pgtables; THP: copy_huge_pmd, zap_huge_pmd",
	.flags = WL_STORM | WL_REGION | WL_THP_KEPT,
	.setup = fork_setup,
	.prepare = fork_prepare,
	.step = fork_step,
	.verify = fork_verify,
	.teardown = region_teardown,
};
