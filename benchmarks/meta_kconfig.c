// SPDX-License-Identifier: GPL-2.0
/* The running kernel's configuration (see meta_kconfig.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exit_codes.h"
#include "meta_kconfig.h"
#include "text.h"

#define KCONFIG_MAX	(16u << 20)
#define PROC_CONFIG_GZ	"/proc/config.gz"

/* Does line @l (up to its end or '\n') hold @opt, and what after it? */
static const char *match_set(const char *l, const char *opt, size_t optlen)
{
	if (strncmp(l, "CONFIG_", 7) || strncmp(l + 7, opt, optlen))
		return NULL;
	return l[7 + optlen] == '=' ? l + 7 + optlen + 1 : NULL;
}

static int match_unset(const char *l, const char *opt, size_t optlen)
{
	static const char tail[] = " is not set";

	if (strncmp(l, "# CONFIG_", 9) || strncmp(l + 9, opt, optlen))
		return 0;
	return !strncmp(l + 9 + optlen, tail, sizeof(tail) - 1) &&
	       (l[9 + optlen + sizeof(tail) - 1] == '\n' ||
		l[9 + optlen + sizeof(tail) - 1] == '\0');
}

char *kconfig_value(const char *text, const char *option)
{
	size_t optlen = strlen(option);
	const char *l, *v, *end;

	for (l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		v = match_set(l, option, optlen);
		if (v) {
			end = strchr(v, '\n');
			if (!end)
				end = v + strlen(v);
			while (end > v && (end[-1] == '\r' || end[-1] == ' '))
				end--;
			return strndup(v, (size_t)(end - v));
		}
		if (match_unset(l, option, optlen))
			return strdup("not set");
	}
	return strdup("not set");
}

char *kconfig_read(const char *path, int gzipped)
{
	char *cmd, *text;
	FILE *p;
	int status, err;

	if (!gzipped)
		return text_read_file(path, KCONFIG_MAX);
	if (strchr(path, '\'')) {	/* it goes into a shell command */
		errno = EINVAL;
		return NULL;
	}
	/* gzip would report a missing file only on its stderr: check first. */
	if (access(path, R_OK))
		return NULL;
	cmd = text_printf("gzip -dc '%s' 2>/dev/null", path);
	if (!cmd)
		return NULL;
	p = popen(cmd, "r");
	free(cmd);
	if (!p)
		return NULL;
	text = text_read_stream(p, KCONFIG_MAX);
	err = errno;
	status = pclose(p);
	/* SIGCHLD ignored: gzip was reaped already, its status is lost */
	if (status == -1 && errno == ECHILD)
		status = 0;
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(text);
		text = NULL;
		/* 127: no /bin/sh or no gzip (e.g. a bare initramfs). */
		err = WIFEXITED(status) && WEXITSTATUS(status) == LMB_EXIT_NOT_FOUND ?
		      ENOENT : EIO;
	}
	errno = err;
	return text;
}

/* A kernel config has CONFIG_ lines; anything else is not one. */
#define NOT_A_CONFIG	(-1)

static const char *load_error(int err)
{
	return err == NOT_A_CONFIG ? "no CONFIG_ lines in it" : strerror(err);
}

static char *explain_failure(const char *const paths[3], const int errs[3])
{
	const char *hint = "";

	if (errs[0] == ENOENT && !access(PROC_CONFIG_GZ, F_OK))
		hint = " (reading it needs /bin/sh and gzip; or ship /boot/config-<release>)";
	else if (errs[0] == ENOENT)
		hint = " (needs CONFIG_IKCONFIG_PROC; try: modprobe configs)";
	return text_unknown("no kernel config: %s: %s%s; %s: %s; %s: %s",
			   paths[0], load_error(errs[0]), hint,
			   paths[1], load_error(errs[1]),
			   paths[2], load_error(errs[2]));
}

int kconfig_load(const char *release, char **text, char **source)
{
	char *boot = text_printf("/boot/config-%s", release);
	char *mods = text_printf("/lib/modules/%s/config", release);
	const char *const paths[3] = { PROC_CONFIG_GZ, boot, mods };
	int errs[3] = { 0, 0, 0 };
	int i;

	*text = NULL;
	*source = NULL;
	if (!boot || !mods)
		goto out;
	for (i = 0; i < 3; i++) {
		errno = 0;
		*text = kconfig_read(paths[i], i == 0);
		if (*text && strstr(*text, "CONFIG_")) {
			*source = i == 0 ?
				  strdup(PROC_CONFIG_GZ " (via gzip -dc)") :
				  strdup(paths[i]);
			if (!*source) {
				free(*text);
				*text = NULL;
			}
			goto out;
		}
		errs[i] = *text ? NOT_A_CONFIG : (errno ? errno : EIO);
		free(*text);
		*text = NULL;
	}
	*source = explain_failure(paths, errs);
out:
	free(boot);
	free(mods);
	return *text ? 0 : -1;
}
