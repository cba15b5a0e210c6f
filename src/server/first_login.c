/* A company's first login with the one-time password the office issued
 * (staff_office.c): login answers PASSWORD_CHANGE_REQUIRED with a short-lived handle
 * instead of a session, and setInitialPassword sets the company's own password with it
 * and logs in. Until then the profile has no session, so no other method serves it. */
#include "kabinet/server/auth.h"

#include <sodium.h>
#include <stdio.h>

#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/srv.h"

/* The handle lives this long; a new one-time password voids it sooner. */
#define FIRST_LOGIN_TTL 600

int auth_first_login(struct call *c, int64_t profile_id)
{
	char handle[48], hash[65];
	srv_new_token(handle);
	srv_token_hash(handle, hash);
	/* Expired handles are forgotten as new ones are made. */
	if (db_exec(c->db, "DELETE FROM first_logins WHERE expires_at <= ?", "i", c->now) !=
		    SQLITE_DONE ||
	    db_exec(c->db, "INSERT INTO first_logins (token_hash, profile_id, expires_at) "
			   "VALUES (?, ?, ?)", "sii", hash, profile_id,
		    c->now + FIRST_LOGIN_TTL) != SQLITE_DONE)
		return call_internal(c, "first login insert");
	out_str(c->out, "status", "PASSWORD_CHANGE_REQUIRED");
	out_str(c->out, "handle", handle);
	sodium_memzero(handle, sizeof(handle));
	return CALL_OK;
}

static int m_set_initial_password(struct call *c)
{
	const char *handle, *password;
	char hash[65], pwhash[256], current[256] = "", key[32];
	int64_t profile_id = 0;
	sqlite3_stmt *st;

	if (in_str(c, "handle", true, 1, 64, &handle) != CALL_OK ||
	    in_str(c, "newPassword", true, 1, 256, &password) != CALL_OK ||
	    auth_check_password(c, "newPassword", password) != CALL_OK)
		return CALL_FAIL;
	/* Hashed first: the dry run does the argon2id work (M_SECRETS). */
	if (call_password_hash(c, password, pwhash) != 0)
		return call_internal(c, "password hash");
	srv_token_hash(handle, hash);
	if (call_row(c, &st, "first login lookup",
		     "SELECT f.profile_id, p.pwhash FROM first_logins f "
		     "JOIN profiles p ON p.id = f.profile_id AND p.must_change_password = 1 "
		     "WHERE f.token_hash = ? AND f.expires_at > ?", "si", hash, c->now) != CALL_OK)
		return CALL_FAIL;
	if (st) {
		profile_id = sqlite3_column_int64(st, 0);
		snprintf(current, sizeof(current), "%s", db_text(st, 1));
		sqlite3_reset(st);
	}
	if (!profile_id)
		return call_fail(c, APIERR_VALIDATION, "handle",
				 "Вход больше недействителен, войдите с паролем снова",
				 "This login is no longer valid, log in with the password again");
	if (call_password_verify(c, current, password))
		return call_fail(c, APIERR_VALIDATION, "newPassword",
				 "Новый пароль должен отличаться от одноразового",
				 "The new password must differ from the one-time password");
	if (db_exec(c->db, "UPDATE profiles SET pwhash = ?, must_change_password = 0 WHERE id = ?",
		    "si", pwhash, profile_id) != SQLITE_DONE ||
	    db_exec(c->db, "DELETE FROM first_logins WHERE profile_id = ?", "i", profile_id) !=
		    SQLITE_DONE)
		return call_internal(c, "initial password");
	snprintf(key, sizeof(key), "pw:%lld", (long long)profile_id);
	auth_clear_failures(c, key);
	return auth_finish_login(c, profile_id, false, NULL);
}

const struct method first_login_methods[] = {
	{ "setInitialPassword", m_set_initial_password, M_PUBLIC | M_WRITE | M_SECRETS },
	{ NULL, NULL, 0 },
};
