/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host calibration files: each level's variance component per storm and
 * metric, written by `lazymmu-bench plan --write-calibration` and read by
 * `compare --calibration`, so that a comparison with one boot per side
 * can add the boot-to-boot variance it cannot see.  Format:
 *
 *   # lazymmu-bench calibration, schema 1
 *   # host: <host>
 *   # created: <UTC ISO time>
 *   # source: <file list>
 *   workload,page_mode,size_bytes,threads,metric,level,rel_var,units
 *   munmap,4k,67108864,1,ns_per_page,boot,0.00041,6
 *
 * rel_var: the level's variance component (Kalibera & Jones' unbiased
 * estimator, truncated at 0) divided by the squared grand mean, i.e. the
 * variance of the relative (log) value; units: how many units of the
 * level the estimate rests on.  level: seed, boot, run or sample.
 */
#ifndef LMB_CALIBRATION_H
#define LMB_CALIBRATION_H

#include <stddef.h>
#include <stdio.h>

#define CALIB_SCHEMA 1
#define CALIB_HEAD "workload,page_mode,size_bytes,threads,metric,level,rel_var,units"

struct calib_entry {
	char *workload, *page_mode, *metric, *level;
	unsigned long long size_bytes;
	unsigned int threads;
	double rel_var;
	size_t units;
};

struct calibration {
	char *host, *created, *source;
	struct calib_entry *e;
	size_t n, cap;
};

/*
 * Read @path; on error prints "<path>:<line>: what is wrong" and returns
 * -1 (the file is then empty).
 */
int calib_read(const char *path, struct calibration *c);

/* Append one entry (strings copied); -1 when out of memory. */
int calib_add(struct calibration *c, const struct calib_entry *e);

/* Write @c to @out in the format above; -1 when writing failed. */
int calib_write(FILE *out, const struct calibration *c);

/* The entry of one storm, metric and level, or NULL. */
const struct calib_entry *calib_find(const struct calibration *c,
				     const char *workload, const char *page_mode,
				     unsigned long long size_bytes,
				     unsigned int threads, const char *metric,
				     const char *level);

void calib_free(struct calibration *c);

#endif
