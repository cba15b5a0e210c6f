/* The model of the staff's support queue (staff_queue.h): staffGetQueue's pages and
 * staffGetRequest's request in, every field checked (a status not one of the four, an
 * instant not RFC 3339, a negative or fractional waiting time, an account number not
 * of 12 digits, an assignee without a login is a bad reply; the messages read as the
 * subscribers' are, model_support.c); the bodies of the calls out. */
#include "kabinet/model/staff_queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/model_json.h"

static const char *const status_codes[SRQ_STATUS_COUNT] = {
	[SRQ_NEW] = "NEW",
	[SRQ_IN_PROGRESS] = "IN_PROGRESS",
	[SRQ_WAITING] = "WAITING_FOR_SUBSCRIBER",
	[SRQ_CLOSED] = "CLOSED",
};

static const char *const status_names[SRQ_STATUS_COUNT] = {
	[SRQ_NEW] = N_("new"),
	[SRQ_IN_PROGRESS] = N_("in progress"),
	[SRQ_WAITING] = N_("waiting for the subscriber"),
	[SRQ_CLOSED] = N_("closed"),
};

const char *staff_req_status_code(enum staff_req_status s)
{
	return (unsigned)s < SRQ_STATUS_COUNT ? status_codes[s] : "";
}

const char *staff_req_status_name(enum staff_req_status s)
{
	return (unsigned)s < SRQ_STATUS_COUNT ? _(status_names[s]) : "";
}

void staff_req_age(const struct staff_request *r, int64_t since, char *buf, size_t size)
{
	/* waitingSeconds is within 2^53 (mj_int) and since a run's seconds: no overflow. */
	int64_t s = r->waiting_seconds + (since > 0 ? since : 0);
	int64_t d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;

	if (!r->waiting)
		snprintf(buf, size, "%s", _("answered"));
	else if (s < 60)
		snprintf(buf, size, "%s", _("under a minute"));
	else if (s < 3600)
		snprintf(buf, size, _("%d min"), (int)m);
	else if (d == 0)
		snprintf(buf, size, _("%d h %d min"), (int)h, (int)m);
	else
		snprintf(buf, size, _("%lld d %d h"), (long long)d, (int)h);
}

void model_free_staff_request(struct staff_request *r)
{
	free(r->topic);
	model_free_req_messages(r->msgs, r->nmsgs);
	memset(r, 0, sizeof(*r));
}

void model_free_staff_queue(struct staff_queue_page *p)
{
	for (size_t i = 0; p->items && i < p->n; i++)
		model_free_staff_request(&p->items[i]);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

void model_move_staff_request(struct staff_request *dst, struct staff_request *src)
{
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

static bool parse_status(const cJSON *o, struct staff_request *r, struct model_err *err)
{
	char status[32];
	int i;

	if (!mj_str(o, "status", true, status, sizeof(status), err))
		return false;
	for (i = 0; i < SRQ_STATUS_COUNT && strcmp(status, status_codes[i]); i++)
		;
	if (i == SRQ_STATUS_COUNT)
		return mj_bad(err, "reply: status is not one the API lists"), false;
	r->status = (enum staff_req_status)i;
	return true;
}

static bool parse_waiting(const cJSON *o, struct staff_request *r, struct model_err *err)
{
	if (!mj_int(o, "waitingSeconds", false, &r->waiting, &r->waiting_seconds, err))
		return false;
	if (r->waiting && r->waiting_seconds < 0)
		return mj_bad(err, "reply: waitingSeconds is negative"), false;
	return true;
}

static bool parse_assignee(const cJSON *o, struct staff_request *r, struct model_err *err)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "assignee");

	if (!a || cJSON_IsNull(a))
		return true;
	if (!cJSON_IsObject(a))
		return mj_bad(err, "reply: assignee is not an object"), false;
	return mj_ident(a, "login", MJ_LABEL, true, r->assignee_login, sizeof(r->assignee_login),
			err) &&
	       mj_str(a, "name", true, r->assignee_name, sizeof(r->assignee_name), err);
}

/* The queue's fields of a request; on failure what it holds is freed by the caller. */
static bool queue_fields(const cJSON *o, struct staff_request *r, struct model_err *err)
{
	return mj_id(o, "requestId", r->id, sizeof(r->id), err) &&
	       mj_text_dup(o, "topic", true, SUPPORT_TOPIC_BYTES, &r->topic, err) &&
	       parse_status(o, r, err) &&
	       mj_str(o, "subscriberName", true, r->subscriber, sizeof(r->subscriber), err) &&
	       mj_ident(o, "accountNumber", MJ_ACCOUNT_NUMBER, false, r->account_number,
			sizeof(r->account_number), err) &&
	       mj_instant(o, "createdAt", true, r->created_at, sizeof(r->created_at), err) &&
	       parse_waiting(o, r, err) && parse_assignee(o, r, err);
}

static bool parse_one(const cJSON *o, struct staff_request *r, bool thread,
		      struct model_err *err)
{
	const cJSON *acc;
	bool ok;

	memset(r, 0, sizeof(*r));
	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: a request is not an object"), false;
	ok = queue_fields(o, r, err);
	if (ok && thread) {
		acc = cJSON_GetObjectItemCaseSensitive(o, "accountId");
		if (acc && !cJSON_IsNull(acc))
			ok = mj_id(o, "accountId", r->account_id, sizeof(r->account_id), err);
		if (ok)
			ok = (r->msgs = model_req_messages(o, &r->nmsgs, err)) != NULL;
	}
	if (!ok)
		model_free_staff_request(r);
	return ok;
}

static bool parse_thread_item(const cJSON *o, void *item, struct model_err *err)
{
	return parse_one(o, item, true, err);
}

static bool parse_queue_item(const cJSON *o, void *item, struct model_err *err)
{
	return parse_one(o, item, false, err);
}

static void free_item(void *item)
{
	model_free_staff_request(item);
}

enum model_status model_parse_staff_request(const char *json, struct staff_request *out,
					    struct model_err *err)
{
	return mj_one(json, parse_thread_item, out, sizeof(*out), err);
}

enum model_status model_parse_staff_queue(const char *json, struct staff_queue_page *out,
					  struct model_err *err)
{
	static const struct mj_items requests = {
		.name = "requests", .required = true, .size = sizeof(struct staff_request),
		.parse = parse_queue_item, .free_one = free_item, .indexed = true,
	};

	memset(out, 0, sizeof(*out));
	out->items = mj_page(json, &requests, &out->n, out->next_cursor, sizeof(out->next_cursor),
			     err);
	return out->items ? MODEL_OK : MODEL_BAD;
}

char *model_body_staff_queue(int limit, const char *cursor)
{
	return mj_page_body(limit, cursor);
}

char *model_body_staff_status(const char *request_id, enum staff_req_status status)
{
	return mj_body(false, "requestId", request_id, "status", staff_req_status_code(status),
		       NULL);
}
