/* "What happens next" for an autopay rule (autopay.h): the billing days after today
 * are played forward at today's balance and fees, in the order `kabinetd admin bill`
 * runs its rules (docs/api.md "Billing", src/server/billing.c), until the rule would
 * charge. Pure: no clock of its own, the server's today comes in. */
#include "kabinet/autopay.h"

#include <stdio.h>
#include <string.h>

/* Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int64_t ap_date_days(const char *iso)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, n = 0;

	if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-' ||
	    sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || y < 1 || m < 1 ||
	    m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
		return INT64_MIN;
	return days_from_civil(y, m, d);
}

void ap_days_date(int64_t days, char out[11])
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
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

		civil_from_days(day, &y, &m, &d);
		/* 3: a promised payment goes back on its day (or at once if overdue). */
		if (back != INT64_MIN && day >= back) {
			balance -= s->promised;
			back = INT64_MIN;
		}
		/* 4: the monthly fee on the 1st. */
		if (d == 1)
			balance -= s->fee;
		/* 5: the rule, as bill_autopay() decides it. */
		switch (r->kind) {
		case AP_MONTHLY:
			if (d == r->day && balance < r->amount)
				x = r->amount - balance;
			break;
		case AP_THRESHOLD:
			if (balance < r->threshold)
				x = r->amount;
			break;
		case AP_DEBT:
			if (d == 1 && balance < 0)
				x = -balance;
			break;
		case AP_KIND_COUNT:
			break;
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
