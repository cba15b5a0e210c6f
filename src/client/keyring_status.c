/* keyring_status_set(), shared by keyring.c and the Secret Service plugin (see
 * keyring_secret.h), which links its own copy. */
#include "kabinet/keyring_secret.h"

#include <stdarg.h>
#include <stdio.h>

enum keyring_code keyring_status_set(struct keyring_status *st, enum keyring_code code,
				     const char *fmt, ...)
{
	va_list ap;

	if (!st)
		return code;
	st->code = code;
	st->msg[0] = '\0';
	if (!fmt)
		return code;
	va_start(ap, fmt);
	vsnprintf(st->msg, sizeof(st->msg), fmt, ap);
	va_end(ap);
	/* The message goes to the bottom line: no control characters. */
	for (char *c = st->msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	return code;
}
