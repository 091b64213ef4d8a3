// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-worker runs; see workers.h.
 *
 * Synchronisation is a futex barrier in the shared block, so it works the
 * same between threads and between processes, sleeps instead of spinning
 * (the coordinator must not steal CPU from the workers), and can be
 * aborted: the coordinator waits with a timeout and, if a worker process
 * died, sets the abort flag so nobody waits forever.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "array_size.h"
#include "exit_codes.h"
#include "fault_inject.h"
#include "log.h"
#include "page_size.h"
#include "region.h"
#include "topology.h"
#include "window.h"
#include "workers.h"

#define CACHELINE 64

struct barrier {
	_Atomic uint32_t count;
	_Atomic uint32_t gen;
	uint32_t n;
};

enum command { CMD_RUN = 1, CMD_STOP };

/* Shared: written by the coordinator between rounds. */
struct control {
	struct barrier ready, go, start, done;
	_Atomic int abort;
	_Atomic int command;
	_Atomic int verify;
	unsigned int nr_ev;
} __attribute__((aligned(CACHELINE)));

/* Shared: written by worker i only. */
struct slot {
	struct worker_sample s;
	uint64_t t0;
	int failed;
	int started;
} __attribute__((aligned(CACHELINE)));

struct worker_arg {
	struct workers *ws;
	unsigned int i;
};

struct workers {
	struct workers_config cfg;
	struct control *ctl;	/* start of the shared block */
	struct slot *slots;
	struct counter_value *ev; /* nr * nr_ev, each worker's rows padded */
	size_t ev_stride;	/* counter_values per worker, cache-line padded */
	size_t shm_bytes;
	pthread_t *threads;
	struct worker_arg *args;	/* thread workers' arguments */
	pid_t *pids;
	unsigned int nr_started;
	bool failed;
};

static long futex(_Atomic uint32_t *addr, int op, uint32_t val,
		  const struct timespec *ts)
{
	/* not FUTEX_PRIVATE: the block may be shared between processes */
	return syscall(SYS_futex, (uint32_t *)addr, op, val, ts, NULL, 0);
}

/*
 * Wait until @b->n parties arrived.  @poll: called every 100 ms while
 * waiting (coordinator only); returning true aborts.  0, or -1 on abort.
 */
static int barrier_wait(struct barrier *b, _Atomic int *abort_flag,
			bool (*poll)(void *), void *arg)
{
	uint32_t gen = atomic_load(&b->gen);
	struct timespec ts = { 0, 100 * 1000 * 1000 };

	if (atomic_fetch_add(&b->count, 1) + 1 == b->n) {
		atomic_store(&b->count, 0);
		atomic_fetch_add(&b->gen, 1);
		futex(&b->gen, FUTEX_WAKE, INT_MAX, NULL);
		return atomic_load(abort_flag) ? -1 : 0;
	}
	while (atomic_load(&b->gen) == gen) {
		if (atomic_load(abort_flag))
			return -1;
		futex(&b->gen, FUTEX_WAIT, gen, poll ? &ts : NULL);
		if (poll && atomic_load(&b->gen) == gen && poll(arg)) {
			atomic_store(abort_flag, 1);
			return -1;
		}
	}
	return atomic_load(abort_flag) ? -1 : 0;
}

static void wake_all(struct control *c)
{
	struct barrier *b[] = { &c->ready, &c->go, &c->start, &c->done };
	size_t i;

	atomic_store(&c->abort, 1);
	for (i = 0; i < ARRAY_SIZE(b); i++) {
		atomic_fetch_add(&b[i]->gen, 1);
		futex(&b[i]->gen, FUTEX_WAKE, INT_MAX, NULL);
	}
}

/* Coordinator poll: did a worker process die? */
static bool worker_died(void *arg)
{
	struct workers *ws = arg;
	unsigned int i;
	int status;

	if (!ws->pids)
		return false;
	for (i = 0; i < ws->nr_started; i++) {
		if (ws->pids[i] <= 0)
			continue;
		if (waitpid(ws->pids[i], &status, WNOHANG) == ws->pids[i]) {
			lmb_err("worker %u (pid %d) of %s ended unexpectedly (%s %d) in the middle of the run",
				i, (int)ws->pids[i], ws->cfg.w->name,
				WIFSIGNALED(status) ? "signal" : "exit status",
				WIFSIGNALED(status) ? WTERMSIG(status) :
				WEXITSTATUS(status));
			ws->pids[i] = 0;
			return true;
		}
	}
	return false;
}

static int worker_pin(struct workers *ws, unsigned int i)
{
	struct topo *t;
	int ret;

	if (!ws->cfg.pl)
		return 0;
	t = topo_open();
	if (!t)
		return -1;
	ret = topo_pin_self(t, placement_worker(ws->cfg.pl, i)->pu);
	topo_close(t);
	return ret;
}

/* Huge-folio fault counts are system-wide: only a lone worker can own them. */
static long long fault_mark(const struct workers *ws, const struct wl_state *st)
{
	return ws->cfg.nr == 1 ? page_size_fault_mark(st->p) : -1;
}

/*
 * One round of worker @i; every barrier is passed even after a failure.
 * @setup_kb: huge kB its setup() faulted in; *@kept_kb: page_size_kept_kb()
 * of its region before this round, read again after the window.
 */
static int worker_round(struct workers *ws, unsigned int i, struct wl_state *st,
			long setup_kb, long *kept_kb, struct counter_set *cs,
			struct counter_value *ev)
{
	const struct workload *w = ws->cfg.w;
	bool fresh = w->flags & WL_FRESH_PAGES;
	struct slot *me = &ws->slots[i];
	struct window win;
	int ret = me->failed ? -1 : 0;
	long long mark = fault_mark(ws, st);

	if (!ret && (fault_injected("prepare", ws->cfg.label, ws->cfg.page_mode) ||
		     (w->prepare && w->prepare(st))))
		ret = -1;
	me->s.thp_kb = ret ? -1 : page_size_sample_kb(st->p, fresh, mark, *kept_kb);
	if (barrier_wait(&ws->ctl->start, &ws->ctl->abort, NULL, NULL))
		return -1;
	if (!ret) {
		ret = window_measure(w, st, cs, true, &win);
		me->t0 = win.t0;
		me->s.ns = win.ns;
		me->s.split_name = win.split.name;
		me->s.split_ns = win.split.ns;
		me->s.rusage_sys_ns = win.sys_ns;
		me->s.rusage_user_ns = win.user_ns;
		me->s.cpu = sched_getcpu();
		me->s.pages = st->pages;
		if (!ret && cs && counters_read(cs, ev))
			ret = -1;
		if (!ret && atomic_load(&ws->ctl->verify) &&
		    fault_injected("verify", ws->cfg.label, ws->cfg.page_mode)) {
			ret = -1;
		} else if (!ret && atomic_load(&ws->ctl->verify) && w->verify &&
			   w->verify(st)) {
			lmb_err("worker %u: workload %s failed its verification: the kernel did not do what the storm expects",
				i, w->name);
			ret = -1;
		}
		if (!ret && !fresh)
			*kept_kb = page_size_kept_kb(st->p, st->region, setup_kb);
	}
	if (ret)
		me->failed = 1;
	return 0;
}

static void *worker_main(void *p)
{
	struct worker_arg *a = p;
	struct workers *ws = a->ws;
	unsigned int i = a->i;
	struct slot *me = &ws->slots[i];
	struct wl_state st = { .p = ws->cfg.params };
	struct counter_set *cs = NULL;
	struct counter_value *ev = ws->ev + i * ws->ev_stride;
	bool set_up = false;
	long long mark;
	long setup_kb = -1, kept_kb = -1;

	st.pages = ws->cfg.params->bytes / ws->cfg.params->base_page;
	if (worker_pin(ws, i))
		me->failed = 1;
	if (!me->failed && ws->cfg.events && counters_parse(ws->cfg.events, &cs))
		me->failed = 1;
	if (!me->failed && counters_set_workers(cs, ws->cfg.nr) && i == 0)
		lmb_warn("%s with %u workers: the lazy-MMU stats columns stay empty: %s",
			 ws->cfg.w->name, ws->cfg.nr, COUNTERS_SPLIT_REASON);
	if (!me->failed && cs && counters_open(cs))
		me->failed = 1;
	mark = fault_mark(ws, &st);
	if (!me->failed && ws->cfg.w->setup && ws->cfg.w->setup(&st))
		me->failed = 1;
	set_up = !me->failed;
	if (set_up)
		setup_kb = page_size_faulted_kb(st.p, mark);
	if (set_up && !(ws->cfg.w->flags & WL_FRESH_PAGES))
		kept_kb = page_size_kept_kb(st.p, st.region, setup_kb);
	me->started = 1;
	if (barrier_wait(&ws->ctl->ready, &ws->ctl->abort, NULL, NULL))
		goto out;
	for (;;) {
		if (barrier_wait(&ws->ctl->go, &ws->ctl->abort, NULL, NULL) ||
		    atomic_load(&ws->ctl->command) == CMD_STOP)
			break;
		if (worker_round(ws, i, &st, setup_kb, &kept_kb, cs, ev))
			break;
		if (barrier_wait(&ws->ctl->done, &ws->ctl->abort, NULL, NULL))
			break;
	}
out:
	if (set_up && ws->cfg.w->teardown)
		ws->cfg.w->teardown(&st);
	counters_free(cs);
	return NULL;
}

static int spawn_process(struct workers *ws, unsigned int i)
{
	struct worker_arg a = { ws, i };
	pid_t parent = getpid(), pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		lmb_err("starting worker process %u of %u: fork failed: %s; use fewer --procs",
			i, ws->cfg.nr, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		/* Ctrl-C goes to the whole process group: the coordinator decides. */
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		/* ... but a coordinator killed outright takes its workers along */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(LMB_EXIT_FAIL);
		worker_main(&a);
		_exit(ws->slots[i].failed ? LMB_EXIT_FAIL : LMB_EXIT_OK);
	}
	ws->pids[i] = pid;
	return 0;
}

static int spawn_thread(struct workers *ws, unsigned int i)
{
	int err;

	ws->args[i].ws = ws;
	ws->args[i].i = i;
	err = pthread_create(&ws->threads[i], NULL, worker_main, &ws->args[i]);
	if (err) {
		lmb_err("starting worker thread %u of %u failed: %s; use fewer --threads",
			i, ws->cfg.nr, strerror(err));
		return -1;
	}
	return 0;
}

static int map_shared(struct workers *ws, unsigned int nr_ev)
{
	size_t ctl = sizeof(struct control), slots = ws->cfg.nr * sizeof(struct slot);
	size_t per = (nr_ev * sizeof(struct counter_value) + CACHELINE - 1) /
		     CACHELINE * CACHELINE;
	void *p;

	ws->ev_stride = per / sizeof(struct counter_value);
	if (per % sizeof(struct counter_value))
		ws->ev_stride++;
	ws->shm_bytes = ctl + slots + ws->cfg.nr * ws->ev_stride *
			sizeof(struct counter_value) + CACHELINE;
	p = mmap(NULL, ws->shm_bytes, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		lmb_err("mapping %zu bytes of shared memory for %u workers failed: %s",
			ws->shm_bytes, ws->cfg.nr, strerror(errno));
		return -1;
	}
	ws->ctl = p;
	ws->slots = (struct slot *)((char *)p + ctl);
	ws->ev = (struct counter_value *)((char *)p + ctl + slots);
	ws->ctl->nr_ev = nr_ev;
	ws->ctl->ready.n = ws->cfg.nr + 1;
	ws->ctl->go.n = ws->cfg.nr + 1;
	ws->ctl->done.n = ws->cfg.nr + 1;
	ws->ctl->start.n = ws->cfg.nr;
	return 0;
}

static unsigned int count_events(const char *events)
{
	struct counter_set *cs = NULL;
	unsigned int n;

	if (!events || counters_parse(events, &cs))
		return 0;
	n = cs ? (unsigned int)counters_count(cs) : 0;
	counters_free(cs);
	return n;
}

static bool any_failed(const struct workers *ws)
{
	unsigned int i;

	for (i = 0; i < ws->nr_started; i++)
		if (ws->slots[i].failed)
			return true;
	return false;
}

struct workers *workers_start(const struct workers_config *cfg)
{
	struct workers *ws;
	unsigned int i;

	if (!cfg->nr || cfg->nr > WORKERS_MAX) {
		lmb_err("%u workers: use 1 to %d", cfg->nr, WORKERS_MAX);
		return NULL;
	}
	ws = calloc(1, sizeof(*ws));
	if (!ws)
		return NULL;
	ws->cfg = *cfg;
	if (map_shared(ws, count_events(cfg->events)))
		goto fail;
	if (cfg->procs) {
		ws->pids = calloc(cfg->nr, sizeof(*ws->pids));
	} else {
		ws->threads = calloc(cfg->nr, sizeof(*ws->threads));
		ws->args = calloc(cfg->nr, sizeof(*ws->args));
	}
	if (cfg->procs ? !ws->pids : (!ws->threads || !ws->args)) {
		lmb_err("out of memory for %u workers", cfg->nr);
		goto fail;
	}
	for (i = 0; i < cfg->nr; i++) {
		if (cfg->procs ? spawn_process(ws, i) : spawn_thread(ws, i)) {
			wake_all(ws->ctl);
			goto fail;
		}
		ws->nr_started++;
	}
	if (barrier_wait(&ws->ctl->ready, &ws->ctl->abort, worker_died, ws) ||
	    any_failed(ws))
		goto fail;
	return ws;
fail:
	ws->failed = true;
	workers_stop(ws);
	return NULL;
}

int workers_round(struct workers *ws, bool verify)
{
	uint64_t first = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < ws->cfg.nr; i++)
		memset(&ws->slots[i].s, 0, sizeof(ws->slots[i].s));
	atomic_store(&ws->ctl->verify, verify);
	atomic_store(&ws->ctl->command, CMD_RUN);
	if (barrier_wait(&ws->ctl->go, &ws->ctl->abort, worker_died, ws) ||
	    barrier_wait(&ws->ctl->done, &ws->ctl->abort, worker_died, ws) ||
	    any_failed(ws)) {
		ws->failed = true;
		return -1;
	}
	for (i = 0; i < ws->cfg.nr; i++)
		if (ws->slots[i].t0 < first)
			first = ws->slots[i].t0;
	for (i = 0; i < ws->cfg.nr; i++)
		ws->slots[i].s.start_skew_ns = ws->slots[i].t0 - first;
	return 0;
}

const struct worker_sample *workers_sample(const struct workers *ws, unsigned int i)
{
	return &ws->slots[i].s;
}

const struct counter_value *workers_counters(const struct workers *ws, unsigned int i)
{
	return ws->ctl->nr_ev ? ws->ev + i * ws->ev_stride : NULL;
}

static void reap(struct workers *ws)
{
	unsigned int i;
	int status;

	for (i = 0; i < ws->nr_started; i++) {
		if (ws->threads) {
			pthread_join(ws->threads[i], NULL);
			continue;
		}
		if (ws->pids[i] <= 0) {
			ws->failed = true;
			continue;
		}
		if (waitpid(ws->pids[i], &status, 0) != ws->pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			ws->failed = true;
	}
}

int workers_stop(struct workers *ws)
{
	int ret;

	if (!ws)
		return 0;
	if (ws->ctl) {
		if (ws->failed || atomic_load(&ws->ctl->abort)) {
			wake_all(ws->ctl);
		} else {
			atomic_store(&ws->ctl->command, CMD_STOP);
			if (barrier_wait(&ws->ctl->go, &ws->ctl->abort,
					 worker_died, ws))
				wake_all(ws->ctl);
		}
		reap(ws);
		ws->failed |= any_failed(ws);
		munmap(ws->ctl, ws->shm_bytes);
	}
	ret = ws->failed ? -1 : 0;
	free(ws->threads);
	free(ws->pids);
	free(ws->args);
	free(ws);
	return ret;
}
