/* The JSON helpers the model's files share (model_json.h): every field checked, text
 * cut on a character boundary, identifiers never cut and held to the contract's
 * shapes, integers exact. */
#include "kabinet/model/model_json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/text.h"
#include "kabinet/model/utf8.h"

enum model_status mj_bad(struct model_err *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return MODEL_BAD;
}

bool mj_array(const cJSON *obj, const char *name, bool required, const cJSON **out,
	      struct model_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	*out = NULL;
	if (!required && (!v || cJSON_IsNull(v)))
		return true;
	if (!cJSON_IsArray(v))
		return mj_bad(err, "reply: %s is %s", name, v ? "not an array" : "missing"), false;
	*out = v;
	return true;
}

/* Frees the first n items of a failed read. */
static void mj_items_free(const struct mj_items *how, char *items, size_t n)
{
	for (size_t i = 0; how->free_one && i < n; i++)
		how->free_one(items + i * how->size);
	free(items);
}

/* "reply: NAME[i]: " before what the element's reader said. */
static void mj_items_which(const struct mj_items *how, size_t i, struct model_err *err)
{
	char why[sizeof(err->msg)];
	const char *w = strncmp(err->msg, "reply: ", 7) ? err->msg : err->msg + 7;

	snprintf(why, sizeof(why), "%s", w);
	mj_bad(err, "reply: %s[%zu]: %s", how->name, i, why);
}

void *mj_items(const cJSON *obj, const struct mj_items *how, size_t *n, struct model_err *err)
{
	const cJSON *arr, *it;
	char *items;

	*n = 0;
	if (!mj_array(obj, how->name, how->required, &arr, err))
		return NULL;
	items = calloc((size_t)cJSON_GetArraySize(arr) + 1, how->size);
	if (!items)
		return mj_bad(err, "out of memory"), NULL;
	cJSON_ArrayForEach(it, arr) {
		if (!how->parse(it, items + *n * how->size, err)) {
			if (how->indexed)
				mj_items_which(how, *n, err);
			mj_items_free(how, items, *n);
			*n = 0;
			return NULL;
		}
		++*n;
	}
	return items;
}

void *mj_list(const char *json, const struct mj_items *how, size_t *n, struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	void *items;

	*n = 0;
	if (!root)
		return NULL;
	items = mj_items(root, how, n, err);
	cJSON_Delete(root);
	return items;
}

enum model_status mj_one(const char *json, bool (*parse)(const cJSON *o, void *out,
							 struct model_err *err),
			 void *out, size_t size, struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	bool ok;

	memset(out, 0, size);
	if (!root)
		return MODEL_BAD;
	ok = parse(root, out, err);
	cJSON_Delete(root);
	return ok ? MODEL_OK : MODEL_BAD;
}

void *mj_page(const char *json, const struct mj_items *how, size_t *n, char *cursor,
	      size_t cursor_size, struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	char *items = NULL;

	*n = 0;
	if (root && (items = mj_items(root, how, n, err)) &&
	    !mj_ident(root, "nextCursor", MJ_CURSOR, false, cursor, cursor_size, err)) {
		mj_items_free(how, items, *n);
		items = NULL;
		*n = 0;
	}
	if (!items)
		memset(cursor, 0, cursor_size);
	cJSON_Delete(root);
	return items;
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

/* A code point that makes an identifier look like another one or hide part of it:
 * controls (C0, DEL, C1), bidi controls, zero-width and other invisible or format
 * characters, noncharacters and U+FFFD (which stands for a NUL, see mj_object). */
static bool cp_hidden(uint32_t cp)
{
	static const uint32_t ranges[][2] = {
		{ 0x0000, 0x001f }, { 0x007f, 0x009f }, { 0x00ad, 0x00ad }, { 0x034f, 0x034f },
		{ 0x061c, 0x061c }, { 0x115f, 0x1160 }, { 0x17b4, 0x17b5 }, { 0x180b, 0x180f },
		{ 0x200b, 0x200f }, { 0x2028, 0x202f }, { 0x205f, 0x206f }, { 0x3164, 0x3164 },
		{ 0xfe00, 0xfe0f }, { 0xfeff, 0xfeff }, { 0xffa0, 0xffa0 }, { 0xfff0, 0xffff },
		{ 0x1d173, 0x1d17a }, { 0xe0000, 0xe0fff },
	};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	return false;
}

/* A digit that is not ASCII but reads as one: the decimal digits of other scripts
 * (each block of ten starts at one of these zeros), the mathematical, superscript,
 * subscript and circled ones. */
static bool cp_other_digit(uint32_t cp)
{
	static const uint32_t zeros[] = {
		0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66,
		0x0ce6, 0x0d66, 0x0de6, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810,
		0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0,
		0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066,
		0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730,
		0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1e140,
		0x1e2f0, 0x1e950, 0x1fbf0,
	};
	for (size_t i = 0; i < sizeof(zeros) / sizeof(zeros[0]); i++)
		if (cp >= zeros[i] && cp < zeros[i] + 10)
			return true;
	return cp == 0xb2 || cp == 0xb3 || cp == 0xb9 || (cp >= 0x2070 && cp <= 0x2089) ||
	       (cp >= 0x2460 && cp <= 0x249b) || (cp >= 0x24ea && cp <= 0x24ff) ||
	       (cp >= 0x2776 && cp <= 0x2793) || (cp >= 0x1d7ce && cp <= 0x1d7ff);
}

/* A name shown as an identifier (a service's number or login): valid
 * UTF-8 with nothing hidden and no digit that only looks like one. */
static bool label_ok(const char *s)
{
	size_t len = strlen(s);
	while (len) {
		uint32_t cp;
		size_t n = utf8_decode(s, len, &cp);
		if (!n || cp_hidden(cp) || cp_other_digit(cp))
			return false;
		s += n;
		len -= n;
	}
	return true;
}

/* Exactly n ASCII digits. */
static bool digits_ok(const char *s, size_t n)
{
	size_t i = 0;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return i == n && !s[i];
}

/* Every byte from `set` (an ASCII alphabet), between min and max of them. */
static bool alphabet_ok(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s);
	return n >= min && n <= max && strspn(s, set) == n;
}

#define ID_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~:"

/* The contract's shapes (docs/api.md, "Conventions"): what kind of identifier s is
 * and whether it has that shape; the words for the reply that does not. */
static bool ident_ok(enum mj_ident kind, const char *s, const char **shape)
{
	switch (kind) {
	case MJ_ID:
		*shape = "an id (1 to " MJ_STR(MJ_ID_MAX) " ASCII letters, digits, - _ . ~ :)";
		return alphabet_ok(s, ID_ALPHABET, 1, MJ_ID_MAX);
	case MJ_CURSOR:
		*shape = "a cursor (1 to " MJ_STR(MJ_CURSOR_MAX) " ASCII letters, digits, - _ . ~ :)";
		return alphabet_ok(s, ID_ALPHABET, 1, MJ_CURSOR_MAX);
	case MJ_ACCOUNT_NUMBER:
		*shape = "an account number (12 ASCII digits)";
		return digits_ok(s, 12);
	case MJ_PHONE:
		*shape = "a phone number (+7 and 10 ASCII digits)";
		return s[0] == '+' && s[1] == '7' && digits_ok(s + 2, 10);
	case MJ_CARD_MASK:
		*shape = "a card mask (ASCII digits, * and spaces)";
		return alphabet_ok(s, "0123456789* ", 1, 31) && strpbrk(s, "0123456789");
	case MJ_LABEL:
		*shape = "a name without control, bidi, invisible or non-ASCII digit characters";
		return label_ok(s);
	}
	return false;
}

/* An identifier: ids the client sends back (accountId, serviceId, ...), account and
 * phone numbers, card masks, cursors and the names shown as identifiers. Cutting one
 * would name something else, and a look-alike (a zero-width space, Arabic-Indic
 * digits) would print as a real one: what does not fit the contract, or dst, is a bad
 * reply, never cut. Absent, null or "" is "" when optional (nothing to mistake). */
bool mj_ident(const cJSON *obj, const char *name, enum mj_ident kind, bool required,
	      char *dst, size_t size, struct model_err *err)
{
	bool ok;
	const char *shape = "";
	const char *v = mj_member_str(obj, name, required, &ok, err);
	size_t len = strlen(v);

	dst[0] = '\0';
	if (!ok)
		return false;
	if (!*v && !required)
		return true;
	if (!ident_ok(kind, v, &shape)) {
		mj_bad(err, "reply: %s is not %s", name, shape);
		return false;
	}
	if (len >= size) {
		mj_bad(err, "reply: %s is too long", name);
		return false;
	}
	memcpy(dst, v, len + 1);
	return true;
}

bool mj_id(const cJSON *obj, const char *name, char *dst, size_t size, struct model_err *err)
{
	return mj_ident(obj, name, MJ_ID, true, dst, size, err);
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

bool mj_text_dup(const cJSON *obj, const char *name, bool required, size_t max, char **dst,
		 struct model_err *err)
{
	bool ok;
	const char *v = mj_member_str(obj, name, required, &ok, err);
	size_t n = strlen(v);

	*dst = NULL;
	if (!ok)
		return false;
	if (n > max) {
		mj_bad(err, "reply: %s is longer than %zu bytes", name, max);
		return false;
	}
	if (!(*dst = malloc(n + 1))) {
		mj_bad(err, "out of memory");
		return false;
	}
	memcpy(*dst, v, n + 1);
	return true;
}

/* YYYY-MM-DDTHH:MM:SS then Z or an offset, perhaps a fraction between: the screens
 * show its date and time. */
static bool instant_ok(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t n = sizeof(shape) - 1;

	if (strlen(s) < n + 1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return false;
	s += n;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	return !strcmp(s, "Z") || ((*s == '+' || *s == '-') && strlen(s) == 6 && s[3] == ':');
}

/* An RFC 3339 instant, whole: one of another shape, or too long for dst, is a bad
 * reply (a date is read, never shown as text, so it is never cut). */
bool mj_instant(const cJSON *obj, const char *name, bool required, char *dst, size_t size,
		struct model_err *err)
{
	bool ok;
	const char *v = mj_member_str(obj, name, required, &ok, err);

	dst[0] = '\0';
	if (!ok)
		return false;
	if (!*v && !required)
		return true;	/* optional and absent */
	if (!instant_ok(v) || strlen(v) >= size) {
		mj_bad(err, "reply: %s is not an RFC 3339 instant", name);
		return false;
	}
	memcpy(dst, v, strlen(v) + 1);
	return true;
}

/* A NUL escape is read as U+FFFD (text_json_nul_replaced()): an identifier with it
 * fails its shape (mj_ident). Refusing every such reply would also refuse a NUL in a
 * free text, which the drawing shows neutralised anyway. */
cJSON *mj_object(const char *json, struct model_err *err)
{
	cJSON *root = NULL;

	if (json && strstr(json, "\\u0000")) {
		char *copy = text_json_nul_replaced(json);
		if (!copy) {
			mj_bad(err, "out of memory");
			return NULL;
		}
		root = cJSON_Parse(copy);
		/* The reply may hold a token. */
		model_wipe(copy, strlen(copy));
		free(copy);
	} else if (json) {
		root = cJSON_Parse(json);
	}
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

char *mj_page_body(int limit, const char *cursor)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	if (limit > 0)
		cJSON_AddNumberToObject(o, "limit", limit);
	if (cursor && *cursor)
		cJSON_AddStringToObject(o, "cursor", cursor);
	return mj_print(o, false);
}
