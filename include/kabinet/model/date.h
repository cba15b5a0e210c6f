/* Calendar dates: days since 1970-01-01 and back (any date of the Gregorian calendar,
 * no time zones involved), the API's YYYY-MM-DD, a date as people type it, and dates
 * for people in the interface's language. No curses, no network: the screens, the
 * subcommands and the model (autopay's forecast, the history's sums) share it. */
#ifndef KABINET_DATE_H
#define KABINET_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 of a calendar date, and back. */
int64_t date_day(int y, int m, int d);
void date_of(int64_t day, int *y, int *m, int *d);
bool date_valid(int y, int m, int d);
/* The API's YYYY-MM-DD as a day; false when it is not a calendar date. */
bool date_iso_day(const char *iso, int64_t *day);
/* YYYY-MM-DD of a day, for the API. */
void date_iso(int64_t day, char out[11]);
/* Today on this computer's calendar (local time). */
int64_t date_today(void);

enum date_typed {
	DATE_TYPED_OK,
	DATE_TYPED_EMPTY,
	DATE_TYPED_FORMAT,		/* not in a form that is accepted */
	DATE_TYPED_NO_SUCH,		/* the calendar has no such day (31.02) */
};
/* A date as typed: DD.MM.YYYY, and with `en` also YYYY-MM-DD (the English
 * interface); spaces around are ignored. *day is set when it is DATE_TYPED_OK. */
enum date_typed date_typed(const char *text, bool en, int64_t *day);

/* A date (YYYY-MM-DD, or an RFC 3339 instant) in the interface's language:
 * 27.11.2026 / Nov 27, 2026; with `brief`, a date of this year without the year
 * (27.11 / Nov 27). Text that is no date is returned as it is. Returns buf. */
char *date_format(const char *iso, bool brief, char *buf, size_t size);
/* An RFC 3339 instant in this computer's local time, for people: the day as
 * date_text() writes it and HH:MM ("17.11.2026 05:08" / "Nov 17, 2026 05:08"). Text
 * that is no instant is returned as it is. Returns buf. */
char *date_instant(const char *iso, char *buf, size_t size);
/* A day for people, as date_format() writes it: "04.12.2026" / "Dec 4, 2026". */
void date_text(int64_t day, bool brief, char *buf, size_t size);
/* A day as a date field takes it: "15.12.2026" / "2026-12-15". */
void date_input(int64_t day, char *buf, size_t size);

#endif
