// SPDX-License-Identifier: GPL-2.0
/* Lookups in the generated per-core event table (pmu_events.h). */
#include <stdlib.h>

#include "array_size.h"
#include "pmu_events.h"
#include "pmu_events_table.h"	/* generated into the object folder */

#define MIDR_VARIANT_REVISION 0x00f0000fULL

const char *pmu_events_source(void)
{
	return PMU_EVENTS_SOURCE;
}

const char *pmu_events_empty_why(void)
{
	return PMU_EVENTS_EMPTY_WHY;
}

const struct pmu_known_core *pmu_events_core_at(size_t i)
{
	size_t n = ARRAY_SIZE(pmu_known_cores) - 1;

	return i < n ? &pmu_known_cores[i] : NULL;
}

const struct pmu_known_core *pmu_events_core(uint64_t midr)
{
	const struct pmu_known_core *c;
	size_t i;

	midr &= ~MIDR_VARIANT_REVISION;
	for (i = 0; (c = pmu_events_core_at(i)); i++)
		if (c->midr == midr)
			return c;
	return NULL;
}

/*
 * Cores of tools/perf/pmu-events/arch/arm64/mapfile.csv in trees newer than
 * the oldest this suite builds with (Debian's linux-source-6.1): the MIDRs
 * Linux 7.3 lists that 6.1 does not.  tests/pmu-cores.sh checks the list
 * against a 7.3 tree's mapfile when one is at hand.
 */
static const struct {
	uint64_t midr;
	const char *tree;
} newer_tree_cores[] = {
	{ 0x410fd4f0, "Linux 7.3" },	/* Neoverse V2 */
	{ 0x410fd830, "Linux 7.3" },	/* Neoverse V3AE (folder neoverse-v3) */
	{ 0x410fd8e0, "Linux 7.3" },	/* Neoverse N3 */
	{ 0x460f0030, "Linux 7.3" },	/* Fujitsu MONAKA */
	{ 0x4e0f0100, "Linux 7.3" },	/* NVIDIA T410 */
	{ 0xc00fac30, "Linux 7.3" },	/* AmpereOne */
	{ 0xc00fac40, "Linux 7.3" },	/* AmpereOneX */
};

const char *pmu_events_newer_tree(uint64_t midr)
{
	size_t i;

	midr &= ~MIDR_VARIANT_REVISION;
	if (pmu_events_core(midr))
		return NULL;
	for (i = 0; i < ARRAY_SIZE(newer_tree_cores); i++)
		if (newer_tree_cores[i].midr == midr)
			return newer_tree_cores[i].tree;
	return NULL;
}

static int cmp_code(const void *key, const void *elem)
{
	uint64_t k = *(const uint64_t *)key;
	uint32_t e = ((const struct pmu_known_event *)elem)->code;

	return k < e ? -1 : k > e;
}

const char *pmu_events_name(const struct pmu_known_core *core, uint64_t code)
{
	const struct pmu_known_event *e;

	if (!core || !core->nr)
		return NULL;
	e = bsearch(&code, core->ev, core->nr, sizeof(*core->ev), cmp_code);
	return e ? e->name : NULL;
}
