// SPDX-License-Identifier: GPL-2.0
/* The kernel command line (see meta_cmdline.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "meta_cmdline.h"
#include "text.h"

/* Kernel parameter names: '-' and '_' are interchangeable. */
static int param_eq(const char *a, size_t alen, const char *b)
{
	size_t i;

	if (strlen(b) != alen)
		return 0;
	for (i = 0; i < alen; i++) {
		char x = a[i] == '-' ? '_' : a[i];
		char y = b[i] == '-' ? '_' : b[i];

		if (x != y)
			return 0;
	}
	return 1;
}

/* Copy @len bytes of @s without the double quotes the kernel strips. */
static char *unquote(const char *s, size_t len)
{
	char *out = malloc(len + 1), *o = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++)
		if (s[i] != '"')
			*o++ = s[i];
	*o = '\0';
	return out;
}

int kernel_param(const char *cmdline, const char *name, char **value)
{
	const char *p = cmdline, *tok, *eq;
	int found = 0, quoted;
	size_t len;

	*value = NULL;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		tok = p;
		eq = NULL;
		quoted = 0;
		for (; *p && (quoted || !isspace((unsigned char)*p)); p++) {
			if (*p == '"')
				quoted = !quoted;
			else if (*p == '=' && !eq)
				eq = p;
		}
		len = (size_t)(p - tok);
		if (!eq && len == 2 && !strncmp(tok, "--", 2))
			break;		/* the rest is for init */
		if (*tok == '"') {	/* "name=value" in quotes */
			tok++;
			len--;
		}
		if (!param_eq(tok, eq ? (size_t)(eq - tok) : len, name))
			continue;
		free(*value);
		*value = eq ? unquote(eq + 1, (size_t)(p - eq - 1)) : NULL;
		if (eq && !*value)
			return -1;
		found = 1;
	}
	return found;
}

int kernel_bool(const char *s)
{
	if (!s)
		return -1;
	switch (s[0]) {
	case 'e': case 'E': case 'y': case 'Y': case 't': case 'T': case '1':
		return 1;
	case 'd': case 'D': case 'n': case 'N': case 'f': case 'F': case '0':
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N')
			return 1;
		if (s[1] == 'f' || s[1] == 'F')
			return 0;
		return -1;
	default:
		return -1;
	}
}

char *debug_pagealloc_state(const char *cmdline, const char *config,
			    const char *enable_default)
{
	int param = -1;	/* the command line's say: -1 none (or malformed) */
	char *v = NULL;

	if (!strcmp(config, "not set"))
		return strdup("off");
	if (cmdline) {
		int r = kernel_param(cmdline, "debug_pagealloc", &v);

		if (r < 0)
			return NULL;
		param = r ? kernel_bool(v) : -1;
		free(v);
	}
	if (!strcmp(config, "y")) {
		if (param >= 0)
			return strdup(param ? "on" : "off");
		if (!cmdline)
			return text_unknown("CONFIG_DEBUG_PAGEALLOC=y but /proc/cmdline is unreadable");
		if (!strcmp(enable_default, "y"))
			return strdup("on");
		if (!strcmp(enable_default, "not set"))
			return strdup("off");
		return text_unknown("CONFIG_DEBUG_PAGEALLOC=y, no debug_pagealloc= on the command line, CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT is %s",
				   enable_default);
	}
	/* The config is unknown (or odd): only "off" is certain. */
	if (!strncmp(config, "unknown", 7))
		config = "unreadable (see config_source)";
	if (param == 0)
		return strdup("off");
	if (param == 1)
		return text_unknown("debug_pagealloc=on on the command line, but it only takes effect with CONFIG_DEBUG_PAGEALLOC=y and the kernel config is %s",
				   config);
	return text_unknown("no debug_pagealloc= on the command line%s and CONFIG_DEBUG_PAGEALLOC is %s",
			   cmdline ? "" : " (unreadable)", config);
}
