/* The filter of the lists of regions (the attach wizard's, registration's, the
 * profile's; the names are in src/common/regions.c): a name matches what is typed in
 * Russian or in Latin letters, whatever the case. */
#include "kabinet/regions.h"

#include <ctype.h>
#include <string.h>
#include <wctype.h>

#include "kabinet/model/text.h"
#include "kabinet/model/utf8.h"

/* Lower-case Latin letters and digits of a text, Russian transliterated, anything
 * else a space: "Пермский край" and "PERMSKII" meet as "permskii krai" and "permskii". */
static void latin(const char *s, char *out, size_t size)
{
	char folded[512];
	size_t n = 0;

	text_clean(s, TEXT_ASCII_ALL, folded, sizeof(folded));
	for (const char *p = folded; *p && n + 1 < size; p++)
		out[n++] = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : ' ';
	out[n] = '\0';
}

bool regions_match(const char *name, const char *typed)
{
	char a[512], b[256];
	const char *t = typed;

	while (*t == ' ')
		t++;
	if (!*t)
		return true;
	latin(name, a, sizeof(a));
	latin(t, b, sizeof(b));
	/* Trailing spaces of the typed text do not count. */
	for (size_t n = strlen(b); n && b[n - 1] == ' '; n--)
		b[n - 1] = '\0';
	return b[0] && strstr(a, b) != NULL;
}
