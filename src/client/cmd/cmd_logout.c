/* `kabinet logout [--forget]`: ends the server session of the stored remember token;
 * with --forget the server also revokes that device's tokens and the keyring entry
 * is removed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/cache.h"
#include "kabinet/cmd/cli.h"
#include "kabinet/cmd/cmd_common.h"
#include "kabinet/i18n.h"
#include "kabinet/keyring.h"
#include "kabinet/model/model.h"
#include "kabinet/options.h"
#include "kabinet/remember.h"
#include "kabinet/cmd/session.h"
#include "kabinet/state.h"
#include "kabinet/model/text.h"

struct step {
	bool ok;
	bool refused;		/* the server said 401: the remembered login is dead */
	int status;		/* the exit status of the failure */
	char device[64];
	bool want_device;
	char why[512];		/* what went wrong, for people */
};

static void on_done(void *ud, const struct api_reply *r)
{
	struct step *s = ud;

	s->ok = app_reply_ok(r);
	s->refused = r->fail == API_FAIL_NONE && r->err == APIERR_UNAUTHORIZED;
	s->status = session_fail_status(r);
	if (!s->ok)
		app_fail_text_url(opt.server, r, s->why, sizeof(s->why));
	if (s->ok && s->want_device &&
	    model_current_device(r->body, s->device, sizeof(s->device)) != 0) {
		s->ok = false;
		snprintf(s->why, sizeof(s->why), "%s", _("The server's answer could not be understood."));
	}
}

static bool call(struct api *api, const char *method, char *body, struct step *s)
{
	s->ok = false;
	if (body && api_call(api, method, body, API_WRITE | API_NO_RELOGIN, on_done, s))
		api_run_until_idle(api);
	model_free_secret_body(body);
	return s->ok;
}

/* loginByToken with the stored token, in turn with other kabinet processes
 * (remember.h). Without --forget the token stays remembered, so its rotation must be
 * stored, and a store that failed said. */
static bool call_token(struct api *api, const char *token, bool forget, struct step *s)
{
	static const bool keep = true, drop = false;
	struct remember rm;

	remember_init(&rm, opt.server, opt.login, forget ? &drop : &keep);
	remember_attach(&rm, api);
	api_set_remember_token(api, token);
	s->ok = false;
	if (api_login_by_token(api, on_done, s))
		api_run_until_idle(api);
	remember_detach(api);
	if (rm.tried && !rm.stored)
		cli_error("%s", rm.st.msg);
	return s->ok;
}

static void usage(FILE *f)
{
	text_print_lines(f, _("usage: kabinet [options] logout [--forget]\n"));
}

int cmd_logout(struct cli *cli, int argc, char **argv)
{
	bool forget = false, told = false;
	char err[512], uuid[37] = "";
	struct keyring_status st;
	struct step s = { 0 };
	char *token = NULL;
	struct api *api;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--forget")) {
			forget = true;
		} else if (cmd_is_help(argv[i])) {
			usage(stdout);
			return CLI_EXIT_OK;
		} else {
			return cmd_unexpected("logout", argv[i], usage);
		}
	}
	if (cli->demo) {
		cli_error("%s", _("logout: --demo keeps no login to log out of"));
		return CLI_EXIT_USAGE;
	}
	if (!*opt.login) {
		cli_error("%s", _("No login: use --login, --profile or `set login` in the config"));
		return CLI_EXIT_USAGE;
	}
	/* Forgetting forgets everything remembered for this login, whatever the keyring
	 * or the server say below: the last login first (not a secret; quietly), then the
	 * overview cache. */
	if (forget)
		(void)remember_forget_last_login(opt.server, opt.login);
	if (forget && cache_forget(opt.server, opt.login) != 0) {
		char path[4200];
		cache_path(opt.server, opt.login, path, sizeof(path));
		cli_error("%s: %s", path, strerror(errno));
	}
	if (cli->no_keyring || !opt.keyring ||
	    keyring_lookup(opt.server, opt.login, &token, &st) != KEYRING_OK) {
		/* Locked, timed out or broken: whether a login is remembered is unknown. */
		if (!cli->no_keyring && opt.keyring && keyring_unreadable(st.code)) {
			cli_error("%s", st.msg);
			return CLI_EXIT_LOGIN;
		}
		cli_error("%s", _("No remembered login to log out of"));
		return forget ? CLI_EXIT_OK : CLI_EXIT_LOGIN;
	}
	state_client_uuid(uuid, NULL);
	err[0] = '\0';
	api = api_new(opt.server, uuid, i18n_lang(), err, sizeof(err));
	/* An unusable ca_file: the server is not told (err says why), the keyring is
	 * still forgotten when asked. */
	if (api && app_api_options(api, err, sizeof(err)) < 0) {
		api_free(api);
		api = NULL;
	}
	if (api)
		api_set_deadline(api, opt.timeout);
	if (api) {
		if (call_token(api, token, forget, &s)) {
			/* Revoking this device ends its session too: no logout after it. */
			if (forget) {
				s.want_device = true;
				if (call(api, "getDevices", model_body_empty(), &s)) {
					s.want_device = false;
					told = call(api, "revokeDevice", model_body_device(s.device), &s);
				}
			}
			s.want_device = false;
			if (!told)
				told = call(api, "logout", model_body_empty(), &s);
		}
		if (!told && api_deadline_passed(api))
			cmd_timeout_text(s.why, sizeof(s.why));
		api_free(api);
	}
	keyring_free_secret(token);
	if (forget) {
		if (keyring_forget(opt.server, opt.login, &st) != KEYRING_OK &&
		    st.code != KEYRING_NOT_FOUND) {
			cli_error("%s", st.msg);
			return CLI_EXIT_LOGIN;
		}
		text_print(stdout, told ? _("Logged out; the remembered login is forgotten.")
					: _("The remembered login is forgotten; the server could not be told."));
		putchar('\n');
		return CLI_EXIT_OK;
	}
	if (told) {
		text_print(stdout, _("Logged out."));
		putchar('\n');
		return CLI_EXIT_OK;
	}
	if (s.refused) {
		cli_error("%s", _("The remembered login is no longer valid: the server refused it."));
		return CLI_EXIT_LOGIN;
	}
	cli_error(_("The server could not be told: %s"), s.why[0] ? s.why : err);
	return s.status ? s.status : CLI_EXIT_FAIL;
}
