/* The 3-D Secure step of a payment or a card binding (pay.c): the code the bank sent,
 * where it went, the attempts left after a wrong code, the five minutes counting
 * down; then the payment as the bank left it. An answer to a code that never came is
 * not guessed and the code is not sent again (that could spend an attempt): the
 * payment's fate is asked with getPayment, again every two seconds while the network
 * is away. When the five minutes are over, the bank is asked too: it says the payment
 * was declined. */
#include "kabinet/ui/change.h"
#include "kabinet/ui/draw.h"
#include "kabinet/ui/edit.h"
#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/pay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/model/text.h"

#define CODE_TRIES 3		/* the third wrong code declines (docs/api.md) */
#define CODE_SECONDS 300
#define SETTLE_TRIES 10		/* getPayment after a lost answer to a code */
#define SETTLE_PAUSE 2

void pay_code_init(struct pay_code *c, enum action act,
		   void (*outcome)(struct app *app, const struct payment *p))
{
	pay_code_wipe(c);
	*c = (struct pay_code){ .act = act, .outcome = outcome };
	c->field = (struct ui_field){ .kind = UI_FIELD_TEXT, .label = N_("Code") };
	c->field.edit.max = 6;
	c->field.edit.digits = true;
	c->form = (struct ui_form){ &c->field, 1, 0, NULL, NULL };
}

void pay_code_wipe(struct pay_code *c)
{
	ui_edit_wipe(&c->field.edit);
}

void pay_code_start(struct pay_code *c, const struct payment *p)
{
	/* The same payment again (its intent sent anew) keeps its attempts. */
	if (strcmp(c->pay.id, p->id)) {
		c->left = CODE_TRIES;
		c->sent = false;
	}
	c->pay = *p;
	c->until = time(NULL) + CODE_SECONDS;
	c->settle_at = 0;
	c->settle_tries = 0;
	c->ask_again = false;
	ui_edit_wipe(&c->field.edit);
	c->field.error[0] = '\0';
	ui_form_focus(&c->form, 0);
}

static void answered(struct app *app, const struct api_reply *reply, void *ud)
{
	struct pay_code *c = ud;
	struct payment p;
	struct model_err err;

	if (model_parse_payment(reply->body, &p, &err) != MODEL_OK) {
		snprintf(c->field.error, sizeof(c->field.error),
			 _("The server's answer could not be understood (%s): see the history before paying again."),
			 err.msg);
		return;
	}
	c->outcome(app, &p);
}

static bool refused(struct app *app, const struct api_reply *reply, void *ud)
{
	struct pay_code *c = ud;
	char text[512];

	if (reply->err == APIERR_VALIDATION && reply->field && !strcmp(reply->field, "code")) {
		ui_edit_wipe(&c->field.edit);
		if (c->left > 1)
			c->left--;
		snprintf(c->field.error, sizeof(c->field.error),
			 ngettext("Wrong code: %d attempt left.", "Wrong code: %d attempts left.",
				  (unsigned long)c->left),
			 c->left);
		return true;
	}
	text_copy(c->field.error, sizeof(c->field.error), app_reply_text(app, reply, text, sizeof(text)));
	return true;
}

struct ask {
	struct pay_code *c;
	struct app *app;
	char id[64];
};

static void ask(struct pay_code *c, struct app *app);

static void got_payment(void *ud, const struct api_reply *reply)
{
	struct ask *a = ud;
	struct pay_code *c = a->c;
	struct app *app = a->app;
	struct payment p;
	struct model_err err;
	bool mine = !strcmp(a->id, c->pay.id) && c->settle_tries;

	free(a);
	if (!mine)
		return;		/* a payment since, or asked no more */
	if (app_reply_ok(reply) && model_parse_payment(reply->body, &p, &err) == MODEL_OK &&
	    !strcmp(p.id, c->pay.id)) {
		c->settle_tries = 0;
		if (p.status == PAY_PENDING_3DS && c->active)
			snprintf(c->field.error, sizeof(c->field.error), "%s",
				 _("The code may not have reached the bank: type it again."));
		else
			c->outcome(app, &p);
		ui_dirty(UI_DIRTY_ALL);
		return;
	}
	if (reply->fail == API_FAIL_CANCELLED || c->settle_tries >= SETTLE_TRIES) {
		c->settle_tries = 0;
		snprintf(c->field.error, sizeof(c->field.error), "%s",
			 _("Whether the code was taken is not known: press Enter to ask again."));
		c->ask_again = true;
		ui_dirty(UI_DIRTY_ALL);
		return;
	}
	c->settle_at = time(NULL) + SETTLE_PAUSE;
	ui_message(UI_MSG_WARNING, "%s", _("No answer yet: asking the bank what became of the payment..."));
}

static void ask(struct pay_code *c, struct app *app)
{
	struct ask *a = malloc(sizeof(*a));
	char *body = model_body_payment_id(c->pay.id);

	c->settle_at = 0;
	c->settle_tries++;
	if (a && body) {
		*a = (struct ask){ c, app, "" };
		snprintf(a->id, sizeof(a->id), "%s", c->pay.id);
		if (api_call(app->api, "getPayment", body, API_READ, got_payment, a))
			a = NULL;
		else
			c->settle_at = time(NULL) + SETTLE_PAUSE;
	} else {
		c->settle_at = time(NULL) + SETTLE_PAUSE;
	}
	free(a);
	model_free_secret_body(body);
}

/* No answer to the code: its fate is asked, never guessed. */
static void not_known(struct app *app, void *ud)
{
	struct pay_code *c = ud;

	c->settle_tries = 0;
	/* Esc or a lost answer alike: the code may already be with the bank. Said on the
	 * step itself too: the bottom line says "waiting" while the bank is asked. */
	snprintf(c->field.error, sizeof(c->field.error), "%s",
		 _("The code may already be with the bank: asking what it decided (nothing is charged twice)..."));
	ui_message(UI_MSG_WARNING, "%s", c->field.error);
	ask(c, app);
}

static void send_code(struct pay_code *c, struct app *app)
{
	struct ui_change ch = { .act = c->act, .method = "confirmPayment", .done = answered,
				.refused = refused, .settle = not_known, .ud = c };
	char code[8];

	pay_digits(&c->field.edit, code, sizeof(code));
	c->field.error[0] = '\0';
	if (strlen(code) != 6) {
		snprintf(c->field.error, sizeof(c->field.error), "%s", _("The code is 6 digits."));
		return;
	}
	ch.body = model_body_confirm_payment(c->pay.id, code);
	c->sent = true;
	model_wipe(code, sizeof(code));
	ui_change(app, &ch);
}

int pay_code_draw(struct pay_code *c, WINDOW *w, int y, int x, int cols, int rows, int *cy,
		  int *cx)
{
	char line[512], m[64];
	long left = (long)(c->until - time(NULL));
	int y0 = y;

	ui_money(c->pay.amount, m, sizeof(m));
	snprintf(line, sizeof(line), _("The bank sent a 6-digit code for card %s."),
		 c->pay.sent_to[0] ? c->pay.sent_to : c->pay.card_mask);
	ui_put(w, y++, x, cols, UI_LEFT, AREA_DEFAULT, line);
	if (c->pay.kind == PAY_KIND_BIND)
		snprintf(line, sizeof(line), "%s", _("It confirms binding the card."));
	else
		snprintf(line, sizeof(line), _("It confirms the payment of %s."), m);
	ui_put(w, y++, x, cols, UI_LEFT, AREA_DEFAULT, line);
	if (left < 0)
		left = 0;
	snprintf(line, sizeof(line),
		 ngettext("Attempts left: %d. Time left: %ld:%02ld.", "Attempts left: %d. Time left: %ld:%02ld.",
			  (unsigned long)c->left),
		 c->left, left / 60, left % 60);
	ui_put(w, ++y, x, cols, UI_LEFT, left < 60 ? AREA_WARNING : AREA_DEFAULT, line);
	y += 2;
	y += ui_form_draw(w, y, x, cols, &c->form, cy, cx);
	if (*cy >= rows)
		*cy = -1;
	ui_put(w, rows - 1, x, cols, UI_LEFT, AREA_DEFAULT,
	       _("Esc: not now (nothing is charged until the code is taken; it expires in 5 minutes)."));
	return y - y0;
}

enum ui_key_result pay_code_key(struct pay_code *c, struct app *app, enum action act, int key)
{
	enum ui_form_result r;

	if (c->settle_tries)
		return UI_DONE;		/* the bank is being asked */
	r = ui_form_key(&c->form, act, key);
	if (r == UI_FORM_SUBMIT) {
		if (c->ask_again) {
			c->ask_again = false;
			c->field.error[0] = '\0';
			ask(c, app);
		} else {
			send_code(c, app);
		}
	}
	ui_dirty(UI_DIRTY_PANE);
	return r == UI_FORM_PASS ? UI_PASS : UI_DONE;
}

int pay_code_tick(struct pay_code *c, struct app *app)
{
	if (c->settle_at && time(NULL) >= c->settle_at)
		ask(c, app);
	if (!c->active)
		return c->settle_at ? 500 : -1;
	if (time(NULL) > c->until && !c->settle_tries && !ui_change_busy()) {
		/* The five minutes are over: the bank says what became of the payment. */
		c->until = time(NULL) + 30;
		ask(c, app);
	}
	ui_dirty(UI_DIRTY_PANE);
	return 1000;
}
