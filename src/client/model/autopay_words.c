/* Autopay in words (autopay.h): a rule's figures, its next run and its last run as
 * people read them, in the interface's language. The screen and `kabinet autopay`
 * say the same thing. */
#include "kabinet/model/autopay.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/sums.h"
#include "kabinet/model/date.h"

void ap_day_words(int day, char *buf, size_t size)
{
	static const char *const suffix[4] = { "th", "st", "nd", "rd" };
	int last = day % 10;

	if (!strcmp(i18n_lang(), "ru")) {
		snprintf(buf, size, "%d-го", day);
		return;
	}
	if ((day % 100) / 10 == 1 || last > 3)
		last = 0;
	snprintf(buf, size, "%d%s", day, suffix[last]);
}

void ap_rule_words(const struct ap_rule *r, ap_money_fn money, char *buf, size_t size)
{
	char a[64], b[64], day[32];

	switch (r->kind) {
	case AP_THRESHOLD:
		snprintf(buf, size, _("when the balance falls below %s, pay %s"),
			 money(r->threshold, a, sizeof(a)), money(r->amount, b, sizeof(b)));
		return;
	case AP_MONTHLY:
		ap_day_words(r->day, day, sizeof(day));
		snprintf(buf, size, _("on the %s, top up to %s"), day, money(r->amount, a, sizeof(a)));
		return;
	case AP_DEBT:
		snprintf(buf, size, "%s", _("on the billing day, pay what is due"));
		return;
	case AP_KIND_COUNT:
		break;
	}
	buf[0] = '\0';
}

void ap_next_words(const struct ap_next *n, enum ap_kind k, ap_money_fn money, char *buf,
		   size_t size)
{
	char a[64], date[48];
	int64_t day = ap_date_days(n->date);

	switch (n->kind) {
	case AP_NEXT_RUNS:
		if (day != INT64_MIN)
			date_text(day, true, date, sizeof(date));
		else
			snprintf(date, sizeof(date), "%s", n->date);
		snprintf(buf, size, _("on %s: %s"), date, money(n->amount, a, sizeof(a)));
		return;
	case AP_NEXT_STAYS_ABOVE:
		if (k == AP_DEBT)
			snprintf(buf, size, "%s", _("not while the account has no debt"));
		else
			snprintf(buf, size, _("not while the balance stays above %s"),
				 money(n->above, a, sizeof(a)));
		return;
	case AP_NEXT_DISABLED:
		snprintf(buf, size, "%s", _("none: the rule is off"));
		return;
	case AP_NEXT_NOT_CREDIT:
		snprintf(buf, size, "%s", _("never: debt rules run on credit accounts only"));
		return;
	case AP_NEXT_BEYOND:
		snprintf(buf, size, "%s", sums_beyond_text());
		return;
	case AP_NEXT_UNKNOWN:
		break;
	}
	snprintf(buf, size, "%s", _("not known yet"));
}

void ap_rule_brief(const struct ap_rule *r, ap_money_fn money, char *buf, size_t size)
{
	char a[64], b[64], day[32];

	buf[0] = '\0';
	if (r->kind == AP_THRESHOLD) {
		snprintf(buf, size, _("below %s: pay %s"), money(r->threshold, a, sizeof(a)),
			 money(r->amount, b, sizeof(b)));
	} else if (r->kind == AP_MONTHLY) {
		ap_day_words(r->day, day, sizeof(day));
		snprintf(buf, size, _("%s: up to %s"), day, money(r->amount, a, sizeof(a)));
	}
}

void ap_next_brief(const struct ap_next *n, enum ap_kind k, ap_money_fn money, char *buf,
		   size_t size)
{
	char a[64], date[48];
	int64_t day = ap_date_days(n->date);

	buf[0] = '\0';
	if (n->kind == AP_NEXT_RUNS) {
		if (day != INT64_MIN)
			date_text(day, true, date, sizeof(date));
		else
			snprintf(date, sizeof(date), "%s", n->date);
		snprintf(buf, size, _("%s: %s"), date, money(n->amount, a, sizeof(a)));
	} else if (n->kind == AP_NEXT_STAYS_ABOVE && k != AP_DEBT) {
		snprintf(buf, size, _("when below %s"), money(n->above, a, sizeof(a)));
	}
}

void ap_last_words(const struct ap_rule *r, ap_money_fn money, char *buf, size_t size)
{
	char a[64], date[48];
	int64_t day = ap_date_days(r->last_date);

	if (!r->has_last) {
		snprintf(buf, size, "%s", _("not run yet"));
		return;
	}
	if (day != INT64_MIN)
		date_text(day, false, date, sizeof(date));
	else
		snprintf(date, sizeof(date), "%s", r->last_date);
	money(r->last_amount, a, sizeof(a));
	if (r->last_declined)
		snprintf(buf, size, _("%s, %s, DECLINED"), date, a);
	else
		snprintf(buf, size, _("%s, %s, paid"), date, a);
}
