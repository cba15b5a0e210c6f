/* The model of invoices, transfers and promised payments (docs/api.md "Money",
 * model_money.c): replies in, plain structs out; request bodies out. Pure: no curses,
 * no network. */
#ifndef KABINET_MODEL_MONEY_H
#define KABINET_MODEL_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/model/model.h"
#include "kabinet/model/payments.h"

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
