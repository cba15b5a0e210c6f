/* Calendar dates (see date.h): Howard Hinnant's day arithmetic, the API's form and
 * the forms people type and read. */
#include "kabinet/model/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kabinet/i18n.h"
#include "kabinet/money.h"

/* Howard Hinnant's days_from_civil and civil_from_days. */
int64_t date_day(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void date_of(int64_t day, int *y, int *m, int *d)
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

bool date_valid(int y, int m, int d)
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

bool date_iso_day(const char *iso, int64_t *day)
{
	const char *p = iso;
	int y, m, d;

	if (!digits(&p, 4, 4, &y) || !sep(&p, '-') || !digits(&p, 2, 2, &m) || !sep(&p, '-') ||
	    !digits(&p, 2, 2, &d) || *p || !date_valid(y, m, d))
		return false;
	*day = date_day(y, m, d);
	return true;
}

void date_iso(int64_t day, char out[11])
{
	char tmp[48];
	int y, m, d;

	date_of(day, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	snprintf(out, 11, "%.10s", tmp);
}

int64_t date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return date_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

enum date_typed date_typed(const char *text, bool en, int64_t *day)
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
		return DATE_TYPED_EMPTY;
	if (n >= sizeof(buf))
		return DATE_TYPED_FORMAT;
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
		return DATE_TYPED_FORMAT;
	if (!date_valid(y, m, d))
		return DATE_TYPED_NO_SUCH;
	*day = date_day(y, m, d);
	return DATE_TYPED_OK;
}

/* "27.11.2026" / "Nov 27, 2026" from an RFC 3339 instant or a date; with `brief`,
 * a date of this year without the year ("27.11" / "Nov 27"). */
char *date_format(const char *iso, bool brief, char *buf, size_t size)
{
	static const char *const months[] = { N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"),
					      N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
					      N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec") };
	int y, m, d;
	time_t now = time(NULL);
	struct tm tm;

	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
		snprintf(buf, size, "%s", iso);
		return buf;
	}
	localtime_r(&now, &tm);
	brief = brief && y == tm.tm_year + 1900;
	if (i18n_money_style() == MONEY_RU)
		snprintf(buf, size, brief ? "%02d.%02d" : "%02d.%02d.%04d", d, m, y);
	else if (brief)
		snprintf(buf, size, "%s %d", _(months[m - 1]), d);
	else
		snprintf(buf, size, "%s %d, %04d", _(months[m - 1]), d, y);
	return buf;
}

static bool english(void)
{
	return i18n_money_style() != MONEY_RU;
}

void date_text(int64_t day, bool brief, char *buf, size_t size)
{
	char iso[11];

	date_iso(day, iso);
	date_format(iso, brief, buf, size);
}

char *date_instant(const char *iso, char *buf, size_t size)
{
	struct tm tm = { 0 }, lt;
	char date[48];
	int off = 0, oh, om;
	const char *z;
	time_t t;

	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(buf, size, "%s", iso);
		return buf;
	}
	z = iso + 19 + strspn(iso + 19, ".0123456789");
	if ((*z == '+' || *z == '-') && sscanf(z + 1, "%2d:%2d", &oh, &om) == 2)
		off = (*z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) - off;
	localtime_r(&t, &lt);
	date_text(date_day(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday), false, date,
		  sizeof(date));
	snprintf(buf, size, "%s %02d:%02d", date, lt.tm_hour, lt.tm_min);
	return buf;
}

void date_input(int64_t day, char *buf, size_t size)
{
	int y, m, d;

	date_of(day, &y, &m, &d);
	if (english())
		snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(buf, size, "%02d.%02d.%04d", d, m, y);
}
