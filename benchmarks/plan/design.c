// SPDX-License-Identifier: GPL-2.0
/* plan: the least-time design for a detectable change, and the reverse. */
#include <math.h>

#include "plan/design.h"
#include "stats_t.h"

/* t(1 - alpha/2) + t(power) on 2(b - 1) df, cached per b. */
static double t_sum(const struct plan_model *m, size_t b)
{
	static double cache[PLAN_MAX_BOOTS + 1], alpha, power;
	double df = 2.0 * ((double)b - 1);

	if (alpha != m->alpha || power != m->power) {
		size_t i;

		for (i = 0; i <= PLAN_MAX_BOOTS; i++)
			cache[i] = 0;
		alpha = m->alpha;
		power = m->power;
	}
	if (b > PLAN_MAX_BOOTS)
		return stats_t_quantile(1 - m->alpha / 2, df) +
		       stats_t_quantile(m->power, df);
	if (!cache[b])
		cache[b] = stats_t_quantile(1 - m->alpha / 2, df) +
			   stats_t_quantile(m->power, df);
	return cache[b];
}

double plan_detectable(const struct plan_model *m, size_t b, size_t r, size_t s)
{
	double bb = (double)b, br = bb * (double)r, v;

	if (b < 2 || !r || !s)
		return INFINITY;
	v = m->boot / bb + m->run / br + m->sample / (br * (double)s);
	return t_sum(m, b) * sqrt(2 * v);
}

static double seconds(const struct plan_model *m, size_t b, size_t r, size_t s)
{
	return 2.0 * (double)b * (m->c_boot + (double)r *
				  (m->c_run + (double)s * m->c_sample));
}

bool plan_for_target(const struct plan_model *m, double target,
		     struct plan_design *out)
{
	size_t b, r, s;
	bool found = false;

	for (b = 2; b <= PLAN_MAX_BOOTS; b++) {
		for (r = 1; r <= PLAN_MAX_RUNS; r++) {
			double d = INFINITY, t;

			for (s = 1; s <= PLAN_MAX_SAMPLES; s++) {
				d = plan_detectable(m, b, r, s);
				if (d <= target)
					break;
			}
			if (d > target)
				continue;
			t = seconds(m, b, r, s);
			if (!found || t < out->seconds) {
				*out = (struct plan_design){ b, r, s, t, d };
				found = true;
			}
		}
	}
	return found;
}

bool plan_for_budget(const struct plan_model *m, double budget,
		     struct plan_design *out)
{
	size_t b, r, s;
	bool found = false;

	for (b = 2; b <= PLAN_MAX_BOOTS; b++) {
		for (r = 1; r <= PLAN_MAX_RUNS; r++) {
			for (s = PLAN_MAX_SAMPLES; s >= 1; s--) {
				double t = seconds(m, b, r, s), d;

				if (t > budget)
					continue;
				d = plan_detectable(m, b, r, s);
				if (!found || d < out->detect) {
					*out = (struct plan_design){ b, r, s, t, d };
					found = true;
				}
				break;	/* fewer samples only detect less */
			}
		}
	}
	return found;
}
