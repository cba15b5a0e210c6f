/* Logging in for the subcommands: keyring token, password command, or the terminal. */
#include "kabinet/cmd/session.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "kabinet/net/api.h"
#include "kabinet/app.h"
#include "kabinet/cache.h"
#include "kabinet/cmd/cli.h"
#include "kabinet/i18n.h"
#include "kabinet/keyring.h"
#include "kabinet/model/model.h"
#include "kabinet/remember.h"
#include "kabinet/model/text.h"

struct wait {
	bool done;
	struct api_reply copy;	/* the fields the caller reads; body kept below */
	char *body;
	char msg[512];
	char detail[256];
};

static void on_reply(void *ud, const struct api_reply *r)
{
	struct wait *w = ud;
	w->done = true;
	w->copy = *r;
	w->copy.err_code = NULL;
	w->copy.field = NULL;
	snprintf(w->msg, sizeof(w->msg), "%s", r->err_msg ? r->err_msg : "");
	w->copy.err_msg = w->msg;
	/* The reply's strings live only as long as the callback. */
	snprintf(w->detail, sizeof(w->detail), "%s", r->detail ? r->detail : "");
	w->copy.detail = w->detail;
	w->body = r->body ? strdup(r->body) : NULL;
	w->copy.body = w->body;
}

static void wait_free(struct wait *w)
{
	if (w->body) {
		model_wipe(w->body, strlen(w->body));
		free(w->body);
	}
	memset(w, 0, sizeof(*w));
}

/* Waits for the call started as id (0: it could not be). */
static void wait_for(struct api *api, unsigned id, struct wait *w)
{
	if (!id) {
		w->done = true;
		w->copy.fail = API_FAIL_CONNECT;
		w->copy.err = APIERR_UNAVAILABLE;
		w->copy.detail = "";
	}
	while (!w->done)
		api_run_until_idle(api);
}

/* Sends one call and waits for it; the body is wiped and freed. */
static void call_sync(struct api *api, const char *method, char *body, unsigned flags,
		      struct wait *w)
{
	memset(w, 0, sizeof(*w));
	wait_for(api, body ? api_call(api, method, body, flags, on_reply, w) : 0, w);
	model_free_secret_body(body);
}

/* A login call that failed, in words (the same as the full screen's), and the exit
 * status it means: the network and the server are CLI_EXIT_FAIL, the credential is
 * CLI_EXIT_LOGIN. */
int session_fail_status(const struct api_reply *r)
{
	if (r->fail == API_FAIL_NONE && (r->err == APIERR_UNAUTHORIZED ||
					 r->err == APIERR_RATE_LIMITED || r->err == APIERR_VALIDATION))
		return CLI_EXIT_LOGIN;
	return CLI_EXIT_FAIL;
}

static int describe(const char *server, const struct wait *w, char *err, size_t errsize)
{
	const struct api_reply *r = &w->copy;

	if (r->fail == API_FAIL_NONE && r->err == APIERR_UNAUTHORIZED)
		snprintf(err, errsize, "%s", _("Wrong login or password."));
	else
		app_fail_text_url(server, r, err, errsize);
	return session_fail_status(r);
}

/* Reads a line from the terminal without echo (a password, a login code alike); NULL
 * without a terminal. The prompt may name the server's text (where a code went): it is
 * made safe first. */
static char *ask_tty(const char *prompt)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	struct termios old, quiet;
	char buf[1024];
	size_t n = 0;
	char *out, *safe;

	if (fd < 0)
		return NULL;
	safe = text_clean_dup(prompt, text_out_flags());
	if (!safe || write(fd, safe, strlen(safe)) < 0) {
		free(safe);
		close(fd);
		return NULL;
	}
	free(safe);
	bool restore = tcgetattr(fd, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	for (;;) {
		char ch;
		ssize_t got = read(fd, &ch, 1);
		if (got <= 0 || ch == '\n' || ch == '\r')
			break;
		if (n + 1 < sizeof(buf))
			buf[n++] = ch;
	}
	buf[n] = '\0';
	if (restore) {
		tcsetattr(fd, TCSAFLUSH, &old);
		ssize_t ignored = write(fd, "\n", 1);	/* cosmetic */
		(void)ignored;
	}
	close(fd);
	out = strdup(buf);
	model_wipe(buf, sizeof(buf));
	return out;
}

static void free_secret(char *s)
{
	if (s) {
		model_wipe(s, strlen(s));
		free(s);
	}
}

/* loginByToken with the token found at start, in turn with every other process of
 * this server and login (remember.h); the rotated token is stored back, and a store
 * that failed is said: the old token is dead now. rm stays attached for the
 * transparent re-logins of the run. */
static void login_by_token(struct api *api, struct remember *rm, char *token, struct wait *w)
{
	api_set_remember_token(api, token);
	keyring_free_secret(token);
	remember_attach(rm, api);
	memset(w, 0, sizeof(*w));
	wait_for(api, api_login_by_token(api, on_reply, w), w);
	if (rm->tried && !rm->stored)
		cli_error("%s", rm->st.msg);
}

/* Answers a two-step login by asking for the code on the terminal. */
static int finish_otp(struct api *api, const char *server, struct wait *w, char *err,
		      size_t errsize)
{
	struct login_reply lr;
	struct model_err merr;
	char prompt[160];
	int rc = CLI_EXIT_LOGIN;

	if (model_parse_login(w->body, &lr, &merr) != MODEL_OK) {
		snprintf(err, errsize, "%s", _("The server's answer could not be understood."));
		return CLI_EXIT_FAIL;
	}
	if (lr.password_change) {
		/* A one-time password from the office: the new one is chosen on the full
		 * screen, never here (no prompt, no hang). */
		model_wipe(&lr, sizeof(lr));
		snprintf(err, errsize, "%s",
			 _("this login must set its own password first: log in with kabinet (full screen)"));
		return CLI_EXIT_LOGIN;
	}
	if (!lr.otp_required)
		return CLI_EXIT_OK;
	snprintf(prompt, sizeof(prompt), _("Code sent to %s: "), lr.sent_to);
	for (int attempt = 0; attempt < 3; attempt++) {
		char *code = ask_tty(prompt);
		struct wait cw;
		if (!code) {
			snprintf(err, errsize, "%s", _("A login code is needed, and there is no terminal to ask for it"));
			return CLI_EXIT_LOGIN;
		}
		call_sync(api, "confirmOtp", model_body_otp(lr.otp_id, code), API_NO_RELOGIN, &cw);
		free_secret(code);
		if (cw.copy.fail == API_FAIL_NONE && cw.copy.err == APIERR_OK) {
			wait_free(&cw);
			return CLI_EXIT_OK;
		}
		rc = describe(server, &cw, err, errsize);
		if (cw.copy.err != APIERR_VALIDATION || cw.copy.fail != API_FAIL_NONE) {
			wait_free(&cw);
			return rc;
		}
		cli_error("%s", err);
		wait_free(&cw);
	}
	return rc;
}

static int login_with_password(struct api *api, const char *server, const char *login,
			       const char *password, char *err, size_t errsize)
{
	const char *problem = model_login_problem(login, password);
	struct wait w;
	int rc;

	if (problem) {
		snprintf(err, errsize, "%s", problem);
		return CLI_EXIT_LOGIN;
	}
	call_sync(api, "login", model_body_login(login, password, false, NULL), API_NO_RELOGIN, &w);
	if (w.copy.fail == API_FAIL_NONE && w.copy.err == APIERR_OK)
		rc = finish_otp(api, server, &w, err, errsize);
	else
		rc = describe(server, &w, err, errsize);
	wait_free(&w);
	return rc;
}

int session_login(struct api *api, const struct session_opts *o, char *err, size_t errsize)
{
	static struct remember rm;
	struct keyring_opts ko = { .password_command = o->password_command,
				   .no_keyring = o->no_keyring };
	struct keyring_cred cred = { 0 };
	struct keyring_status st;
	int rc;

	if (o->password)
		return login_with_password(api, o->server, o->login, o->password, err, errsize);
	if (!o->login || !*o->login) {
		snprintf(err, errsize, "%s", _("No login: use --login, --profile or `set login` in the config"));
		return CLI_EXIT_USAGE;
	}
	keyring_obtain(&ko, o->server, o->login, &cred, &st);
	if (cred.kind == KEYRING_CRED_TOKEN) {
		struct wait w;
		static const bool keep = true;
		remember_init(&rm, o->server, o->login, &keep);
		login_by_token(api, &rm, cred.secret, &w);
		cred.secret = NULL;
		keyring_cred_clear(&cred);
		if (w.copy.fail == API_FAIL_NONE && w.copy.err == APIERR_OK) {
			wait_free(&w);
			return CLI_EXIT_OK;
		}
		/* Only a token the server refused is dead; a network failure says nothing
		 * about it, and forgetting it would lock a cron job out for good. */
		if (w.copy.fail != API_FAIL_NONE || w.copy.err != APIERR_UNAUTHORIZED) {
			rc = describe(o->server, &w, err, errsize);
			wait_free(&w);
			return rc;
		}
		wait_free(&w);
		/* A dead token is removed (and the overview cached on its trust), then the
		 * password is asked as usual. */
		keyring_forget(o->server, o->login, &st);
		cache_forget(o->server, o->login);
		remember_detach(api);
		api_set_remember_token(api, NULL);
		keyring_obtain(&(struct keyring_opts){ .password_command = o->password_command,
						       .no_keyring = true },
			       o->server, o->login, &cred, &st);
	}
	if (cred.kind == KEYRING_CRED_PASSWORD) {
		rc = login_with_password(api, o->server, o->login, cred.secret, err, errsize);
		keyring_cred_clear(&cred);
		return rc;
	}
	if (st.code != KEYRING_OK && st.code != KEYRING_NOT_FOUND && o->password_command &&
	    *o->password_command) {
		snprintf(err, errsize, "%s", st.msg);
		return CLI_EXIT_LOGIN;
	}
	char prompt[300];
	snprintf(prompt, sizeof(prompt), _("Password for %s at %s: "), o->login, o->server);
	char *password = ask_tty(prompt);
	if (!password) {
		/* A keyring that could not be read (locked, timed out, broken) is the likelier
		 * reason than a login never remembered: say so. */
		if (keyring_unreadable(st.code))
			snprintf(err, errsize, "%s (%s)", _("No password: the keyring could not be read"),
				 st.msg);
		else
			snprintf(err, errsize, "%s",
				 _("No password: log in once with \"remember me\", or set password_command"));
		return CLI_EXIT_LOGIN;
	}
	rc = login_with_password(api, o->server, o->login, password, err, errsize);
	free_secret(password);
	return rc;
}
