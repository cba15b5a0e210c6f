/* The client's checked sums of figures from the wire (sums.h). */
#include "kabinet/model/sums.h"

#include "kabinet/model/bonus.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/model/date.h"
#include "kabinet/model/services.h"

const char *sums_beyond_text(void)
{
	return _("the server's figures are beyond what can be added");
}

bool sums_history(const struct hist_page *p, int64_t start, int64_t *newer)
{
	newer[0] = start;
	for (size_t i = 0; i < p->n; i++)
		if (!figure_add(newer[i], p->items[i].amount, &newer[i + 1]))
			return false;
	return true;
}

bool sums_invoice_lines(const struct invoice_line *lines, size_t n, int64_t *sum)
{
	int64_t s = 0;

	for (size_t i = 0; i < n; i++)
		if (!figure_add(s, lines[i].amount, &s))
			return false;
	*sum = s;
	return true;
}

bool sums_service_month(const struct service_info *in, bool with_tariff, size_t toggle,
			int64_t *out)
{
	int64_t s = with_tariff && in->has_tariff ? in->tariff.fee : 0;

	for (size_t i = 0; i < in->noptions; i++) {
		bool on = i == toggle ? !in->options[i].enabled : in->options[i].enabled;
		if (on && !figure_add(s, in->options[i].fee, &s))
			return false;
	}
	*out = s;
	return true;
}

bool sums_days_back(int64_t day, int64_t days, int64_t *out)
{
	int64_t d;

	if (!figure_sub(day, days, &d) || d < date_day(1, 1, 1) || d > date_day(9999, 12, 31))
		return false;
	*out = d;
	return true;
}

bool sums_points_worth(int64_t points, int64_t *kopecks)
{
	return figure_mul(points, BONUS_POINT_KOPECKS, kopecks);
}

bool sums_charge_account(const struct charge_account *a, int64_t *sum)
{
	int64_t s = 0;

	for (size_t i = 0; i < a->nservices; i++)
		for (size_t k = 0; k < a->services[i].nkinds; k++)
			if (!figure_add(s, a->services[i].kinds[k].amount, &s))
				return false;
	*sum = s;
	return true;
}
