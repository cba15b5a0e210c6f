/* The pure part of screen 3: the block's last day as typed, checked against the API's
 * rule (the calendar is model/date.c's), the differences to the current tariff and
 * the usage chart's scale. No curses and no network: unit-tested. */
#include "kabinet/ui/tariffs_calc.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/date.h"
#include "kabinet/model/format.h"
#include "kabinet/money.h"

/* --- dates --- */

enum tariffs_date tariffs_block_date(const char *text, bool en, int64_t today, int64_t *day)
{
	switch (date_typed(text, en, day)) {
	case DATE_TYPED_OK:
		break;
	case DATE_TYPED_EMPTY:
		return TARIFFS_DATE_EMPTY;
	case DATE_TYPED_FORMAT:
		return TARIFFS_DATE_FORMAT;
	case DATE_TYPED_NO_SUCH:
		return TARIFFS_DATE_NO_SUCH;
	}
	if (*day <= today)
		return TARIFFS_DATE_NOT_AFTER_TODAY;
	if (*day - today > TARIFFS_BLOCK_MAX_DAYS)
		return TARIFFS_DATE_TOO_FAR;
	return TARIFFS_DATE_OK;
}

static bool english(void)
{
	return i18n_money_style() != MONEY_RU;
}

/* --- differences --- */

/* value - current into *d, true when it is a difference to show; else the words for
 * it ("too large", "same") are in buf. */
static bool difference(int64_t value, int64_t current, int64_t *d, char *buf, size_t size)
{
	if (!figure_sub(value, current, d)) {
		snprintf(buf, size, "%s", _("too large"));
		return false;
	}
	if (*d == 0) {
		snprintf(buf, size, "%s", _("same"));
		return false;
	}
	return true;
}

void tariffs_diff_money(int64_t value, int64_t current, char *buf, size_t size)
{
	int64_t d;
	char money[64];

	if (!difference(value, current, &d, buf, size))
		return;
	/* The minus comes with the money's format; the plus is ours. */
	format_money(d, money, sizeof(money));
	snprintf(buf, size, "%s%s", d > 0 ? "+" : "", money);
}

void tariffs_diff_figure(int64_t value, int64_t current, const char *fmt, char *buf,
			 size_t size)
{
	int64_t d;
	char num[48], signed_num[64];

	if (!difference(value, current, &d, buf, size))
		return;
	format_number(d < 0 ? -d : d, num, sizeof(num));
	snprintf(signed_num, sizeof(signed_num), "%s%s", d < 0 ? "−" : "+", num);
	snprintf(buf, size, fmt, signed_num);
}

/* --- the usage chart's scale --- */

int64_t usage_nice_ceiling(int64_t v)
{
	static const int steps[] = { 1, 2, 3, 4, 5, 6, 8 };
	int64_t p = 1;

	if (v <= 1)
		return 1;
	for (;;) {
		for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
			if (steps[i] * p >= v)
				return steps[i] * p;
		if (p > INT64_MAX / 100)
			return v;
		p *= 10;
	}
}

#define MB_PER_GB 1024

int64_t usage_axis(int64_t max, bool mb)
{
	/* Above 1000 MB a round number of megabytes is 2000: a gigabyte is rounder. */
	if (mb && max > 1000)
		return usage_nice_ceiling((max + MB_PER_GB - 1) / MB_PER_GB) * MB_PER_GB;
	return usage_nice_ceiling(max);
}

int usage_eighths(int64_t value, int64_t axis, int rows)
{
	int64_t e, parts = (int64_t)rows * 8;

	if (value <= 0 || axis <= 0 || rows <= 0)
		return 0;
	if (value >= axis)
		return rows * 8;
	/* Figures too large to multiply by the parts are halved, both: the ratio stays. */
	while (__builtin_mul_overflow(value, parts, &e) || e > INT64_MAX - axis / 2) {
		value /= 2;
		axis /= 2;
	}
	e = (e + axis / 2) / axis;
	return e < 1 ? 1 : (int)e;
}

void usage_amount(int64_t value, bool mb, char *buf, size_t size)
{
	char num[48];

	if (!mb) {
		format_number(value, num, sizeof(num));
		snprintf(buf, size, _("%s min"), num);
		return;
	}
	if (value < MB_PER_GB) {
		format_number(value, num, sizeof(num));
		snprintf(buf, size, _("%s MB"), num);
		return;
	}
	/* Tenths of a gigabyte, rounded; a whole number without its ",0". */
	int64_t tenths = (value * 10 + MB_PER_GB / 2) / MB_PER_GB;
	format_number(tenths / 10, num, sizeof(num));
	if (tenths % 10) {
		size_t n = strlen(num);
		snprintf(num + n, sizeof(num) - n, "%s%d", english() ? "." : ",", (int)(tenths % 10));
	}
	snprintf(buf, size, _("%s GB"), num);
}

struct usage_plan usage_plan(int days, int cols)
{
	struct usage_plan p = { 1, 0, 0, 0 };
	int slot;

	if (days < 1 || cols < 1)
		return p;
	p.per_bar = (days + cols - 1) / cols;
	p.bars = (days + p.per_bar - 1) / p.per_bar;
	slot = cols / p.bars;
	if (slot >= 2) {
		p.gap = 1;
		p.width = slot - 1 > 6 ? 6 : slot - 1;
	} else {
		p.width = 1;
	}
	return p;
}

int usage_period_days(enum usage_period p)
{
	static const int days[USAGE_PERIODS] = { 7, 30, 90 };
	return p >= 0 && p < USAGE_PERIODS ? days[p] : 30;
}
