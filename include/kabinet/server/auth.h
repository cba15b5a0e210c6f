/* What the login methods (auth.c) and the profile methods (profile.c) share: the
 * name, password and contact rules, the failure lockout, one-time codes, devices. */
#ifndef KABINET_SERVER_AUTH_H
#define KABINET_SERVER_AUTH_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct call;

/* One-time codes: 6 digits, valid 5 minutes, resent no sooner than a minute, voided by
 * the third wrong attempt. */
#define AUTH_OTP_TTL 300
#define AUTH_OTP_RESEND 60
#define AUTH_OTP_ATTEMPTS 3
/* At most this many new codes an hour to one phone or e-mail (register, reset, login,
 * contact change), whether or not a profile has it: no SMS flooding, no enumeration. */
#define AUTH_OTP_PER_HOUR 10
/* The lockout: this many failures for one key within the window lock it for the window. */
#define AUTH_FAIL_MAX 5
#define AUTH_FAIL_WINDOW 900
/* A remember token presented again within this many seconds of its rotation, by the
 * installation that holds the device, gets the device's current token instead of
 * revoking it (another process of the same client, see loginByToken). */
#define AUTH_REMEMBER_GRACE 30
/* The longest device name a login may give (characters). */
#define AUTH_DEVICE_NAME_MAX 64

enum auth_contact {
	AUTH_CONTACT_NONE,	/* neither a phone nor an e-mail */
	AUTH_CONTACT_PHONE,	/* normalised to +7XXXXXXXXXX */
	AUTH_CONTACT_EMAIL,	/* lowercased */
};

/* Recognises a phone (10 digits, 11 digits starting with 7 or 8, +7 and 10 digits;
 * spaces, dashes and brackets ignored) or an e-mail and writes its normal form. */
enum auth_contact auth_parse_contact(const char *in, char *out, size_t size);
/* The phone part of that alone: true and "+7XXXXXXXXXX" in out (13 bytes). */
bool auth_parse_phone(const char *in, char *out);

/* Name rule of register/updateProfile: Cyrillic letters, one inner hyphen at most,
 * 2 to 30 letters. Fails with VALIDATION on field. */
int auth_check_name(struct call *c, const char *field, const char *value);
/* Region rule of register/updateProfile: one of the list's names exactly
 * (kabinet/regions.h). Fails with VALIDATION on field. */
int auth_check_region(struct call *c, const char *field, const char *value);
/* Password rule: 8 to 20 characters from 0x21..0x7e, at least one capital letter and
 * at least one digit or symbol. Fails with VALIDATION on field. */
int auth_check_password(struct call *c, const char *field, const char *password);
/* The same rule alone (kabinetd admin staff). */
bool auth_password_ok(const char *password);
/* A hash no password matches, verified for an unknown login so that response times do
 * not tell which logins exist (argon2id with the real hashes' parameters). */
extern const char auth_dummy_hash[];

/* The lockout of one key (a normalised login, or "pw:<profile id>"): RATE_LIMITED
 * with Retry-After while locked, else CALL_OK. */
int auth_check_lock(struct call *c, const char *key);
/* Records a failure; sets c->keep_on_error so that it survives the failed call. */
void auth_record_failure(struct call *c, const char *key);
void auth_clear_failures(struct call *c, const char *key);

/* Creates a code for purpose (LOGIN, REGISTER, RESET, CONTACT) and sends it to target
 * over channel ("sms" or "email") unless send is false. profile_id 0 stores NULL;
 * payload may be NULL. Adds otpId, sentTo (when show_target) and resendAfter to c->out. */
int auth_otp_create(struct call *c, const char *purpose, int64_t profile_id,
		    const char *channel, const char *target, const char *payload, bool send,
		    bool show_target);
/* The same, sent and shown, with the JSON text of data as the payload; deletes data. */
int auth_otp_create_json(struct call *c, const char *purpose, int64_t profile_id,
			 const char *channel, const char *target, cJSON *data);
/* Checks otpId and code from the request against a live code of that purpose (and of
 * the caller's profile when mine is true) and marks it used. On success *profile_id
 * (0 when NULL) and *payload (malloc'ed, may be NULL) are set; the caller frees it. */
int auth_otp_take(struct call *c, const char *purpose, bool mine, int64_t *profile_id,
		  char **payload);

/* The end of a successful login: {"status":"OK"}, a session, and with remember a new
 * device (named device_name, may be NULL) and its first remember token. */
int auth_finish_login(struct call *c, int64_t profile_id, bool remember,
		      const char *device_name);
/* A login whose person is proven (the password, a social link): a one-time password's
 * PASSWORD_CHANGE_REQUIRED, a two-step profile's OTP_REQUIRED (the code sent), else
 * auth_finish_login(); login and pollDeviceLogin answer through it. */
int auth_login_verified(struct call *c, int64_t profile_id, bool remember,
			const char *device_name);
/* Length of a character that must not reach a list of devices at s (C0, DEL, C1, the
 * bidi, line-separator and invisible marks), else 0; s is valid UTF-8. login
 * replaces them; the social flows' deviceName is refused with them (social.c). */
int auth_unsafe_char(const unsigned char *s);
/* A login whose password is a one-time one (profiles.must_change_password): answers
 * {"status":"PASSWORD_CHANGE_REQUIRED","handle":...} and opens no session;
 * setInitialPassword takes the handle (first_login.c). */
int auth_first_login(struct call *c, int64_t profile_id);

/* Revokes a device: the flag, its remember tokens and its sessions. Returns CALL_OK. */
int auth_revoke_device(struct call *c, const char *device_id);
/* Revokes every device of the profile (password change or reset). */
int auth_revoke_all_devices(struct call *c, int64_t profile_id);

#endif
