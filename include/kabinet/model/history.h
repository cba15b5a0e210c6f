/* The history part of the model of money (docs/api.md "Money", model_history.c):
 * getPaymentHistory's pages in, rows out; its request body out; the types in words.
 * Pure: no curses, no network. */
#ifndef KABINET_HISTORY_H
#define KABINET_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/model/model.h"

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
	int64_t total;			/* how many rows the filters select (>= 0) */
};
enum model_status model_parse_history(const char *json, struct hist_page *out,
				      struct model_err *err);
void model_free_history(struct hist_page *p);

/* The filters of getPaymentHistory: "" and 0 mean "not given". */
struct hist_filter {
	char account_id[64];
	char from[16], to[16];		/* YYYY-MM-DD */
	unsigned types;			/* bits 1u << hist_type; 0: all */
	char q[260];			/* the text a description contains (up to 64 characters) */
	bool asc;			/* oldest first (order "asc") */
};
char *model_body_history(const struct hist_filter *f, int limit, const char *cursor);

#endif
