/* Account methods: the list, balances, details, attaching and detaching. */
#include "kabinet/server/call.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/server/db.h"
#include "kabinet/server/ledger.h"
#include "kabinet/server/srv.h"

/* An attachId is good for half an hour after attachAccount. */
#define ATTACH_TTL (30 * 60)
/* Wrong service passwords that void one attachId. */
#define ATTACH_MAX_FAILURES 5
/* Wrong service passwords a profile may spend a day over all its attachIds: without
 * it, asking for a fresh attachId every fifth guess would defeat the limit above. */
#define ATTACH_DAY_FAILURES 20
#define ATTACH_DAY (24 * 3600)

static int not_found(struct call *c, const char *field)
{
	return call_fail(c, APIERR_NOT_FOUND, field, "Не найдено", "Not found");
}

/* The day number of the 1st of the month after `date` (YYYY-MM-DD). */
static int64_t next_month_first(const char *date)
{
	int y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 +
		(date[3] - '0');
	int m = (date[5] - '0') * 10 + (date[6] - '0');
	char first[16];

	if (++m > 12) {
		m = 1;
		y++;
	}
	snprintf(first, sizeof(first), "%04d-%02d-01", y % 10000, m % 100);
	return srv_parse_date(first);
}

/* A service of an account as attachAccount shows it: id, type, number, display_number
 * from column 1 on; getAccounts adds the status. */
static void attach_service_row(cJSON *s, sqlite3_stmt *st)
{
	out_col_str(s, "serviceId", st, 1);
	out_col_int(s, "type", st, 2);
	out_col_str(s, "number", st, 3);
	out_col_str(s, "displayNumber", st, 4);
}

static void service_row(cJSON *s, sqlite3_stmt *st)
{
	attach_service_row(s, st);
	out_col_str(s, "status", st, 5);
}

/* Two queries whatever the number of accounts: the accounts, then every service of
 * them in the same order, merged by walking both lists together. */
/* An account's row, with an empty list of services for get_accounts to fill. */
static void account_row(cJSON *acc, sqlite3_stmt *st)
{
	out_col_str(acc, "accountId", st, 0);
	out_col_str(acc, "number", st, 1);
	out_col_str(acc, "region", st, 2);
	out_col_str(acc, "address", st, 3);
	out_col_str(acc, "paymentSystem", st, 4);
	out_col_str(acc, "relation", st, 5);
	cJSON_AddArrayToObject(acc, "services");
}

static int get_accounts(struct call *c)
{
	cJSON *list = cJSON_AddArrayToObject(c->out, "accounts");

	if (call_rows(c, list, account_row, "accounts",
		      "SELECT id, number, region, address, payment_system, relation "
		      "FROM accounts WHERE profile_id = ? ORDER BY attached_at, number",
		      "i", c->profile_id) != CALL_OK)
		return CALL_FAIL;
	return call_children(c, list, "accountId", "services", service_row, "account services",
			     "SELECT s.account_id, s.id, s.type, s.number, s.display_number, "
			     "  s.status "
			     "FROM services s JOIN accounts a ON a.id = s.account_id "
			     "WHERE a.profile_id = ? "
			     "ORDER BY a.attached_at, a.number, s.type, s.number, s.id",
			     "i", c->profile_id);
}

/* The benchmark method: one indexed lookup that also authorizes, then the fee and
 * the promise (ADVANCE) or the oldest unpaid invoice (CREDIT). Nothing is allocated
 * but the response. */
static int get_account_balance(struct call *c)
{
	const char *id = NULL;
	sqlite3_stmt *st;
	int64_t balance, fee, promised, blocked, recommended;
	bool advance;
	char expires_on[11] = "";

	if (in_str(c, "accountId", true, 1, 64, &id) != CALL_OK)
		return CALL_FAIL;
	if (call_row(c, &st, "balance",
		     "SELECT a.balance, a.payment_system = 'ADVANCE', "
		     "  EXISTS (SELECT 1 FROM services s "
		     "          WHERE s.account_id = a.id AND s.status = 'BLOCKED') "
		     "FROM accounts a WHERE a.id = ? AND a.profile_id = ?",
		     "si", id, c->profile_id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return not_found(c, "accountId");
	balance = sqlite3_column_int64(st, 0);
	advance = sqlite3_column_int(st, 1) == 1;
	blocked = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);

	out_int(c->out, "balance", balance);
	if (advance) {
		fee = ledger_monthly_fee(c, id);
		promised = ledger_promised_active(c, id, expires_on);
		recommended = fee + promised - balance;
		out_int(c->out, "recommendedPayment", recommended > 0 ? recommended : 0);
		if (blocked) {
			out_int(c->out, "daysToLock", 0);
		} else if (promised > 0 && balance - promised < 0) {
			int64_t left = srv_parse_date(expires_on) - c->today_day;
			out_int(c->out, "daysToLock", left > 0 ? left : 0);
		} else if (balance - fee < 0) {
			out_int(c->out, "daysToLock", next_month_first(c->today) - c->today_day);
		} else {
			out_null(c->out, "daysToLock");
		}
	} else {
		promised = 0;
		out_int(c->out, "recommendedPayment", balance < 0 ? -balance : 0);
		st = balance < 0 ? db_stmt(c->db, "SELECT due_date FROM invoices "
						  "WHERE account_id = ? AND paid = 0 "
						  "ORDER BY due_date LIMIT 1")
				 : NULL;
		if (st) {
			db_bind(st, "s", id);
			if (sqlite3_step(st) == SQLITE_ROW) {
				int64_t left = srv_parse_date(db_text(st, 0)) - c->today_day;
				out_int(c->out, "daysToLock", left > 0 ? left : 0);
			} else {
				out_null(c->out, "daysToLock");
			}
			sqlite3_reset(st);
		} else {
			out_null(c->out, "daysToLock");
		}
	}
	if (promised > 0) {
		cJSON *p = cJSON_AddObjectToObject(c->out, "promisedPayment");
		char at[21];
		/* The promise lasts through its last day. */
		out_int(p, "amount", promised);
		out_str(p, "expiresAt", srv_instant(srv_parse_date(expires_on) * 86400, at));
	} else {
		out_null(c->out, "promisedPayment");
	}
	return CALL_OK;
}

/* Copies the first UTF-8 character of s (an initial) into buf of at least 5 bytes. */
static const char *initial(const char *s, char *buf)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	if (*p)
		n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : 4;
	for (size_t i = 1; i < n; i++)
		if (!p[i]) {
			n = i;
			break;
		}
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

static int get_account_info(struct call *c)
{
	const char *id = NULL, *last, *name, *middle;
	char owner[256], ini1[5], ini2[5];
	sqlite3_stmt *st;

	if (in_str(c, "accountId", true, 1, 64, &id) != CALL_OK ||
	    call_own_account(c, id) != CALL_OK)
		return CALL_FAIL;
	if (call_row(c, &st, "account info",
		     "SELECT owner_last, owner_name, owner_middle, address, contract_date, "
		     "invoice_email, number, region FROM accounts WHERE id = ?",
		     "s", id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return not_found(c, "accountId");
	last = db_text(st, 0);
	name = db_text(st, 1);
	middle = db_text(st, 2);
	/* «Иванова М. П.»: the last name in full, initials only; no middle name, no
	 * second initial. */
	initial(name ? name : "", ini1);
	initial(middle ? middle : "", ini2);
	if (ini1[0] && ini2[0])
		snprintf(owner, sizeof(owner), "%s %s. %s.", last, ini1, ini2);
	else if (ini1[0])
		snprintf(owner, sizeof(owner), "%s %s.", last, ini1);
	else
		snprintf(owner, sizeof(owner), "%s", last);
	out_str(c->out, "ownerName", owner);
	out_col_str(c->out, "address", st, 3);
	out_col_str(c->out, "contractDate", st, 4);
	out_col_str(c->out, "invoiceEmail", st, 5);
	out_col_str(c->out, "number", st, 6);
	out_col_str(c->out, "region", st, 7);
	sqlite3_reset(st);
	return CALL_OK;
}

/* A phone as its 10 national digits: "+7 922 123-45-22", "89221234522", "9221234522"
 * and the same with brackets all give "9221234522". False when it is no Russian
 * number. */
static bool phone_digits(const char *in, char *out10)
{
	char d[24];
	size_t n = 0;
	bool plus = false;

	for (const char *p = in; *p; p++) {
		if (*p == '+' && p == in)
			plus = true;
		else if (*p >= '0' && *p <= '9' && n < sizeof(d) - 1)
			d[n++] = *p;
		else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')')
			return false;
	}
	d[n] = '\0';
	if (plus && !(n == 11 && d[0] == '7'))
		return false;
	if (n == 11 && (d[0] == '7' || d[0] == '8'))
		memmove(d, d + 1, 11);
	else if (n != 10)
		return false;
	memcpy(out10, d, 11);
	return true;
}

/* Finds the account to attach: by number, by a phone number of one of its services,
 * or by a service login, always within the region the user named. */
static int attach_account(struct call *c)
{
	const char *region = NULL, *number = NULL, *phone = NULL, *login = NULL, *key;
	char d10[16], plus7[24], attach_id[32], account_id[64], acc_number[32], only[64] = "";
	int64_t holder, failures;
	sqlite3_stmt *st;
	int given;

	if (in_str(c, "region", true, 1, 100, &region) != CALL_OK ||
	    in_str(c, "number", false, 1, 32, &number) != CALL_OK ||
	    in_str(c, "phone", false, 1, 32, &phone) != CALL_OK ||
	    in_str(c, "serviceLogin", false, 1, 64, &login) != CALL_OK)
		return CALL_FAIL;
	given = (number != NULL) + (phone != NULL) + (login != NULL);
	if (given != 1)
		return call_fail(c, APIERR_VALIDATION, NULL,
				 "Укажите ровно одно: номер лицевого счёта, телефон или логин услуги",
				 "Give exactly one of: account number, phone or service login");
	if (number && !srv_all_digits(number, 12, 12))
		return call_fail(c, APIERR_VALIDATION, "number",
				 "Номер лицевого счёта — 12 цифр", "An account number is 12 digits");
	if (phone && !phone_digits(phone, d10))
		return call_fail(c, APIERR_VALIDATION, "phone",
				 "Телефон: +7 и 10 цифр", "A phone is +7 and 10 digits");

	failures = db_int(c->db, "SELECT COALESCE(SUM(failures), 0) FROM attach_attempts "
				 "WHERE profile_id = ? AND created_at > ?", 0, "ii",
			  c->profile_id, c->now - ATTACH_DAY);
	if (failures >= ATTACH_DAY_FAILURES) {
		int64_t oldest = db_int(c->db, "SELECT MIN(created_at) FROM attach_attempts "
					       "WHERE profile_id = ? AND created_at > ? AND failures > 0",
					c->now, "ii", c->profile_id, c->now - ATTACH_DAY);
		int64_t wait = oldest + ATTACH_DAY - c->now;
		c->retry_after = (int)(wait > 60 ? wait : 60);
		return call_fail(c, APIERR_RATE_LIMITED, NULL,
				 "Слишком много неверных паролей услуг, попробуйте завтра",
				 "Too many wrong service passwords, please try again tomorrow");
	}

	if (number) {
		key = "number";
		st = db_stmt(c->db, "SELECT id, profile_id, number, NULL FROM accounts "
				    "WHERE number = ? AND region = ?");
		if (st)
			db_bind(st, "ss", number, region);
	} else if (phone) {
		key = "phone";
		snprintf(plus7, sizeof(plus7), "+7%s", d10);
		st = db_stmt(c->db, "SELECT a.id, a.profile_id, a.number, s.id FROM services s "
				    "JOIN accounts a ON a.id = s.account_id "
				    "WHERE s.type IN (2, 16) AND s.number IN (?, ?) AND a.region = ? "
				    "ORDER BY s.id LIMIT 1");
		if (st)
			db_bind(st, "sss", d10, plus7, region);
	} else {
		key = "serviceLogin";
		st = db_stmt(c->db, "SELECT a.id, a.profile_id, a.number, s.id FROM services s "
				    "JOIN accounts a ON a.id = s.account_id "
				    "WHERE s.service_login = ? AND a.region = ?");
		if (st)
			db_bind(st, "ss", login, region);
	}
	if (!st)
		return call_internal(c, "attach lookup");
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return call_fail(c, APIERR_NOT_FOUND, key,
				 "Лицевой счёт не найден в этом регионе",
				 "No such account in this region");
	}
	snprintf(account_id, sizeof(account_id), "%s", db_text(st, 0));
	holder = sqlite3_column_int64(st, 1);
	snprintf(acc_number, sizeof(acc_number), "%s", db_text(st, 2));
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		snprintf(only, sizeof(only), "%s", db_text(st, 3));
	sqlite3_reset(st);
	if (holder == c->profile_id)
		return call_fail(c, APIERR_CONFLICT, NULL, "Этот лицевой счёт уже привязан к профилю",
				 "This account is already attached to your profile");

	srv_new_id("att", attach_id);
	if (db_exec(c->db, "INSERT INTO attach_attempts (id, profile_id, account_id, only_service, "
			   "created_at) VALUES (?, ?, ?, ?, ?)", "sissi", attach_id, c->profile_id,
		    account_id, only[0] ? only : NULL, c->now) != SQLITE_DONE)
		return call_internal(c, "attach attempt");

	out_str(c->out, "attachId", attach_id);
	out_str(c->out, "number", acc_number);
	return call_rows(c, cJSON_AddArrayToObject(c->out, "services"), attach_service_row,
			 "attach services",
			 "SELECT account_id, id, type, number, display_number FROM services "
			 "WHERE account_id = ?1 AND (?2 IS NULL OR id = ?2) "
			 "ORDER BY type, number, id",
			 "ss", account_id, only[0] ? only : NULL);
}

static int attach_failed(struct call *c, const char *attach_id, int64_t failures)
{
	/* The counter must survive the failed call. */
	c->keep_on_error = true;
	if (failures + 1 >= ATTACH_MAX_FAILURES) {
		if (db_exec(c->db, "UPDATE attach_attempts SET failures = failures + 1, voided = 1 "
				   "WHERE id = ?", "s", attach_id) != SQLITE_DONE)
			return call_internal(c, "attach void");
		return call_fail(c, APIERR_LIMIT_EXCEEDED, "servicePassword",
				 "Слишком много неверных паролей, начните привязку заново",
				 "Too many wrong passwords, please start attaching again");
	}
	if (db_exec(c->db, "UPDATE attach_attempts SET failures = failures + 1 WHERE id = ?", "s",
		    attach_id) != SQLITE_DONE)
		return call_internal(c, "attach failure");
	return call_fail(c, APIERR_VALIDATION, "servicePassword", "Неверный пароль услуги",
			 "Wrong service password");
}

/* Proves the right to the account with a service's own password from the contract;
 * an account held by another profile moves here without its autopay rules, which pay
 * with the other profile's cards. */
static int attach_account_confirm(struct call *c)
{
	const char *attach_id = NULL, *service_id = NULL, *password = NULL;
	char account_id[64], only[64] = "", pwhash[256] = "";
	int64_t failures, holder;
	sqlite3_stmt *st;
	bool offered = false, ok;

	if (in_str(c, "attachId", true, 1, 64, &attach_id) != CALL_OK ||
	    in_str(c, "serviceId", true, 1, 64, &service_id) != CALL_OK ||
	    in_str(c, "servicePassword", true, 1, 128, &password) != CALL_OK)
		return CALL_FAIL;
	if (call_row(c, &st, "attach attempt",
		     "SELECT account_id, only_service, failures FROM attach_attempts "
		     "WHERE id = ? AND profile_id = ? AND voided = 0 AND created_at > ?",
		     "sii", attach_id, c->profile_id, c->now - ATTACH_TTL) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return call_fail(c, APIERR_NOT_FOUND, "attachId",
				 "Привязка не найдена или устарела, начните заново",
				 "This attach request is unknown or expired, please start again");
	snprintf(account_id, sizeof(account_id), "%s", db_text(st, 0));
	if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		snprintf(only, sizeof(only), "%s", db_text(st, 1));
	failures = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);

	if (!only[0] || !strcmp(only, service_id)) {
		st = call_query(c, "attach service",
				"SELECT service_pwhash FROM services "
				"WHERE id = ? AND account_id = ?",
				"ss", service_id, account_id);
		if (!st)
			return CALL_FAIL;
		if (sqlite3_step(st) == SQLITE_ROW) {
			offered = true;
			if (db_text(st, 0))
				snprintf(pwhash, sizeof(pwhash), "%s", db_text(st, 0));
		}
		sqlite3_reset(st);
	}
	if (!offered)
		return call_fail(c, APIERR_VALIDATION, "serviceId",
				 "Выберите одну из предложенных услуг",
				 "Choose one of the offered services");
	ok = pwhash[0] && call_password_verify(c, pwhash, password);
	if (!ok)
		return attach_failed(c, attach_id, failures);

	holder = db_int(c->db, "SELECT profile_id FROM accounts WHERE id = ?", 0, "s", account_id);
	if (holder == c->profile_id)
		return call_fail(c, APIERR_CONFLICT, NULL, "Этот лицевой счёт уже привязан к профилю",
				 "This account is already attached to your profile");
	if (db_exec(c->db, "DELETE FROM autopay_rules WHERE account_id = ? AND profile_id <> ?", "si",
		    account_id, c->profile_id) != SQLITE_DONE ||
	    db_exec(c->db, "UPDATE accounts SET profile_id = ?1, attached_at = ?2, relation = "
			   "  CASE WHEN owner_last = p.last_name AND owner_name = p.name "
			   "  THEN 'OWN' ELSE 'RELATIVE' END "
			   "FROM (SELECT last_name, name FROM profiles WHERE id = ?1) AS p "
			   "WHERE accounts.id = ?3", "iis", c->profile_id, c->now, account_id) !=
		    SQLITE_DONE ||
	    db_exec(c->db, "UPDATE attach_attempts SET voided = 1 WHERE id = ?", "s", attach_id) !=
		    SQLITE_DONE)
		return call_internal(c, "attach");
	out_str(c->out, "accountId", account_id);
	out_bool(c->out, "reattached", holder != 0);
	return CALL_OK;
}

static int detach_account(struct call *c)
{
	const char *id = NULL;

	if (in_str(c, "accountId", true, 1, 64, &id) != CALL_OK ||
	    call_own_account(c, id) != CALL_OK)
		return CALL_FAIL;
	if (db_exec(c->db, "DELETE FROM autopay_rules WHERE account_id = ?", "s", id) != SQLITE_DONE ||
	    db_exec(c->db, "UPDATE accounts SET profile_id = NULL, relation = 'OWN', "
			   "attached_at = NULL WHERE id = ?", "s", id) != SQLITE_DONE)
		return call_internal(c, "detach");
	out_str(c->out, "status", "OK");
	return CALL_OK;
}

const struct method account_methods[] = {
	{ "getAccounts", get_accounts, M_VIEW },
	{ "getAccountBalanceV2", get_account_balance, M_VIEW },
	{ "getAccountInfo", get_account_info, M_VIEW },
	{ "attachAccount", attach_account, M_WRITE },
	{ "attachAccountConfirm", attach_account_confirm, M_WRITE | M_SECRETS },
	{ "detachAccount", detach_account, M_WRITE },
	{ NULL, NULL, 0 },
};
