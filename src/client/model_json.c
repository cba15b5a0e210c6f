/* The JSON helpers the model's files share (model_json.h): every field checked, text
 * cut on a character boundary, ids never cut, integers exact. */
#include "kabinet/model_json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/text.h"

enum model_status mj_bad(struct model_err *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return MODEL_BAD;
}

/* A string member; absent or null gives "" when optional. */
static const char *mj_member_str(const cJSON *obj, const char *name, bool required,
				 bool *ok, struct model_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	*ok = true;
	if (!v || cJSON_IsNull(v)) {
		if (required)
			mj_bad(err, "reply: %s is missing", name);
		*ok = !required;
		return "";
	}
	if (!cJSON_IsString(v) || !v->valuestring) {
		mj_bad(err, "reply: %s is not a string", name);
		*ok = false;
		return "";
	}
	return v->valuestring;
}

/* Text for people, copied into dst: a text too long for it is cut on a character
 * boundary and ends with "…" (drawing makes it safe for the terminal). */
bool mj_str(const cJSON *obj, const char *name, bool required, char *dst, size_t size,
	    struct model_err *err)
{
	bool ok;
	text_copy(dst, size, mj_member_str(obj, name, required, &ok, err));
	return ok;
}

/* An id the client sends back (accountId, serviceId, ...): cutting one would name
 * something else, so one too long for dst is a bad reply. */
bool mj_id(const cJSON *obj, const char *name, char *dst, size_t size, struct model_err *err)
{
	bool ok;
	const char *v = mj_member_str(obj, name, true, &ok, err);
	dst[0] = '\0';
	if (!ok)
		return false;
	if (!*v || strlen(v) >= size) {
		mj_bad(err, "reply: %s is empty or too long", name);
		return false;
	}
	memcpy(dst, v, strlen(v) + 1);
	return true;
}

/* Money and counts: JSON integers only (no fraction), within ±2^53. */
bool mj_int(const cJSON *obj, const char *name, bool required, bool *present, int64_t *out,
	    struct model_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (present)
		*present = false;
	if (!v || cJSON_IsNull(v)) {
		if (required)
			mj_bad(err, "reply: %s is missing", name);
		return !required;
	}
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) ||
	    v->valuedouble != floor(v->valuedouble)) {
		mj_bad(err, "reply: %s is not an integer", name);
		return false;
	}
	/* A double holds integers exactly only up to 2^53: beyond, the figure the server
	 * meant is unknown, and a rounded one would be shown as if it were true. */
	if (fabs(v->valuedouble) >= 9007199254740992.0) {
		mj_bad(err, "reply: %s is beyond the range of exact figures (2^53)", name);
		return false;
	}
	*out = (int64_t)v->valuedouble;
	if (present)
		*present = true;
	return true;
}

/* Free text that goes out whole (--json, --csv): copied as the server sent it, and
 * one longer than dst holds is a bad reply, never cut (only screens cut, with "…"). */
bool mj_text(const cJSON *obj, const char *name, bool required, char *dst, size_t size,
	     struct model_err *err)
{
	bool ok;
	const char *v = mj_member_str(obj, name, required, &ok, err);
	size_t n = strlen(v);

	dst[0] = '\0';
	if (!ok)
		return false;
	if (n >= size) {
		mj_bad(err, "reply: %s is longer than %zu bytes", name, size - 1);
		return false;
	}
	memcpy(dst, v, n + 1);
	return true;
}

cJSON *mj_object(const char *json, struct model_err *err)
{
	cJSON *root = json ? cJSON_Parse(json) : NULL;
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		mj_bad(err, "reply: not a JSON object");
		return NULL;
	}
	return root;
}

/* Wipes cJSON's own copies of the strings of o and of the objects in it (a card
 * inside a payment) before they are freed. */
static void wipe_strings(const cJSON *o)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, o) {
		if (cJSON_IsString(it) && it->valuestring)
			model_wipe(it->valuestring, strlen(it->valuestring));
		else if (cJSON_IsObject(it) || cJSON_IsArray(it))
			wipe_strings(it);
	}
}

/* Request bodies go through cJSON for escaping; secret ones are wiped on free. */
char *mj_print(cJSON *o, bool secret)
{
	char *s = cJSON_PrintUnformatted(o);
	if (secret)
		wipe_strings(o);
	cJSON_Delete(o);
	return s;
}

char *mj_body(int secret, ...)
{
	cJSON *o = cJSON_CreateObject();
	const char *key;
	va_list ap;

	va_start(ap, secret);
	while ((key = va_arg(ap, const char *)))
		cJSON_AddStringToObject(o, key, va_arg(ap, const char *));
	va_end(ap);
	return mj_print(o, secret);
}
