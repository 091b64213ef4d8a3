// SPDX-License-Identifier: GPL-2.0
/* io_uring set-up for the io_uring workloads; see uring_util.h. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "uring_util.h"
#include "workload.h"

#define IO_URING_DISABLED_PATH "/proc/sys/kernel/io_uring_disabled"

int uring_disabled_sysctl(void)
{
	FILE *f = fopen(IO_URING_DISABLED_PATH, "re");
	int v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

int uring_open(struct io_uring *ring, unsigned int entries, unsigned int flags,
	       const char *who)
{
	int ret = io_uring_queue_init(entries, ring, flags);
	int disabled;

	if (!ret)
		return 0;
	switch (-ret) {
	case ENOSYS:
		lmb_warn("%s: skipped: this kernel has no io_uring (io_uring_setup: ENOSYS; CONFIG_IO_URING is off)",
			 who);
		return WL_SKIP;
	case EPERM:
	case EACCES:
		disabled = uring_disabled_sysctl();
		if (disabled == 2)
			lmb_warn("%s: skipped: io_uring is disabled for everyone (sysctl kernel.io_uring_disabled = 2); set it to 0 to run this workload",
				 who);
		else if (disabled == 1)
			lmb_warn("%s: skipped: io_uring is limited to root and kernel.io_uring_group (sysctl kernel.io_uring_disabled = 1): run as root or join that group",
				 who);
		else
			lmb_warn("%s: skipped: io_uring_setup was refused (%s) although kernel.io_uring_disabled is %d: a seccomp sandbox (container runtime) probably forbids io_uring",
				 who, strerror(-ret), disabled);
		return WL_SKIP;
	default:
		lmb_err("%s: io_uring_queue_init(%u entries) failed: %s; check RLIMIT_MEMLOCK (ulimit -l) and free memory",
			who, entries, strerror(-ret));
		return -1;
	}
}

int uring_require_op(struct io_uring *ring, int op, const char *op_name,
		     const char *who)
{
	struct io_uring_probe *probe = io_uring_get_probe_ring(ring);
	int ok;

	if (!probe) {
		lmb_warn("%s: skipped: the kernel cannot list its io_uring opcodes (IORING_REGISTER_PROBE, 5.6+), so %s cannot be checked",
			 who, op_name);
		return WL_SKIP;
	}
	ok = io_uring_opcode_supported(probe, op);
	io_uring_free_probe(probe);
	if (ok)
		return 0;
	lmb_warn("%s: skipped: this kernel's io_uring does not support %s", who,
		 op_name);
	return WL_SKIP;
}

int uring_serial_worker(struct io_uring *ring, const char *who)
{
	unsigned int max[2] = { 1, 1 };	/* bounded, unbounded */
	cpu_set_t set;
	int ret;

	ret = io_uring_register_iowq_max_workers(ring, max);
	if (ret) {
		lmb_err("%s: limiting io_uring's io-wq to one worker failed: %s",
			who, strerror(-ret));
		return -1;
	}
	if (sched_getaffinity(0, sizeof(set), &set)) {
		lmb_err("%s: sched_getaffinity failed: %s", who, strerror(errno));
		return -1;
	}
	ret = io_uring_register_iowq_aff(ring, sizeof(set), &set);
	if (ret) {
		lmb_err("%s: pinning io_uring's io-wq worker to this thread's CPUs failed: %s",
			who, strerror(-ret));
		return -1;
	}
	return 0;
}
