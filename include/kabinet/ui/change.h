/* The one path of a change (change.c). */
#ifndef KABINET_UI_CHANGE_H
#define KABINET_UI_CHANGE_H

#include <stdbool.h>

#include "kabinet/actions.h"
#include "kabinet/intents.h"

struct app;
struct api_reply;
struct pay_intent;

/* A change a screen asks for. Refused under read-only before anything is sent (with
 * act's name); confirmed with `question` and `detail` unless question is ""; then
 * sent (API_WRITE). One at a time. */
struct ui_change {
	enum action act;
	const char *method;
	unsigned flags;			/* API_STAFF for the staff API; else 0 */
	char *body;			/* taken: wiped and freed whatever happens */
	char question[256];
	char detail[2048];
	char done_msg[256];		/* the bottom line after it was done, or "" */
	/* It was done: show the new state (and refresh what it moved). */
	void (*done)(struct app *app, const struct api_reply *reply, void *ud);
	/* The server said no: true when the screen told it (next to a field); else its
	 * words go to the bottom line. May be NULL. */
	bool (*refused)(struct app *app, const struct api_reply *reply, void *ud);
	/* No answer (Esc, a broken connection): whether it was done is not known; read the
	 * state again. May be NULL. */
	void (*settle)(struct app *app, void *ud);
	void *ud;
	/* Frees ud once the change is over, whichever way it ended (answered, refused, not
	 * asked, declined); may be NULL. */
	void (*ud_free)(void *ud);
	/* Money (settled after a lost answer, HACKING.md): the body carries the intent's
	 * idempotency key, so when no answer comes the very same body is sent again,
	 * after 1, 2, 4, ... seconds, until the server answers (it answers the first
	 * outcome again and nothing is paid twice) or Esc stops it; then settle(). */
	bool replay;
	/* The form's intent (money only, with replay): `intent` is recorded on disk before
	 * the first send and kept until an answer settles it (settle.c). When no answer
	 * came, checkIdempotencyKey asks what became of it: the call's answer goes to
	 * done() as if it had come, and when nothing was done the key is void, pi gets a
	 * new one and voided() runs (may be NULL). While pi->unknown (that question got
	 * no answer either) the change asks the question again instead of sending. */
	struct pay_intent *pi;
	struct intent intent;
	void (*voided)(struct app *app, void *ud);
};
/* Returns false when it was refused at once (read-only, another change under way). */
bool ui_change(struct app *app, const struct ui_change *c);
bool ui_change_busy(void);
/* The engine's loop: a money change waiting to be sent again goes when its time
 * comes. Returns how soon (ms) to call again, or -1. */
int ui_change_tick(struct app *app);
/* Esc while a money change waits to be sent again: it is sent no more, and its
 * settle() says the outcome is not known. False when none waits. */
bool ui_change_stop(struct app *app);
/* The form whose intent pi is closes while its change is under way: the change goes on
 * with a copy of its own, and what it could not settle is asked about by settle.c. */
void ui_change_forget_form(const struct pay_intent *pi);

#endif
