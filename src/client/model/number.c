/* The one reader of numbers a person types (see number.h): a strict reader of the
 * forms the interface prints, the one message of a refusal, and the text a money
 * field is filled with (which it reads back). */
#include "kabinet/model/number.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"

/* A space that groups digits: space, no-break space (U+00A0), thin space (U+2009),
 * narrow no-break space (U+202F). Its length in bytes, or 0. */
static size_t space_len(const char *s)
{
	if (*s == ' ')
		return 1;
	if (!strncmp(s, "\u00a0", 2))
		return 2;
	if (!strncmp(s, "\u2009", 3) || !strncmp(s, "\u202f", 3))
		return 3;
	return 0;
}

static const char *skip_spaces(const char *s)
{
	size_t n;

	while ((n = space_len(s)) > 0)
		s += n;
	return s;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The unit the interface prints after an amount (and the Russian word for it). */
static size_t unit_len(const char *s)
{
	static const char *const units[] = { "RUB", "rub", "₽", "руб.", "руб" };

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strncmp(s, units[i], strlen(units[i])))
			return strlen(units[i]);
	return 0;
}

enum sep_class { SEP_NONE, SEP_SPACE, SEP_COMMA };

/* The whole part at *p: digits, ungrouped or grouped in threes by one class of
 * separator. Saturates at a value beyond any range (*big). False when malformed. */
static bool whole_part(const char **p, enum money_style style, uint64_t *value, bool *big)
{
	const char *s = *p, *first = *p;
	enum sep_class cls = SEP_NONE;
	int group = 0, groups = 0;

	*value = 0;
	*big = false;
	for (;;) {
		enum sep_class c = SEP_NONE;
		size_t n = 0;
		if (digit(*s)) {
			if (*value > (uint64_t)MONEY_MAX * 10)
				*big = true;
			else
				*value = *value * 10 + (uint64_t)(*s - '0');
			group++;
			s++;
			continue;
		}
		if ((n = space_len(s)) > 0)
			c = SEP_SPACE;
		else if (style == MONEY_EN && *s == ',')
			c = SEP_COMMA, n = 1;
		/* A separator between digits groups them; anything else ends the part. */
		if (c == SEP_NONE || !group || !digit(s[n]))
			break;
		if ((cls != SEP_NONE && c != cls) || (groups == 0 ? group > 3 : group != 3))
			return false;
		cls = c;
		groups++;
		group = 0;
		s += n;
	}
	/* Grouped, it starts as the interface prints it: never with a 0 ("0 500" is a
	 * digit lost, not five hundred). */
	if (!group || (groups && group != 3) || (groups && *first == '0'))
		return false;
	*p = s;
	return true;
}

/* Kopecks after the decimal mark at *p: one or two digits. -1 when malformed. */
static int decimals(const char **p)
{
	const char *s = *p;
	int k;

	if (!digit(s[0]))
		return -1;
	k = (s[0] - '0') * 10;
	s++;
	if (digit(*s))
		k += *s++ - '0';
	if (digit(*s))
		return -1;
	*p = s;
	return k;
}

enum number_status number_parse(const char *text, enum number_kind kind, enum money_style style,
				int64_t *out)
{
	const char *s = skip_spaces(text ? text : "");
	bool neg = false, big;
	uint64_t whole;
	int kop = 0;

	if (!*s)
		return NUMBER_EMPTY;
	if (*s == '+' || *s == '-') {
		neg = *s == '-';
		s++;
	} else if (!strncmp(s, "−", 3)) {
		neg = true;
		s += 3;
	}
	if (!whole_part(&s, style, &whole, &big))
		return NUMBER_FORM;
	if (*s == '.' || (*s == ',' && style == MONEY_RU)) {
		s++;
		if (kind != NUMBER_MONEY || (kop = decimals(&s)) < 0)
			return NUMBER_FORM;
	}
	s = skip_spaces(s);
	if (kind == NUMBER_MONEY && *s)
		s = skip_spaces(s + unit_len(s));
	if (*s)
		return NUMBER_FORM;
	if (kind == NUMBER_MONEY) {
		if (big || whole > (uint64_t)MONEY_MAX / 100)
			return NUMBER_RANGE;
		whole = whole * 100 + (uint64_t)kop;
	}
	if (big || whole > (uint64_t)MONEY_MAX)
		return NUMBER_RANGE;
	*out = neg ? -(int64_t)whole : (int64_t)whole;
	return NUMBER_OK;
}

/* A number of the rule's kind in the interface's format: an amount without its unit
 * (the upper end carries it), a whole number grouped. */
static void show(const struct number_rule *rule, int64_t v, bool unit, char *buf, size_t size)
{
	enum money_style style = i18n_money_style();
	char text[96], *cut = NULL;

	if (rule->kind == NUMBER_MONEY) {
		money_format(v, style, text, sizeof(text));
		if (!unit)
			cut = strstr(text, style == MONEY_RU ? "\u00a0₽" : " RUB");
	} else {
		money_format(v * 100, style, text, sizeof(text));
		cut = strrchr(text, style == MONEY_RU ? ',' : '.');
	}
	if (cut)
		*cut = '\0';
	snprintf(buf, size, "%s", text);
}

void number_explain(const struct number_rule *rule, char *why, size_t size)
{
	char lo[96], hi[96];

	show(rule, rule->min, false, lo, sizeof(lo));
	show(rule, rule->max, true, hi, sizeof(hi));
	if (rule->kind == NUMBER_MONEY)
		snprintf(why, size, _("An amount from %s to %s, e.g. 1,500.50."), lo, hi);
	else if (rule->max >= 10000)
		snprintf(why, size, _("A whole number from %s to %s, e.g. 1,500."), lo, hi);
	else
		snprintf(why, size, _("A whole number from %s to %s."), lo, hi);
}

enum number_status number_take(const char *text, const struct number_rule *rule, int64_t *out,
			       char *why, size_t size)
{
	enum number_status st;
	int64_t v;

	if (size)
		why[0] = '\0';
	st = number_parse(text, rule->kind, i18n_money_style(), &v);
	if (st == NUMBER_OK && (v < rule->min || v > rule->max))
		st = NUMBER_RANGE;
	if (st != NUMBER_OK) {
		number_explain(rule, why, size);
		return st;
	}
	*out = v;
	return NUMBER_OK;
}

void number_field_text(int64_t kopecks, enum money_style style, char *buf, size_t size)
{
	/* The magnitude in an unsigned: -INT64_MIN does not fit in an int64_t. */
	uint64_t m = kopecks < 0 ? 0u - (uint64_t)kopecks : (uint64_t)kopecks;
	const char *sign = kopecks < 0 ? "-" : "";

	if (m % 100 == 0)
		snprintf(buf, size, "%s%" PRIu64, sign, m / 100);
	else
		snprintf(buf, size, "%s%" PRIu64 "%s%02" PRIu64, sign, m / 100,
			 style == MONEY_RU ? "," : ".", m % 100);
}
