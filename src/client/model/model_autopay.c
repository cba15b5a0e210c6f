/* The model of autopay rules (autopay.h): getAutopayRules and the rule object in, every
 * field checked against its kind; the bodies of create, update, enable and delete out. */
#include "kabinet/model/autopay.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/model_json.h"

static const char *const kind_codes[AP_KIND_COUNT] = {
	[AP_THRESHOLD] = "THRESHOLD",
	[AP_MONTHLY] = "MONTHLY",
	[AP_DEBT] = "DEBT",
};

const char *ap_kind_code(enum ap_kind k)
{
	return k >= 0 && k < AP_KIND_COUNT ? kind_codes[k] : "";
}

bool ap_kind_parse(const char *code, enum ap_kind *out)
{
	for (int k = 0; k < AP_KIND_COUNT; k++)
		if (code && !strcmp(code, kind_codes[k])) {
			*out = (enum ap_kind)k;
			return true;
		}
	return false;
}

const char *ap_kind_text(enum ap_kind k)
{
	switch (k) {
	case AP_THRESHOLD:
		return _("threshold");
	case AP_MONTHLY:
		return _("monthly");
	case AP_DEBT:
		return _("debt");
	case AP_KIND_COUNT:
		break;
	}
	return "";
}

/* A figure of the rule: required (not null) when the kind uses it, null or absent when
 * it does not, within the API's range. */
static bool figure(const cJSON *obj, const char *name, bool used, int64_t min, int64_t max,
		   int64_t *out, struct model_err *err)
{
	bool present = false;

	*out = 0;
	if (!mj_int(obj, name, used, &present, out, err))
		return false;
	if (!used && present) {
		mj_bad(err, "reply: %s is given for a rule that does not use it", name);
		return false;
	}
	if (used && (*out < min || *out > max)) {
		mj_bad(err, "reply: %s is out of range", name);
		return false;
	}
	return true;
}

static bool date_ok(const char *d)
{
	return strlen(d) == 10 && ap_date_days(d) != INT64_MIN;
}

static bool parse_rule(const cJSON *it, struct ap_rule *r, struct model_err *err)
{
	char kind[16], status[16];
	const cJSON *en, *last;
	int64_t day = 0;

	memset(r, 0, sizeof(*r));
	if (!cJSON_IsObject(it))
		return mj_bad(err, "reply: a rule is not an object"), false;
	if (!mj_id(it, "ruleId", r->id, sizeof(r->id), err) ||
	    !mj_id(it, "accountId", r->account_id, sizeof(r->account_id), err) ||
	    !mj_id(it, "cardId", r->card_id, sizeof(r->card_id), err) ||
	    !mj_ident(it, "cardMask", MJ_CARD_MASK, false, r->card_mask, sizeof(r->card_mask), err) ||
	    !mj_str(it, "kind", true, kind, sizeof(kind), err))
		return false;
	if (!ap_kind_parse(kind, &r->kind))
		return mj_bad(err, "reply: kind is not THRESHOLD, MONTHLY or DEBT"), false;
	if (!figure(it, "threshold", r->kind == AP_THRESHOLD, AP_THRESHOLD_MIN, AP_MONEY_MAX,
		    &r->threshold, err) ||
	    !figure(it, "amount", r->kind != AP_DEBT, AP_AMOUNT_MIN, AP_MONEY_MAX, &r->amount,
		    err) ||
	    !figure(it, "day", r->kind == AP_MONTHLY, AP_DAY_MIN, AP_DAY_MAX, &day, err))
		return false;
	r->day = (int)day;
	en = cJSON_GetObjectItemCaseSensitive(it, "enabled");
	if (!cJSON_IsBool(en))
		return mj_bad(err, "reply: enabled is %s", en ? "not true or false" : "missing"),
		       false;
	r->enabled = cJSON_IsTrue(en);
	last = cJSON_GetObjectItemCaseSensitive(it, "lastRun");
	if (!last || cJSON_IsNull(last))
		return true;
	if (!cJSON_IsObject(last))
		return mj_bad(err, "reply: lastRun is not an object"), false;
	if (!mj_str(last, "date", true, r->last_date, sizeof(r->last_date), err) ||
	    !mj_str(last, "status", true, status, sizeof(status), err) ||
	    !mj_int(last, "amount", true, NULL, &r->last_amount, err) ||
	    !mj_str(last, "declineReason", false, r->last_reason, sizeof(r->last_reason), err))
		return false;
	if (!date_ok(r->last_date))
		return mj_bad(err, "reply: lastRun.date is not a date"), false;
	if (strcmp(status, "SUCCEEDED") && strcmp(status, "DECLINED"))
		return mj_bad(err, "reply: lastRun.status is not SUCCEEDED or DECLINED"), false;
	if (r->last_amount < 0)
		return mj_bad(err, "reply: lastRun.amount is negative"), false;
	r->last_declined = !strcmp(status, "DECLINED");
	r->has_last = true;
	return true;
}

static bool parse_rule_item(const cJSON *it, void *item, struct model_err *err)
{
	return parse_rule(it, item, err);
}

enum model_status model_parse_autopay_rules(const char *json, struct ap_rules *out,
					    struct model_err *err)
{
	static const struct mj_items rules = {
		.name = "rules", .required = true, .size = sizeof(struct ap_rule),
		.parse = parse_rule_item,
	};

	memset(out, 0, sizeof(*out));
	out->items = mj_list(json, &rules, &out->n, err);
	return out->items ? MODEL_OK : MODEL_BAD;
}

enum model_status model_parse_autopay_rule(const char *json, struct ap_rule *out,
					   struct model_err *err)
{
	return mj_one(json, parse_rule_item, out, sizeof(*out), err);
}

void model_free_autopay_rules(struct ap_rules *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

const struct ap_rule *ap_rules_find(const struct ap_rules *l, const char *account_id,
				    enum ap_kind k)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].kind == k && !strcmp(l->items[i].account_id, account_id))
			return &l->items[i];
	return NULL;
}

bool ap_rules_have_account(const struct account *a, void *rules)
{
	const struct ap_rules *l = rules;

	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->items[i].account_id, a->id))
			return true;
	return false;
}

/* --- bodies --- */

static void add_figures(cJSON *o, enum ap_kind k, int64_t threshold, int64_t amount, int day)
{
	if (k == AP_THRESHOLD)
		cJSON_AddNumberToObject(o, "threshold", (double)threshold);
	if (k != AP_DEBT)
		cJSON_AddNumberToObject(o, "amount", (double)amount);
	if (k == AP_MONTHLY)
		cJSON_AddNumberToObject(o, "day", day);
}

char *model_body_autopay_create(const char *account_id, const char *card_id, enum ap_kind k,
				int64_t threshold, int64_t amount, int day)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "accountId", account_id);
	cJSON_AddStringToObject(o, "cardId", card_id);
	cJSON_AddStringToObject(o, "kind", ap_kind_code(k));
	add_figures(o, k, threshold, amount, day);
	return mj_print(o, false);
}

char *model_body_autopay_update(const struct ap_rule *r, const char *card_id)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "ruleId", r->id);
	if (card_id)
		cJSON_AddStringToObject(o, "cardId", card_id);
	add_figures(o, r->kind, r->threshold, r->amount, r->day);
	return mj_print(o, false);
}

char *model_body_autopay_enable(const char *rule_id, bool enabled)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "ruleId", rule_id);
	cJSON_AddBoolToObject(o, "enabled", enabled);
	return mj_print(o, false);
}

char *model_body_autopay_delete(const char *rule_id)
{
	return mj_body(false, "ruleId", rule_id, NULL);
}
