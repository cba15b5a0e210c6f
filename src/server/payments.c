/* Card payments: bound cards, createPayment with 3-D Secure, confirmPayment and
 * getPayment. A payment row records every attempt, so a client that lost an answer can
 * always learn how it ended, and money is credited exactly once, in the transaction
 * that moves the payment to SUCCEEDED. */
#include <stdio.h>
#include <string.h>

#include "kabinet/money.h"
#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/ledger.h"
#include "kabinet/server/notify.h"
#include "kabinet/server/srv.h"

#define BIND_AMOUNT 100			/* binding charges and refunds 1 rouble */
#define TDS_TTL 300			/* a 3-D Secure code lives 5 minutes */
#define TDS_ATTEMPTS 3			/* the 3rd wrong code declines the payment */
#define TDS_CODE_LEN 6

/* Field names in errors must outlive the handler (c->field is read after it returns),
 * so the per-item names are literals rather than formatted into a local buffer. */
#define ITEM_FIELDS(n) { "items[" #n "]", "items[" #n "].accountId", "items[" #n "].amount" }
static const struct {
	const char *item, *account, *amount;
} item_fields[PAYMENT_ITEMS_MAX] = {
	ITEM_FIELDS(0), ITEM_FIELDS(1), ITEM_FIELDS(2), ITEM_FIELDS(3), ITEM_FIELDS(4),
	ITEM_FIELDS(5), ITEM_FIELDS(6), ITEM_FIELDS(7), ITEM_FIELDS(8), ITEM_FIELDS(9),
};
#undef ITEM_FIELDS

/* The card a payment is charged to: a bound card or a one-off one. */
struct pay_card {
	char card_id[72];	/* empty for a one-off card */
	char mask[32];
	char system[16];
	char expires[8];
	char token[48];
	enum charge_outcome outcome;
};

struct pay_item {
	char account_id[72];
	int64_t amount;
};

static int not_found(struct call *c, const char *field)
{
	return call_fail(c, APIERR_NOT_FOUND, field, "Не найдено", "Not found");
}

static void copy_col(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const char *s = db_text(st, col);
	snprintf(dst, size, "%s", s ? s : "");
}

/* A card's mask, payment system, expiry and processor token from column col on. */
static void card_cols(struct pay_card *pc, sqlite3_stmt *st, int col)
{
	copy_col(pc->mask, sizeof(pc->mask), st, col);
	copy_col(pc->system, sizeof(pc->system), st, col + 1);
	copy_col(pc->expires, sizeof(pc->expires), st, col + 2);
	copy_col(pc->token, sizeof(pc->token), st, col + 3);
}

static void item_row(cJSON *it, sqlite3_stmt *st)
{
	out_col_str(it, "accountId", st, 0);
	out_col_int(it, "amount", st, 1);
}

/* The payment as every method shows it: getPayment, confirmPayment, and the answers of
 * createPayment and bindCard. A PENDING_3DS payment whose code has expired is shown
 * as DECLINED 3DS_EXPIRED even before confirmPayment records it, since no code can
 * complete it any more. */
static int payment_view(struct call *c, const char *payment_id, cJSON *out)
{
	sqlite3_stmt *st;
	char at[21], kind[16];
	bool expired, pending;

	if (call_row(c, &st, "payment view",
		     "SELECT p.kind, p.status, p.decline_reason, p.card_id, p.card_mask, "
		     "  p.card_system, p.card_expires, p.amount, p.created_at, "
		     "  p.status = 'PENDING_3DS' AND (o.id IS NULL OR o.expires_at <= ?) "
		     "FROM payments p LEFT JOIN otps o ON o.id = p.otp_id "
		     "WHERE p.id = ? AND p.profile_id = ?",
		     "isi", c->now, payment_id, c->profile_id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return not_found(c, "paymentId");
	copy_col(kind, sizeof(kind), st, 0);
	expired = sqlite3_column_int(st, 9) != 0;
	pending = !expired && !strcmp(db_text(st, 1), "PENDING_3DS");
	out_str(out, "paymentId", payment_id);
	out_str(out, "kind", kind);
	out_str(out, "status", expired ? "DECLINED" : db_text(st, 1));
	out_int(out, "amount", sqlite3_column_int64(st, 7));
	out_str(out, "createdAt", srv_instant(sqlite3_column_int64(st, 8), at));
	out_str(out, "declineReason", expired ? "3DS_EXPIRED" : db_text(st, 2));
	out_col_str(out, "cardId", st, 3);
	out_col_str(out, "cardMask", st, 4);
	if (!strcmp(kind, "BIND")) {
		out_col_str(out, "mask", st, 4);
		out_col_str(out, "paymentSystem", st, 5);
		out_col_str(out, "expires", st, 6);
	}
	if (pending)
		out_col_str(out, "sentTo", st, 4);
	sqlite3_reset(st);
	return call_rows(c, cJSON_AddArrayToObject(out, "items"), item_row, "payment items",
			 "SELECT account_id, amount FROM payment_items WHERE payment_id = ? "
			 "ORDER BY rowid",
			 "s", payment_id);
}

/* Starts 3-D Secure: a one-time code, stored only as a hash, "sent" to the card's bank
 * page (the outbox, addressed to the card mask). */
static int tds_start(struct call *c, const char *mask, char *otp_id)
{
	char code[TDS_CODE_LEN + 1], salted[64], hash[65], text[96];

	srv_new_id("tds", otp_id);
	srv_new_code(TDS_CODE_LEN, code);
	snprintf(salted, sizeof(salted), "%s:%s", otp_id, code);
	srv_token_hash(salted, hash);
	snprintf(text, sizeof(text), "Код подтверждения платежа: %s", code);
	if (db_exec(c->db, "INSERT INTO otps (id, purpose, profile_id, code_hash, channel, target, "
			   "created_at, expires_at, resend_at) VALUES (?, '3DS', ?, ?, '3ds', ?, ?, ?, ?)",
		    "sissiii", otp_id, c->profile_id, hash, mask, c->now, c->now + TDS_TTL,
		    c->now) != SQLITE_DONE ||
	    srv_outbox_send(c, "3ds", mask, text, code) != 0)
		return call_internal(c, "3ds start");
	return CALL_OK;
}

/* Binds the card a BIND payment was made with. A second binding of a card that got
 * bound meanwhile (two 3-D Secure binds in flight) reuses the existing card. */
static int bind_finish(struct call *c, const char *payment_id, const char *mask,
		       const char *system, const char *expires, const char *token)
{
	char card_id[32];
	sqlite3_stmt *st = call_query(c, "bind lookup",
				      "SELECT id FROM cards WHERE profile_id = ? AND mask = ? "
				      "AND expires = ? AND deleted = 0",
				      "iss", c->profile_id, mask, expires);
	if (!st)
		return CALL_FAIL;
	card_id[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW)
		copy_col(card_id, sizeof(card_id), st, 0);
	sqlite3_reset(st);
	if (!card_id[0] &&
	    db_exec(c->db, "INSERT INTO cards (id, profile_id, mask, payment_system, expires, token, "
			   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "sissssi",
		    srv_new_id("card", card_id), c->profile_id, mask, system, expires, token,
		    c->now) != SQLITE_DONE)
		return call_internal(c, "bind card");
	if (db_exec(c->db, "UPDATE payments SET status = 'SUCCEEDED', card_id = ?, token = NULL, "
			   "updated_at = ? WHERE id = ?", "sis", card_id, c->now, payment_id) != SQLITE_DONE)
		return call_internal(c, "bind payment");
	return CALL_OK;
}

/* The receipt of a payment that succeeded: to the e-mail or phone the payer gave in
 * the form (receipt is "email:ADDRESS" or "sms:+7XXXXXXXXXX"), whatever the settings;
 * without one, as the profile's PAYMENT_RECEIPT setting says. */
static int send_receipt(struct call *c, int64_t profile_id, const char *payment_id,
			char *receipt, const char *mask, int64_t total)
{
	char *colon = strchr(receipt, ':'), sum[48], text[256];

	money_format(total, MONEY_RU, sum, sizeof(sum));
	snprintf(text, sizeof(text), "Чек: платёж %s на %s картой %s выполнен", payment_id, sum,
		 mask);
	if (colon)
		*colon = '\0';
	if (colon ? srv_outbox_send(c, receipt, colon + 1, text, NULL) != 0
		  : notify_send(c, profile_id, NOTIFY_PAYMENT_RECEIPT, text) != 0)
		return call_internal(c, "receipt");
	return CALL_OK;
}

/* Credits a PAYMENT's items to their accounts, lifts debt blocks, sends the receipt and
 * marks the payment SUCCEEDED: all in the caller's transaction, so it happens once. */
static int credit_finish(struct call *c, const char *payment_id)
{
	struct pay_item items[PAYMENT_ITEMS_MAX];
	char mask[32] = "", receipt[300] = "", descr[96];
	int n = 0;
	int64_t total = 0, profile_id = 0;
	sqlite3_stmt *st;

	st = call_query(c, "credit lookup",
			"SELECT card_mask, receipt, amount, profile_id FROM payments WHERE id = ?",
			"s", payment_id);
	if (!st)
		return CALL_FAIL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		copy_col(mask, sizeof(mask), st, 0);
		copy_col(receipt, sizeof(receipt), st, 1);
		total = sqlite3_column_int64(st, 2);
		profile_id = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);

	/* Read the items first: ledger_post and the unblock run their own statements. */
	st = call_query(c, "credit items",
			"SELECT account_id, amount FROM payment_items WHERE payment_id = ? "
			"ORDER BY rowid",
			"s", payment_id);
	if (!st)
		return CALL_FAIL;
	while (n < PAYMENT_ITEMS_MAX && sqlite3_step(st) == SQLITE_ROW) {
		copy_col(items[n].account_id, sizeof(items[n].account_id), st, 0);
		items[n].amount = sqlite3_column_int64(st, 1);
		n++;
	}
	sqlite3_reset(st);

	snprintf(descr, sizeof(descr), "Оплата картой %s", mask);
	for (int i = 0; i < n; i++)
		if (ledger_post(c, items[i].account_id, "PAYMENT", items[i].amount, descr) != CALL_OK ||
		    ledger_unblock_if_paid(c, items[i].account_id) != CALL_OK)
			return CALL_FAIL;

	if (send_receipt(c, profile_id, payment_id, receipt, mask, total) != CALL_OK)
		return CALL_FAIL;
	if (db_exec(c->db, "UPDATE payments SET status = 'SUCCEEDED', updated_at = ? WHERE id = ?",
		    "is", c->now, payment_id) != SQLITE_DONE)
		return call_internal(c, "payment succeeded");
	return CALL_OK;
}

static int decline(struct call *c, const char *payment_id, const char *reason)
{
	if (db_exec(c->db, "UPDATE payments SET status = 'DECLINED', decline_reason = ?, "
			   "token = NULL, updated_at = ? WHERE id = ?", "sis", reason, c->now,
		    payment_id) != SQLITE_DONE)
		return call_internal(c, "decline");
	return CALL_OK;
}

static void card_row(cJSON *card, sqlite3_stmt *st)
{
	out_col_str(card, "cardId", st, 0);
	out_col_str(card, "mask", st, 1);
	out_col_str(card, "paymentSystem", st, 2);
	out_col_str(card, "expires", st, 3);
}

static int get_bound_cards(struct call *c)
{
	return call_rows(c, cJSON_AddArrayToObject(c->out, "cards"), card_row, "cards",
			 "SELECT id, mask, payment_system, expires FROM cards "
			 "WHERE profile_id = ? AND deleted = 0 ORDER BY created_at, rowid",
			 "i", c->profile_id);
}

static int bind_card(struct call *c)
{
	const cJSON *card = NULL;
	const char *system = NULL;
	char mask[32], expires[8], token[48], pay_id[32], otp_id[32] = "";
	enum charge_outcome o;
	const char *status;

	if (in_obj(c, "card", true, &card) != CALL_OK ||
	    card_validate(c, card, mask, &system, expires) != CALL_OK)
		return CALL_FAIL;
	if (db_int(c->db, "SELECT 1 FROM cards WHERE profile_id = ? AND mask = ? AND expires = ? "
			  "AND deleted = 0", 0, "iss", c->profile_id, mask, expires) == 1)
		return call_fail(c, APIERR_CONFLICT, "card", "Эта карта уже привязана",
				 "This card is already bound");
	if (processor_tokenize(c, card, token, &o) != CALL_OK)
		return CALL_FAIL;
	if (o == CHARGE_3DS && tds_start(c, mask, otp_id) != CALL_OK)
		return CALL_FAIL;
	status = o == CHARGE_OK ? "SUCCEEDED" : o == CHARGE_3DS ? "PENDING_3DS" : "DECLINED";
	/* The token waits in the payment only while 3-D Secure is pending. */
	if (db_exec(c->db, "INSERT INTO payments (id, profile_id, kind, status, decline_reason, "
			   "token, card_mask, card_system, card_expires, amount, otp_id, created_at, "
			   "updated_at) VALUES (?, ?, 'BIND', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "sissssssisii", srv_new_id("pay", pay_id), c->profile_id, status,
		    o == CHARGE_OK || o == CHARGE_3DS ? NULL : processor_decline_reason(o),
		    o == CHARGE_3DS ? token : NULL, mask, system, expires, (int64_t)BIND_AMOUNT,
		    otp_id[0] ? otp_id : NULL, c->now, c->now) != SQLITE_DONE)
		return call_internal(c, "bind payment");
	if (o == CHARGE_OK && bind_finish(c, pay_id, mask, system, expires, token) != CALL_OK)
		return CALL_FAIL;
	if (o != CHARGE_OK && o != CHARGE_3DS &&
	    db_exec(c->db, "DELETE FROM processor_tokens WHERE token = ?", "s", token) != SQLITE_DONE)
		return call_internal(c, "drop token");
	return payment_view(c, pay_id, c->out);
}

static int unbind_card(struct call *c)
{
	const char *card_id = NULL;

	if (in_str(c, "cardId", true, 1, 64, &card_id) != CALL_OK)
		return CALL_FAIL;
	if (db_int(c->db, "SELECT 1 FROM cards WHERE id = ? AND profile_id = ? AND deleted = 0", 0,
		   "si", card_id, c->profile_id) != 1)
		return not_found(c, "cardId");
	if (db_int(c->db, "SELECT 1 FROM autopay_rules WHERE card_id = ? LIMIT 1", 0, "s",
		   card_id) == 1)
		return call_fail(c, APIERR_CONFLICT, "cardId",
				 "Карта оплачивает автоплатёж: сначала измените или удалите правило",
				 "The card pays an autopay rule: change or delete the rule first");
	if (db_exec(c->db, "UPDATE cards SET deleted = 1 WHERE id = ?", "s", card_id) != SQLITE_DONE)
		return call_internal(c, "unbind");
	out_str(c->out, "status", "OK");
	return CALL_OK;
}

/* "+7XXXXXXXXXX" from what people type: +7 999 123-45-67, 8 (999) 1234567, 9991234567. */
static bool normalise_phone(const char *in, char *out)
{
	char d[16];
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n >= sizeof(d) - 1)
				return false;
			d[n++] = *p;
		} else if (!strchr(" -()", *p) && !(*p == '+' && p == in)) {
			return false;
		}
	}
	d[n] = '\0';
	if (in[0] == '+' && !(n == 11 && d[0] == '7'))
		return false;
	if (n == 11 && (d[0] == '7' || d[0] == '8'))
		memcpy(out + 2, d + 1, 10);
	else if (n == 10 && in[0] != '+')
		memcpy(out + 2, d, 10);
	else
		return false;
	memcpy(out, "+7", 2);
	out[12] = '\0';
	return true;
}

/* Exactly one of obj's members a and b (null counts as absent): CALL_OK with *va and *vb,
 * one of them NULL; otherwise VALIDATION on field with the message ru / en. */
static int one_of(struct call *c, const cJSON *obj, const char *a, const cJSON **va,
		  const char *b, const cJSON **vb, const char *field, const char *ru,
		  const char *en)
{
	*va = cJSON_GetObjectItemCaseSensitive(obj, a);
	*vb = cJSON_GetObjectItemCaseSensitive(obj, b);
	if (cJSON_IsNull(*va))
		*va = NULL;
	if (cJSON_IsNull(*vb))
		*vb = NULL;
	if (!*va == !*vb)
		return call_fail(c, APIERR_VALIDATION, field, ru, en);
	return CALL_OK;
}

/* The optional receipt: exactly one of email or phone, stored as "email:..." or
 * "sms:+7..." for credit_finish. */
static int read_receipt(struct call *c, char *receipt, size_t size)
{
	const cJSON *r = NULL, *email, *phone;
	const char *s = NULL;
	char norm[16];

	receipt[0] = '\0';
	if (in_obj(c, "receipt", false, &r) != CALL_OK)
		return CALL_FAIL;
	if (!r)
		return CALL_OK;
	if (one_of(c, r, "email", &email, "phone", &phone, "receipt",
		   "Для чека укажите e-mail или телефон (одно из двух)",
		   "Give either an e-mail or a phone for the receipt") != CALL_OK)
		return CALL_FAIL;
	if (email) {
		if (in_str_at(c, r, "email", "receipt.email", true, 3, 254, &s) != CALL_OK)
			return CALL_FAIL;
		if (!strchr(s, '@') || s[0] == '@' || s[strlen(s) - 1] == '@' || strchr(s, ' '))
			return call_fail(c, APIERR_VALIDATION, "receipt.email", "Неверный e-mail",
					 "Invalid e-mail address");
		snprintf(receipt, size, "email:%s", s);
		return CALL_OK;
	}
	if (in_str_at(c, r, "phone", "receipt.phone", true, 1, 32, &s) != CALL_OK)
		return CALL_FAIL;
	if (!normalise_phone(s, norm))
		return call_fail(c, APIERR_VALIDATION, "receipt.phone",
				 "Телефон — в формате +7XXXXXXXXXX", "The phone must be +7XXXXXXXXXX");
	snprintf(receipt, size, "sms:%s", norm);
	return CALL_OK;
}

static int read_items(struct call *c, struct pay_item *items, int *count, int64_t *total)
{
	const cJSON *arr = NULL, *it;
	int n = 0;

	if (in_array(c, "items", true, 1, PAYMENT_ITEMS_MAX, &arr) != CALL_OK)
		return CALL_FAIL;
	*total = 0;
	cJSON_ArrayForEach(it, arr) {
		const char *acc = NULL;
		if (!cJSON_IsObject(it))
			return call_failf(c, APIERR_BAD_REQUEST, item_fields[n].item,
					  "Поле %s должно быть объектом",
					  "Field %s must be an object", item_fields[n].item);
		if (in_str_at(c, it, "accountId", item_fields[n].account, true, 1, 64, &acc) != CALL_OK ||
		    in_int_at(c, it, "amount", item_fields[n].amount, PAYMENT_ITEM_MIN,
			      PAYMENT_ITEM_MAX, &items[n].amount) != CALL_OK)
			return CALL_FAIL;
		if (db_int(c->db, "SELECT 1 FROM accounts WHERE id = ? AND profile_id = ?", 0, "si",
			   acc, c->profile_id) != 1)
			return not_found(c, item_fields[n].account);
		for (int j = 0; j < n; j++)
			if (!strcmp(items[j].account_id, acc))
				return call_fail(c, APIERR_VALIDATION, item_fields[n].account,
						 "Лицевой счёт указан в платеже дважды",
						 "The account appears in the payment twice");
		snprintf(items[n].account_id, sizeof(items[n].account_id), "%s", acc);
		*total += items[n].amount;
		n++;
	}
	*count = n;
	return CALL_OK;
}

/* source: {"cardId"} of a bound card, or {"card":{...}} charged once and never stored. */
static int read_source(struct call *c, struct pay_card *pc)
{
	const cJSON *src = NULL, *cid, *card;

	memset(pc, 0, sizeof(*pc));
	if (in_obj(c, "source", true, &src) != CALL_OK)
		return CALL_FAIL;
	if (one_of(c, src, "cardId", &cid, "card", &card, "source",
		   "Укажите привязанную карту (cardId) или данные новой карты (card)",
		   "Give either a bound card (cardId) or a new card (card)") != CALL_OK)
		return CALL_FAIL;
	if (cid) {
		const char *id = NULL;
		sqlite3_stmt *st;
		if (in_str_at(c, src, "cardId", "source.cardId", true, 1, 64, &id) != CALL_OK)
			return CALL_FAIL;
		if (call_row(c, &st, "card lookup",
			     "SELECT mask, payment_system, expires, token FROM cards "
			     "WHERE id = ? AND profile_id = ? AND deleted = 0",
			     "si", id, c->profile_id) != CALL_OK)
			return CALL_FAIL;
		if (!st)
			return not_found(c, "source.cardId");
		snprintf(pc->card_id, sizeof(pc->card_id), "%s", id);
		card_cols(pc, st, 0);
		sqlite3_reset(st);
		return CALL_OK;
	}
	if (!cJSON_IsObject(card))
		return call_fail(c, APIERR_BAD_REQUEST, "source.card",
				 "Поле source.card должно быть объектом",
				 "Field source.card must be an object");
	{
		const char *system = NULL;
		if (card_validate(c, card, pc->mask, &system, pc->expires) != CALL_OK)
			return CALL_FAIL;
		snprintf(pc->system, sizeof(pc->system), "%s", system);
	}
	return CALL_OK;
}

static int create_payment(struct call *c)
{
	struct pay_item items[PAYMENT_ITEMS_MAX];
	struct pay_card pc;
	char receipt[300], pay_id[32], otp_id[32] = "";
	const char *status;
	int n = 0;
	int64_t total = 0;

	if (read_items(c, items, &n, &total) != CALL_OK || read_source(c, &pc) != CALL_OK ||
	    read_receipt(c, receipt, sizeof(receipt)) != CALL_OK)
		return CALL_FAIL;

	if (pc.card_id[0]) {
		pc.outcome = processor_outcome(c, pc.token);
	} else {
		/* A one-off card's token serves this charge only: drop it from the vault. */
		const cJSON *card = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(c->in, "source"), "card");
		if (processor_tokenize(c, card, pc.token, &pc.outcome) != CALL_OK)
			return CALL_FAIL;
		if (db_exec(c->db, "DELETE FROM processor_tokens WHERE token = ?", "s",
			    pc.token) != SQLITE_DONE)
			return call_internal(c, "drop token");
	}
	if (pc.outcome == CHARGE_3DS && tds_start(c, pc.mask, otp_id) != CALL_OK)
		return CALL_FAIL;
	status = pc.outcome == CHARGE_OK ? "SUCCEEDED"
		 : pc.outcome == CHARGE_3DS ? "PENDING_3DS" : "DECLINED";
	if (db_exec(c->db, "INSERT INTO payments (id, profile_id, kind, status, decline_reason, "
			   "card_id, card_mask, card_system, card_expires, amount, receipt, otp_id, "
			   "created_at, updated_at) VALUES (?, ?, 'PAYMENT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "sissssssissii", srv_new_id("pay", pay_id), c->profile_id, status,
		    pc.outcome == CHARGE_OK || pc.outcome == CHARGE_3DS
			    ? NULL : processor_decline_reason(pc.outcome),
		    pc.card_id[0] ? pc.card_id : NULL, pc.mask, pc.system, pc.expires, total,
		    receipt[0] ? receipt : NULL, otp_id[0] ? otp_id : NULL, c->now,
		    c->now) != SQLITE_DONE)
		return call_internal(c, "payment");
	for (int i = 0; i < n; i++)
		if (db_exec(c->db, "INSERT INTO payment_items (payment_id, account_id, amount) "
				   "VALUES (?, ?, ?)", "ssi", pay_id, items[i].account_id,
			    items[i].amount) != SQLITE_DONE)
			return call_internal(c, "payment item");
	if (pc.outcome == CHARGE_OK && credit_finish(c, pay_id) != CALL_OK)
		return CALL_FAIL;
	return payment_view(c, pay_id, c->out);
}

/* What confirmPayment and cancelPayment read of a payment of the caller. */
struct pay_row {
	char kind[16], status[16], otp_id[32];
	struct pay_card card;	/* its card_id and outcome unused */
};

static int read_pay_row(struct call *c, const char *payment_id, struct pay_row *p)
{
	sqlite3_stmt *st;

	if (call_row(c, &st, "payment lookup",
		     "SELECT kind, status, otp_id, card_mask, card_system, card_expires, token "
		     "FROM payments WHERE id = ? AND profile_id = ?",
		     "si", payment_id, c->profile_id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return not_found(c, "paymentId");
	copy_col(p->kind, sizeof(p->kind), st, 0);
	copy_col(p->status, sizeof(p->status), st, 1);
	copy_col(p->otp_id, sizeof(p->otp_id), st, 2);
	card_cols(&p->card, st, 3);
	sqlite3_reset(st);
	return CALL_OK;
}

static int confirm_payment(struct call *c)
{
	const char *payment_id = NULL, *code = NULL;
	struct pay_row row;
	char *kind = row.kind, *status = row.status, *otp_id = row.otp_id,
	     *mask = row.card.mask, *system = row.card.system, *expires = row.card.expires,
	     *token = row.card.token;
	char salted[80], hash[65], stored[65];
	int64_t expires_at = 0, attempts = 0;
	sqlite3_stmt *st;
	bool have_otp = false;

	if (in_str(c, "paymentId", true, 1, 64, &payment_id) != CALL_OK ||
	    in_str(c, "code", true, 1, 16, &code) != CALL_OK ||
	    read_pay_row(c, payment_id, &row) != CALL_OK)
		return CALL_FAIL;

	/* A retry after a lost answer: report how it ended, change nothing. */
	if (strcmp(status, "PENDING_3DS"))
		return payment_view(c, payment_id, c->out);

	st = call_query(c, "confirm otp",
			"SELECT code_hash, expires_at, attempts FROM otps "
			"WHERE id = ? AND purpose = '3DS' AND used = 0",
			"s", otp_id);
	if (!st)
		return CALL_FAIL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		have_otp = true;
		copy_col(stored, sizeof(stored), st, 0);
		expires_at = sqlite3_column_int64(st, 1);
		attempts = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);

	if (!have_otp || c->now >= expires_at) {
		if (db_exec(c->db, "UPDATE otps SET used = 2 WHERE id = ?", "s", otp_id) != SQLITE_DONE ||
		    decline(c, payment_id, "3DS_EXPIRED") != CALL_OK)
			return CALL_FAIL;
		return payment_view(c, payment_id, c->out);
	}
	if (strlen(code) != TDS_CODE_LEN || strspn(code, "0123456789") != TDS_CODE_LEN)
		return call_fail(c, APIERR_VALIDATION, "code", "Код — шесть цифр",
				 "The code is six digits");
	snprintf(salted, sizeof(salted), "%s:%s", otp_id, code);
	srv_token_hash(salted, hash);
	if (!srv_streq_ct(hash, stored)) {
		attempts++;
		if (attempts >= TDS_ATTEMPTS) {
			if (db_exec(c->db, "UPDATE otps SET attempts = ?, used = 2 WHERE id = ?", "is",
				    attempts, otp_id) != SQLITE_DONE ||
			    decline(c, payment_id, "3DS_FAILED") != CALL_OK)
				return CALL_FAIL;
			if (!strcmp(kind, "BIND") &&
			    db_exec(c->db, "DELETE FROM processor_tokens WHERE token = ?", "s",
				    token) != SQLITE_DONE)
				return call_internal(c, "drop token");
			return payment_view(c, payment_id, c->out);
		}
		if (db_exec(c->db, "UPDATE otps SET attempts = ? WHERE id = ?", "is", attempts,
			    otp_id) != SQLITE_DONE)
			return call_internal(c, "3ds attempts");
		c->keep_on_error = true;
		return call_failf(c, APIERR_VALIDATION, "code",
				  "Неверный код, осталось попыток: %d",
				  "Wrong code, attempts left: %d", (int)(TDS_ATTEMPTS - attempts));
	}
	if (db_exec(c->db, "UPDATE otps SET used = 1 WHERE id = ?", "s", otp_id) != SQLITE_DONE)
		return call_internal(c, "3ds used");
	if (!strcmp(kind, "BIND")) {
		if (bind_finish(c, payment_id, mask, system, expires, token) != CALL_OK)
			return CALL_FAIL;
	} else if (credit_finish(c, payment_id) != CALL_OK) {
		return CALL_FAIL;
	}
	return payment_view(c, payment_id, c->out);
}

static int get_payment(struct call *c)
{
	const char *payment_id = NULL;
	if (in_str(c, "paymentId", true, 1, 64, &payment_id) != CALL_OK)
		return CALL_FAIL;
	return payment_view(c, payment_id, c->out);
}

/* Gives up a payment waiting for its 3-D Secure code: it is declined (CANCELLED) and
 * the code is void. Any other payment is answered as it stands. */
static int cancel_payment(struct call *c)
{
	const char *payment_id = NULL;
	struct pay_row row;

	if (in_str(c, "paymentId", true, 1, 64, &payment_id) != CALL_OK ||
	    read_pay_row(c, payment_id, &row) != CALL_OK)
		return CALL_FAIL;
	if (!strcmp(row.status, "PENDING_3DS")) {
		if (db_exec(c->db, "UPDATE otps SET used = 2 WHERE id = ?", "s", row.otp_id) !=
			    SQLITE_DONE ||
		    decline(c, payment_id, "CANCELLED") != CALL_OK)
			return CALL_FAIL;
		if (!strcmp(row.kind, "BIND") &&
		    db_exec(c->db, "DELETE FROM processor_tokens WHERE token = ?", "s", row.card.token) !=
			    SQLITE_DONE)
			return call_internal(c, "drop token");
	}
	return payment_view(c, payment_id, c->out);
}

/* What became of a money call whose answer was lost: the answer stored for the key,
 * or, when no call used it, nothing, and the key is void from now on (a late call
 * with it is refused as IDEMPOTENCY_MISMATCH). Serialised with the calls themselves
 * by the write lock, so the answer is final. */
static int check_idempotency_key(struct call *c)
{
	const char *key = NULL;
	sqlite3_stmt *st;
	cJSON *answer = NULL;
	char method[64] = "";

	if (in_str(c, "idempotencyKey", true, 8, 64, &key) != CALL_OK)
		return CALL_FAIL;
	if (db_exec(c->db, "DELETE FROM idempotency WHERE profile_id = ? AND created_at <= ?", "ii",
		    c->profile_id, c->now - IDEMPOTENCY_TTL) != SQLITE_DONE)
		return call_internal(c, "idempotency expiry");
	st = call_query(c, "idempotency lookup",
			"SELECT method, response FROM idempotency "
			"WHERE profile_id = ? AND key = ? AND created_at > ?",
			"isi", c->profile_id, key, c->now - IDEMPOTENCY_TTL);
	if (!st)
		return CALL_FAIL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		copy_col(method, sizeof(method), st, 0);
		answer = cJSON_Parse((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (!method[0]) {
		if (db_exec(c->db, "INSERT INTO idempotency (profile_id, key, method, body_hash, "
				   "http_status, response, created_at) VALUES (?, ?, ?, 'void', 0, '{}', ?)",
			    "issi", c->profile_id, key, IDEMPOTENCY_VOID, c->now) != SQLITE_DONE)
			return call_internal(c, "idempotency void");
		snprintf(method, sizeof(method), "%s", IDEMPOTENCY_VOID);
	}
	if (!strcmp(method, IDEMPOTENCY_VOID)) {
		cJSON_Delete(answer);
		cJSON_AddStringToObject(c->out, "state", "VOID");
		return CALL_OK;
	}
	if (!answer)
		return call_internal(c, "idempotency answer");
	cJSON_AddStringToObject(c->out, "state", "USED");
	cJSON_AddStringToObject(c->out, "method", method);
	cJSON_AddItemToObject(c->out, "answer", answer);
	return CALL_OK;
}

const struct method payment_methods[] = {
	{ "getBoundCards", get_bound_cards, M_VIEW },
	{ "bindCard", bind_card, M_IDEMPOTENT },
	{ "unbindCard", unbind_card, M_WRITE },
	{ "createPayment", create_payment, M_IDEMPOTENT },
	{ "confirmPayment", confirm_payment, M_WRITE },
	{ "getPayment", get_payment, M_VIEW },
	{ "cancelPayment", cancel_payment, M_WRITE },
	{ "checkIdempotencyKey", check_idempotency_key, M_WRITE },
	{ NULL, NULL, 0 },
};
