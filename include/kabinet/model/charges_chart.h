/* The chart of where the money goes (screen 4's "m" view), its pure part: getCharges'
 * months folded into one row a month for one account or all of them, split by
 * service (the legend's order: as the services first appear, newest month first);
 * the width of each service's part of a month's bar from kopecks, in whole columns
 * without floating point; and the changes worth a sentence (a service's monthly fee
 * that moved from one month to the next, with the tariff or the options that moved
 * it). Pure like model.h: no curses, no network. */
#ifndef KABINET_CHARGES_CHART_H
#define KABINET_CHARGES_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/model/charges.h"

/* The most services the legend names; the rest are summed into the last one. */
#define CHART_SERVICES_MAX 8
#define CHART_CHANGES_MAX 8
#define CHART_CHANGE_BYTES 512

struct chart_service {
	char service_id[64];	/* "": the account's own charges */
	const char *name;	/* the charges' name (unsafe, drawn through text.c); NULL
				 * for the account's own charges */
};

struct chart_month {
	const struct charge_month *src;
	int64_t total;				/* kopecks, checked */
	int64_t by[CHART_SERVICES_MAX];		/* per legend entry */
};

struct charges_chart {
	struct chart_service services[CHART_SERVICES_MAX];
	size_t nservices;
	bool folded;			/* more services than the legend holds: the last
					 * entry sums the rest */
	struct chart_month months[CHARGES_MONTHS_MAX];	/* newest first, as given */
	size_t nmonths;
	int64_t max;			/* the largest month's total (0: none) */
};

/* Folds c (kept: the chart points into it) for the account of that id ("" or NULL:
 * every account). False when a sum is beyond ±2^53 (sums_beyond_text()). */
bool charges_chart_make(const struct charges *c, const char *account_id,
			struct charges_chart *out);

/* The columns of each of n parts (kopecks, a negative one counted as 0) of a bar that
 * is `width` columns for `max` kopecks: part k ends at column floor(sum of parts 0..k
 * × width / max), so the widths add up to the bar's own floor(total × width / max).
 * max <= 0 or width <= 0: all 0. */
void charges_bar_widths(const int64_t *parts, size_t n, int64_t max, int width, int *out);

/* The changes worth a sentence, newest first, in the interface's language:
 * "Internet +200.00 RUB from December 2026: the tariff «Home 500»". Returns how many
 * were written (at most max). */
size_t charges_chart_changes(const struct charges *c, const char *account_id,
			     char (*lines)[CHART_CHANGE_BYTES], size_t max);

/* Next month's forecast is billing's replay of every service on the 1st after
 * getCharges' newest month (autopay.h: ap_fee_plan_make(), ap_fee_on()). */
/* The 1st of the month after YYYY-MM into out ("2027-01-01" for "2026-12"); false when
 * month is no month. */
bool charges_next_first(const char *month, char out[11]);

/* The label of a month YYYY-MM: "December 2026" / "декабрь 2026" (the text as it
 * is when it is no month). */
char *charges_month_name(const char *month, char *buf, size_t size);

#endif
