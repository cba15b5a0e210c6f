/* The model of social login and linking (social.h): the readers of the social methods'
 * answers, every field checked as untrusted — a provider's id by its shape, the user
 * code exactly XXXX-XXXX of the contract's alphabet, the device code an identifier,
 * the URLs http(s) of printable ASCII, expiresIn and interval within sane ranges, a
 * status and reason the method has, the names kept as text that drawing makes safe —
 * anything else a bad reply; and the request bodies. */
#include "kabinet/model/social.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/model/model_json.h"
#include "kabinet/model/wipe.h"

#define USER_CODE_ALPHABET "BCDFGHJKLMNPQRSTVWXZ"

bool model_social_user_code_ok(const char *s)
{
	if (!s || strlen(s) != 9)
		return false;
	for (int i = 0; i < 9; i++) {
		if (i == 4 ? s[i] != '-' : !s[i] || !strchr(USER_CODE_ALPHABET, s[i]))
			return false;
	}
	return true;
}

bool model_social_url_ok(const char *s)
{
	size_t n;

	if (!s)
		return false;
	n = strlen(s);
	if (n > SOCIAL_URL_MAX)
		return false;
	if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7))
		return false;
	if (n <= (size_t)(s[4] == 's' ? 8 : 7))
		return false;	/* no host */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

static bool provider_id_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > SOCIAL_ID_MAX)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/* A provider id member: required, of its shape. */
static bool provider_id(const cJSON *o, const char *name, char *dst, size_t size,
			struct model_err *err)
{
	if (!mj_text(o, name, true, dst, size, err))
		return false;
	if (!provider_id_ok(dst)) {
		mj_bad(err, "reply: %s is not a provider id", name);
		return false;
	}
	return true;
}

/* An integer member within lo..hi, into *out. */
static bool int_in(const cJSON *o, const char *name, int lo, int hi, int *out,
		   struct model_err *err)
{
	int64_t v;

	if (!mj_int(o, name, true, NULL, &v, err))
		return false;
	if (v < lo || v > hi) {
		mj_bad(err, "reply: %s is out of range", name);
		return false;
	}
	*out = (int)v;
	return true;
}

/* A URL member: required, model_social_url_ok(). */
static bool url(const cJSON *o, const char *name, char *dst, size_t size,
		struct model_err *err)
{
	if (!mj_text(o, name, true, dst, size, err))
		return false;
	if (!model_social_url_ok(dst)) {
		mj_bad(err, "reply: %s is not an http(s) URL", name);
		return false;
	}
	return true;
}

/* --- getSocialProviders --- */

static bool parse_provider(const cJSON *it, void *item, struct model_err *err)
{
	struct social_provider *p = item;

	return provider_id(it, "id", p->id, sizeof(p->id), err) &&
	       mj_str(it, "name", true, p->name, sizeof(p->name), err);
}

enum model_status model_parse_social_providers(const char *json, struct social_providers *out,
					       struct model_err *err)
{
	static const struct mj_items how = { "providers", true, sizeof(struct social_provider),
					     parse_provider, NULL, true };

	out->items = mj_list(json, &how, &out->n, err);
	return out->items ? MODEL_OK : MODEL_BAD;
}

void model_free_social_providers(struct social_providers *list)
{
	free(list->items);
	list->items = NULL;
	list->n = 0;
}

/* --- startDeviceLogin / startSocialLink --- */

static bool parse_flow(const cJSON *o, void *out, struct model_err *err)
{
	struct social_flow *f = out;

	if (!mj_ident(o, "deviceCode", MJ_ID, true, f->device_code, sizeof(f->device_code), err) ||
	    !mj_text(o, "userCode", true, f->user_code, sizeof(f->user_code), err))
		return false;
	if (!model_social_user_code_ok(f->user_code)) {
		mj_bad(err, "reply: userCode is not XXXX-XXXX");
		return false;
	}
	return url(o, "verificationUri", f->uri, sizeof(f->uri), err) &&
	       url(o, "verificationUriComplete", f->uri_complete, sizeof(f->uri_complete), err) &&
	       int_in(o, "expiresIn", 1, SOCIAL_EXPIRES_MAX, &f->expires_in, err) &&
	       int_in(o, "interval", 1, SOCIAL_INTERVAL_MAX, &f->interval, err);
}

enum model_status model_parse_social_flow(const char *json, struct social_flow *out,
					  struct model_err *err)
{
	enum model_status st = mj_one(json, parse_flow, out, sizeof(*out), err);

	if (st != MODEL_OK)
		model_wipe(out, sizeof(*out));
	return st;
}

/* --- getSocialLinks, pollSocialLink's link --- */

static bool parse_link(const cJSON *it, void *item, struct model_err *err)
{
	struct social_link *l = item;
	const cJSON *linked = cJSON_GetObjectItemCaseSensitive(it, "linked");

	if (!provider_id(it, "provider", l->provider, sizeof(l->provider), err) ||
	    !mj_str(it, "name", true, l->name, sizeof(l->name), err))
		return false;
	if (!cJSON_IsBool(linked)) {
		mj_bad(err, "reply: linked is not a boolean");
		return false;
	}
	l->linked = cJSON_IsTrue(linked);
	return mj_str(it, "displayName", l->linked, l->display_name, sizeof(l->display_name),
		      err) &&
	       mj_instant(it, "linkedAt", l->linked, l->linked_at, sizeof(l->linked_at), err);
}

enum model_status model_parse_social_links(const char *json, struct social_links *out,
					   struct model_err *err)
{
	static const struct mj_items how = { "links", true, sizeof(struct social_link),
					     parse_link, NULL, true };

	out->items = mj_list(json, &how, &out->n, err);
	return out->items ? MODEL_OK : MODEL_BAD;
}

void model_free_social_links(struct social_links *list)
{
	free(list->items);
	list->items = NULL;
	list->n = 0;
}

/* --- pollDeviceLogin / pollSocialLink --- */

static const struct {
	const char *reason;
	enum social_status status;
	int method;		/* 0 both, 1 login only, 2 link only */
} reasons[] = {
	{ "DENIED", SOCIAL_DENIED, 0 },
	{ "PROVIDER_ERROR", SOCIAL_PROVIDER_ERROR, 0 },
	{ "NOT_LINKED", SOCIAL_NOT_LINKED, 1 },
	{ "LINKED_ELSEWHERE", SOCIAL_LINKED_ELSEWHERE, 2 },
};

static bool parse_denied(const cJSON *o, bool link, struct social_poll *p, struct model_err *err)
{
	char reason[32];

	if (!mj_text(o, "reason", true, reason, sizeof(reason), err))
		return false;
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		if (!strcmp(reasons[i].reason, reason) &&
		    (reasons[i].method == 0 || reasons[i].method == (link ? 2 : 1))) {
			p->status = reasons[i].status;
			return true;
		}
	}
	mj_bad(err, "reply: unknown reason");
	return false;
}

static bool parse_ok(const cJSON *o, bool link, struct social_poll *p, struct model_err *err)
{
	const cJSON *row = cJSON_GetObjectItemCaseSensitive(o, "link");

	p->status = SOCIAL_APPROVED;
	if (!link)
		return true;
	if (!cJSON_IsObject(row)) {
		mj_bad(err, "reply: link is not an object");
		return false;
	}
	if (!parse_link(row, &p->link, err))
		return false;
	if (!p->link.linked) {
		mj_bad(err, "reply: link is not linked");
		return false;
	}
	return true;
}

static bool parse_status(const cJSON *o, bool link, struct social_poll *p, struct model_err *err)
{
	char status[32];

	if (!mj_text(o, "status", true, status, sizeof(status), err))
		return false;
	if (!strcmp(status, "AUTHORIZATION_PENDING"))
		p->status = SOCIAL_PENDING;
	else if (!strcmp(status, "SLOW_DOWN"))
		return p->status = SOCIAL_SLOW_DOWN,
		       int_in(o, "interval", 1, SOCIAL_INTERVAL_MAX, &p->interval, err);
	else if (!strcmp(status, "EXPIRED_TOKEN"))
		p->status = SOCIAL_EXPIRED;
	else if (!strcmp(status, "ACCESS_DENIED"))
		return parse_denied(o, link, p, err);
	else if (!strcmp(status, "OK"))
		return parse_ok(o, link, p, err);
	else if (!link && (!strcmp(status, "OTP_REQUIRED") ||
			   !strcmp(status, "PASSWORD_CHANGE_REQUIRED")))
		p->status = SOCIAL_APPROVED;
	else
		return mj_bad(err, "reply: unknown status"), false;
	return true;
}


enum model_status model_parse_social_poll(const char *json, bool link, struct social_poll *out,
					  struct model_err *err)
{
	cJSON *o = mj_object(json, err);
	bool ok;

	memset(out, 0, sizeof(*out));
	if (!o)
		return MODEL_BAD;
	ok = parse_status(o, link, out, err);
	cJSON_Delete(o);
	if (!ok)
		memset(out, 0, sizeof(*out));
	return ok ? MODEL_OK : MODEL_BAD;
}

/* --- bodies --- */

char *model_body_social_start(const char *provider, const char *device_name)
{
	if (device_name && *device_name)
		return mj_body(false, "provider", provider, "deviceName", device_name, NULL);
	return mj_body(false, "provider", provider, NULL);
}

char *model_body_social_poll_login(const char *device_code, bool remember,
				   const char *device_name)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "deviceCode", device_code);
	cJSON_AddBoolToObject(o, "remember", remember);
	if (remember && device_name && *device_name)
		cJSON_AddStringToObject(o, "deviceName", device_name);
	return mj_print(o, true);
}

char *model_body_social_poll_link(const char *device_code)
{
	return mj_body(true, "deviceCode", device_code, NULL);
}

char *model_body_social_provider(const char *provider)
{
	return mj_body(false, "provider", provider, NULL);
}
