/* The model of the audit trail the subscriber reads (access.h): getAccessLog's pages
 * in, every field checked as untrusted (the view's id and the methods' names by their
 * shape, the staff login as a label, the instants as RFC 3339, the name and the reason
 * kept whole up to their caps, the methods at most ACCESS_METHODS_MAX), anything else
 * a bad reply; the methods in words; the body of the call out. */
#include "kabinet/model/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/date.h"
#include "kabinet/model/model_json.h"
#include "kabinet/model/text.h"

/* The API's read methods in words: what a member of staff saw by calling each; and
 * the office's actions on a company's profile. */
static const struct {
	const char *method;
	const char *words;
} method_words[] = {
	{ "getAccounts", N_("accounts") },
	{ "getAccountBalanceV2", N_("balances") },
	{ "getAccountInfo", N_("account details") },
	{ "getServiceTariffName", N_("services and tariffs") },
	{ "getServiceInfo", N_("services and tariffs") },
	{ "getAvailableTariffs", N_("available tariffs") },
	{ "getUsage", N_("usage") },
	{ "getPaymentHistory", N_("payment history") },
	{ "getPromisedPaymentOffer", N_("promised payment offer") },
	{ "getInvoices", N_("invoices") },
	{ "getInvoice", N_("invoices") },
	{ "getBoundCards", N_("bound cards") },
	{ "getPayment", N_("payments") },
	{ "getAutopayRules", N_("autopay rules") },
	{ "getFplStatus", N_("bonus program") },
	{ "getRequests", N_("support requests") },
	{ "getRequest", N_("support requests") },
	{ "getProfile", N_("profile") },
	{ "getDevices", N_("remembered devices") },
	{ "getAccessLog", N_("who looked at the data") },
	/* What the office's staff did to a company's profile (one method an entry). */
	{ "staffCreateCompany", N_("company profile created") },
	{ "staffAttachCompanyAccount", N_("account attached") },
	{ "staffIssueCompanyPassword", N_("one-time password issued") },
};

const char *access_method_words(const char *method)
{
	for (size_t i = 0; i < sizeof(method_words) / sizeof(method_words[0]); i++)
		if (!strcmp(method_words[i].method, method))
			return _(method_words[i].words);
	return method;
}

/* Whether the words of methods[0..i) already named what methods[i] names. */
static bool named_before(const struct access_view *v, size_t i, const char *words)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(access_method_words(v->methods[j].method), words))
			return true;
	return false;
}

/* An instant in local time; only its HH:MM when it is the day the view was opened. */
static const char *time_of(const struct access_view *v, const char *iso, char *buf,
			   size_t size)
{
	char opened[96];
	const char *day_end = strrchr(date_instant(iso, buf, size), ' ');

	date_instant(v->opened_at, opened, sizeof(opened));
	if (day_end && !strncmp(buf, opened, (size_t)(day_end - buf) + 1))
		return day_end + 1;
	return buf;
}

void access_methods_text(const struct access_view *v, bool with_times, char *buf,
			 size_t size)
{
	char one[512], when[96];
	size_t used = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < v->nmethods && used + 1 < size; i++) {
		const char *words = access_method_words(v->methods[i].method);
		if (named_before(v, i, words))
			continue;
		if (with_times)
			snprintf(one, sizeof(one), "%s%s (%s)", used ? ", " : "", words,
				 time_of(v, v->methods[i].first_at, when, sizeof(when)));
		else
			snprintf(one, sizeof(one), "%s%s", used ? ", " : "", words);
		text_copy(buf + used, size - used, one);
		used += strlen(buf + used);
	}
}

void model_free_access_view(struct access_view *v)
{
	free(v->staff_name);
	free(v->reason);
	free(v->methods);
	memset(v, 0, sizeof(*v));
}

void model_free_access_log(struct access_page *p)
{
	for (size_t i = 0; p->items && i < p->n; i++)
		model_free_access_view(&p->items[i]);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

void model_move_access_view(struct access_view *dst, struct access_view *src)
{
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

static bool parse_method(const cJSON *o, void *item, struct model_err *err)
{
	struct access_method *m = item;

	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: a method is not an object"), false;
	return mj_ident(o, "method", MJ_ID, true, m->method, sizeof(m->method), err) &&
	       mj_instant(o, "firstAt", true, m->first_at, sizeof(m->first_at), err);
}

/* The methods, at most ACCESS_METHODS_MAX (counted before any is read). */
static bool view_methods(const cJSON *o, struct access_view *v, struct model_err *err)
{
	static const struct mj_items methods = {
		.name = "methods", .required = true, .size = sizeof(struct access_method),
		.parse = parse_method, .indexed = true,
	};
	const cJSON *arr;

	if (!mj_array(o, "methods", true, &arr, err))
		return false;
	if (cJSON_GetArraySize(arr) > ACCESS_METHODS_MAX)
		return mj_bad(err, "reply: methods has more than " MJ_STR(ACCESS_METHODS_MAX)
			      " items"), false;
	v->methods = mj_items(o, &methods, &v->nmethods, err);
	return v->methods != NULL;
}

/* The fields of a view; on failure what was read is left for the caller to free. */
static bool view_fields(const cJSON *o, struct access_view *v, struct model_err *err)
{
	if (!mj_id(o, "viewId", v->id, sizeof(v->id), err) ||
	    !mj_ident(o, "staffLogin", MJ_LABEL, true, v->staff_login, sizeof(v->staff_login),
		      err) ||
	    !mj_text_dup(o, "staffName", true, ACCESS_NAME_BYTES, &v->staff_name, err) ||
	    !mj_text_dup(o, "reason", true, ACCESS_REASON_BYTES, &v->reason, err) ||
	    !mj_instant(o, "openedAt", true, v->opened_at, sizeof(v->opened_at), err))
		return false;
	if (!v->staff_login[0])
		return mj_bad(err, "reply: staffLogin is empty"), false;
	return view_methods(o, v, err);
}

static bool parse_view(const cJSON *o, void *item, struct model_err *err)
{
	struct access_view *v = item;

	memset(v, 0, sizeof(*v));
	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: a view is not an object"), false;
	if (!view_fields(o, v, err)) {
		model_free_access_view(v);
		return false;
	}
	return true;
}

static void free_view_item(void *item)
{
	model_free_access_view(item);
}

enum model_status model_parse_access_log(const char *json, struct access_page *out,
					 struct model_err *err)
{
	static const struct mj_items views = {
		.name = "views", .required = true, .size = sizeof(struct access_view),
		.parse = parse_view, .free_one = free_view_item, .indexed = true,
	};

	memset(out, 0, sizeof(*out));
	out->items = mj_page(json, &views, &out->n, out->next_cursor, sizeof(out->next_cursor),
			     err);
	return out->items ? MODEL_OK : MODEL_BAD;
}

char *model_body_access_log(int limit, const char *cursor)
{
	return mj_page_body(limit, cursor);
}
