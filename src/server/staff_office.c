/* The office's staff methods (/staff-api/, role office only): the companies made at
 * the office, newest first (staffGetCompanies), a company's profile made at the office
 * (staffCreateCompany), its accounts attached by number
 * (staffAttachCompanyAccount) and its one-time password (staffIssueCompanyPassword).
 * A company is a profile with an INN (schema migration 8), named by that INN in these
 * methods; its login is "org" and the INN. Every action is a row of the audit trail
 * (audit_office_action()), which the company reads with getAccessLog. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/inn.h"
#include "kabinet/server/audit.h"
#include "kabinet/server/auth.h"
#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/srv.h"
#include "kabinet/server/staff.h"

#define COMPANY_NAME_MAX 200
/* The one-time password's length and alphabet: no 0/O, 1/l/I to misread when handed
 * over on paper. */
#define ONE_TIME_LEN 12
static const char one_time_chars[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/* Records the office action `what` on the profile by the caller. */
static int audit(struct call *c, int64_t profile_id, const char *what)
{
	char login[80] = "", name[256] = "";
	sqlite3_stmt *st;
	if (call_row(c, &st, "staff lookup", "SELECT login, name FROM staff WHERE id = ?", "i",
		     c->staff_id) != CALL_OK)
		return CALL_FAIL;
	if (st) {
		snprintf(login, sizeof(login), "%s", db_text(st, 0));
		snprintf(name, sizeof(name), "%s", db_text(st, 1));
		sqlite3_reset(st);
	}
	if (audit_office_action(c->db, profile_id, login, name, what, c->method, c->now,
				c->remote_addr) != 0)
		return call_internal(c, "office audit");
	return CALL_OK;
}

/* The company's name trimmed of spaces into out: 1 to COMPANY_NAME_MAX characters, no
 * control characters (C0, DEL, C1). */
static int company_name(struct call *c, char *out, size_t size)
{
	const char *in, *end;
	size_t chars = 0;

	if (in_str(c, "name", true, 1, COMPANY_NAME_MAX * 2, &in) != CALL_OK)
		return CALL_FAIL;
	while (*in == ' ')
		in++;
	end = in + strlen(in);
	while (end > in && end[-1] == ' ')
		end--;
	for (const unsigned char *p = (const unsigned char *)in; p < (const unsigned char *)end;
	     p++) {
		if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return call_fail(c, APIERR_VALIDATION, "name",
					 "Название содержит управляющие символы",
					 "The name contains control characters");
		chars += (*p & 0xc0) != 0x80;
	}
	if (chars < 1 || chars > COMPANY_NAME_MAX || (size_t)(end - in) >= size)
		return call_fail(c, APIERR_VALIDATION, "name",
				 "Название: от 1 до 200 символов",
				 "The name must be 1 to 200 characters long");
	snprintf(out, size, "%.*s", (int)(end - in), in);
	return CALL_OK;
}

static int fail_inn(struct call *c)
{
	return call_fail(c, APIERR_VALIDATION, "inn",
			 "ИНН организации: 10 цифр с верной контрольной цифрой",
			 "A company's INN is 10 digits with a correct check digit");
}

/* One contact field (email or phone) by the subscribers' rules, normalised into out,
 * and free. */
static int contact(struct call *c, const char *field, enum auth_contact want, char *out,
		   size_t size)
{
	const char *in;
	if (in_str(c, field, true, 1, 254, &in) != CALL_OK)
		return CALL_FAIL;
	if (auth_parse_contact(in, out, size) != want)
		return want == AUTH_CONTACT_EMAIL
			       ? call_fail(c, APIERR_VALIDATION, field, "Укажите e-mail",
					   "Give an e-mail")
			       : call_fail(c, APIERR_VALIDATION, field,
					   "Укажите телефон (+7XXXXXXXXXX)",
					   "Give a phone (+7XXXXXXXXXX)");
	if (db_int(c->db, want == AUTH_CONTACT_EMAIL ? "SELECT 1 FROM profiles WHERE email = ?"
						     : "SELECT 1 FROM profiles WHERE phone = ?",
		   0, "s", out) == 1)
		return call_fail(c, APIERR_CONFLICT, field,
				 "Этот телефон или e-mail уже используется",
				 "This phone or e-mail is already in use");
	return CALL_OK;
}

/* The company named by the request's `company` (its INN): its profile id and login. */
static int find_company(struct call *c, int64_t *profile_id, char *login, size_t size)
{
	const char *inn;
	sqlite3_stmt *st;
	if (in_str(c, "company", true, 1, 16, &inn) != CALL_OK ||
	    call_row(c, &st, "company lookup", "SELECT id, login FROM profiles WHERE inn = ?", "s",
		     inn) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return call_fail(c, APIERR_NOT_FOUND, "company", "Нет компании с таким ИНН",
				 "No company has this INN");
	*profile_id = sqlite3_column_int64(st, 0);
	snprintf(login, size, "%s", db_text(st, 1));
	sqlite3_reset(st);
	return CALL_OK;
}

static int m_create_company(struct call *c)
{
	const char *inn;
	char name[COMPANY_NAME_MAX * 4 + 1], email[300], phone[32], login[32];
	int64_t id;

	if (company_name(c, name, sizeof(name)) != CALL_OK ||
	    in_str(c, "inn", true, 1, 16, &inn) != CALL_OK)
		return CALL_FAIL;
	if (!inn_valid(inn))
		return fail_inn(c);
	if (db_int(c->db, "SELECT 1 FROM profiles WHERE inn = ?", 0, "s", inn) == 1)
		return call_fail(c, APIERR_CONFLICT, "inn", "Компания с этим ИНН уже есть",
				 "A company with this INN already exists");
	if (contact(c, "email", AUTH_CONTACT_EMAIL, email, sizeof(email)) != CALL_OK ||
	    contact(c, "phone", AUTH_CONTACT_PHONE, phone, sizeof(phone)) != CALL_OK)
		return CALL_FAIL;
	snprintf(login, sizeof(login), "org%s", inn);
	if (db_int(c->db, "SELECT 1 FROM profiles WHERE login = ?", 0, "s", login) == 1)
		return call_fail(c, APIERR_CONFLICT, "inn", "Логин org и этот ИНН уже занят",
				 "The login org and this INN is taken");
	/* No usable password until one is issued: a hash of a random secret nobody has. */
	if (db_exec(c->db, "INSERT INTO profiles (login, pwhash, last_name, name, email, phone, "
			   "region, inn, must_change_password, created_at) "
			   "VALUES (?, ?, '', ?, ?, ?, '', ?, 1, ?)", "ssssssi", login,
		    auth_dummy_hash, name, email, phone, inn, c->now) != SQLITE_DONE)
		return call_internal(c, "company insert");
	id = sqlite3_last_insert_rowid(c->db);
	if (audit(c, id, "В офисе: создан профиль компании") != CALL_OK)
		return CALL_FAIL;
	out_str(c->out, "company", inn);
	out_str(c->out, "login", login);
	out_str(c->out, "name", name);
	return CALL_OK;
}

static int m_attach_company_account(struct call *c)
{
	const char *number;
	char login[80], what[96];
	int64_t profile_id, holder;
	sqlite3_stmt *st;

	if (find_company(c, &profile_id, login, sizeof(login)) != CALL_OK ||
	    in_str(c, "number", true, 1, 16, &number) != CALL_OK)
		return CALL_FAIL;
	if (!srv_all_digits(number, 12, 12))
		return call_fail(c, APIERR_VALIDATION, "number", "Номер счёта: 12 цифр",
				 "An account number is 12 digits");
	if (call_row(c, &st, "account lookup", "SELECT IFNULL(profile_id, 0) FROM accounts "
		     "WHERE number = ?", "s", number) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return call_fail(c, APIERR_NOT_FOUND, "number", "Нет счёта с таким номером",
				 "No account has this number");
	holder = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (holder && holder != profile_id)
		return call_fail(c, APIERR_CONFLICT, "number",
				 "Этот счёт уже привязан к другому профилю",
				 "This account is attached to another profile");
	if (!holder && db_exec(c->db, "UPDATE accounts SET profile_id = ?, attached_at = ? "
				      "WHERE number = ?", "iis", profile_id, c->now, number) !=
			       SQLITE_DONE)
		return call_internal(c, "account attach");
	snprintf(what, sizeof(what), "В офисе: привязан лицевой счёт %s", number);
	if (!holder && audit(c, profile_id, what) != CALL_OK)
		return CALL_FAIL;
	out_str(c->out, "company", cJSON_GetStringValue(cJSON_GetObjectItem(c->in, "company")));
	out_str(c->out, "number", number);
	out_str(c->out, "status", holder ? "ALREADY_ATTACHED" : "ATTACHED");
	return CALL_OK;
}

/* A random password by the subscribers' rules with a capital, a small letter and a
 * digit, from libsodium's randombytes. */
static void one_time_password(char *out)
{
	bool upper, lower, digit;
	do {
		upper = lower = digit = false;
		for (int i = 0; i < ONE_TIME_LEN; i++) {
			char ch = one_time_chars[randombytes_uniform(sizeof(one_time_chars) - 1)];
			upper |= ch >= 'A' && ch <= 'Z';
			lower |= ch >= 'a' && ch <= 'z';
			digit |= ch >= '0' && ch <= '9';
			out[i] = ch;
		}
		out[ONE_TIME_LEN] = '\0';
	} while (!upper || !lower || !digit || !auth_password_ok(out));
}

/* Not M_SECRETS: the password is new in every run, so its hashing cannot be done
 * ahead by a dry run; an office action is rare enough to hash under the lock. */
static int m_issue_company_password(struct call *c)
{
	char login[80], password[ONE_TIME_LEN + 1], pwhash[256];
	int64_t profile_id;
	int rc = CALL_OK;

	if (find_company(c, &profile_id, login, sizeof(login)) != CALL_OK)
		return CALL_FAIL;
	one_time_password(password);
	if (srv_password_hash(password, pwhash) != 0)
		rc = call_internal(c, "password hash");
	/* The new password voids the previous one, its pending first logins and one-time
	 * codes (a two-step login begun before must not end in a session), the sessions
	 * and the remembered devices. */
	else if (db_exec(c->db, "UPDATE profiles SET pwhash = ?, must_change_password = 1 "
				"WHERE id = ?", "si", pwhash, profile_id) != SQLITE_DONE ||
		 db_exec(c->db, "DELETE FROM first_logins WHERE profile_id = ?", "i", profile_id) !=
			 SQLITE_DONE ||
		 db_exec(c->db, "UPDATE otps SET used = 2 WHERE profile_id = ? AND used = 0", "i",
			 profile_id) != SQLITE_DONE ||
		 db_exec(c->db, "DELETE FROM sessions WHERE profile_id = ?", "i", profile_id) !=
			 SQLITE_DONE)
		rc = call_internal(c, "one-time password");
	else if (auth_revoke_all_devices(c, profile_id) != CALL_OK ||
		 audit(c, profile_id, "В офисе: выдан одноразовый пароль") != CALL_OK)
		rc = CALL_FAIL;
	if (rc == CALL_OK) {
		out_str(c->out, "login", login);
		out_str(c->out, "password", password);
	}
	sodium_memzero(password, sizeof(password));
	return rc;
}

/* The companies newest first, ?1 being 0 (call_page_by's key, unused): each with its
 * masked contacts, its accounts' numbers (space-separated) and what its password's
 * state is told from. */
#define COMPANIES_PAGE                                                                     \
	"SELECT p.id, p.inn, p.name, p.login, p.email, p.phone, "                          \
	"  (SELECT group_concat(number, ' ') FROM (SELECT number FROM accounts "          \
	"   WHERE profile_id = p.id ORDER BY number)), "                                   \
	"  p.must_change_password, p.pwhash "                                              \
	"FROM profiles p WHERE p.inn IS NOT NULL AND ?1 = 0 AND (?2 = 0 OR p.id < ?3) "    \
	"ORDER BY p.id DESC LIMIT ?4"

/* No password until one is issued (the hash of nobody's secret), then a one-time one
 * until the first login sets the company's own. */
static const char *password_state(sqlite3_stmt *st)
{
	const char *pwhash = db_text(st, 8);

	if (!sqlite3_column_int(st, 7))
		return "SET";
	return pwhash && !strcmp(pwhash, auth_dummy_hash) ? "NONE" : "ISSUED";
}

static void company_row(cJSON *o, sqlite3_stmt *st)
{
	char masked[96];
	const char *numbers = db_text(st, 6);
	cJSON *accounts;

	out_col_str(o, "company", st, 1);
	out_col_str(o, "name", st, 2);
	out_col_str(o, "login", st, 3);
	for (int col = 4; col <= 5; col++)
		out_str(o, col == 4 ? "email" : "phone",
			db_text(st, col) ? srv_mask_contact(db_text(st, col), masked, sizeof(masked))
					 : NULL);
	accounts = cJSON_AddArrayToObject(o, "accounts");
	while (numbers && *numbers) {
		size_t n = strcspn(numbers, " ");
		char number[16];
		snprintf(number, sizeof(number), "%.*s", (int)n, numbers);
		cJSON_AddItemToArray(accounts, cJSON_CreateString(number));
		numbers += n + (numbers[n] == ' ');
	}
	out_str(o, "password", password_state(st));
}

static int m_get_companies(struct call *c)
{
	int64_t first, last;

	return call_page_by(c, 0, cJSON_AddArrayToObject(c->out, "companies"), company_row, &first,
			    &last, "companies", COMPANIES_PAGE);
}

const struct method staff_office_methods[] = {
	{ "staffGetCompanies", m_get_companies, STAFF_ROLE_OFFICE },
	{ "staffCreateCompany", m_create_company, M_WRITE | STAFF_ROLE_OFFICE },
	{ "staffAttachCompanyAccount", m_attach_company_account, M_WRITE | STAFF_ROLE_OFFICE },
	{ "staffIssueCompanyPassword", m_issue_company_password, M_WRITE | STAFF_ROLE_OFFICE },
	{ NULL, NULL, 0 },
};
