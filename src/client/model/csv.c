/* CSV fields safe for a spreadsheet (see csv.h). */
#include "kabinet/model/csv.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/model/text.h"
#include "kabinet/model/utf8.h"

static bool formula_char(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Blank space a spreadsheet may trim before it reads a formula: ASCII white space
 * (a TAB or CR counts as a formula character too, see formula_char), the line and
 * paragraph separators and the Unicode spaces (no-break, en to hair, ideographic). */
static bool blank(uint32_t cp)
{
	return cp == ' ' || cp == '\n' || cp == '\v' || cp == '\f' || cp == 0x85 || cp == 0xa0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

/* Whether s, past its leading blank space, begins with a formula character. */
static bool formula_after_blanks(const char *s)
{
	size_t len = strlen(s);

	while (*s) {
		uint32_t cp;
		size_t n = utf8_decode(s, len, &cp);

		if (formula_char(*s))
			return true;
		if (n == 0 || !blank(cp))
			return false;
		s += n;
		len -= n;
	}
	return false;
}

bool csv_formula_lead(const char *raw, const char *shown)
{
	return formula_after_blanks(raw) || formula_after_blanks(shown);
}

bool csv_put(FILE *f, const char *s, bool text, bool last)
{
	char *clean = text_clean_dup(s, 0);

	if (!clean)
		return false;
	if (text) {
		putc('"', f);
		if (csv_formula_lead(s, clean))
			putc('\'', f);
	}
	for (const char *p = clean; *p; p++) {
		if (*p == '"' && text)
			putc('"', f);
		putc(*p, f);
	}
	if (text)
		putc('"', f);
	putc(last ? '\n' : ',', f);
	free(clean);
	return true;
}
