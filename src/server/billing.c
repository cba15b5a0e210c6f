/* One day of billing: monthly fees, autopay, promised payments, blocking for debt, and
 * the notices of tariff changes, autopay and low balances (through notify_send(), as
 * each profile's settings say). `kabinetd admin bill --date D` runs the rules of
 * docs/api.md ("Billing") in order, in one transaction, at most once per date
 * (billing_runs). */
#include "kabinet/server/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/money.h"
#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/ledger.h"
#include "kabinet/server/notify.h"
#include "kabinet/server/srv.h"

static const char *const month_names[12] = {
	"январь", "февраль", "март", "апрель", "май", "июнь",
	"июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
};

/* Account ids gathered before they are changed: a cached statement must not be stepping
 * while ledger_post() reuses the connection's statements. */
struct idlist {
	char (*ids)[32];
	int n, cap;
};

static int idlist_fill(sqlite3_stmt *st, struct idlist *l)
{
	int rc;
	l->n = 0;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (l->n == l->cap) {
			int cap = l->cap ? l->cap * 2 : 64;
			void *p = realloc(l->ids, (size_t)cap * sizeof(*l->ids));
			if (!p) {
				sqlite3_reset(st);
				return -1;
			}
			l->ids = p;
			l->cap = cap;
		}
		snprintf(l->ids[l->n++], sizeof(l->ids[0]), "%s", db_text(st, 0));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Notices gathered before they are sent: notify_send() must not run while the query
 * that finds them is stepping. */
struct notices {
	struct notice {
		int64_t profile;
		char text[400];
	} *v;
	int n, cap;
};

static struct notice *notice_add(struct notices *l, int64_t profile)
{
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		void *p = realloc(l->v, (size_t)cap * sizeof(*l->v));
		if (!p)
			return NULL;
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n].profile = profile;
	return &l->v[l->n++];
}

/* Sends the gathered notices of `event` and frees them. */
static int notices_send(struct call *c, struct notices *l, enum notify_event event)
{
	int rc = 0;
	for (int i = 0; rc == 0 && i < l->n; i++)
		rc = notify_send(c, l->v[i].profile, event, l->v[i].text);
	free(l->v);
	return rc;
}

/* The tariffs that take effect today, a notice each to the account's profile:
 * «С 01.12.2026 на услуге «Интернет perm_ivanov» счёта 590000000001 действует тариф
 * «Домашний 500».» */
static int tariff_notices(struct call *c)
{
	struct notices l = { 0 };
	sqlite3_stmt *st = db_stmt(c->db, "SELECT a.profile_id, a.number, " SERVICE_NAME_SQL ", "
					  "t.name FROM services s "
					  "JOIN accounts a ON a.id = s.account_id "
					  "JOIN tariffs t ON t.id = s.pending_tariff_id "
					  "WHERE s.pending_from <= ? AND a.profile_id IS NOT NULL "
					  "ORDER BY a.number, s.rowid");
	int rc;

	if (!st)
		return -1;
	db_bind(st, "s", c->today);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct notice *n = notice_add(&l, sqlite3_column_int64(st, 0));
		if (!n) {
			rc = SQLITE_NOMEM;
			break;
		}
		snprintf(n->text, sizeof(n->text), "С %.2s.%.2s.%.4s на услуге «%s» счёта %s "
			 "действует тариф «%s».", c->today + 8, c->today + 5, c->today,
			 db_text(st, 2), db_text(st, 1), db_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(l.v);
		return -1;
	}
	return notices_send(c, &l, NOTIFY_TARIFF_CHANGE);
}

/* 1-2: tariff changes and voluntary blocks that end. */
static int bill_services(struct call *c)
{
	if (tariff_notices(c) != 0)
		return -1;
	return db_exec(c->db, "UPDATE services SET tariff_id = pending_tariff_id, "
			      "pending_tariff_id = NULL, pending_from = NULL "
			      "WHERE pending_tariff_id IS NOT NULL AND pending_from <= ?", "s",
		       c->today) == SQLITE_DONE &&
			       db_exec(c->db, "UPDATE services SET status = 'ACTIVE', block_until = NULL "
					      "WHERE status = 'VOLUNTARY_BLOCKED' AND block_until < ?",
				       "s", c->today) == SQLITE_DONE
		       ? 0 : -1;
}

/* 3: a promised payment lasts PROMISED_DAYS days: on its expires_on day the amount goes
 * back. It counts as repaid when the account stays out of debt, expired otherwise. */
static int bill_promises(struct call *c)
{
	struct idlist l = { 0 };
	sqlite3_stmt *st = db_stmt(c->db, "SELECT id FROM promised_payments "
					  "WHERE status = 'ACTIVE' AND expires_on <= ? "
					  "ORDER BY created_at, id");
	int rc;

	if (!st)
		return -1;
	db_bind(st, "s", c->today);
	rc = idlist_fill(st, &l);
	for (int i = 0; rc == 0 && i < l.n; i++) {
		char account[32] = "";
		int64_t amount = 0;
		st = db_stmt(c->db, "SELECT account_id, amount FROM promised_payments WHERE id = ?");
		if (!st) {
			rc = -1;
			break;
		}
		db_bind(st, "s", l.ids[i]);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(account, sizeof(account), "%s", db_text(st, 0));
			amount = sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
		if (!account[0])
			continue;
		if (ledger_post(c, account, "PROMISED", -amount, "Списание обещанного платежа") !=
			    CALL_OK ||
		    db_exec(c->db, "UPDATE promised_payments SET status = ? WHERE id = ?", "ss",
			    ledger_balance(c, account) >= 0 ? "REPAID" : "EXPIRED",
			    l.ids[i]) != SQLITE_DONE ||
		    ledger_block_if_debt(c, account) != CALL_OK)
			rc = -1;
	}
	free(l.ids);
	return rc;
}

/* 4: on the 1st, the month's fee of every held account and its invoice. An account
 * whose invoice for the month exists was charged already (by the seed or a run of a
 * copied database) and is left alone. */
static int bill_month(struct call *c, int day_of_month)
{
	struct idlist l = { 0 };
	char period[8], due[11], text[96];
	int year = atoi(c->today), month = atoi(c->today + 5);
	int rc;

	if (day_of_month != 1)
		return 0;
	snprintf(period, sizeof(period), "%.7s", c->today);
	snprintf(text, sizeof(text), "Абонентская плата за %s %d", month_names[month - 1], year);
	{
		sqlite3_stmt *st = db_stmt(c->db, "SELECT a.id FROM accounts a "
						  "WHERE a.profile_id IS NOT NULL AND NOT EXISTS "
						  "(SELECT 1 FROM invoices i WHERE i.account_id = a.id "
						  " AND i.period = ?) ORDER BY a.number");
		if (!st)
			return -1;
		db_bind(st, "s", period);
		rc = idlist_fill(st, &l);
	}
	for (int i = 0; rc == 0 && i < l.n; i++) {
		const char *account = l.ids[i];
		int64_t fee = ledger_monthly_fee(c, account);
		bool credit = db_int(c->db, "SELECT payment_system = 'CREDIT' FROM accounts "
					    "WHERE id = ?", 0, "s", account) == 1;
		char id[32];
		if (fee <= 0)
			continue;	/* nothing is charged: no invoice either */
		if (credit)
			snprintf(due, sizeof(due), "%04u-%02u-20",
				 (unsigned)(month == 12 ? year + 1 : year) % 10000u,
				 (unsigned)(month % 12 + 1) % 100u);
		else
			snprintf(due, sizeof(due), "%s", c->today);
		srv_new_id("inv", id);
		if (ledger_charge_fee(c, account, fee, text) != CALL_OK ||
		    db_exec(c->db, "INSERT INTO invoices (id, account_id, period, amount, due_date, "
				   "paid) VALUES (?, ?, ?, ?, ?, ?)", "sssisi", id, account, period, fee,
			    due, (int64_t)(ledger_balance(c, account) >= 0)) != SQLITE_DONE ||
		    db_exec(c->db, "INSERT INTO invoice_lines (invoice_id, service, description, amount) "
				   "SELECT ?1, " SERVICE_NAME_SQL ", 'Тариф «' || t.name || '»', "
				   "t.monthly_fee FROM services s JOIN tariffs t ON t.id = s.tariff_id "
				   "WHERE s.account_id = ?2 AND s.status IN ('ACTIVE', 'BLOCKED') "
				   "ORDER BY s.rowid", "ss", id, account) != SQLITE_DONE ||
		    db_exec(c->db, "INSERT INTO invoice_lines (invoice_id, service, description, amount) "
				   "SELECT ?1, " SERVICE_NAME_SQL ", 'Опция «' || o.name || '»', "
				   "o.monthly_fee FROM services s "
				   "JOIN service_options so ON so.service_id = s.id "
				   "JOIN options o ON o.id = so.option_id "
				   "WHERE s.account_id = ?2 AND so.enabled = 1 "
				   "AND s.status IN ('ACTIVE', 'BLOCKED') ORDER BY s.rowid, o.rowid", "ss",
			    id, account) != SQLITE_DONE)
			rc = -1;
	}
	free(l.ids);
	return rc;
}

/* One autopay rule as read before it runs. */
struct rule {
	char id[32], account[32], kind[16], number[16];
	char token[64], mask[32], card_id[32];
	int64_t profile, threshold, amount, day;
	bool credit, card_ok;
};

static const char *decline_text(const char *reason)
{
	if (!strcmp(reason, "3DS_REQUIRED"))
		return "карта требует подтверждения 3-D Secure";
	if (!strcmp(reason, "INSUFFICIENT_FUNDS"))
		return "недостаточно средств на карте";
	if (!strcmp(reason, "CARD_DELETED"))
		return "карта отвязана";
	return "карта заблокирована или просрочена";
}

/* Charges the rule's card for x kopecks and reports the outcome (AUTOPAY_RUN or
 * AUTOPAY_DECLINE, by SMS unless the profile set otherwise). */
static int autopay_pay(struct call *c, const struct rule *r, int64_t x)
{
	const char *reason = NULL;
	char pay_id[32], sum[48], bal[48], sms[320];
	enum charge_outcome o = CHARGE_BLOCKED;

	if (!r->card_ok)
		reason = "CARD_DELETED";
	else if ((o = processor_outcome(c, r->token)) == CHARGE_3DS)
		reason = "3DS_REQUIRED";	/* nobody is there to type the code */
	else if (o != CHARGE_OK)
		reason = processor_decline_reason(o);

	if (r->card_ok) {
		srv_new_id("pay", pay_id);
		if (db_exec(c->db, "INSERT INTO payments (id, profile_id, kind, status, decline_reason, "
				   "card_id, card_mask, amount, created_at, updated_at) "
				   "VALUES (?, ?, 'AUTOPAY', ?, ?, ?, ?, ?, ?, ?)", "sissssiii", pay_id,
			    r->profile, reason ? "DECLINED" : "SUCCEEDED", reason, r->card_id, r->mask,
			    x, c->now, c->now) != SQLITE_DONE ||
		    db_exec(c->db, "INSERT INTO payment_items (payment_id, account_id, amount) "
				   "VALUES (?, ?, ?)", "ssi", pay_id, r->account, x) != SQLITE_DONE)
			return -1;
	}
	if (!reason) {
		char text[96];
		snprintf(text, sizeof(text), "Автоплатёж картой %s", r->mask);
		if (ledger_post(c, r->account, "AUTOPAY", x, text) != CALL_OK ||
		    ledger_unblock_if_paid(c, r->account) != CALL_OK)
			return -1;
	}
	if (db_exec(c->db, "UPDATE autopay_rules SET last_date = ?, last_status = ?, last_amount = ?, "
			   "last_reason = ? WHERE id = ?", "ssiss", c->today,
		    reason ? "DECLINED" : "SUCCEEDED", x, reason, r->id) != SQLITE_DONE)
		return -1;

	money_format(x, MONEY_RU, sum, sizeof(sum));
	money_format(ledger_balance(c, r->account), MONEY_RU, bal, sizeof(bal));
	if (reason)
		snprintf(sms, sizeof(sms), "Автоплатёж %s по счёту %s не выполнен: %s. "
			 "Проверьте карту в личном кабинете.", sum, r->number, decline_text(reason));
	else
		snprintf(sms, sizeof(sms), "Автоплатёж: счёт %s пополнен на %s с карты %s. "
			 "Баланс %s.", r->number, sum, r->mask, bal);
	return notify_send(c, r->profile, reason ? NOTIFY_AUTOPAY_DECLINE : NOTIFY_AUTOPAY_RUN,
			   sms);
}

/* 5: the enabled rules of accounts their profile still holds. */
static int bill_autopay(struct call *c, int day_of_month)
{
	sqlite3_stmt *st = db_stmt(c->db,
		"SELECT r.id, r.account_id, r.kind, a.number, "
		"  COALESCE(k.token, ''), COALESCE(k.mask, ''), r.card_id, r.profile_id, "
		"  COALESCE(r.threshold, 0), COALESCE(r.amount, 0), COALESCE(r.day, 0), "
		"  a.payment_system = 'CREDIT', k.id IS NOT NULL AND k.deleted = 0 "
		"FROM autopay_rules r "
		"JOIN accounts a ON a.id = r.account_id AND a.profile_id = r.profile_id "
		"LEFT JOIN cards k ON k.id = r.card_id AND k.profile_id = r.profile_id "
		"WHERE r.enabled = 1 ORDER BY a.number, r.rowid");
	struct rule *rules = NULL;
	int n = 0, cap = 0, rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rule *r;
		if (n == cap) {
			void *p = realloc(rules, (size_t)(cap = cap ? cap * 2 : 16) * sizeof(*rules));
			if (!p) {
				rc = SQLITE_NOMEM;
				break;
			}
			rules = p;
		}
		r = &rules[n++];
		snprintf(r->id, sizeof(r->id), "%s", db_text(st, 0));
		snprintf(r->account, sizeof(r->account), "%s", db_text(st, 1));
		snprintf(r->kind, sizeof(r->kind), "%s", db_text(st, 2));
		snprintf(r->number, sizeof(r->number), "%s", db_text(st, 3));
		snprintf(r->token, sizeof(r->token), "%s", db_text(st, 4));
		snprintf(r->mask, sizeof(r->mask), "%s", db_text(st, 5));
		snprintf(r->card_id, sizeof(r->card_id), "%s", db_text(st, 6));
		r->profile = sqlite3_column_int64(st, 7);
		r->threshold = sqlite3_column_int64(st, 8);
		r->amount = sqlite3_column_int64(st, 9);
		r->day = sqlite3_column_int64(st, 10);
		r->credit = sqlite3_column_int(st, 11) == 1;
		r->card_ok = sqlite3_column_int(st, 12) == 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(rules);
		return -1;
	}
	rc = 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		const struct rule *r = &rules[i];
		int64_t balance = ledger_balance(c, r->account), x = 0;
		if (!strcmp(r->kind, "MONTHLY") && r->day == day_of_month && balance < r->amount)
			x = r->amount - balance;
		else if (!strcmp(r->kind, "THRESHOLD") && balance < r->threshold)
			x = r->amount;
		else if (!strcmp(r->kind, "DEBT") && day_of_month == 1 && r->credit && balance < 0)
			x = -balance;
		/* One card payment is limited like createPayment's items. */
		if (x > PAYMENT_ITEM_MAX)
			x = PAYMENT_ITEM_MAX;
		if (x > 0 && autopay_pay(c, r, x) < 0)
			rc = -1;
	}
	free(rules);
	return rc;
}

/* 6-7: blocking for debt and unblocking after payment. A CREDIT account is in arrears
 * when its debt exceeds what its invoices not yet due come to; then it is blocked, and
 * otherwise its past invoices count as paid. */
static int bill_blocks(struct call *c)
{
	struct idlist l = { 0 };
	sqlite3_stmt *st;
	int rc;

	rc = idlist_fill(db_stmt(c->db, "SELECT a.id FROM accounts a "
					       "WHERE a.payment_system = 'ADVANCE' AND a.balance < 0 "
					       "AND EXISTS (SELECT 1 FROM services s WHERE "
					       "s.account_id = a.id AND s.status = 'ACTIVE') "
					       "ORDER BY a.number"), &l);
	for (int i = 0; rc == 0 && i < l.n; i++)
		if (ledger_block_if_debt(c, l.ids[i]) != CALL_OK)
			rc = -1;

	/* CREDIT: invoices due from today on are not owed yet. */
	if (rc == 0 &&
	    (db_exec(c->db, "UPDATE services SET status = 'BLOCKED' WHERE status = 'ACTIVE' "
			    "AND account_id IN (SELECT a.id FROM accounts a "
			    "  WHERE a.payment_system = 'CREDIT' AND a.profile_id IS NOT NULL "
			    "  AND a.balance + (SELECT COALESCE(SUM(i.amount), 0) FROM invoices i "
			    "    WHERE i.account_id = a.id AND i.paid = 0 AND i.due_date >= ?1) < 0 "
			    "  AND EXISTS (SELECT 1 FROM invoices i WHERE i.account_id = a.id "
			    "    AND i.paid = 0 AND i.due_date < ?1))", "s", c->today) != SQLITE_DONE ||
	     db_exec(c->db, "UPDATE invoices SET paid = 1 WHERE paid = 0 AND due_date < ?1 "
			    "AND account_id IN (SELECT a.id FROM accounts a "
			    "  WHERE a.payment_system = 'CREDIT' "
			    "  AND a.balance + (SELECT COALESCE(SUM(i.amount), 0) FROM invoices i "
			    "    WHERE i.account_id = a.id AND i.paid = 0 AND i.due_date >= ?1) >= 0)",
		     "s", c->today) != SQLITE_DONE ||
	     db_exec(c->db, "UPDATE services SET status = 'ACTIVE' WHERE status = 'BLOCKED' "
			    "AND account_id IN (SELECT a.id FROM accounts a "
			    "  WHERE a.payment_system = 'CREDIT' AND a.balance < 0 AND NOT EXISTS "
			    "  (SELECT 1 FROM invoices i WHERE i.account_id = a.id AND i.paid = 0 "
			    "   AND i.due_date < ?1))", "s", c->today) != SQLITE_DONE))
		rc = -1;

	if (rc == 0) {
		st = db_stmt(c->db, "SELECT a.id FROM accounts a WHERE a.balance >= 0 "
				    "AND EXISTS (SELECT 1 FROM services s WHERE s.account_id = a.id "
				    "AND s.status = 'BLOCKED') ORDER BY a.number");
		rc = idlist_fill(st, &l);
	}
	for (int i = 0; rc == 0 && i < l.n; i++)
		if (ledger_unblock_if_paid(c, l.ids[i]) != CALL_OK)
			rc = -1;
	free(l.ids);
	return rc;
}

/* 8: points whose burning date has passed. */
static int bill_bonus(struct call *c)
{
	return db_exec(c->db, "UPDATE bonus SET balance = MAX(0, balance - "
			      "(SELECT SUM(b.points) FROM bonus_burning b "
			      " WHERE b.profile_id = bonus.profile_id AND b.burning_date < ?1)) "
			      "WHERE profile_id IN (SELECT profile_id FROM bonus_burning "
			      "  WHERE burning_date < ?1)", "s", c->today) == SQLITE_DONE &&
			       db_exec(c->db, "DELETE FROM bonus_burning WHERE burning_date < ?", "s",
				       c->today) == SQLITE_DONE
		       ? 0 : -1;
}

/* 9: the ADVANCE accounts whose balance is below their profile's threshold and whose
 * owner has not been told since it was last at or above it: a notice each. */
static int bill_low_balance(struct call *c)
{
	struct notices l = { 0 };
	sqlite3_stmt *st = db_stmt(c->db, "SELECT a.profile_id, a.number, a.balance, "
					  "COALESCE(p.low_balance_threshold, ?1) FROM accounts a "
					  "JOIN profiles p ON p.id = a.profile_id "
					  "WHERE a.payment_system = 'ADVANCE' AND a.low_balance_told = 0 "
					  "AND a.balance < COALESCE(p.low_balance_threshold, ?1) "
					  "ORDER BY a.number");
	int rc;

	if (!st)
		return -1;
	db_bind(st, "i", (int64_t)NOTIFY_THRESHOLD_DEFAULT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct notice *n = notice_add(&l, sqlite3_column_int64(st, 0));
		char bal[48], limit[48];
		if (!n) {
			rc = SQLITE_NOMEM;
			break;
		}
		money_format(sqlite3_column_int64(st, 2), MONEY_RU, bal, sizeof(bal));
		money_format(sqlite3_column_int64(st, 3), MONEY_RU, limit, sizeof(limit));
		snprintf(n->text, sizeof(n->text), "Баланс счёта %s — %s, ниже %s. Пополните счёт "
			 "в личном кабинете.", db_text(st, 1), bal, limit);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE ||
	    db_exec(c->db, "UPDATE accounts SET low_balance_told = (balance < COALESCE("
			   "(SELECT p.low_balance_threshold FROM profiles p "
			   " WHERE p.id = accounts.profile_id), ?)) "
			   "WHERE payment_system = 'ADVANCE' AND profile_id IS NOT NULL", "i",
		    (int64_t)NOTIFY_THRESHOLD_DEFAULT) != SQLITE_DONE) {
		free(l.v);
		return -1;
	}
	return notices_send(c, &l, NOTIFY_LOW_BALANCE);
}

int billing_run(sqlite3 *db, const char *date, char *err, size_t errsize)
{
	struct call c;
	int64_t day = srv_parse_date(date);
	int day_of_month, rc;

	if (day == INT64_MIN) {
		snprintf(err, errsize, "%s is not a date YYYY-MM-DD", date);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.method = "billing";
	c.now = day * 86400 + 12 * 3600;
	c.today_day = day;
	snprintf(c.today, sizeof(c.today), "%s", date);
	day_of_month = atoi(date + 8);

	if (db_begin(db, true) != SQLITE_OK) {
		snprintf(err, errsize, "begin: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (db_int(db, "SELECT 1 FROM billing_runs WHERE date = ?", 0, "s", date) == 1) {
		db_rollback(db);
		return 0;
	}
	rc = db_exec(db, "INSERT INTO billing_runs (date, ran_at) VALUES (?, ?)", "si", date,
		     srv_now()) == SQLITE_DONE ? 0 : -1;
	if (rc == 0)
		rc = bill_services(&c);
	if (rc == 0)
		rc = bill_promises(&c);
	if (rc == 0)
		rc = bill_month(&c, day_of_month);
	if (rc == 0)
		rc = bill_autopay(&c, day_of_month);
	if (rc == 0)
		rc = bill_blocks(&c);
	if (rc == 0)
		rc = bill_bonus(&c);
	if (rc == 0)
		rc = bill_low_balance(&c);
	if (rc == 0 && db_commit(db) != SQLITE_OK)
		rc = -1;
	if (rc < 0) {
		snprintf(err, errsize, "billing %s: %s", date, sqlite3_errmsg(db));
		db_reset_all(db);
		db_rollback(db);
		cJSON_Delete(c.outbox);
		return -1;
	}
	srv_outbox_flush(&c);
	cJSON_Delete(c.outbox);
	return 0;
}
