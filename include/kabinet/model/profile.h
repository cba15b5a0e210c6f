/* The model of the profile, its devices, registration and password recovery
 * (model_profile.c): getDevices and the one-time code answers in, the bodies of
 * updateProfile, changePassword, changeContact, confirmContact, revokeDevice, register,
 * confirmRegistration, requestPasswordReset and resetPassword out, and the API's rules
 * for names, contacts and passwords said in the interface's language. */
#ifndef KABINET_PROFILE_H
#define KABINET_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/model/model.h"

/* A remembered device (getDevices). */
struct device {
	char id[64];
	char name[96];
	char first_used[32];	/* RFC 3339; "" from a server that does not say */
	char last_used[32];	/* RFC 3339 */
	bool current;		/* this session came through it */
};

struct device_list {
	struct device *items;
	size_t n;
};

enum model_status model_parse_devices(const char *json, struct device_list *out,
				      struct model_err *err);
void model_free_devices(struct device_list *l);

/* A code was sent (changeContact, register, requestPasswordReset): its otpId, where it
 * went ("" when the answer does not say) and the seconds before it can be sent again
 * (60 when not said). */
struct otp_sent {
	char otp_id[64];
	char sent_to[MODEL_SENT_TO_MAX + 1];
	int resend_after;
};
enum model_status model_parse_otp_sent(const char *json, struct otp_sent *out,
				       struct model_err *err);

/* confirmRegistration: the generated login and how many accounts were attached. */
enum model_status model_parse_registered(const char *json, char *login, size_t size,
					 size_t *attached, struct model_err *err);

/* The one-time codes' rules (docs/api.md): valid 5 minutes, three wrong codes void one. */
#define PROFILE_OTP_TTL 300
#define PROFILE_OTP_ATTEMPTS 3
#define PROFILE_PASSWORD_MIN 8
#define PROFILE_PASSWORD_MAX 20
#define PROFILE_NAME_MAX 30

/* The password rule, part by part, so that a form can tick them off as typed. */
enum pw_rule {
	PW_LENGTH,	/* 8 to 20 characters */
	PW_CHARS,	/* Latin letters, digits and symbols only, no spaces */
	PW_CAPITAL,	/* a capital Latin letter */
	PW_DIGIT,	/* a digit or a symbol */
	PW_RULES
};
/* Which parts `pw` meets (ok[PW_RULES]); true when all. */
bool profile_password_check(const char *pw, bool *ok);
/* The text of a part, translated. */
const char *profile_password_rule(enum pw_rule r);
/* NULL when the password is good; else why not, translated. */
const char *profile_password_problem(const char *pw);
/* A last name, first name or middle name: NULL when good (an empty optional one is
 * good); else why not, translated. */
const char *profile_name_problem(const char *name, bool optional);
/* NULL when the region is one of the list (kabinet/regions.h); else why not,
 * translated. */
const char *profile_region_problem(const char *region);

enum contact_kind { CONTACT_NONE, CONTACT_PHONE, CONTACT_EMAIL };
/* What the API takes the text for (docs/api.md "Contacts"). */
enum contact_kind profile_contact_kind(const char *text);
/* NULL when it is a phone or an e-mail; else why not, translated. */
const char *profile_contact_problem(const char *text);

/* Bodies (malloc'ed JSON; NULL when out of memory). Those with a password or a code in
 * them are freed with model_free_secret_body(). */
char *model_body_update_profile(const struct profile *p);
char *model_body_change_password(const char *current, const char *fresh);
char *model_body_change_contact(enum contact_kind kind, const char *contact,
				const char *current);
char *model_body_register(const char *last_name, const char *name, const char *middle_name,
			  const char *contact, const char *region, const char *password);
char *model_body_password_reset(const char *contact);
char *model_body_reset_password(const char *otp_id, const char *code, const char *fresh);
/* confirmContact and confirmRegistration take model_body_otp(); revokeDevice takes
 * model_body_device(). */

#endif
