/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Does the suite run under an emulator or a hypervisor?  Under an emulator
 * (QEMU TCG) the PMU is QEMU's model, not the core's: pmu-events may list
 * an event for the emulated core (by its MIDR) that QEMU opens and never
 * counts, so such a 0 is no measurement (counters.h).
 *
 * The evidence, each piece named in the result:
 *  - x86: CPUID leaf 1 ECX bit 31 (the "hypervisor" bit) and the vendor
 *    signature of leaf 0x40000000 ("KVMKVMKVM", "TCGTCGTCGTCG", ...),
 *    passed in by the caller (virt_cpuid_signature()); /proc/cpuinfo's
 *    "hypervisor" flag;
 *  - <sys>/hypervisor/type (Xen);
 *  - <sys>/firmware/devicetree/base/compatible holding "linux,dummy-virt"
 *    (QEMU's arm "virt" board, booted with a device tree);
 *  - <sys>/class/dmi/id/sys_vendor and product_name (QEMU's SMBIOS, as
 *    with UEFI/ACPI; its arm "virt" board says "KVM Virtual Machine" under
 *    KVM, "QEMU Virtual Machine" under TCG; "Amazon EC2" with ".metal"
 *    products = bare metal);
 *  - arm64: /proc/cpuinfo's BogoMIPS, twice the generic timer's MHz:
 *    125.00 is the 62.5 MHz that QEMU's TCG gives the "virt" board (KVM
 *    shows the host's timer), which tells TCG from KVM under QEMU.
 */
#ifndef LMB_VIRT_H
#define LMB_VIRT_H

#include <stdbool.h>
#include <stddef.h>

enum virt_kind {
	VIRT_UNKNOWN,		/* no evidence either way could be read */
	VIRT_NONE,		/* bare metal as far as the evidence goes */
	VIRT_QEMU_TCG,		/* QEMU emulating the CPU */
	VIRT_QEMU,		/* QEMU, accelerator unknown (TCG or KVM) */
	VIRT_KVM,
	VIRT_XEN,
	VIRT_HYPERV,
	VIRT_VMWARE,
	VIRT_OTHER,		/* a hypervisor of another name */
};

struct virt_info {
	enum virt_kind kind;
	char evidence[384];	/* what was found, "; "-separated */
};

struct virt_probe {
	const char *sysroot;	/* "/sys", or a test's fake tree */
	const char *cpuinfo;	/* "/proc/cpuinfo", or a test's file */
	/*
	 * x86 only: the CPUID hypervisor bit and the 12-byte vendor signature
	 * of leaf 0x40000000 ("" when the bit is clear); NULL elsewhere.
	 */
	const char *cpuid_signature;
};

/* Judge from @p's evidence; never fails (missing files are evidence too). */
void virt_detect(const struct virt_probe *p, struct virt_info *vi);
/* This machine: /sys (or $LMB_SYSFS_ROOT), /proc/cpuinfo (or $LMB_CPUINFO). */
void virt_detect_here(struct virt_info *vi);
/* "none", "qemu-tcg", "qemu", "kvm", "xen", "hyperv", "vmware", "hypervisor", "unknown". */
const char *virt_kind_name(enum virt_kind kind);
/*
 * Is the CPU (and with it the PMU) emulated, or may it be?  True for
 * qemu-tcg and for qemu with an unknown accelerator.
 */
bool virt_pmu_emulated(enum virt_kind kind);
/*
 * x86: the CPUID hypervisor signature into @buf ("" when the hypervisor bit
 * is clear); NULL on other machines.
 */
const char *virt_cpuid_signature(char *buf, size_t len);

#endif
