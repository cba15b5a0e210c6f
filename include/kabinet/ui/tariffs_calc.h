/* Screen 3's pure helpers (tariffs_calc.c): the voluntary block's last day as typed,
 * checked against the API's rule, the differences to the current tariff and the usage
 * chart's scale. No curses, no network: unit-tested. */
#ifndef KABINET_TARIFFS_CALC_H
#define KABINET_TARIFFS_CALC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- the block's last day (the calendar is model/date.h) --- */

enum tariffs_date {
	TARIFFS_DATE_OK,
	TARIFFS_DATE_EMPTY,
	TARIFFS_DATE_FORMAT,		/* not in a form that is accepted */
	TARIFFS_DATE_NO_SUCH,		/* the calendar has no such day (31.02) */
	TARIFFS_DATE_NOT_AFTER_TODAY,
	TARIFFS_DATE_TOO_FAR,
};
/* setVoluntaryBlock's rule: the block's last day is 1 to 90 days after today. */
#define TARIFFS_BLOCK_MAX_DAYS 90
/* The last day of a voluntary block as typed: DD.MM.YYYY, and with `en` also
 * YYYY-MM-DD (the English interface); spaces around are ignored. *day is set
 * whenever the text is a calendar date. */
enum tariffs_date tariffs_block_date(const char *text, bool en, int64_t today, int64_t *day);

/* --- the differences to the current tariff --- */

/* "+150,00 ₽" / "−200,00 ₽"; "same" when equal. */
void tariffs_diff_money(int64_t value, int64_t current, char *buf, size_t size);
/* A figure's: "+200 Mbit/s" with fmt "%s Mbit/s" (%s gets the signed number). */
void tariffs_diff_figure(int64_t value, int64_t current, const char *fmt, char *buf,
			 size_t size);

/* --- the usage chart's scale --- */

/* The smallest of 1, 2, 3, 4, 5, 6, 8 times a power of ten that is >= v (1 for v < 1). */
int64_t usage_nice_ceiling(int64_t v);
/* The top of the axis for the largest value, a round number of what is shown:
 * megabytes below a gigabyte, whole gigabytes (of 1024 MB) above, minutes. */
int64_t usage_axis(int64_t max, bool mb);
/* The height of a bar in eighths of a row, in rows rows: 0 only for 0, at least 1
 * for anything above it, at most rows * 8. */
int usage_eighths(int64_t value, int64_t axis, int rows);
/* An amount for people: "850 MB", "5.9 GB" / "5,9 ГБ", "6 GB", "52 min". */
void usage_amount(int64_t value, bool mb, char *buf, size_t size);

/* How many days go into `cols` columns: days a bar (1 while every day has a column of
 * its own), the bars, a bar's width and the gap after it. */
struct usage_plan {
	int per_bar, bars, width, gap;
};
struct usage_plan usage_plan(int days, int cols);

/* The chart's periods, in days. */
enum usage_period { USAGE_7, USAGE_30, USAGE_90, USAGE_PERIODS };
int usage_period_days(enum usage_period p);

#endif
