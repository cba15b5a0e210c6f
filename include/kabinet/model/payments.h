/* The model of card payments (docs/api.md "Card payments and bound cards",
 * model_payments.c): the payment object, a new card, the idempotency keys of money
 * calls — replies in, plain structs out; request bodies out. Pure like model.h: no
 * curses, no network. Bound cards are cards.h's, the history history.h's, invoices,
 * transfers and promises model_money.h's. */
#ifndef KABINET_PAYMENTS_H
#define KABINET_PAYMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/model/model.h"

/* What the API takes (docs/api.md). */
#define PAY_ITEMS_MAX 10			/* accounts in one payment or transfer */
#define PAY_AMOUNT_MIN INT64_C(100)		/* kopecks per account */
#define PAY_AMOUNT_MAX INT64_C(1500000)

/* --- idempotency (model_payments.c) --- */

/* One key per intent: 128 random bits as 32 hex digits (getrandom). Returns 0, or -1
 * when no randomness could be had (then nothing that moves money is sent). */
#define PAY_KEY_SIZE 33
int pay_new_key(char key[PAY_KEY_SIZE]);

/* --- the payment object (model_payments.c) --- */

enum pay_status { PAY_SUCCEEDED, PAY_DECLINED, PAY_PENDING_3DS };
enum pay_kind { PAY_KIND_PAYMENT, PAY_KIND_BIND, PAY_KIND_AUTOPAY };

struct pay_item {
	char account_id[64];
	int64_t amount;
};

struct payment {
	char id[64];
	enum pay_kind kind;
	enum pay_status status;
	int64_t amount;
	struct pay_item items[PAY_ITEMS_MAX];
	size_t nitems;
	char created_at[32];
	char decline_reason[32];	/* the API's word, "" unless DECLINED */
	char card_id[64];		/* "" when null */
	char card_mask[32];
	char sent_to[MODEL_SENT_TO_MAX + 1];	/* PENDING_3DS: where the code went */
};
enum model_status model_parse_payment(const char *json, struct payment *out,
				      struct model_err *err);
/* A decline reason in words (translated): "the card has not enough money", ... */
const char *pay_decline_text(const char *reason);

/* A new card as typed. Secret: wipe with model_wipe() after the request. */
struct new_card {
	char pan[20];			/* digits only */
	int exp_month, exp_year;	/* 1-12, four digits */
	char cvc[4];
	char holder[27];		/* "" when not given */
};
/* Digits of a card number: Luhn check, length 16-19. */
bool pay_luhn_ok(const char *digits);
/* "MIR", "VISA", "MASTERCARD" by the number's first digits, or NULL. */
const char *pay_card_system(const char *digits);
/* A system's name for people, one spelling everywhere: "MIR" (МИР in Russian), "Visa",
 * "Mastercard" for the codes MIR, VISA, MASTERCARD; another code as it is. */
const char *pay_card_system_name(const char *code);

/* --- bodies (model_payments.c); secret ones are freed with model_free_secret_body() --- */

struct pay_receipt {
	bool email;			/* else phone */
	char to[256];			/* "" for no receipt */
};
/* createPayment: the items, a bound card (card_id) or a new card, the receipt (NULL
 * or to "" for none) and the intent's key. */
char *model_body_create_payment(const struct pay_item *items, size_t n, const char *card_id,
				const struct new_card *card, const struct pay_receipt *receipt,
				const char *key);
char *model_body_bind_card(const struct new_card *card, const char *key);
char *model_body_confirm_payment(const char *payment_id, const char *code);
char *model_body_payment_id(const char *payment_id);
/* checkIdempotencyKey: what became of a money call whose answer was lost. */
char *model_body_idempotency_key(const char *key);
struct key_check {
	bool used;		/* a call took effect under the key; false: void, nothing done */
	char method[32];	/* when used: the method that did */
	char *answer;		/* when used: that call's answer as JSON text (malloc'ed) */
};
enum model_status model_parse_key_check(const char *json, struct key_check *out,
					struct model_err *err);
void model_free_key_check(struct key_check *k);

#endif
