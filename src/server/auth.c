/* Public methods: login, two-step codes, remember tokens, registration, password reset,
 * logout; and the rules and helpers that profile.c shares through auth.h. */
#include "kabinet/server/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/names.h"
#include "kabinet/regions.h"
#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/notify.h"
#include "kabinet/server/srv.h"

/* An unknown login still pays for one argon2id verification (same parameters as real
 * hashes), so that response times do not tell which logins exist. */
const char auth_dummy_hash[] =
	"$argon2id$v=19$m=65536,t=2,p=1$prTKhnu+tKVY57WqbPqECA$"
	"5LD+McVb5K3FsjIiuz5GDhQyFd/eBZKF+itPtv7hXcE";

static int fail_wrong_pair(struct call *c)
{
	return call_fail(c, APIERR_UNAUTHORIZED, NULL, "Неверный логин или пароль",
			 "Wrong login or password");
}

static int fail_otp_invalid(struct call *c)
{
	return call_fail(c, APIERR_VALIDATION, "otpId", "Код недействителен, запросите новый",
			 "The code is no longer valid, request a new one");
}

/* --- Contacts, names, passwords ---------------------------------------------------- */

bool auth_parse_phone(const char *in, char *out)
{
	char d[12];
	size_t n = 0;
	bool plus = *in == '+';

	for (const char *p = in + plus; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n == 11)
				return false;
			d[n++] = *p;
		} else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')') {
			return false;
		}
	}
	d[n] = '\0';
	if (plus ? n != 11 || d[0] != '7' : n == 11 ? d[0] != '7' && d[0] != '8' : n != 10)
		return false;
	snprintf(out, 13, "+7%s", d + (n == 11));
	return true;
}

static bool is_alnum(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static char lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* Deliberately plain: one @, a printable local part, a dotted host name. */
static bool parse_email(const char *in, char *out, size_t size)
{
	const char *at = strchr(in, '@'), *dom;
	size_t n = strlen(in), dn;

	if (!at || at == in || at - in > 64 || n > 254 || n >= size || strchr(at + 1, '@'))
		return false;
	dom = at + 1;
	dn = strlen(dom);
	if (dn < 3 || dom[0] == '.' || dom[dn - 1] == '.' || !strchr(dom, '.') || strstr(dom, ".."))
		return false;
	for (const char *p = in; p < at; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("()<>[]\\,;:\"", *p))
			return false;
	for (const char *p = dom; *p; p++)
		if (!is_alnum(*p) && *p != '-' && *p != '.')
			return false;
	for (size_t i = 0; i <= n; i++)
		out[i] = lower(in[i]);
	return true;
}

enum auth_contact auth_parse_contact(const char *in, char *out, size_t size)
{
	if (strchr(in, '@'))
		return parse_email(in, out, size) ? AUTH_CONTACT_EMAIL : AUTH_CONTACT_NONE;
	if (size >= 13 && auth_parse_phone(in, out))
		return AUTH_CONTACT_PHONE;
	return AUTH_CONTACT_NONE;
}

int auth_check_name(struct call *c, const char *field, const char *value)
{
	if (name_check(value) == NAME_OK)
		return CALL_OK;
	return call_fail(c, APIERR_VALIDATION, field,
			 "Допустимы только русские буквы (от 2 до 30) и один дефис внутри",
			 "Use Cyrillic letters only (2 to 30), with at most one inner hyphen");
}

int auth_check_region(struct call *c, const char *field, const char *value)
{
	if (regions_known(value))
		return CALL_OK;
	return call_fail(c, APIERR_VALIDATION, field, "Выберите регион из списка регионов России",
			 "Choose the region from the list of Russia's regions");
}

bool auth_password_ok(const char *password)
{
	size_t n = strlen(password);
	bool capital = false, digit_or_symbol = false;

	if (n < 8 || n > 20)
		return false;
	for (const char *p = password; *p; p++) {
		if (*p < 0x21 || *p > 0x7e)
			return false;
		if (*p >= 'A' && *p <= 'Z')
			capital = true;
		else if (*p < 'a' || *p > 'z')
			digit_or_symbol = true;
	}
	return capital && digit_or_symbol;
}

int auth_check_password(struct call *c, const char *field, const char *password)
{
	if (auth_password_ok(password))
		return CALL_OK;
	return call_fail(c, APIERR_VALIDATION, field,
			 "Пароль: от 8 до 20 латинских букв, цифр и символов, хотя бы одна "
			 "заглавная буква и хотя бы одна цифра или символ",
			 "The password must be 8 to 20 Latin letters, digits and symbols, with at "
			 "least one capital letter and at least one digit or symbol");
}

/* --- The failure lockout -------------------------------------------------------------- */

/* Locked while some run of AUTH_FAIL_MAX failures within the window ended less than a
 * window ago: the lock runs from the fifth failure, not from the first. */
int auth_check_lock(struct call *c, const char *key)
{
	int64_t ring[AUTH_FAIL_MAX], until = 0;
	size_t n = 0;
	sqlite3_stmt *st = call_query(c, "failure lookup",
				      "SELECT at FROM login_failures WHERE login_key = ? "
				      "AND at > ? ORDER BY at",
				      "si", key, c->now - 2 * AUTH_FAIL_WINDOW);
	if (!st)
		return CALL_FAIL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t t = sqlite3_column_int64(st, 0);
		ring[n++ % AUTH_FAIL_MAX] = t;
		/* ring[n % MAX] is now the failure AUTH_FAIL_MAX - 1 before this one. */
		if (n >= AUTH_FAIL_MAX && t - ring[n % AUTH_FAIL_MAX] < AUTH_FAIL_WINDOW &&
		    t + AUTH_FAIL_WINDOW > until)
			until = t + AUTH_FAIL_WINDOW;
	}
	sqlite3_reset(st);
	if (until <= c->now)
		return CALL_OK;
	c->retry_after = (int)(until - c->now);
	return call_fail(c, APIERR_RATE_LIMITED, NULL,
			 "Слишком много неудачных попыток, попробуйте позже",
			 "Too many failed attempts, please try again later");
}

void auth_record_failure(struct call *c, const char *key)
{
	db_exec(c->db, "DELETE FROM login_failures WHERE at <= ?", "i",
		c->now - 2 * AUTH_FAIL_WINDOW);
	db_exec(c->db, "INSERT INTO login_failures (login_key, at) VALUES (?, ?)", "si", key,
		c->now);
	c->keep_on_error = true;
}

void auth_clear_failures(struct call *c, const char *key)
{
	db_exec(c->db, "DELETE FROM login_failures WHERE login_key = ?", "s", key);
}

/* --- One-time codes ------------------------------------------------------------------- */

static void otp_text(const char *purpose, const char *code, char *buf, size_t size)
{
	const char *what = !strcmp(purpose, "LOGIN")	  ? "Код для входа в личный кабинет"
			   : !strcmp(purpose, "REGISTER") ? "Код для регистрации в личном кабинете"
			   : !strcmp(purpose, "RESET")	  ? "Код для восстановления пароля"
							  : "Код для подтверждения контакта";
	snprintf(buf, size, "%s: %s. Никому его не сообщайте.", what, code);
}

/* A fresh code for otp_id: its hash in hash, the code itself in code. When nothing is
 * sent (a reset for an unknown contact) the "code" is a random token that no 6-digit
 * input can ever match, so confirmation fails exactly like a wrong code. */
static void otp_new_code(const char *otp_id, bool send, char *code, char *hash)
{
	char key[96];
	if (send)
		srv_new_code(6, code);
	else
		srv_new_token(code);
	snprintf(key, sizeof(key), "%s:%s", otp_id, code);
	srv_token_hash(key, hash);
}

static int otp_send(struct call *c, const char *purpose, const char *channel,
		    const char *target, const char *code)
{
	char text[256];
	otp_text(purpose, code, text, sizeof(text));
	if (srv_outbox_send(c, channel, target, text, code) != 0)
		return call_internal(c, "outbox");
	return CALL_OK;
}

int auth_otp_create(struct call *c, const char *purpose, int64_t profile_id,
		    const char *channel, const char *target, const char *payload, bool send,
		    bool show_target)
{
	char id[32], code[48], hash[65], masked[300];

	if (db_int(c->db, "SELECT COUNT(*) FROM otps WHERE target = ? AND created_at > ?", 0, "si",
		   target, c->now - 3600) >= AUTH_OTP_PER_HOUR) {
		int64_t oldest = db_int(c->db, "SELECT MIN(created_at) FROM otps "
					       "WHERE target = ? AND created_at > ?", c->now, "si",
					target, c->now - 3600);
		c->retry_after = (int)(oldest + 3600 - c->now > 0 ? oldest + 3600 - c->now : 1);
		return call_fail(c, APIERR_RATE_LIMITED, NULL,
				 "Слишком много кодов на этот контакт, попробуйте позже",
				 "Too many codes for this contact, please try again later");
	}
	srv_new_id("otp_", id);
	otp_new_code(id, send, code, hash);
	if (db_exec(c->db, "INSERT INTO otps (id, purpose, profile_id, code_hash, channel, target, "
			   "payload, created_at, expires_at, resend_at) "
			   "VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?)", "ssissssiii",
		    id, purpose, profile_id, hash, channel, target, payload, c->now,
		    c->now + AUTH_OTP_TTL, c->now + AUTH_OTP_RESEND) != SQLITE_DONE)
		return call_internal(c, "otp insert");
	if (send && otp_send(c, purpose, channel, target, code) != CALL_OK)
		return CALL_FAIL;
	out_str(c->out, "otpId", id);
	if (show_target)
		out_str(c->out, "sentTo", srv_mask_contact(target, masked, sizeof(masked)));
	out_int(c->out, "resendAfter", AUTH_OTP_RESEND);
	return CALL_OK;
}

int auth_otp_create_json(struct call *c, const char *purpose, int64_t profile_id,
			 const char *channel, const char *target, cJSON *data)
{
	char *payload = cJSON_PrintUnformatted(data);
	int rc;

	cJSON_Delete(data);
	if (!payload)
		return call_internal(c, "payload");
	rc = auth_otp_create(c, purpose, profile_id, channel, target, payload, true, true);
	cJSON_free(payload);
	return rc;
}

static bool six_digits(const char *s)
{
	for (int i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[6] == '\0';
}

/* auth_otp_take, or with use false only the check: a right code stays live (a wrong
 * one counts against the same three attempts either way). */
static int otp_check(struct call *c, const char *purpose, bool mine, bool use,
		     int64_t *profile_id, char **payload)
{
	const char *otp_id, *code, *p;
	char key[96], hash[65], stored[65];
	int64_t attempts, pid;
	char *data = NULL;
	sqlite3_stmt *st;

	*payload = NULL;
	if (in_str(c, "otpId", true, 1, 64, &otp_id) != CALL_OK ||
	    in_str(c, "code", true, 1, 16, &code) != CALL_OK)
		return CALL_FAIL;
	if (call_row(c, &st, "otp lookup",
		     "SELECT code_hash, attempts, profile_id, payload FROM otps "
		     "WHERE id = ? AND purpose = ? AND used = 0 AND expires_at > ?",
		     "ssi", otp_id, purpose, c->now) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return fail_otp_invalid(c);
	snprintf(stored, sizeof(stored), "%s", db_text(st, 0));
	attempts = sqlite3_column_int64(st, 1);
	pid = sqlite3_column_int64(st, 2);	/* NULL reads as 0 */
	if ((p = db_text(st, 3)))
		data = strdup(p);
	sqlite3_reset(st);
	if (mine && pid != c->profile_id) {
		free(data);
		return fail_otp_invalid(c);
	}
	if (!six_digits(code)) {
		free(data);
		return call_fail(c, APIERR_VALIDATION, "code", "Код состоит из 6 цифр",
				 "The code is 6 digits");
	}
	snprintf(key, sizeof(key), "%s:%s", otp_id, code);
	srv_token_hash(key, hash);
	if (!srv_streq_ct(hash, stored)) {
		free(data);
		attempts++;
		if (db_exec(c->db, "UPDATE otps SET attempts = ?1, "
				   "used = CASE WHEN ?1 >= ?2 THEN 2 ELSE 0 END WHERE id = ?3",
			    "iis", attempts, (int64_t)AUTH_OTP_ATTEMPTS, otp_id) != SQLITE_DONE)
			return call_internal(c, "otp attempt");
		c->keep_on_error = true;
		if (attempts >= AUTH_OTP_ATTEMPTS)
			return call_fail(c, APIERR_VALIDATION, "code",
					 "Неверный код. Код больше недействителен, запросите новый",
					 "Wrong code. The code is no longer valid, request a new one");
		return call_failf(c, APIERR_VALIDATION, "code",
				  "Неверный код, осталось попыток: %d",
				  "Wrong code, attempts left: %d",
				  (int)(AUTH_OTP_ATTEMPTS - attempts));
	}
	if (use && db_exec(c->db, "UPDATE otps SET used = 1 WHERE id = ?", "s", otp_id) != SQLITE_DONE) {
		free(data);
		return call_internal(c, "otp use");
	}
	*profile_id = pid;
	*payload = data;
	return CALL_OK;
}

int auth_otp_take(struct call *c, const char *purpose, bool mine, int64_t *profile_id,
		  char **payload)
{
	return otp_check(c, purpose, mine, true, profile_id, payload);
}

/* --- Devices and sessions ------------------------------------------------------------- */

int auth_revoke_device(struct call *c, const char *device_id)
{
	if (db_exec(c->db, "UPDATE devices SET revoked = 1 WHERE id = ?", "s", device_id) !=
		    SQLITE_DONE ||
	    db_exec(c->db, "DELETE FROM remember_tokens WHERE device_id = ?", "s", device_id) !=
		    SQLITE_DONE ||
	    db_exec(c->db, "DELETE FROM sessions WHERE device_id = ?", "s", device_id) !=
		    SQLITE_DONE)
		return call_internal(c, "device revoke");
	return CALL_OK;
}

/* Sessions stay (the caller decides which go); they only lose their device. */
int auth_revoke_all_devices(struct call *c, int64_t profile_id)
{
	if (db_exec(c->db, "DELETE FROM remember_tokens WHERE device_id IN "
			   "(SELECT id FROM devices WHERE profile_id = ?)", "i", profile_id) !=
		    SQLITE_DONE ||
	    db_exec(c->db, "UPDATE devices SET revoked = 1 WHERE profile_id = ? AND revoked = 0",
		    "i", profile_id) != SQLITE_DONE ||
	    db_exec(c->db, "UPDATE sessions SET device_id = NULL WHERE profile_id = ?", "i",
		    profile_id) != SQLITE_DONE)
		return call_internal(c, "devices revoke");
	return CALL_OK;
}

/* "kabinet/0.1 (3f2a…)": the user agent (printable ASCII, cut) and the start of the
 * installation's client_uuid, for a client that does not name its device. */
static void device_name_from_agent(struct call *c, char *buf, size_t size)
{
	char ua[65];
	size_t n = 0;
	const char *u = c->user_agent && *c->user_agent ? c->user_agent : "unknown client";

	for (; *u && n < sizeof(ua) - 1; u++)
		ua[n++] = *u >= 0x20 && *u <= 0x7e ? *u : '?';
	ua[n] = '\0';
	if (c->client_uuid && *c->client_uuid)
		snprintf(buf, size, "%s (%.4s…)", ua, c->client_uuid);
	else
		snprintf(buf, size, "%s", ua);
}

/* Length of a character that must not reach a list of devices at s (C0, DEL, C1, the
 * bidi and line-separator marks, the invisible ones: zero-width, word joiner, BOM),
 * else 0. s is valid UTF-8 (in_str checked it). */
int auth_unsafe_char(const unsigned char *s)
{
	if (*s < 0x20 || *s == 0x7f)
		return 1;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	if (s[0] == 0xd8 && s[1] == 0x9c)	/* U+061C */
		return 2;
	if (s[0] == 0xe2 && s[1] == 0x80 && ((s[2] >= 0x8b && s[2] <= 0x8f) ||
					     (s[2] >= 0xa8 && s[2] <= 0xae)))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && (s[2] == 0xa0 || (s[2] >= 0xa6 && s[2] <= 0xa9)))
		return 3;
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)	/* U+FEFF */
		return 3;
	return 0;
}

/* The name the client gave (login's deviceName, at most AUTH_DEVICE_NAME_MAX
 * characters: size must hold 4 bytes each), each unsafe character a space; else the
 * one made from the user agent. */
static void device_name(struct call *c, const char *given, char *buf, size_t size)
{
	size_t n = 0;

	if (!given || !*given) {
		device_name_from_agent(c, buf, size);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)given; *p && n + 1 < size;) {
		int bad = auth_unsafe_char(p);
		if (bad) {
			buf[n++] = ' ';
			p += bad;
		} else {
			buf[n++] = (char)*p++;
		}
	}
	buf[n] = '\0';
}

static int new_device(struct call *c, int64_t profile_id, const char *given_name, char *id)
{
	char name[AUTH_DEVICE_NAME_MAX * 4 + 1];
	device_name(c, given_name, name, sizeof(name));
	srv_new_id("dev_", id);
	if (db_exec(c->db, "INSERT INTO devices (id, profile_id, client_uuid, user_agent, name, "
			   "created_at, last_used) VALUES (?, ?, ?, ?, ?, ?, ?)", "sisssii",
		    id, profile_id, c->client_uuid, c->user_agent, name, c->now, c->now) !=
	    SQLITE_DONE)
		return call_internal(c, "device insert");
	return CALL_OK;
}

/* A new token of the device: stored as its hash, the token itself into token (48). */
static int add_remember_token(struct call *c, const char *device_id, char *token)
{
	char hash[65];
	srv_new_token(token);
	srv_token_hash(token, hash);
	if (db_exec(c->db, "INSERT INTO remember_tokens (token_hash, device_id, created_at, "
			   "expires_at) VALUES (?, ?, ?, ?)", "ssii",
		    hash, device_id, c->now, c->now + srv_cfg.remember_ttl) != SQLITE_DONE)
		return call_internal(c, "token insert");
	return CALL_OK;
}

static int new_remember_token(struct call *c, const char *device_id)
{
	char token[48];
	if (add_remember_token(c, device_id, token) != CALL_OK)
		return CALL_FAIL;
	out_str(c->out, "rememberToken", token);
	sodium_memzero(token, sizeof(token));
	return CALL_OK;
}

/* The session row; the raw token and CSRF value go to the cookies only. */
static int open_session(struct call *c, int64_t profile_id, const char *device_id)
{
	char token[48], csrf[48], hash[65];
	srv_new_token(token);
	srv_new_token(csrf);
	srv_token_hash(token, hash);
	if (db_exec(c->db, "INSERT INTO sessions (token_hash, csrf, profile_id, device_id, "
			   "created_at, last_seen) VALUES (?, ?, ?, ?, ?, ?)", "ssisii",
		    hash, csrf, profile_id, device_id, c->now, c->now) != SQLITE_DONE)
		return call_internal(c, "session insert");
	snprintf(c->set_session, sizeof(c->set_session), "%s", token);
	snprintf(c->set_csrf, sizeof(c->set_csrf), "%s", csrf);
	return CALL_OK;
}

/* A login from a new device (notify_new_client()) is told to the profile as its
 * NEW_DEVICE_LOGIN setting says: the device as getDevices would name it, and when. */
static int new_device_notice(struct call *c, int64_t profile_id, bool remember,
			     const char *given_name)
{
	char name[AUTH_DEVICE_NAME_MAX * 4 + 1], at[24], text[600];
	int isnew = notify_new_client(c, profile_id, remember);

	if (isnew <= 0)
		return isnew == 0 ? CALL_OK : call_internal(c, "login clients");
	device_name(c, given_name, name, sizeof(name));
	srv_instant(c->now, at);
	snprintf(text, sizeof(text), "Вход в личный кабинет с нового устройства: %s, "
		 "%.2s.%.2s.%.4s %.5s UTC. Если это были не вы, смените пароль и отзовите "
		 "устройство в профиле.", name, at + 8, at + 5, at, at + 11);
	return notify_send(c, profile_id, NOTIFY_NEW_DEVICE_LOGIN, text) == 0
		       ? CALL_OK : call_internal(c, "new device notice");
}

/* The end of every successful login: {"status":"OK"} with a session, plus a new device
 * and its first remember token when asked, and the notice of a new device. */
static int finish_login(struct call *c, int64_t profile_id, bool remember,
			const char *device_name)
{
	char device[32];
	out_str(c->out, "status", "OK");
	if (remember && (new_device(c, profile_id, device_name, device) != CALL_OK ||
			 new_remember_token(c, device) != CALL_OK))
		return CALL_FAIL;
	if (new_device_notice(c, profile_id, remember, device_name) != CALL_OK)
		return CALL_FAIL;
	return open_session(c, profile_id, remember ? device : NULL);
}

int auth_finish_login(struct call *c, int64_t profile_id, bool remember,
		      const char *device_name)
{
	return finish_login(c, profile_id, remember, device_name);
}

/* What a two-step login keeps for confirmOtp: the remember flag and the device's
 * name. NULL when out of memory. */
static char *login_payload(bool remember, const char *device_name)
{
	cJSON *j = cJSON_CreateObject();
	char *text;
	cJSON_AddBoolToObject(j, "remember", remember);
	if (device_name && *device_name)
		cJSON_AddStringToObject(j, "deviceName", device_name);
	text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return text;
}

/* Reads login_payload()'s text back; name (size bytes) is "" when none was kept. */
static bool payload_login(const char *payload, char *name, size_t size)
{
	cJSON *j = payload ? cJSON_Parse(payload) : NULL;
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(j, "deviceName");
	bool v = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "remember"));
	snprintf(name, size, "%s", cJSON_IsString(n) && n->valuestring ? n->valuestring : "");
	cJSON_Delete(j);
	return v;
}

/* --- login ---------------------------------------------------------------------------- */

enum login_kind { LOGIN_NAME, LOGIN_EMAIL, LOGIN_PHONE, LOGIN_ACCOUNT };

/* What kind of identifier the login is, and its normal form (the lockout key). */
static enum login_kind login_key(const char *login, char *key, size_t size)
{
	if (srv_all_digits(login, 12, 12)) {
		snprintf(key, size, "%s", login);
		return LOGIN_ACCOUNT;
	}
	if (strchr(login, '@')) {
		snprintf(key, size, "%s", login);
		for (char *p = key; *p; p++)
			*p = lower(*p);
		return LOGIN_EMAIL;
	}
	if (auth_parse_phone(login, key))
		return LOGIN_PHONE;
	snprintf(key, size, "%s", login);
	for (char *p = key; *p; p++)
		*p = lower(*p);
	return LOGIN_NAME;
}

static sqlite3_stmt *find_profile(struct call *c, enum login_kind kind, const char *key)
{
	sqlite3_stmt *st;
	switch (kind) {
	case LOGIN_ACCOUNT:
		st = db_stmt(c->db, "SELECT p.id, p.pwhash, p.two_step, p.phone, p.email, "
				    "p.must_change_password "
				    "FROM accounts a JOIN profiles p ON p.id = a.profile_id "
				    "WHERE a.number = ?");
		break;
	case LOGIN_EMAIL:
		st = db_stmt(c->db, "SELECT id, pwhash, two_step, phone, email, "
				    "must_change_password FROM profiles WHERE email = ?");
		break;
	case LOGIN_PHONE:
		st = db_stmt(c->db, "SELECT id, pwhash, two_step, phone, email, "
				    "must_change_password FROM profiles WHERE phone = ?");
		break;
	default:
		st = db_stmt(c->db, "SELECT id, pwhash, two_step, phone, email, "
				    "must_change_password FROM profiles WHERE login = ?");
		break;
	}
	if (st)
		db_bind(st, "s", key);
	return st;
}

/* What follows a person proven to be the profile's owner (login's password, a social
 * link): a one-time password's change, the code of a two-step profile (by SMS, by
 * e-mail to a profile without a phone), else the session. */
int auth_login_verified(struct call *c, int64_t profile_id, bool remember, const char *device)
{
	char target[300] = "", *payload;
	int64_t two_step = 0, must_change = 0;
	sqlite3_stmt *st;
	int rc;

	if (call_row(c, &st, "profile lookup", "SELECT two_step, must_change_password, phone, "
		     "email FROM profiles WHERE id = ?", "i", profile_id) != CALL_OK)
		return CALL_FAIL;
	if (st) {
		two_step = sqlite3_column_int64(st, 0);
		must_change = sqlite3_column_int64(st, 1);
		snprintf(target, sizeof(target), "%s",
			 db_text(st, 2) ? db_text(st, 2) : db_text(st, 3) ? db_text(st, 3) : "");
		sqlite3_reset(st);
	}
	if (must_change)
		return auth_first_login(c, profile_id);
	if (!two_step || !target[0])
		return finish_login(c, profile_id, remember, device);
	out_str(c->out, "status", "OTP_REQUIRED");
	if (!(payload = login_payload(remember, device)))
		return call_internal(c, "payload");
	rc = auth_otp_create(c, "LOGIN", profile_id, strchr(target, '@') ? "email" : "sms",
			     target, payload, true, true);
	cJSON_free(payload);
	return rc;
}

static int m_login(struct call *c)
{
	const char *login, *passwd, *device = NULL;
	bool remember = false, ok;
	char key[300], pwhash[256] = "";
	int64_t profile_id = 0;
	enum login_kind kind;
	sqlite3_stmt *st;

	if (in_str(c, "login", true, 1, 254, &login) != CALL_OK ||
	    in_str(c, "passwd", true, 1, 256, &passwd) != CALL_OK ||
	    in_bool(c, "remember", false, &remember) != CALL_OK ||
	    in_str(c, "deviceName", false, 0, AUTH_DEVICE_NAME_MAX, &device) != CALL_OK)
		return CALL_FAIL;
	kind = login_key(login, key, sizeof(key));
	if (auth_check_lock(c, key) != CALL_OK)
		return CALL_FAIL;
	if (!(st = find_profile(c, kind, key)))
		return call_internal(c, "profile lookup");
	if (sqlite3_step(st) == SQLITE_ROW) {
		profile_id = sqlite3_column_int64(st, 0);
		snprintf(pwhash, sizeof(pwhash), "%s", db_text(st, 1));
	}
	sqlite3_reset(st);

	ok = call_password_verify(c, profile_id ? pwhash : auth_dummy_hash, passwd) && profile_id;
	if (!ok) {
		auth_record_failure(c, key);
		return fail_wrong_pair(c);
	}
	auth_clear_failures(c, key);
	return auth_login_verified(c, profile_id, remember, device);
}

static int m_confirm_otp(struct call *c)
{
	int64_t profile_id;
	char *payload, device[AUTH_DEVICE_NAME_MAX * 4 + 1];
	bool remember;

	if (auth_otp_take(c, "LOGIN", false, &profile_id, &payload) != CALL_OK)
		return CALL_FAIL;
	remember = payload_login(payload, device, sizeof(device));
	free(payload);
	return finish_login(c, profile_id, remember, device);
}

/* Resends are possible for half an hour after the first code; then the flow starts over. */
#define OTP_RESEND_SPAN 1800

static int m_resend_otp(struct call *c)
{
	const char *otp_id;
	char purpose[16], channel[8], target[300], code[48], hash[65];
	int64_t resend_at, profile_id;
	bool send;
	sqlite3_stmt *st;

	if (in_str(c, "otpId", true, 1, 64, &otp_id) != CALL_OK)
		return CALL_FAIL;
	if (call_row(c, &st, "otp lookup",
		     "SELECT purpose, profile_id, channel, target, resend_at FROM otps "
		     "WHERE id = ? AND used != 1 AND created_at > ?",
		     "si", otp_id, c->now - OTP_RESEND_SPAN) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return fail_otp_invalid(c);
	snprintf(purpose, sizeof(purpose), "%s", db_text(st, 0));
	profile_id = sqlite3_column_int64(st, 1);
	snprintf(channel, sizeof(channel), "%s", db_text(st, 2));
	snprintf(target, sizeof(target), "%s", db_text(st, 3));
	resend_at = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);

	if (c->now < resend_at) {
		c->retry_after = (int)(resend_at - c->now);
		return call_failf(c, APIERR_RATE_LIMITED, NULL,
				  "Новый код можно запросить через %d с",
				  "A new code can be requested in %d s", c->retry_after);
	}
	send = strcmp(purpose, "RESET") || profile_id;
	otp_new_code(otp_id, send, code, hash);
	if (db_exec(c->db, "UPDATE otps SET code_hash = ?, attempts = 0, used = 0, "
			   "expires_at = ?, resend_at = ? WHERE id = ?", "siis",
		    hash, c->now + AUTH_OTP_TTL, c->now + AUTH_OTP_RESEND, otp_id) != SQLITE_DONE)
		return call_internal(c, "otp resend");
	if (send && otp_send(c, purpose, channel, target, code) != CALL_OK)
		return CALL_FAIL;
	out_int(c->out, "resendAfter", AUTH_OTP_RESEND);
	return CALL_OK;
}

/* --- Remember tokens ------------------------------------------------------------------ */

static int fail_token(struct call *c)
{
	return call_fail(c, APIERR_UNAUTHORIZED, NULL,
			 "Вход с этого устройства больше недействителен, войдите снова",
			 "This device's login is no longer valid, please log in again");
}

/* A token's row and its device's. */
struct token_row {
	char device[32];
	char device_uuid[65];	/* the installation that made the device; "" unknown */
	char sealed[160];	/* the successor, sealed (see seal_successor); "" none */
	int64_t expires, rotated, rotated_at, revoked, profile_id;
};

/* 1 with the row of token, 0 when there is none, -1 when the lookup failed. */
static int find_token(struct call *c, const char *token, struct token_row *t)
{
	char hash[65];
	const char *v;
	sqlite3_stmt *st = db_stmt(c->db, "SELECT t.device_id, t.expires_at, t.rotated, "
					  "t.rotated_at, t.successor, d.revoked, d.profile_id, "
					  "d.client_uuid FROM remember_tokens t "
					  "JOIN devices d ON d.id = t.device_id WHERE t.token_hash = ?");
	if (!st)
		return -1;
	srv_token_hash(token, hash);
	db_bind(st, "s", hash);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return 0;
	}
	snprintf(t->device, sizeof(t->device), "%s", db_text(st, 0));
	t->expires = sqlite3_column_int64(st, 1);
	t->rotated = sqlite3_column_int64(st, 2);
	t->rotated_at = sqlite3_column_int64(st, 3);	/* NULL reads as 0 */
	snprintf(t->sealed, sizeof(t->sealed), "%s", (v = db_text(st, 4)) ? v : "");
	t->revoked = sqlite3_column_int64(st, 5);
	t->profile_id = sqlite3_column_int64(st, 6);
	snprintf(t->device_uuid, sizeof(t->device_uuid), "%s", (v = db_text(st, 7)) ? v : "");
	sqlite3_reset(st);
	return 1;
}

/* The key that seals a token's successor, derived from the token itself: only who
 * presents the old token can open it, and the database (which keeps hashes) cannot. */
static void successor_key(const char *token, unsigned char key[crypto_secretbox_KEYBYTES])
{
	static const char ctx[] = "kabinetd remember-token successor";
	crypto_generichash(key, crypto_secretbox_KEYBYTES, (const unsigned char *)token,
			   strlen(token), (const unsigned char *)ctx, sizeof(ctx) - 1);
}

/* next sealed under token, as URL-safe base64 of nonce and box, into out (160). */
static void seal_successor(const char *token, const char *next, char *out)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	unsigned char box[crypto_secretbox_NONCEBYTES + 48 + crypto_secretbox_MACBYTES];
	size_t n = strlen(next);

	successor_key(token, key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)next, n,
			      box, key);
	sodium_bin2base64(out, 160, box, crypto_secretbox_NONCEBYTES + n + crypto_secretbox_MACBYTES,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(key, sizeof(key));
}

/* Opens seal_successor()'s text with token into next (48); false when it does not open. */
static bool open_successor(const char *token, const char *sealed, char *next)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	/* At most 47 bytes of token, so that next keeps its NUL. */
	unsigned char box[crypto_secretbox_NONCEBYTES + 47 + crypto_secretbox_MACBYTES];
	size_t len = 0;
	bool ok;

	if (sodium_base642bin(box, sizeof(box), sealed, strlen(sealed), NULL, &len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len <= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return false;
	successor_key(token, key);
	ok = crypto_secretbox_open_easy((unsigned char *)next, box + crypto_secretbox_NONCEBYTES,
					len - crypto_secretbox_NONCEBYTES, box, key) == 0;
	sodium_memzero(key, sizeof(key));
	if (ok)
		next[len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES] = '\0';
	return ok && strlen(next) >= 32;
}

/* Successors are kept for the grace window only. */
static int wipe_old_successors(struct call *c)
{
	if (db_exec(c->db, "UPDATE remember_tokens SET successor = NULL "
			   "WHERE successor IS NOT NULL AND rotated_at <= ?", "i",
		    c->now - AUTH_REMEMBER_GRACE) != SQLITE_DONE)
		return call_internal(c, "successor wipe");
	return CALL_OK;
}

/* The device's current token, reached from a rotated one through the successors, each
 * link exchanged less than AUTH_REMEMBER_GRACE seconds ago; false when the chain
 * breaks (a link older than that, or one that does not open). */
static bool current_token(struct call *c, const char *token, const struct token_row *t,
			  char *live)
{
	struct token_row row = *t;
	char cur[48], next[48];
	bool ok = false;

	snprintf(cur, sizeof(cur), "%s", token);
	for (int i = 0; i < 16; i++) {
		if (!row.rotated) {
			snprintf(live, 48, "%s", cur);
			ok = true;
			break;
		}
		if (c->now - row.rotated_at >= AUTH_REMEMBER_GRACE || !row.sealed[0] ||
		    !open_successor(cur, row.sealed, next))
			break;
		snprintf(cur, sizeof(cur), "%s", next);
		if (find_token(c, cur, &row) != 1 || strcmp(row.device, t->device) ||
		    row.revoked || row.expires <= c->now)
			break;
	}
	sodium_memzero(cur, sizeof(cur));
	sodium_memzero(next, sizeof(next));
	return ok;
}

/* The answer of a good loginByToken: the device's token to keep, and a session. */
static int token_login_ok(struct call *c, const struct token_row *t, const char *token)
{
	if (db_exec(c->db, "UPDATE devices SET last_used = ? WHERE id = ?", "is", c->now,
		    t->device) != SQLITE_DONE)
		return call_internal(c, "device use");
	out_str(c->out, "status", "OK");
	out_str(c->out, "rememberToken", token);
	return open_session(c, t->profile_id, t->device);
}

/* The usual case: token is exchanged for a new one, which is kept sealed under it for
 * the grace window. */
static int rotate(struct call *c, const char *token, const struct token_row *t)
{
	char hash[65], next[48], sealed[160];
	int rc;

	if (add_remember_token(c, t->device, next) != CALL_OK)
		return CALL_FAIL;
	seal_successor(token, next, sealed);
	srv_token_hash(token, hash);
	if (db_exec(c->db, "UPDATE remember_tokens SET rotated = 1, rotated_at = ?, "
			   "successor = ? WHERE token_hash = ?", "iss", c->now, sealed, hash) !=
	    SQLITE_DONE)
		rc = call_internal(c, "token rotate");
	else
		rc = token_login_ok(c, t, next);
	sodium_memzero(next, sizeof(next));
	return rc;
}

/* A token that was already exchanged. Shortly after, from the installation that made
 * the device, it is another process of the same client that read the token before
 * the rotation was stored: it gets the device's current token and a session of its
 * own. Otherwise either the owner or a thief holds a copy; neither can be trusted,
 * so the whole family goes. */
static int replayed(struct call *c, const char *token, const struct token_row *t)
{
	char live[48];
	int rc;

	if (t->device_uuid[0] && c->client_uuid && !strcmp(t->device_uuid, c->client_uuid) &&
	    current_token(c, token, t, live)) {
		rc = token_login_ok(c, t, live);
		sodium_memzero(live, sizeof(live));
		return rc;
	}
	if (auth_revoke_device(c, t->device) != CALL_OK)
		return CALL_FAIL;
	c->keep_on_error = true;
	return fail_token(c);
}

static int m_login_by_token(struct call *c)
{
	const char *token;
	struct token_row t;
	int found;

	if (in_str(c, "rememberToken", true, 1, 64, &token) != CALL_OK)
		return CALL_FAIL;
	if ((found = find_token(c, token, &t)) < 0)
		return call_internal(c, "token lookup");
	if (!found || t.revoked || t.expires <= c->now)
		return fail_token(c);
	if (wipe_old_successors(c) != CALL_OK)
		return CALL_FAIL;
	return t.rotated ? replayed(c, token, &t) : rotate(c, token, &t);
}

/* --- checkSession, logout ------------------------------------------------------------- */

static int m_check_session(struct call *c)
{
	const char *token = c->session_cookie;
	char hash[65];
	bool lost = true;
	sqlite3_stmt *st;

	if (token && *token && strlen(token) <= 64) {
		srv_token_hash(token, hash);
		st = call_query(c, "session lookup",
				"SELECT created_at, last_seen FROM sessions WHERE token_hash = ?",
				"s", hash);
		if (!st)
			return CALL_FAIL;
		/* The same expiry as the dispatcher's check, without touching the row. */
		if (sqlite3_step(st) == SQLITE_ROW)
			lost = c->now - sqlite3_column_int64(st, 1) >= srv_cfg.session_idle ||
			       c->now - sqlite3_column_int64(st, 0) >= srv_cfg.session_max;
		sqlite3_reset(st);
	}
	out_bool(c->out, "isSessionLost", lost);
	return CALL_OK;
}

static int m_logout(struct call *c)
{
	if (db_exec(c->db, "DELETE FROM sessions WHERE id = ?", "i", c->session_id) !=
	    SQLITE_DONE)
		return call_internal(c, "logout");
	c->clear_session = true;
	out_str(c->out, "status", "OK");
	return CALL_OK;
}

/* --- Registration --------------------------------------------------------------------- */

static bool contact_taken(struct call *c, enum auth_contact kind, const char *contact)
{
	if (kind == AUTH_CONTACT_PHONE)
		return db_int(c->db, "SELECT 1 FROM profiles WHERE phone = ?", 0, "s", contact) == 1;
	return db_int(c->db, "SELECT 1 FROM profiles WHERE email = ?", 0, "s", contact) == 1;
}

static int fail_contact_taken(struct call *c, const char *field)
{
	return call_fail(c, APIERR_CONFLICT, field, "Этот телефон или e-mail уже используется",
			 "This phone or e-mail is already in use");
}

static int fail_contact_format(struct call *c, const char *field)
{
	return call_fail(c, APIERR_VALIDATION, field,
			 "Укажите телефон (+7XXXXXXXXXX) или e-mail",
			 "Give a phone (+7XXXXXXXXXX) or an e-mail");
}

static int m_register(struct call *c)
{
	const char *last, *name, *middle = "", *contact_in, *region, *password;
	char contact[300], pwhash[256];
	enum auth_contact kind;
	cJSON *data;

	if (in_str(c, "lastName", true, 1, 64, &last) != CALL_OK ||
	    auth_check_name(c, "lastName", last) != CALL_OK ||
	    in_str(c, "name", true, 1, 64, &name) != CALL_OK ||
	    auth_check_name(c, "name", name) != CALL_OK ||
	    in_str(c, "middleName", false, 0, 64, &middle) != CALL_OK ||
	    (*middle && auth_check_name(c, "middleName", middle) != CALL_OK) ||
	    in_str(c, "contact", true, 1, 254, &contact_in) != CALL_OK)
		return CALL_FAIL;
	kind = auth_parse_contact(contact_in, contact, sizeof(contact));
	if (kind == AUTH_CONTACT_NONE)
		return fail_contact_format(c, "contact");
	if (in_str(c, "region", true, 1, 64, &region) != CALL_OK ||
	    auth_check_region(c, "region", region) != CALL_OK ||
	    in_str(c, "password", true, 1, 256, &password) != CALL_OK ||
	    auth_check_password(c, "password", password) != CALL_OK)
		return CALL_FAIL;
	if (contact_taken(c, kind, contact))
		return fail_contact_taken(c, "contact");
	if (call_password_hash(c, password, pwhash) != 0)
		return call_internal(c, "password hash");

	/* Everything confirmRegistration needs; the password only as its hash. */
	data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "lastName", last);
	cJSON_AddStringToObject(data, "name", name);
	cJSON_AddStringToObject(data, "middleName", middle);
	cJSON_AddStringToObject(data, "contact", contact);
	cJSON_AddStringToObject(data, "region", region);
	cJSON_AddStringToObject(data, "pwhash", pwhash);
	out_str(c->out, "status", "OTP_REQUIRED");
	return auth_otp_create_json(c, "REGISTER", 0,
				    kind == AUTH_CONTACT_PHONE ? "sms" : "email", contact, data);
}

static const char *json_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

/* "user" and 6 random digits, unique among logins. */
static int new_login(struct call *c, char *login)
{
	char digits[8];
	for (int i = 0; i < 100; i++) {
		snprintf(login, 16, "user%s", srv_new_code(6, digits));
		if (db_int(c->db, "SELECT 1 FROM profiles WHERE login = ?", 0, "s", login) != 1)
			return CALL_OK;
	}
	return call_internal(c, "no free login");
}

/* Accounts nobody holds whose owner is this person: the same names and contact. */
static int attach_own_accounts(struct call *c, int64_t profile_id, const cJSON *data,
			       cJSON *ids)
{
	const cJSON *id;
	sqlite3_stmt *st = call_query(c, "account lookup",
				      "SELECT id FROM accounts WHERE profile_id IS NULL "
				      "AND owner_last = ? AND owner_name = ? "
				      "AND owner_middle = ? AND owner_contact = ? COLLATE NOCASE "
				      "ORDER BY number",
				      "ssss", json_str(data, "lastName"),
				      json_str(data, "name"), json_str(data, "middleName"),
				      json_str(data, "contact"));
	if (!st)
		return CALL_FAIL;
	while (sqlite3_step(st) == SQLITE_ROW)
		cJSON_AddItemToArray(ids, cJSON_CreateString(db_text(st, 0)));
	sqlite3_reset(st);
	cJSON_ArrayForEach(id, ids)
		if (db_exec(c->db, "UPDATE accounts SET profile_id = ?, relation = 'OWN', "
				   "attached_at = ? WHERE id = ?", "iis",
			    profile_id, c->now, id->valuestring) != SQLITE_DONE)
			return call_internal(c, "account attach");
	return CALL_OK;
}

static int m_confirm_registration(struct call *c)
{
	int64_t unused, profile_id;
	char *payload, login[16];
	cJSON *data, *ids;
	const char *contact;
	enum auth_contact kind;
	int rc = CALL_FAIL;

	if (auth_otp_take(c, "REGISTER", false, &unused, &payload) != CALL_OK)
		return CALL_FAIL;
	data = cJSON_Parse(payload ? payload : "");
	free(payload);
	if (!data)
		return call_internal(c, "registration payload");
	contact = json_str(data, "contact");
	kind = strchr(contact, '@') ? AUTH_CONTACT_EMAIL : AUTH_CONTACT_PHONE;
	ids = cJSON_CreateArray();
	if (contact_taken(c, kind, contact)) {
		/* Someone registered or took this contact since the code was sent. */
		fail_contact_taken(c, "contact");
		goto out;
	}
	if (new_login(c, login) != CALL_OK)
		goto out;
	if (db_exec(c->db, "INSERT INTO profiles (login, pwhash, last_name, name, middle_name, "
			   "email, phone, region, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "ssssssssi", login, json_str(data, "pwhash"), json_str(data, "lastName"),
		    json_str(data, "name"), json_str(data, "middleName"),
		    kind == AUTH_CONTACT_EMAIL ? contact : NULL,
		    kind == AUTH_CONTACT_PHONE ? contact : NULL, json_str(data, "region"),
		    c->now) != SQLITE_DONE) {
		call_internal(c, "profile insert");
		goto out;
	}
	profile_id = sqlite3_last_insert_rowid(c->db);
	/* The registering client is the profile's first: no notice of a new device. */
	if (attach_own_accounts(c, profile_id, data, ids) != CALL_OK ||
	    (notify_new_client(c, profile_id, false) < 0 &&
	     call_internal(c, "login clients") == CALL_FAIL) ||
	    open_session(c, profile_id, NULL) != CALL_OK)
		goto out;
	out_str(c->out, "status", "OK");
	out_str(c->out, "login", login);
	cJSON_AddItemToObject(c->out, "attachedAccounts", ids);
	ids = NULL;
	rc = CALL_OK;
out:
	cJSON_Delete(ids);
	cJSON_Delete(data);
	return rc;
}

/* --- Password reset ------------------------------------------------------------------- */

static int m_request_password_reset(struct call *c)
{
	const char *contact_in;
	char contact[300];
	enum auth_contact kind;
	int64_t profile_id;

	if (in_str(c, "contact", true, 1, 254, &contact_in) != CALL_OK)
		return CALL_FAIL;
	kind = auth_parse_contact(contact_in, contact, sizeof(contact));
	if (kind == AUTH_CONTACT_NONE)
		return fail_contact_format(c, "contact");
	if (kind == AUTH_CONTACT_PHONE)
		profile_id = db_int(c->db, "SELECT id FROM profiles WHERE phone = ?", 0, "s", contact);
	else
		profile_id = db_int(c->db, "SELECT id FROM profiles WHERE email = ?", 0, "s", contact);
	/* An unknown contact gets a code row too, sent nowhere: the answer is the same. */
	return auth_otp_create(c, "RESET", profile_id,
			       kind == AUTH_CONTACT_PHONE ? "sms" : "email", contact, NULL,
			       profile_id != 0, false);
}

/* The code of a reset checked before the new password is asked for; it stays live for
 * resetPassword. A code for a contact no profile has is wrong here too. */
static int m_check_reset_code(struct call *c)
{
	int64_t profile_id;
	char *payload;

	if (otp_check(c, "RESET", false, false, &profile_id, &payload) != CALL_OK)
		return CALL_FAIL;
	free(payload);
	if (!profile_id)	/* cannot match, see otp_new_code; kept as a guard */
		return fail_otp_invalid(c);
	out_str(c->out, "status", "OK");
	return CALL_OK;
}

static int m_reset_password(struct call *c)
{
	const char *password;
	char pwhash[256], key[32];
	int64_t profile_id;
	char *payload;

	if (in_str(c, "newPassword", true, 1, 256, &password) != CALL_OK ||
	    auth_check_password(c, "newPassword", password) != CALL_OK)
		return CALL_FAIL;
	/* Hashed before the code is taken: taking it writes, which the dry run cannot, and
	 * the dry run is where the hashing belongs (M_SECRETS). */
	if (call_password_hash(c, password, pwhash) != 0)
		return call_internal(c, "password hash");
	if (auth_otp_take(c, "RESET", false, &profile_id, &payload) != CALL_OK)
		return CALL_FAIL;
	free(payload);
	if (!profile_id)	/* cannot match, see otp_new_code; kept as a guard */
		return fail_otp_invalid(c);
	if (db_exec(c->db, "UPDATE profiles SET pwhash = ?, must_change_password = 0 WHERE id = ?",
		    "si", pwhash, profile_id) != SQLITE_DONE ||
	    db_exec(c->db, "DELETE FROM sessions WHERE profile_id = ?", "i", profile_id) !=
		    SQLITE_DONE)
		return call_internal(c, "password reset");
	if (auth_revoke_all_devices(c, profile_id) != CALL_OK)
		return CALL_FAIL;
	snprintf(key, sizeof(key), "pw:%lld", (long long)profile_id);
	auth_clear_failures(c, key);
	out_str(c->out, "status", "OK");
	return CALL_OK;
}

const struct method auth_methods[] = {
	{ "login", m_login, M_PUBLIC | M_WRITE | M_SECRETS },
	{ "confirmOtp", m_confirm_otp, M_PUBLIC | M_WRITE },
	{ "resendOtp", m_resend_otp, M_PUBLIC | M_WRITE },
	{ "loginByToken", m_login_by_token, M_PUBLIC | M_WRITE },
	{ "checkSession", m_check_session, M_PUBLIC },
	{ "register", m_register, M_PUBLIC | M_WRITE | M_SECRETS },
	{ "confirmRegistration", m_confirm_registration, M_PUBLIC | M_WRITE },
	{ "requestPasswordReset", m_request_password_reset, M_PUBLIC | M_WRITE },
	{ "checkResetCode", m_check_reset_code, M_PUBLIC | M_WRITE },
	{ "resetPassword", m_reset_password, M_PUBLIC | M_WRITE | M_SECRETS },
	{ "logout", m_logout, M_WRITE },
	{ NULL, NULL, 0 },
};
