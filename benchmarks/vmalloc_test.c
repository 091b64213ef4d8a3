// SPDX-License-Identifier: GPL-2.0
/* Driving lib/test_vmalloc and reading its results; see vmalloc_test.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exit_codes.h"
#include "log.h"
#include "vmalloc_test.h"
#include "workload.h"

static const char *const test_names[VT_NR_TESTS] = {
	"fix_size_alloc_test", "full_fit_alloc_test",
	"long_busy_list_alloc_test", "random_size_alloc_test",
	"fix_align_alloc_test", "random_size_align_alloc_test",
	"align_shift_alloc_test", "pcpu_alloc_test",
	"kvfree_rcu_1_arg_vmalloc_test", "kvfree_rcu_2_arg_vmalloc_test",
	"vm_map_ram_test", "no_block_alloc_test", "vrealloc_test",
};

const char *vt_test_name(unsigned int bit)
{
	return bit < VT_NR_TESTS ? test_names[bit] : NULL;
}

static struct vt_result *vt_add(struct vt_results *res)
{
	if (res->n == res->cap) {
		size_t cap = res->cap ? res->cap * 2 : 16;
		struct vt_result *r = realloc(res->r, cap * sizeof(*r));

		if (!r) {
			lmb_err("out of memory for the test_vmalloc results");
			return NULL;
		}
		res->r = r;
		res->cap = cap;
	}
	memset(&res->r[res->n], 0, sizeof(res->r[0]));
	return &res->r[res->n++];
}

int vt_parse_line(struct vt_results *res, const char *line)
{
	const char *p = strstr(line, "Summary: ");
	struct vt_result v = { .worker = -1 };
	char name[VT_NAME_MAX];
	struct vt_result *r;
	unsigned long cycles;
	int worker;
	size_t i;

	if (p) {
		if (sscanf(p, "Summary: %47s passed: %d failed: %d xfailed: %d repeat: %d loops: %d avg: %llu usec",
			   name, &v.passed, &v.failed, &v.xfailed, &v.repeat,
			   &v.loops, &v.avg_us) != 7) {
			v.xfailed = -1;
			if (sscanf(p, "Summary: %47s passed: %d failed: %d repeat: %d loops: %d avg: %llu usec",
				   name, &v.passed, &v.failed, &v.repeat,
				   &v.loops, &v.avg_us) != 6)
				return 0;
		}
		r = vt_add(res);
		if (!r)
			return -1;
		*r = v;
		snprintf(r->test, sizeof(r->test), "%s", name);
		return 1;
	}
	p = strstr(line, "All test took worker");
	if (!p || sscanf(p, "All test took worker%d=%lu cycles", &worker, &cycles) != 2)
		return 0;
	/* the Summary lines just before belong to this worker */
	for (i = res->n; i-- > 0 && res->r[i].worker < 0;)
		res->r[i].worker = worker;
	return 1;
}

int vt_parse_text(struct vt_results *res, const char *text)
{
	const char *line = text;
	size_t before = res->n;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char buf[512];

		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, line, len);
		buf[len] = '\0';
		if (vt_parse_line(res, buf) < 0)
			return -1;
		line = nl ? nl + 1 : NULL;
	}
	return (int)(res->n - before);
}

void vt_results_free(struct vt_results *res)
{
	free(res->r);
	memset(res, 0, sizeof(*res));
}

/* Does @path contain @needle (a line of modules.dep, /proc/modules)? */
static int file_has(const char *path, const char *needle)
{
	char line[1024];
	FILE *f = fopen(path, "re");
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

enum vt_where vt_locate(char *why, size_t cap)
{
	char path[512], dummy[8];
	struct utsname u;
	int loaded;

	if (!why) {
		why = dummy;
		cap = sizeof(dummy);
	}
	loaded = file_has("/proc/modules", "test_vmalloc ");
	if (!access("/sys/module/test_vmalloc", F_OK) && loaded <= 0)
		return VT_BUILTIN;
	if (loaded < 0) {
		snprintf(why, cap, "this kernel has no module support (no /proc/modules) and test_vmalloc is not built in: build it with CONFIG_TEST_VMALLOC=y (results at boot) or =m");
		return VT_ABSENT;
	}
	uname(&u);
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.dep", u.release);
	if (file_has(path, "/test_vmalloc.ko") <= 0) {
		snprintf(why, cap, "no test_vmalloc module for kernel %s (%s does not list it): build the kernel with CONFIG_TEST_VMALLOC=m",
			 u.release, path);
		return VT_ABSENT;
	}
	return VT_MODULE;
}

/* Read every kmsg record available on @fd into @res. */
static int read_kmsg(int fd, struct vt_results *res)
{
	char rec[2048];

	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		char *text;

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		rec[n] = '\0';
		text = strchr(rec, ';');
		if (text && vt_parse_line(res, text + 1) < 0)
			return -1;
	}
}

static int open_kmsg(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		lmb_err("cannot read the kernel log /dev/kmsg: %s; run as root (or set kernel.dmesg_restrict=0)",
			strerror(errno));
	return fd;
}

static int run_modprobe(const struct vt_params *p)
{
	char a[6][64];
	char *argv[10];
	int argc = 0, status, i;
	pid_t pid;

	snprintf(a[0], sizeof(a[0]), "run_test_mask=%lu", p->run_test_mask);
	snprintf(a[1], sizeof(a[1]), "nr_threads=%u", p->nr_threads);
	snprintf(a[2], sizeof(a[2]), "test_loop_count=%lu", p->test_loop_count);
	snprintf(a[3], sizeof(a[3]), "test_repeat_count=%u", p->test_repeat_count);
	snprintf(a[4], sizeof(a[4]), "nr_pages=%u", p->nr_pages);
	snprintf(a[5], sizeof(a[5]), "sequential_test_order=%d", p->sequential ? 1 : 0);
	argv[argc++] = "modprobe";
	argv[argc++] = "test_vmalloc";
	for (i = 0; i < 6; i++)
		if (i != 4 || p->nr_pages)
			argv[argc++] = a[i];
	argv[argc] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		lmb_err("cannot start modprobe: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		/* it always "fails": the module refuses to stay loaded */
		if (null >= 0)
			dup2(null, STDERR_FILENO);
		execvp("modprobe", argv);
		_exit(LMB_EXIT_NOT_FOUND);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : LMB_EXIT_KILLED;
}

int vt_run_module(const struct vt_params *p, struct vt_results *res)
{
	size_t before = res->n;
	int fd, st;

	if (geteuid() != 0) {
		lmb_warn("vmalloc: skipped: loading test_vmalloc needs root");
		return WL_SKIP;
	}
	fd = open_kmsg();
	if (fd < 0)
		return -1;
	lseek(fd, 0, SEEK_END);	/* only what this load prints */
	st = run_modprobe(p);
	if (st == LMB_EXIT_NOT_FOUND) {
		close(fd);
		lmb_warn("vmalloc: skipped: modprobe is not installed (kmod)");
		return WL_SKIP;
	}
	if (st < 0 || read_kmsg(fd, res)) {
		close(fd);
		lmb_err("vmalloc: running test_vmalloc failed");
		return -1;
	}
	close(fd);
	if (res->n > before)
		return 0;
	lmb_err("vmalloc: modprobe test_vmalloc ended (status %d) but the kernel log holds no Summary line: check dmesg", st);
	return -1;
}

int vt_read_boot(struct vt_results *res)
{
	int fd = open_kmsg(), ret;

	if (fd < 0)
		return -1;
	ret = read_kmsg(fd, res);
	close(fd);
	if (ret)
		return -1;
	if (res->n)
		return 0;
	lmb_err("vmalloc: test_vmalloc is built in, but its boot output is no longer in the kernel log (ring buffer overwritten?): boot with a larger log_buf_len, or save dmesg and pass it with --from-log");
	return -1;
}
