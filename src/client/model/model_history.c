/* The history part of the model of money (history.h): getPaymentHistory's pages in,
 * rows out, every field checked; its request body out; the types in words. */
#include "kabinet/model/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/model_json.h"

static const char *const type_codes[HIST_TYPE_COUNT] = {
	[HIST_PAYMENT] = "PAYMENT",
	[HIST_CHARGE] = "CHARGE",
	[HIST_TRANSFER_IN] = "TRANSFER_IN",
	[HIST_TRANSFER_OUT] = "TRANSFER_OUT",
	[HIST_PROMISED] = "PROMISED",
	[HIST_BONUS] = "BONUS",
	[HIST_REFUND] = "REFUND",
	[HIST_AUTOPAY] = "AUTOPAY",
};

static const char *const type_names[HIST_TYPE_COUNT] = {
	[HIST_PAYMENT] = N_("Card payment"),
	[HIST_CHARGE] = N_("Charge"),
	[HIST_TRANSFER_IN] = N_("Transfer from an account"),
	[HIST_TRANSFER_OUT] = N_("Transfer to an account"),
	[HIST_PROMISED] = N_("Promised payment"),
	[HIST_BONUS] = N_("Bonuses"),
	[HIST_REFUND] = N_("Refund"),
	[HIST_AUTOPAY] = N_("Autopay"),
};

/* Short words for a narrow column, where the word for people is longer than these. */
static const char *const type_briefs[HIST_TYPE_COUNT] = {
	[HIST_PAYMENT] = N_("Card pmt"),
	[HIST_TRANSFER_IN] = N_("From acct"),
	[HIST_TRANSFER_OUT] = N_("To acct"),
	[HIST_PROMISED] = N_("Promise"),
};

const char *hist_type_code(enum hist_type t)
{
	return (unsigned)t < HIST_TYPE_COUNT ? type_codes[t] : "";
}

const char *hist_type_name(enum hist_type t)
{
	return (unsigned)t < HIST_TYPE_COUNT ? _(type_names[t]) : _("Unknown type");
}

const char *hist_type_brief(enum hist_type t)
{
	if ((unsigned)t >= HIST_TYPE_COUNT)
		return _("Unknown type");
	return _(type_briefs[t] ? type_briefs[t] : type_names[t]);
}

enum hist_type hist_type_by_code(const char *code)
{
	for (int i = 0; code && i < HIST_TYPE_COUNT; i++)
		if (!strcmp(code, type_codes[i]))
			return (enum hist_type)i;
	return HIST_UNKNOWN;
}

void model_free_history(struct hist_page *p)
{
	for (size_t i = 0; p->items && i < p->n; i++)
		free(p->items[i].description);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

/* YYYY-MM-DD as digits and dashes: the screen sorts and shows it as a date. */
static bool iso_date_shape(const char *s)
{
	static const char shape[] = "dddd-dd-dd";

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return false;
	return true;
}

static bool parse_row(const cJSON *it, struct hist_row *r, struct model_err *err)
{
	if (!cJSON_IsObject(it)) {
		mj_bad(err, "reply: a row of the history is not an object");
		return false;
	}
	if (!mj_id(it, "id", r->id, sizeof(r->id), err) ||
	    !mj_id(it, "accountId", r->account_id, sizeof(r->account_id), err) ||
	    !mj_str(it, "date", true, r->date, sizeof(r->date), err) ||
	    !mj_text(it, "type", true, r->type_code, sizeof(r->type_code), err) ||
	    !mj_int(it, "amount", true, NULL, &r->amount, err) ||
	    !mj_text_dup(it, "description", false, HIST_DESCRIPTION_MAX, &r->description, err))
		return false;
	if (!iso_date_shape(r->date) || !r->type_code[0]) {
		mj_bad(err, "reply: %s",
		       !iso_date_shape(r->date) ? "date is not YYYY-MM-DD" : "type is empty");
		free(r->description);
		r->description = NULL;
		return false;
	}
	r->type = hist_type_by_code(r->type_code);
	return true;
}

static bool parse_row_item(const cJSON *it, void *item, struct model_err *err)
{
	return parse_row(it, item, err);
}

static void free_row_item(void *item)
{
	struct hist_row *r = item;

	free(r->description);
}

/* The reply's total: always sent (docs/api.md), so a missing or null one is a bad
 * reply, as is a negative one. */
static bool parse_total(const char *json, struct hist_page *out, struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	bool ok = root && mj_int(root, "total", true, NULL, &out->total, err);

	cJSON_Delete(root);
	if (ok && out->total < 0) {
		mj_bad(err, "reply: %s", "total is negative");
		ok = false;
	}
	return ok;
}

enum model_status model_parse_history(const char *json, struct hist_page *out,
				      struct model_err *err)
{
	/* A failure says which row, then what of it ("reply: items[3]: amount is
	 * missing"). */
	static const struct mj_items rows = {
		.name = "items", .required = true, .size = sizeof(struct hist_row),
		.parse = parse_row_item, .free_one = free_row_item, .indexed = true,
	};

	memset(out, 0, sizeof(*out));
	out->items = mj_page(json, &rows, &out->n, out->next_cursor, sizeof(out->next_cursor), err);
	if (out->items && !parse_total(json, out, err)) {
		model_free_history(out);
		return MODEL_BAD;
	}
	return out->items ? MODEL_OK : MODEL_BAD;
}

char *model_body_history(const struct hist_filter *f, int limit, const char *cursor)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	if (f && f->account_id[0])
		cJSON_AddStringToObject(o, "accountId", f->account_id);
	if (f && f->from[0])
		cJSON_AddStringToObject(o, "from", f->from);
	if (f && f->to[0])
		cJSON_AddStringToObject(o, "to", f->to);
	if (f && f->types) {
		cJSON *arr = cJSON_AddArrayToObject(o, "types");
		for (int i = 0; arr && i < HIST_TYPE_COUNT; i++)
			if (f->types & (1u << i))
				cJSON_AddItemToArray(arr, cJSON_CreateString(type_codes[i]));
	}
	if (f && f->q[0])
		cJSON_AddStringToObject(o, "q", f->q);
	if (f && f->asc)
		cJSON_AddStringToObject(o, "order", "asc");
	if (limit > 0)
		cJSON_AddNumberToObject(o, "limit", limit);
	if (cursor && *cursor)
		cJSON_AddStringToObject(o, "cursor", cursor);
	return mj_print(o, false);
}
