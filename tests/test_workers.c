// SPDX-License-Identifier: GPL-2.0
/*
 * workers: N threads share one mm and N processes do not; every worker
 * runs every round on its placed CPU; a failing worker fails the round
 * instead of hanging it; a dying worker process is noticed.
 */
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "placement.h"
#include "topology.h"
#include "workers.h"

#define MAX_STEPS 64

/* Shared between processes: who stepped. */
struct record {
	_Atomic unsigned n;
	pid_t pid[MAX_STEPS];
	int fail_at;		/* step number that fails, -1 none */
	int die_at;		/* step number that kills its process, -1 none */
};

static struct record *rec;

static int rec_step(struct wl_state *st, struct step_split *split)
{
	unsigned n = atomic_fetch_add(&rec->n, 1);

	(void)st;
	if (n < MAX_STEPS)
		rec->pid[n] = getpid();
	split->name = "half";
	split->ns = 1;
	if ((int)n == rec->die_at)
		raise(SIGKILL);
	usleep(2000);
	return (int)n == rec->fail_at ? -1 : 0;
}

static const struct workload wl_record = {
	.name = "record",
	.summary = "test workload",
	.kernel_path = "none",
	.step = rec_step,
};

static const struct wl_params params = {
	.bytes = 2 << 20, .base_page = 4096, .pmd_size = 2 << 20,
};

FIXTURE(w) {
	struct topo *t;
	struct placement pl;
};

FIXTURE_SETUP(w)
{
	rec = mmap(NULL, sizeof(*rec), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, rec);
	rec->fail_at = -1;
	rec->die_at = -1;
	self->t = topo_open();
	ASSERT_NE(NULL, self->t);
	ASSERT_EQ(0, placement_parse("compact", &self->pl));
	ASSERT_EQ(0, placement_resolve(&self->pl, self->t));
}

FIXTURE_TEARDOWN(w)
{
	placement_free(&self->pl);
	topo_close(self->t);
	munmap(rec, sizeof(*rec));
}

static unsigned nr_workers(const struct placement *pl)
{
	return pl->nr_order >= 2 ? 2 : 1;
}

static void run_rounds(struct __test_metadata *_metadata, struct placement *pl,
		       bool procs, unsigned rounds)
{
	struct workers_config cfg = {
		.w = &wl_record, .params = &params, .nr = nr_workers(pl),
		.procs = procs, .pl = pl,
	};
	struct workers *ws = workers_start(&cfg);
	unsigned r, i;

	ASSERT_NE(NULL, ws);
	for (r = 0; r < rounds; r++) {
		ASSERT_EQ(0, workers_round(ws, false));
		for (i = 0; i < cfg.nr; i++) {
			const struct worker_sample *s = workers_sample(ws, i);

			EXPECT_GE(s->ns, 2000000);	/* the step's sleep */
			EXPECT_EQ(placement_worker(pl, i)->pu, s->cpu);
			EXPECT_STREQ("half", s->split_name);
			EXPECT_EQ(512, s->pages);
			EXPECT_EQ(NULL, workers_counters(ws, i));
		}
	}
	EXPECT_EQ(0, workers_stop(ws));
	EXPECT_EQ(rounds * cfg.nr, atomic_load(&rec->n));
}

TEST_F(w, threads_share_the_process)
{
	unsigned i;

	run_rounds(_metadata, &self->pl, false, 3);
	for (i = 0; i < atomic_load(&rec->n); i++)
		EXPECT_EQ(getpid(), rec->pid[i]);
}

TEST_F(w, processes_are_separate)
{
	unsigned i;

	run_rounds(_metadata, &self->pl, true, 3);
	for (i = 0; i < atomic_load(&rec->n); i++)
		EXPECT_NE(getpid(), rec->pid[i]);
	if (nr_workers(&self->pl) == 2)
		EXPECT_NE(rec->pid[0], rec->pid[1]);
}

TEST_F(w, failing_step_fails_the_round)
{
	struct workers_config cfg = {
		.w = &wl_record, .params = &params, .nr = nr_workers(&self->pl),
		.pl = &self->pl,
	};
	struct workers *ws;

	rec->fail_at = (int)cfg.nr;	/* the second round */
	ws = workers_start(&cfg);
	ASSERT_NE(NULL, ws);
	EXPECT_EQ(0, workers_round(ws, false));
	EXPECT_EQ(-1, workers_round(ws, false));
	EXPECT_EQ(-1, workers_stop(ws));
}

TEST_F(w, dead_process_is_noticed)
{
	struct workers_config cfg = {
		.w = &wl_record, .params = &params, .nr = nr_workers(&self->pl),
		.procs = true, .pl = &self->pl,
	};
	struct workers *ws;

	rec->die_at = 0;
	ws = workers_start(&cfg);
	ASSERT_NE(NULL, ws);
	EXPECT_EQ(-1, workers_round(ws, false));
	EXPECT_EQ(-1, workers_stop(ws));
}

TEST_F(w, counters_per_worker)
{
	struct workers_config cfg = {
		.w = &wl_record, .params = &params, .nr = nr_workers(&self->pl),
		.pl = &self->pl, .events = "task-clock:u",
	};
	struct workers *ws = workers_start(&cfg);
	const struct counter_value *v;

	ASSERT_NE(NULL, ws);
	ASSERT_EQ(0, workers_round(ws, false));
	v = workers_counters(ws, 0);
	ASSERT_NE(NULL, v);
	if (v[0].status == COUNTER_OK) {
		const struct worker_sample *s = workers_sample(ws, 0);

		EXPECT_GT(v[0].value, 0);
		/*
		 * The task-clock of worker 0's thread, not of all workers: at
		 * most that thread's CPU time from getrusage(RUSAGE_THREAD),
		 * read before the enable and after the disable (up to a tick,
		 * 10 ms at HZ=100, behind). Not the wall window: under an
		 * emulator whose vCPU the host descheduled, the thread "runs"
		 * between the window's clock reads and the disable.
		 */
		if (s->rusage_user_ns >= 0 && s->rusage_sys_ns >= 0)
			EXPECT_LE(v[0].value,
				  (double)(s->rusage_user_ns + s->rusage_sys_ns) + 10e6)
				TH_LOG("task-clock %.0f ns, thread CPU time %lld ns, window %llu ns",
				       v[0].value, (long long)(s->rusage_user_ns + s->rusage_sys_ns),
				       (unsigned long long)s->ns);
	}
	EXPECT_EQ(0, workers_stop(ws));
}

TEST_HARNESS_MAIN
