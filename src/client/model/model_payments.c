/* The model of card payments (docs/api.md "Card payments and bound cards"): the
 * payment object, the idempotency key of an intent, what a card number says about
 * itself (Luhn, system), and the bodies of createPayment, bindCard, confirmPayment.
 * A body with a card in it is secret: its strings are wiped when printed, and the
 * caller frees it with model_free_secret_body(). */
#include "kabinet/model/payments.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "kabinet/i18n.h"
#include "kabinet/model/model_json.h"

int pay_new_key(char key[PAY_KEY_SIZE])
{
	unsigned char raw[16];
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			key[0] = '\0';
			return -1;
		}
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(key + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

/* --- the payment object --- */

static bool parse_status(const char *s, enum pay_status *out)
{
	if (!strcmp(s, "SUCCEEDED"))
		*out = PAY_SUCCEEDED;
	else if (!strcmp(s, "DECLINED"))
		*out = PAY_DECLINED;
	else if (!strcmp(s, "PENDING_3DS"))
		*out = PAY_PENDING_3DS;
	else
		return false;
	return true;
}

static enum pay_kind parse_kind(const char *s)
{
	if (!strcmp(s, "BIND"))
		return PAY_KIND_BIND;
	if (!strcmp(s, "AUTOPAY"))
		return PAY_KIND_AUTOPAY;
	return PAY_KIND_PAYMENT;
}

static bool parse_items(const cJSON *root, struct payment *p, struct model_err *err)
{
	const cJSON *arr, *it;

	if (!mj_array(root, "items", false, &arr, err))
		return false;
	if (!arr)
		return true;
	cJSON_ArrayForEach(it, arr) {
		struct pay_item *item;
		if (p->nitems == PAY_ITEMS_MAX) {
			mj_bad(err, "reply: more than %d items", PAY_ITEMS_MAX);
			return false;
		}
		if (!cJSON_IsObject(it)) {
			mj_bad(err, "reply: an item is not an object");
			return false;
		}
		item = &p->items[p->nitems++];
		if (!mj_id(it, "accountId", item->account_id, sizeof(item->account_id), err) ||
		    !mj_int(it, "amount", true, NULL, &item->amount, err))
			return false;
	}
	return true;
}

enum model_status model_parse_payment(const char *json, struct payment *out,
				      struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	struct payment p = { 0 };
	char status[24] = "", kind[16] = "";
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_id(root, "paymentId", p.id, sizeof(p.id), err) &&
	     mj_str(root, "status", true, status, sizeof(status), err) &&
	     mj_str(root, "kind", false, kind, sizeof(kind), err) &&
	     mj_int(root, "amount", true, NULL, &p.amount, err) &&
	     mj_instant(root, "createdAt", false, p.created_at, sizeof(p.created_at), err) &&
	     mj_str(root, "declineReason", false, p.decline_reason, sizeof(p.decline_reason), err) &&
	     mj_ident(root, "cardMask", MJ_CARD_MASK, false, p.card_mask, sizeof(p.card_mask), err) &&
	     mj_ident(root, "sentTo", MJ_LABEL, false, p.sent_to, sizeof(p.sent_to), err) &&
	     parse_items(root, &p, err);
	if (ok) {
		const cJSON *card = cJSON_GetObjectItemCaseSensitive(root, "cardId");
		if (cJSON_IsString(card))
			ok = mj_id(root, "cardId", p.card_id, sizeof(p.card_id), err);
		else if (card && !cJSON_IsNull(card))
			ok = mj_bad(err, "reply: cardId is not a string") == MODEL_OK;
	}
	if (ok && !parse_status(status, &p.status))
		ok = mj_bad(err, "reply: unknown payment status '%.40s'", status) == MODEL_OK;
	/* An older name of the mask: absent is fine, a bad one makes the reply bad. */
	if (ok && !p.card_mask[0])
		ok = mj_ident(root, "mask", MJ_CARD_MASK, false, p.card_mask, sizeof(p.card_mask), err);
	p.kind = parse_kind(kind);
	if (ok && p.amount < 0)
		ok = mj_bad(err, "reply: a negative amount") == MODEL_OK;
	cJSON_Delete(root);
	if (!ok)
		return MODEL_BAD;
	*out = p;
	return MODEL_OK;
}

const char *pay_decline_text(const char *reason)
{
	static const struct {
		const char *code, *text;
	} reasons[] = {
		{ "INSUFFICIENT_FUNDS", N_("there is not enough money on the card") },
		{ "CARD_BLOCKED", N_("the card is blocked: ask your bank") },
		{ "3DS_FAILED", N_("the confirmation code was wrong three times") },
		{ "3DS_EXPIRED", N_("no confirmation code came within 5 minutes") },
		{ "3DS_REQUIRED", N_("the card asks for a confirmation code, which autopay cannot give") },
		{ "CARD_DELETED", N_("the card was unbound") },
		{ "CANCELLED", N_("it was cancelled before the code was typed") },
	};

	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reason && !strcmp(reason, reasons[i].code))
			return _(reasons[i].text);
	return _("the bank declined the payment");
}

/* --- cards --- */

bool pay_luhn_ok(const char *digits)
{
	size_t n = strlen(digits);
	int sum = 0;

	if (n < 16 || n > 19)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		if (d < 0 || d > 9)
			return false;
		if (i % 2) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

/* The number's first `len` digits as a number (0 when it is shorter). */
static int prefix(const char *digits, size_t len)
{
	int v = 0;

	if (strlen(digits) < len)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (digits[i] < '0' || digits[i] > '9')
			return 0;
		v = v * 10 + (digits[i] - '0');
	}
	return v;
}

const char *pay_card_system(const char *digits)
{
	int p4 = prefix(digits, 4), p2 = prefix(digits, 2);

	if (p4 >= 2200 && p4 <= 2204)
		return "MIR";
	if (digits[0] == '4')
		return "VISA";
	if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
		return "MASTERCARD";
	return NULL;
}

const char *pay_card_system_name(const char *code)
{
	if (!strcmp(code, "MIR"))
		return _("MIR");
	if (!strcmp(code, "VISA"))
		return "Visa";
	if (!strcmp(code, "MASTERCARD"))
		return "Mastercard";
	return code;
}

/* --- bodies --- */

static cJSON *card_object(const struct new_card *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "pan", c->pan);
	cJSON_AddNumberToObject(o, "expMonth", c->exp_month);
	cJSON_AddNumberToObject(o, "expYear", c->exp_year);
	cJSON_AddStringToObject(o, "cvc", c->cvc);
	if (c->holder[0])
		cJSON_AddStringToObject(o, "holder", c->holder);
	return o;
}

static cJSON *items_array(const struct pay_item *items, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		cJSON *it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "accountId", items[i].account_id);
		/* Kopecks are integers below 2^53: exact as a double. */
		cJSON_AddNumberToObject(it, "amount", (double)items[i].amount);
		cJSON_AddItemToArray(arr, it);
	}
	return arr;
}

char *model_body_create_payment(const struct pay_item *items, size_t n, const char *card_id,
				const struct new_card *card, const struct pay_receipt *receipt,
				const char *key)
{
	cJSON *o = cJSON_CreateObject(), *source = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "items", items_array(items, n));
	if (card_id)
		cJSON_AddStringToObject(source, "cardId", card_id);
	else
		cJSON_AddItemToObject(source, "card", card_object(card));
	cJSON_AddItemToObject(o, "source", source);
	if (receipt && receipt->to[0]) {
		cJSON *r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, receipt->email ? "email" : "phone", receipt->to);
		cJSON_AddItemToObject(o, "receipt", r);
	}
	cJSON_AddStringToObject(o, "idempotencyKey", key);
	return mj_print(o, true);
}

char *model_body_bind_card(const struct new_card *card, const char *key)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "card", card_object(card));
	cJSON_AddStringToObject(o, "idempotencyKey", key);
	return mj_print(o, true);
}

char *model_body_confirm_payment(const char *payment_id, const char *code)
{
	return mj_body(true, "paymentId", payment_id, "code", code, (const char *)NULL);
}

char *model_body_payment_id(const char *payment_id)
{
	return mj_body(false, "paymentId", payment_id, (const char *)NULL);
}

char *model_body_idempotency_key(const char *key)
{
	return mj_body(false, "idempotencyKey", key, (const char *)NULL);
}

enum model_status model_parse_key_check(const char *json, struct key_check *out,
					struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	struct key_check k = { 0 };
	char state[16] = "";
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_str(root, "state", true, state, sizeof(state), err);
	if (ok && !strcmp(state, "USED")) {
		const cJSON *answer = cJSON_GetObjectItemCaseSensitive(root, "answer");
		k.used = true;
		ok = mj_id(root, "method", k.method, sizeof(k.method), err);
		if (ok && !cJSON_IsObject(answer))
			ok = mj_bad(err, "reply: answer is not an object") == MODEL_OK;
		if (ok && !(k.answer = cJSON_PrintUnformatted(answer)))
			ok = mj_bad(err, "out of memory") == MODEL_OK;
	} else if (ok && strcmp(state, "VOID")) {
		ok = mj_bad(err, "reply: unknown state '%.16s'", state) == MODEL_OK;
	}
	cJSON_Delete(root);
	if (!ok) {
		model_free_key_check(&k);
		return MODEL_BAD;
	}
	*out = k;
	return MODEL_OK;
}

void model_free_key_check(struct key_check *k)
{
	if (k->answer)
		cJSON_free(k->answer);
	k->answer = NULL;
}
