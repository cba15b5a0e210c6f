/* getCharges: where the money goes. The CHARGE rows of the history, by their parts
 * (charge_parts, ledger.h), summed by SQL per month, account, service and kind; the
 * handler only nests the grouped rows and adds up each account's month. */
#include "kabinet/server/call.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/money.h"
#include "kabinet/server/db.h"
#include "kabinet/server/ledger.h"
#include "kabinet/server/srv.h"

#define CHARGES_MONTHS_DEFAULT 12
#define CHARGES_MONTHS_MAX 24

/* ?1 the caller's profile, ?2 the first day of the first month, ?3 the last month's
 * "YYYY-MM-31" (dates compare as text), ?4 one account or NULL for all the profile's. Newest month first,
 * then by account number, the services as getAccounts lists them (the account's own
 * parts last), the kinds in the order of the docs. */
static const char sql_charges[] =
	"SELECT substr(h.date, 1, 7), h.account_id, a.number, p.service_id, "
	SERVICE_NAME_SQL ", p.kind, SUM(p.amount), "
	"json_group_array(DISTINCT p.name) FILTER (WHERE p.name IS NOT NULL) "
	"FROM history h JOIN accounts a ON a.id = h.account_id "
	"JOIN charge_parts p ON p.history_id = h.id "
	"LEFT JOIN services s ON s.id = p.service_id "
	"WHERE h.account_id IN (SELECT id FROM accounts "
	"  WHERE profile_id = ?1 AND (?4 IS NULL OR id = ?4)) "
	"AND h.date >= ?2 AND h.date <= ?3 AND h.type = 'CHARGE' "
	"GROUP BY 1, h.account_id, p.service_id, p.kind "
	"ORDER BY 1 DESC, a.number, p.service_id IS NULL, MIN(s.type), MIN(s.number), "
	"p.service_id, "
	"CASE p.kind WHEN 'TARIFF' THEN 0 WHEN 'OPTION' THEN 1 WHEN 'PROMISED_FEE' THEN 2 "
	"ELSE 3 END";

/* Reads `to` ("YYYY-MM", default today's month) as a month number (srv_month_of()). */
static int in_month(struct call *c, int *month)
{
	const char *s = NULL;
	char day[11];

	*month = srv_month_of(c->today);
	if (in_str(c, "to", false, 0, 7, &s) != CALL_OK)
		return CALL_FAIL;
	if (!s)
		return CALL_OK;
	snprintf(day, sizeof(day), "%.7s-01", s);
	if (strlen(s) != 7 || srv_parse_date(day) == INT64_MIN)
		return call_fail(c, APIERR_VALIDATION, "to", "Поле to: ожидается месяц ГГГГ-ММ",
				 "Field to must be a month YYYY-MM");
	*month = srv_month_of(s);
	return CALL_OK;
}

/* The months of the answer, newest first, each with no accounts yet. */
static cJSON *months_out(struct call *c, int last, int n)
{
	cJSON *months = cJSON_AddArrayToObject(c->out, "months");
	char buf[8];
	for (int i = 0; i < n; i++) {
		cJSON *m = cJSON_CreateObject();
		out_str(m, "month", srv_month_text(last - i, buf));
		cJSON_AddArrayToObject(m, "accounts");
		cJSON_AddItemToArray(months, m);
	}
	return months;
}

/* Where the grouped rows go: they come in the order of the answer, so each row is of
 * the current month, account and service or of the next one. */
struct nest {
	cJSON *month;		/* the month object of the current row, NULL before the first */
	int month_no;
	cJSON *account, *service;
};

static bool same_text(const cJSON *obj, const char *key, const char *text)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!text)
		return cJSON_IsNull(v);
	return cJSON_IsString(v) && !strcmp(v->valuestring, text);
}

/* Moves n to the row's month, account and service, making those that are new. false
 * when the row's month is not one of the answer's. */
static bool nest_move(struct nest *n, sqlite3_stmt *st)
{
	const char *m = db_text(st, 0);
	int month = m ? srv_month_of(m) : -1;

	while (n->month && n->month_no > month) {
		n->month = n->month->next;
		n->month_no--;
		n->account = NULL;
	}
	if (!n->month || n->month_no != month)
		return false;
	if (!n->account || !same_text(n->account, "accountId", db_text(st, 1))) {
		n->account = cJSON_CreateObject();
		out_col_str(n->account, "accountId", st, 1);
		out_col_str(n->account, "accountNumber", st, 2);
		out_int(n->account, "total", 0);
		cJSON_AddArrayToObject(n->account, "services");
		cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(n->month, "accounts"),
				     n->account);
		n->service = NULL;
	}
	if (!n->service || !same_text(n->service, "serviceId", db_text(st, 3))) {
		n->service = cJSON_CreateObject();
		out_col_str(n->service, "serviceId", st, 3);
		out_col_str(n->service, "service", st, 4);
		cJSON_AddArrayToObject(n->service, "kinds");
		cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(n->account, "services"),
				     n->service);
	}
	return true;
}

/* One grouped row into its month, account and service; the account's total grows by
 * it. CALL_FAIL (INTERNAL) when a figure leaves ±2^53. */
static int charge_row(struct call *c, struct nest *n, sqlite3_stmt *st)
{
	cJSON *kind, *names, *total;
	int64_t amount = sqlite3_column_int64(st, 6), sum;

	if (!nest_move(n, st))
		return call_internal(c, "charges: a row out of its months");
	total = cJSON_GetObjectItemCaseSensitive(n->account, "total");
	if (!figure_fits(amount) || !figure_add((int64_t)total->valuedouble, amount, &sum))
		return call_internal(c, "charges: a sum beyond 2^53");
	cJSON_SetNumberValue(total, (double)sum);
	kind = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(n->service, "kinds"), kind);
	out_col_str(kind, "kind", st, 5);
	out_int(kind, "amount", amount);
	names = cJSON_Parse(db_text(st, 7) ? db_text(st, 7) : "[]");
	cJSON_AddItemToObject(kind, "names", names ? names : cJSON_CreateArray());
	return CALL_OK;
}

static int get_charges(struct call *c)
{
	const char *account = NULL;
	int64_t n = CHARGES_MONTHS_DEFAULT;
	int last, rc;
	char from[11], to[11], buf[8];
	sqlite3_stmt *st;
	struct nest nest = { 0 };

	if (in_str(c, "accountId", false, 1, 64, &account) != CALL_OK ||
	    in_int(c, "months", false, 1, CHARGES_MONTHS_MAX, &n) != CALL_OK ||
	    in_month(c, &last) != CALL_OK)
		return CALL_FAIL;
	if (account && call_own_account(c, account) != CALL_OK)
		return CALL_FAIL;
	snprintf(from, sizeof(from), "%s-01", srv_month_text(last - (int)n + 1, buf));
	snprintf(to, sizeof(to), "%s-31", srv_month_text(last, buf));
	nest.month = months_out(c, last, (int)n)->child;
	nest.month_no = last;
	st = call_query(c, "charges", sql_charges, "isss", c->profile_id, from, to, account);
	if (!st)
		return CALL_FAIL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (charge_row(c, &nest, st) != CALL_OK) {
			sqlite3_reset(st);
			return CALL_FAIL;
		}
	sqlite3_reset(st);
	/* SQLite's SUM fails with "integer overflow" beyond int64_t. */
	if (rc != SQLITE_DONE)
		return call_internal(c, "charges");
	return CALL_OK;
}

const struct method charge_methods[] = {
	{ "getCharges", get_charges, M_VIEW },
	{ NULL, NULL, 0 },
};
