/* The XDG base directories (see xdg.h): the environment first, then the home. */
#include "kabinet/xdg.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int xdg_dir(const char *var, const char *fallback, char *buf, size_t size)
{
	const char *base = getenv(var);
	const char *home = getenv("HOME");
	int n;

	if (base && base[0] == '/') {
		n = snprintf(buf, size, "%s/kabinet", base);
	} else {
		if (!home || home[0] != '/') {
			struct passwd *pw = getpwuid(getuid());

			home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
		}
		if (!home)
			return -1;
		n = snprintf(buf, size, "%s/%s/kabinet", home, fallback);
	}
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
