/* Untrusted text made safe for a terminal and measured in columns (see text.h). */
#include "kabinet/model/text.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "kabinet/i18n.h"
#include "kabinet/model/utf8.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

enum kind {
	K_TEXT,		/* drawn as it is (or folded to ASCII) */
	K_SPACE,	/* a line break or tab: one space */
	K_BAD,		/* a control or a byte that is no UTF-8: the replacement */
	K_DROP,		/* a bidi control or a BOM: nothing */
};

/* Directional formatting characters reorder what the terminal shows (a number read
 * backwards, a forged line); they have no business in a cabinet's data. */
static bool bidi_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static enum kind classify(uint32_t cp)
{
	if (cp == '\n' || cp == '\r' || cp == '\t' || cp == '\v' || cp == '\f' || cp == 0x85 ||
	    cp == 0x2028 || cp == 0x2029)
		return K_SPACE;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return K_BAD;
	if (bidi_control(cp) || cp == 0xfeff)
		return K_DROP;
	return K_TEXT;
}

/* Symbols with an ASCII spelling. */
static const struct {
	uint32_t cp;
	const char *ascii;
} symbols[] = {
	{ 0x00a0, " " },   { 0x00ab, "\"" },  { 0x00b1, "+/-" }, { 0x00b7, "-" },	 { 0x00bb, "\"" },
	{ 0x2009, " " },   { 0x2010, "-" },   { 0x2011, "-" },	 { 0x2013, "-" },
	{ 0x2014, "-" },   { 0x2018, "'" },   { 0x2019, "'" },	 { 0x201c, "\"" },
	{ 0x201d, "\"" },  { 0x201e, "\"" },  { 0x2022, "*" },	 { 0x2026, "..." },
	{ 0x202f, " " },   { 0x20bd, "RUB" }, { 0x2116, "No." }, { 0x2191, "^" },
	{ 0x2193, "v" },   { 0x2212, "-" },   { 0x2500, "-" },	 { 0x2502, "|" },
	{ 0x250c, "+" },   { 0x2510, "+" },   { 0x2514, "+" },	 { 0x2518, "+" },
	{ 0x26a0, "!" },   { 0xfffd, "?" },
};

/* Russian letters in Latin (the passport transliteration, without the apostrophes of
 * the soft and hard signs): "Пермский край" reads "Permskii krai". */
static const char *const cyrillic[32] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia",
};

static const char *ascii_symbol(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(symbols) / sizeof(symbols[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (symbols[mid].cp == cp)
			return symbols[mid].ascii;
		if (symbols[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A Cyrillic letter in Latin, capitalised like the original ("Щ" is "Shch"). */
static bool transliterate(uint32_t cp, char out[8])
{
	const char *latin;
	bool upper;

	if (cp == 0x401 || cp == 0x451)	/* Ё ё */
		cp = cp == 0x401 ? 0x415 : 0x435;
	if (cp < 0x410 || cp > 0x44f)
		return false;
	upper = cp < 0x430;
	latin = cyrillic[(cp - 0x410) % 32];
	snprintf(out, 8, "%s", latin);
	if (upper && out[0])
		out[0] = (char)(out[0] - 'a' + 'A');
	return true;
}

static const char *replacement(unsigned flags)
{
	return flags & (TEXT_ASCII_SYMBOLS | TEXT_ASCII_ALL) ? "?" : REPLACEMENT;
}

int text_glyph_cp(uint32_t cp, unsigned flags, char out[8])
{
	const char *sym;
	int w;

	switch (classify(cp)) {
	case K_SPACE:
		snprintf(out, 8, " ");
		return 1;
	case K_BAD:
		snprintf(out, 8, "%s", replacement(flags));
		return 1;
	case K_DROP:
		out[0] = '\0';
		return 0;
	case K_TEXT:
		break;
	}
	if (cp < 0x80) {
		out[0] = (char)cp;
		out[1] = '\0';
		return 1;
	}
	if ((flags & (TEXT_ASCII_SYMBOLS | TEXT_ASCII_ALL)) && (sym = ascii_symbol(cp))) {
		snprintf(out, 8, "%s", sym);
		return (int)strlen(out);
	}
	if (flags & TEXT_ASCII_ALL) {
		if (!transliterate(cp, out))
			snprintf(out, 8, "?");
		return (int)strlen(out);
	}
	w = wcwidth((wchar_t)cp);
	if (w < 0) {
		/* Unassigned or not printable here: shown as the replacement. */
		snprintf(out, 8, "%s", replacement(flags));
		return 1;
	}
	out[utf8_encode(cp, out)] = '\0';
	return w;
}

size_t text_glyph(const char *s, size_t avail, unsigned flags, char out[8], int *cols)
{
	uint32_t cp;
	size_t n;

	if (avail == 0) {
		out[0] = '\0';
		*cols = 0;
		return 0;
	}
	n = utf8_decode(s, avail < 4 ? avail : 4, &cp);
	if (n == 0) {
		/* One byte that is no UTF-8: one replacement, and decoding goes on after it. */
		snprintf(out, 8, "%s", replacement(flags));
		*cols = 1;
		return 1;
	}
	*cols = text_glyph_cp(cp, flags, out);
	return n;
}

int text_width(const char *s, unsigned flags)
{
	size_t left = s ? strlen(s) : 0;
	int cols = 0;

	while (left) {
		char g[8];
		int w;
		size_t n = text_glyph(s, left, flags, g, &w);
		cols += w;
		s += n;
		left -= n;
	}
	return cols;
}

/* Appends n bytes of s to out (size bytes, *used so far), whole or not at all. */
static bool append(char *out, size_t size, size_t *used, const char *s, size_t n)
{
	if (*used + n + 1 > size)
		return false;
	memcpy(out + *used, s, n);
	*used += n;
	out[*used] = '\0';
	return true;
}

int text_fit(const char *s, int cols, enum text_align align, bool pad, unsigned flags,
	     char *out, size_t size)
{
	size_t left = s ? strlen(s) : 0, used = 0;
	const char *ell = flags & (TEXT_ASCII_SYMBOLS | TEXT_ASCII_ALL) ? "~" : "…";
	int width = text_width(s, flags), taken = 0, room, before = 0;
	bool trim;

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (cols <= 0)
		return 0;
	trim = width > cols;
	room = trim ? cols - 1 : cols;	/* both ellipses take one column */
	if (pad && !trim) {
		if (align == TEXT_RIGHT)
			before = cols - width;
		else if (align == TEXT_CENTER)
			before = (cols - width) / 2;
	}
	for (int i = 0; i < before; i++)
		if (!append(out, size, &used, " ", 1))
			return taken;
	taken = before;
	while (left) {
		char g[8];
		int w;
		size_t n = text_glyph(s, left, flags, g, &w);
		if (taken + w > before + room)
			break;
		if (!append(out, size, &used, g, strlen(g)))
			return taken;
		taken += w;
		s += n;
		left -= n;
	}
	if (trim && taken < cols && append(out, size, &used, ell, strlen(ell)))
		taken++;
	while (pad && taken < cols && append(out, size, &used, " ", 1))
		taken++;
	return taken;
}

size_t text_clean(const char *s, unsigned flags, char *out, size_t size)
{
	size_t left = s ? strlen(s) : 0, used = 0;

	if (size == 0)
		return 0;
	out[0] = '\0';
	while (left) {
		char g[8];
		int w;
		size_t n = text_glyph(s, left, flags, g, &w);
		if (!append(out, size, &used, g, strlen(g)))
			break;
		s += n;
		left -= n;
	}
	return used;
}

char *text_clean_dup(const char *s, unsigned flags)
{
	/* A byte becomes at most a 3-byte replacement, a letter at most "shch". */
	size_t size = (s ? strlen(s) : 0) * 4 + 1;
	char *out = malloc(size);

	if (out)
		text_clean(s, flags, out, size);
	return out;
}

unsigned text_out_flags(void)
{
	return i18n_utf8_env() ? 0 : TEXT_ASCII_ALL;
}

void text_print(FILE *f, const char *s)
{
	char *clean = text_clean_dup(s, text_out_flags());

	if (clean)
		fputs(clean, f);
	free(clean);
}

void text_print_lines(FILE *f, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, "\n");
		char *line = strndup(s, n);
		if (line)
			text_print(f, line);
		free(line);
		if (s[n] == '\n')
			fputc('\n', f);
		s += n + (s[n] == '\n');
	}
}

void text_print_fit(FILE *f, const char *s, int cols, enum text_align align)
{
	size_t size = (size_t)(cols > 0 ? cols : 0) * 8 + 8;
	char *out = malloc(size);

	if (!out)
		return;
	text_fit(s, cols, align, true, text_out_flags(), out, size);
	fputs(out, f);
	free(out);
}

bool text_copy(char *dst, size_t size, const char *src)
{
	static const char ell[] = "…";
	size_t len = src ? strlen(src) : 0, keep = 0;

	if (size == 0)
		return len > 0;
	if (len < size) {
		memcpy(dst, src ? src : "", len + 1);
		return false;
	}
	/* Whole characters up to the room left for the ellipsis. */
	while (keep < len) {
		uint32_t cp;
		size_t n = utf8_decode(src + keep, len - keep, &cp);
		if (n == 0)
			n = 1;
		if (keep + n + sizeof(ell) > size)
			break;
		keep += n;
	}
	memcpy(dst, src, keep);
	if (keep + sizeof(ell) <= size)
		memcpy(dst + keep, ell, sizeof(ell));
	else
		dst[keep] = '\0';
	return true;
}

char *text_json_nul_replaced(const char *json)
{
	size_t len = strlen(json);
	char *s = malloc(len + 1);
	bool in_string = false;

	if (!s)
		return NULL;
	memcpy(s, json, len + 1);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"') {
			in_string = !in_string;
		} else if (in_string && s[i] == '\\' && i + 1 < len) {
			if (!strncmp(s + i + 1, "u0000", 5))
				memcpy(s + i + 2, "FFFD", 4);
			i++;
		}
	}
	return s;
}

char *text_json_safe(const char *json)
{
	size_t left = json ? strlen(json) : 0, used = 0, size = left * 6 + 1;
	char *out = malloc(size);
	const char *s = json;

	if (!out)
		return NULL;
	out[0] = '\0';
	while (left) {
		uint32_t cp;
		size_t n = utf8_decode(s, left < 4 ? left : 4, &cp);
		char esc[16];
		if (n == 0) {
			append(out, size, &used, "\\ufffd", 6);
			n = 1;
		} else if (cp >= 0x7f && (cp < 0xa0 || bidi_control(cp) || cp == 0x2028 ||
					  cp == 0x2029 || cp == 0xfeff)) {
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)cp);
			append(out, size, &used, esc, 6);
		} else {
			append(out, size, &used, s, n);
		}
		s += n;
		left -= n;
	}
	return out;
}
