/* The staff API's own methods (/staff-api/): the login in two steps (the password,
 * then the authenticator's code), the session check and the logout. The dispatcher
 * checks the staff session and the role each method allows (staff.h). */
#include "kabinet/server/staff.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/server/auth.h"
#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/srv.h"
#include "kabinet/server/totp.h"

static int fail_wrong_pair(struct call *c)
{
	return call_fail(c, APIERR_UNAUTHORIZED, NULL, "Неверный логин или пароль",
			 "Wrong login or password");
}

static int fail_disabled(struct call *c)
{
	return call_fail(c, APIERR_FORBIDDEN, NULL, "Учётная запись сотрудника отключена",
			 "This staff account is disabled");
}

/* The lockout key of a staff login: apart from every subscriber's. */
static void lock_key(const char *login, char *key, size_t size)
{
	snprintf(key, size, "staff:%s", login);
	for (char *p = key; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
}

static int m_staff_login(struct call *c)
{
	const char *login, *passwd;
	char key[80], pwhash[256] = "", id[32];
	int64_t staff_id = 0, disabled = 0;
	sqlite3_stmt *st;

	if (in_str(c, "login", true, 1, 64, &login) != CALL_OK ||
	    in_str(c, "passwd", true, 1, 256, &passwd) != CALL_OK)
		return CALL_FAIL;
	lock_key(login, key, sizeof(key));
	if (auth_check_lock(c, key) != CALL_OK ||
	    call_row(c, &st, "staff lookup", "SELECT id, pwhash, disabled FROM staff WHERE login = ?",
		     "s", login) != CALL_OK)
		return CALL_FAIL;
	if (st) {
		staff_id = sqlite3_column_int64(st, 0);
		snprintf(pwhash, sizeof(pwhash), "%s", db_text(st, 1));
		disabled = sqlite3_column_int64(st, 2);
		sqlite3_reset(st);
	}
	if (!call_password_verify(c, staff_id ? pwhash : auth_dummy_hash, passwd) || !staff_id) {
		auth_record_failure(c, key);
		return fail_wrong_pair(c);
	}
	if (disabled)
		return fail_disabled(c);
	srv_new_id("stl_", id);
	if (db_exec(c->db, "INSERT INTO staff_logins (id, staff_id, expires_at) VALUES (?, ?, ?)",
		    "sii", id, staff_id, c->now + STAFF_LOGIN_TTL) != SQLITE_DONE)
		return call_internal(c, "staff login insert");
	out_str(c->out, "status", "TOTP_REQUIRED");
	out_str(c->out, "loginId", id);
	return CALL_OK;
}

/* The login waiting for its code, with its member of staff. */
struct pending {
	int64_t staff_id, attempts, last_step, disabled;
	char login[80], secret[128];
};

static int find_pending(struct call *c, const char *login_id, struct pending *p)
{
	sqlite3_stmt *st;
	if (call_row(c, &st, "staff login lookup",
		     "SELECT l.staff_id, l.attempts, s.login, s.totp_secret, s.totp_step, s.disabled "
		     "FROM staff_logins l JOIN staff s ON s.id = l.staff_id "
		     "WHERE l.id = ? AND l.used = 0 AND l.expires_at > ?",
		     "si", login_id, c->now) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return call_fail(c, APIERR_VALIDATION, "loginId",
				 "Вход больше недействителен, начните заново",
				 "This login is no longer valid, start again");
	p->staff_id = sqlite3_column_int64(st, 0);
	p->attempts = sqlite3_column_int64(st, 1);
	snprintf(p->login, sizeof(p->login), "%s", db_text(st, 2));
	snprintf(p->secret, sizeof(p->secret), "%s", db_text(st, 3));
	p->last_step = sqlite3_column_int64(st, 4);
	p->disabled = sqlite3_column_int64(st, 5);
	sqlite3_reset(st);
	return CALL_OK;
}

/* A wrong (or replayed) code: counts against the login's attempts and the lockout. */
static int wrong_code(struct call *c, const char *login_id, struct pending *p,
		      const char *code, const char *key)
{
	int64_t step;
	bool replay = totp_verify(p->secret, code, c->now, INT64_MIN, &step);
	int64_t attempts = p->attempts + 1;

	if (db_exec(c->db, "UPDATE staff_logins SET attempts = ?1, "
			   "used = CASE WHEN ?1 >= ?2 THEN 2 ELSE 0 END WHERE id = ?3",
		    "iis", attempts, (int64_t)STAFF_LOGIN_ATTEMPTS, login_id) != SQLITE_DONE)
		return call_internal(c, "staff login attempt");
	auth_record_failure(c, key);
	if (replay)
		return call_fail(c, APIERR_VALIDATION, "code",
				 "Этот код уже использован, дождитесь следующего",
				 "This code was already used, wait for the next one");
	if (attempts >= STAFF_LOGIN_ATTEMPTS)
		return call_fail(c, APIERR_VALIDATION, "code",
				 "Неверный код. Вход больше недействителен, начните заново",
				 "Wrong code. This login is no longer valid, start again");
	return call_fail(c, APIERR_VALIDATION, "code", "Неверный код", "Wrong code");
}

/* The session row; the raw token and CSRF value go to the cookies only. */
static int open_session(struct call *c, int64_t staff_id)
{
	char token[48], csrf[48], hash[65];
	srv_new_token(token);
	srv_new_token(csrf);
	srv_token_hash(token, hash);
	if (db_exec(c->db, "INSERT INTO staff_sessions (token_hash, csrf, staff_id, created_at, "
			   "last_seen) VALUES (?, ?, ?, ?, ?)", "ssiii",
		    hash, csrf, staff_id, c->now, c->now) != SQLITE_DONE)
		return call_internal(c, "staff session insert");
	snprintf(c->set_session, sizeof(c->set_session), "%s", token);
	snprintf(c->set_csrf, sizeof(c->set_csrf), "%s", csrf);
	sodium_memzero(token, sizeof(token));
	return CALL_OK;
}

/* login, name and role of a member of staff into c->out. */
static int out_staff(struct call *c, int64_t staff_id)
{
	sqlite3_stmt *st;
	if (call_row(c, &st, "staff lookup", "SELECT login, name, role FROM staff WHERE id = ?", "i",
		     staff_id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return call_internal(c, "staff vanished");
	out_col_str(c->out, "login", st, 0);
	out_col_str(c->out, "name", st, 1);
	out_col_str(c->out, "role", st, 2);
	sqlite3_reset(st);
	return CALL_OK;
}

static int m_staff_login_confirm(struct call *c)
{
	const char *login_id, *code;
	struct pending p;
	char key[96];
	int64_t step;
	int rc;

	if (in_str(c, "loginId", true, 1, 64, &login_id) != CALL_OK ||
	    in_str(c, "code", true, 1, 16, &code) != CALL_OK ||
	    find_pending(c, login_id, &p) != CALL_OK)
		return CALL_FAIL;
	lock_key(p.login, key, sizeof(key));
	if (auth_check_lock(c, key) != CALL_OK)
		rc = CALL_FAIL;
	else if (p.disabled)
		rc = fail_disabled(c);
	else if (!totp_verify(p.secret, code, c->now, p.last_step, &step))
		rc = wrong_code(c, login_id, &p, code, key);
	else if (db_exec(c->db, "UPDATE staff SET totp_step = ? WHERE id = ?", "ii", step,
			 p.staff_id) != SQLITE_DONE ||
		 db_exec(c->db, "UPDATE staff_logins SET used = 1 WHERE id = ?", "s", login_id) !=
			 SQLITE_DONE)
		rc = call_internal(c, "staff login use");
	else {
		auth_clear_failures(c, key);
		out_str(c->out, "status", "OK");
		rc = open_session(c, p.staff_id) == CALL_OK ? out_staff(c, p.staff_id) : CALL_FAIL;
	}
	sodium_memzero(p.secret, sizeof(p.secret));
	return rc;
}

static int m_staff_check_session(struct call *c)
{
	return out_staff(c, c->staff_id);
}

static int m_staff_logout(struct call *c)
{
	if (db_exec(c->db, "DELETE FROM staff_sessions WHERE id = ?", "i", c->session_id) !=
	    SQLITE_DONE)
		return call_internal(c, "staff logout");
	c->clear_session = true;
	out_str(c->out, "status", "OK");
	return CALL_OK;
}

/* Every method names the roles it allows (the public ones have no session to check). */
static const struct method staff_methods[] = {
	{ "staffLogin", m_staff_login, M_PUBLIC | M_WRITE | M_SECRETS },
	{ "staffLoginConfirm", m_staff_login_confirm, M_PUBLIC | M_WRITE },
	{ "staffCheckSession", m_staff_check_session, M_LOOK | STAFF_ROLES_ALL },
	{ "staffLogout", m_staff_logout, M_WRITE | STAFF_ROLES_ALL },
	{ NULL, NULL, 0 },
};

/* The tables of the staff API: this file's, then each part's (staff.h). */
static const struct method *const staff_tables[] = {
	staff_methods,
	staff_queue_methods,
	staff_office_methods,
	staff_view_methods,
};

const struct method *staff_find_method(const char *name)
{
	for (size_t t = 0; t < sizeof(staff_tables) / sizeof(staff_tables[0]); t++)
		for (const struct method *m = staff_tables[t]; m->name; m++)
			if (!strcmp(m->name, name))
				return m;
	return NULL;
}
