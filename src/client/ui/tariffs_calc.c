/* The pure part of screen 3: calendar dates (the block's last day as typed, checked
 * against the API's rule), dates for people, the differences to the current tariff
 * and the usage chart's scale. No curses and no network: unit-tested. */
#include "kabinet/ui/tariffs.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/money.h"

/* --- dates --- */

/* Howard Hinnant's days_from_civil and civil_from_days. */
int64_t tariffs_day(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void tariffs_date_of(int64_t day, int *y, int *m, int *d)
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

bool tariffs_date_valid(int y, int m, int d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && leap);
}

/* Reads `min` to `max` digits at *p, and no more. */
static bool digits(const char **p, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (isdigit((unsigned char)**p) && n < max) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n < min || isdigit((unsigned char)**p))
		return false;
	*out = v;
	return true;
}

static bool sep(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

bool tariffs_iso_day(const char *iso, int64_t *day)
{
	const char *p = iso;
	int y, m, d;

	if (!digits(&p, 4, 4, &y) || !sep(&p, '-') || !digits(&p, 2, 2, &m) || !sep(&p, '-') ||
	    !digits(&p, 2, 2, &d) || *p || !tariffs_date_valid(y, m, d))
		return false;
	*day = tariffs_day(y, m, d);
	return true;
}

void tariffs_iso(int64_t day, char out[11])
{
	char tmp[48];
	int y, m, d;

	tariffs_date_of(day, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	snprintf(out, 11, "%.10s", tmp);
}

int64_t tariffs_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return tariffs_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

enum tariffs_date tariffs_block_date(const char *text, bool en, int64_t today, int64_t *day)
{
	char buf[64];
	const char *p;
	size_t n;
	int y, m, d;
	bool ok;

	while (*text == ' ')
		text++;
	n = strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	if (n == 0)
		return TARIFFS_DATE_EMPTY;
	if (n >= sizeof(buf))
		return TARIFFS_DATE_FORMAT;
	memcpy(buf, text, n);
	buf[n] = '\0';
	p = buf;
	/* DD.MM.YYYY everywhere; YYYY-MM-DD too in English (the API's own form). */
	ok = digits(&p, 1, 2, &d) && sep(&p, '.') && digits(&p, 1, 2, &m) && sep(&p, '.') &&
	     digits(&p, 4, 4, &y) && !*p;
	if (!ok && en) {
		p = buf;
		ok = digits(&p, 4, 4, &y) && sep(&p, '-') && digits(&p, 1, 2, &m) &&
		     sep(&p, '-') && digits(&p, 1, 2, &d) && !*p;
	}
	if (!ok)
		return TARIFFS_DATE_FORMAT;
	if (!tariffs_date_valid(y, m, d))
		return TARIFFS_DATE_NO_SUCH;
	*day = tariffs_day(y, m, d);
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

void tariffs_date_text(int64_t day, bool brief, char *buf, size_t size)
{
	char iso[11];

	tariffs_iso(day, iso);
	ui_date(iso, brief, buf, size);
}

void tariffs_date_input(int64_t day, char *buf, size_t size)
{
	int y, m, d;

	tariffs_date_of(day, &y, &m, &d);
	if (english())
		snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(buf, size, "%02d.%02d.%04d", d, m, y);
}

/* --- differences --- */

void tariffs_diff_money(int64_t value, int64_t current, char *buf, size_t size)
{
	int64_t d;
	char money[64];

	if (!figure_sub(value, current, &d)) {
		snprintf(buf, size, "%s", _("too large"));
		return;
	}
	if (d == 0) {
		snprintf(buf, size, "%s", _("same"));
		return;
	}
	/* The minus comes with the money's format; the plus is ours. */
	ui_money(d, money, sizeof(money));
	snprintf(buf, size, "%s%s", d > 0 ? "+" : "", money);
}

void tariffs_diff_figure(int64_t value, int64_t current, const char *fmt, char *buf,
			 size_t size)
{
	int64_t d;
	char num[48], signed_num[64];

	if (!figure_sub(value, current, &d)) {
		snprintf(buf, size, "%s", _("too large"));
		return;
	}
	if (d == 0) {
		snprintf(buf, size, "%s", _("same"));
		return;
	}
	ui_number(d < 0 ? -d : d, num, sizeof(num));
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
		ui_number(value, num, sizeof(num));
		snprintf(buf, size, _("%s min"), num);
		return;
	}
	if (value < MB_PER_GB) {
		ui_number(value, num, sizeof(num));
		snprintf(buf, size, _("%s MB"), num);
		return;
	}
	/* Tenths of a gigabyte, rounded; a whole number without its ",0". */
	int64_t tenths = (value * 10 + MB_PER_GB / 2) / MB_PER_GB;
	ui_number(tenths / 10, num, sizeof(num));
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
