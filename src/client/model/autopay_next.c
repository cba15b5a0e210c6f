/* "What happens next" for an autopay rule (autopay.h): the billing days after today
 * are played forward at today's balance and fees, in the order `kabinetd admin bill`
 * runs its rules (docs/api.md "Billing", src/server/billing.c), until the rule would
 * charge. Pure: no clock of its own, the server's today comes in. */
#include "kabinet/model/autopay.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/money.h"
#include "kabinet/model/date.h"

/* The calendar is date.h's (days since 1970-01-01, no time zones). */
int64_t ap_date_days(const char *iso)
{
	int64_t day;

	return iso && strlen(iso) == 10 && date_iso_day(iso, &day) ? day : INT64_MIN;
}

void ap_days_date(int64_t days, char out[11])
{
	int y, m, d;

	date_of(days, &y, &m, &d);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

void ap_next(const struct ap_rule *r, const struct ap_account_state *s, struct ap_next *out)
{
	int64_t today = ap_date_days(s->today), back = INT64_MIN, balance = s->balance;

	memset(out, 0, sizeof(*out));
	if (!r->enabled) {
		out->kind = AP_NEXT_DISABLED;
		return;
	}
	if (r->kind == AP_DEBT && !s->credit) {
		out->kind = AP_NEXT_NOT_CREDIT;
		return;
	}
	if (today == INT64_MIN) {
		out->kind = AP_NEXT_UNKNOWN;
		return;
	}
	if (s->promised > 0)
		back = ap_date_days(s->promised_back);
	/* The billing of a day runs at its start: today's has run, tomorrow's is next. */
	for (int64_t day = today + 1; day <= today + AP_NEXT_DAYS; day++) {
		int y, m, d;
		int64_t x = 0;

		date_of(day, &y, &m, &d);
		/* 3: a promised payment goes back on its day (or at once if overdue). */
		bool fits = true;
		if (back != INT64_MIN && day >= back) {
			fits = figure_sub(balance, s->promised, &balance);
			back = INT64_MIN;
		}
		/* 4: the monthly fee on the 1st. */
		if (d == 1)
			fits = fits && figure_sub(balance, s->fee, &balance);
		/* 5: the rule, as bill_autopay() decides it. */
		switch (r->kind) {
		case AP_MONTHLY:
			if (d == r->day && balance < r->amount)
				fits = fits && figure_sub(r->amount, balance, &x);
			break;
		case AP_THRESHOLD:
			if (balance < r->threshold)
				x = r->amount;
			break;
		case AP_DEBT:
			if (d == 1 && balance < 0)
				fits = fits && figure_sub(0, balance, &x);
			break;
		case AP_KIND_COUNT:
			break;
		}
		if (!fits) {
			out->kind = AP_NEXT_BEYOND;
			return;
		}
		if (x > 0) {
			out->kind = AP_NEXT_RUNS;
			out->amount = x > AP_MONEY_MAX ? AP_MONEY_MAX : x;
			ap_days_date(day, out->date);
			return;
		}
	}
	out->kind = AP_NEXT_STAYS_ABOVE;
	out->above = r->kind == AP_THRESHOLD ? r->threshold : r->kind == AP_MONTHLY ? r->amount : 0;
}
