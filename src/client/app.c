/* The shared application state (see app.h) and the one place that turns a failed
 * call into words for people. */
#include "kabinet/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/api.h"
#include "kabinet/i18n.h"

void app_set_server(struct app *app, const char *url)
{
	const char *h = strstr(url, "://");
	size_t n;

	snprintf(app->server, sizeof(app->server), "%s", url);
	h = h ? h + 3 : url;
	n = strcspn(h, "/?#");
	snprintf(app->host, sizeof(app->host), "%.*s", (int)n, h);
}

void app_forget_data(struct app *app)
{
	model_free_accounts(&app->accounts);
	memset(&app->accounts, 0, sizeof(app->accounts));
	memset(&app->bonus, 0, sizeof(app->bonus));
	memset(&app->profile, 0, sizeof(app->profile));
	model_free_autopay(&app->autopay_declined);
	app->accounts_known = app->bonus_known = app->profile_known = false;
	app->updated = 0;
}

void app_clear_start(struct app *app)
{
	if (app->start_secret) {
		model_wipe(app->start_secret, strlen(app->start_secret));
		free(app->start_secret);
		app->start_secret = NULL;
	}
	app->start = APP_START_FORM;
}

const char *app_person(const struct app *app)
{
	static char buf[200];

	if (app->profile_known && app->profile.last_name[0]) {
		snprintf(buf, sizeof(buf), "%s %s%s%s", app->profile.last_name, app->profile.name,
			 app->profile.middle_name[0] ? " " : "", app->profile.middle_name);
		return buf;
	}
	if (app->profile_known && app->profile.login[0])
		return app->profile.login;
	return app->login;
}

bool app_reply_ok(const struct api_reply *reply)
{
	return reply->fail == API_FAIL_NONE && reply->err == APIERR_OK;
}

/* Puts a fixed text into buf and returns buf. */
static const char *say(char *buf, size_t size, const char *text)
{
	snprintf(buf, size, "%s", text);
	return buf;
}

const char *app_reply_text(const struct app *app, const struct api_reply *reply, char *buf,
			   size_t size)
{
	switch (reply->fail) {
	case API_FAIL_NONE:
		break;
	case API_FAIL_CONNECT:
		snprintf(buf, size, _("Cannot connect to the server %s."), app->host);
		return buf;
	case API_FAIL_TIMEOUT:
		return say(buf, size, _("The server did not answer in time."));
	case API_FAIL_CANCELLED:
		return say(buf, size, _("Cancelled."));
	case API_FAIL_BAD_REPLY:
		return say(buf, size, _("The server's answer could not be understood."));
	}
	switch (reply->err) {
	case APIERR_OK:
		buf[0] = '\0';
		return buf;
	case APIERR_UNAUTHORIZED:
		return say(buf, size, _("The session has ended: log in again."));
	case APIERR_RATE_LIMITED:
		if (reply->retry_after >= 60) {
			int min = (reply->retry_after + 59) / 60;
			snprintf(buf, size,
				 ngettext("Too many attempts: try again in %d minute.",
					  "Too many attempts: try again in %d minutes.",
					  (unsigned long)min),
				 min);
		} else if (reply->retry_after > 0) {
			snprintf(buf, size,
				 ngettext("Too many attempts: try again in %d second.",
					  "Too many attempts: try again in %d seconds.",
					  (unsigned long)reply->retry_after),
				 reply->retry_after);
		} else {
			snprintf(buf, size, "%s", _("Too many attempts: try again later."));
		}
		return buf;
	case APIERR_CSRF:
		return say(buf, size, _("The server refused the request (CSRF); log in again."));
	case APIERR_INTERNAL:
		return say(buf, size, _("The server failed; try again later."));
	case APIERR_UNAVAILABLE:
		return say(buf, size, _("The server is busy; try again in a moment."));
	default:
		/* VALIDATION, CONFLICT, ...: the server's own words say what was wrong. */
		if (reply->err_msg && *reply->err_msg)
			snprintf(buf, size, "%s", reply->err_msg);
		else
			snprintf(buf, size, _("The server refused the request (%s)."),
				 reply->err_code ? reply->err_code : "?");
		return buf;
	}
}
