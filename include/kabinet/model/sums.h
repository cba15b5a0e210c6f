/* The client's sums of figures from the wire, each checked (money.h's figure_add and
 * the like): a history page's running sums, an invoice's lines, a service's monthly
 * fee with its options, what bonus points are worth, an account's charges of a
 * month. Each gives true with the result, or false when a sum is beyond ±2^53: the
 * answer is then bad, said with sums_beyond_text(), and no figure is shown as real.
 * Pure: no I/O, no globals. */
#ifndef KABINET_SUMS_H
#define KABINET_SUMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/model/charges.h"
#include "kabinet/model/model.h"
#include "kabinet/model/services.h"
#include "kabinet/model/history.h"
#include "kabinet/model/model_money.h"

/* "the server's figures are beyond what can be added", translated. */
const char *sums_beyond_text(void);

/* The running sums of a history page: newer[i] is start plus the amounts of the rows
 * above row i, newer[p->n] the sum after its last row (newer has p->n + 1 places). */
bool sums_history(const struct hist_page *p, int64_t start, int64_t *newer);

/* The sum of an invoice's lines. */
bool sums_invoice_lines(const struct invoice_line *lines, size_t n, int64_t *sum);

/* What a service costs a month: its tariff's fee (when with_tariff and it has one)
 * and the fees of the options that are on, the option at `toggle` counted as if
 * switched (SIZE_MAX: none is). */
bool sums_service_month(const struct service_info *in, bool with_tariff, size_t toggle,
			int64_t *out);

/* The day `days` before `day` (both days since 1970-01-01), when it is a date of
 * years 1 to 9999. */
bool sums_days_back(int64_t day, int64_t days, int64_t *out);

/* What `points` bonus points are worth in kopecks. */
bool sums_points_worth(int64_t points, int64_t *kopecks);

/* The sum of an account's charges of a month: the amounts of its services' kinds. */
bool sums_charge_account(const struct charge_account *a, int64_t *sum);

#endif
