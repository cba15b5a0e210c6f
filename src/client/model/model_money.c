/* The model of invoices, transfers and promised payments (model_money.h): getInvoices,
 * getInvoice, transferFunds, getPromisedPaymentOffer, activatePromisedPayment — replies
 * in, every field checked; the bodies of the calls out. */
#include "kabinet/model/model_money.h"
#include "kabinet/model/payments.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/model_json.h"
#include "kabinet/model/sums.h"

/* A required bool member. */
static bool member_bool(const cJSON *obj, const char *name, bool *out, struct model_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	if (!cJSON_IsBool(v)) {
		mj_bad(err, "reply: %s is %s", name, v ? "not true or false" : "missing");
		return false;
	}
	*out = cJSON_IsTrue(v);
	return true;
}

/* "YYYY-MM": the period of an invoice, checked so that it can be put in words. */
static bool period_ok(const char *p)
{
	return strlen(p) == 7 && p[4] == '-' && strspn(p, "0123456789-") == 7 &&
	       ((p[5] == '0' && p[6] >= '1' && p[6] <= '9') ||
		(p[5] == '1' && p[6] >= '0' && p[6] <= '2'));
}

/* The members getInvoices and getInvoice share. */
static bool parse_invoice(const cJSON *o, struct invoice *inv, struct model_err *err)
{
	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: an invoice is not an object"), false;
	if (!mj_id(o, "invoiceId", inv->id, sizeof(inv->id), err) ||
	    !mj_str(o, "period", true, inv->period, sizeof(inv->period), err) ||
	    !mj_int(o, "amount", true, NULL, &inv->amount, err) ||
	    !mj_str(o, "dueDate", true, inv->due_date, sizeof(inv->due_date), err) ||
	    !member_bool(o, "paid", &inv->paid, err))
		return false;
	if (!period_ok(inv->period))
		return mj_bad(err, "reply: period is not YYYY-MM"), false;
	return true;
}

static bool parse_invoice_item(const cJSON *o, void *item, struct model_err *err)
{
	return parse_invoice(o, item, err);
}

enum model_status model_parse_invoices(const char *json, struct invoice_list *out,
				       struct model_err *err)
{
	static const struct mj_items invoices = {
		.name = "invoices", .required = true, .size = sizeof(struct invoice),
		.parse = parse_invoice_item,
	};

	memset(out, 0, sizeof(*out));
	out->items = mj_list(json, &invoices, &out->n, err);
	return out->items ? MODEL_OK : MODEL_BAD;
}

void model_free_invoices(struct invoice_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static bool parse_line(const cJSON *it, void *item, struct model_err *err)
{
	struct invoice_line *ln = item;

	if (!cJSON_IsObject(it))
		return mj_bad(err, "reply: a line is not an object"), false;
	return mj_str(it, "service", false, ln->service, sizeof(ln->service), err) &&
	       mj_str(it, "description", false, ln->description, sizeof(ln->description), err) &&
	       mj_int(it, "amount", true, NULL, &ln->amount, err);
}

enum model_status model_parse_invoice(const char *json, struct invoice_detail *out,
				      struct model_err *err)
{
	static const struct mj_items lines = {
		.name = "lines", .required = true, .size = sizeof(struct invoice_line),
		.parse = parse_line,
	};
	cJSON *root = mj_object(json, err);
	struct invoice_detail d = { 0 };
	int64_t sum = 0;

	memset(out, 0, sizeof(*out));
	if (!root)
		return MODEL_BAD;
	if (!parse_invoice(root, &d.inv, err) ||
	    !mj_id(root, "accountId", d.inv.account_id, sizeof(d.inv.account_id), err) ||
	    !(d.lines = mj_items(root, &lines, &d.nlines, err)))
		goto fail;
	if (!sums_invoice_lines(d.lines, d.nlines, &sum)) {
		mj_bad(err, "%s", sums_beyond_text());
		goto fail;
	}
	/* The API says the lines add up to the amount: a total that does not would show
	 * figures that contradict each other. */
	if (sum != d.inv.amount) {
		mj_bad(err, "reply: the lines do not add up to the amount");
		goto fail;
	}
	cJSON_Delete(root);
	*out = d;
	return MODEL_OK;
fail:
	cJSON_Delete(root);
	model_free_invoice(&d);
	return MODEL_BAD;
}

void model_free_invoice(struct invoice_detail *d)
{
	free(d->lines);
	memset(d, 0, sizeof(*d));
}

char *model_body_invoice(const char *invoice_id)
{
	return mj_body(false, "invoiceId", invoice_id, NULL);
}

/* --- transfers --- */

char *model_body_transfer(const char *from_id, const struct pay_item *items, size_t n,
			  const char *key)
{
	cJSON *o = cJSON_CreateObject(), *arr;

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "fromAccountId", from_id);
	arr = cJSON_AddArrayToObject(o, "items");
	for (size_t i = 0; arr && i < n; i++) {
		cJSON *it = cJSON_CreateObject();
		if (!it)
			break;
		cJSON_AddStringToObject(it, "accountId", items[i].account_id);
		/* Kopecks well within 2^53: a double holds them exactly. */
		cJSON_AddNumberToObject(it, "amount", (double)items[i].amount);
		cJSON_AddItemToArray(arr, it);
	}
	cJSON_AddStringToObject(o, "idempotencyKey", key);
	return mj_print(o, false);
}

enum model_status model_parse_transfer(const char *json, struct transfer_reply *out,
				       struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	struct transfer_reply t = { 0 };
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_id(root, "transferId", t.id, sizeof(t.id), err) &&
	     mj_int(root, "fromBalance", true, NULL, &t.from_balance, err);
	cJSON_Delete(root);
	if (!ok)
		return MODEL_BAD;
	*out = t;
	return MODEL_OK;
}

/* --- promised payments --- */

enum model_status model_parse_promise_offer(const char *json, struct promise_offer *out,
					    struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	struct promise_offer p = { 0 };
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = member_bool(root, "available", &p.available, err) &&
	     mj_str(root, "reason", false, p.reason, sizeof(p.reason), err) &&
	     mj_int(root, "minAmount", true, NULL, &p.min_amount, err) &&
	     mj_int(root, "maxAmount", true, NULL, &p.max_amount, err) &&
	     mj_int(root, "days", true, NULL, &p.days, err) &&
	     mj_str(root, "expiresOn", true, p.expires_on, sizeof(p.expires_on), err);
	cJSON_Delete(root);
	if (!ok)
		return MODEL_BAD;
	if (p.available && p.reason[0])
		return mj_bad(err, "reply: available with a reason");
	if (!p.available && !p.reason[0])
		return mj_bad(err, "reply: not available, and no reason");
	if (p.available && (p.min_amount < 1 || p.max_amount < p.min_amount))
		return mj_bad(err, "reply: minAmount and maxAmount make no range");
	*out = p;
	return MODEL_OK;
}

const char *promise_reason_text(const char *reason)
{
	static const struct {
		const char *code, *text;
	} reasons[] = {
		{ "CREDIT_ACCOUNT",
		  N_("the account is paid on credit, and promised payments are for advance accounts") },
		{ "ACTIVE_PROMISE", N_("one is active on the account already") },
		{ "ALREADY_USED_THIS_MONTH",
		  N_("one was taken on this account this month already") },
		{ "NO_FEE", N_("the account has no monthly fee to cover") },
	};

	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reason && !strcmp(reason, reasons[i].code))
			return _(reasons[i].text);
	return _("the server does not offer one now");
}

char *model_body_promise(const char *account_id, int64_t amount, const char *key)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "accountId", account_id);
	cJSON_AddNumberToObject(o, "amount", (double)amount);
	cJSON_AddStringToObject(o, "idempotencyKey", key);
	return mj_print(o, false);
}

enum model_status model_parse_promise(const char *json, struct promise_reply *out,
				      struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	struct promise_reply p = { 0 };
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_id(root, "promisedPaymentId", p.id, sizeof(p.id), err) &&
	     mj_int(root, "amount", true, NULL, &p.amount, err) &&
	     mj_instant(root, "expiresAt", true, p.expires_at, sizeof(p.expires_at), err) &&
	     mj_int(root, "balance", true, NULL, &p.balance, err);
	cJSON_Delete(root);
	if (!ok)
		return MODEL_BAD;
	*out = p;
	return MODEL_OK;
}
