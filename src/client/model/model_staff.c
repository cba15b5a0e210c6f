/* The model of the staff's session and views (staff.h): staffLogin's loginId,
 * who staffLoginConfirm logged in (the login as a label, the role one of the two),
 * the view staffOpenView gave (ids by their shape, the instant as RFC 3339), every
 * field untrusted; and the bodies of those calls. */
#include "kabinet/model/staff.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/model/model_json.h"

struct login_id {
	char *id;
	size_t size;
};

static bool parse_login_id(const cJSON *o, void *out, struct model_err *err)
{
	struct login_id *l = out;
	char status[32];

	if (!mj_str(o, "status", true, status, sizeof(status), err))
		return false;
	if (strcmp(status, "TOTP_REQUIRED")) {
		mj_bad(err, "reply: status %s is not TOTP_REQUIRED", status);
		return false;
	}
	return mj_ident(o, "loginId", MJ_ID, true, l->id, l->size, err);
}

enum model_status model_staff_login_id(const char *json, char *id, size_t size,
				       struct model_err *err)
{
	struct login_id l = { id, size };
	cJSON *o = mj_object(json, err);
	enum model_status st = MODEL_BAD;

	if (size)
		id[0] = '\0';
	if (o && parse_login_id(o, &l, err))
		st = MODEL_OK;
	cJSON_Delete(o);
	return st;
}

static bool parse_who(const cJSON *o, void *out, struct model_err *err)
{
	struct staff_who *w = out;
	char role[16];

	if (!mj_ident(o, "login", MJ_LABEL, true, w->login, sizeof(w->login), err) ||
	    !mj_str(o, "name", true, w->name, sizeof(w->name), err) ||
	    !mj_ident(o, "role", MJ_ID, true, role, sizeof(role), err))
		return false;
	if (strcmp(role, "support") && strcmp(role, "office")) {
		mj_bad(err, "reply: role %s is neither support nor office", role);
		return false;
	}
	w->office = !strcmp(role, "office");
	return true;
}

enum model_status model_staff_who(const char *json, struct staff_who *who, struct model_err *err)
{
	return mj_one(json, parse_who, who, sizeof(*who), err);
}

static bool parse_view(const cJSON *o, void *out, struct model_err *err)
{
	struct staff_view_opened *v = out;

	return mj_ident(o, "view", MJ_ID, true, v->view, sizeof(v->view), err) &&
	       mj_ident(o, "viewToken", MJ_ID, true, v->token, sizeof(v->token), err) &&
	       mj_str(o, "name", true, v->name, sizeof(v->name), err) &&
	       mj_instant(o, "expiresAt", true, v->expires, sizeof(v->expires), err);
}

enum model_status model_staff_view_opened(const char *json, struct staff_view_opened *v,
					  struct model_err *err)
{
	return mj_one(json, parse_view, v, sizeof(*v), err);
}

char *model_staff_login_body(const char *login, const char *password)
{
	return mj_body(true, "login", login, "passwd", password, NULL);
}

char *model_staff_confirm_body(const char *login_id, const char *code)
{
	return mj_body(true, "loginId", login_id, "code", code, NULL);
}

char *model_staff_open_view_body(const char *subscriber, const char *reason)
{
	return mj_body(false, "subscriber", subscriber, "reason", reason, NULL);
}

char *model_staff_close_view_body(const char *view)
{
	return mj_body(false, "view", view, NULL);
}
