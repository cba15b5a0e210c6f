/* The search matcher (see match.h): texts folded to lower case with ё as е, searched
 * as they are and as the terminal shows them. */
#include "kabinet/model/match.h"

#include <string.h>
#include <wctype.h>

#include "kabinet/model/text.h"
#include "kabinet/model/utf8.h"

/* Room for a list cell once folded; what is longer is searched in its beginning. */
#define FOLD_MAX 2048

/* One character in the folded form. Cyrillic and ASCII are lowered here, not by the
 * locale: under LANG=C towlower knows no Cyrillic. */
static uint32_t fold_cp(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + ('a' - 'A');
	if (cp < 0x80)
		return cp == '\t' || cp == '\n' || cp == '\r' ? ' ' : cp;
	if (cp >= 0x410 && cp <= 0x42f)	/* А-Я */
		cp += 0x20;
	else if (cp >= 0x400 && cp <= 0x40f)	/* Ѐ-Џ, Ё among them */
		cp += 0x50;
	else
		cp = (uint32_t)towlower((wint_t)cp);
	if (cp == 0x451 || cp == 0x450)	/* ё ѐ */
		cp = 0x435;
	return cp;
}

static size_t fold(const char *s, uint32_t *out, size_t max)
{
	size_t n = 0, left = s ? strlen(s) : 0;

	while (left && n < max)
		out[n++] = fold_cp(utf8_next(&s, &left));
	return n;
}

static bool holds(const uint32_t *text, size_t n, const struct text_pattern *p)
{
	if (p->n == 0 || p->n > n)
		return false;
	for (size_t i = 0; i + p->n <= n; i++)
		if (text[i] == p->cp[0] && !memcmp(text + i, p->cp, p->n * sizeof(p->cp[0])))
			return true;
	return false;
}

bool text_pattern_set(struct text_pattern *p, const char *s)
{
	p->n = fold(s, p->cp, TEXT_PATTERN_MAX);
	return p->n > 0;
}

bool text_pattern_in(const struct text_pattern *p, const char *text, unsigned flags)
{
	uint32_t folded[FOLD_MAX];
	char drawn[FOLD_MAX * 2];

	if (!text || p->n == 0)
		return false;
	if (holds(folded, fold(text, folded, FOLD_MAX), p))
		return true;
	if (!flags)
		return false;
	text_clean(text, flags, drawn, sizeof(drawn));
	return holds(folded, fold(drawn, folded, FOLD_MAX), p);
}

bool text_matches(const char *text, const char *pattern, unsigned flags)
{
	struct text_pattern p;

	return text_pattern_set(&p, pattern) && text_pattern_in(&p, text, flags);
}
