/* The approval pages of social login. GET /device shows the user code's form; POST
 * /device checks the code (the third wrong one from an address within 10 minutes: 429
 * for 10 minutes from it) and asks to approve or deny; POST /device/approve denies the
 * flow or sends the browser to the provider (state, nonce, PKCE S256); GET
 * /device/callback takes the provider's answer once (the state is single use), checks
 * the ID token (oidc.c) and sets the flow's result: a login of the linked profile, or
 * a link made. Every form carries a token derived from the DEVICE-CSRF cookie, the
 * form's purpose and the code; every text is HTML-escaped; no script. Which check
 * failed goes to the log only. */
#include "kabinet/server/device_page.h"

#include <ctype.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/log.h"
#include "kabinet/server/oidc.h"
#include "kabinet/server/social.h"
#include "kabinet/server/srv.h"

#define COOKIE "DEVICE-CSRF"
/* The cookie that ties the provider's answer to the browser that approved: Lax, since
 * the provider sends the browser back with a cross-site top-level GET. */
#define FLOW_COOKIE "DEVICE-FLOW"

static unsigned char csrf_key[crypto_auth_hmacsha256_KEYBYTES];

void device_page_init(void)
{
	randombytes_buf(csrf_key, sizeof(csrf_key));
}

/* --- text ----------------------------------------------------------------------------- */

struct sb {
	char *p;
	size_t n, cap;
};

static void sb_add(struct sb *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *q = realloc(b->p, cap);
		if (!q)
			return;
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sb *b, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n >= 0)
		sb_add(b, s, (size_t)n);
	free(s);
}

/* Text as HTML: & < > " ' escaped, control characters dropped. */
static void sb_esc(struct sb *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sb_add(b, "&amp;", 5); break;
		case '<': sb_add(b, "&lt;", 4); break;
		case '>': sb_add(b, "&gt;", 4); break;
		case '"': sb_add(b, "&quot;", 6); break;
		case '\'': sb_add(b, "&#39;", 5); break;
		default:
			if ((unsigned char)*s >= 0x20 && *s != 0x7f)
				sb_add(b, s, 1);
		}
	}
}

/* --- requests --------------------------------------------------------------------------- */

/* One field of a form body, percent-decoded (malloc'ed), NULL when absent. */
static char *form_value(const char *body, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = body; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
		size_t len = strcspn(p, "&");
		char *out, *o;
		if (len <= nl || strncmp(p, name, nl) || p[nl] != '=')
			continue;
		if (!(out = o = malloc(len)))
			return NULL;
		for (const char *s = p + nl + 1; s < p + len; s++) {
			unsigned v;
			if (*s == '+')
				*o++ = ' ';
			else if (*s == '%' && s + 2 < p + len && isxdigit((unsigned char)s[1]) &&
				 isxdigit((unsigned char)s[2]) && sscanf(s + 1, "%2x", &v) == 1) {
				*o++ = (char)v;
				s += 2;
			} else
				*o++ = *s;
		}
		*o = '\0';
		return out;
	}
	return NULL;
}

struct page {
	const struct page_req *req;
	struct page_res *res;
	bool en;
	char *code, *csrf, *lang, *decision;	/* the form's, or the query's code and lang */
	struct call c;			/* the database and the outbox, as for a method */
};

static const char *tr(const struct page *pg, const char *ru, const char *en)
{
	return pg->en ? en : ru;
}

/* The CSRF token of a form: HMAC of the cookie, the purpose and the code. */
static void csrf_token(const char *cookie, const char *purpose, const char *code, char *out)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, csrf_key, sizeof(csrf_key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)cookie, strlen(cookie) + 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)code, strlen(code));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, 65, mac, sizeof(mac));
}

static bool csrf_ok(const struct page *pg, const char *purpose, const char *code)
{
	char want[65];
	if (!pg->req->cookie || strlen(pg->req->cookie) != 43 || !pg->csrf)
		return false;
	csrf_token(pg->req->cookie, purpose, code, want);
	return srv_streq_ct(want, pg->csrf);
}

/* Whether the browser reaches the pages over https (kabinetd's own TLS, or a proxy's
 * when the public URL says so): the cookies are then Secure. */
static const char *secure_attr(void)
{
	bool https = srv_cfg.tls || (srv_cfg.public_url &&
				     !strncmp(srv_cfg.public_url, "https://", 8));
	return https ? "; Secure" : "";
}

/* The cookie the forms are bound to: the browser's, else a new one. */
static const char *cookie_of(struct page *pg)
{
	static __thread char fresh[48];
	if (pg->req->cookie && strlen(pg->req->cookie) == 43)
		return pg->req->cookie;
	srv_new_token(fresh);
	snprintf(pg->res->cookie, sizeof(pg->res->cookie),
		 COOKIE "=%s; Path=" DEVICE_PAGE_PREFIX "; HttpOnly; SameSite=Strict%s", fresh,
		 secure_attr());
	return fresh;
}

/* The state's stored hash: of the state and the browser's DEVICE-FLOW cookie together,
 * so that the state alone (a link passed to another browser) finds no flow. */
static void state_hash(const char *state, const char *binding, char *out)
{
	char both[100];
	snprintf(both, sizeof(both), "%s.%s", state, binding);
	srv_token_hash(both, out);
	sodium_memzero(both, sizeof(both));
}

/* --- pages --------------------------------------------------------------------------- */

static void page_out(struct page *pg, int status, const char *title, struct sb *body)
{
	struct sb b = { 0 };
	char origins[1000];
	sb_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		  "<title>", pg->en ? "en" : "ru");
	sb_esc(&b, title);
	sb_printf(&b, "</title><style>body{font:1.1em sans-serif;max-width:32em;margin:2em auto;"
		  "padding:0 1em}input,button{font:inherit;padding:.3em .6em;margin:.3em 0}"
		  "input[name=code]{text-transform:uppercase;letter-spacing:.15em}"
		  ".err{color:#a00}</style></head><body><main><h1>");
	sb_esc(&b, title);
	sb_add(&b, "</h1>", 5);
	if (body->p)
		sb_add(&b, body->p, body->n);
	sb_add(&b, "</main></body></html>\n", 22);
	free(body->p);
	oidc_origins(origins, sizeof(origins));
	snprintf(pg->res->csp, sizeof(pg->res->csp), "default-src 'none'; style-src "
		 "'unsafe-inline'; form-action 'self'%s", origins);
	pg->res->status = status;
	pg->res->body = b.p;
}

static void para(struct sb *b, const char *cls, const char *text)
{
	sb_printf(b, "<p%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	sb_esc(b, text);
	sb_add(b, "</p>", 4);
}

static void hidden(struct sb *b, const char *name, const char *value)
{
	sb_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	sb_esc(b, value);
	sb_add(b, "\">", 2);
}

/* The form of the user code, with the reason the last one was refused (or none). */
static void page_form(struct page *pg, int status, const char *error)
{
	struct sb b = { 0 };
	char token[65];
	const char *cookie = cookie_of(pg);
	csrf_token(cookie, "form", "", token);
	para(&b, NULL, tr(pg, "Введите код, который показывает kabinet.",
			  "Enter the code kabinet shows."));
	if (error)
		para(&b, "err", error);
	sb_add(&b, "<form method=\"post\" action=\"/device\">", 37);
	hidden(&b, "csrf", token);
	hidden(&b, "lang", pg->en ? "en" : "ru");
	sb_printf(&b, "<p><label for=\"code\">%s</label><br><input id=\"code\" name=\"code\" "
		  "autocomplete=\"off\" autocapitalize=\"characters\" maxlength=\"20\" "
		  "required value=\"", tr(pg, "Код", "Code"));
	sb_esc(&b, pg->code ? pg->code : "");
	sb_printf(&b, "\"></p><p><button type=\"submit\">%s</button></p></form>",
		  tr(pg, "Продолжить", "Continue"));
	page_out(pg, status, tr(pg, "Вход в kabinet", "Log in to kabinet"), &b);
}

static void page_message(struct page *pg, int status, const char *title, const char *text)
{
	struct sb b = { 0 };
	para(&b, NULL, text);
	page_out(pg, status, title, &b);
}

static void page_refused(struct page *pg)
{
	page_form(pg, 403, tr(pg, "Форма устарела: введите код ещё раз.",
			      "The form has expired: enter the code again."));
}

static void page_internal(struct page *pg)
{
	page_message(pg, 500, tr(pg, "Ошибка", "Error"),
		     tr(pg, "Что-то пошло не так. Попробуйте позже.",
			"Something went wrong. Please try again later."));
}

/* --- flows --------------------------------------------------------------------------- */

struct flow {
	int64_t id, profile_id;
	char provider[OIDC_ID_MAX + 1], purpose[8], device_name[260];
	char nonce[48], verifier[48];
	bool live;		/* no result yet, not spent, not expired */
	bool decided;		/* approved on a page already (sent to the provider) */
};

/* The flow of a typed user code that can still be approved; 1 found, 0 none, -1. */
static int flow_by_code(struct page *pg, const char *code, struct flow *f)
{
	sqlite3_stmt *st;
	if (call_row(&pg->c, &st, "device flow by code", "SELECT id, profile_id, provider, "
		     "purpose, device_name, lang IS NOT NULL FROM device_flows WHERE user_code = ? "
		     "AND result IS NULL "
		     "AND spent = 0 AND expires_at > ?", "si", code, pg->c.now) != CALL_OK)
		return -1;
	if (!st)
		return 0;
	memset(f, 0, sizeof(*f));
	f->id = sqlite3_column_int64(st, 0);
	f->profile_id = sqlite3_column_int64(st, 1);
	snprintf(f->provider, sizeof(f->provider), "%s", db_text(st, 2));
	snprintf(f->purpose, sizeof(f->purpose), "%s", db_text(st, 3));
	snprintf(f->device_name, sizeof(f->device_name), "%s", db_text(st, 4) ? db_text(st, 4) : "");
	f->decided = sqlite3_column_int(st, 5);
	sqlite3_reset(st);
	f->live = true;
	return 1;
}

/* Runs fn in a write transaction, committing when it returns 0 (and sending the
 * outbox); -1 when the database failed. */
static int in_tx(struct page *pg, int (*fn)(struct page *, void *), void *arg)
{
	int rc;
	pg->c.now = srv_now();
	if (db_begin(pg->c.db, true) != SQLITE_OK)
		return -1;
	rc = fn(pg, arg);
	db_reset_all(pg->c.db);
	if (rc >= 0 && db_commit(pg->c.db) == SQLITE_OK) {
		srv_outbox_flush(&pg->c);
		return rc;
	}
	db_rollback(pg->c.db);
	return -1;
}

struct set_result {
	int64_t id;
	const char *result;
};

static int tx_set_result(struct page *pg, void *arg)
{
	struct set_result *r = arg;
	return db_exec(pg->c.db, "UPDATE device_flows SET result = ?, state_hash = NULL, "
		       "nonce = NULL, verifier = NULL WHERE id = ? AND result IS NULL", "si",
		       r->result, r->id) == SQLITE_DONE ? 0 : -1;
}

static int set_result(struct page *pg, int64_t id, const char *result)
{
	struct set_result r = { id, result };
	return in_tx(pg, tx_set_result, &r);
}

/* "«kabinet on host X»" or "kabinet". */
/* The full stop after a sentence that ends with a name: none when the name ends with
 * its own ("Иванов П. С."). */
static const char *full_stop(const char *name)
{
	size_t n = strlen(name);
	return n && name[n - 1] == '.' ? "" : ".";
}

static void who(const struct flow *f, char *buf, size_t size)
{
	if (f->device_name[0])
		snprintf(buf, size, "«%s»", f->device_name);
	else
		snprintf(buf, size, "kabinet");
}

static const char *provider_name(struct page *pg, const struct flow *f)
{
	const struct oidc_provider *p = oidc_find(f->provider);
	return p ? oidc_name(p, pg->en) : f->provider;
}

/* --- POST /device ---------------------------------------------------------------------- */

/* A wrong code counted (in one write transaction with the count): the third within
 * 10 minutes locks the address for 10 minutes from itself (a "locked" row). */
static int tx_wrong_code(struct page *pg, void *arg)
{
	int retry, n;
	(void)arg;
	if (social_attempt_add(&pg->c, "wrong", pg->req->remote_addr) != CALL_OK)
		return -1;
	n = social_attempts(&pg->c, "wrong", pg->req->remote_addr, &retry);
	if (n >= SOCIAL_WRONG_MAX &&
	    social_attempt_add(&pg->c, "locked", pg->req->remote_addr) != CALL_OK)
		return -1;
	return n;
}

static void page_too_many(struct page *pg, int retry)
{
	pg->res->retry_after = retry;
	page_message(pg, 429, tr(pg, "Слишком много попыток", "Too many attempts"),
		     tr(pg, "Код введён неверно слишком много раз. Попробуйте через 10 минут.",
			"The code was wrong too many times. Try again in 10 minutes."));
}

static void page_confirm(struct page *pg, const struct flow *f, const char *code)
{
	struct sb b = { 0 };
	char token[65], name[200], dev[300], text[800];
	const struct oidc_provider *p = oidc_find(f->provider);

	/* The provider's address is learnt now, for the confirm form's form-action. */
	if (p)
		oidc_prepare(p);
	csrf_token(cookie_of(pg), "confirm", code, token);
	who(f, dev, sizeof(dev));
	if (!strcmp(f->purpose, "LINK")) {
		social_profile_name(&pg->c, f->profile_id, name, sizeof(name));
		snprintf(text, sizeof(text), tr(pg, "%s просит привязать %s к профилю %s%s",
						 "%s asks to link %s to the profile of %s%s"),
			 dev, provider_name(pg, f), name, full_stop(name));
	} else {
		snprintf(text, sizeof(text), tr(pg, "%s просит войти через %s.",
						 "%s asks to log in with %s."),
			 dev, provider_name(pg, f));
	}
	para(&b, NULL, text);
	para(&b, NULL, tr(pg, "Если это не вы запустили вход, откажите.",
			  "If you did not start this, deny."));
	sb_add(&b, "<form method=\"post\" action=\"/device/approve\">", 45);
	hidden(&b, "csrf", token);
	hidden(&b, "code", code);
	hidden(&b, "lang", pg->en ? "en" : "ru");
	sb_printf(&b, "<p><button type=\"submit\" name=\"decision\" value=\"approve\">%s</button> "
		  "<button type=\"submit\" name=\"decision\" value=\"deny\">%s</button></p></form>",
		  tr(pg, "Разрешить", "Approve"), tr(pg, "Отказать", "Deny"));
	page_out(pg, 200, tr(pg, "Подтверждение", "Confirm"), &b);
}

static void post_code(struct page *pg)
{
	char code[SOCIAL_CODE_LEN + 1];
	struct flow f;
	int retry, found = 0;

	if (!csrf_ok(pg, "form", ""))
		return page_refused(pg);
	if (social_attempts(&pg->c, "locked", pg->req->remote_addr, &retry) > 0)
		return page_too_many(pg, retry);
	if (pg->code && social_code_norm(pg->code, code))
		found = flow_by_code(pg, code, &f);
	if (found < 0)
		return page_internal(pg);
	if (found)
		return page_confirm(pg, &f, code);
	if (in_tx(pg, tx_wrong_code, NULL) >= SOCIAL_WRONG_MAX) {
		social_attempts(&pg->c, "locked", pg->req->remote_addr, &retry);
		return page_too_many(pg, retry);
	}
	page_form(pg, 200, tr(pg, "Код неверный или устарел. Проверьте его в kabinet.",
			      "The code is wrong or has expired. Check it in kabinet."));
}

/* --- POST /device/approve -------------------------------------------------------------- */

struct pending {
	int64_t id;
	char state_hash[65], nonce[48], verifier[48];
};

/* The flow sent to the provider: once only (lang is set by the first approval; a
 * second one, from any browser, changes nothing: 1). */
static int tx_pending(struct page *pg, void *arg)
{
	struct pending *p = arg;
	if (db_exec(pg->c.db, "UPDATE device_flows SET state_hash = ?, nonce = ?, verifier = ?, "
		    "lang = ? WHERE id = ? AND result IS NULL AND lang IS NULL", "ssssi",
		    p->state_hash, p->nonce, p->verifier, pg->en ? "en" : "ru", p->id) != SQLITE_DONE)
		return -1;
	return sqlite3_changes(pg->c.db) ? 0 : 1;
}

static void page_decided(struct page *pg)
{
	page_message(pg, 409, tr(pg, "Уже подтверждено", "Already approved"),
		     tr(pg, "Этот код уже подтверждён; окно можно закрыть.",
			"This code was already approved; you may close this window."));
}

static void page_provider_down(struct page *pg)
{
	page_message(pg, 502, tr(pg, "Сервис входа недоступен", "The provider is unavailable"),
		     tr(pg, "Не удалось связаться с сервисом входа. Начните вход в kabinet заново "
			"позже.", "The provider could not be reached. Start again in kabinet "
			"later."));
}

static void approve(struct page *pg, const struct flow *f)
{
	const struct oidc_provider *p = oidc_find(f->provider);
	struct pending pd = { .id = f->id };
	char state[48], binding[48], challenge[48], why[400], redirect[600], *url;
	int rc;

	srv_new_token(state);
	srv_new_token(binding);
	srv_new_token(pd.nonce);
	srv_new_token(pd.verifier);
	state_hash(state, binding, pd.state_hash);
	oidc_challenge(pd.verifier, challenge);
	snprintf(redirect, sizeof(redirect), "%s/device/callback", srv_cfg.public_url);
	url = p ? oidc_auth_url(p, redirect, state, pd.nonce, challenge, why, sizeof(why)) : NULL;
	sodium_memzero(state, sizeof(state));
	if (!url) {
		sodium_memzero(binding, sizeof(binding));
		log_msg("social: %s", p ? why : "provider no longer configured");
		set_result(pg, f->id, "PROVIDER_ERROR");
		return page_provider_down(pg);
	}
	rc = in_tx(pg, tx_pending, &pd);
	if (rc != 0) {
		free(url);
		sodium_memzero(binding, sizeof(binding));
		return rc < 0 ? page_internal(pg) : page_decided(pg);
	}
	sodium_memzero(&pd, sizeof(pd));
	snprintf(pg->res->flow_cookie, sizeof(pg->res->flow_cookie), FLOW_COOKIE "=%s; Path="
		 DEVICE_PAGE_PREFIX "/callback; HttpOnly; SameSite=Lax%s", binding, secure_attr());
	sodium_memzero(binding, sizeof(binding));
	pg->res->location = url;
	page_message(pg, 303, tr(pg, "Переход к сервису входа", "Going to the provider"),
		     tr(pg, "Перейдите по ссылке сервиса входа.", "Follow the provider's link."));
}

static void post_approve(struct page *pg)
{
	char code[SOCIAL_CODE_LEN + 1];
	struct flow f;
	int found;

	if (!pg->code || !social_code_norm(pg->code, code) || !csrf_ok(pg, "confirm", code))
		return page_refused(pg);
	found = flow_by_code(pg, code, &f);
	if (found < 0)
		return page_internal(pg);
	if (!found)
		return page_form(pg, 200, tr(pg, "Код неверный или устарел. Проверьте его в kabinet.",
					     "The code is wrong or has expired. Check it in "
					     "kabinet."));
	if (f.decided)
		return page_decided(pg);
	if (pg->decision && !strcmp(pg->decision, "approve"))
		return approve(pg, &f);
	if (set_result(pg, f.id, "DENIED") < 0)
		return page_internal(pg);
	page_message(pg, 200, tr(pg, "Вход отклонён", "Denied"),
		     tr(pg, "Вы отказали. kabinet не получит доступа; окно можно закрыть.",
			"You denied it. kabinet gets no access; you may close this window."));
}

/* --- GET /device/callback ----------------------------------------------------------- */

/* Takes the flow of the state once: the state, nonce and verifier are cleared. The
 * state finds its flow only together with the DEVICE-FLOW cookie of the browser that
 * approved (the hash is of both); without it nothing is found or changed. */
static int tx_take_state(struct page *pg, void *arg)
{
	struct flow *f = arg;
	char hash[65];
	sqlite3_stmt *st;

	if (!pg->req->flow_cookie || strlen(pg->req->flow_cookie) != 43)
		return 0;
	state_hash(pg->req->q_state, pg->req->flow_cookie, hash);
	if (call_row(&pg->c, &st, "device flow by state", "SELECT id, profile_id, provider, "
		     "purpose, device_name, nonce, verifier, result IS NULL AND spent = 0 AND "
		     "expires_at > ?, lang FROM device_flows WHERE state_hash = ?", "is", pg->c.now,
		     hash) != CALL_OK)
		return -1;
	if (!st)
		return 0;
	f->id = sqlite3_column_int64(st, 0);
	f->profile_id = sqlite3_column_int64(st, 1);
	snprintf(f->provider, sizeof(f->provider), "%s", db_text(st, 2));
	snprintf(f->purpose, sizeof(f->purpose), "%s", db_text(st, 3));
	snprintf(f->device_name, sizeof(f->device_name), "%s", db_text(st, 4) ? db_text(st, 4) : "");
	snprintf(f->nonce, sizeof(f->nonce), "%s", db_text(st, 5) ? db_text(st, 5) : "");
	snprintf(f->verifier, sizeof(f->verifier), "%s", db_text(st, 6) ? db_text(st, 6) : "");
	f->live = sqlite3_column_int(st, 7);
	if (db_text(st, 8))
		pg->en = !strcmp(db_text(st, 8), "en");
	sqlite3_reset(st);
	if (db_exec(pg->c.db, "UPDATE device_flows SET state_hash = NULL, nonce = NULL, "
		    "verifier = NULL WHERE id = ?", "i", f->id) != SQLITE_DONE)
		return -1;
	return 1;
}

struct person {
	const struct flow *f;
	char subject[OIDC_SUBJECT_MAX + 1], name[OIDC_NAME_MAX + 1];
	const char *result;
	int64_t profile_id;
};

static int tx_login(struct page *pg, struct person *who_)
{
	const struct flow *f = who_->f;
	who_->profile_id = db_int(pg->c.db, "SELECT profile_id FROM social_links WHERE provider = ? "
				  "AND subject = ?", 0, "ss", f->provider, who_->subject);
	who_->result = who_->profile_id ? "APPROVED" : "NOT_LINKED";
	if (who_->profile_id && who_->name[0] &&
	    db_exec(pg->c.db, "UPDATE social_links SET display_name = ? WHERE provider = ? AND "
		    "subject = ?", "sss", who_->name, f->provider, who_->subject) != SQLITE_DONE)
		return -1;
	return db_exec(pg->c.db, "UPDATE device_flows SET result = ?, profile_id = NULLIF(?, 0) WHERE id = ? "
		       "AND result IS NULL", "sii", who_->result, who_->profile_id, f->id) ==
	       SQLITE_DONE ? 0 : -1;
}

static int tx_link(struct page *pg, struct person *who_)
{
	const struct flow *f = who_->f;
	char text[400];
	int64_t owner = db_int(pg->c.db, "SELECT profile_id FROM social_links WHERE provider = ? "
			       "AND subject = ?", 0, "ss", f->provider, who_->subject);
	int64_t mine = db_int(pg->c.db, "SELECT COUNT(*) FROM social_links WHERE provider = ? AND "
			      "profile_id = ?", 0, "si", f->provider, f->profile_id);

	if (owner && owner != f->profile_id)
		who_->result = "LINKED_ELSEWHERE";
	else if (owner)
		who_->result = "LINKED";
	else if (mine)
		who_->result = "DENIED";
	else {
		who_->result = "LINKED";
		snprintf(text, sizeof(text), "%s привязан к вашему личному кабинету: через него "
			 "можно входить. Если это были не вы, смените пароль и отвяжите %s в "
			 "профиле.", provider_name(pg, f), provider_name(pg, f));
		if (db_exec(pg->c.db, "INSERT INTO social_links (profile_id, provider, subject, "
			    "display_name, linked_at) VALUES (?, ?, ?, ?, ?)", "isssi",
			    f->profile_id, f->provider, who_->subject,
			    who_->name[0] ? who_->name : NULL, pg->c.now) != SQLITE_DONE ||
		    social_notice(&pg->c, f->profile_id, text) != CALL_OK)
			return -1;
	}
	return db_exec(pg->c.db, "UPDATE device_flows SET result = ? WHERE id = ? AND result IS "
		       "NULL", "si", who_->result, f->id) == SQLITE_DONE ? 0 : -1;
}

static int tx_person(struct page *pg, void *arg)
{
	struct person *p = arg;
	return strcmp(p->f->purpose, "LINK") ? tx_login(pg, p) : tx_link(pg, p);
}

static void page_result(struct page *pg, const struct person *p)
{
	const struct flow *f = p->f;
	char text[900], dev[300], name[200] = "";
	who(f, dev, sizeof(dev));
	if (!strcmp(p->result, "APPROVED")) {
		social_profile_name(&pg->c, p->profile_id, name, sizeof(name));
		snprintf(text, sizeof(text), tr(pg, "%s теперь вошёл как %s%s Окно можно закрыть.",
						 "%s is now logged in as %s%s You may close this "
						 "window."), dev, name, full_stop(name));
	} else if (!strcmp(p->result, "NOT_LINKED")) {
		snprintf(text, sizeof(text), tr(pg, "Этот %s не привязан к профилю: войдите по паролю "
						 "и привяжите его в профиле.", "This %s is not "
						 "linked to a profile: log in with your password and "
						 "link it in the profile."), provider_name(pg, f));
	} else if (!strcmp(p->result, "LINKED")) {
		social_profile_name(&pg->c, f->profile_id, name, sizeof(name));
		snprintf(text, sizeof(text), tr(pg, "%s привязан к профилю %s%s Окно можно закрыть.",
						 "%s is now linked to the profile of %s%s You may close "
						 "this window."), provider_name(pg, f), name,
			 full_stop(name));
	} else if (!strcmp(p->result, "LINKED_ELSEWHERE")) {
		snprintf(text, sizeof(text), tr(pg, "Этот %s уже привязан к другому профилю.",
						 "This %s is already linked to another profile."),
			 provider_name(pg, f));
	} else {
		snprintf(text, sizeof(text), "%s", tr(pg, "К профилю уже привязан другой вход "
						      "этого сервиса.", "Another account of this "
						      "provider is already linked to the profile."));
	}
	page_message(pg, 200, tr(pg, "Готово", "Done"), text);
}

static void page_unverified(struct page *pg)
{
	page_message(pg, 502, tr(pg, "Ошибка сервиса входа", "Provider error"),
		     tr(pg, "Ответ сервиса входа не удалось проверить. Начните вход в kabinet заново.",
			"The provider's answer could not be verified. Start again in kabinet."));
}

static void callback_answer(struct page *pg, const struct flow *f)
{
	const struct oidc_provider *p = oidc_find(f->provider);
	struct person who_ = { .f = f };
	char why[400], redirect[600];
	const char *code = pg->code;

	if (pg->req->q_error) {
		bool denied = !strcmp(pg->req->q_error, "access_denied");
		log_msg("social: %s: the provider answered an error", f->provider);
		set_result(pg, f->id, denied ? "DENIED" : "PROVIDER_ERROR");
		return denied ? page_message(pg, 200, tr(pg, "Вход отклонён", "Denied"),
					     tr(pg, "Вход не разрешён; окно можно закрыть.",
						"Access was denied; you may close this window."))
			      : page_unverified(pg);
	}
	snprintf(redirect, sizeof(redirect), "%s/device/callback", srv_cfg.public_url);
	if (!p || !code || !*code ||
	    oidc_exchange(p, redirect, code, f->verifier, f->nonce, who_.subject, who_.name, why,
			  sizeof(why)) != 0) {
		log_msg("social: %s", p && code && *code ? why : "callback without a code");
		set_result(pg, f->id, "PROVIDER_ERROR");
		return page_unverified(pg);
	}
	if (in_tx(pg, tx_person, &who_) < 0)
		return page_internal(pg);
	page_result(pg, &who_);
}

static void get_callback(struct page *pg)
{
	struct flow f = { 0 };
	int found = pg->req->q_state && strlen(pg->req->q_state) <= 64
			    ? in_tx(pg, tx_take_state, &f) : 0;
	if (found < 0)
		return page_internal(pg);
	if (!found || !f.live) {
		log_msg("social: callback with an unknown, used or expired state");
		return page_message(pg, 400, tr(pg, "Ссылка недействительна", "Invalid link"),
				    tr(pg, "Эта ссылка уже использована или устарела. Начните вход "
				       "в kabinet заново.", "This link was already used or has "
				       "expired. Start again in kabinet."));
	}
	callback_answer(pg, &f);
	sodium_memzero(f.verifier, sizeof(f.verifier));
}

/* --- entry ------------------------------------------------------------------------------ */

static void route(struct page *pg)
{
	const char *path = pg->req->path;
	bool post = pg->req->post;
	if (!strcmp(path, "/device") && !post)
		page_form(pg, 200, NULL);
	else if (!strcmp(path, "/device") && post)
		post_code(pg);
	else if (!strcmp(path, "/device/approve") && post)
		post_approve(pg);
	else if (!strcmp(path, "/device/callback") && !post)
		get_callback(pg);
	else
		page_message(pg, 404, tr(pg, "Не найдено", "Not found"),
			     tr(pg, "Такой страницы нет.", "There is no such page."));
}

void device_page(const struct page_req *req, struct page_res *res)
{
	struct page pg = { .req = req, .res = res };
	const char *body = req->post ? req->body : NULL;

	memset(res, 0, sizeof(*res));
	pg.code = body ? form_value(body, "code") : req->q_code ? strdup(req->q_code) : NULL;
	pg.lang = body ? form_value(body, "lang") : req->q_lang ? strdup(req->q_lang) : NULL;
	pg.csrf = body ? form_value(body, "csrf") : NULL;
	pg.decision = body ? form_value(body, "decision") : NULL;
	pg.en = pg.lang ? !strcmp(pg.lang, "en") : req->en_header;
	pg.c = (struct call){ .db = db_thread(), .now = srv_now(), .en = pg.en,
			      .method = "device page", .remote_addr = req->remote_addr };
	if (!pg.c.db)
		page_internal(&pg);
	else
		route(&pg);
	if (pg.c.db)
		db_reset_all(pg.c.db);
	cJSON_Delete(pg.c.outbox);
	/* On the callback the code is the provider's authorization code. */
	if (pg.code)
		sodium_memzero(pg.code, strlen(pg.code));
	free(pg.code);
	free(pg.lang);
	free(pg.csrf);
	free(pg.decision);
}
