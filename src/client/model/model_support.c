/* The model of support requests (support.h): getRequests' pages and the request
 * object in, every field checked (a status the API does not list, an instant that is
 * not RFC 3339, a sender other than USER or SUPPORT is a bad reply); the bodies of the
 * calls out. Message texts are kept whole (up to 4000 characters, newlines and all). */
#include "kabinet/model/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/model_json.h"
#include "kabinet/model/utf8.h"

static const char *const status_codes[REQ_STATUS_COUNT] = {
	[REQ_NEW] = "NEW",
	[REQ_IN_PROGRESS] = "IN_PROGRESS",
	[REQ_RESOLVED] = "RESOLVED",
	[REQ_CLOSED] = "CLOSED",
};

static const char *const status_names[REQ_STATUS_COUNT] = {
	[REQ_NEW] = N_("new"),
	[REQ_IN_PROGRESS] = N_("in progress"),
	[REQ_RESOLVED] = N_("resolved"),
	[REQ_CLOSED] = N_("closed"),
};

const char *req_status_code(enum req_status s)
{
	return (unsigned)s < REQ_STATUS_COUNT ? status_codes[s] : "";
}

const char *req_status_name(enum req_status s)
{
	return (unsigned)s < REQ_STATUS_COUNT ? _(status_names[s]) : "";
}

const char *req_last_at(const struct request *r)
{
	return r->nmsgs ? r->msgs[r->nmsgs - 1].at : r->created_at;
}

bool req_last_from_support(const struct request *r)
{
	return r->nmsgs && r->msgs[r->nmsgs - 1].support;
}

size_t support_chars(const char *s)
{
	return utf8_chars(s);
}

bool support_blank(const char *s)
{
	return !s || s[strspn(s, " \t\n")] == '\0';
}

void model_free_req_messages(struct req_message *msgs, size_t n)
{
	for (size_t i = 0; msgs && i < n; i++)
		free(msgs[i].text);
	free(msgs);
}

void model_free_request(struct request *r)
{
	free(r->topic);
	model_free_req_messages(r->msgs, r->nmsgs);
	memset(r, 0, sizeof(*r));
}

void model_free_requests(struct request_page *p)
{
	for (size_t i = 0; p->items && i < p->n; i++)
		model_free_request(&p->items[i]);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

void model_move_request(struct request *dst, struct request *src)
{
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

static bool parse_message(const cJSON *o, struct req_message *m, struct model_err *err)
{
	const cJSON *from, *text;

	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: a message is not an object"), false;
	from = cJSON_GetObjectItemCaseSensitive(o, "from");
	if (!cJSON_IsString(from) ||
	    (strcmp(from->valuestring, "USER") && strcmp(from->valuestring, "SUPPORT")))
		return mj_bad(err, "reply: from is %s",
			      !from ? "missing" : "neither USER nor SUPPORT"), false;
	m->support = !strcmp(from->valuestring, "SUPPORT");
	if (!mj_instant(o, "at", true, m->at, sizeof(m->at), err) ||
	    (m->support && !mj_str(o, "author", false, m->author, sizeof(m->author), err)))
		return false;
	text = cJSON_GetObjectItemCaseSensitive(o, "text");
	if (!cJSON_IsString(text))
		return mj_bad(err, "reply: text is %s", text ? "not a string" : "missing"), false;
	if (!(m->text = strdup(text->valuestring)))
		return mj_bad(err, "out of memory"), false;
	return true;
}

static bool parse_message_item(const cJSON *o, void *item, struct model_err *err)
{
	return parse_message(o, item, err);
}

static void free_message_item(void *item)
{
	struct req_message *m = item;

	free(m->text);
}

struct req_message *model_req_messages(const cJSON *o, size_t *n, struct model_err *err)
{
	static const struct mj_items messages = {
		.name = "messages", .required = true, .size = sizeof(struct req_message),
		.parse = parse_message_item, .free_one = free_message_item,
	};

	return mj_items(o, &messages, n, err);
}

/* The fields of a request; on failure nothing is left to free. */
static bool request_fields(const cJSON *o, struct request *r, struct model_err *err)
{
	const cJSON *acc;
	char status[32];
	int i;

	if (!mj_id(o, "requestId", r->id, sizeof(r->id), err) ||
	    !mj_instant(o, "createdAt", true, r->created_at, sizeof(r->created_at), err) ||
	    !mj_text_dup(o, "topic", true, SUPPORT_TOPIC_BYTES, &r->topic, err) ||
	    !mj_str(o, "status", true, status, sizeof(status), err))
		return false;
	for (i = 0; i < REQ_STATUS_COUNT && strcmp(status, status_codes[i]); i++)
		;
	if (i == REQ_STATUS_COUNT)
		return mj_bad(err, "reply: status is not one the API lists"), false;
	r->status = (enum req_status)i;
	acc = cJSON_GetObjectItemCaseSensitive(o, "accountId");
	if (acc && !cJSON_IsNull(acc) && !mj_id(o, "accountId", r->account_id, sizeof(r->account_id), err))
		return false;
	r->msgs = model_req_messages(o, &r->nmsgs, err);
	return r->msgs != NULL;
}

static bool parse_request(const cJSON *o, struct request *r, struct model_err *err)
{
	memset(r, 0, sizeof(*r));
	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: a request is not an object"), false;
	if (!request_fields(o, r, err)) {
		model_free_request(r);
		return false;
	}
	return true;
}

static bool parse_request_item(const cJSON *o, void *item, struct model_err *err)
{
	return parse_request(o, item, err);
}

enum model_status model_parse_request(const char *json, struct request *out,
				      struct model_err *err)
{
	return mj_one(json, parse_request_item, out, sizeof(*out), err);
}

static void free_request_item(void *item)
{
	model_free_request(item);
}

enum model_status model_parse_requests(const char *json, struct request_page *out,
				       struct model_err *err)
{
	static const struct mj_items requests = {
		.name = "requests", .required = true, .size = sizeof(struct request),
		.parse = parse_request_item, .free_one = free_request_item, .indexed = true,
	};

	memset(out, 0, sizeof(*out));
	out->items = mj_page(json, &requests, &out->n, out->next_cursor, sizeof(out->next_cursor),
			     err);
	return out->items ? MODEL_OK : MODEL_BAD;
}

char *model_body_requests(int limit, const char *cursor)
{
	return mj_page_body(limit, cursor);
}

char *model_body_request_id(const char *request_id)
{
	return mj_body(false, "requestId", request_id, NULL);
}

char *model_body_create_request(const char *topic, const char *account_id, const char *text)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "topic", topic);
	cJSON_AddStringToObject(o, "text", text);
	if (account_id && *account_id)
		cJSON_AddStringToObject(o, "accountId", account_id);
	return mj_print(o, false);
}

char *model_body_request_message(const char *request_id, const char *text)
{
	return mj_body(false, "requestId", request_id, "text", text, NULL);
}
