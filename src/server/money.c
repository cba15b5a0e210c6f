/* Money methods: payment history, transfers between own accounts, promised payments,
 * the payment system, invoices and their delivery. Balances change only through
 * ledger_post(), so history and balances cannot drift apart. */
#include "kabinet/server/call.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/money.h"
#include "kabinet/server/db.h"
#include "kabinet/server/ledger.h"
#include "kabinet/server/srv.h"

#define HISTORY_DEFAULT_DAYS 365
#define PROMISED_MIN 100	/* 1 rouble */
#define PROMISED_DAYS 5
#define EMAIL_MAX 254

/* ---- getPaymentHistory ---- */

static const char *const history_types[] = {
	"PAYMENT", "CHARGE", "TRANSFER_IN", "TRANSFER_OUT",
	"PROMISED", "BONUS", "REFUND", "AUTOPAY",
};
#define HISTORY_TYPES (sizeof(history_types) / sizeof(history_types[0]))

/* A getPaymentHistory request as read: the filters, the order and the page. */
struct history_req {
	const char *account, *from, *to, *types, *q;	/* NULL when absent */
	char period_from[11], period_to[11], types_buf[128], q_buf[260];
	unsigned type_mask;
	bool asc;
	char bind[18];		/* the order and a hash of the filters, cursors bound to it */
	int64_t limit, after;
	bool has_cursor;
	/* The page's bounds, both excluded: (lo_date, lo_seq) < (date, seq) < (hi_...). */
	char lo_date[11], hi_date[11];
	int64_t lo_seq, hi_seq;
};

/* Turns `types` into ",PAYMENT,CHARGE," for instr() in the query, so that one prepared
 * statement serves every combination, and into a bit a type for the cursor's binding.
 * r->types stays NULL when the field is absent or names every type. */
static int read_types(struct call *c, struct history_req *r)
{
	const cJSON *arr = NULL, *v;
	size_t len, size = sizeof(r->types_buf);

	if (in_array(c, "types", false, 1, HISTORY_TYPES, &arr) != CALL_OK)
		return CALL_FAIL;
	if (!arr)
		return CALL_OK;
	len = (size_t)snprintf(r->types_buf, size, ",");
	cJSON_ArrayForEach(v, arr) {
		size_t t;
		if (!cJSON_IsString(v) || !v->valuestring)
			return call_fail(c, APIERR_BAD_REQUEST, "types",
					 "Поле types должно быть массивом строк",
					 "Field types must be an array of strings");
		for (t = 0; t < HISTORY_TYPES; t++)
			if (!strcmp(v->valuestring, history_types[t]))
				break;
		if (t == HISTORY_TYPES)
			return call_failf(c, APIERR_VALIDATION, "types",
					  "Неизвестный тип операции: %.32s",
					  "Unknown operation type: %.32s", v->valuestring);
		if (r->type_mask & (1u << t))
			continue;
		r->type_mask |= 1u << t;
		len += (size_t)snprintf(r->types_buf + len, size - len, "%s,", history_types[t]);
	}
	/* Every type named is no filter: the pages and the total (history_counted()) go
	 * as without one; the cursor stays bound to the mask as sent. */
	r->types = r->type_mask == (1u << HISTORY_TYPES) - 1 ? NULL : r->types_buf;
	return CALL_OK;
}

/* `order` ("desc", the default, or "asc") and `q`, kept folded to small letters. */
static int read_order_and_text(struct call *c, struct history_req *r)
{
	const char *order = NULL, *q = NULL;

	if (in_str(c, "order", false, 1, 8, &order) != CALL_OK ||
	    in_str(c, "q", false, 1, 64, &q) != CALL_OK)
		return CALL_FAIL;
	if (order && strcmp(order, "desc") && strcmp(order, "asc"))
		return call_fail(c, APIERR_VALIDATION, "order", "Порядок: desc или asc",
				 "The order is desc or asc");
	r->asc = order && !strcmp(order, "asc");
	if (q) {
		snprintf(r->q_buf, sizeof(r->q_buf), "%s", q);
		srv_fold_case(r->q_buf);
		r->q = r->q_buf;
	}
	return CALL_OK;
}

static void hash_field(crypto_generichash_state *h, const char *s)
{
	uint32_t len = s ? (uint32_t)strlen(s) + 1 : 0;
	crypto_generichash_update(h, (const unsigned char *)&len, sizeof(len));
	if (s)
		crypto_generichash_update(h, (const unsigned char *)s, len);
}

/* The binding of the request's cursors: 'a' or 'd' and 64 bits of a hash of the filters
 * as sent, so that a cursor serves only the listing it came from. */
static void history_bind(struct history_req *r)
{
	crypto_generichash_state h;
	unsigned char sum[8];
	char mask[16];

	snprintf(mask, sizeof(mask), "%u", r->type_mask);
	crypto_generichash_init(&h, NULL, 0, sizeof(sum));
	hash_field(&h, r->account);
	hash_field(&h, r->from);
	hash_field(&h, r->to);
	hash_field(&h, mask);
	hash_field(&h, r->q);
	crypto_generichash_final(&h, sum, sizeof(sum));
	r->bind[0] = r->asc ? 'a' : 'd';
	sodium_bin2hex(r->bind + 1, sizeof(r->bind) - 1, sum, sizeof(sum));
}

/* The period: `to` defaults to today, `from` to HISTORY_DEFAULT_DAYS before `to`. */
static int history_period(struct call *c, struct history_req *r)
{
	int64_t from_day = 0, to_day = c->today_day;

	if (in_date(c, "from", false, &r->from, &from_day) != CALL_OK ||
	    in_date(c, "to", false, &r->to, &to_day) != CALL_OK)
		return CALL_FAIL;
	if (!r->from)
		from_day = to_day - HISTORY_DEFAULT_DAYS;
	if (from_day > to_day)
		return call_fail(c, APIERR_VALIDATION, "from",
				 "Начало периода позже его конца",
				 "The period starts after it ends");
	srv_day_to_date(from_day, r->period_from);
	srv_day_to_date(to_day, r->period_to);
	memcpy(r->lo_date, r->period_from, sizeof(r->lo_date));
	memcpy(r->hi_date, r->period_to, sizeof(r->hi_date));
	r->lo_seq = 0;
	r->hi_seq = INT64_MAX;
	return CALL_OK;
}

static int read_history_req(struct call *c, struct history_req *r)
{
	if (in_str(c, "accountId", false, 1, 64, &r->account) != CALL_OK ||
	    history_period(c, r) != CALL_OK || read_types(c, r) != CALL_OK ||
	    read_order_and_text(c, r) != CALL_OK)
		return CALL_FAIL;
	history_bind(r);
	if (in_page_bound(c, r->bind, &r->limit, &r->after, &r->has_cursor) != CALL_OK)
		return CALL_FAIL;
	if (r->account && call_own_account(c, r->account) != CALL_OK)
		return CALL_FAIL;
	return CALL_OK;
}

/* The cursor is the last row's seq; its date comes from the row, which must be one of
 * the caller's, so a forged number reveals nothing. It moves the page's bound on the
 * side the order walks from, when it lies within the period. */
static int history_cursor(struct call *c, struct history_req *r)
{
	sqlite3_stmt *st;
	const char *date;

	if (!r->has_cursor)
		return CALL_OK;
	if (call_row(c, &st, "history cursor",
		     "SELECT h.date FROM history h JOIN accounts a ON a.id = h.account_id "
		     "WHERE h.seq = ? AND a.profile_id = ?", "ii", r->after, c->profile_id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return call_fail(c, APIERR_VALIDATION, "cursor", "Неверный курсор страницы",
				 "Invalid page cursor");
	date = db_text(st, 0);
	if (r->asc && strcmp(date, r->lo_date) >= 0) {
		snprintf(r->lo_date, sizeof(r->lo_date), "%s", date);
		r->lo_seq = r->after;
	} else if (!r->asc && strcmp(date, r->hi_date) <= 0) {
		snprintf(r->hi_date, sizeof(r->hi_date), "%s", date);
		r->hi_seq = r->after;
	}
	sqlite3_reset(st);
	return CALL_OK;
}

/* Rows by (date, seq), newest or oldest first, between the page's bounds and of the
 * filters: ?1 the account or the caller's profile, ?2..?5 the bounds, ?6 the types
 * (",PAYMENT,CHARGE,") or NULL, ?7 the folded text or NULL, ?8 the limit. instr() takes
 * the text literally, `%` and `_` included. With an account the page walks
 * history_account_type either way. Without one the account test is kept out of the
 * index choice (the unary +): walking history_date stops after `limit` rows, where the
 * accounts' index would sort every row of every account in the period on each page. */
#define HISTORY_ROWS "SELECT seq, id, account_id, date, type, amount, description, service_id FROM history "
#define HISTORY_OF_ACCOUNT "WHERE account_id = ?1 "
#define HISTORY_OF_PROFILE "account_id IN (SELECT id FROM accounts WHERE profile_id = ?1) "
#define HISTORY_OF_TYPES "AND (?6 IS NULL OR instr(?6, ',' || type || ',') > 0) "
#define HISTORY_RANGE "AND (date, seq) > (?2, ?3) AND (date, seq) < (?4, ?5) " HISTORY_OF_TYPES
#define HISTORY_PERIOD "AND date >= ?2 AND date <= ?4 " HISTORY_OF_TYPES
#define HISTORY_TEXT "AND instr(fold_case(description), ?7) > 0 "
#define HISTORY_MATCH HISTORY_RANGE "AND (?7 IS NULL OR instr(fold_case(description), ?7) > 0) "
#define HISTORY_DESC "ORDER BY date DESC, seq DESC LIMIT ?8"
#define HISTORY_ASC "ORDER BY date, seq LIMIT ?8"
static const char *const sql_history[2][2] = {	/* [by profile][ascending] */
	{ HISTORY_ROWS HISTORY_OF_ACCOUNT HISTORY_MATCH HISTORY_DESC,
	  HISTORY_ROWS HISTORY_OF_ACCOUNT HISTORY_MATCH HISTORY_ASC },
	{ HISTORY_ROWS "WHERE +" HISTORY_OF_PROFILE HISTORY_MATCH HISTORY_DESC,
	  HISTORY_ROWS "WHERE +" HISTORY_OF_PROFILE HISTORY_MATCH HISTORY_ASC },
};
/* The count of the period's rows of the filters: without `q` from history_account_type
 * alone (one range an account, a covering index), with it reading the descriptions of
 * that range. The period's days are compared alone (a row value costs each of a
 * million rows its time). They bind as the pages do, the period for the bounds; what
 * they lack (?3, ?5, ?8, ?7 without `q`) is ignored. */
static const char *const sql_history_total[2][2] = {	/* [by profile][with q] */
	{ "SELECT COUNT(*) FROM history " HISTORY_OF_ACCOUNT HISTORY_PERIOD,
	  "SELECT COUNT(*) FROM history " HISTORY_OF_ACCOUNT HISTORY_PERIOD HISTORY_TEXT },
	{ "SELECT COUNT(*) FROM history WHERE " HISTORY_OF_PROFILE HISTORY_PERIOD,
	  "SELECT COUNT(*) FROM history WHERE " HISTORY_OF_PROFILE HISTORY_PERIOD HISTORY_TEXT },
};

/* A history query with the request's bounds (the period's alone for the count). */
static sqlite3_stmt *history_query(struct call *c, const struct history_req *r,
				   const char *sql, bool page)
{
	const char *lo = page ? r->lo_date : r->period_from;
	const char *hi = page ? r->hi_date : r->period_to;
	int64_t lo_seq = page ? r->lo_seq : 0, hi_seq = page ? r->hi_seq : INT64_MAX;

	if (r->account)
		return call_query(c, "history", sql, "ssisissi", r->account, lo, lo_seq, hi,
				  hi_seq, r->types, r->q, r->limit + 1);
	return call_query(c, "history", sql, "isisissi", c->profile_id, lo, lo_seq, hi,
			  hi_seq, r->types, r->q, r->limit + 1);
}

/* The count of every type and no text from history_counts (migration 12): the sum of
 * the accounts' counts, and whether the period covers each one's first and last date
 * (1 when there is no account with rows). ?1 as the pages bind it, ?2 and ?4 the
 * period. */
static const char *const sql_history_counted[2] = {	/* [by profile] */
	"SELECT COALESCE(SUM(n), 0), COALESCE(MIN(first_date >= ?2 AND last_date <= ?4), 1) "
	"FROM history_counts " HISTORY_OF_ACCOUNT,
	"SELECT COALESCE(SUM(n), 0), COALESCE(MIN(first_date >= ?2 AND last_date <= ?4), 1) "
	"FROM history_counts WHERE " HISTORY_OF_PROFILE,
};

/* The total from the kept counts, when the listing is one they answer: *counted says
 * whether *n is set (false: the rows must be counted). CALL_FAIL on a database error. */
static int history_counted(struct call *c, const struct history_req *r, bool *counted,
			   int64_t *n)
{
	sqlite3_stmt *st;

	*counted = false;
	if (r->types || r->q)
		return CALL_OK;
	st = history_query(c, r, sql_history_counted[!r->account], false);
	if (!st)
		return CALL_FAIL;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return call_internal(c, "history counts");
	}
	*counted = sqlite3_column_int(st, 1) == 1;
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return CALL_OK;
}

static int history_total(struct call *c, const struct history_req *r)
{
	const char *sql = sql_history_total[!r->account][r->q != NULL];
	sqlite3_stmt *st;
	bool counted;
	int64_t n = 0;
	int rc;

	if (history_counted(c, r, &counted, &n) != CALL_OK)
		return CALL_FAIL;
	if (counted) {
		out_int(c->out, "total", n);
		return CALL_OK;
	}
	st = history_query(c, r, sql, false);
	if (!st)
		return CALL_FAIL;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		out_int(c->out, "total", sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CALL_OK : call_internal(c, "history total");
}

static int get_payment_history(struct call *c)
{
	struct history_req r = { 0 };
	sqlite3_stmt *st;
	cJSON *items;
	int64_t n = 0, last_seq = 0;
	int rc;

	if (read_history_req(c, &r) != CALL_OK || history_cursor(c, &r) != CALL_OK)
		return CALL_FAIL;
	st = history_query(c, &r, sql_history[!r.account][r.asc], true);
	if (!st)
		return CALL_FAIL;
	items = cJSON_AddArrayToObject(c->out, "items");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *it;
		if (++n > r.limit)
			break;
		it = cJSON_CreateObject();
		last_seq = sqlite3_column_int64(st, 0);
		out_col_str(it, "id", st, 1);
		out_col_str(it, "accountId", st, 2);
		out_col_str(it, "date", st, 3);
		out_col_str(it, "type", st, 4);
		out_col_int(it, "amount", st, 5);
		out_col_str(it, "description", st, 6);
		out_col_str(it, "serviceId", st, 7);
		cJSON_AddItemToArray(items, it);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return call_internal(c, "history");
	if (n > r.limit)
		page_set_next_bound(c, last_seq, r.bind);
	return history_total(c, &r);
}

/* ---- transferFunds ---- */

/* c->field must outlive the handler, so item paths are literals. */
#define ITEM_PATHS(f)                                                                      \
	{ "items[0]" f, "items[1]" f, "items[2]" f, "items[3]" f, "items[4]" f,             \
	  "items[5]" f, "items[6]" f, "items[7]" f, "items[8]" f, "items[9]" f }
static const char *const item_path[PAYMENT_ITEMS_MAX] = ITEM_PATHS("");
static const char *const item_account_path[PAYMENT_ITEMS_MAX] = ITEM_PATHS(".accountId");
static const char *const item_amount_path[PAYMENT_ITEMS_MAX] = ITEM_PATHS(".amount");

/* The account's 12-digit number into buf (13 bytes). */
static int account_number(struct call *c, const char *account_id, char *buf)
{
	sqlite3_stmt *st;
	if (call_row(c, &st, "account number", "SELECT number FROM accounts WHERE id = ?", "s",
		     account_id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return call_internal(c, "account number");
	snprintf(buf, 13, "%s", db_text(st, 0));
	sqlite3_reset(st);
	return CALL_OK;
}

static int transfer_funds(struct call *c)
{
	struct {
		const char *account;
		int64_t amount;
	} it[PAYMENT_ITEMS_MAX];
	const char *from = NULL;
	const cJSON *items = NULL, *v;
	char from_number[13], to_number[13], desc[96], tid[32], sum[48];
	int64_t total = 0, balance;
	int n = 0;

	if (in_str(c, "fromAccountId", true, 1, 64, &from) != CALL_OK ||
	    in_array(c, "items", true, 1, PAYMENT_ITEMS_MAX, &items) != CALL_OK)
		return CALL_FAIL;
	cJSON_ArrayForEach(v, items) {
		if (!cJSON_IsObject(v))
			return call_failf(c, APIERR_BAD_REQUEST, item_path[n],
					  "Поле %s должно быть объектом",
					  "Field %s must be an object", item_path[n]);
		it[n].account = NULL;
		if (in_str_at(c, v, "accountId", item_account_path[n], true, 1, 64,
			      &it[n].account) != CALL_OK ||
		    in_int_at(c, v, "amount", item_amount_path[n], PAYMENT_ITEM_MIN,
			      PAYMENT_ITEM_MAX, &it[n].amount) != CALL_OK)
			return CALL_FAIL;
		if (!strcmp(it[n].account, from))
			return call_fail(c, APIERR_VALIDATION, item_account_path[n],
					 "Нельзя перевести деньги на тот же счёт",
					 "Cannot transfer to the source account itself");
		for (int j = 0; j < n; j++)
			if (!strcmp(it[j].account, it[n].account))
				return call_fail(c, APIERR_VALIDATION, item_account_path[n],
						 "Счёт указан в переводе дважды",
						 "The account appears twice in the transfer");
		total += it[n].amount;
		n++;
	}
	if (call_own_account(c, from) != CALL_OK) {
		c->field = "fromAccountId";
		return CALL_FAIL;
	}
	for (int i = 0; i < n; i++)
		if (call_own_account(c, it[i].account) != CALL_OK) {
			c->field = item_account_path[i];
			return CALL_FAIL;
		}

	balance = ledger_balance(c, from);
	if (balance - total < 0)
		return call_failf(c, APIERR_INSUFFICIENT_FUNDS, NULL,
				  "Недостаточно средств на счёте: доступно %s",
				  "Insufficient funds on the account: %s available",
				  money_format(balance > 0 ? balance : 0, c->en ? MONEY_EN : MONEY_RU,
					       sum, sizeof(sum)));

	if (account_number(c, from, from_number) != CALL_OK)
		return CALL_FAIL;
	for (int i = 0; i < n; i++) {
		if (account_number(c, it[i].account, to_number) != CALL_OK)
			return CALL_FAIL;
		snprintf(desc, sizeof(desc), "Перевод на счёт %s", to_number);
		if (ledger_post(c, from, "TRANSFER_OUT", -it[i].amount, desc) != CALL_OK)
			return CALL_FAIL;
		snprintf(desc, sizeof(desc), "Перевод со счёта %s", from_number);
		if (ledger_post(c, it[i].account, "TRANSFER_IN", it[i].amount, desc) != CALL_OK ||
		    ledger_unblock_if_paid(c, it[i].account) != CALL_OK)
			return CALL_FAIL;
	}

	out_str(c->out, "transferId", srv_new_id("tr", tid));
	out_str(c->out, "status", "SUCCEEDED");
	out_int(c->out, "fromBalance", ledger_balance(c, from));
	return CALL_OK;
}

/* ---- promised payments ---- */

enum promise_block {
	PROMISE_OK,
	PROMISE_CREDIT_ACCOUNT,
	PROMISE_ACTIVE,
	PROMISE_USED_THIS_MONTH,
	PROMISE_NO_FEE,
};

static const char *const promise_reason[] = {
	NULL, "CREDIT_ACCOUNT", "ACTIVE_PROMISE", "ALREADY_USED_THIS_MONTH", "NO_FEE",
};

/* Why the account cannot have a promised payment now, in the order the offer reports
 * and activation refuses: the offer and the 409s always agree. */
static enum promise_block promise_check(struct call *c, const char *account, int64_t fee)
{
	char month[8];
	if (db_int(c->db, "SELECT payment_system = 'CREDIT' FROM accounts WHERE id = ?", 0, "s",
		   account) == 1)
		return PROMISE_CREDIT_ACCOUNT;
	if (ledger_promised_active(c, account, NULL) > 0)
		return PROMISE_ACTIVE;
	snprintf(month, sizeof(month), "%.7s", c->today);
	if (db_int(c->db, "SELECT 1 FROM promised_payments WHERE account_id = ? AND month = ?", 0,
		   "ss", account, month) == 1)
		return PROMISE_USED_THIS_MONTH;
	if (fee < PROMISED_MIN)
		return PROMISE_NO_FEE;
	return PROMISE_OK;
}

static int get_promised_payment_offer(struct call *c)
{
	const char *account = NULL;
	char expires[11];
	int64_t fee;
	enum promise_block why;

	if (in_str(c, "accountId", true, 1, 64, &account) != CALL_OK ||
	    call_own_account(c, account) != CALL_OK)
		return CALL_FAIL;
	fee = ledger_monthly_fee(c, account);
	why = promise_check(c, account, fee);
	out_bool(c->out, "available", why == PROMISE_OK);
	out_str(c->out, "reason", promise_reason[why]);
	out_int(c->out, "minAmount", PROMISED_MIN);
	out_int(c->out, "maxAmount", fee);
	out_int(c->out, "days", PROMISED_DAYS);
	out_str(c->out, "expiresOn", srv_day_to_date(c->today_day + PROMISED_DAYS, expires));
	return CALL_OK;
}

static int activate_promised_payment(struct call *c)
{
	const char *account = NULL;
	char expires[11], month[8], id[32], desc[96], at[21];
	int64_t amount = 0, fee, expires_day = c->today_day + PROMISED_DAYS;

	if (in_str(c, "accountId", true, 1, 64, &account) != CALL_OK ||
	    in_int(c, "amount", true, PROMISED_MIN, MONEY_MAX, &amount) != CALL_OK ||
	    call_own_account(c, account) != CALL_OK)
		return CALL_FAIL;
	fee = ledger_monthly_fee(c, account);
	switch (promise_check(c, account, fee)) {
	case PROMISE_OK:
		break;
	case PROMISE_CREDIT_ACCOUNT:
		return call_fail(c, APIERR_CONFLICT, NULL,
				 "Обещанный платёж доступен только для авансовой системы расчётов",
				 "Promised payments are only for advance-paid accounts");
	case PROMISE_ACTIVE:
		return call_fail(c, APIERR_CONFLICT, NULL,
				 "На счёте уже есть действующий обещанный платёж",
				 "The account already has an active promised payment");
	case PROMISE_USED_THIS_MONTH:
		return call_fail(c, APIERR_LIMIT_EXCEEDED, NULL,
				 "Обещанный платёж можно взять раз в календарный месяц",
				 "A promised payment can be taken once a calendar month");
	case PROMISE_NO_FEE:
		return call_fail(c, APIERR_CONFLICT, NULL,
				 "На счёте нет платных услуг, обещанный платёж не нужен",
				 "The account has no paid services to keep on");
	}
	if (amount > fee) {
		char max[48];
		return call_failf(c, APIERR_VALIDATION, "amount",
				  "Сумма обещанного платежа — не больше абонентской платы, %s",
				  "The promised amount may not exceed the monthly fee, %s",
				  money_format(fee, c->en ? MONEY_EN : MONEY_RU, max, sizeof(max)));
	}

	srv_day_to_date(expires_day, expires);
	snprintf(month, sizeof(month), "%.7s", c->today);
	srv_new_id("pp", id);
	if (db_exec(c->db, "INSERT INTO promised_payments (id, account_id, amount, month, "
			   "created_at, expires_on, status) VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE')",
		    "ssisis", id, account, amount, month, c->now, expires) != SQLITE_DONE)
		return call_internal(c, "promised payment");
	snprintf(desc, sizeof(desc), "Обещанный платёж до %.2s.%.2s.%.4s", expires + 8,
		 expires + 5, expires);
	if (ledger_post(c, account, "PROMISED", amount, desc) != CALL_OK ||
	    ledger_unblock_if_paid(c, account) != CALL_OK)
		return CALL_FAIL;

	out_str(c->out, "promisedPaymentId", id);
	out_int(c->out, "amount", amount);
	/* It ends when billing takes it back, at the start of expires_on. */
	out_str(c->out, "expiresAt", srv_instant(expires_day * 86400, at));
	out_int(c->out, "balance", ledger_balance(c, account));
	return CALL_OK;
}

/* ---- switchPaymentSystem ---- */

static int switch_payment_system(struct call *c)
{
	const char *account = NULL, *system = NULL;
	bool to_credit;

	if (in_str(c, "accountId", true, 1, 64, &account) != CALL_OK ||
	    in_str(c, "system", true, 1, 16, &system) != CALL_OK)
		return CALL_FAIL;
	to_credit = !strcmp(system, "CREDIT");
	if (!to_credit && strcmp(system, "ADVANCE"))
		return call_fail(c, APIERR_VALIDATION, "system",
				 "Система расчётов — ADVANCE или CREDIT",
				 "The payment system must be ADVANCE or CREDIT");
	if (call_own_account(c, account) != CALL_OK)
		return CALL_FAIL;
	if (db_int(c->db, "SELECT payment_system = ? FROM accounts WHERE id = ?", 0, "ss", system,
		   account) == 1)
		return call_fail(c, APIERR_CONFLICT, "system",
				 "Счёт уже на этой системе расчётов",
				 "The account already uses this payment system");
	if (ledger_balance(c, account) < 0)
		return call_fail(c, APIERR_CONFLICT, NULL,
				 "Сменить систему расчётов можно только без долга на счёте",
				 "The payment system can only be changed without debt");
	/* A promise is an advance-account loan that billing takes back: it has to end
	 * first. */
	if (ledger_promised_active(c, account, NULL) > 0)
		return call_fail(c, APIERR_CONFLICT, NULL,
				 "Сменить систему расчётов можно после окончания обещанного платежа",
				 "The payment system can be changed once the promised payment ends");
	if (db_exec(c->db, "UPDATE accounts SET payment_system = ? WHERE id = ?", "ss", system,
		    account) != SQLITE_DONE)
		return call_internal(c, "switch payment system");
	/* Paying debts on the billing day only means anything on credit. */
	if (!to_credit &&
	    db_exec(c->db, "DELETE FROM autopay_rules WHERE account_id = ? AND kind = 'DEBT'", "s",
		    account) != SQLITE_DONE)
		return call_internal(c, "switch payment system");
	out_str(c->out, "paymentSystem", to_credit ? "CREDIT" : "ADVANCE");
	return CALL_OK;
}

/* ---- invoices ---- */

/* An invoice's fields from column col on: id, period, amount, due_date, paid. */
static void invoice_fields(cJSON *inv, sqlite3_stmt *st, int col)
{
	out_col_str(inv, "invoiceId", st, col);
	out_col_str(inv, "period", st, col + 1);
	out_col_int(inv, "amount", st, col + 2);
	out_col_str(inv, "dueDate", st, col + 3);
	out_bool(inv, "paid", sqlite3_column_int(st, col + 4) != 0);
}

static void invoice_row(cJSON *inv, sqlite3_stmt *st)
{
	invoice_fields(inv, st, 0);
}

static void invoice_line_row(cJSON *line, sqlite3_stmt *st)
{
	out_col_str(line, "service", st, 0);
	out_col_str(line, "description", st, 1);
	out_col_int(line, "amount", st, 2);
}

static int get_invoices(struct call *c)
{
	const char *account = NULL;

	if (in_str(c, "accountId", true, 1, 64, &account) != CALL_OK ||
	    call_own_account(c, account) != CALL_OK)
		return CALL_FAIL;
	return call_rows(c, cJSON_AddArrayToObject(c->out, "invoices"), invoice_row, "invoices",
			 "SELECT id, period, amount, due_date, paid FROM invoices "
			 "WHERE account_id = ? ORDER BY period DESC",
			 "s", account);
}

static int get_invoice(struct call *c)
{
	const char *invoice = NULL;
	sqlite3_stmt *st;

	if (in_str(c, "invoiceId", true, 1, 64, &invoice) != CALL_OK ||
	    call_row(c, &st, "invoice",
		     "SELECT i.id, i.period, i.amount, i.due_date, i.paid, i.account_id "
		     "FROM invoices i JOIN accounts a ON a.id = i.account_id "
		     "WHERE i.id = ? AND a.profile_id = ?",
		     "si", invoice, c->profile_id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return call_fail(c, APIERR_NOT_FOUND, "invoiceId", "Счёт на оплату не найден",
				 "Invoice not found");
	invoice_fields(c->out, st, 0);
	out_col_str(c->out, "accountId", st, 5);
	sqlite3_reset(st);
	return call_rows(c, cJSON_AddArrayToObject(c->out, "lines"), invoice_line_row,
			 "invoice lines",
			 "SELECT service, description, amount FROM invoice_lines "
			 "WHERE invoice_id = ? ORDER BY rowid",
			 "s", invoice);
}

/* One @ with something before it, a dot after it with something on each side, and no
 * spaces: enough to catch typos without pretending to parse RFC 5322. */
static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	if (!at || at == s || strchr(at + 1, '@') || strpbrk(s, " \t\n"))
		return false;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

static int set_invoice_delivery(struct call *c)
{
	const char *account = NULL, *email = NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->in, "email");

	if (in_str(c, "accountId", true, 1, 64, &account) != CALL_OK)
		return CALL_FAIL;
	/* null is a value here (stop delivery), so absence is checked apart from it. */
	if (!v)
		return call_fail(c, APIERR_VALIDATION, "email",
				 "Поле email обязательно (null — не присылать счета)",
				 "Field email is required (null stops delivery)");
	if (!cJSON_IsNull(v)) {
		if (in_str(c, "email", true, 3, EMAIL_MAX, &email) != CALL_OK)
			return CALL_FAIL;
		if (!email_ok(email))
			return call_fail(c, APIERR_VALIDATION, "email", "Неверный адрес e-mail",
					 "Invalid e-mail address");
	}
	if (call_own_account(c, account) != CALL_OK)
		return CALL_FAIL;
	if (db_exec(c->db, "UPDATE accounts SET invoice_email = ? WHERE id = ?", "ss", email,
		    account) != SQLITE_DONE)
		return call_internal(c, "invoice delivery");
	out_str(c->out, "invoiceEmail", email);
	return CALL_OK;
}

const struct method money_methods[] = {
	{ "getPaymentHistory", get_payment_history, M_VIEW },
	{ "transferFunds", transfer_funds, M_IDEMPOTENT },
	{ "getPromisedPaymentOffer", get_promised_payment_offer, M_VIEW },
	{ "activatePromisedPayment", activate_promised_payment, M_IDEMPOTENT },
	{ "switchPaymentSystem", switch_payment_system, M_WRITE },
	{ "getInvoices", get_invoices, M_VIEW },
	{ "getInvoice", get_invoice, M_VIEW },
	{ "setInvoiceDelivery", set_invoice_delivery, M_WRITE },
	{ NULL, NULL, 0 },
};
