/* The chart of where the money goes, its pure part (charges_chart.h): getCharges'
 * months folded per service for one account or all, the bars' widths in whole columns
 * from kopecks (integer arithmetic only: amounts are within ±2^53 and a bar is a few
 * hundred columns, so a product stays far inside int64_t), and the sentences of the
 * monthly fees that moved; the day of next month's forecast (its figure is billing's
 * replay, autopay.h's ap_fee_on()). Every sum is checked (money.h's figure_add). */
#include "kabinet/model/charges_chart.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/model/format.h"

static bool wanted(const struct charge_account *a, const char *account_id)
{
	return !account_id || !account_id[0] || !strcmp(a->account_id, account_id);
}

/* The legend entry of a service, added when new; the last one when the legend is full. */
static size_t legend_at(struct charges_chart *ch, const struct charge_service *s)
{
	for (size_t i = 0; i < ch->nservices; i++)
		if (!strcmp(ch->services[i].service_id, s->service_id))
			return i;
	if (ch->nservices == CHART_SERVICES_MAX) {
		ch->folded = true;
		return CHART_SERVICES_MAX - 1;
	}
	snprintf(ch->services[ch->nservices].service_id, sizeof(ch->services[0].service_id), "%s",
		 s->service_id);
	ch->services[ch->nservices].name = s->service;
	return ch->nservices++;
}

static bool add_service(struct charges_chart *ch, struct chart_month *m,
			const struct charge_service *s)
{
	size_t at = legend_at(ch, s);

	for (size_t k = 0; k < s->nkinds; k++)
		if (!figure_add(m->by[at], s->kinds[k].amount, &m->by[at]) ||
		    !figure_add(m->total, s->kinds[k].amount, &m->total))
			return false;
	return true;
}

bool charges_chart_make(const struct charges *c, const char *account_id,
			struct charges_chart *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < c->nmonths && i < CHARGES_MONTHS_MAX; i++) {
		struct chart_month *m = &out->months[out->nmonths++];
		m->src = &c->months[i];
		for (size_t a = 0; a < c->months[i].naccounts; a++) {
			const struct charge_account *acc = &c->months[i].accounts[a];
			if (!wanted(acc, account_id))
				continue;
			for (size_t s = 0; s < acc->nservices; s++)
				if (!add_service(out, m, &acc->services[s]))
					return false;
		}
		if (m->total > out->max)
			out->max = m->total;
	}
	return true;
}

void charges_bar_widths(const int64_t *parts, size_t n, int64_t max, int width, int *out)
{
	int64_t sum = 0;
	int before = 0;

	for (size_t k = 0; k < n; k++) {
		int64_t end;
		out[k] = 0;
		if (max <= 0 || width <= 0)
			continue;
		if (parts[k] > 0 && !figure_add(sum, parts[k], &sum))
			sum = max;
		if (sum > max)
			sum = max;
		/* sum <= max <= 2^53 and width < 2^10: the product fits. */
		end = sum * width / max;
		out[k] = (int)end - before;
		before = (int)end;
	}
}

/* --- the sentences --- */

/* A service's monthly fee in a month: its TARIFF and OPTION kinds, with their names. */
struct fee {
	bool found;
	int64_t amount;
	const char *tariff, *options, *name;
};

static void fee_of(const struct charge_month *m, const char *account_id, const char *service_id,
		   struct fee *f)
{
	memset(f, 0, sizeof(*f));
	for (size_t a = 0; a < m->naccounts; a++) {
		if (!wanted(&m->accounts[a], account_id))
			continue;
		for (size_t s = 0; s < m->accounts[a].nservices; s++) {
			const struct charge_service *sv = &m->accounts[a].services[s];
			if (strcmp(sv->service_id, service_id))
				continue;
			f->name = sv->service;
			for (size_t k = 0; k < sv->nkinds; k++) {
				const struct charge_kind_sum *ks = &sv->kinds[k];
				if (ks->kind != CHARGE_TARIFF && ks->kind != CHARGE_OPTION)
					continue;
				f->found = true;
				if (!figure_add(f->amount, ks->amount, &f->amount))
					f->found = false;
				if (ks->kind == CHARGE_TARIFF)
					f->tariff = ks->names;
				else
					f->options = ks->names;
			}
			return;
		}
	}
}

/* The first name of list (names joined by ", ") that other lacks, into buf. */
static bool name_missing(const char *list, const char *other, char *buf, size_t size)
{
	const char *p = list ? list : "";

	while (*p) {
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *o = other ? other : "";
		bool seen = false;
		while (*o && !seen) {
			const char *oe = strstr(o, ", ");
			size_t ol = oe ? (size_t)(oe - o) : strlen(o);
			seen = ol == len && !strncmp(o, p, len);
			o = oe ? oe + 2 : o + ol;
		}
		if (!seen) {
			snprintf(buf, size, "%.*s", (int)(len < size ? len : size - 1), p);
			return true;
		}
		p = end ? end + 2 : p + len;
	}
	return false;
}

/* A month's label from one of the twelve formats of its month ("%d": the year); the
 * text as it is when it is no month YYYY-MM. */
static char *month_text(const char *month, const char *const formats[12], char *buf,
			size_t size)
{
	int y, m;

	if (!charges_month_ok(month) || sscanf(month, "%4d-%2d", &y, &m) != 2)
		snprintf(buf, size, "%s", month);
	else
		snprintf(buf, size, _(formats[m - 1]), y);
	return buf;
}

static const char *from_month(const char *month, char *buf, size_t size)
{
	static const char *const from[] = {
		N_("from January %d"), N_("from February %d"), N_("from March %d"),
		N_("from April %d"), N_("from May %d"), N_("from June %d"),
		N_("from July %d"), N_("from August %d"), N_("from September %d"),
		N_("from October %d"), N_("from November %d"), N_("from December %d"),
	};

	return month_text(month, from, buf, size);
}

char *charges_month_name(const char *month, char *buf, size_t size)
{
	static const char *const names[] = {
		N_("January %d"), N_("February %d"), N_("March %d"), N_("April %d"),
		N_("May %d"), N_("June %d"), N_("July %d"), N_("August %d"),
		N_("September %d"), N_("October %d"), N_("November %d"), N_("December %d"),
	};

	return month_text(month, names, buf, size);
}

/* The sentence of a fee that moved from `old` to `now` in the month `month`. */
static void sentence(const struct fee *now, const struct fee *old, const char *month,
		     char *out, size_t size)
{
	char delta[64], money[48], when[64], name[CHARGES_NAME_BYTES];
	const char *service = now->name ? now->name : "";

	format_money(now->amount - old->amount, money, sizeof(money));
	snprintf(delta, sizeof(delta), "%s%s", now->amount > old->amount ? "+" : "", money);
	from_month(month, when, sizeof(when));
	if (now->tariff && (!old->tariff || strcmp(now->tariff, old->tariff)) && now->tariff[0])
		snprintf(out, size, _("%s %s %s: the tariff «%s»"), service, delta, when, now->tariff);
	else if (name_missing(now->options, old->options, name, sizeof(name)))
		snprintf(out, size, _("%s %s %s: the option «%s» connected"), service, delta, when,
			 name);
	else if (name_missing(old->options, now->options, name, sizeof(name)))
		snprintf(out, size, _("%s %s %s: the option «%s» disconnected"), service, delta,
			 when, name);
	else
		snprintf(out, size, _("%s %s %s"), service, delta, when);
}

/* A monthly fee that began (no fee the month before) or ended (none this month). */
static void ended_or_began(const struct fee *now, const struct fee *old, const char *month,
			   char *out, size_t size)
{
	char delta[64], money[48], when[64];
	const struct fee *f = now->found ? now : old;

	format_money(now->found ? now->amount : -old->amount, money, sizeof(money));
	snprintf(delta, sizeof(delta), "%s%s", now->found ? "+" : "", money);
	from_month(month, when, sizeof(when));
	snprintf(out, size, now->found ? _("%s %s %s: charged from then on") : _("%s %s %s: not charged"),
		 f->name ? f->name : "", delta, when);
}

/* A service's fee in month i against the month before it: a sentence when it moved. */
static size_t service_change(const struct charges *c, size_t i, const char *account_id,
			     const char *id, char (*lines)[CHART_CHANGE_BYTES], size_t n)
{
	struct fee now, old;

	fee_of(&c->months[i], account_id, id, &now);
	fee_of(&c->months[i + 1], account_id, id, &old);
	if (!now.found && !old.found)
		return n;
	if (now.found && old.found && now.amount == old.amount)
		return n;
	if (now.found && old.found)
		sentence(&now, &old, c->months[i].month, lines[n], CHART_CHANGE_BYTES);
	else
		ended_or_began(&now, &old, c->months[i].month, lines[n], CHART_CHANGE_BYTES);
	return n + 1;
}

/* The services of month i and of the month before it, compared: the newer month's
 * first, then those only the older one charged. */
static size_t month_changes(const struct charges *c, size_t i, const char *account_id,
			    char (*lines)[CHART_CHANGE_BYTES], size_t n, size_t max)
{
	for (size_t pass = 0; pass < 2; pass++) {
		const struct charge_month *m = &c->months[i + pass];
		for (size_t a = 0; a < m->naccounts && n < max; a++) {
			if (!wanted(&m->accounts[a], account_id))
				continue;
			for (size_t s = 0; s < m->accounts[a].nservices && n < max; s++) {
				const char *id = m->accounts[a].services[s].service_id;
				struct fee now;
				if (!id[0])
					continue;
				fee_of(&c->months[i], account_id, id, &now);
				if (pass == 0 ? now.found : !now.found)
					n = service_change(c, i, account_id, id, lines, n);
			}
		}
	}
	return n;
}

size_t charges_chart_changes(const struct charges *c, const char *account_id,
			     char (*lines)[CHART_CHANGE_BYTES], size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i + 1 < c->nmonths && n < max; i++)
		n = month_changes(c, i, account_id, lines, n, max);
	return n;
}

/* --- next month's forecast: its day --- */

bool charges_next_first(const char *month, char out[11])
{
	int y, m;

	if (!charges_month_ok(month) || sscanf(month, "%4d-%2d", &y, &m) != 2)
		return false;
	if (++m > 12) {
		m = 1;
		y++;
	}
	if (y > 9999)
		return false;
	snprintf(out, 11, "%04u-%02u-01", (unsigned)y % 10000u, (unsigned)m % 100u);
	return true;
}
