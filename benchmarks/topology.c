// SPDX-License-Identifier: GPL-2.0
/* Machine topology and CPU placement through hwloc (see topology.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hwloc.h>

#include "array_size.h"
#include "log.h"
#include "text.h"
#include "topology.h"

struct topo {
	hwloc_topology_t h;
	hwloc_bitmap_t usable;	/* online & allowed & initial affinity */
};

struct topo *topo_open(void)
{
	struct topo *t = calloc(1, sizeof(*t));
	hwloc_bitmap_t bound;

	if (!t) {
		lmb_err("hwloc topology: out of memory");
		return NULL;
	}
	if (hwloc_topology_init(&t->h)) {
		lmb_err("hwloc_topology_init failed: %s", strerror(errno));
		free(t);
		return NULL;
	}
	/* Describe the whole machine; what this process may use is t->usable. */
	if (hwloc_topology_set_flags(t->h, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED) ||
	    hwloc_topology_load(t->h)) {
		lmb_err("hwloc could not discover the machine topology: %s; check that /sys/devices/system/cpu is readable",
			strerror(errno));
		hwloc_topology_destroy(t->h);
		free(t);
		return NULL;
	}
	t->usable = hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(t->h));
	bound = hwloc_bitmap_alloc();
	if (!t->usable || !bound) {
		lmb_err("hwloc topology: out of memory");
		hwloc_bitmap_free(bound);
		topo_close(t);
		return NULL;
	}
	hwloc_bitmap_and(t->usable, t->usable,
			 hwloc_topology_get_topology_cpuset(t->h));
	if (!hwloc_get_cpubind(t->h, bound, HWLOC_CPUBIND_PROCESS))
		hwloc_bitmap_and(t->usable, t->usable, bound);
	hwloc_bitmap_free(bound);
	if (hwloc_bitmap_iszero(t->usable)) {
		lmb_err("no usable CPU: the process's affinity and the allowed cpuset do not overlap");
		topo_close(t);
		return NULL;
	}
	return t;
}

void topo_close(struct topo *t)
{
	if (!t)
		return;
	hwloc_bitmap_free(t->usable);
	hwloc_topology_destroy(t->h);
	free(t);
}

int topo_nr_pus(struct topo *t)
{
	return hwloc_bitmap_weight(t->usable);
}

/* "2 cores" / "1 core"; "" when the type is absent from the topology. */
static char *count_of(struct topo *t, hwloc_obj_type_t type, const char *what)
{
	int n = hwloc_get_nbobjs_by_type(t->h, type);

	if (n <= 0)
		return strdup("");
	return text_printf("%d %s%s, ", n, what, n == 1 ? "" : "s");
}

static char *size_str(unsigned long long bytes)
{
	if (bytes && !(bytes % (1ull << 20)))
		return text_printf("%lluMB", bytes >> 20);
	if (bytes && !(bytes % 1024))
		return text_printf("%lluKB", bytes >> 10);
	return text_printf("%lluB", bytes);
}

/* "L3 32MB" or "2x L3 32MB"; the last-level data or unified cache. */
static char *llc_str(struct topo *t)
{
	static const hwloc_obj_type_t levels[] = {
		HWLOC_OBJ_L5CACHE, HWLOC_OBJ_L4CACHE, HWLOC_OBJ_L3CACHE,
		HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L1CACHE,
	};
	hwloc_obj_t c;
	char *size, *s;
	size_t i;
	int n;

	for (i = 0; i < ARRAY_SIZE(levels); i++) {
		n = hwloc_get_nbobjs_by_type(t->h, levels[i]);
		c = hwloc_get_obj_by_type(t->h, levels[i], 0);
		if (n <= 0 || !c || !c->attr)
			continue;
		size = size_str(c->attr->cache.size);
		if (!size)
			return NULL;
		if (n == 1)
			s = text_printf("L%u %s", c->attr->cache.depth, size);
		else
			s = text_printf("%dx L%u %s", n, c->attr->cache.depth,
				       size);
		free(size);
		return s;
	}
	return strdup("no cache information");
}

char *topo_summary(struct topo *t)
{
	char *pkg = count_of(t, HWLOC_OBJ_PACKAGE, "package");
	char *numa = count_of(t, HWLOC_OBJ_NUMANODE, "NUMA node");
	char *core = count_of(t, HWLOC_OBJ_CORE, "core");
	char *pu = count_of(t, HWLOC_OBJ_PU, "PU");
	char *llc = llc_str(t), *usable = NULL, *s = NULL;
	int all = hwloc_get_nbobjs_by_type(t->h, HWLOC_OBJ_PU);

	if (topo_nr_pus(t) < all)
		usable = text_printf(", %d of %d PUs usable", topo_nr_pus(t),
				    all);
	else
		usable = strdup("");
	if (pkg && numa && core && pu && llc && usable)
		s = text_printf("%s%s%s%s%s%s", pkg, numa, core, pu, llc, usable);
	free(pkg);
	free(numa);
	free(core);
	free(pu);
	free(llc);
	free(usable);
	return s;
}

static char *set_str(hwloc_const_bitmap_t set)
{
	char *s = NULL;

	if (hwloc_bitmap_list_asprintf(&s, set) < 0)
		return NULL;
	return s;
}

/* Is @pu usable?  If not, say why and what to pick instead. */
static int check_pu(struct topo *t, int pu)
{
	char *ok = set_str(t->usable);
	const char *why;
	char *online;

	if (pu >= 0 && hwloc_bitmap_isset(t->usable, (unsigned int)pu)) {
		free(ok);
		return 0;
	}
	if (pu < 0)
		why = "is not a CPU number";
	else if (!hwloc_bitmap_isset(hwloc_topology_get_complete_cpuset(t->h),
				     (unsigned int)pu))
		why = "does not exist on this machine";
	else if (!hwloc_bitmap_isset(hwloc_topology_get_topology_cpuset(t->h),
				     (unsigned int)pu))
		why = "is offline (bring it online through /sys/devices/system/cpu/cpuN/online)";
	else if (!hwloc_bitmap_isset(hwloc_topology_get_allowed_cpuset(t->h),
				     (unsigned int)pu))
		why = "is not allowed by this process's cgroup cpuset";
	else
		why = "is outside the CPU affinity this process was started with (taskset?)";
	online = set_str(hwloc_topology_get_topology_cpuset(t->h));
	lmb_err("CPU %d %s; pick one of the usable CPUs %s (online: %s)",
		pu, why, ok ? ok : "?", online ? online : "?");
	free(online);
	free(ok);
	return -1;
}

int topo_pick_pu(struct topo *t, int requested)
{
	if (requested == -1)
		return hwloc_bitmap_last(t->usable);
	return check_pu(t, requested) ? -1 : requested;
}

int topo_pin_self(struct topo *t, int pu)
{
	hwloc_bitmap_t set;
	int ret;

	if (check_pu(t, pu))
		return -1;
	set = hwloc_bitmap_alloc();
	if (!set) {
		lmb_err("pinning to CPU %d: out of memory", pu);
		return -1;
	}
	hwloc_bitmap_only(set, (unsigned int)pu);
	ret = hwloc_set_cpubind(t->h, set, HWLOC_CPUBIND_THREAD);
	if (ret)
		lmb_err("pinning the measuring thread to CPU %d failed: %s; pick another CPU or run without pinning",
			pu, strerror(errno));
	hwloc_bitmap_free(set);
	return ret ? -1 : 0;
}

int topo_pu_info(struct topo *t, int pu, int *core, int *package, int *numa)
{
	hwloc_obj_t obj, anc, node = NULL;

	if (pu < 0)
		return -1;
	obj = hwloc_get_pu_obj_by_os_index(t->h, (unsigned int)pu);
	if (!obj)
		return -1;
	if (core) {
		anc = hwloc_get_ancestor_obj_by_type(t->h, HWLOC_OBJ_CORE, obj);
		*core = anc ? (int)anc->logical_index : -1;
	}
	if (package) {
		anc = hwloc_get_ancestor_obj_by_type(t->h, HWLOC_OBJ_PACKAGE,
						     obj);
		*package = anc ? (int)anc->logical_index : -1;
	}
	if (numa) {
		/* NUMA nodes hang off the tree as memory children: match cpusets. */
		while ((node = hwloc_get_next_obj_by_type(t->h,
							  HWLOC_OBJ_NUMANODE,
							  node)))
			if (hwloc_bitmap_isset(node->cpuset, (unsigned int)pu))
				break;
		*numa = node ? (int)node->os_index : -1;
	}
	return 0;
}

int topo_usable_pus(struct topo *t, int *pus, int max)
{
	hwloc_obj_t obj = NULL;
	int n = 0;

	while ((obj = hwloc_get_next_obj_by_type(t->h, HWLOC_OBJ_PU, obj))) {
		if (!hwloc_bitmap_isset(t->usable, obj->os_index))
			continue;
		if (n < max)
			pus[n] = (int)obj->os_index;
		n++;
	}
	return n;
}
