/* SPDX-License-Identifier: GPL-2.0 */
/* io_uring set-up shared by the io_uring workloads (liburing). */
#ifndef LMB_URING_UTIL_H
#define LMB_URING_UTIL_H

#include <stddef.h>

#include <liburing.h>

/*
 * io_uring_queue_init(@entries, @flags) for workload @who.  Returns 0;
 * WL_SKIP after a warning naming the reason when io_uring cannot be used
 * here (ENOSYS: kernel without io_uring; EPERM/EACCES: the
 * kernel.io_uring_disabled sysctl, or a seccomp sandbox); -1 + message on
 * any other error.
 */
int uring_open(struct io_uring *ring, unsigned int entries, unsigned int flags,
	       const char *who);
/* 0 if the kernel knows opcode @op; WL_SKIP + warning if not. */
int uring_require_op(struct io_uring *ring, int op, const char *op_name,
		     const char *who);
/*
 * Make the ring's async work run serially on one io-wq worker allowed on
 * the CPUs the calling thread may use (its pin).  0, or -1 + message.
 */
int uring_serial_worker(struct io_uring *ring, const char *who);
/* Current value of /proc/sys/kernel/io_uring_disabled, -1 if absent. */
int uring_disabled_sysctl(void);

#endif
