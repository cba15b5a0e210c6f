/* Warnings collected while loading configuration (see diag.h). */
#include "kabinet/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void diag_add(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	char **grown;
	char *text;

	if (!d)
		return;
	if (d->count >= DIAG_MAX) {
		d->dropped++;
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	grown = text ? realloc(d->msg, (d->count + 1) * sizeof(*d->msg)) : NULL;
	if (!grown) {
		free(text);
		d->dropped++;
		return;
	}
	d->msg = grown;
	d->msg[d->count++] = text;
}

const char *diag_last(const struct diag *d)
{
	return d && d->count ? d->msg[d->count - 1] : NULL;
}

void diag_clear(struct diag *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++)
		free(d->msg[i]);
	free(d->msg);
	d->msg = NULL;
	d->count = d->dropped = 0;
}
