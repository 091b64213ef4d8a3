// SPDX-License-Identifier: GPL-2.0
/* The -e name table: names, aliases, modifiers, raw events, columns. */
#include <linux/perf_event.h>
#include <string.h>

#include "kselftest_harness.h"

#include "event_names.h"

static int parse(const char *tok, bool arm, struct event_spec *s)
{
	char why[128] = "";
	int ret = event_spec_parse(tok, arm, s, why, sizeof(why));

	/* a failure always says why */
	if (ret && !why[0])
		return -2;
	return ret;
}

TEST(software_names_and_aliases)
{
	static const struct {
		const char *tok, *column;
		uint64_t config;
	} cases[] = {
		{ "page-faults", "ev_page_faults", PERF_COUNT_SW_PAGE_FAULTS },
		{ "faults", "ev_page_faults", PERF_COUNT_SW_PAGE_FAULTS },
		{ "context-switches", "ev_context_switches", PERF_COUNT_SW_CONTEXT_SWITCHES },
		{ "cs", "ev_context_switches", PERF_COUNT_SW_CONTEXT_SWITCHES },
		{ "cpu-migrations", "ev_cpu_migrations", PERF_COUNT_SW_CPU_MIGRATIONS },
		{ "migrations", "ev_cpu_migrations", PERF_COUNT_SW_CPU_MIGRATIONS },
		{ "task-clock", "ev_task_clock", PERF_COUNT_SW_TASK_CLOCK },
	};
	struct event_spec s;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(0, parse(cases[i].tok, false, &s));
		EXPECT_EQ(EVK_SOFTWARE, s.kind);
		EXPECT_EQ(cases[i].config, s.config);
		EXPECT_STREQ(cases[i].column, s.column);
		EXPECT_FALSE(s.exclude_user);
		EXPECT_FALSE(s.exclude_kernel);
	}
}

TEST(hardware_modifiers)
{
	struct event_spec s;

	ASSERT_EQ(0, parse("cycles:k", false, &s));
	EXPECT_EQ(EVK_HARDWARE, s.kind);
	EXPECT_EQ(PERF_COUNT_HW_CPU_CYCLES, s.config);
	EXPECT_TRUE(s.exclude_user);
	EXPECT_FALSE(s.exclude_kernel);
	EXPECT_STREQ("ev_cycles_k", s.column);

	ASSERT_EQ(0, parse("instructions:u", false, &s));
	EXPECT_EQ(PERF_COUNT_HW_INSTRUCTIONS, s.config);
	EXPECT_FALSE(s.exclude_user);
	EXPECT_TRUE(s.exclude_kernel);
	EXPECT_STREQ("ev_instructions_u", s.column);

	/* both modes = no modifier */
	ASSERT_EQ(0, parse("cycles:uk", false, &s));
	EXPECT_FALSE(s.exclude_user);
	EXPECT_FALSE(s.exclude_kernel);
	EXPECT_STREQ("ev_cycles", s.column);

	/* software events take modifiers too */
	ASSERT_EQ(0, parse("faults:u", false, &s));
	EXPECT_STREQ("ev_page_faults_u", s.column);
}

TEST(bad_modifiers_and_names)
{
	static const char *const bad[] = {
		"", ":k", "cycles:", "cycles:x", "cycles:kk", "cycles:k:u",
		"foo", "page_faults", "cycle", "r", "rxyz", "r12g", "r-1",
		"r12345678901234567", "0x7d", "lazy:k",
		"a-name-far-too-long-to-be-any-event-name-we-know-of-at-all-really",
	};
	struct event_spec s;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		TH_LOG("token '%s'", bad[i]);
		EXPECT_EQ(-1, parse(bad[i], false, &s));
	}
}

TEST(raw_events)
{
	struct event_spec s;

	ASSERT_EQ(0, parse("r1b:k", false, &s));
	EXPECT_EQ(EVK_RAW, s.kind);
	EXPECT_EQ(0x1b, s.config);
	EXPECT_TRUE(s.exclude_user);
	EXPECT_STREQ("ev_r1b_k", s.column);
	EXPECT_EQ(NULL, s.name);

	/* leading zeros and upper case hex normalise */
	ASSERT_EQ(0, parse("r00AB", false, &s));
	EXPECT_EQ(0xab, s.config);
	EXPECT_STREQ("ev_rab", s.column);

	ASSERT_EQ(0, parse("rffffffffffffffff:u", false, &s));
	EXPECT_EQ(UINT64_MAX, s.config);
	EXPECT_STREQ("ev_rffffffffffffffff_u", s.column);

	/* elsewhere r7d is just a number ... */
	ASSERT_EQ(0, parse("r7d:k", false, &s));
	EXPECT_EQ(EVK_RAW, s.kind);
	EXPECT_STREQ("ev_r7d_k", s.column);
	/* ... on an Arm PMUv3 it is DSB_SPEC, with its architectural column */
	ASSERT_EQ(0, parse("r7d:k", true, &s));
	EXPECT_EQ(EVK_ARM_PMUV3, s.kind);
	EXPECT_STREQ("ev_dsb_spec_k", s.column);
	EXPECT_STREQ("dsb_spec", s.name);
	/* an Arm number we do not name stays raw */
	ASSERT_EQ(0, parse("r1b:k", true, &s));
	EXPECT_EQ(EVK_RAW, s.kind);
	EXPECT_STREQ("ev_r1b_k", s.column);
}

/* Architectural numbers, Arm ARM / pmu-events JSON (see event_names.c). */
TEST(arm_pmuv3_numbers)
{
	static const struct {
		const char *name;
		uint64_t config;
	} arch[] = {
		{ "isb_spec", 0x7c }, { "dsb_spec", 0x7d }, { "dmb_spec", 0x7e },
		{ "l1d_tlb_refill", 0x05 }, { "l1d_tlb", 0x25 },
		{ "l2d_tlb_refill", 0x2d }, { "l2d_tlb", 0x2f },
		{ "dtlb_walk", 0x34 }, { "itlb_walk", 0x35 },
		{ "cpu_cycles", 0x11 }, { "inst_retired", 0x08 },
	};
	struct event_spec s;
	char upper[32];
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(arch); i++) {
		TH_LOG("%s", arch[i].name);
		ASSERT_EQ(0, parse(arch[i].name, false, &s));
		EXPECT_EQ(EVK_ARM_PMUV3, s.kind);
		EXPECT_EQ(arch[i].config, s.config);
		EXPECT_STREQ(arch[i].name, event_arm_pmuv3_name(arch[i].config));
		/* DSB_SPEC as the Arm ARM spells it */
		for (j = 0; arch[i].name[j]; j++)
			upper[j] = (char)(arch[i].name[j] - (arch[i].name[j] >= 'a' &&
					  arch[i].name[j] <= 'z' ? 32 : 0));
		upper[j] = '\0';
		ASSERT_EQ(0, parse(upper, false, &s));
		EXPECT_EQ(arch[i].config, s.config);
	}
	EXPECT_EQ(NULL, event_arm_pmuv3_name(0x1b));
}

TEST(default_lists_parse)
{
	const char *lists[] = { event_default_list(false), event_default_list(true) };
	char buf[512], *tok, *save = NULL;
	struct event_spec s;
	size_t i, n;

	for (i = 0; i < 2; i++) {
		snprintf(buf, sizeof(buf), "%s", lists[i]);
		n = 0;
		for (tok = strtok_r(buf, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save), n++)
			ASSERT_EQ(0, parse(tok, i == 1, &s));
		EXPECT_EQ(i ? 15 : 8, n);
	}
	EXPECT_NE(NULL, strstr(event_default_list(true), "dsb_spec:k"));
	EXPECT_EQ(NULL, strstr(event_default_list(false), "dsb_spec"));
}

TEST(accepted_list_names_everything)
{
	char buf[1024];

	event_names_accepted(buf, sizeof(buf));
	EXPECT_NE(NULL, strstr(buf, "page-faults|faults"));
	EXPECT_NE(NULL, strstr(buf, "context-switches|cs"));
	EXPECT_NE(NULL, strstr(buf, "itlb_walk"));
	EXPECT_NE(NULL, strstr(buf, "rHEX"));
	EXPECT_NE(NULL, strstr(buf, ":k or :u"));
	EXPECT_EQ(NULL, strchr(buf, '\n'));
}

TEST(task_clock_columns_count_nanoseconds)
{
	ASSERT_TRUE(event_column_is_ns("ev_task_clock"));
	ASSERT_TRUE(event_column_is_ns("ev_task_clock_k"));
	ASSERT_FALSE(event_column_is_ns("ev_page_faults"));
	ASSERT_FALSE(event_column_is_ns("ev_cycles_k"));
	ASSERT_FALSE(event_column_is_ns("task_clock"));
}

TEST_HARNESS_MAIN
