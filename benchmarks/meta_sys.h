/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Metadata values summarised from sysfs directories.  The directory is a
 * parameter so that tests can point at a fake tree.  Each returns a new
 * string ("unknown (<why>)" when unreadable); NULL only when out of memory.
 */
#ifndef LMB_META_SYS_H
#define LMB_META_SYS_H

#define SYS_THP_DIR	"/sys/kernel/mm/transparent_hugepage"
#define SYS_CPU_DIR	"/sys/devices/system/cpu"
#define SYS_PMU_DIR	"/sys/bus/event_source/devices"

/* mTHP sizes and their setting, by size: "64kB:never 2048kB:inherit". */
char *thp_sizes_summary(const char *thp_dir);
/* cpufreq governor of every CPU: "performance", "mixed: a x2, b x2", "unknown (no cpufreq)". */
char *governor_summary(const char *cpu_dir);
/*
 * PMUs other than the software-only ones (software, tracepoint, breakpoint,
 * kprobe, uprobe, msr); numbered instances grouped: "cpu uncore_cha_* (60)".
 * "none (software events only)" when there is no other.
 */
char *pmu_summary(const char *pmu_dir);
/*
 * Bytes a PMD maps with a @base_page granule (4K -> 2M, 16K -> 32M,
 * 64K -> 512M: a table page of 8-byte entries); 0 for another size.
 */
unsigned long long pmd_size_for(unsigned long base_page);

#endif
