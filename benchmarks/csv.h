/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Result files, schema in results/README.md.  One row per sample, written
 * with a single write(2) and flushed as measured, so an interrupted run
 * leaves a valid file holding every finished sample.
 */
#ifndef LMB_CSV_H
#define LMB_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "counters.h"
#include "meta.h"

#define LMB_CSV_SCHEMA 1

struct sample_row {
	const char *workload;
	const char *page_mode;	/* "4k", "thp" */
	uint64_t size_bytes;
	uint64_t pages;		/* base pages */
	long thp_kb;		/* AnonHugePages of the region before the step; -1 unknown */
	unsigned int threads, worker;
	int cpu;		/* PU the worker ran on, -1 unknown */
	const char *phase;	/* "warmup" or "sample" */
	unsigned int sample;	/* index within the phase */
	uint64_t ns;		/* wall time of the window */
	const char *split_name;	/* NULL: no split */
	uint64_t split_ns;
	int64_t rusage_sys_ns, rusage_user_ns; /* -1 unknown */
	const struct counter_value *ev;	/* counters_count() entries */
};

/*
 * A group (workload, page mode, size, threads) that failed: the run went on
 * without it.  One comment line, results/README.md "Failures":
 * # failed: workload=W page_mode=M size_bytes=N threads=T stage=S
 *           [sample=PHASE:I] window=0|1|? reason=TEXT
 */
struct csv_failure {
	const char *workload, *page_mode;
	uint64_t size_bytes;
	unsigned int threads;
	const char *stage;	/* setup, prepare, step, verify, workers, page-size */
	const char *phase;	/* "warmup"/"sample" of the sample it hit; NULL: none */
	unsigned int sample;
	int window;		/* 1: the failing sample's window ran (no row
				 * for it), 0: it did not, -1: unknown
				 */
	const char *reason;	/* the error message */
};

struct csv_out;

/* Create @path (refuses to overwrite), write comments and header. NULL + message on error. */
struct csv_out *csv_create(const char *path, const struct meta *m,
			   const struct counter_set *cs);
int csv_write_sample(struct csv_out *o, const struct sample_row *r);
/* Write one "# failed:" line.  0, or -1 + message. */
int csv_write_failure(struct csv_out *o, const struct csv_failure *f);
/* Footer comment "# end: <status>", close.  Safe to call with NULL. */
void csv_close(struct csv_out *o, const char *status);

/* Write @s to @buf as one CSV field: quoted if needed, '#' and control chars replaced. */
size_t csv_field(char *buf, size_t cap, const char *s);

#endif
