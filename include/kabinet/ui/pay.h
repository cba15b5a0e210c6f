/* What the files of paying share (pay.c, pay_card.c, pay_picks.c, pay_code.c): the
 * new card's fields, the accounts of a payment and the 3-D Secure step. */
#ifndef KABINET_UI_PAY_H
#define KABINET_UI_PAY_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kabinet/model/payments.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"

struct app;
struct new_card;

/* A new card's fields in a form (pay_card.c): four ui_fields in this order, which the
 * form holds among its own. */
enum pay_card_field { PAY_PAN, PAY_EXP, PAY_CVC, PAY_HOLDER, PAY_CARD_FIELDS };
void pay_card_init(struct ui_field *card);
/* After a key changed field `which`: the number regrouped in fours with its system in
 * the note, the expiry's slash put in. */
void pay_card_typed(struct ui_field *card, int which);
/* Checks field `which` as it is left; false with the reason in its error. */
bool pay_card_check(struct ui_field *card, int which);
/* The card for one request (wipe it after), and its mask for people. */
void pay_card_read(const struct ui_field *card, struct new_card *out);
void pay_card_mask(const struct ui_field *card, char *out, size_t size);
/* Wipes the CVC, or with `all` every field of the card. */
void pay_card_wipe(struct ui_field *card, bool all);
/* The digits of an editor (a card number without its spaces). */
void pay_digits(const struct ui_edit *e, char *out, size_t size);

/* The accounts of a payment (pay_picks.c): every account of the profile, picked with
 * Space (up to 10), each with the amount typed for it, checked as it is typed. */
struct pay_pick {
	char id[64];
	bool on;
	struct ui_edit amount;
	char error[160];	/* why the amount is not taken */
};
struct pay_picks {
	struct pay_pick *items;
	size_t n, sel, top;
	bool amount_col;	/* the keys go into the selected account's amount */
};
/* One pick per account of the app; want_id (may be NULL) picked with want_amount
 * (0: its recommended payment, as every other account starts). */
void pay_picks_make(struct pay_picks *p, const struct app *app, const char *want_id,
		    int64_t want_amount);
void pay_picks_free(struct pay_picks *p);
/* The amount of a pick in kopecks; false with the reason in its error. */
bool pay_pick_amount(struct pay_pick *pk, int64_t *out);
/* How many are picked, the total of their amounts, whether every amount is good. */
size_t pay_picks_total(const struct pay_picks *p, int64_t *total, bool *all_ok);
/* The ids of the accounts picked, up to max (what a payment moves money on). */
size_t pay_picks_ids(const struct pay_picks *p, const char **ids, size_t max);
/* The list from row y, the total on the last row; where the cursor goes. */
void pay_picks_draw(struct pay_picks *p, struct app *app, WINDOW *w, int y, int rows, int cols,
		    int *cy, int *cx);
/* A key; *next when Enter found every amount good. */
enum ui_key_result pay_picks_key(struct pay_picks *p, enum action act, int key, bool *next);

/* The 3-D Secure step (pay_code.c): the code of a PENDING_3DS payment, the attempts
 * left, the countdown; a lost answer settled with getPayment. outcome() gets the
 * payment as the bank left it (SUCCEEDED or DECLINED; PENDING_3DS again only when the
 * step is not in front). */
struct pay_code {
	struct payment pay;
	struct ui_field field;
	struct ui_form form;
	int left;			/* attempts */
	time_t until;			/* the code's end */
	bool active;			/* the step is in front (its owner says) */
	int settle_tries;		/* getPayment asked; keys wait meanwhile */
	time_t settle_at;		/* when to ask again; 0: not */
	bool ask_again;			/* Enter asks rather than sends the code */
	bool sent;			/* a code went to the bank for this payment */
	enum action act;		/* pay or bind-card: what read-only refuses */
	void (*outcome)(struct app *app, const struct payment *p);
};
void pay_code_init(struct pay_code *c, enum action act,
		   void (*outcome)(struct app *app, const struct payment *p));
/* A payment waits for its code (a new one gets three attempts and five minutes). */
void pay_code_start(struct pay_code *c, const struct payment *p);
/* The step's lines under its title, from row y, x, cols wide; returns the rows used. */
int pay_code_draw(struct pay_code *c, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		  int *cx);
enum ui_key_result pay_code_key(struct pay_code *c, struct app *app, enum action act, int key);
/* The countdown and the asking; how soon to call again (ms), or -1. */
int pay_code_tick(struct pay_code *c, struct app *app);
void pay_code_wipe(struct pay_code *c);

#endif
