// SPDX-License-Identifier: GPL-2.0
/*
 * Tiny static init for the lazymmu-bench QEMU guest (built and packed by
 * scripts/mkinitramfs.sh, booted by scripts/qemu-run.sh).
 *
 * Mounts proc, sysfs, debugfs and a tmpfs, runs the command in /lmb/args
 * (one argument per line; none: just report) with the variables of
 * /lmb/env (KEY=VALUE lines: the boot's host stamp LMB_BOOT_ID and
 * LMB_BOOT_TIME from qemu-run.sh) in its environment, then prints every file the
 * command left in /lmb/out on the console between markers the host
 * extracts, with a byte count to check against:
 *
 *   LMB-FILE-BEGIN name=<file> bytes=<n>
 *   ...file contents...
 *   LMB-FILE-END name=<file>
 *
 * /sys/kernel/debug/lazy_mmu/stats (when the kernel has it) is printed the
 * same way as lazy_mmu-stats-start.txt and lazy_mmu-stats-end.txt. Console
 * log level is lowered while files are printed so that kernel messages do
 * not land inside them. Ends with "LMB-GUEST-DONE status=<n>" and powers
 * the machine off (init must never exit: that would panic the kernel).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ARGS_FILE	"/lmb/args"
#define EPOCH_FILE	"/lmb/epoch"
#define ENV_FILE	"/lmb/env"
#define HOST_NAME	"lmb-qemu"
#define OUT_DIR		"/lmb/out"
#define STATS_FILE	"/sys/kernel/debug/lazy_mmu/stats"
#define PRINTK_FILE	"/proc/sys/kernel/printk"
#define MAX_ARGS	256

static void msg(const char *fmt, const char *a, const char *b)
{
	printf("LMB-GUEST: ");
	printf(fmt, a, b);
	printf("\n");
	fflush(stdout);
}

static void mount_fs(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		msg("mount of %s on %s failed (not fatal)", type, dir);
}

static void console_stdio(void)
{
	int fd;

	if (fcntl(1, F_GETFD) != -1)
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

/* Write @val to a /proc file; return 0 on success. */
static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t len = (ssize_t)strlen(val);
	int ret = -1;

	if (fd < 0)
		return -1;
	if (write(fd, val, len) == len)
		ret = 0;
	close(fd);
	return ret;
}

/* First line of @path into @buf (unchanged if unreadable). */
static void read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\t\n")] = '\0';
	if (!buf[0])
		snprintf(buf, size, "7");
}

/*
 * Print @path between markers under the name @name. Read it whole first:
 * debugfs and proc files report size 0. A missing final newline is added
 * after the content (bytes= still counts the file as it is).
 */
static void dump_file(const char *path, const char *name)
{
	char buf[4096], *data = NULL;
	size_t n, len = 0;
	FILE *f, *mem;

	f = fopen(path, "r");
	if (!f) {
		msg("cannot open %s: %s", path, strerror(errno));
		return;
	}
	mem = open_memstream(&data, &len);
	if (!mem) {
		fclose(f);
		return;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, mem);
	fclose(mem);
	fclose(f);
	printf("LMB-FILE-BEGIN name=%s bytes=%zu\n", name, len);
	fwrite(data, 1, len, stdout);
	if (len && data[len - 1] != '\n')
		putchar('\n');
	printf("LMB-FILE-END name=%s\n", name);
	fflush(stdout);
	free(data);
}

/*
 * The virt machine's clock starts at 1970 without an RTC driver: take the
 * host's time from /lmb/epoch (written by qemu-run.sh), so result files get
 * real time stamps. Also give the guest a host name for the CSV.
 */
static void set_identity(void)
{
	struct timespec ts = { 0 };
	char buf[32] = "";

	read_line(EPOCH_FILE, buf, sizeof(buf));
	ts.tv_sec = strtoll(buf, NULL, 10);
	if (ts.tv_sec > 0 && clock_settime(CLOCK_REALTIME, &ts))
		msg("setting the clock from %s failed: %s", EPOCH_FILE,
		    strerror(errno));
	if (sethostname(HOST_NAME, strlen(HOST_NAME)))
		msg("sethostname %s failed: %s", HOST_NAME, strerror(errno));
}

/* Export every KEY=VALUE line of ENV_FILE (absent: nothing). */
static void load_env(void)
{
	char line[512], *eq;
	FILE *f = fopen(ENV_FILE, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		eq = strchr(line, '=');
		if (!eq || eq == line)
			continue;
		*eq = '\0';
		if (setenv(line, eq + 1, 1))
			msg("setenv %s from %s failed", line, ENV_FILE);
	}
	fclose(f);
}

static int read_args(char **argv, char *buf, size_t size)
{
	int fd = open(ARGS_FILE, O_RDONLY);
	ssize_t len;
	int argc = 0;
	char *p, *nl;

	if (fd < 0)
		return 0;
	len = read(fd, buf, size - 1);
	close(fd);
	if (len <= 0)
		return 0;
	buf[len] = '\0';
	for (p = buf; *p && argc < MAX_ARGS; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		else
			*nl = '\0';
		argv[argc++] = p;
		if (!nl[1])
			break;
	}
	argv[argc] = NULL;
	return argc;
}

static int run(char **argv)
{
	struct timespec t0, t1;
	int status;
	pid_t pid;
	char secs[32];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		msg("fork failed: %s%s", strerror(errno), "");
		return 127;
	}
	if (pid == 0) {
		execv(argv[0], argv);
		msg("exec of %s failed: %s", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	snprintf(secs, sizeof(secs), "%.1f",
		 (double)(t1.tv_sec - t0.tv_sec) +
		 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	msg("command ran for %s s%s", secs, "");
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static void dump_outputs(void)
{
	struct dirent **names;
	char path[512];
	int i, n;

	n = scandir(OUT_DIR, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", OUT_DIR,
				 names[i]->d_name);
			dump_file(path, names[i]->d_name);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

int main(void)
{
	static char argbuf[16384];
	char *argv[MAX_ARGS + 1];
	char loglevel[64] = "7";
	char status_str[16];
	int argc, status = 0;

	mount_fs("devtmpfs", "/dev", "devtmpfs");
	console_stdio();
	mount_fs("proc", "/proc", "proc");
	mount_fs("sysfs", "/sys", "sysfs");
	mount_fs("debugfs", "/sys/kernel/debug", "debugfs");
	mount_fs("tmpfs", "/tmp", "tmpfs");
	/* the suite's settings journal (mTHP page sizes) lives in /run */
	mount_fs("tmpfs", "/run", "tmpfs");
	mkdir("/lmb", 0755);
	mkdir(OUT_DIR, 0755);
	setenv("PATH", "/bin:/sbin", 1);
	setenv("HOME", "/tmp", 1);

	set_identity();
	load_env();
	msg("init started%s%s", "", "");
	read_line(PRINTK_FILE, loglevel, sizeof(loglevel));
	write_file(PRINTK_FILE, "1");
	dump_file("/proc/cmdline", "cmdline.txt");
	if (access(STATS_FILE, R_OK) == 0)
		dump_file(STATS_FILE, "lazy_mmu-stats-start.txt");
	write_file(PRINTK_FILE, loglevel);

	argc = read_args(argv, argbuf, sizeof(argbuf));
	if (argc > 0) {
		int i;

		printf("LMB-GUEST: running");
		for (i = 0; i < argc; i++)
			printf(" %s", argv[i]);
		printf("\n");
		fflush(stdout);
		status = run(argv);
	} else {
		msg("no %s: nothing to run%s", ARGS_FILE, "");
	}

	write_file(PRINTK_FILE, "1");
	if (access(STATS_FILE, R_OK) == 0)
		dump_file(STATS_FILE, "lazy_mmu-stats-end.txt");
	dump_outputs();
	snprintf(status_str, sizeof(status_str), "%d", status);
	printf("LMB-GUEST-DONE status=%s\n", status_str);
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	/* Not reached unless power-off failed: never exit (init). */
	for (;;)
		pause();
	return 0;
}
