/* The shared application state (see app.h) and the one place that turns a failed
 * call into words for people. */
#include "kabinet/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/cache.h"
#include "kabinet/net/http_head.h"
#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/model/text.h"
#include "kabinet/options.h"
#include "kabinet/net/url.h"

char *app_host_of(const char *url, char *buf, size_t size)
{
	const char *h = strstr(url, "://");
	size_t n;

	h = h ? h + 3 : url;
	n = strcspn(h, "/?#");
	snprintf(buf, size, "%.*s", (int)n, h);
	return buf;
}

int app_set_server(struct app *app, const char *url, const char **why)
{
	char norm[sizeof(app->server)];

	if (url_normalize(url, norm, sizeof(norm), why) < 0)
		return -1;
	memcpy(app->server, norm, sizeof(norm));
	app_host_of(app->server, app->host, sizeof(app->host));
	return 0;
}

/* What the network layer ignored in an answer, said on stderr (the full screen keeps
 * it in its messages instead). */
static void notice_on_stderr(void *ud, const char *text)
{
	(void)ud;
	fputs("kabinet: ", stderr);
	text_print(stderr, text);
	fputc('\n', stderr);
}

/* The api's reader of a login's answer: the model's. */
static bool read_login(const char *body, char *token, size_t size, bool *otp)
{
	struct login_reply lr;
	struct model_err merr;
	bool ok = model_parse_login(body, &lr, &merr) == MODEL_OK;

	*otp = ok && (lr.otp_required || lr.password_change);	/* no session yet */
	snprintf(token, size, "%s", ok ? lr.remember_token : "");
	model_wipe(&lr, sizeof(lr));
	return ok;
}

int app_api_options(struct api *api, char *err, size_t errsize)
{
	api_on_notice(api, notice_on_stderr, NULL);
	api_set_login_reader(api, read_login);
	if (api_set_ca_file(api, opt.ca_file, err, errsize) < 0)
		return -1;
	api_set_insecure_http(api, opt.insecure_http);
	api_set_timeout(api, opt.request_timeout);
	return 0;
}

struct account *app_find_account(struct app *app, const char *id)
{
	return id && id[0] ? model_find_account(&app->accounts, id) : NULL;
}

/* What the old list knew carries over (balances, tariff names), each found through
 * the old list's index: a refresh of 10 000 accounts is no search of 10 000. */
void app_take_accounts(struct app *app, struct account_list *fresh)
{
	for (size_t i = 0; i < fresh->n; i++) {
		struct account *a = &fresh->items[i];
		const struct account *old = app_find_account(app, a->id);
		if (!old)
			continue;
		a->bal = old->bal;
		for (size_t s = 0; s < a->nservices; s++) {
			const struct service *o = model_find_service(&app->accounts, a->services[s].id);
			if (o && o >= old->services && o < old->services + old->nservices)
				memcpy(a->services[s].tariff, o->tariff, sizeof(a->services[s].tariff));
		}
	}
	model_free_accounts(&app->accounts);
	app->accounts = *fresh;
	memset(fresh, 0, sizeof(*fresh));
	app->accounts_known = true;
	app->cache_list = false;	/* a fresh list: the cached one is gone */
	app->accounts_gen++;
	app->accounts_list_gen++;
}

bool app_take_balance(struct app *app, const char *id, const char *body,
		      struct account **taken, struct model_err *err)
{
	struct account *a = app_find_account(app, id);
	struct balance b;
	bool ok = model_parse_balance(body, &b, err) == MODEL_OK;

	if (ok && a) {
		a->bal = b;
		app->accounts_gen++;
	}
	if (taken)
		*taken = ok ? a : NULL;
	return ok;
}

void app_forget_data(struct app *app)
{
	model_free_accounts(&app->accounts);
	memset(&app->accounts, 0, sizeof(app->accounts));
	memset(&app->bonus, 0, sizeof(app->bonus));
	memset(&app->profile, 0, sizeof(app->profile));
	model_free_autopay(&app->autopay_declined);
	app->accounts_known = app->bonus_known = app->profile_known = false;
	app->accounts_gen++;
	app->accounts_list_gen++;
	app->updated = 0;
	app->cached_at = 0;
	app->cache_list = false;
	app->cache_note[0] = '\0';
	app->data_gen++;
}

void app_take_cache(struct app *app, struct cache_view *v)
{
	app_forget_data(app);
	app->accounts = v->accounts;
	app->accounts_known = true;
	app->bonus = v->bonus;
	app->bonus_known = v->bonus_known;
	app->profile = v->profile;
	app->profile_known = v->profile_known;
	app->cached_at = v->taken;
	app->cache_list = true;
	memset(v, 0, sizeof(*v));
	(void)model_index_accounts(&app->accounts);	/* linear lookups when out of memory */
}

void app_save_cache(struct app *app)
{
	struct cache_view v = { 0 };

	/* A staff member's view of a subscriber's cabinet leaves nothing of it on disk. */
	if (app->view.open)
		return;
	if (!opt.cache) {
		cache_forget(app->server, app->login);
		return;
	}
	if (!app->remembered || !app->use_keyring || !app->login[0] || !app->accounts_known ||
	    !app->updated)
		return;
	v.taken = app->updated;
	v.accounts = app->accounts;	/* borrowed: cache_format only reads */
	v.bonus = app->bonus;
	v.bonus_known = app->bonus_known;
	/* The name only; the rest of the profile is not needed to draw the overview. */
	snprintf(v.profile.login, sizeof(v.profile.login), "%s", app->profile.login);
	snprintf(v.profile.last_name, sizeof(v.profile.last_name), "%s", app->profile.last_name);
	snprintf(v.profile.name, sizeof(v.profile.name), "%s", app->profile.name);
	snprintf(v.profile.middle_name, sizeof(v.profile.middle_name), "%s",
		 app->profile.middle_name);
	v.profile_known = app->profile_known;
	(void)cache_save(app->server, app->login, &v);
}

bool app_cache_only(const struct app *app)
{
	return app->cache_list || app->awaiting_login;
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

bool app_read_only(const struct app *app)
{
	return app->read_only || opt.read_only || app->view.open;
}

const char *app_refused_fmt(const struct app *app)
{
	return app->view.open ? _("A read-only view of the cabinet: '%s' is refused.")
			      : _("Read-only mode: '%s' is refused.");
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

/* libcurl's words after ours, cut to something a line can hold. */
static const char *with_detail(char *buf, size_t size, const char *text, const char *detail)
{
	if (detail && *detail)
		snprintf(buf, size, "%s (%s)", text, detail);
	else
		snprintf(buf, size, "%s", text);
	return buf;
}

/* A failed handshake: the host, what is wrong with its certificate and what to do;
 * there is never a way on without the check. */
static const char *tls_text(const char *host, const struct api_reply *reply, char *buf,
			    size_t size)
{
	char text[512];

	switch (reply->tls) {
	case API_TLS_UNKNOWN_CA:
		snprintf(buf, size,
			 _("The certificate of %s is not signed by a known authority (unknown "
			   "CA): if the operator has a CA of its own, give its certificate with "
			   "--ca-file or `set ca_file`."),
			 host);
		return buf;
	case API_TLS_EXPIRED:
		snprintf(buf, size,
			 _("The certificate of %s has expired: the server must renew it."), host);
		return buf;
	case API_TLS_NOT_YET_VALID:
		snprintf(buf, size,
			 _("The certificate of %s is not valid yet: check this computer's date "
			   "and time."),
			 host);
		return buf;
	case API_TLS_NAME:
		snprintf(buf, size,
			 _("The certificate of %s is for another host name (wrong name): check "
			   "the server's address."),
			 host);
		return buf;
	case API_TLS_CA_FILE:
		snprintf(text, sizeof(text),
			 _("The CA file (ca_file) could not be used to check %s."), host);
		return with_detail(buf, size, text, reply->detail);
	case API_TLS_OTHER:
		break;
	}
	snprintf(text, sizeof(text), _("The secure connection (TLS) to %s failed."), host);
	return with_detail(buf, size, text, reply->detail);
}

const char *app_fail_text(const char *host, const struct api_reply *reply, char *buf,
			  size_t size)
{
	char text[512];

	switch (reply->fail) {
	case API_FAIL_NONE:
		break;
	case API_FAIL_RESOLVE:
		snprintf(text, sizeof(text), _("The server name %s could not be found."), host);
		return with_detail(buf, size, text, NULL);
	case API_FAIL_CONNECT:
		snprintf(text, sizeof(text), _("Cannot connect to the server %s."), host);
		return with_detail(buf, size, text, reply->detail);
	case API_FAIL_TLS:
		return tls_text(host, reply, buf, size);
	case API_FAIL_TIMEOUT:
		return say(buf, size, _("The server did not answer in time."));
	case API_FAIL_BROKEN:
		snprintf(text, sizeof(text), _("The connection to %s broke before the answer came."),
			 host);
		return with_detail(buf, size, text, reply->detail);
	case API_FAIL_TRUNCATED:
		return say(buf, size, _("The server's answer was cut short; try again."));
	case API_FAIL_TOO_BIG:
		snprintf(buf, size, _("The server's answer is too large (over %d MiB): refused."),
			 API_REPLY_LIMIT / (1024 * 1024));
		return buf;
	case API_FAIL_HEADERS:
		if (reply->header_line) {
			snprintf(buf, size,
				 _("The server sent a header line longer than %d KiB: its answer "
				   "was refused."),
				 HTTP_HEADER_LINE_MAX / 1024);
			return buf;
		}
		snprintf(buf, size,
			 _("The server sent more than %d KiB of headers: its answer was refused."),
			 HTTP_HEADERS_MAX / 1024);
		return buf;
	case API_FAIL_INTERIM:
		snprintf(buf, size,
			 _("The server sent more than %d interim answers (HTTP 1xx) instead of an "
			   "answer: refused."),
			 HTTP_INTERIM_MAX);
		return buf;
	case API_FAIL_CANCELLED:
		return say(buf, size, _("Cancelled."));
	case API_FAIL_BAD_REPLY:
		/* A status without the API's body: a proxy's page, never shown as it is. */
		if (reply->http >= 500)
			snprintf(buf, size,
				 _("The server or a proxy on the way to it failed (HTTP %ld)."),
				 reply->http);
		else if (reply->http && reply->http != 200)
			snprintf(buf, size, _("The server's answer could not be understood (HTTP %ld)."),
				 reply->http);
		else
			snprintf(buf, size, "%s", _("The server's answer could not be understood."));
		return buf;
	case API_FAIL_EXPOSED:
		snprintf(buf, size,
			 _("Not sent: %s is not this computer, and plain http:// would show the "
			   "password and the session to anyone on the way. Use the server's "
			   "https:// address, or set insecure_http = yes (--insecure-http) to "
			   "send them in the clear anyway."),
			 host);
		return buf;
	}
	switch (reply->err) {
	case APIERR_OK:
		buf[0] = '\0';
		return buf;
	case APIERR_UNAUTHORIZED:
		return say(buf, size, _("The session has ended: log in again."));
	case APIERR_RATE_LIMITED:
		/* Retry-After is capped (http_head.h): a longer wait is said as the cap
		 * "or later", not as a figure the server made up. */
		if (reply->retry_capped) {
			snprintf(buf, size,
				 ngettext("Too many attempts: try again in %d minute or later.",
					  "Too many attempts: try again in %d minutes or later.",
					  (unsigned long)(HTTP_RETRY_AFTER_MAX / 60)),
				 HTTP_RETRY_AFTER_MAX / 60);
		} else if (reply->retry_after >= 60) {
			/* Rounded up without an addition that could overflow. */
			int min = reply->retry_after / 60 + (reply->retry_after % 60 != 0);
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

const char *app_fail_text_url(const char *url, const struct api_reply *reply, char *buf,
			      size_t size)
{
	char host[256];

	return app_fail_text(app_host_of(url, host, sizeof(host)), reply, buf, size);
}

const char *app_reply_text(const struct app *app, const struct api_reply *reply, char *buf,
			   size_t size)
{
	return app_fail_text(app->host, reply, buf, size);
}
