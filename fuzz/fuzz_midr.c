// SPDX-License-Identifier: GPL-2.0
/*
 * MIDR_EL1 values of sysfs and /proc/cpuinfo blocks: any text is a MIDR
 * or refused.  A MIDR accepted fits in 32 bits (bits 63:32 are RES0), and
 * printed back it parses to itself; every MIDR cpuinfo yields has the
 * architecture field 0xf and decodes to a description.
 */
#include "meta_cpu.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_block(long proc, uint64_t midr, void *arg)
{
	char *d;

	(void)arg;
	if (proc < -1 || midr >> 32 || MIDR_ARCHITECTURE(midr) != 0xf)
		abort();
	d = midr_describe(midr);
	if (!d)
		abort();
	free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), back[32], bad[160];
	uint64_t midr = 0, again = 0;

	if (midr_parse(s, &midr) == MIDR_OK) {
		if (midr >> 32)
			abort();
		snprintf(back, sizeof(back), "0x%016llx", (unsigned long long)midr);
		if (midr_parse(back, &again) != MIDR_OK || again != midr)
			abort();
	}
	cpuinfo_midrs(s, check_block, NULL, bad, sizeof(bad));
	free(s);
	return 0;
}
