/* Money on accounts and the simulated card processor. */
#include "kabinet/server/ledger.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/server/db.h"
#include "kabinet/server/srv.h"

/* The row and the balance; id (32 bytes) receives the row's id. */
static int post(struct call *c, const char *account_id, const char *type, int64_t amount,
		const char *description, char *id)
{
	srv_new_id("h", id);
	if (db_exec(c->db, "INSERT INTO history (id, account_id, date, at, type, amount, description) "
			   "VALUES (?, ?, ?, ?, ?, ?, ?)", "sssisis", id, account_id, c->today, c->now,
		    type, amount, description) != SQLITE_DONE ||
	    db_exec(c->db, "UPDATE accounts SET balance = balance + ? WHERE id = ?", "is", amount,
		    account_id) != SQLITE_DONE)
		return call_internal(c, "ledger_post");
	return CALL_OK;
}

int ledger_post(struct call *c, const char *account_id, const char *type, int64_t amount,
		const char *description)
{
	char id[32];
	if (post(c, account_id, type, amount, description, id) != CALL_OK)
		return CALL_FAIL;
	/* A charge with no parts of its own is the account's one-off. */
	if (!strcmp(type, "CHARGE") &&
	    db_exec(c->db, "INSERT INTO charge_parts (history_id, kind, amount) "
			   "VALUES (?, 'ONE_OFF', ?)", "si", id, -amount) != SQLITE_DONE)
		return call_internal(c, "ledger_post parts");
	return CALL_OK;
}

/* The services in force for the fee: ACTIVE or BLOCKED (for debt), of account ?2. */
#define CHARGED_SERVICES "s.account_id = ?2 AND s.status IN ('ACTIVE', 'BLOCKED')"

int ledger_charge_fee(struct call *c, const char *account_id, int64_t fee,
		      const char *description)
{
	char id[32];
	if (post(c, account_id, "CHARGE", -fee, description, id) != CALL_OK)
		return CALL_FAIL;
	if (db_exec(c->db, "INSERT INTO charge_parts (history_id, service_id, kind, name, amount) "
			   "SELECT ?1, s.id, 'TARIFF', t.name, t.monthly_fee "
			   "FROM services s JOIN tariffs t ON t.id = s.tariff_id "
			   "WHERE " CHARGED_SERVICES " AND t.monthly_fee <> 0 "
			   "UNION ALL SELECT ?1, s.id, 'OPTION', o.name, o.monthly_fee "
			   "FROM services s JOIN service_options so ON so.service_id = s.id "
			   "JOIN options o ON o.id = so.option_id "
			   "WHERE " CHARGED_SERVICES " AND so.enabled = 1 AND o.monthly_fee <> 0",
		    "ss", id, account_id) != SQLITE_DONE ||
	    db_exec(c->db, "UPDATE history SET service_id = (SELECT MIN(service_id) "
			   "FROM charge_parts WHERE history_id = ?1 "
			   "HAVING COUNT(DISTINCT service_id) = 1 AND COUNT(service_id) = COUNT(*)) "
			   "WHERE id = ?1", "s", id) != SQLITE_DONE)
		return call_internal(c, "charge parts");
	/* The parts are what ledger_monthly_fee() adds up: anything else is a bug. */
	if (db_int(c->db, "SELECT COALESCE(SUM(amount), 0) FROM charge_parts WHERE history_id = ?",
		   -1, "s", id) != fee)
		return call_internal(c, "charge parts sum");
	return CALL_OK;
}

int64_t ledger_balance(struct call *c, const char *account_id)
{
	return db_int(c->db, "SELECT balance FROM accounts WHERE id = ?", 0, "s", account_id);
}

int64_t ledger_monthly_fee(struct call *c, const char *account_id)
{
	return db_int(c->db,
		      "SELECT COALESCE(SUM(t.monthly_fee), 0) + COALESCE((SELECT SUM(o.monthly_fee) "
		      "  FROM service_options so JOIN options o ON o.id = so.option_id "
		      "  JOIN services s2 ON s2.id = so.service_id "
		      "  WHERE s2.account_id = ?1 AND so.enabled = 1 "
		      "  AND s2.status IN ('ACTIVE', 'BLOCKED')), 0) "
		      "FROM services s JOIN tariffs t ON t.id = s.tariff_id "
		      "WHERE s.account_id = ?1 AND s.status IN ('ACTIVE', 'BLOCKED')",
		      0, "s", account_id);
}

int64_t ledger_promised_active(struct call *c, const char *account_id, char *expires_on)
{
	sqlite3_stmt *st = db_stmt(c->db, "SELECT amount, expires_on FROM promised_payments "
					  "WHERE account_id = ? AND status = 'ACTIVE'");
	int64_t amount = 0;
	if (!st)
		return 0;
	db_bind(st, "s", account_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		amount = sqlite3_column_int64(st, 0);
		if (expires_on)
			snprintf(expires_on, 11, "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	return amount;
}

int ledger_unblock_if_paid(struct call *c, const char *account_id)
{
	if (ledger_balance(c, account_id) < 0)
		return CALL_OK;
	if (db_exec(c->db, "UPDATE services SET status = 'ACTIVE' "
			   "WHERE account_id = ? AND status = 'BLOCKED'", "s", account_id) != SQLITE_DONE ||
	    db_exec(c->db, "UPDATE invoices SET paid = 1 WHERE account_id = ? AND paid = 0", "s",
		    account_id) != SQLITE_DONE)
		return call_internal(c, "unblock");
	return CALL_OK;
}

int ledger_block_if_debt(struct call *c, const char *account_id)
{
	if (ledger_balance(c, account_id) >= 0 ||
	    db_int(c->db, "SELECT payment_system = 'ADVANCE' FROM accounts WHERE id = ?", 0, "s",
		   account_id) != 1)
		return CALL_OK;
	if (db_exec(c->db, "UPDATE services SET status = 'BLOCKED' "
			   "WHERE account_id = ? AND status = 'ACTIVE'", "s", account_id) != SQLITE_DONE)
		return call_internal(c, "block");
	return CALL_OK;
}

bool card_luhn_ok(const char *pan)
{
	size_t n = strlen(pan);
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int d = pan[n - 1 - i] - '0';
		if (d < 0 || d > 9)
			return false;
		if (i % 2 == 1 && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return n > 0 && sum % 10 == 0;
}

const char *card_system(const char *pan)
{
	int p2 = (pan[0] - '0') * 10 + (pan[1] - '0');
	int p4 = p2 * 100 + (pan[2] - '0') * 10 + (pan[3] - '0');
	if (p4 >= 2200 && p4 <= 2204)
		return "MIR";
	if (pan[0] == '4')
		return "VISA";
	if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
		return "MASTERCARD";
	return NULL;
}

char *card_mask(const char *pan, char *buf)
{
	size_t n = strlen(pan), out = 0;
	for (size_t i = 0; i < n && out < 30; i++) {
		if (i > 0 && i % 4 == 0)
			buf[out++] = ' ';
		buf[out++] = (i < 6 || i >= n - 4) ? pan[i] : '*';
	}
	buf[out] = '\0';
	return buf;
}

int card_validate(struct call *c, const cJSON *card, char *mask,
		  const char **system, char *expires)
{
	const char *pan = NULL, *holder = NULL, *cvc = NULL;
	int64_t month = 0, year = 0, now_y, now_m;

	/* Field names in errors point at static strings: c->field outlives this frame. */
	if (in_str_at(c, card, "pan", "card.pan", true, 1, 32, &pan) != CALL_OK ||
	    in_int_at(c, card, "expMonth", "card.expMonth", 1, 12, &month) != CALL_OK ||
	    in_int_at(c, card, "expYear", "card.expYear", 2000, 2099, &year) != CALL_OK ||
	    in_str_at(c, card, "holder", "card.holder", false, 2, 26, &holder) != CALL_OK ||
	    in_str_at(c, card, "cvc", "card.cvc", true, 1, 8, &cvc) != CALL_OK)
		return CALL_FAIL;
	if (!srv_all_digits(pan, 16, 19) || !card_luhn_ok(pan))
		return call_fail(c, APIERR_VALIDATION, "card.pan", "Неверный номер карты",
				 "Invalid card number");
	*system = card_system(pan);
	if (!*system)
		return call_fail(c, APIERR_VALIDATION, "card.pan",
				 "Принимаются карты МИР, Visa и Mastercard",
				 "Only MIR, Visa and Mastercard cards are accepted");
	now_y = (c->today[0] - '0') * 1000 + (c->today[1] - '0') * 100 +
		(c->today[2] - '0') * 10 + (c->today[3] - '0');
	now_m = (c->today[5] - '0') * 10 + (c->today[6] - '0');
	if (year < now_y || (year == now_y && month < now_m))
		return call_fail(c, APIERR_VALIDATION, "card.expMonth", "Срок действия карты истёк",
				 "The card has expired");
	if (!srv_all_digits(cvc, 3, 3))
		return call_fail(c, APIERR_VALIDATION, "card.cvc", "CVC — три цифры",
				 "CVC must be three digits");
	if (holder)
		for (const char *h = holder; *h; h++)
			if (!((*h >= 'A' && *h <= 'Z') || (*h >= 'a' && *h <= 'z') || *h == ' ' ||
			      *h == '-' || *h == '.'))
				return call_fail(c, APIERR_VALIDATION, "card.holder",
						 "Имя держателя — латинскими буквами",
						 "The holder name must be in Latin letters");
	card_mask(pan, mask);
	snprintf(expires, 8, "%02d/%02d", (int)month % 100, (int)(year % 100));
	return CALL_OK;
}

static enum charge_outcome outcome_for_pan(const char *pan)
{
	if (!strcmp(pan, "4000000000000002"))
		return CHARGE_3DS;
	if (!strcmp(pan, "5555555555554444"))
		return CHARGE_NO_FUNDS;
	if (!strcmp(pan, "2200000000000038"))
		return CHARGE_BLOCKED;
	return CHARGE_OK;
}

static const char *const outcome_names[] = { "OK", "3DS", "NO_FUNDS", "BLOCKED" };

int processor_tokenize(struct call *c, const cJSON *card, char *token,
		       enum charge_outcome *outcome)
{
	const cJSON *pan = cJSON_GetObjectItemCaseSensitive(card, "pan");
	*outcome = outcome_for_pan(cJSON_IsString(pan) ? pan->valuestring : "");
	srv_new_token(token);
	if (db_exec(c->db, "INSERT INTO processor_tokens (token, behavior) VALUES (?, ?)", "ss",
		    token, outcome_names[*outcome]) != SQLITE_DONE)
		return call_internal(c, "tokenize");
	return CALL_OK;
}

enum charge_outcome processor_outcome(struct call *c, const char *token)
{
	sqlite3_stmt *st = db_stmt(c->db, "SELECT behavior FROM processor_tokens WHERE token = ?");
	enum charge_outcome o = CHARGE_BLOCKED;
	if (!st)
		return o;
	db_bind(st, "s", token);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *b = db_text(st, 0);
		for (int i = 0; i < 4; i++)
			if (!strcmp(b, outcome_names[i]))
				o = (enum charge_outcome)i;
	}
	sqlite3_reset(st);
	return o;
}

const char *processor_decline_reason(enum charge_outcome o)
{
	return o == CHARGE_NO_FUNDS ? "INSUFFICIENT_FUNDS" : "CARD_BLOCKED";
}
