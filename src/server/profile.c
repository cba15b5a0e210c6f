/* Profile methods: personal data, password, contacts, remembered devices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/server/auth.h"
#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/srv.h"

/* The profile as getProfile shows it, into c->out. */
static int profile_out(struct call *c)
{
	sqlite3_stmt *st;

	if (call_row(c, &st, "profile lookup",
		     "SELECT login, last_name, name, middle_name, email, "
		     "phone, region, two_step, financial_block "
		     "FROM profiles WHERE id = ?",
		     "i", c->profile_id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return call_internal(c, "profile missing");
	out_col_str(c->out, "login", st, 0);
	out_col_str(c->out, "lastName", st, 1);
	out_col_str(c->out, "name", st, 2);
	out_col_str(c->out, "middleName", st, 3);
	out_col_str(c->out, "email", st, 4);
	out_col_str(c->out, "phone", st, 5);
	out_col_str(c->out, "region", st, 6);
	out_bool(c->out, "twoStepLogin", sqlite3_column_int64(st, 7) != 0);
	out_col_str(c->out, "financialBlockStatus", st, 8);
	sqlite3_reset(st);
	return CALL_OK;
}

static int m_get_profile(struct call *c)
{
	return profile_out(c);
}

static int m_update_profile(struct call *c)
{
	const char *last, *name, *middle = NULL, *region;
	bool two_step = false;

	if (in_str(c, "lastName", true, 1, 64, &last) != CALL_OK ||
	    auth_check_name(c, "lastName", last) != CALL_OK ||
	    in_str(c, "name", true, 1, 64, &name) != CALL_OK ||
	    auth_check_name(c, "name", name) != CALL_OK ||
	    in_str(c, "middleName", false, 0, 64, &middle) != CALL_OK ||
	    (middle && *middle && auth_check_name(c, "middleName", middle) != CALL_OK) ||
	    in_str(c, "region", true, 1, 64, &region) != CALL_OK ||
	    auth_check_region(c, "region", region) != CALL_OK ||
	    in_bool(c, "twoStepLogin", true, &two_step) != CALL_OK)
		return CALL_FAIL;
	/* Codes for two-step login go by SMS. */
	if (two_step && db_int(c->db, "SELECT phone IS NOT NULL FROM profiles WHERE id = ?", 0,
			       "i", c->profile_id) != 1)
		return call_fail(c, APIERR_CONFLICT, "twoStepLogin",
				 "Для входа по коду из SMS добавьте в профиль телефон",
				 "Add a phone number to the profile to enable two-step login");
	/* An absent middleName keeps the stored one; "" clears it. */
	if (db_exec(c->db, "UPDATE profiles SET last_name = ?, name = ?, "
			   "middle_name = COALESCE(?, middle_name), region = ?, two_step = ? "
			   "WHERE id = ?", "ssssii", last, name, middle, region,
		    (int64_t)two_step, c->profile_id) != SQLITE_DONE)
		return call_internal(c, "profile update");
	return profile_out(c);
}

/* Checks currentPassword under the "pw:<profile>" lockout. */
static int check_current_password(struct call *c, const char *password)
{
	char key[32], pwhash[256];
	const char *h;
	sqlite3_stmt *st;

	snprintf(key, sizeof(key), "pw:%lld", (long long)c->profile_id);
	if (auth_check_lock(c, key) != CALL_OK)
		return CALL_FAIL;
	st = call_query(c, "profile lookup",
			"SELECT pwhash FROM profiles WHERE id = ?",
			"i", c->profile_id);
	if (!st)
		return CALL_FAIL;
	h = sqlite3_step(st) == SQLITE_ROW ? db_text(st, 0) : NULL;
	snprintf(pwhash, sizeof(pwhash), "%s", h ? h : "");
	sqlite3_reset(st);
	if (!call_password_verify(c, pwhash, password)) {
		auth_record_failure(c, key);
		return call_fail(c, APIERR_VALIDATION, "currentPassword", "Неверный текущий пароль",
				 "Wrong current password");
	}
	auth_clear_failures(c, key);
	return CALL_OK;
}

static int m_change_password(struct call *c)
{
	const char *current, *password;
	char pwhash[256];

	if (in_str(c, "currentPassword", true, 1, 256, &current) != CALL_OK ||
	    in_str(c, "newPassword", true, 1, 256, &password) != CALL_OK ||
	    check_current_password(c, current) != CALL_OK ||
	    auth_check_password(c, "newPassword", password) != CALL_OK)
		return CALL_FAIL;
	/* currentPassword is verified, so comparing the clear texts is enough. */
	if (!strcmp(current, password))
		return call_fail(c, APIERR_VALIDATION, "newPassword",
				 "Новый пароль совпадает с текущим",
				 "The new password is the same as the current one");
	if (call_password_hash(c, password, pwhash) != 0)
		return call_internal(c, "password hash");
	if (db_exec(c->db, "UPDATE profiles SET pwhash = ? WHERE id = ?", "si", pwhash,
		    c->profile_id) != SQLITE_DONE ||
	    db_exec(c->db, "DELETE FROM sessions WHERE profile_id = ? AND id != ?", "ii",
		    c->profile_id, c->session_id) != SQLITE_DONE)
		return call_internal(c, "password change");
	if (auth_revoke_all_devices(c, c->profile_id) != CALL_OK)
		return CALL_FAIL;
	out_str(c->out, "status", "OK");
	return CALL_OK;
}

/* Whether another profile already uses this contact. */
static bool contact_taken(struct call *c, enum auth_contact kind, const char *contact)
{
	if (kind == AUTH_CONTACT_PHONE)
		return db_int(c->db, "SELECT 1 FROM profiles WHERE phone = ? AND id != ?", 0, "si",
			      contact, c->profile_id) == 1;
	return db_int(c->db, "SELECT 1 FROM profiles WHERE email = ? AND id != ?", 0, "si",
		      contact, c->profile_id) == 1;
}

static int fail_taken(struct call *c, const char *field)
{
	return call_fail(c, APIERR_CONFLICT, field,
			 "Этот контакт уже используется другим профилем",
			 "This contact is already used by another profile");
}

static int m_change_contact(struct call *c)
{
	const char *email = NULL, *phone = NULL, *current, *field;
	char contact[300];
	enum auth_contact kind;
	cJSON *data;

	if (in_str(c, "email", false, 1, 254, &email) != CALL_OK ||
	    in_str(c, "phone", false, 1, 32, &phone) != CALL_OK)
		return CALL_FAIL;
	if (!email == !phone)
		return call_fail(c, APIERR_VALIDATION, email ? "phone" : "email",
				 "Укажите либо e-mail, либо телефон",
				 "Give either an e-mail or a phone");
	if (email) {
		field = "email";
		kind = auth_parse_contact(email, contact, sizeof(contact));
		if (kind != AUTH_CONTACT_EMAIL)
			return call_fail(c, APIERR_VALIDATION, field, "Неверный адрес e-mail",
					 "Invalid e-mail address");
	} else {
		field = "phone";
		kind = AUTH_CONTACT_PHONE;
		if (!auth_parse_phone(phone, contact))
			return call_fail(c, APIERR_VALIDATION, field,
					 "Телефон: +7 и 10 цифр", "Phone: +7 and 10 digits");
	}
	if (in_str(c, "currentPassword", true, 1, 256, &current) != CALL_OK ||
	    check_current_password(c, current) != CALL_OK)
		return CALL_FAIL;
	if (kind == AUTH_CONTACT_PHONE
		    ? db_int(c->db, "SELECT 1 FROM profiles WHERE id = ? AND phone = ?", 0, "is",
			     c->profile_id, contact) == 1
		    : db_int(c->db, "SELECT 1 FROM profiles WHERE id = ? AND email = ?", 0, "is",
			     c->profile_id, contact) == 1)
		return call_fail(c, APIERR_VALIDATION, field, "Этот контакт уже указан в профиле",
				 "This contact is already in the profile");
	if (contact_taken(c, kind, contact))
		return fail_taken(c, field);

	data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "kind", field);
	cJSON_AddStringToObject(data, "value", contact);
	return auth_otp_create_json(c, "CONTACT", c->profile_id, email ? "email" : "sms",
				    contact, data);
}

static int m_confirm_contact(struct call *c)
{
	int64_t profile_id;
	char *payload, contact[300] = "";
	cJSON *data;
	const cJSON *kind, *value;
	bool email;

	if (auth_otp_take(c, "CONTACT", true, &profile_id, &payload) != CALL_OK)
		return CALL_FAIL;
	data = cJSON_Parse(payload ? payload : "");
	free(payload);
	kind = cJSON_GetObjectItemCaseSensitive(data, "kind");
	value = cJSON_GetObjectItemCaseSensitive(data, "value");
	if (cJSON_IsString(value))
		snprintf(contact, sizeof(contact), "%s", value->valuestring);
	email = cJSON_IsString(kind) && !strcmp(kind->valuestring, "email");
	cJSON_Delete(data);
	if (!contact[0])
		return call_internal(c, "contact payload");
	/* Another profile may have taken it since the code was sent. */
	if (contact_taken(c, email ? AUTH_CONTACT_EMAIL : AUTH_CONTACT_PHONE, contact))
		return fail_taken(c, email ? "email" : "phone");
	if ((email ? db_exec(c->db, "UPDATE profiles SET email = ? WHERE id = ?", "si", contact,
			     c->profile_id)
		   : db_exec(c->db, "UPDATE profiles SET phone = ? WHERE id = ?", "si", contact,
			     c->profile_id)) != SQLITE_DONE)
		return call_internal(c, "contact update");
	return profile_out(c);
}

/* A device's row: id, name, last_used, created_at, whether the session is on it. */
static void device_row(cJSON *o, sqlite3_stmt *st)
{
	char at[21];
	out_col_str(o, "deviceId", st, 0);
	out_col_str(o, "name", st, 1);
	out_str(o, "firstUsed", srv_instant(sqlite3_column_int64(st, 3), at));
	out_str(o, "lastUsed", srv_instant(sqlite3_column_int64(st, 2), at));
	out_bool(o, "current", sqlite3_column_int(st, 4) != 0);
}

static int m_get_devices(struct call *c)
{
	return call_rows(c, cJSON_AddArrayToObject(c->out, "devices"), device_row, "device list",
			 "SELECT id, name, last_used, created_at, "
			 "  id = (SELECT device_id FROM sessions WHERE id = ?2) "
			 "FROM devices WHERE profile_id = ?1 AND revoked = 0 "
			 "ORDER BY last_used DESC, id",
			 "ii", c->profile_id, c->session_id);
}

static int m_revoke_device(struct call *c)
{
	const char *device;
	bool current;

	if (in_str(c, "deviceId", true, 1, 64, &device) != CALL_OK)
		return CALL_FAIL;
	if (db_int(c->db, "SELECT 1 FROM devices WHERE id = ? AND profile_id = ? AND revoked = 0",
		   0, "si", device, c->profile_id) != 1)
		return call_fail(c, APIERR_NOT_FOUND, "deviceId", "Устройство не найдено",
				 "Device not found");
	current = db_int(c->db, "SELECT 1 FROM sessions WHERE id = ? AND device_id = ?", 0, "is",
			 c->session_id, device) == 1;
	if (auth_revoke_device(c, device) != CALL_OK)
		return CALL_FAIL;
	/* Revoking the device in hand ends this session too. */
	c->clear_session = current;
	out_str(c->out, "status", "OK");
	return CALL_OK;
}

const struct method profile_methods[] = {
	{ "getProfile", m_get_profile, M_VIEW },
	{ "updateProfile", m_update_profile, M_WRITE },
	{ "changePassword", m_change_password, M_WRITE | M_SECRETS },
	{ "changeContact", m_change_contact, M_WRITE | M_SECRETS },
	{ "confirmContact", m_confirm_contact, M_WRITE },
	{ "getDevices", m_get_devices, M_VIEW },
	{ "revokeDevice", m_revoke_device, M_WRITE },
	{ NULL, NULL, 0 },
};
