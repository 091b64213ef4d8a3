/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How many boots, runs per boot and samples per run a kernel A/B needs:
 * with relative variance components T_b, T_r, T_s (per boot, run, sample;
 * as fractions of the squared mean) a side's mean has the variance
 *
 *   V = T_b / b + T_r / (b r) + T_s / (b r s),
 *
 * compare tests the b vs b boots with a t test on 2(b - 1) degrees of
 * freedom, so the smallest change it detects with the given power is
 *
 *   delta = (t(1 - alpha/2) + t(power)) sqrt(2 V),
 *
 * and the two sides cost 2 b (c_boot + r (c_run + s c_sample)) seconds.
 */
#ifndef LMB_PLAN_DESIGN_H
#define LMB_PLAN_DESIGN_H

#include <stdbool.h>
#include <stddef.h>

#define PLAN_MAX_BOOTS 64
#define PLAN_MAX_RUNS 32
#define PLAN_MAX_SAMPLES 200

struct plan_model {
	double boot, run, sample;	/* relative variance components */
	double c_boot, c_run, c_sample;	/* seconds each */
	double alpha, power;
};

struct plan_design {
	size_t boots, runs, samples;	/* per side; runs per boot, samples per run */
	double seconds;			/* both sides */
	double detect;			/* smallest detectable relative change */
};

/* Smallest detectable change of design (b, r, s). */
double plan_detectable(const struct plan_model *m, size_t b, size_t r, size_t s);

/*
 * The least-time design that detects @target (relative); false when none
 * within the limits above does.
 */
bool plan_for_target(const struct plan_model *m, double target,
		     struct plan_design *out);

/* The design detecting the smallest change within @budget seconds; false if none fits. */
bool plan_for_budget(const struct plan_model *m, double budget,
		     struct plan_design *out);

#endif
