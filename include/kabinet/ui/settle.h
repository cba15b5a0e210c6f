/* Money intents that outlive their forms (settle.c, intents.h keeps them on disk),
 * and a form's intent with its idempotency key. */
#ifndef KABINET_UI_SETTLE_H
#define KABINET_UI_SETTLE_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "kabinet/intents.h"
#include "kabinet/model/payments.h"

struct app;

/* One idempotency key per intent of a form that moves money: kept while the
 * intent is the same, so that a repeat finds the server's first answer; new for a new
 * form, after a final outcome, or when the content changed of a key the server may hold
 * an answer for. */
struct pay_intent {
	char key[PAY_KEY_SIZE];	/* "" when no randomness could be had */
	bool stored;		/* the server may hold an answer for the key */
	bool unknown;		/* sent, and no answer says what became of it */
	bool held;		/* recorded on disk and held by this form (settle.c) */
};
/* A new intent: a fresh key, nothing stored; the old one, if it was sent and not
 * settled, is left to settle.c (ui_intent_leave). */
void pay_intent_new(struct pay_intent *in);
/* Before a send: a new key when there is none, or when `changed` and the server may
 * hold an answer for the old one. False, said in the bottom line, when no key could be
 * made (then nothing is to be sent). */
bool pay_intent_ready(struct pay_intent *in, bool changed);

/* A money form's intent went to the server (its outcome settles by itself): what the
 * form holds was sent, and closing it loses nothing. */
bool pay_intent_sent(const struct pay_intent *pi);

struct intent;
/* Before the first send of a money change (the change path calls it): the intent,
 * with pi's key, is written to the state directory and held by this process (pi->held:
 * the form's reference; one more for the send, let go by ui_intent_sent). False, said
 * in the bottom line, when it could not be written: then nothing is to be sent. */
bool ui_intent_begin(struct app *app, struct pay_intent *pi, struct intent *in);
/* in takes pi's key and the time it was first sent (now when it never was). */
void ui_intent_recall(struct app *app, const struct pay_intent *pi, struct intent *in);
/* The send of ui_intent_begin() is over (answered, or given up). */
void ui_intent_sent(const char *key);
/* An answer of the server settled it (done, declined, refused): forgotten on disk. */
void ui_intent_settled(struct app *app, const char *key);
/* createPayment or bindCard answered PENDING_3DS: the payment's id is kept with it. */
void ui_intent_pending(struct app *app, const char *key, const char *payment_id);
/* The form holding pi closes or takes a new key (app NULL: the last one seen): an
 * intent still unsettled is said in the bottom line and asked about now. */
void ui_intent_leave(struct app *app, struct pay_intent *pi);
/* Asks about every unsettled intent of this server and login that no process holds:
 * at the start, when screen 4 or a money form opens, on r. Nothing under read-only or
 * without a session. */
void ui_intents_settle(struct app *app);
/* Another unsettled intent of like's kind touching one of its accounts (like's own key
 * aside), into *out. */
bool ui_intent_unsettled(struct app *app, const struct intent *like, struct intent *out);
/* An intent of this kind waiting for the bank's code (it has a payment id), for that
 * account (NULL or "": any), into *out. */
bool ui_intent_waiting_code(struct app *app, enum intent_kind kind, const char *account_id,
			    struct intent *out);
/* Fills an intent for the change path: its kind, the source (transfers; else NULL),
 * the accounts with their amounts (kopecks, or points), the card's mask (or NULL);
 * the accounts' numbers are taken from the app. The key and time come at the send. */
void ui_intent_make(struct app *app, struct intent *in, enum intent_kind kind,
		    const char *from_id, const struct pay_item *items, size_t n,
		    const char *card_mask);
/* A form takes over an intent sent earlier (one waiting for its code): pi gets its
 * key and holds it. False, said in the bottom line, when it was settled meanwhile or
 * another kabinet holds it. */
bool ui_intent_adopt(struct app *app, struct pay_intent *pi, const struct intent *in);
/* "55,00 ₽ to 740000000003 at 14:32", "Transfer of ...": the intent for people. */
void ui_intent_words(const struct intent *in, char *buf, size_t size);
/* The line of the intent's notice ("...: paid"); false when it has none. */
bool ui_intent_notice(const char *key, char *buf, size_t size);
/* Draws the notices of this run, newest first, from row y up to rows; returns the rows
 * used. How many there are: ui_intents_shown(). */
int ui_intents_draw(struct app *app, WINDOW *w, int y, int rows, int cols);
size_t ui_intents_shown(void);

#endif
