/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event names accepted by `-e`, and their CSV column names.  Pure parsing:
 * nothing here touches perf or sysfs, so the table is testable anywhere.
 *
 *   perf software: page-faults|faults, context-switches|cs,
 *                  cpu-migrations|migrations, task-clock
 *   perf hardware: cycles, instructions
 *   Arm PMUv3 architectural events by name: dsb_spec, isb_spec, ...
 *   raw PMU events: rHEX (1-16 hex digits)
 * each with an optional modifier :k (kernel only) or :u (user only).
 */
#ifndef LMB_EVENT_NAMES_H
#define LMB_EVENT_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum event_kind {
	EVK_SOFTWARE,	/* PERF_TYPE_SOFTWARE, config = PERF_COUNT_SW_* */
	EVK_HARDWARE,	/* PERF_TYPE_HARDWARE, config = PERF_COUNT_HW_* */
	EVK_ARM_PMUV3,	/* Arm PMUv3 common event number, needs an Arm PMU */
	EVK_RAW,	/* rHEX: the core PMU's raw event number */
};

#define EVENT_COLUMN_MAX 64

struct event_spec {
	enum event_kind kind;
	uint64_t config;
	bool exclude_user;	/* :k */
	bool exclude_kernel;	/* :u */
	const char *name;	/* canonical name, NULL for a raw event */
	char column[EVENT_COLUMN_MAX];	/* "ev_page_faults", "ev_r1b_k" */
};

/*
 * Parse one token ("cycles:k", "faults", "r7d:u", "DSB_SPEC").  @arm_pmu:
 * the core PMU is an Arm PMUv3, so a raw number that is an architectural
 * event we name (r7d) gets that name's column (ev_dsb_spec).
 * Returns 0, or -1 with a short reason in @why (no trailing newline).
 */
int event_spec_parse(const char *tok, bool arm_pmu, struct event_spec *out,
		     char *why, size_t why_len);

/* Arm PMUv3 architectural event name (lower case) for @config, or NULL. */
const char *event_arm_pmuv3_name(uint64_t config);

/* One line listing every accepted name (for error messages and --help)
 * into @buf; returns @buf.
 */
const char *event_names_accepted(char *buf, size_t len);

/*
 * The default set, as a list event_spec_parse() accepts item by item:
 * software events, cycles and instructions split kernel/user, and with
 * @arm_pmu the kernel-only Arm PMUv3 barrier and TLB events.
 */
const char *event_default_list(bool arm_pmu);

/*
 * Does CSV column @column count nanoseconds (ev_task_clock, with or without
 * a _k/_u suffix) rather than events?  Reports then show it as time.
 */
bool event_column_is_ns(const char *column);

#endif
