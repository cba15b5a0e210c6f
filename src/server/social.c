/* Social login and links: getSocialProviders, startDeviceLogin and pollDeviceLogin
 * (public), getSocialLinks, startSocialLink, pollSocialLink and unlinkSocial (a
 * subscriber's session). A start makes a device flow (device code stored hashed, a
 * user code for the approval page); the page (device_page.c) sets its result; a poll
 * reads it once for good. An approved login goes on as login does after the password
 * (auth_login_verified). Links made and removed and logins through a link send a
 * notice, always. */
#include "kabinet/server/social.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/server/auth.h"
#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/oidc.h"
#include "kabinet/server/srv.h"

/* The user code's alphabet: consonants only, no look-alikes of digits. */
static const char code_alphabet[] = "BCDFGHJKLMNPQRSTVWXZ";

bool social_code_norm(const char *typed, char *out)
{
	size_t n = 0;
	for (const char *p = typed; *p; p++) {
		char ch = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
		if (ch == '-' || ch == ' ')
			continue;
		if (n == SOCIAL_CODE_LEN || !strchr(code_alphabet, ch) || !ch)
			return false;
		out[n++] = ch;
	}
	out[n] = '\0';
	return n == SOCIAL_CODE_LEN;
}

/* The first letter of a UTF-8 name and a dot: "П.". */
static void initial(const char *name, char *buf, size_t size)
{
	size_t n = 1;
	if (!name || !*name) {
		buf[0] = '\0';
		return;
	}
	while (n < 4 && ((unsigned char)name[n] & 0xc0) == 0x80)
		n++;
	snprintf(buf, size, " %.*s.", (int)n, name);
}

void social_profile_name(struct call *c, int64_t profile_id, char *buf, size_t size)
{
	sqlite3_stmt *st;
	char i1[8], i2[8];
	buf[0] = '\0';
	if (call_row(c, &st, "profile name", "SELECT last_name, name, middle_name FROM profiles "
		     "WHERE id = ?", "i", profile_id) != CALL_OK || !st)
		return;
	initial(db_text(st, 1), i1, sizeof(i1));
	initial(db_text(st, 2), i2, sizeof(i2));
	snprintf(buf, size, "%s%s%s", db_text(st, 0), i1, i2);
	sqlite3_reset(st);
}

int social_notice(struct call *c, int64_t profile_id, const char *text)
{
	sqlite3_stmt *st;
	int rc = 0;
	if (call_row(c, &st, "notice contact", "SELECT email, phone FROM profiles WHERE id = ?",
		     "i", profile_id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return CALL_OK;
	if (db_text(st, 0))
		rc = srv_outbox_send(c, "email", db_text(st, 0), text, NULL);
	else if (db_text(st, 1))
		rc = srv_outbox_send(c, "sms", db_text(st, 1), text, NULL);
	sqlite3_reset(st);
	return rc == 0 ? CALL_OK : call_internal(c, "outbox");
}

int social_attempts(struct call *c, const char *kind, const char *addr, int *retry)
{
	int64_t since = c->now - SOCIAL_WINDOW;
	int64_t n = db_int(c->db, "SELECT COUNT(*) FROM social_attempts WHERE kind = ? AND "
			   "addr = ? AND at > ?", 0, "ssi", kind, addr, since);
	int64_t oldest = db_int(c->db, "SELECT MIN(at) FROM social_attempts WHERE kind = ? AND "
				"addr = ? AND at > ?", c->now, "ssi", kind, addr, since);
	*retry = (int)(oldest + SOCIAL_WINDOW - c->now > 0 ? oldest + SOCIAL_WINDOW - c->now : 1);
	return (int)n;
}

int social_attempt_add(struct call *c, const char *kind, const char *addr)
{
	if (db_exec(c->db, "DELETE FROM social_attempts WHERE at <= ?", "i",
		    c->now - SOCIAL_WINDOW) != SQLITE_DONE ||
	    db_exec(c->db, "INSERT INTO social_attempts (kind, addr, at) VALUES (?, ?, ?)", "ssi",
		    kind, addr, c->now) != SQLITE_DONE)
		return call_internal(c, "social attempt");
	return CALL_OK;
}

/* --- reading the requests ------------------------------------------------------------- */

static int fail_provider(struct call *c)
{
	return call_fail(c, APIERR_VALIDATION, "provider", "Неизвестный способ входа",
			 "Unknown provider");
}

static int in_provider(struct call *c, const struct oidc_provider **p)
{
	const char *id;
	if (in_str(c, "provider", true, 1, 64, &id) != CALL_OK)
		return CALL_FAIL;
	if (!(*p = oidc_find(id)))
		return fail_provider(c);
	return CALL_OK;
}

/* deviceName: at most 64 characters, none of them unsafe in a list of devices
 * (auth_unsafe_char: controls, C1, bidi and invisible marks). */
static int in_device_name(struct call *c, const char **name)
{
	if (in_str(c, "deviceName", false, 0, AUTH_DEVICE_NAME_MAX, name) != CALL_OK)
		return CALL_FAIL;
	for (const unsigned char *s = (const unsigned char *)(*name ? *name : ""); *s; s++)
		if (auth_unsafe_char(s))
			return call_fail(c, APIERR_VALIDATION, "deviceName",
					 "Имя устройства содержит управляющие или невидимые символы",
					 "The device name contains control or invisible characters");
	return CALL_OK;
}

/* --- starting a flow ------------------------------------------------------------------- */

static void new_user_code(char *out)
{
	for (int i = 0; i < SOCIAL_CODE_LEN; i++)
		out[i] = code_alphabet[randombytes_uniform(sizeof(code_alphabet) - 1)];
	out[SOCIAL_CODE_LEN] = '\0';
}

static int check_start_limit(struct call *c)
{
	int retry;
	const char *addr = c->remote_addr ? c->remote_addr : "";
	if (social_attempts(c, "start", addr, &retry) >= SOCIAL_STARTS_MAX) {
		c->retry_after = retry;
		return call_failf(c, APIERR_RATE_LIMITED, NULL,
				  "Слишком много попыток входа, повторите через %d с",
				  "Too many attempts, retry in %d s", retry);
	}
	return social_attempt_add(c, "start", addr);
}

static void out_flow(struct call *c, const char *device_code, const char *user_code)
{
	char shown[SOCIAL_CODE_LEN + 2], uri[600], full[700];
	snprintf(shown, sizeof(shown), "%.4s-%.4s", user_code, user_code + 4);
	snprintf(uri, sizeof(uri), "%s/device", srv_cfg.public_url ? srv_cfg.public_url : "");
	snprintf(full, sizeof(full), "%s?code=%s", uri, shown);
	out_str(c->out, "deviceCode", device_code);
	out_str(c->out, "userCode", shown);
	out_str(c->out, "verificationUri", uri);
	out_str(c->out, "verificationUriComplete", full);
	out_int(c->out, "expiresIn", SOCIAL_FLOW_TTL);
	out_int(c->out, "interval", SOCIAL_INTERVAL);
}

/* A new flow of purpose for the provider; profile_id 0 for a login. */
static int start_flow(struct call *c, const struct oidc_provider *p, const char *purpose,
		      int64_t profile_id, const char *device_name)
{
	char device_code[48], hash[65], user_code[SOCIAL_CODE_LEN + 1];
	int rc = CALL_OK;

	if (check_start_limit(c) != CALL_OK)
		return CALL_FAIL;
	db_exec(c->db, "DELETE FROM device_flows WHERE expires_at < ?", "i", c->now - 86400);
	srv_new_token(device_code);
	srv_token_hash(device_code, hash);
	new_user_code(user_code);
	if (db_exec(c->db, "INSERT INTO device_flows (device_hash, user_code, provider, purpose, "
		    "profile_id, device_name, created_at, expires_at, interval) "
		    "VALUES (?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?)", "ssss" "isiii", hash, user_code,
		    oidc_id(p), purpose, profile_id, device_name, c->now,
		    c->now + SOCIAL_FLOW_TTL, (int64_t)SOCIAL_INTERVAL) != SQLITE_DONE)
		rc = call_internal(c, "device flow insert");
	else
		out_flow(c, device_code, user_code);
	sodium_memzero(device_code, sizeof(device_code));
	return rc;
}

/* --- polling ------------------------------------------------------------------------- */

struct flow {
	int64_t id, profile_id, expires_at, interval, last_poll;
	char provider[OIDC_ID_MAX + 1], result[24], device_name[AUTH_DEVICE_NAME_MAX * 4 + 1];
	bool pending;
};

static int fail_device_code(struct call *c)
{
	return call_fail(c, APIERR_VALIDATION, "deviceCode", "Код устройства неизвестен или уже "
			 "использован", "The device code is unknown or already used");
}

/* The live flow of the request's deviceCode, of purpose (and of the caller's profile
 * for a link); VALIDATION deviceCode when none. */
static int find_flow(struct call *c, const char *purpose, struct flow *f)
{
	const char *code;
	char hash[65];
	sqlite3_stmt *st;

	if (in_str(c, "deviceCode", true, 1, 64, &code) != CALL_OK)
		return CALL_FAIL;
	srv_token_hash(code, hash);
	if (call_row(c, &st, "device flow", "SELECT id, profile_id, expires_at, interval, "
		     "last_poll, provider, result, device_name FROM device_flows WHERE "
		     "device_hash = ? AND purpose = ? AND spent = 0", "ss", hash, purpose) !=
	    CALL_OK)
		return CALL_FAIL;
	if (!st)
		return fail_device_code(c);
	f->id = sqlite3_column_int64(st, 0);
	f->profile_id = sqlite3_column_int64(st, 1);
	f->expires_at = sqlite3_column_int64(st, 2);
	f->interval = sqlite3_column_int64(st, 3);
	f->last_poll = sqlite3_column_int64(st, 4);
	snprintf(f->provider, sizeof(f->provider), "%s", db_text(st, 5));
	f->pending = !db_text(st, 6);
	snprintf(f->result, sizeof(f->result), "%s", db_text(st, 6) ? db_text(st, 6) : "");
	snprintf(f->device_name, sizeof(f->device_name), "%s",
		 db_text(st, 7) ? db_text(st, 7) : "");
	sqlite3_reset(st);
	if (!strcmp(purpose, "LINK") && f->profile_id != c->profile_id)
		return fail_device_code(c);
	return CALL_OK;
}

/* The answers of a flow with no result yet: EXPIRED_TOKEN, SLOW_DOWN when polled
 * sooner than its interval (which grows by 5 s), else AUTHORIZATION_PENDING. */
static int answer_pending(struct call *c, struct flow *f)
{
	if (c->now >= f->expires_at) {
		out_str(c->out, "status", "EXPIRED_TOKEN");
		return CALL_OK;
	}
	if (f->last_poll && c->now - f->last_poll < f->interval) {
		f->interval += 5;
		out_str(c->out, "status", "SLOW_DOWN");
		out_int(c->out, "interval", f->interval);
	} else {
		out_str(c->out, "status", "AUTHORIZATION_PENDING");
	}
	if (db_exec(c->db, "UPDATE device_flows SET last_poll = ?, interval = ? WHERE id = ?",
		    "iii", c->now, f->interval, f->id) != SQLITE_DONE)
		return call_internal(c, "device flow poll");
	return CALL_OK;
}

static int spend(struct call *c, const struct flow *f)
{
	if (db_exec(c->db, "UPDATE device_flows SET spent = 1, verifier = NULL, nonce = NULL, "
		    "state_hash = NULL WHERE id = ?", "i", f->id) != SQLITE_DONE)
		return call_internal(c, "device flow spend");
	return CALL_OK;
}

static int answer_denied(struct call *c, const struct flow *f)
{
	out_str(c->out, "status", "ACCESS_DENIED");
	out_str(c->out, "reason", f->result);
	return spend(c, f);
}

static int login_notice(struct call *c, const struct flow *f)
{
	const struct oidc_provider *p = oidc_find(f->provider);
	char text[600];
	snprintf(text, sizeof(text), "Выполнен вход в личный кабинет через %s%s%s%s. Если это "
		 "были не вы, смените пароль и отвяжите %s в профиле.",
		 p ? oidc_name(p, false) : f->provider, f->device_name[0] ? " (устройство «" : "",
		 f->device_name, f->device_name[0] ? "»)" : "",
		 p ? oidc_name(p, false) : f->provider);
	return social_notice(c, f->profile_id, text);
}

/* --- the methods ------------------------------------------------------------------------ */

static int m_get_social_providers(struct call *c)
{
	cJSON *list = cJSON_AddArrayToObject(c->out, "providers");
	for (int i = 0; i < oidc_count(); i++) {
		cJSON *o = cJSON_CreateObject();
		out_str(o, "id", oidc_id(oidc_at(i)));
		out_str(o, "name", oidc_name(oidc_at(i), c->en));
		cJSON_AddItemToArray(list, o);
	}
	return CALL_OK;
}

static int m_start_device_login(struct call *c)
{
	const struct oidc_provider *p;
	const char *name = NULL;
	if (in_provider(c, &p) != CALL_OK || in_device_name(c, &name) != CALL_OK)
		return CALL_FAIL;
	return start_flow(c, p, "LOGIN", 0, name);
}

static int m_poll_device_login(struct call *c)
{
	struct flow f;
	const char *name = NULL;
	bool remember = false;

	if (in_bool(c, "remember", false, &remember) != CALL_OK ||
	    in_device_name(c, &name) != CALL_OK || find_flow(c, "LOGIN", &f) != CALL_OK)
		return CALL_FAIL;
	if (f.pending)
		return answer_pending(c, &f);
	if (strcmp(f.result, "APPROVED"))
		return answer_denied(c, &f);
	/* An approval not collected in time logs no one in. */
	if (c->now >= f.expires_at) {
		out_str(c->out, "status", "EXPIRED_TOKEN");
		return spend(c, &f);
	}
	if (spend(c, &f) != CALL_OK || login_notice(c, &f) != CALL_OK)
		return CALL_FAIL;
	return auth_login_verified(c, f.profile_id, remember,
				   name && *name ? name : f.device_name);
}

/* One row of getSocialLinks for provider p. */
static int link_row(struct call *c, const struct oidc_provider *p, cJSON *o)
{
	sqlite3_stmt *st;
	char at[21];
	out_str(o, "provider", oidc_id(p));
	out_str(o, "name", oidc_name(p, c->en));
	if (call_row(c, &st, "social link", "SELECT display_name, linked_at FROM social_links "
		     "WHERE profile_id = ? AND provider = ?", "is", c->profile_id, oidc_id(p)) !=
	    CALL_OK)
		return CALL_FAIL;
	out_bool(o, "linked", st != NULL);
	out_str(o, "displayName", st ? db_text(st, 0) : NULL);
	out_str(o, "linkedAt", st ? srv_instant(sqlite3_column_int64(st, 1), at) : NULL);
	if (st)
		sqlite3_reset(st);
	return CALL_OK;
}

static int m_get_social_links(struct call *c)
{
	cJSON *list = cJSON_AddArrayToObject(c->out, "links");
	for (int i = 0; i < oidc_count(); i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToArray(list, o);
		if (link_row(c, oidc_at(i), o) != CALL_OK)
			return CALL_FAIL;
	}
	return CALL_OK;
}

static bool linked(struct call *c, const struct oidc_provider *p)
{
	return db_int(c->db, "SELECT COUNT(*) FROM social_links WHERE profile_id = ? AND "
		      "provider = ?", 0, "is", c->profile_id, oidc_id(p)) > 0;
}

static int m_start_social_link(struct call *c)
{
	const struct oidc_provider *p;
	if (in_provider(c, &p) != CALL_OK)
		return CALL_FAIL;
	if (linked(c, p))
		return call_fail(c, APIERR_CONFLICT, "provider", "Этот способ входа уже привязан",
				 "This provider is already linked");
	return start_flow(c, p, "LINK", c->profile_id, NULL);
}

static int m_poll_social_link(struct call *c)
{
	struct flow f;
	cJSON *link;

	if (find_flow(c, "LINK", &f) != CALL_OK)
		return CALL_FAIL;
	if (f.pending)
		return answer_pending(c, &f);
	if (strcmp(f.result, "LINKED"))
		return answer_denied(c, &f);
	out_str(c->out, "status", "OK");
	link = cJSON_AddObjectToObject(c->out, "link");
	if (!oidc_find(f.provider))
		return fail_device_code(c);
	if (link_row(c, oidc_find(f.provider), link) != CALL_OK)
		return CALL_FAIL;
	return spend(c, &f);
}

static int m_unlink_social(struct call *c)
{
	const struct oidc_provider *p;
	char text[400];
	if (in_provider(c, &p) != CALL_OK)
		return CALL_FAIL;
	if (!linked(c, p))
		return call_fail(c, APIERR_CONFLICT, "provider", "Этот способ входа не привязан",
				 "This provider is not linked");
	if (db_exec(c->db, "DELETE FROM social_links WHERE profile_id = ? AND provider = ?", "is",
		    c->profile_id, oidc_id(p)) != SQLITE_DONE)
		return call_internal(c, "social unlink");
	snprintf(text, sizeof(text), "%s отвязан от вашего личного кабинета: входить через него "
		 "больше нельзя. Если это были не вы, смените пароль.", oidc_name(p, false));
	out_str(c->out, "status", "OK");
	return social_notice(c, c->profile_id, text);
}

const struct method social_methods[] = {
	{ "getSocialProviders", m_get_social_providers, M_PUBLIC },
	{ "startDeviceLogin", m_start_device_login, M_PUBLIC | M_WRITE },
	{ "pollDeviceLogin", m_poll_device_login, M_PUBLIC | M_WRITE },
	{ "getSocialLinks", m_get_social_links, M_VIEW },
	{ "startSocialLink", m_start_social_link, M_WRITE },
	{ "pollSocialLink", m_poll_social_link, M_WRITE },
	{ "unlinkSocial", m_unlink_social, M_WRITE },
	{ NULL, NULL, 0 },
};
