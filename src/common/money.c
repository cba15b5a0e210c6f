/* Money as integer kopecks: parsing user text and formatting for the screen. */
#include "kabinet/money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

char *money_format(int64_t kopecks, enum money_style style, char *buf, size_t size)
{
	const char *group = style == MONEY_RU ? "\u202f" : ",";
	const char *dec = style == MONEY_RU ? "," : ".";
	const char *unit = style == MONEY_RU ? "\u00a0₽" : " RUB";
	char digits[32], grouped[96];
	bool neg = kopecks < 0;
	uint64_t mag = neg ? (uint64_t)0 - (uint64_t)kopecks : (uint64_t)kopecks;
	size_t n, i, out = 0, glen = strlen(group);

	if (size == 0)
		return buf;
	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)(mag / 100));
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			memcpy(grouped + out, group, glen);
			out += glen;
		}
		grouped[out++] = digits[i];
	}
	grouped[out] = '\0';
	snprintf(buf, size, "%s%s%s%02u%s", neg ? "−" : "", grouped, dec,
		 (unsigned)(mag % 100), unit);
	return buf;
}

/* Skips one group separator the user may type: space, NBSP, narrow NBSP, apostrophe. */
static size_t group_sep_len(const char *s)
{
	if (*s == ' ' || *s == '\'')
		return 1;
	if (!strncmp(s, "\u00a0", 2))
		return 2;
	if (!strncmp(s, "\u202f", 3))
		return 3;
	return 0;
}

int money_parse(const char *text, int64_t *kopecks)
{
	const char *s = text;
	bool neg = false, any = false, comma_seen = false, dot_seen = false;
	int64_t whole = 0, frac = 0;
	int frac_digits = -1;	/* -1: no decimal separator seen yet */
	size_t skip;

	while (*s == ' ')
		s++;
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	} else if (!strncmp(s, "−", 3)) {
		neg = true;
		s += 3;
	}
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			int d = *s - '0';
			any = true;
			if (frac_digits >= 0) {
				if (++frac_digits > 2)
					return -1;
				frac = frac * 10 + d;
			} else {
				if (whole > (MONEY_MAX / 100 - d) / 10)
					return -1;
				whole = whole * 10 + d;
			}
			continue;
		}
		if ((*s == ',' || *s == '.') && frac_digits < 0) {
			/* "1,234.56": a comma before a later dot groups thousands. */
			const char *rest = s + 1;
			if (*s == ',' && !dot_seen && strchr(rest, '.') && !comma_seen) {
				comma_seen = true;
				continue;
			}
			if (*s == ',' && comma_seen)
				continue;
			dot_seen = *s == '.';
			frac_digits = 0;
			continue;
		}
		if (frac_digits < 0 && (skip = group_sep_len(s)) > 0 && any) {
			s += skip - 1;
			continue;
		}
		break;
	}
	/* Allow a trailing unit: spaces then "₽", "RUB", "руб", "р". */
	while (*s == ' ' || !strncmp(s, "\u00a0", 2))
		s += (*s == ' ') ? 1 : 2;
	if (*s && strcmp(s, "₽") && strcmp(s, "RUB") && strcmp(s, "rub") &&
	    strcmp(s, "руб") && strcmp(s, "руб.") && strcmp(s, "р") && strcmp(s, "р."))
		return -1;
	if (!any)
		return -1;
	if (frac_digits == 1)
		frac *= 10;
	*kopecks = (whole * 100 + frac) * (neg ? -1 : 1);
	return 0;
}
