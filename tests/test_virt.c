// SPDX-License-Identifier: GPL-2.0
/*
 * Emulator/hypervisor detection (virt.h) against fake /sys trees and
 * cpuinfo files as real machines show them, and what it does to the
 * counters' rule for an unlisted event that reads 0 (counters.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "lmb_test.h"

#include "counters.h"
#include "counters_core.h"
#include "virt.h"

/* The arm64 cpuinfo of one CPU with this BogoMIPS (2x the timer MHz). */
#define ARM_CPUINFO(bogo) \
	"processor\t: 0\nBogoMIPS\t: " bogo "\nFeatures\t: fp asimd\n" \
	"CPU implementer\t: 0x41\nCPU part\t: 0xd0c\nCPU revision\t: 1\n\n"
#define X86_CPUINFO(flags) \
	"processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: " flags "\n\n"

FIXTURE(box) {
	char root[64];
	char cpuinfo[96];
	struct virt_probe p;
	struct virt_info vi;
};

FIXTURE_SETUP(box)
{
	snprintf(self->root, sizeof(self->root), "/tmp/lmb-virt-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->root));
	snprintf(self->cpuinfo, sizeof(self->cpuinfo), "%s/cpuinfo", self->root);
	self->p.sysroot = self->root;
	self->p.cpuinfo = self->cpuinfo;
	self->p.cpuid_signature = NULL;
}

FIXTURE_TEARDOWN(box)
{
	lmb_test_rm_tree(self->root);
}

static void dmi(const char *root, const char *vendor, const char *product)
{
	char v[128], pr[128];

	snprintf(v, sizeof(v), "%s\n", vendor);
	snprintf(pr, sizeof(pr), "%s\n", product);
	lmb_test_put(root, "class/dmi/id/sys_vendor", v);
	lmb_test_put(root, "class/dmi/id/product_name", pr);
}

/* A device tree compatible list: NUL-separated, as the kernel shows it. */
static void dt_compatible(const char *root, const char *a, const char *b)
{
	char path[256];
	FILE *f;

	lmb_test_put(root, "firmware/devicetree/base/model", "x");
	snprintf(path, sizeof(path), "%s/firmware/devicetree/base/compatible", root);
	f = fopen(path, "w");
	if (!f)
		abort();
	fwrite(a, 1, strlen(a) + 1, f);
	if (b)
		fwrite(b, 1, strlen(b) + 1, f);
	fclose(f);
}

static void cpuinfo(FIXTURE_DATA(box) *self, const char *text)
{
	lmb_test_write_file(self->cpuinfo, text);
}

/* QEMU virt booted with a device tree, TCG's 62.5 MHz timer. */
TEST_F(box, qemu_tcg_by_device_tree)
{
	dt_compatible(self->root, "linux,dummy-virt", NULL);
	cpuinfo(self, ARM_CPUINFO("125.00"));
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_QEMU_TCG, self->vi.kind);
	EXPECT_STREQ("qemu-tcg", virt_kind_name(self->vi.kind));
	EXPECT_TRUE(virt_pmu_emulated(self->vi.kind));
	EXPECT_NE(NULL, strstr(self->vi.evidence, "linux,dummy-virt"));
	EXPECT_NE(NULL, strstr(self->vi.evidence, "62.5 MHz"));
}

/* UEFI + ACPI (arm64-host.sh): no device tree, QEMU's SMBIOS. */
TEST_F(box, qemu_tcg_by_dmi)
{
	dmi(self->root, "QEMU", "QEMU Virtual Machine");
	cpuinfo(self, ARM_CPUINFO("125.00") ARM_CPUINFO("125.00"));
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_QEMU_TCG, self->vi.kind);
	EXPECT_NE(NULL, strstr(self->vi.evidence, "DMI 'QEMU' 'QEMU Virtual Machine'"));
	EXPECT_NE(NULL, strstr(self->vi.evidence, "without KVM"));

	/* a newer QEMU's TCG timer: the board name still says TCG */
	cpuinfo(self, ARM_CPUINFO("2000.00"));
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_QEMU_TCG, self->vi.kind);
}

/* QEMU's arm virt board under KVM names itself so: the host's PMU. */
TEST_F(box, qemu_kvm_by_dmi)
{
	dmi(self->root, "QEMU", "KVM Virtual Machine");
	cpuinfo(self, ARM_CPUINFO("50.00"));
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_KVM, self->vi.kind);
	EXPECT_FALSE(virt_pmu_emulated(self->vi.kind));
}

/* QEMU, another board name and timer: KVM or a newer TCG; may be emulated. */
TEST_F(box, qemu_accelerator_unknown)
{
	dmi(self->root, "QEMU", "Standard PC (Q35 + ICH9, 2009)");
	cpuinfo(self, ARM_CPUINFO("50.00"));
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_QEMU, self->vi.kind);
	EXPECT_TRUE(virt_pmu_emulated(self->vi.kind));
	EXPECT_NE(NULL, strstr(self->vi.evidence, "accelerator unknown"));

	/* no cpuinfo at all: still QEMU, accelerator unknown */
	unlink(self->cpuinfo);
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_QEMU, self->vi.kind);
}

TEST_F(box, graviton_instance_and_metal)
{
	dmi(self->root, "Amazon EC2", "m7g.large");
	cpuinfo(self, ARM_CPUINFO("2100.00"));
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_KVM, self->vi.kind);
	EXPECT_FALSE(virt_pmu_emulated(self->vi.kind));

	dmi(self->root, "Amazon EC2", "c7g.metal");
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_NONE, self->vi.kind);
	EXPECT_FALSE(virt_pmu_emulated(self->vi.kind));
}

/* A board with a device tree of its own, no DMI: bare metal. */
TEST_F(box, arm_board_with_device_tree)
{
	dt_compatible(self->root, "ampere,mtjade", "arm,sbsa");
	cpuinfo(self, ARM_CPUINFO("50.00"));
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_NONE, self->vi.kind);
	EXPECT_NE(NULL, strstr(self->vi.evidence, "no sign of a hypervisor"));
}

TEST_F(box, server_with_dmi)
{
	dmi(self->root, "Ampere(TM)", "Mt.Jade");
	cpuinfo(self, ARM_CPUINFO("50.00"));
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_NONE, self->vi.kind);
	EXPECT_NE(NULL, strstr(self->vi.evidence, "Mt.Jade"));
}

TEST_F(box, x86_cpuid_signatures)
{
	static const struct {
		const char *sig;
		enum virt_kind kind;
	} cases[] = {
		{ "KVMKVMKVM", VIRT_KVM }, { "TCGTCGTCGTCG", VIRT_QEMU_TCG },
		{ "Microsoft Hv", VIRT_HYPERV }, { "VMwareVMware", VIRT_VMWARE },
		{ "XenVMMXenVMM", VIRT_XEN }, { "ACRNACRNACRN", VIRT_OTHER },
		{ "", VIRT_NONE },
	};

	cpuinfo(self, X86_CPUINFO("fpu sse2"));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		self->p.cpuid_signature = cases[i].sig;
		virt_detect(&self->p, &self->vi);
		EXPECT_EQ(cases[i].kind, self->vi.kind);
		EXPECT_EQ(cases[i].kind == VIRT_QEMU_TCG,
			  virt_pmu_emulated(self->vi.kind));
	}
	EXPECT_NE(NULL, strstr(self->vi.evidence, "hypervisor bit clear"));
}

/* Without CPUID: cpuinfo's hypervisor flag, /sys/hypervisor/type. */
TEST_F(box, flag_and_sys_hypervisor)
{
	cpuinfo(self, X86_CPUINFO("fpu hypervisor sse2"));
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_OTHER, self->vi.kind);
	EXPECT_STREQ("hypervisor", virt_kind_name(self->vi.kind));

	/* a word inside another is no flag */
	cpuinfo(self, X86_CPUINFO("fpu xhypervisor sse2"));
	dmi(self->root, "Dell Inc.", "PowerEdge R650");
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_NONE, self->vi.kind);

	lmb_test_put(self->root, "hypervisor/type", "xen\n");
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_XEN, self->vi.kind);
}

TEST_F(box, nothing_to_judge_by)
{
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_UNKNOWN, self->vi.kind);
	EXPECT_NE(NULL, strstr(self->vi.evidence, "nothing readable"));

	/* cpuinfo alone says nothing about a hypervisor on arm64 */
	cpuinfo(self, ARM_CPUINFO("125.00"));
	virt_detect(&self->p, &self->vi);
	EXPECT_EQ(VIRT_UNKNOWN, self->vi.kind);
	EXPECT_NE(NULL, strstr(self->vi.evidence, "no DMI and no device tree"));
	EXPECT_STREQ("unknown", virt_kind_name((enum virt_kind)99));
}

/*
 * The counters: an N1 PMU as QEMU shows it; DSB_SPEC (0x7d) is in
 * pmu-events for the N1 but not listed.  On the emulated CPU its 0 is
 * unavailable; on a real N1 (no sign of QEMU) it is trusted.
 */
TEST_F(box, emulated_core_zero_is_unavailable)
{
	const char *pmu = "bus/event_source/devices/armv8_pmuv3_0/";
	struct counter_set *cs;
	char rel[128], sum[768];

#define PUT(file, text) (snprintf(rel, sizeof(rel), "%s%s", pmu, file), \
			 lmb_test_put(self->root, rel, text))
	PUT("type", "10\n");
	PUT("cpus", "0-1\n");
	PUT("format/event", "config:0-15\n");
	PUT("events/cpu_cycles", "event=0x0011\n");
#undef PUT
	lmb_test_put(self->root,
		     "devices/system/cpu/cpu0/regs/identification/midr_el1",
		     "0x00000000414fd0c1\n");
	lmb_test_put(self->root, "bus/event_source/devices/software/type", "1\n");
	dmi(self->root, "QEMU", "QEMU Virtual Machine");
	cpuinfo(self, ARM_CPUINFO("125.00"));
	setenv("LMB_SYSFS_ROOT", self->root, 1);
	setenv("LMB_CPUINFO", self->cpuinfo, 1);
	setenv("LMB_LAZY_STATS", "/nonexistent/lazy_mmu/stats", 1);

	ASSERT_EQ(0, counters_parse("dsb_spec", &cs));
	counters_core_summary(cs, sum, sizeof(sum));
	if (strstr(sum, "not in"))
		SKIP(counters_free(cs); return,
		     "this build's pmu-events table has no Neoverse N1: %s", sum);
	EXPECT_NE(NULL, strstr(sum, "emulated (qemu-tcg"));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0),
			       "zero=unavailable(emulated CPU, qemu-tcg"));
	counters_free(cs);

	/*
	 * perf's generic events: cycles maps to the listed CPU_CYCLES, so
	 * its 0 is real; instructions to INST_RETIRED, which QEMU lists (and
	 * counts) only with -icount: its 0 is unavailable.
	 */
	ASSERT_EQ(0, counters_parse("cycles,instructions", &cs));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0),
			       "listed=yes(cpu_cycles) zero=trusted"));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 1),
			       "listed=no zero=unavailable(emulated CPU"));
	counters_free(cs);

	/* the same core, no QEMU in sight: pmu-events makes the 0 real */
	lmb_test_rm_tree(self->root);
	ASSERT_EQ(0, mkdir(self->root, 0700));
	lmb_test_put(self->root, "bus/event_source/devices/armv8_pmuv3_0/type", "10\n");
	lmb_test_put(self->root, "bus/event_source/devices/armv8_pmuv3_0/cpus", "0-1\n");
	lmb_test_put(self->root,
		     "devices/system/cpu/cpu0/regs/identification/midr_el1",
		     "0x00000000414fd0c1\n");
	dmi(self->root, "Ampere(TM)", "Mt.Snow");
	cpuinfo(self, ARM_CPUINFO("50.00"));
	ASSERT_EQ(0, counters_parse("dsb_spec", &cs));
	EXPECT_NE(NULL, strstr(counters_describe(cs, 0), "zero=trusted"));
	counters_free(cs);
	/* a real core's generic events are trusted as before */
	ASSERT_EQ(0, counters_parse("instructions", &cs));
	EXPECT_EQ(NULL, strstr(counters_describe(cs, 0), "listed="));
	EXPECT_EQ(NULL, strstr(counters_describe(cs, 0), "unavailable"));
	counters_free(cs);
}

TEST(window_rule_names_the_emulator)
{
	struct counter_window w = {
		.count = 0, .enabled = 1000, .running = 1000,
		.zero_trusted = false, .pmu = "armv8_pmuv3_0",
		.emulated = "qemu-tcg",
	};
	struct counter_value v;
	char why[256] = "";

	EXPECT_EQ(COUNTER_UNAVAILABLE, counter_judge_window(&w, &v, why, sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "emulated CPU (qemu-tcg)"));
	/* a count is a count, emulated or not */
	w.count = 7;
	EXPECT_EQ(COUNTER_OK, counter_judge_window(&w, &v, why, sizeof(why)));
	EXPECT_EQ(7.0, v.value);
}

TEST_HARNESS_MAIN
