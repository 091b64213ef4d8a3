// SPDX-License-Identifier: GPL-2.0
/* Where sysfs and /proc/cpuinfo are read from; see host_paths.h. */
#include <stdlib.h>

#include "host_paths.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

const char *host_sysfs_root(void)
{
	const char *root = env("LMB_SYSFS_ROOT");

	return root ? root : "/sys";
}

const char *host_cpuinfo_path(void)
{
	if (env("LMB_CPUINFO"))
		return env("LMB_CPUINFO");
	return env("LMB_SYSFS_ROOT") ? NULL : "/proc/cpuinfo";
}

bool host_paths_real(void)
{
	return !env("LMB_SYSFS_ROOT") && !env("LMB_CPUINFO");
}
