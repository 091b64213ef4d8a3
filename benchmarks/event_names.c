// SPDX-License-Identifier: GPL-2.0
/* Names accepted by `-e` and the CSV column each one gets. */
#include <ctype.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "array_size.h"
#include "event_names.h"

struct named_event {
	const char *name;	/* canonical spelling, lower case */
	const char *alias;	/* perf's short form, or NULL */
	enum event_kind kind;
	uint64_t config;
};

/*
 * Arm PMUv3 common event numbers, checked against the kernel's pmu-events
 * JSON in linux-source-7.3:
 *   tools/perf/pmu-events/arch/arm64/common-and-microarch.json
 *     L1D_TLB_REFILL 0x05, INST_RETIRED 0x08, CPU_CYCLES 0x11, L1D_TLB 0x25,
 *     L2D_TLB_REFILL 0x2D, L2D_TLB 0x2F, DTLB_WALK 0x34, ITLB_WALK 0x35
 *   tools/perf/pmu-events/arch/arm64/recommended.json
 *     ISB_SPEC 0x7C, DSB_SPEC 0x7D, DMB_SPEC 0x7E
 * arm/neoverse-n1/{spec_operation,tlb,general,retired}.json and
 * arm/neoverse-v1/ (same files) use them through "ArchStdEvent".
 */
static const struct named_event named_events[] = {
	{ "page-faults", "faults", EVK_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "context-switches", "cs", EVK_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", "migrations", EVK_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "task-clock", NULL, EVK_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "cycles", "cpu-cycles", EVK_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", NULL, EVK_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	{ "dsb_spec", NULL, EVK_ARM_PMUV3, 0x7d },
	{ "isb_spec", NULL, EVK_ARM_PMUV3, 0x7c },
	{ "dmb_spec", NULL, EVK_ARM_PMUV3, 0x7e },
	{ "l1d_tlb_refill", NULL, EVK_ARM_PMUV3, 0x05 },
	{ "l1d_tlb", NULL, EVK_ARM_PMUV3, 0x25 },
	{ "l2d_tlb_refill", NULL, EVK_ARM_PMUV3, 0x2d },
	{ "l2d_tlb", NULL, EVK_ARM_PMUV3, 0x2f },
	{ "dtlb_walk", NULL, EVK_ARM_PMUV3, 0x34 },
	{ "itlb_walk", NULL, EVK_ARM_PMUV3, 0x35 },
	{ "cpu_cycles", NULL, EVK_ARM_PMUV3, 0x11 },
	{ "inst_retired", NULL, EVK_ARM_PMUV3, 0x08 },
};

#define NR_NAMED (ARRAY_SIZE(named_events))

static const char default_common[] =
	"page-faults,context-switches,cpu-migrations,task-clock,"
	"cycles:k,cycles:u,instructions:k,instructions:u";
static const char default_arm[] =
	"page-faults,context-switches,cpu-migrations,task-clock,"
	"cycles:k,cycles:u,instructions:k,instructions:u,"
	"dsb_spec:k,isb_spec:k,dmb_spec:k,l1d_tlb_refill:k,l2d_tlb_refill:k,"
	"dtlb_walk:k,itlb_walk:k";

const char *event_default_list(bool arm_pmu)
{
	return arm_pmu ? default_arm : default_common;
}

const char *event_arm_pmuv3_name(uint64_t config)
{
	size_t i;

	for (i = 0; i < NR_NAMED; i++)
		if (named_events[i].kind == EVK_ARM_PMUV3 &&
		    named_events[i].config == config)
			return named_events[i].name;
	return NULL;
}

static const struct named_event *find_named(const char *name)
{
	size_t i;

	for (i = 0; i < NR_NAMED; i++) {
		const struct named_event *e = &named_events[i];

		if (!strcasecmp(name, e->name) ||
		    (e->alias && !strcasecmp(name, e->alias)))
			return e;
	}
	return NULL;
}

/* "r" followed by 1..16 hex digits and nothing else. */
static int parse_raw(const char *name, uint64_t *config)
{
	size_t len = strlen(name);
	size_t i;

	if (len < 2 || len > 17 || name[0] != 'r')
		return -1;
	for (i = 1; i < len; i++)
		if (!isxdigit((unsigned char)name[i]))
			return -1;
	*config = strtoull(name + 1, NULL, 16);
	return 0;
}

/* ":k", ":u", ":ku"/":uk" (= both, no suffix); anything else is an error. */
static int parse_modifiers(const char *mod, struct event_spec *out)
{
	bool k = false, u = false;

	if (!*mod)
		return -1;
	for (; *mod; mod++) {
		if (*mod == 'k' && !k)
			k = true;
		else if (*mod == 'u' && !u)
			u = true;
		else
			return -1;
	}
	out->exclude_user = k && !u;
	out->exclude_kernel = u && !k;
	return 0;
}

static void make_column(struct event_spec *out, const char *base)
{
	const char *suffix = out->exclude_user ? "_k" :
			     out->exclude_kernel ? "_u" : "";
	char *p;

	snprintf(out->column, sizeof(out->column), "ev_%s%s", base, suffix);
	for (p = out->column; *p; p++)
		*p = *p == '-' ? '_' : (char)tolower((unsigned char)*p);
}

int event_spec_parse(const char *tok, bool arm_pmu, struct event_spec *out,
		     char *why, size_t why_len)
{
	const struct named_event *e;
	const char *colon = strchr(tok, ':');
	size_t name_len = colon ? (size_t)(colon - tok) : strlen(tok);
	char name[EVENT_COLUMN_MAX];
	char raw_base[24];

	memset(out, 0, sizeof(*out));
	if (name_len == 0 || name_len >= sizeof(name)) {
		snprintf(why, why_len, name_len ? "name too long" : "empty name");
		return -1;
	}
	memcpy(name, tok, name_len);
	name[name_len] = '\0';
	if (colon && parse_modifiers(colon + 1, out)) {
		snprintf(why, why_len, "bad modifier ':%s' (use :k or :u)",
			 colon + 1);
		return -1;
	}

	e = find_named(name);
	if (e) {
		out->kind = e->kind;
		out->config = e->config;
		out->name = e->name;
		make_column(out, e->name);
		return 0;
	}
	if (parse_raw(name, &out->config) == 0) {
		const char *arch = arm_pmu ? event_arm_pmuv3_name(out->config) : NULL;

		out->kind = arch ? EVK_ARM_PMUV3 : EVK_RAW;
		out->name = arch;
		snprintf(raw_base, sizeof(raw_base), "r%llx",
			 (unsigned long long)out->config);
		make_column(out, arch ? arch : raw_base);
		return 0;
	}
	snprintf(why, why_len, "unknown event name");
	return -1;
}

const char *event_names_accepted(char *buf, size_t len)
{
	size_t i, used;

	used = (size_t)snprintf(buf, len, "default, none, lazy");
	for (i = 0; i < NR_NAMED && used < len; i++) {
		const struct named_event *e = &named_events[i];

		used += (size_t)snprintf(buf + used, len - used, ", %s%s%s",
					 e->name, e->alias ? "|" : "",
					 e->alias ? e->alias : "");
	}
	if (used < len)
		snprintf(buf + used, len - used,
			 ", rHEX (raw PMU event); each with optional :k or :u");
	return buf;
}

bool event_column_is_ns(const char *column)
{
	return !strncmp(column, "ev_task_clock", 13);
}
