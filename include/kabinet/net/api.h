/* The client's network layer: asynchronous API calls over libcurl's multi interface,
 * the session (cookies, CSRF header, client_uuid), transparent re-login with the
 * remember token for reads, and cancellation. Screens call api_call() and get a
 * struct api_reply in a callback from api_dispatch(); they never touch curl. */
#ifndef KABINET_API_H
#define KABINET_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/apierr.h"

struct api;

/* What went wrong below the API, each told apart: the message is what support staff
 * read to a customer. */
enum api_fail {
	API_FAIL_NONE,		/* the server answered (see http and err) */
	API_FAIL_RESOLVE,	/* the host name could not be resolved */
	API_FAIL_CONNECT,	/* no connection: refused, unreachable */
	API_FAIL_TLS,		/* the TLS handshake or the certificate check failed */
	API_FAIL_TIMEOUT,	/* no answer within request_timeout */
	API_FAIL_BROKEN,	/* the connection broke, or closed without an answer */
	API_FAIL_TRUNCATED,	/* the answer was cut short */
	API_FAIL_TOO_BIG,	/* the answer is larger than API_REPLY_LIMIT */
	API_FAIL_CANCELLED,	/* api_cancel_all() (Esc) */
	API_FAIL_BAD_REPLY,	/* not HTTP, or a body that is not the API's JSON */
	API_FAIL_EXPOSED,	/* refused before connecting: plain http:// to a host that
				 * is not loopback (api_set_insecure_http) */
	API_FAIL_HEADERS,	/* the headers passed HTTP_HEADERS_MAX bytes, or one line
				 * HTTP_HEADER_LINE_MAX (http_head.h; header_line) */
	API_FAIL_INTERIM,	/* more than HTTP_INTERIM_MAX interim answers (1xx) */
};

/* Why a TLS handshake failed (API_FAIL_TLS), each told apart: each has its own fix. */
enum api_tls {
	API_TLS_OTHER,		/* anything else: see detail */
	API_TLS_UNKNOWN_CA,	/* no trusted CA signed it (a private CA, self-signed) */
	API_TLS_EXPIRED,	/* the certificate has expired */
	API_TLS_NOT_YET_VALID,	/* the certificate is not valid yet (this clock?) */
	API_TLS_NAME,		/* the certificate is for another host name */
	API_TLS_CA_FILE,	/* the ca_file could not be read or holds no certificate */
};

struct api_reply {
	enum api_fail fail;
	long http;		/* HTTP status, 0 without an answer */
	enum api_err err;	/* APIERR_OK on success; APIERR_COUNT for an unknown code */
	const char *err_code;	/* the errorCode text, NULL on success */
	const char *err_msg;	/* the server's errorMsg (fallback text), NULL on success */
	const char *field;	/* the field at fault, or NULL */
	int retry_after;	/* seconds, 0 when absent; at most HTTP_RETRY_AFTER_MAX */
	const char *body;	/* the raw JSON object text (success or error); model_* parse it */
	size_t body_len;
	enum api_tls tls;	/* with API_FAIL_TLS: why */
	const char *detail;	/* libcurl's words for a failure below the API, or "";
				 * like every string here, valid only during the callback */
	bool retry_capped;	/* the server asked for more than retry_after */
	bool header_line;	/* with API_FAIL_HEADERS: one header line passed libcurl's
				 * bound (CURL_MAX_HTTP_HEADER), not the whole of them */
};

/* Read calls may be repeated after a transparent re-login; write calls never are. */
enum api_call_flags {
	API_READ = 0,
	API_WRITE = 1 << 0,	/* moves money or changes something: never retried blindly */
	API_NO_RELOGIN = 1 << 1,	/* login methods themselves */
	/* The staff API: POST /staff-api/<method> with the staff session's own cookies
	 * (STAFF-SESSION, STAFF-CSRF-TOKEN, the latter echoed as the CSRF-TOKEN header),
	 * kept apart from a subscriber's; never re-logged in. */
	API_STAFF = 1 << 2,
};

typedef void (*api_done_fn)(void *ud, const struct api_reply *reply);

/* base_url like "http://127.0.0.1:8480" (normal form: url_normalize); lang "ru"/"en" picks Accept-Language.
 * Returns NULL with a message in err. */
struct api *api_new(const char *base_url, const char *client_uuid, const char *lang,
		    char *err, size_t errsize);
void api_free(struct api *api);
void api_set_lang(struct api *api, const char *lang);
/* Points the api at another server: every request is cancelled and the session and
 * remember token are dropped first. Returns 0, or -1 (nothing changed) for a URL that
 * is not http:// or https:// or when out of memory. */
int api_set_server(struct api *api, const char *base_url);
/* Gives up on a request after `seconds` (connecting included); 0 waits for ever.
 * Applies to requests started from now on. */
void api_set_timeout(struct api *api, unsigned seconds);

/* Certificates are verified against the system's store, or against the CA
 * certificates in `path` (PEM) when it is not NULL or "": checked readable now.
 * Returns 0, or -1 (nothing changed) with the reason in err. Applies to requests
 * started from now on. */
int api_set_ca_file(struct api *api, const char *path, char *err, size_t errsize);
/* Whether requests may go over plain http:// to a host that is not loopback (off by
 * default: each is then refused with API_FAIL_EXPOSED before any connection, since
 * it would carry a password, a token or a session cookie in the clear). */
void api_set_insecure_http(struct api *api, bool allow);

/* Tells `fn` (NULL: nobody) what the client ignored in an answer, in words for a
 * person (a cookie not taken, and why); each reason once a run. */
typedef void (*api_notice_fn)(void *ud, const char *text);
void api_on_notice(struct api *api, api_notice_fn fn, void *ud);

/* An answer larger than this is refused (API_FAIL_TOO_BIG): at once when its
 * Content-Length says so, else when that much came (chunked, or a length that lies). */
#define API_REPLY_LIMIT (8 * 1024 * 1024)

/* How requests share connections. Over https to a server that speaks HTTP/2 (nginx),
 * every request is a stream of one connection, at most API_MAX_STREAMS at once. Over
 * HTTP/1.1 (kabinetd direct), a pool of at most API_POOL kept-alive connections, one
 * request on each at a time. Which of the two is learnt from the first answer; until
 * then the pool's limit holds. The rest wait their turn, a login, a logout or a
 * change ahead of the reads, so any number of accounts loads without running out of
 * descriptors or near the server's limit of connections. TLS sessions are resumed and
 * the server's name is resolved once per run (again after a failed connect). */
#define API_POOL 6
#define API_MAX_STREAMS 64

/* Starts POST /client-api/<method> with the JSON object text `body` (copied).
 * The callback runs later from api_dispatch(), exactly once (also on cancel); NULL
 * when nobody waits for the answer (a logout: the session is dropped here whatever the
 * server says). Not for loginByToken, whose NULL marks the re-login api.c makes itself.
 * Returns a request id > 0, or 0 when it could not even be queued (callback not run). */
unsigned api_call(struct api *api, const char *method, const char *body, unsigned flags,
		  api_done_fn done, void *ud);
/* Cancels every request in flight; their callbacks run with API_FAIL_CANCELLED. */
void api_cancel_all(struct api *api);
/* Number of requests in flight or waiting their turn (for the progress indicator);
 * one whose callback is running still counts. */
int api_busy(const struct api *api);

/* Event loop integration: wait up to timeout_ms for network activity or for input on
 * extra_fd (the terminal; -1 for none). Returns 1 when extra_fd is readable. Then
 * api_dispatch() runs transfers and completion callbacks. */
int api_wait(struct api *api, int extra_fd, int timeout_ms);
void api_dispatch(struct api *api);
/* Runs the loop until no request is in flight (command-line subcommands). */
void api_run_until_idle(struct api *api);
/* A total time limit for api_run_until_idle() from now on (the subcommands'
 * --timeout): once `seconds` have passed, every request is cancelled (their callbacks
 * get a cancel) and api_deadline_passed() says so; 0 is no limit. */
void api_set_deadline(struct api *api, unsigned seconds);
bool api_deadline_passed(const struct api *api);

/* The remember token the server handed out in this run (kept in memory only; the
 * keyring module decides whether it is stored). Set one found in the keyring with
 * api_set_remember_token(). The string is wiped when replaced or freed. */
const char *api_remember_token(const struct api *api);
void api_set_remember_token(struct api *api, const char *token);
/* Called whenever the server hands out a new remember token (login with remember,
 * loginByToken rotation during a transparent re-login), so that a stored copy in the
 * keyring can follow the rotation. */
typedef void (*api_token_fn)(void *ud, const char *token);
void api_on_token(struct api *api, api_token_fn fn, void *ud);
/* The reader of a login's answer (login, confirmOtp, loginByToken, confirmRegistration,
 * an approved pollDeviceLogin), given by the program (app_api_options gives the
 * model's): true when the answer is good, with the remember token it holds in token
 * ("" when none) and *otp whether it asks for a code first. Without one, no token
 * is kept and a re-login never succeeds. The network layer reads only the envelope
 * itself (envelope.h). */
#define API_TOKEN_MAX 128
typedef bool (*api_login_reader)(const char *body, char *token, size_t size, bool *otp);
void api_set_login_reader(struct api *api, api_login_reader read);
/* Every loginByToken (api_login_by_token() and the transparent re-login) goes through
 * a guard, when one is set: other kabinet processes may hold the same stored token,
 * and presenting one that another has just exchanged makes the server revoke the
 * whole device (remember.h keeps them in turn with a lock).
 * take: called right before the call goes out; API_GUARD_BUSY parks it and take is
 * called again API_GUARD_POLL_MS later (api_wait() wakes for it; the call counts in
 * api_busy() and is cancelled by api_cancel_all()). API_GUARD_HELD lets it go, with
 * *token the stored token (malloc'ed; the api wipes and frees it) to use instead of
 * this run's, or NULL for this run's.
 * release: called once that call is done with (answered, its new token given to
 * api_on_token() and its callback run; or cancelled). */
enum api_guard_state { API_GUARD_HELD, API_GUARD_BUSY };
struct api_token_guard {
	enum api_guard_state (*take)(void *ud, char **token);
	void (*release)(void *ud);
	void *ud;
};
#define API_GUARD_POLL_MS 25
/* Copies the guard in; NULL for none. */
void api_token_guard(struct api *api, const struct api_token_guard *guard);
/* loginByToken with the remember token (api_set_remember_token(), or the guard's),
 * through the guard. As api_call() otherwise. */
unsigned api_login_by_token(struct api *api, api_done_fn done, void *ud);
/* Whether a session cookie is held. */
bool api_has_session(const struct api *api);
/* Drops cookies and the remember token (logout). */
void api_forget_session(struct api *api);
/* The same for the staff session (API_STAFF calls); forgetting it also drops the
 * view's token, which ends with it. */
bool api_has_staff_session(const struct api *api);
void api_forget_staff_session(struct api *api);
/* A staff member's read-only view of a subscriber's cabinet: while a token is set,
 * every /client-api/ call carries it in the VIEW-TOKEN header instead of the
 * subscriber's cookies (and is never re-logged in); NULL or "" ends that. The token
 * is copied, and wiped when replaced or freed. Calls in flight keep what they went
 * out with. */
void api_set_view_token(struct api *api, const char *token);
bool api_in_view(const struct api *api);

#endif
