// SPDX-License-Identifier: GPL-2.0
/* Emulator or hypervisor underneath, from the evidence in virt.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "array_size.h"
#include "counters_pmu.h"
#include "host_paths.h"
#include "text.h"
#include "virt.h"

#define VIRT_FILE_MAX 65536

static const char *const kind_names[] = {
	[VIRT_UNKNOWN] = "unknown",	[VIRT_NONE] = "none",
	[VIRT_QEMU_TCG] = "qemu-tcg",	[VIRT_QEMU] = "qemu",
	[VIRT_KVM] = "kvm",		[VIRT_XEN] = "xen",
	[VIRT_HYPERV] = "hyperv",	[VIRT_VMWARE] = "vmware",
	[VIRT_OTHER] = "hypervisor",
};

const char *virt_kind_name(enum virt_kind kind)
{
	if ((size_t)kind >= ARRAY_SIZE(kind_names))
		return "unknown";
	return kind_names[kind];
}

bool virt_pmu_emulated(enum virt_kind kind)
{
	return kind == VIRT_QEMU_TCG || kind == VIRT_QEMU;
}

const char *virt_cpuid_signature(char *buf, size_t len)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d;
	char sig[13];

	if (!len)
		return NULL;
	buf[0] = '\0';
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 31)))
		return buf;
	__cpuid(0x40000000, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = '\0';
	snprintf(buf, len, "%s", sig[0] ? sig : "(empty)");
	return buf;
#else
	(void)buf;
	(void)len;
	return NULL;
#endif
}

/* Add "; " + formatted text to the evidence, as far as it fits. */
static void note(struct virt_info *vi, const char *fmt, const char *a,
		 const char *b)
{
	size_t used = strlen(vi->evidence);
	char piece[200];

	snprintf(piece, sizeof(piece), fmt, a, b);
	snprintf(vi->evidence + used, sizeof(vi->evidence) - used, "%s%s",
		 used ? "; " : "", piece);
}

/* The one-value file @sysroot/@rel, or NULL. */
static char *sys_value(const char *sysroot, const char *rel)
{
	char *path = text_printf("%s/%s", sysroot, rel), *v;

	if (!path)
		return NULL;
	v = text_read_value(path);
	free(path);
	return v;
}

/* Does the device tree's NUL-separated compatible list hold @want? */
static int dt_compatible(const char *sysroot, const char *want)
{
	char *path = text_printf("%s/firmware/devicetree/base/compatible",
				 sysroot);
	char buf[1024];
	size_t n, i;
	FILE *f;

	if (!path)
		return -1;
	f = fopen(path, "r");
	free(path);
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = '\n';
	buf[n] = '\0';
	for (char *s = strtok(buf, "\n"); s; s = strtok(NULL, "\n"))
		if (!strcmp(s, want))
			return 1;
	return 0;
}

/* The value of the first "@key : value" line of @cpuinfo, or NULL. */
static char *cpuinfo_field(const char *cpuinfo, const char *key)
{
	size_t klen = strlen(key);
	char *found = NULL;

	for (const char *l = cpuinfo; l && *l && !found; ) {
		const char *end = strchr(l, '\n'), *colon;

		if (!end)
			end = l + strlen(l);
		colon = memchr(l, ':', (size_t)(end - l));
		if (colon && !strncasecmp(l, key, klen) &&
		    strspn(l + klen, " \t") == (size_t)(colon - l - (long)klen)) {
			colon++;
			colon += strspn(colon, " \t");
			found = strndup(colon, (size_t)(end - colon));
		}
		l = *end ? end + 1 : end;
	}
	return found;
}

static bool has_word(const char *list, const char *word)
{
	size_t wl = strlen(word);

	for (const char *p = list; p && (p = strstr(p, word)); p += wl)
		if ((p == list || p[-1] == ' ') && (p[wl] == ' ' || !p[wl]))
			return true;
	return false;
}

static enum virt_kind kind_of_signature(const char *sig)
{
	static const struct {
		const char *prefix;
		enum virt_kind kind;
	} sigs[] = {
		{ "TCGTCGTCGTCG", VIRT_QEMU_TCG }, { "KVMKVMKVM", VIRT_KVM },
		{ "Microsoft Hv", VIRT_HYPERV }, { "VMwareVMware", VIRT_VMWARE },
		{ "XenVMMXenVMM", VIRT_XEN },
	};

	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		if (!strncmp(sig, sigs[i].prefix, strlen(sigs[i].prefix)))
			return sigs[i].kind;
	return VIRT_OTHER;
}

static enum virt_kind kind_of_dmi(const char *vendor, const char *product)
{
	if (!vendor)
		return VIRT_UNKNOWN;
	if (!strcmp(vendor, "QEMU"))
		return VIRT_QEMU;
	if (!strcmp(vendor, "Amazon EC2"))
		return product && strstr(product, ".metal") ? VIRT_NONE :
		       VIRT_KVM;
	if (strstr(vendor, "VMware"))
		return VIRT_VMWARE;
	if (!strcmp(vendor, "Xen"))
		return VIRT_XEN;
	if (!strcmp(vendor, "Microsoft Corporation") && product &&
	    !strcmp(product, "Virtual Machine"))
		return VIRT_HYPERV;
	if (!strcmp(vendor, "innotek GmbH") || !strcmp(vendor, "Google"))
		return VIRT_OTHER;
	return VIRT_NONE;
}

/*
 * Under QEMU: the arm "virt" board's SMBIOS product says "KVM Virtual
 * Machine" under KVM and "QEMU Virtual Machine" under TCG; else TCG when the
 * arm64 timer runs at TCG's 62.5 MHz.
 */
static enum virt_kind qemu_accel(const char *product, const char *bogomips,
				 struct virt_info *vi)
{
	if (product && !strcmp(product, "KVM Virtual Machine")) {
		note(vi, "QEMU's virt board names itself so under KVM%s%s", "", "");
		return VIRT_KVM;
	}
	if (product && !strcmp(product, "QEMU Virtual Machine")) {
		note(vi, "QEMU's virt board names itself so without KVM (TCG)%s%s",
		     "", "");
		return VIRT_QEMU_TCG;
	}
	if (!bogomips) {
		note(vi, "accelerator unknown (no BogoMIPS in cpuinfo)%s%s", "", "");
		return VIRT_QEMU;
	}
	if (!strcmp(bogomips, "125.00")) {
		note(vi, "BogoMIPS %s = 62.5 MHz timer, QEMU TCG's%s", bogomips, "");
		return VIRT_QEMU_TCG;
	}
	note(vi, "BogoMIPS %s: not TCG's 62.5 MHz timer, accelerator unknown%s",
	     bogomips, "");
	return VIRT_QEMU;
}

void virt_detect(const struct virt_probe *p, struct virt_info *vi)
{
	char *cpuinfo = text_read_file(p->cpuinfo, 4 * VIRT_FILE_MAX);
	char *hv = sys_value(p->sysroot, "hypervisor/type");
	char *vendor = sys_value(p->sysroot, "class/dmi/id/sys_vendor");
	char *product = sys_value(p->sysroot, "class/dmi/id/product_name");
	char *flags = cpuinfo ? cpuinfo_field(cpuinfo, "flags") : NULL;
	char *bogo = cpuinfo ? cpuinfo_field(cpuinfo, "BogoMIPS") : NULL;
	int dummy = dt_compatible(p->sysroot, "linux,dummy-virt");
	enum virt_kind dmi = kind_of_dmi(vendor, product);
	bool seen = cpuinfo || vendor || dummy >= 0 || p->cpuid_signature;

	vi->kind = VIRT_UNKNOWN;
	vi->evidence[0] = '\0';
	if (p->cpuid_signature && p->cpuid_signature[0])
		note(vi, "CPUID hypervisor bit set, signature '%s'%s",
		     p->cpuid_signature, "");
	else if (p->cpuid_signature)
		note(vi, "CPUID hypervisor bit clear%s%s", "", "");
	if (hv)
		note(vi, "%s/hypervisor/type: %s", p->sysroot, hv);
	if (dummy > 0)
		note(vi, "device tree compatible 'linux,dummy-virt' (QEMU virt board)%s%s",
		     "", "");
	if (vendor)
		note(vi, "DMI '%s' '%s'", vendor, product ? product : "?");
	if (flags && has_word(flags, "hypervisor"))
		note(vi, "cpuinfo flag 'hypervisor'%s%s", "", "");

	if (p->cpuid_signature && p->cpuid_signature[0])
		vi->kind = kind_of_signature(p->cpuid_signature);
	else if (hv && !strcmp(hv, "xen"))
		vi->kind = VIRT_XEN;
	else if (dummy > 0 || dmi == VIRT_QEMU)
		vi->kind = qemu_accel(product, bogo, vi);
	else if (dmi != VIRT_UNKNOWN && dmi != VIRT_NONE)
		vi->kind = dmi;
	else if (flags && has_word(flags, "hypervisor"))
		vi->kind = VIRT_OTHER;
	else if (dmi == VIRT_NONE || (p->cpuid_signature && seen))
		vi->kind = VIRT_NONE;
	else if (seen && !vendor && dummy < 0)
		note(vi, "no DMI and no device tree to judge by%s%s", "", "");
	else if (seen)
		vi->kind = VIRT_NONE;
	if (vi->kind == VIRT_NONE && !vi->evidence[0])
		note(vi, "no sign of a hypervisor%s%s", "", "");
	if (!seen)
		note(vi, "nothing readable: %s, %s/class/dmi, device tree",
		     p->cpuinfo, p->sysroot);
	free(cpuinfo);
	free(hv);
	free(vendor);
	free(product);
	free(flags);
	free(bogo);
}

void virt_detect_here(struct virt_info *vi)
{
	const char *ci = host_cpuinfo_path();
	bool fake = getenv("LMB_SYSFS_ROOT") && getenv("LMB_SYSFS_ROOT")[0];
	char sig[16];
	struct virt_probe p = {
		.sysroot = host_sysfs_root(),
		/* a fake sysfs root without LMB_CPUINFO: no cpuinfo, not the host's */
		.cpuinfo = ci ? ci : "",
		/* a test's fake tree stands for the whole machine */
		.cpuid_signature = fake ? NULL : virt_cpuid_signature(sig, sizeof(sig)),
	};

	virt_detect(&p, vi);
}
