// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal /init for running lazy_mmu_test in a QEMU guest from an
 * initramfs that holds nothing else: mount proc, sysfs and devtmpfs (for
 * /dev/kmsg and the console), run /lazy_mmu_test, print its exit status on
 * a line of its own and power the machine off.  Build it static.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define TEST_PATH "/lazy_mmu_test"

static void mount_fs(const char *type, const char *dir)
{
	mkdir(dir, 0755);
	if (mount(type, dir, type, 0, NULL) && errno != EBUSY)
		fprintf(stderr, "init: mount of %s on %s failed: %s\n", type,
			dir, strerror(errno));
}

/* The kernel leaves fds 0-2 closed if the initramfs has no /dev/console. */
static void open_console(void)
{
	int fd;

	if (fcntl(1, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

int main(void)
{
	char *argv[] = { "lazy_mmu_test", NULL };
	int status = 0;
	pid_t pid;

	mount_fs("devtmpfs", "/dev");
	open_console();
	mount_fs("proc", "/proc");
	mount_fs("sysfs", "/sys");
	mount_fs("debugfs", "/sys/kernel/debug");

	printf("init: running %s\n", TEST_PATH);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execv(TEST_PATH, argv);
		fprintf(stderr, "init: exec of %s failed: %s\n", TEST_PATH,
			strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		printf("init: LAZY_MMU_TEST_RESULT=error (fork/wait: %s)\n",
		       strerror(errno));
	else if (WIFEXITED(status))
		printf("init: LAZY_MMU_TEST_RESULT=exit %d\n",
		       WEXITSTATUS(status));
	else
		printf("init: LAZY_MMU_TEST_RESULT=signal %d\n",
		       WTERMSIG(status));
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;	/* not reached; PID 1 exiting would panic */
}
