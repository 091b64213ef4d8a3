/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where this machine's sysfs and /proc/cpuinfo are read from.  Tests and
 * fixtures of other CPUs point the suite at a fake tree: LMB_SYSFS_ROOT
 * replaces /sys, LMB_CPUINFO replaces /proc/cpuinfo.  With a fake sysfs
 * root and no LMB_CPUINFO, the real /proc/cpuinfo (and mrs) would describe
 * another machine than that tree, so none is read: one report never mixes
 * the fake PMU with the real host's CPU.
 */
#ifndef LMB_HOST_PATHS_H
#define LMB_HOST_PATHS_H

#include <stdbool.h>

/* "/sys", or LMB_SYSFS_ROOT. */
const char *host_sysfs_root(void);
/* "/proc/cpuinfo", LMB_CPUINFO, or NULL (fake sysfs root without LMB_CPUINFO). */
const char *host_cpuinfo_path(void);
/* True when neither is faked: the CPU we run on is the one described. */
bool host_paths_real(void);

#endif
