/* The model of the staff's lookup of subscribers (staff_find.h): staffFindSubscribers'
 * answer, every field untrusted: the handle an MJ_ID, the name and the masked contacts
 * text for people (null contacts empty), each account 12 ASCII digits, at most
 * STAFF_FIND_MAX subscribers and STAFF_FIND_ACCOUNTS_MAX accounts each (counted
 * before any is read), anything else a bad reply; and the body of the call. */
#include "kabinet/model/staff_find.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/model_json.h"
#include "kabinet/model/utf8.h"

static bool account_number(const char *s)
{
	return strlen(s) == 12 && strspn(s, "0123456789") == 12;
}

/* The accounts: an array of 12-digit strings. */
static bool sub_accounts(const cJSON *o, struct staff_subscriber *s, struct model_err *err)
{
	const cJSON *arr, *it;
	int n;
	size_t i = 0;

	if (!mj_array(o, "accounts", true, &arr, err))
		return false;
	n = cJSON_GetArraySize(arr);
	if (n > STAFF_FIND_ACCOUNTS_MAX)
		return mj_bad(err, "reply: accounts has more than "
			      MJ_STR(STAFF_FIND_ACCOUNTS_MAX) " items"), false;
	s->accounts = calloc((size_t)n + 1, sizeof(*s->accounts));
	if (!s->accounts)
		return mj_bad(err, "out of memory"), false;
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it) || !account_number(it->valuestring))
			return mj_bad(err, "reply: accounts[%zu] is not an account number", i),
			       false;
		memcpy(s->accounts[i++], it->valuestring, 13);
	}
	s->naccounts = i;
	return true;
}

static void free_sub(void *item)
{
	struct staff_subscriber *s = item;

	free(s->accounts);
	memset(s, 0, sizeof(*s));
}

static bool parse_sub(const cJSON *o, void *item, struct model_err *err)
{
	struct staff_subscriber *s = item;

	memset(s, 0, sizeof(*s));
	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: a subscriber is not an object"), false;
	if (mj_id(o, "subscriber", s->handle, sizeof(s->handle), err) &&
	    mj_str(o, "name", true, s->name, sizeof(s->name), err) &&
	    mj_str(o, "phone", false, s->phone, sizeof(s->phone), err) &&
	    mj_str(o, "email", false, s->email, sizeof(s->email), err) &&
	    sub_accounts(o, s, err))
		return true;
	free_sub(s);
	return false;
}

enum model_status model_parse_staff_find(const char *json, struct staff_find_result *out,
					 struct model_err *err)
{
	static const struct mj_items subs = {
		.name = "subscribers", .required = true,
		.size = sizeof(struct staff_subscriber), .parse = parse_sub,
		.free_one = free_sub, .indexed = true,
	};
	cJSON *o = mj_object(json, err);
	const cJSON *arr;

	memset(out, 0, sizeof(*out));
	if (!o)
		return MODEL_BAD;
	if (mj_array(o, "subscribers", true, &arr, err) &&
	    cJSON_GetArraySize(arr) > STAFF_FIND_MAX)
		mj_bad(err, "reply: subscribers has more than " MJ_STR(STAFF_FIND_MAX) " items");
	else if (arr)
		out->items = mj_items(o, &subs, &out->n, err);
	cJSON_Delete(o);
	return out->items ? MODEL_OK : MODEL_BAD;
}

void model_free_staff_find(struct staff_find_result *r)
{
	for (size_t i = 0; r->items && i < r->n; i++)
		free_sub(&r->items[i]);
	free(r->items);
	memset(r, 0, sizeof(*r));
}

void staff_find_accounts_text(const struct staff_subscriber *s, char *buf, size_t size)
{
	size_t used = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < s->naccounts; i++) {
		size_t need = (used ? 2 : 0) + 12;
		/* Room for this one, and for "…" after it when more follow. */
		if (used + need + (i + 1 < s->naccounts ? strlen(", …") : 0) + 1 > size) {
			if (used + strlen(", …") + 1 <= size)
				snprintf(buf + used, size - used, "%s", used ? ", …" : "…");
			return;
		}
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
					 s->accounts[i]);
	}
}

/* The characters of s, or -1 when it is not UTF-8 or holds a control character (C0,
 * DEL, C1: a line break too). */
static long plain_chars(const char *s)
{
	size_t left = strlen(s);
	long n = 0;

	if (!utf8_valid(s, left))
		return -1;
	while (left) {
		uint32_t cp = utf8_next(&s, &left);
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			return -1;
		n++;
	}
	return n;
}

const char *staff_reason_problem(const char *reason)
{
	long n = plain_chars(reason);

	if (n < 0)
		return _("No line breaks or control characters in the reason.");
	if (n < STAFF_REASON_MIN)
		return _("At least 3 characters.");
	if (n > STAFF_REASON_MAX)
		return _("At most 200 characters.");
	return NULL;
}

const char *staff_query_problem(const char *query)
{
	long n = plain_chars(query);

	if (n < 0)
		return _("No control characters in what is looked for.");
	if (n == 0)
		return _("Type what to look for: an account number, a phone, an e-mail, a login or the start of a name.");
	if (n > STAFF_FIND_QUERY_MAX)
		return _("At most 200 characters to look for.");
	return NULL;
}

char *model_staff_find_body(const char *query)
{
	return mj_body(false, "query", query, NULL);
}
