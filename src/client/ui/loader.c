/* The one way a screen loads its data (STYLE: one loader): the generation that drops
 * the replies of an older load, the count in flight, the session that ended, and the
 * first failure with what it was for, shown until the next load. A screen says what
 * to fetch and what a reply means; it never touches the api's callbacks itself. */
#include "kabinet/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/api.h"
#include "kabinet/app.h"
#include "kabinet/i18n.h"
#include "kabinet/model.h"

struct load_req {
	struct app *app;
	struct ui_loader *l;
	unsigned gen;
	int kind;
	char key[64];
};

void ui_load_begin(struct ui_loader *l)
{
	l->gen++;
	l->pending = 0;
	l->failed = false;
	l->cancelled = false;
	l->nfailed = 0;
	l->error[0] = '\0';
	ui_dirty(UI_DIRTY_PANE | UI_DIRTY_BOTTOM);
}

void ui_load_drop(struct ui_loader *l)
{
	l->gen++;
	l->pending = 0;
}

void ui_load_fail(struct ui_loader *l, const char *what, const char *text, bool cancelled)
{
	if (!l->failed) {
		l->cancelled = cancelled;
		if (cancelled)
			snprintf(l->error, sizeof(l->error), "%s", text);
		else
			snprintf(l->error, sizeof(l->error), "%s: %s", what, text);
		if (!cancelled)
			ui_message(UI_MSG_ERROR, "%s", l->error);
	}
	l->failed = true;
	l->nfailed++;
	ui_dirty(UI_DIRTY_PANE);
}

static void name_of(struct app *app, const struct ui_loader *l, int kind, const char *key,
		    char *buf, size_t size)
{
	buf[0] = '\0';
	if (l->what)
		l->what(app, kind, key, buf, size);
	if (!buf[0])
		snprintf(buf, size, "%s", _("A request"));
}

static void on_reply(void *ud, const struct api_reply *reply)
{
	struct load_req *r = ud;
	struct ui_loader *l = r->l;
	struct app *app = r->app;
	char what[160], text[512];

	if (r->gen != l->gen) {
		free(r);
		return;
	}
	l->pending--;
	ui_dirty(UI_DIRTY_PANE);
	if (app_reply_ok(reply)) {
		l->done(app, r->kind, r->key, reply);
	} else if (reply->fail == API_FAIL_NONE && reply->err == APIERR_UNAUTHORIZED) {
		/* The session ended and no remember token could renew it. */
		ui_load_drop(l);
		snprintf(app->start_note, sizeof(app->start_note), "%s",
			 _("The session has ended: log in again."));
		free(r);
		ui_switch(&login_screen);
		return;
	} else {
		if (l->failed_item)
			l->failed_item(app, r->kind, r->key);
		name_of(app, l, r->kind, r->key, what, sizeof(what));
		ui_load_fail(l, what, app_reply_text(app, reply, text, sizeof(text)),
			     reply->fail == API_FAIL_CANCELLED);
	}
	free(r);
}

bool ui_load_call(struct app *app, struct ui_loader *l, const char *method, char *body, int kind,
		  const char *key)
{
	struct load_req *r = body ? malloc(sizeof(*r)) : NULL;
	char what[160];

	if (r) {
		*r = (struct load_req){ app, l, l->gen, kind, "" };
		snprintf(r->key, sizeof(r->key), "%s", key ? key : "");
		if (api_call(app->api, method, body, API_READ, on_reply, r)) {
			l->pending++;
			model_free_secret_body(body);
			return true;
		}
	}
	free(r);
	model_free_secret_body(body);
	name_of(app, l, kind, key, what, sizeof(what));
	ui_load_fail(l, what, _("Out of memory."), false);
	return false;
}

void ui_load_bad_reply(struct app *app, struct ui_loader *l, int kind, const char *key,
		       const char *why)
{
	char what[160], text[256];

	if (l->failed_item)
		l->failed_item(app, kind, key);
	name_of(app, l, kind, key, what, sizeof(what));
	snprintf(text, sizeof(text), _("the server's answer could not be understood (%s)"), why);
	ui_load_fail(l, what, text, false);
}

bool ui_load_complete(const struct ui_loader *l)
{
	return l->pending == 0 && !l->failed;
}

const char *ui_load_status(const struct ui_loader *l, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!l->failed)
		return buf;
	/* What to do first, then what failed: the line may be cut. */
	if (l->cancelled)
		snprintf(buf, size, "%s", _("Cancelled: not everything loaded (r: try again)."));
	else if (l->nfailed > 1)
		snprintf(buf, size,
			 ngettext("%d request failed (r: try again): %s",
				  "%d requests failed (r: try again): %s", (unsigned long)l->nfailed),
			 l->nfailed, l->error);
	else
		snprintf(buf, size, _("Not everything loaded (r: try again): %s"), l->error);
	return buf;
}

void ui_load_tariff_names(struct app *app, struct ui_loader *l, int kind)
{
	size_t services = model_count_services(&app->accounts);

	/* getServiceTariffName takes at most 100 ids a call. */
	for (size_t skip = 0; skip < services; skip += MODEL_TARIFF_BATCH)
		ui_load_call(app, l, "getServiceTariffName",
			     model_body_services(&app->accounts, skip, MODEL_TARIFF_BATCH), kind, NULL);
}
