/* "What happens next" for an autopay rule (autopay.h): the billing days after today
 * are played forward at today's balance and fees, in the order `kabinetd admin bill`
 * runs its rules (docs/api.md "Billing", src/server/billing.c), until the rule would
 * charge. The fee of a 1st is billing's replay of each service (its fee plan: a
 * pending tariff from its day, a voluntary block's end), the same figure the chart's
 * forecast shows. Pure: no clock of its own, the server's today comes in. */
#include "kabinet/model/autopay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/money.h"
#include "kabinet/model/date.h"
#include "kabinet/model/sums.h"

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

/* --- the fee plans --- */

/* The first day billing charges a service of that status (INT64_MAX: never); false
 * when the block's last day is no date. */
static bool first_charged(const struct service_info *s, int64_t *from)
{
	switch (s->status) {
	case SVC_ACTIVE:
	case SVC_BLOCKED:
		*from = INT64_MIN;
		return true;
	case SVC_VOLUNTARY_BLOCKED:
		/* A block "until the 25th" ends with the run of the 26th. */
		*from = s->block_end[0] ? ap_date_days(s->block_end) : INT64_MAX;
		if (*from == INT64_MIN)
			return false;
		if (*from != INT64_MAX)
			(*from)++;
		return true;
	default:
		*from = INT64_MAX;
		return true;
	}
}

bool ap_fee_plan_make(const struct service_info *s, struct ap_fee_plan *out)
{
	memset(out, 0, sizeof(*out));
	out->pending_from = INT64_MAX;
	if (!first_charged(s, &out->from) || !sums_service_month(s, true, SIZE_MAX, &out->fee))
		return false;
	if (!s->has_pending)
		return true;
	out->pending_from = ap_date_days(s->pending_from);
	return out->pending_from != INT64_MIN &&
	       sums_service_month(s, false, SIZE_MAX, &out->pending_fee) &&
	       figure_add(out->pending_fee, s->pending.fee, &out->pending_fee);
}

bool ap_fee_on(const struct ap_fee_plan *plans, size_t n, int64_t day, int64_t *out)
{
	int64_t sum = 0;

	for (size_t i = 0; i < n; i++) {
		const struct ap_fee_plan *p = &plans[i];
		if (day < p->from)
			continue;
		if (!figure_add(sum, day >= p->pending_from ? p->pending_fee : p->fee, &sum))
			return false;
	}
	*out = sum;
	return true;
}

/* The 1st of the month after the day's. */
static int64_t next_first(int64_t day)
{
	int y, m, d;

	date_of(day, &y, &m, &d);
	return m == 12 ? date_day(y + 1, 1, 1) : date_day(y, m + 1, 1);
}

bool ap_fee_change(const struct ap_fee_plan *plans, size_t n, int64_t after, int64_t until,
		   int64_t *day, int64_t *fee)
{
	int64_t now;

	if (!ap_fee_on(plans, n, after, &now))
		return false;
	for (int64_t d = next_first(after); d <= until; d = next_first(d))
		if (ap_fee_on(plans, n, d, fee) && *fee != now) {
			*day = d;
			return true;
		}
	return false;
}

/* --- the book of plans --- */

bool ap_fee_book_make(struct ap_fee_book *b, const struct account_list *accounts,
		      bool (*want)(const struct account *a, void *ud), void *ud)
{
	size_t n = 0;

	memset(b, 0, sizeof(*b));
	for (size_t a = 0; a < accounts->n; a++)
		if (!want || want(&accounts->items[a], ud))
			n += accounts->items[a].nservices;
	b->plans = calloc(n + 1, sizeof(*b->plans));
	b->account = calloc(n + 1, sizeof(*b->account));
	b->service = calloc(n + 1, sizeof(*b->service));
	b->known = calloc(n + 1, sizeof(*b->known));
	if (!b->plans || !b->account || !b->service || !b->known) {
		ap_fee_book_free(b);
		return false;
	}
	for (size_t a = 0; a < accounts->n; a++) {
		const struct account *acc = &accounts->items[a];
		if (want && !want(acc, ud))
			continue;
		for (size_t s = 0; s < acc->nservices; s++, b->n++) {
			snprintf(b->account[b->n], sizeof(b->account[0]), "%s", acc->id);
			snprintf(b->service[b->n], sizeof(b->service[0]), "%s", acc->services[s].id);
		}
	}
	return true;
}

bool ap_fee_book_take(struct ap_fee_book *b, const char *service_id, const char *json,
		      struct model_err *err)
{
	struct service_info info;
	struct ap_fee_plan plan;
	bool ok;

	if (model_parse_service_info(json, &info, err) != MODEL_OK)
		return false;
	ok = ap_fee_plan_make(&info, &plan);
	model_free_service_info(&info);
	if (!ok) {
		snprintf(err->msg, sizeof(err->msg), "%s", sums_beyond_text());
		return false;
	}
	for (size_t i = 0; service_id && i < b->n; i++)
		if (!strcmp(b->service[i], service_id)) {
			b->plans[i] = plan;
			b->known[i] = true;
		}
	return true;
}

bool ap_fee_book_account(const struct ap_fee_book *b, const char *account_id,
			 const struct ap_fee_plan **plans, size_t *n)
{
	bool all = !account_id || !account_id[0];
	size_t at = 0, count = 0;

	while (!all && at < b->n && strcmp(b->account[at], account_id))
		at++;
	/* An account the book does not hold (none of its services asked for) has no plans:
	 * the caller keeps to today's fee rather than a fee of 0. */
	if (!b->known || (!all && at == b->n))
		return false;
	for (; at + count < b->n && (all || !strcmp(b->account[at + count], account_id)); count++)
		if (!b->known[at + count])
			return false;
	*plans = &b->plans[at];
	*n = count;
	return true;
}

void ap_fee_book_free(struct ap_fee_book *b)
{
	free(b->plans);
	free(b->account);
	free(b->service);
	free(b->known);
	memset(b, 0, sizeof(*b));
}

/* --- the replay --- */

/* The fee the run of the 1st `day` charges the account. */
static bool fee_of_day(const struct ap_account_state *s, int64_t day, int64_t *fee)
{
	if (!s->plans) {
		*fee = s->fee;
		return true;
	}
	return ap_fee_on(s->plans, s->nplans, day, fee);
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
		if (d == 1) {
			int64_t fee = 0;
			fits = fits && fee_of_day(s, day, &fee) && figure_sub(balance, fee, &balance);
		}
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
