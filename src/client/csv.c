/* CSV fields safe for a spreadsheet (see csv.h). */
#include "kabinet/csv.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/text.h"

static bool formula_char(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool csv_formula_lead(const char *raw, const char *shown)
{
	return formula_char(raw[0]) || formula_char(shown[0]);
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
