/* The model of money (docs/api.md "Card payments and bound cards" and "Money"): the
 * payment object, bound cards, history pages, invoices, transfers and promised
 * payments — replies in, plain structs out; request bodies out. Pure like model.h:
 * no curses, no network. Parsers live in model_payments.c (payments, cards, keys),
 * model_history.c (history) and model_money.c (invoices, transfers, promises). */
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

/* --- bound cards (model_payments.c) --- */

struct card {
	char id[64];
	char mask[32];			/* 2200 00** **** 0004 */
	char system[16];		/* MIR, VISA, MASTERCARD */
	char expires[8];		/* MM/YY */
};
struct card_list {
	struct card *items;
	size_t n;
};
enum model_status model_parse_cards(const char *json, struct card_list *out,
				    struct model_err *err);
void model_free_cards(struct card_list *l);

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
char *model_body_card_id(const char *card_id);

/* --- history (model_history.c) --- */

enum hist_type {
	HIST_PAYMENT,
	HIST_CHARGE,
	HIST_TRANSFER_IN,
	HIST_TRANSFER_OUT,
	HIST_PROMISED,
	HIST_BONUS,
	HIST_REFUND,
	HIST_AUTOPAY,
	HIST_TYPE_COUNT,
	HIST_UNKNOWN = HIST_TYPE_COUNT,	/* a type the client does not know: shown as the
					 * API's word */
};
/* The API's word (PAYMENT, ...) and the word for people (translated). */
const char *hist_type_code(enum hist_type t);
const char *hist_type_name(enum hist_type t);
/* The word for people in a narrow column: at most 11 columns ("Card pmt"). */
const char *hist_type_brief(enum hist_type t);
enum hist_type hist_type_by_code(const char *code);

/* The most bytes of UTF-8 in a history row's description (docs/api.md): it goes
 * out whole in --json and --csv, so longer is a bad reply, never cut. */
#define HIST_DESCRIPTION_MAX 500

struct hist_row {
	char id[64];
	char account_id[64];
	char date[16];			/* YYYY-MM-DD */
	enum hist_type type;
	char type_code[24];
	int64_t amount;			/* signed kopecks */
	/* malloc'ed, as long as it came ("" when absent); model_free_history frees it,
	 * or whoever moved it out of the page (and set it NULL there). */
	char *description;
};
struct hist_page {
	struct hist_row *items;
	size_t n;
	char next_cursor[256];		/* "" on the last page */
};
enum model_status model_parse_history(const char *json, struct hist_page *out,
				      struct model_err *err);
void model_free_history(struct hist_page *p);

/* The filters of getPaymentHistory: "" and 0 mean "not given". */
struct hist_filter {
	char account_id[64];
	char from[16], to[16];		/* YYYY-MM-DD */
	unsigned types;			/* bits 1u << hist_type; 0: all */
};
char *model_body_history(const struct hist_filter *f, int limit, const char *cursor);

/* --- invoices, transfers, promised payments (model_money.c) --- */

struct invoice {
	char id[64];
	char account_id[64];		/* getInvoice only */
	char period[8];			/* YYYY-MM */
	int64_t amount;
	char due_date[16];
	bool paid;
};
struct invoice_list {
	struct invoice *items;
	size_t n;
};
enum model_status model_parse_invoices(const char *json, struct invoice_list *out,
				       struct model_err *err);
void model_free_invoices(struct invoice_list *l);

struct invoice_line {
	char service[160];
	char description[160];
	int64_t amount;
};
struct invoice_detail {
	struct invoice inv;
	struct invoice_line *lines;
	size_t nlines;
};
enum model_status model_parse_invoice(const char *json, struct invoice_detail *out,
				      struct model_err *err);
void model_free_invoice(struct invoice_detail *d);
char *model_body_invoice(const char *invoice_id);

/* transferFunds: one source, 1 to 10 destinations. */
char *model_body_transfer(const char *from_id, const struct pay_item *items, size_t n,
			  const char *key);
struct transfer_reply {
	char id[64];
	int64_t from_balance;
};
enum model_status model_parse_transfer(const char *json, struct transfer_reply *out,
				       struct model_err *err);

struct promise_offer {
	bool available;
	char reason[32];		/* the API's word, "" when available */
	int64_t min_amount, max_amount;
	int64_t days;
	char expires_on[16];
};
enum model_status model_parse_promise_offer(const char *json, struct promise_offer *out,
					    struct model_err *err);
/* Why a promise is not offered, in words (translated). */
const char *promise_reason_text(const char *reason);
char *model_body_promise(const char *account_id, int64_t amount, const char *key);
struct promise_reply {
	char id[64];
	int64_t amount;
	char expires_at[32];
	int64_t balance;
};
enum model_status model_parse_promise(const char *json, struct promise_reply *out,
				      struct model_err *err);

#endif
