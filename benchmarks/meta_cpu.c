// SPDX-License-Identifier: GPL-2.0
/* CPU identification (see meta_cpu.h). */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_size.h"
#include "meta_cpu.h"
#include "text.h"

#ifdef __aarch64__
#include <sys/auxv.h>
#ifndef HWCAP_CPUID
#define HWCAP_CPUID	(1 << 11)
#endif
#endif

#define MAX_KINDS	8	/* distinct MIDR values listed */

static const struct {
	unsigned int id;
	const char *name;
} implementers[] = {
	{ 0x00, "software-defined (e.g. QEMU max)" }, { 0x41, "Arm" }, { 0x42, "Broadcom" }, { 0x43, "Cavium" },
	{ 0x46, "Fujitsu" }, { 0x48, "HiSilicon" }, { 0x4e, "NVIDIA" },
	{ 0x50, "Applied Micro" }, { 0x51, "Qualcomm" }, { 0x53, "Samsung" },
	{ 0x61, "Apple" }, { 0x6d, "Microsoft" }, { 0xc0, "Ampere" },
};

static const struct {
	unsigned int implementer, part;
	const char *name;
} parts[] = {
	{ 0x41, 0xd00, "Foundation model" }, { 0x41, 0xd03, "Cortex-A53" },
	{ 0x41, 0xd04, "Cortex-A35" }, { 0x41, 0xd05, "Cortex-A55" },
	{ 0x41, 0xd06, "Cortex-A65" }, { 0x41, 0xd07, "Cortex-A57" },
	{ 0x41, 0xd08, "Cortex-A72" }, { 0x41, 0xd09, "Cortex-A73" },
	{ 0x41, 0xd0a, "Cortex-A75" }, { 0x41, 0xd0b, "Cortex-A76" },
	{ 0x41, 0xd0c, "Neoverse N1" }, { 0x41, 0xd0d, "Cortex-A77" },
	{ 0x41, 0xd0e, "Cortex-A76AE" }, { 0x41, 0xd0f, "AEMv8 model" },
	{ 0x41, 0xd40, "Neoverse V1" }, { 0x41, 0xd41, "Cortex-A78" },
	{ 0x41, 0xd42, "Cortex-A78AE" }, { 0x41, 0xd43, "Cortex-A65AE" },
	{ 0x41, 0xd44, "Cortex-X1" }, { 0x41, 0xd46, "Cortex-A510" },
	{ 0x41, 0xd47, "Cortex-A710" }, { 0x41, 0xd48, "Cortex-X2" },
	{ 0x41, 0xd49, "Neoverse N2" }, { 0x41, 0xd4a, "Neoverse E1" },
	{ 0x41, 0xd4b, "Cortex-A78C" }, { 0x41, 0xd4c, "Cortex-X1C" },
	{ 0x41, 0xd4d, "Cortex-A715" }, { 0x41, 0xd4e, "Cortex-X3" },
	{ 0x41, 0xd4f, "Neoverse V2" }, { 0x41, 0xd80, "Cortex-A520" },
	{ 0x41, 0xd81, "Cortex-A720" }, { 0x41, 0xd82, "Cortex-X4" },
	{ 0x41, 0xd83, "Neoverse V3AE" }, { 0x41, 0xd84, "Neoverse V3" },
	{ 0x41, 0xd85, "Cortex-X925" }, { 0x41, 0xd87, "Cortex-A725" },
	{ 0x41, 0xd88, "Cortex-A520AE" }, { 0x41, 0xd89, "Cortex-A720AE" },
	{ 0x41, 0xd8a, "C1-Nano" }, { 0x41, 0xd8b, "C1-Pro" },
	{ 0x41, 0xd8c, "C1-Ultra" }, { 0x41, 0xd8e, "Neoverse N3" },
	{ 0x41, 0xd90, "C1-Premium" },
	{ 0x42, 0x516, "Vulcan" },
	{ 0x43, 0x0a1, "ThunderX" }, { 0x43, 0x0a2, "ThunderX 81xx" },
	{ 0x43, 0x0a3, "ThunderX 83xx" }, { 0x43, 0x0af, "ThunderX2" },
	{ 0x46, 0x001, "A64FX" },
	{ 0x48, 0xd01, "TaiShan v110 (Kunpeng 920)" }, { 0x48, 0xd02, "HIP09" },
	{ 0x4e, 0x003, "Denver" }, { 0x4e, 0x004, "Carmel" },
	{ 0x4e, 0x010, "Olympus" },
	{ 0x50, 0x000, "X-Gene" },
	{ 0x51, 0x001, "Oryon" }, { 0x51, 0x801, "Kryo 2xx Silver" },
	{ 0x51, 0x802, "Kryo 3xx Gold" }, { 0x51, 0x803, "Kryo 3xx Silver" },
	{ 0x51, 0x804, "Kryo 4xx Gold" }, { 0x51, 0x805, "Kryo 4xx Silver" },
	{ 0x51, 0xc00, "Falkor" },
	{ 0x61, 0x022, "M1 Icestorm" }, { 0x61, 0x023, "M1 Firestorm" },
	{ 0x61, 0x024, "M1 Pro Icestorm" }, { 0x61, 0x025, "M1 Pro Firestorm" },
	{ 0x61, 0x028, "M1 Max Icestorm" }, { 0x61, 0x029, "M1 Max Firestorm" },
	{ 0x61, 0x032, "M2 Blizzard" }, { 0x61, 0x033, "M2 Avalanche" },
	{ 0x61, 0x034, "M2 Pro Blizzard" }, { 0x61, 0x035, "M2 Pro Avalanche" },
	{ 0x61, 0x038, "M2 Max Blizzard" }, { 0x61, 0x039, "M2 Max Avalanche" },
	{ 0x6d, 0xd49, "Azure Cobalt 100 (Neoverse N2)" },
	{ 0xc0, 0xac3, "AmpereOne" }, { 0xc0, 0xac4, "AmpereOne AC04" },
};

const char *midr_implementer_name(unsigned int implementer)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(implementers); i++)
		if (implementers[i].id == implementer)
			return implementers[i].name;
	return NULL;
}

const char *midr_part_name(unsigned int implementer, unsigned int part)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(parts); i++)
		if (parts[i].implementer == implementer && parts[i].part == part)
			return parts[i].name;
	return NULL;
}

char *midr_describe(uint64_t midr)
{
	unsigned int imp = MIDR_IMPLEMENTER(midr), part = MIDR_PARTNUM(midr);
	unsigned int var = MIDR_VARIANT(midr), rev = MIDR_REVISION(midr);
	const char *iname = midr_implementer_name(imp);
	const char *pname = midr_part_name(imp, part);

	if (iname && pname)
		return text_printf("%s %s r%up%u", iname, pname, var, rev);
	if (iname)
		return text_printf("%s part 0x%03x r%up%u", iname, part, var, rev);
	return text_printf("implementer 0x%02x part 0x%03x r%up%u",
			  imp, part, var, rev);
}

struct midr_kinds {
	uint64_t midr[MAX_KINDS];
	unsigned int count[MAX_KINDS];
	unsigned int n, more;	/* more: CPUs whose kind did not fit */
};

static void kinds_add(struct midr_kinds *k, uint64_t midr)
{
	unsigned int i;

	for (i = 0; i < k->n; i++) {
		if (k->midr[i] == midr) {
			k->count[i]++;
			return;
		}
	}
	if (k->n == MAX_KINDS) {
		k->more++;
		return;
	}
	k->midr[k->n] = midr;
	k->count[k->n++] = 1;
}

/* MIDR_EL1 of every CPU from sysfs (arm64 kernels since 4.7). */
static void midr_from_sysfs(struct midr_kinds *k)
{
	glob_t g;
	size_t i;

	if (glob("/sys/devices/system/cpu/cpu[0-9]*/regs/identification/midr_el1",
		 0, NULL, &g))
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		char *v = text_read_value(g.gl_pathv[i]), *end;
		unsigned long long midr;

		if (!v)
			continue;
		midr = strtoull(v, &end, 16);
		if (end != v && !*end)
			kinds_add(k, midr);
		free(v);
	}
	globfree(&g);
}

/* A "name<tabs>: value" line of /proc/cpuinfo: the value if it is @name. */
static const char *cpuinfo_field(const char *line, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(line, name, n))
		return NULL;
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line != ':')
		return NULL;
	line++;
	while (*line == ' ')
		line++;
	return line;
}

enum cpuinfo_key {
	CPUINFO_PROCESSOR,
	CPUINFO_IMPLEMENTER,
	CPUINFO_VARIANT,
	CPUINFO_PART,
	CPUINFO_REVISION,
};

static const char *const cpuinfo_keys[] = {
	[CPUINFO_PROCESSOR] = "processor",
	[CPUINFO_IMPLEMENTER] = "CPU implementer",
	[CPUINFO_VARIANT] = "CPU variant",
	[CPUINFO_PART] = "CPU part",
	[CPUINFO_REVISION] = "CPU revision",
};

/* Which enum cpuinfo_key line @l holds, its value in @v; -1: another line. */
static int cpuinfo_line(const char *l, const char **v)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cpuinfo_keys); i++) {
		*v = cpuinfo_field(l, cpuinfo_keys[i]);
		if (*v)
			return (int)i;
	}
	return -1;
}

/* arm64 /proc/cpuinfo: one MIDR per processor block, ending at "CPU revision". */
static void midr_from_cpuinfo(const char *cpuinfo, struct midr_kinds *k)
{
	unsigned long imp = 0, var = 0, arch = 0xf, part = 0;
	const char *l, *v;

	for (l = cpuinfo; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		switch (cpuinfo_line(l, &v)) {
		case CPUINFO_IMPLEMENTER:
			imp = strtoul(v, NULL, 0);
			break;
		case CPUINFO_VARIANT:
			var = strtoul(v, NULL, 0);
			break;
		case CPUINFO_PART:
			part = strtoul(v, NULL, 0);
			break;
		case CPUINFO_REVISION:
			kinds_add(k, (imp & 0xff) << 24 | (var & 0xf) << 20 |
				     (arch & 0xf) << 16 | (part & 0xfff) << 4 |
				     (strtoul(v, NULL, 0) & 0xf));
			break;
		}
	}
}

/*
 * MIDR_EL1 read with mrs: the kernel emulates the access when HWCAP_CPUID is
 * set, and so does qemu-user (where sysfs and /proc/cpuinfo are the host's).
 * Only the CPU this runs on.  Returns 1 if it read one.
 */
static int midr_from_mrs(struct midr_kinds *k)
{
#ifdef __aarch64__
	uint64_t midr;

	if (!(getauxval(AT_HWCAP) & HWCAP_CPUID))
		return 0;
	__asm__ volatile("mrs %0, midr_el1" : "=r"(midr));
	kinds_add(k, midr);
	return 1;
#else
	(void)k;
	return 0;
#endif
}

/* The first model-name-like /proc/cpuinfo field, flattened; NULL if none. */
static char *cpuinfo_model_name(const char *cpuinfo)
{
	static const char *const names[] = {
		"model name", "cpu model", "uarch", "cpu", "Processor",
	};
	const char *l, *v, *end;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		for (l = cpuinfo; l && *l;
		     l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
			v = cpuinfo_field(l, names[i]);
			if (!v)
				continue;
			end = strchr(v, '\n');
			return strndup(v, end ? (size_t)(end - v) : strlen(v));
		}
	}
	return NULL;
}

/* "4x A + 4x B" or just "A"; the MIDR list "0x... 0x...". */
static int describe_kinds(const struct midr_kinds *k, const char *how,
			  char **model, char **midr)
{
	char *m = strdup(""), *h = strdup(""), *d, *t;
	unsigned int i;

	for (i = 0; m && h && i < k->n; i++) {
		d = midr_describe(k->midr[i]);
		if (!d)
			break;
		if (k->n == 1 && !k->more)
			t = text_printf("%s", d);
		else
			t = text_printf("%s%s%ux %s", m, i ? " + " : "",
				       k->count[i], d);
		free(d);
		free(m);
		m = t;
		t = text_printf("%s%s0x%08llx", h, i ? " " : "",
			       (unsigned long long)k->midr[i]);
		free(h);
		h = t;
	}
	if (m && h && k->more) {
		t = text_printf("%s + %u more CPUs of other kinds", m, k->more);
		free(m);
		m = t;
	}
	if (m && h && *how) {
		t = text_printf("%s %s", h, how);
		free(h);
		h = t;
	}
	if (!m || !h || i < k->n) {
		free(m);
		free(h);
		return -1;
	}
	*model = m;
	*midr = h;
	return 0;
}

static int is_arm64(const char *arch)
{
	return !strcmp(arch, "aarch64") || !strcmp(arch, "arm64");
}

int cpu_identify(const char *arch, char **model, char **midr)
{
	struct midr_kinds k = { .n = 0 };
	char *cpuinfo = text_read_file("/proc/cpuinfo", 1 << 22), *name;
	const char *how = "";

	*model = *midr = NULL;
	midr_from_sysfs(&k);
	if (!k.n && cpuinfo) {
		midr_from_cpuinfo(cpuinfo, &k);
		how = "(from /proc/cpuinfo)";
	}
	if (!k.n && midr_from_mrs(&k))
		how = "(mrs on one CPU; sysfs and /proc/cpuinfo had none)";
	if (k.n) {
		free(cpuinfo);
		return describe_kinds(&k, how, model, midr);
	}
	name = cpuinfo ? cpuinfo_model_name(cpuinfo) : NULL;
	free(cpuinfo);
	if (is_arm64(arch)) {
		/* e.g. qemu-user: an arm64 binary on another CPU's kernel */
		*midr = text_unknown("no regs/identification/midr_el1 in sysfs, no CPU part in /proc/cpuinfo");
		*model = name ? text_unknown("no MIDR_EL1; /proc/cpuinfo says '%s' (emulated?)", name) :
			 text_unknown("no MIDR_EL1 and no model name in /proc/cpuinfo");
	} else {
		*midr = text_printf("n/a (%s)", arch);
		*model = name ? strdup(name) :
			 text_unknown("no model name in /proc/cpuinfo");
	}
	free(name);
	if (!*model || !*midr) {
		free(*model);
		free(*midr);
		*model = *midr = NULL;
		return -1;
	}
	return 0;
}

/* The MIDR of the "processor : @cpu" block of a /proc/cpuinfo text. */
static int midr_of_cpuinfo_block(const char *text, int cpu, uint64_t *midr)
{
	unsigned long imp = 0, var = 0, part = 0;
	long proc = -1;
	const char *l, *v;

	for (l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		switch (cpuinfo_line(l, &v)) {
		case CPUINFO_PROCESSOR:
			proc = strtol(v, NULL, 10);
			break;
		case CPUINFO_IMPLEMENTER:
			imp = strtoul(v, NULL, 0);
			break;
		case CPUINFO_VARIANT:
			var = strtoul(v, NULL, 0);
			break;
		case CPUINFO_PART:
			part = strtoul(v, NULL, 0);
			break;
		case CPUINFO_REVISION:
			if (proc != cpu)
				break;
			*midr = (imp & 0xff) << 24 | (var & 0xf) << 20 |
				0xfUL << 16 | (part & 0xfff) << 4 |
				(strtoul(v, NULL, 0) & 0xf);
			return 0;
		}
	}
	return -1;
}

int cpu_midr_of(const char *sysroot, const char *cpuinfo, int cpu,
		uint64_t *midr, const char **how)
{
	struct midr_kinds k = { .n = 0 };
	char path[256], *v, *end;
	int ret = -1;

	snprintf(path, sizeof(path),
		 "%s/devices/system/cpu/cpu%d/regs/identification/midr_el1",
		 sysroot, cpu);
	v = text_read_value(path);
	if (v) {
		*midr = strtoull(v, &end, 16);
		ret = end != v && !*end ? 0 : -1;
		free(v);
		*how = "sysfs";
		if (!ret)
			return 0;
	}
	v = text_read_file(cpuinfo, 1 << 22);
	if (v) {
		ret = midr_of_cpuinfo_block(v, cpu, midr);
		free(v);
		*how = "cpuinfo";
		if (!ret)
			return 0;
	}
	if (midr_from_mrs(&k)) {
		*midr = k.midr[0];
		*how = "mrs";
		return 0;
	}
	return -1;
}
