// SPDX-License-Identifier: GPL-2.0
/*
 * Placement policies: the orders on a made-up 2-package x 2-core x 2-SMT
 * machine (Linux numbering: core c has PUs c and c + 4), CPU-list parsing,
 * the oversubscription rule, and resolution on this machine.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "placement.h"
#include "topology.h"

/* Topology order: PUs of a core, cores of a package. */
static const struct pu_loc fake[8] = {
	{ 0, 0, 0, 0 }, { 4, 0, 0, 0 }, { 1, 1, 0, 0 }, { 5, 1, 0, 0 },
	{ 2, 2, 1, 1 }, { 6, 2, 1, 1 }, { 3, 3, 1, 1 }, { 7, 3, 1, 1 },
};

static void order_pus(enum placement_policy p, const struct pu_loc *locs,
		      int n, int *pus)
{
	struct pu_loc out[8];
	int i;

	memset(out, 0xff, sizeof(out));
	if (placement_order(p, locs, n, out) != n)
		n = 0;
	for (i = 0; i < 8; i++)
		pus[i] = i < n ? out[i].pu : -1;
}

TEST(compact_fills_a_core_first)
{
	const int want[8] = { 0, 4, 1, 5, 2, 6, 3, 7 };
	int got[8];

	order_pus(PLACE_COMPACT, fake, 8, got);
	EXPECT_EQ(0, memcmp(want, got, sizeof(want)));
}

TEST(scatter_spreads_over_nodes_then_cores_then_smt)
{
	const int want[8] = { 0, 2, 1, 3, 4, 6, 5, 7 };
	int got[8];

	order_pus(PLACE_SCATTER, fake, 8, got);
	EXPECT_EQ(0, memcmp(want, got, sizeof(want)));
}

TEST(cross_node_alternates_nodes)
{
	const int want[8] = { 0, 2, 4, 6, 1, 3, 5, 7 };
	int got[8];

	order_pus(PLACE_CROSS_NODE, fake, 8, got);
	EXPECT_EQ(0, memcmp(want, got, sizeof(want)));
}

TEST(cross_node_needs_two_nodes)
{
	struct pu_loc out[4];

	/* the first package only: one node */
	EXPECT_EQ(-1, placement_order(PLACE_CROSS_NODE, fake, 4, out));
}

TEST(cpulist_parsing)
{
	struct placement pl;

	ASSERT_EQ(0, placement_parse("3,0-1", &pl));
	EXPECT_EQ(PLACE_LIST, pl.policy);
	ASSERT_EQ(3, pl.nr_list);
	EXPECT_EQ(3, pl.list[0]);
	EXPECT_EQ(0, pl.list[1]);
	EXPECT_EQ(1, pl.list[2]);
	EXPECT_EQ(0, placement_parse("scatter", &pl));
	EXPECT_EQ(PLACE_SCATTER, pl.policy);
	EXPECT_EQ(-1, placement_parse("", &pl));
	EXPECT_EQ(-1, placement_parse("1-0", &pl));
	EXPECT_EQ(-1, placement_parse("0,0", &pl));
	EXPECT_EQ(-1, placement_parse("0,", &pl));
	EXPECT_EQ(-1, placement_parse("-1", &pl));
	EXPECT_EQ(-1, placement_parse("0-", &pl));
	EXPECT_EQ(-1, placement_parse("compactt", &pl));
	EXPECT_EQ(-1, placement_parse("99999", &pl));
}

TEST(oversubscription_needs_permission)
{
	struct placement pl = { .policy = PLACE_COMPACT };
	struct pu_loc order[2] = { { 0, 0, 0, 0 }, { 1, 1, 0, 0 } };
	char *d;

	pl.order = order;
	pl.nr_order = 2;
	EXPECT_EQ(0, placement_check(&pl, 2, false));
	EXPECT_EQ(-1, placement_check(&pl, 3, false));
	EXPECT_EQ(0, placement_check(&pl, 3, true));
	EXPECT_EQ(0, placement_worker(&pl, 2)->pu);	/* wraps around */
	d = placement_describe(&pl, 2);
	ASSERT_NE(NULL, d);
	EXPECT_STREQ("0=pu0/core0/pkg0/node0 1=pu1/core1/pkg0/node0", d);
	free(d);
}

TEST(resolve_on_this_machine)
{
	struct topo *t = topo_open();
	struct placement pl;
	int n, i;

	ASSERT_NE(NULL, t);
	n = topo_nr_pus(t);
	ASSERT_EQ(0, placement_parse("compact", &pl));
	ASSERT_EQ(0, placement_resolve(&pl, t));
	EXPECT_EQ(n, pl.nr_order);
	for (i = 0; i < pl.nr_order; i++)
		EXPECT_EQ(pl.order[i].pu, topo_pick_pu(t, pl.order[i].pu));
	EXPECT_EQ(-1, placement_check(&pl, (unsigned)n + 1, false));
	placement_free(&pl);
	/* a CPU that cannot exist here is refused with the usable ones named */
	ASSERT_EQ(0, placement_parse("4095", &pl));
	EXPECT_EQ(-1, placement_resolve(&pl, t));
	placement_free(&pl);
	if (n >= 2) {
		char spec[32];

		ASSERT_EQ(0, placement_parse("compact", &pl));
		ASSERT_EQ(0, placement_resolve(&pl, t));
		snprintf(spec, sizeof(spec), "%d,%d", pl.order[1].pu, pl.order[0].pu);
		placement_free(&pl);
		ASSERT_EQ(0, placement_parse(spec, &pl));
		ASSERT_EQ(0, placement_resolve(&pl, t));
		ASSERT_EQ(2, pl.nr_order);
		EXPECT_EQ(pl.list[0], pl.order[0].pu);	/* the order given */
		EXPECT_EQ(pl.list[1], pl.order[1].pu);
		placement_free(&pl);
	}
	topo_close(t);
}

TEST_HARNESS_MAIN
