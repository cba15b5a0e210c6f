/* The model of the profile (profile.h): remembered devices and the answers that send a
 * code in, the bodies of the profile, registration and recovery methods out, and the
 * API's rules for names, contacts and passwords, checked before anything is sent. */
#include "kabinet/model/profile.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/model_json.h"
#include "kabinet/names.h"
#include "kabinet/regions.h"

/* --- replies --- */

static bool parse_device(const cJSON *it, void *item, struct model_err *err)
{
	struct device *d = item;

	if (!cJSON_IsObject(it))
		return mj_bad(err, "reply: a device is not an object"), false;
	if (!mj_id(it, "deviceId", d->id, sizeof(d->id), err) ||
	    !mj_str(it, "name", false, d->name, sizeof(d->name), err) ||
	    !mj_str(it, "firstUsed", false, d->first_used, sizeof(d->first_used), err) ||
	    !mj_str(it, "lastUsed", false, d->last_used, sizeof(d->last_used), err))
		return false;
	d->current = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "current"));
	return true;
}

enum model_status model_parse_devices(const char *json, struct device_list *out,
				      struct model_err *err)
{
	static const struct mj_items devices = {
		.name = "devices", .required = true, .size = sizeof(struct device),
		.parse = parse_device,
	};

	memset(out, 0, sizeof(*out));
	out->items = mj_list(json, &devices, &out->n, err);
	return out->items ? MODEL_OK : MODEL_BAD;
}

void model_free_devices(struct device_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

enum model_status model_parse_otp_sent(const char *json, struct otp_sent *out,
				       struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	struct otp_sent s = { .resend_after = 60 };
	int64_t after = 0;
	bool present = false, ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_id(root, "otpId", s.otp_id, sizeof(s.otp_id), err) &&
	     mj_ident(root, "sentTo", MJ_LABEL, false, s.sent_to, sizeof(s.sent_to), err) &&
	     mj_int(root, "resendAfter", false, &present, &after, err);
	if (ok && present && after > 0 && after < 3600)
		s.resend_after = (int)after;
	cJSON_Delete(root);
	if (!ok)
		return MODEL_BAD;
	*out = s;
	return MODEL_OK;
}

enum model_status model_parse_registered(const char *json, char *login, size_t size,
					 size_t *attached, struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	const cJSON *arr;
	bool ok;

	*attached = 0;
	if (!root)
		return MODEL_BAD;
	ok = mj_str(root, "login", true, login, size, err);
	arr = cJSON_GetObjectItemCaseSensitive(root, "attachedAccounts");
	if (cJSON_IsArray(arr))
		*attached = (size_t)cJSON_GetArraySize(arr);
	cJSON_Delete(root);
	return ok ? MODEL_OK : MODEL_BAD;
}

/* --- rules --- */

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

bool profile_password_check(const char *pw, bool *ok)
{
	size_t n = utf8_chars(pw);
	bool all = true;

	ok[PW_LENGTH] = n >= PROFILE_PASSWORD_MIN && n <= PROFILE_PASSWORD_MAX;
	ok[PW_CHARS] = *pw != '\0';
	ok[PW_CAPITAL] = ok[PW_DIGIT] = false;
	for (const unsigned char *p = (const unsigned char *)pw; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f)
			ok[PW_CHARS] = false;
		else if (isupper(*p))
			ok[PW_CAPITAL] = true;
		else if (!islower(*p))
			ok[PW_DIGIT] = true;
	}
	for (int i = 0; i < PW_RULES; i++)
		all = all && ok[i];
	return all;
}

const char *profile_password_rule(enum pw_rule r)
{
	switch (r) {
	case PW_LENGTH:
		return _("8 to 20 characters");
	case PW_CHARS:
		return _("Latin letters, digits and symbols only, no spaces");
	case PW_CAPITAL:
		return _("at least one capital Latin letter");
	case PW_DIGIT:
		return _("at least one digit or symbol");
	case PW_RULES:
		break;
	}
	return "";
}

const char *profile_password_problem(const char *pw)
{
	bool ok[PW_RULES];

	if (!*pw)
		return _("Type the new password.");
	profile_password_check(pw, ok);
	if (!ok[PW_LENGTH])
		return _("The password needs 8 to 20 characters.");
	if (!ok[PW_CHARS])
		return _("Only Latin letters, digits and symbols, without spaces.");
	if (!ok[PW_CAPITAL])
		return _("The password needs a capital Latin letter.");
	if (!ok[PW_DIGIT])
		return _("The password needs a digit or a symbol.");
	return NULL;
}

const char *profile_name_problem(const char *name, bool optional)
{
	switch (name_check(name)) {
	case NAME_OK:
		return NULL;
	case NAME_EMPTY:
		return optional ? NULL : _("Type it in Cyrillic letters.");
	case NAME_HYPHEN:
		return _("A hyphen goes only between letters, once at most.");
	case NAME_NOT_CYRILLIC:
		return _("Cyrillic letters only (and one hyphen between them).");
	case NAME_LENGTH:
		break;
	}
	return _("2 to 30 letters.");
}

const char *profile_region_problem(const char *region)
{
	if (!*region)
		return _("Choose the region: Enter opens the list.");
	if (!regions_known(region))
		return _("Not a region of the list: press Enter and choose one.");
	return NULL;
}

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *dom;
	size_t dn;

	if (!at || at == s || at - s > 64 || strlen(s) > 254 || strchr(at + 1, '@'))
		return false;
	dom = at + 1;
	dn = strlen(dom);
	if (dn < 3 || dom[0] == '.' || dom[dn - 1] == '.' || !strchr(dom, '.') || strstr(dom, ".."))
		return false;
	for (const char *p = s; p < at; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("()<>[]\\,;:\"", *p))
			return false;
	for (const char *p = dom; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return false;
	return true;
}

/* +7 and 10 digits, 8 or 7 and 10 digits, or 10 digits; spaces, '-', '(' and ')'
 * ignored. */
static bool phone_ok(const char *s)
{
	char d[16];
	size_t n = 0;
	bool plus = false;

	while (*s == ' ')
		s++;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '+' && i == 0)
			plus = true;
		else if (isdigit((unsigned char)s[i])) {
			if (n + 1 >= sizeof(d))
				return false;
			d[n++] = s[i];
		} else if (!strchr(" -()", s[i]))
			return false;
	}
	return plus ? n == 11 && d[0] == '7' : n == 10 || (n == 11 && (d[0] == '7' || d[0] == '8'));
}

enum contact_kind profile_contact_kind(const char *text)
{
	if (strchr(text, '@'))
		return email_ok(text) ? CONTACT_EMAIL : CONTACT_NONE;
	return phone_ok(text) ? CONTACT_PHONE : CONTACT_NONE;
}

const char *profile_contact_problem(const char *text)
{
	if (!*text)
		return _("Type a phone or an e-mail.");
	if (profile_contact_kind(text) != CONTACT_NONE)
		return NULL;
	return strchr(text, '@') ? _("This is not an e-mail address: name@example.ru.")
				 : _("A phone is +7 and 10 digits, or 8 and 10 digits.");
}

/* --- bodies --- */

char *model_body_update_profile(const struct profile *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "lastName", p->last_name);
	cJSON_AddStringToObject(o, "name", p->name);
	cJSON_AddStringToObject(o, "middleName", p->middle_name);
	cJSON_AddStringToObject(o, "region", p->region);
	cJSON_AddBoolToObject(o, "twoStepLogin", p->two_step);
	return mj_print(o, false);
}

char *model_body_change_password(const char *current, const char *fresh)
{
	return mj_body(true, "currentPassword", current, "newPassword", fresh, NULL);
}

char *model_body_change_contact(enum contact_kind kind, const char *contact, const char *current)
{
	return mj_body(true, kind == CONTACT_EMAIL ? "email" : "phone", contact, "currentPassword",
		       current, NULL);
}

char *model_body_register(const char *last_name, const char *name, const char *middle_name,
			  const char *contact, const char *region, const char *password)
{
	return mj_body(true, "lastName", last_name, "name", name, "middleName", middle_name,
		       "contact", contact, "region", region, "password", password, NULL);
}

char *model_body_password_reset(const char *contact)
{
	return mj_body(false, "contact", contact, NULL);
}

char *model_body_reset_password(const char *otp_id, const char *code, const char *fresh)
{
	return mj_body(true, "otpId", otp_id, "code", code, "newPassword", fresh, NULL);
}
