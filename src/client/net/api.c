/* The client's network layer: API calls over libcurl's multi interface, cookies and
 * the CSRF header kept here, a transparent re-login with the remember token for reads
 * that meet an expired session, and cancellation. */
#include "kabinet/net/api.h"

#include <curl/curl.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "kabinet/net/http_head.h"
#include "kabinet/i18n.h"
#include "kabinet/model/wipe.h"
#include "kabinet/net/envelope.h"
#include "kabinet/net/secure_heap.h"
#include "kabinet/net/url.h"

#define REPLY_LIMIT API_REPLY_LIMIT	/* a reply larger than this is refused */

struct req {
	struct api *api;
	unsigned id;
	char *method;
	char *body;		/* with the envelope; wiped on free (may hold a password) */
	size_t body_len;
	size_t body_sent;	/* a change's body is read out once (see read_body) */
	unsigned flags;
	api_done_fn done;
	void *ud;
	CURL *easy;
	struct curl_slist *headers;
	char *reply;
	size_t reply_len, reply_cap;
	bool too_big;
	int retry_after;
	bool retry_capped;
	size_t header_bytes;	/* of every header line so far, interim answers' too */
	int interim;		/* interim answers (1xx) so far */
	bool in_interim;	/* the header lines now are an interim answer's */
	bool headers_done;	/* the final answer's headers ended */
	enum api_fail head_fail;	/* API_FAIL_HEADERS or _INTERIM: given up in on_header */
	char errbuf[CURL_ERROR_SIZE];
	bool retried;		/* already repeated after a re-login */
	bool in_view;		/* went out with the view's token (set_credentials) */
	bool exposed;		/* refused: plain http:// to a host that is not loopback */
	bool guarded;		/* a loginByToken: goes out through the guard */
	bool guard_held;	/* ...and holds it until freed */
	struct req *waiter;	/* for the internal loginByToken: the first held read */
	struct req *next;
};

struct api {
	CURLM *multi;
	CURLSH *share;		/* TLS sessions and the resolved name, for every transfer */
	int max_flight;		/* API_POOL over HTTP/1.1, API_MAX_STREAMS over HTTP/2 */
	bool resolve_again;	/* a connect failed: the next transfer resolves the name anew */
	char *base_url;
	struct http_origin origin;	/* where the cookies are taken for */
	char client_uuid[64];
	char lang[8];
	char session[128];	/* SESSION cookie */
	char csrf[128];		/* CSRF-TOKEN cookie, echoed as the header */
	/* The staff API's (API_STAFF): its own cookies, for its own path. */
	struct http_origin staff_origin;
	char staff_session[128];	/* STAFF-SESSION cookie */
	char staff_csrf[128];		/* STAFF-CSRF-TOKEN cookie, echoed as CSRF-TOKEN */
	char *view_token;	/* VIEW-TOKEN header of /client-api/ calls, wiped */
	char *remember;		/* remember token, wiped when replaced */
	api_token_fn on_token;
	void *on_token_ud;
	api_notice_fn on_notice;
	void *on_notice_ud;
	api_login_reader read_login;
	unsigned told;		/* the notices said, a bit each (see notice) */
	struct api_token_guard guard;	/* take == NULL: none */
	struct req *guard_owner;	/* the loginByToken that holds the guard */
	struct req *parked;		/* loginByToken calls waiting for the guard */
	unsigned next_id;
	int nreqs;		/* requests alive (api_busy): counted, not walked */
	unsigned timeout;	/* seconds, 0 for none */
	struct req *flight;	/* requests in flight */
	int nflight;
	struct req *queue, **queue_tail;	/* waiting for a free connection, in order */
	struct req *held;	/* reads waiting for the re-login to end */
	struct req *exposed, **exposed_tail;	/* refused unsent, answered by api_dispatch */
	bool relogin_running;
	char *ca_file;		/* CA certificates to verify with, NULL for the system's */
	bool insecure_http;	/* plain http:// to any host allowed */
	int64_t deadline_ms;	/* api_run_until_idle gives up then (monotonic); 0: never */
	bool deadline_passed;
};

static void wipe_free(char *s, size_t n)
{
	if (s) {
		model_wipe(s, n);
		free(s);
	}
}

static void set_secret(char **slot, const char *value)
{
	if (*slot)
		wipe_free(*slot, strlen(*slot));
	*slot = value && *value ? strdup(value) : NULL;
}

/* The server's base URL (normalised by the caller; see url.h). */
static int set_base_url(struct api *api, const char *base_url)
{
	struct http_origin origin;
	char *copy;

	if (http_origin_of(base_url, &origin) < 0 || !(copy = strdup(base_url)))
		return -1;
	api->origin = origin;
	api->staff_origin = origin;
	http_origin_staff(&api->staff_origin);
	free(api->base_url);
	api->base_url = copy;
	return 0;
}

struct api *api_new(const char *base_url, const char *client_uuid, const char *lang,
		    char *err, size_t errsize)
{
	static bool curl_ready;
	struct api *api;

	if (!curl_ready) {
		if (secure_heap_init() < 0) {
			snprintf(err, errsize, "libcurl failed to initialise");
			return NULL;
		}
		curl_ready = true;
	}
	api = calloc(1, sizeof(*api));
	if (!api || !(api->multi = curl_multi_init()) || !(api->share = curl_share_init()) ||
	    set_base_url(api, base_url) < 0) {
		if (api && api->multi)
			curl_multi_cleanup(api->multi);
		if (api && api->share)
			curl_share_cleanup(api->share);
		free(api);
		if (strncmp(base_url, "http://", 7) && strncmp(base_url, "https://", 8))
			snprintf(err, errsize, "%s: not an http:// or https:// URL", base_url);
		else
			snprintf(err, errsize, "out of memory");
		return NULL;
	}
	snprintf(api->client_uuid, sizeof(api->client_uuid), "%s", client_uuid ? client_uuid : "");
	api_set_lang(api, lang);
	api->timeout = 30;
	api->queue_tail = &api->queue;
	api->exposed_tail = &api->exposed;
	api->max_flight = API_POOL;
	/* Finished connections stay open for the next request (HTTP keep-alive); over
	 * HTTP/2 the requests are streams of one connection. */
	curl_multi_setopt(api->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(api->multi, CURLMOPT_MAXCONNECTS, (long)API_POOL);
	curl_multi_setopt(api->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)API_POOL);
	curl_multi_setopt(api->multi, CURLMOPT_MAX_CONCURRENT_STREAMS, (long)API_MAX_STREAMS);
	/* Each transfer has an easy handle of its own, and those keep TLS sessions to
	 * themselves: shared here, a new connection resumes the session of an earlier
	 * one (one round trip less, no new key exchange). The resolved name too. The
	 * client is single-threaded: no locks. */
	curl_share_setopt(api->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_share_setopt(api->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	return api;
}

void api_free(struct api *api)
{
	if (!api)
		return;
	api_cancel_all(api);
	curl_multi_cleanup(api->multi);
	curl_share_cleanup(api->share);
	api_forget_session(api);
	api_forget_staff_session(api);
	free(api->base_url);
	free(api->ca_file);
	free(api);
}

void api_set_lang(struct api *api, const char *lang)
{
	snprintf(api->lang, sizeof(api->lang), "%s", lang && !strcmp(lang, "en") ? "en" : "ru");
}

int api_set_server(struct api *api, const char *base_url)
{
	if (strncmp(base_url, "http://", 7) && strncmp(base_url, "https://", 8))
		return -1;
	api_cancel_all(api);
	api_forget_session(api);
	api_forget_staff_session(api);
	api->max_flight = API_POOL;
	return set_base_url(api, base_url);
}

void api_set_timeout(struct api *api, unsigned seconds)
{
	api->timeout = seconds;
}

/* Whether the file has a PEM certificate in it (a CA bundle is small; the first
 * MiB is enough). */
static bool has_pem_certificate(FILE *f)
{
	static const char mark[] = "-----BEGIN CERTIFICATE-----";
	char buf[4096 + sizeof(mark)];
	size_t kept = 0, n;

	for (int blocks = 0; blocks < 256; blocks++) {
		n = fread(buf + kept, 1, sizeof(buf) - 1 - kept, f);
		if (n == 0)
			return false;
		buf[kept + n] = '\0';
		if (memmem(buf, kept + n, mark, sizeof(mark) - 1))
			return true;
		/* The mark may straddle two reads: its length less one is carried over. */
		kept += n;
		if (kept >= sizeof(mark) - 1) {
			memmove(buf, buf + kept - (sizeof(mark) - 1), sizeof(mark) - 1);
			kept = sizeof(mark) - 1;
		}
	}
	return false;
}

int api_set_ca_file(struct api *api, const char *path, char *err, size_t errsize)
{
	struct stat st;
	FILE *f;
	char *copy = NULL;
	bool pem;

	if (path && *path) {
		if (!(f = fopen(path, "r"))) {
			snprintf(err, errsize, _("%s: cannot read the CA file: %s"), path,
				 strerror(errno));
			return -1;
		}
		if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
			fclose(f);
			snprintf(err, errsize, _("%s: the CA file is not a regular file"), path);
			return -1;
		}
		pem = has_pem_certificate(f);
		fclose(f);
		if (!pem) {
			snprintf(err, errsize,
				 _("%s: no certificate in the CA file (a PEM file has "
				   "-----BEGIN CERTIFICATE----- lines)"),
				 path);
			return -1;
		}
		if (!(copy = strdup(path))) {
			snprintf(err, errsize, "%s", _("Out of memory."));
			return -1;
		}
	}
	free(api->ca_file);
	api->ca_file = copy;
	return 0;
}

void api_set_insecure_http(struct api *api, bool allow)
{
	api->insecure_http = allow;
}

void api_on_notice(struct api *api, api_notice_fn fn, void *ud)
{
	api->on_notice = fn;
	api->on_notice_ud = ud;
}

void api_set_login_reader(struct api *api, api_login_reader read)
{
	api->read_login = read;
}

void api_on_token(struct api *api, api_token_fn fn, void *ud)
{
	api->on_token = fn;
	api->on_token_ud = ud;
}

void api_token_guard(struct api *api, const struct api_token_guard *guard)
{
	if (guard)
		api->guard = *guard;
	else
		memset(&api->guard, 0, sizeof(api->guard));
}

const char *api_remember_token(const struct api *api)
{
	return api->remember;
}

void api_set_remember_token(struct api *api, const char *token)
{
	set_secret(&api->remember, token);
}

bool api_has_session(const struct api *api)
{
	return api->session[0] != '\0';
}

void api_forget_session(struct api *api)
{
	model_wipe(api->session, sizeof(api->session));
	model_wipe(api->csrf, sizeof(api->csrf));
	set_secret(&api->remember, NULL);
}

bool api_has_staff_session(const struct api *api)
{
	return api->staff_session[0] != '\0';
}

void api_forget_staff_session(struct api *api)
{
	model_wipe(api->staff_session, sizeof(api->staff_session));
	model_wipe(api->staff_csrf, sizeof(api->staff_csrf));
	set_secret(&api->view_token, NULL);
}

void api_set_view_token(struct api *api, const char *token)
{
	set_secret(&api->view_token, token);
}

bool api_in_view(const struct api *api)
{
	return api->view_token != NULL;
}

int api_busy(const struct api *api)
{
	return api->nreqs;
}

/* Header lists hold the CSRF token: wiped before they are freed. */
static void wipe_headers(struct curl_slist *h)
{
	for (struct curl_slist *p = h; p; p = p->next)
		model_wipe(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

static void req_free(struct req *r)
{
	if (!r)
		return;
	/* The answer was taken (and its token stored) or the call is given up: another
	 * process may exchange the token now. */
	if (r->guard_held) {
		r->api->guard_owner = NULL;
		if (r->api->guard.release)
			r->api->guard.release(r->api->guard.ud);
	}
	r->api->nreqs--;
	if (r->easy)
		curl_easy_cleanup(r->easy);
	wipe_headers(r->headers);
	wipe_free(r->body, r->body_len);
	wipe_free(r->reply, r->reply_cap);	/* may hold a remember token */
	free(r->method);
	free(r);
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct req *r = userdata;
	size_t n = size * nmemb;

	if (r->too_big || r->reply_len + n > REPLY_LIMIT) {
		r->too_big = true;
		return 0;	/* aborts the transfer */
	}
	if (r->reply_len + n + 1 > r->reply_cap) {
		size_t cap = r->reply_cap ? r->reply_cap : 4096;
		char *nb;
		while (cap < r->reply_len + n + 1)
			cap *= 2;
		cap = cap > REPLY_LIMIT + 1 ? REPLY_LIMIT + 1 : cap;	/* never 16 MiB for 8 */
		/* Grown by copying rather than realloc, so that the old buffer (a reply may
		 * hold a remember token) is wiped, not left behind in the heap. */
		nb = malloc(cap);
		if (!nb)
			return 0;
		if (r->reply)
			memcpy(nb, r->reply, r->reply_len);
		wipe_free(r->reply, r->reply_cap);
		r->reply = nb;
		r->reply_cap = cap;
	}
	memcpy(r->reply + r->reply_len, ptr, n);
	r->reply_len += n;
	r->reply[r->reply_len] = '\0';
	return n;
}

/* A change's body goes out through this rather than CURLOPT_POSTFIELDS, and cannot be
 * rewound (refuse_rewind): libcurl sends a request again by itself when a reused
 * connection (kept alive, or an HTTP/2 connection shared with other requests) turns
 * out dead before any answer. Harmless for a read; blind for a change, which the
 * server may have carried out (a code sent twice spends two attempts). Unable to
 * rewind, libcurl fails the transfer instead (CURLE_SEND_FAIL_REWIND, told as a
 * broken connection), and only the caller decides what is sent again: a payment
 * settles with its idempotency key. */
static size_t read_body(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct req *r = userdata;
	size_t n = r->body_len - r->body_sent;

	if (n > size * nitems)
		n = size * nitems;
	memcpy(buf, r->body + r->body_sent, n);
	r->body_sent += n;
	return n;
}

static int refuse_rewind(void *userdata, curl_off_t offset, int origin)
{
	struct req *r = userdata;

	/* Before the first byte, a rewind to the start sends nothing twice. */
	if (offset == 0 && origin == SEEK_SET && r->body_sent == 0)
		return CURL_SEEKFUNC_OK;
	return CURL_SEEKFUNC_CANTSEEK;
}

/* A cookie of the session that was not taken, said once a run for each cookie and
 * reason (a hostile server would say it with every answer). */
static void notice(struct api *api, int cookie, enum http_cookie verdict)
{
	static const char *const names[] = { "SESSION", "CSRF-TOKEN", "STAFF-SESSION",
					     "STAFF-CSRF-TOKEN" };
	unsigned bit = 1u << (cookie * 8 + (int)verdict);
	char text[256];

	if ((api->told & bit) || !api->on_notice)
		return;
	api->told |= bit;
	snprintf(text, sizeof(text), _("The server's %s cookie was ignored: %s."), names[cookie],
		 http_cookie_why(verdict));
	api->on_notice(api->on_notice_ud, text);
}

/* The cookies of the API the request went to: the staff's from /staff-api/, the
 * subscriber's from /client-api/ (never from a view's call, which has no session). */
static void take_cookies(struct req *r, const char *v, size_t vl)
{
	struct api *api = r->api;
	bool staff = r->flags & API_STAFF;
	const struct http_origin *o = staff ? &api->staff_origin : &api->origin;
	char *session = staff ? api->staff_session : api->session;
	char *csrf = staff ? api->staff_csrf : api->csrf;
	int first = staff ? 2 : 0;
	enum http_cookie verdict;

	if (!staff && r->in_view)
		return;
	verdict = http_take_cookie(v, vl, staff ? "STAFF-SESSION" : "SESSION", o, session,
				   sizeof(api->session));
	if (verdict != HTTP_COOKIE_OTHER && verdict != HTTP_COOKIE_TAKEN)
		notice(api, first, verdict);
	verdict = http_take_cookie(v, vl, staff ? "STAFF-CSRF-TOKEN" : "CSRF-TOKEN", o, csrf,
				   sizeof(api->csrf));
	if (verdict != HTTP_COOKIE_OTHER && verdict != HTTP_COOKIE_TAKEN)
		notice(api, first + 1, verdict);
}

/* Whether a header line is the status line of an interim answer ("HTTP/1.1 100
 * Continue", "HTTP/2 103"). */
static bool is_interim_status(const char *p, size_t n)
{
	const char *sp;

	if (n < 9 || strncmp(p, "HTTP/", 5) || !(sp = memchr(p, ' ', n)) || (size_t)(sp - p) + 4 > n)
		return false;
	return sp[1] == '1' && sp[2] >= '0' && sp[2] <= '9' && sp[3] >= '0' && sp[3] <= '9';
}

/* Every header line of the answer, interim ones included: bounded in bytes and in
 * interim answers (a server that never ends its headers, or sends 100 Continue for
 * ever, is given up with words of its own), Retry-After and the cookies taken. */
static size_t on_header(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct req *r = userdata;
	size_t n = size * nmemb;

	r->header_bytes += n;
	if (r->header_bytes > HTTP_HEADERS_MAX) {
		r->head_fail = API_FAIL_HEADERS;
		return 0;	/* aborts the transfer */
	}
	if (n >= 5 && !strncmp(ptr, "HTTP/", 5)) {
		r->in_interim = is_interim_status(ptr, n);
		if (r->in_interim && ++r->interim > HTTP_INTERIM_MAX) {
			r->head_fail = API_FAIL_INTERIM;
			return 0;
		}
	} else if (!r->in_interim &&
		   ((n == 2 && ptr[0] == '\r' && ptr[1] == '\n') || (n == 1 && ptr[0] == '\n'))) {
		r->headers_done = true;
	}
	/* An interim answer's own headers are not the answer's. */
	if (r->in_interim)
		return n;
	if (n > 12 && !strncasecmp(ptr, "Retry-After:", 12)) {
		r->retry_after = http_retry_after(ptr + 12, n - 12, time(NULL), &r->retry_capped);
	} else if (n > 11 && !strncasecmp(ptr, "Set-Cookie:", 11)) {
		take_cookies(r, ptr + 11, n - 11);
	}
	return n;
}

/* Adds the envelope (client_uuid) to the caller's JSON object text. */
static char *with_envelope(const struct api *api, const char *body, size_t *len)
{
	const char *inner = body ? body : "{}";
	size_t bl = strlen(inner), n;
	char *out;

	while (bl && (inner[bl - 1] == ' ' || inner[bl - 1] == '\n'))
		bl--;
	if (bl < 2 || inner[0] != '{' || inner[bl - 1] != '}')
		return NULL;
	n = bl + strlen(api->client_uuid) + 32;
	out = malloc(n);
	if (!out)
		return NULL;
	/* "{" + envelope + ("," + rest, when the object is not empty) */
	bool empty = strspn(inner + 1, " \n\t") == bl - 2;
	*len = (size_t)snprintf(out, n, "{\"client_uuid\":\"%s\"%s%.*s", api->client_uuid,
				empty ? "}" : ",", empty ? 0 : (int)(bl - 1), inner + 1);
	return out;
}

/* Makes the transfer and hands it to curl, with the session as it is now: a request
 * that waited in the queue goes out with the cookies of a re-login that happened
 * meanwhile, not with the ones it had when it was queued. A queued request holds no
 * curl handle (3000 of them would cost 20 MiB). */
/* The caller's credentials: the staff session's cookies and CSRF header for
 * /staff-api/; for /client-api/ the view's VIEW-TOKEN header while a view is open
 * (and no subscriber's cookie), else the subscriber's session. */
static void set_credentials(struct api *api, struct req *r)
{
	bool staff = r->flags & API_STAFF;
	const char *session = staff ? api->staff_session : api->session;
	const char *csrf = staff ? api->staff_csrf : api->csrf;
	char hdr[300];

	r->in_view = !staff && api->view_token;
	if (r->in_view) {
		snprintf(hdr, sizeof(hdr), "VIEW-TOKEN: %s", api->view_token);
		r->headers = curl_slist_append(r->headers, hdr);
		model_wipe(hdr, sizeof(hdr));
		curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, r->headers);
		return;
	}
	if (csrf[0]) {
		snprintf(hdr, sizeof(hdr), "CSRF-TOKEN: %s", csrf);
		r->headers = curl_slist_append(r->headers, hdr);
		model_wipe(hdr, sizeof(hdr));
	}
	curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, r->headers);
	if (session[0] || csrf[0]) {
		/* curl copies the string; ours is wiped right away. */
		snprintf(hdr, sizeof(hdr), "%s=%s; %s=%s", staff ? "STAFF-SESSION" : "SESSION",
			 session, staff ? "STAFF-CSRF-TOKEN" : "CSRF-TOKEN", csrf);
		curl_easy_setopt(r->easy, CURLOPT_COOKIE, hdr);
		model_wipe(hdr, sizeof(hdr));
	}
}

static int launch(struct api *api, struct req *r)
{
	/* 0 is "for ever": curl's connect timeout has a default of its own to beat. */
	long total_ms = (long)api->timeout * 1000L;
	long connect_ms = api->timeout ? total_ms : 0x7fffffffL;
	char url[1024], hdr[256];

	wipe_headers(r->headers);
	r->headers = NULL;
	wipe_free(r->reply, r->reply_cap);
	r->reply = NULL;
	r->reply_len = r->reply_cap = 0;
	r->too_big = false;
	r->retry_after = 0;
	r->retry_capped = false;
	r->header_bytes = 0;
	r->interim = 0;
	r->in_interim = r->headers_done = false;
	r->head_fail = API_FAIL_NONE;
	if (r->easy)
		curl_easy_cleanup(r->easy);
	r->easy = NULL;
	/* Not a byte goes out over plain http:// to a host that is not this computer:
	 * every request carries the session, a password or a token. It is answered
	 * from api_dispatch(), as if it had been tried. */
	if (!api->insecure_http && url_is_exposed(api->base_url)) {
		r->exposed = true;
		r->next = NULL;
		*api->exposed_tail = r;
		api->exposed_tail = &r->next;
		return 0;
	}
	r->easy = curl_easy_init();
	if (!r->easy)
		return -1;
	snprintf(url, sizeof(url), "%s/%s/%s", api->base_url,
		 r->flags & API_STAFF ? "staff-api" : "client-api", r->method);
	r->headers = curl_slist_append(r->headers, "Content-Type: application/json");
	r->headers = curl_slist_append(r->headers, "Expect:");
	snprintf(hdr, sizeof(hdr), "Accept-Language: %s", api->lang);
	r->headers = curl_slist_append(r->headers, hdr);
	curl_easy_setopt(r->easy, CURLOPT_URL, url);
	curl_easy_setopt(r->easy, CURLOPT_POST, 1L);
	curl_easy_setopt(r->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
	if (r->flags & API_WRITE) {
		r->body_sent = 0;
		curl_easy_setopt(r->easy, CURLOPT_READFUNCTION, read_body);
		curl_easy_setopt(r->easy, CURLOPT_READDATA, r);
		curl_easy_setopt(r->easy, CURLOPT_SEEKFUNCTION, refuse_rewind);
		curl_easy_setopt(r->easy, CURLOPT_SEEKDATA, r);
	} else {
		curl_easy_setopt(r->easy, CURLOPT_POSTFIELDS, r->body);
	}
	/* One connection: over https a request waits for one being opened to learn
	 * whether it can share it (HTTP/2, known from the TLS handshake) rather than open
	 * its own. Not over plain http: libcurl would learn that only from the first
	 * answer, and every request would wait behind the first (behind a hung one, for
	 * ever). */
	curl_easy_setopt(r->easy, CURLOPT_PIPEWAIT,
			 strncmp(api->base_url, "https://", 8) ? 0L : 1L);
	curl_easy_setopt(r->easy, CURLOPT_SHARE, api->share);
	curl_easy_setopt(r->easy, CURLOPT_DNS_CACHE_TIMEOUT, api->resolve_again ? 0L : -1L);
	api->resolve_again = false;
	curl_easy_setopt(r->easy, CURLOPT_USERAGENT, "kabinet/" KABINET_VERSION);
	curl_easy_setopt(r->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)REPLY_LIMIT);
	curl_easy_setopt(r->easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(r->easy, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(r->easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(r->easy, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(r->easy, CURLOPT_PRIVATE, r);
	curl_easy_setopt(r->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(r->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	/* The certificate and its name are always checked (libcurl's defaults, said
	 * here so that no change elsewhere can turn them off); TLS 1.2 at least, and
	 * HTTP/2 where the server offers it (nginx). */
	curl_easy_setopt(r->easy, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(r->easy, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(r->easy, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	curl_easy_setopt(r->easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* This computer is never reached through a proxy: a proxy's "localhost" is
	 * another machine, and the way there would carry the password in the clear. */
	if (url_is_loopback(api->base_url))
		curl_easy_setopt(r->easy, CURLOPT_PROXY, "");
	if (api->ca_file) {
		/* The private CA instead of the system's, not besides it. */
		curl_easy_setopt(r->easy, CURLOPT_CAINFO, api->ca_file);
		curl_easy_setopt(r->easy, CURLOPT_CAPATH, NULL);
	}
	r->errbuf[0] = '\0';
	curl_easy_setopt(r->easy, CURLOPT_ERRORBUFFER, r->errbuf);
	set_credentials(api, r);
	curl_easy_setopt(r->easy, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	curl_easy_setopt(r->easy, CURLOPT_TIMEOUT_MS, total_ms);
	if (curl_multi_add_handle(api->multi, r->easy) != CURLM_OK)
		return -1;
	r->next = api->flight;
	api->flight = r;
	api->nflight++;
	return 0;
}

static void finish(struct api *api, struct req *r, CURLcode rc);

/* The next waiting requests, as connections come free. One curl will not take is
 * finished at once as a failed connection, once the loop is done with the queue. */
static void launch_queued(struct api *api)
{
	struct req *refused = NULL;

	while (api->queue && api->nflight < api->max_flight) {
		struct req *r = api->queue;
		api->queue = r->next;
		if (!api->queue)
			api->queue_tail = &api->queue;
		r->next = NULL;
		if (launch(api, r) != 0) {
			r->next = refused;
			refused = r;
		}
	}
	while (refused) {
		struct req *r = refused;
		refused = r->next;
		r->next = NULL;
		finish(api, r, CURLE_COULDNT_CONNECT);
	}
}

/* Starts the request, or queues it while every connection is busy (its clock starts
 * when it really starts). */
static int start(struct api *api, struct req *r)
{
	if (api->nflight >= api->max_flight) {
		/* A login, a logout or anything that changes something goes before the
		 * reads: it must not wait behind a thousand balances. */
		if (r->flags & (API_WRITE | API_NO_RELOGIN)) {
			struct req **p = &api->queue;
			while (*p && ((*p)->flags & (API_WRITE | API_NO_RELOGIN)))
				p = &(*p)->next;
			r->next = *p;
			*p = r;
			if (!r->next)
				api->queue_tail = &r->next;
		} else {
			r->next = NULL;
			*api->queue_tail = r;
			api->queue_tail = &r->next;
		}
		return 0;
	}
	return launch(api, r);
}

static struct req *new_req(struct api *api, const char *method, const char *body,
			   unsigned flags, api_done_fn done, void *ud)
{
	struct req *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->api = api;
	api->nreqs++;
	r->method = strdup(method);
	r->body = with_envelope(api, body, &r->body_len);
	r->flags = flags;
	r->done = done;
	r->ud = ud;
	if (!r->method || !r->body) {
		req_free(r);
		return NULL;
	}
	r->id = ++api->next_id ? api->next_id : ++api->next_id;
	return r;
}

/* A loginByToken goes out once the guard lets it, with the token stored by then (or
 * this run's): another process may be exchanging the same token. Parked while the
 * guard is busy; returns -1 when it cannot go out at all (no token, no memory). */
static int guarded_start(struct api *api, struct req *r)
{
	char *fresh = NULL, *body;

	if (api->guard.take) {
		if (api->guard_owner || api->guard.take(api->guard.ud, &fresh) == API_GUARD_BUSY) {
			r->next = api->parked;
			api->parked = r;
			return 0;
		}
		r->guard_held = true;
		api->guard_owner = r;
	}
	if (fresh) {
		if (!api->remember || strcmp(fresh, api->remember))
			set_secret(&api->remember, fresh);
		wipe_free(fresh, strlen(fresh));
	}
	body = api->remember ? envelope_body_remember(api->remember) : NULL;
	wipe_free(r->body, r->body_len);
	r->body = body ? with_envelope(api, body, &r->body_len) : NULL;
	envelope_free_secret(body);
	if (!r->body) {
		r->body_len = 0;
		return -1;
	}
	return start(api, r);
}

static struct req *new_token_req(struct api *api, api_done_fn done, void *ud)
{
	struct req *r = new_req(api, "loginByToken", "{}", API_WRITE | API_NO_RELOGIN, done, ud);
	if (r)
		r->guarded = true;
	return r;
}

unsigned api_login_by_token(struct api *api, api_done_fn done, void *ud)
{
	struct req *r = new_token_req(api, done, ud);

	if (!r)
		return 0;
	if (guarded_start(api, r)) {
		req_free(r);
		return 0;
	}
	return r->id;
}

/* The parked loginByToken calls try the guard again; one that cannot go out is
 * answered as a failed connection. */
static void retry_parked(struct api *api)
{
	struct req *list = api->parked;

	api->parked = NULL;
	while (list) {
		struct req *r = list;
		list = r->next;
		r->next = NULL;
		if (guarded_start(api, r))
			finish(api, r, CURLE_COULDNT_CONNECT);
	}
}

unsigned api_call(struct api *api, const char *method, const char *body, unsigned flags,
		  api_done_fn done, void *ud)
{
	struct req *r;

	/* Neither the staff's calls nor a view's have a remember token behind them. */
	if ((flags & API_STAFF) || api->view_token)
		flags |= API_NO_RELOGIN;
	r = new_req(api, method, body, flags, done, ud);
	if (!r)
		return 0;
	/* While a re-login runs, new reads wait for it rather than meet the dead session. */
	if (api->relogin_running && !(flags & (API_WRITE | API_NO_RELOGIN))) {
		r->next = api->held;
		api->held = r;
		return r->id;
	}
	if (start(api, r)) {
		req_free(r);
		return 0;
	}
	return r->id;
}

static void unlink_flight(struct api *api, struct req *r)
{
	for (struct req **p = &api->flight; *p; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			api->nflight--;
			break;
		}
	r->next = NULL;
	if (r->easy)
		curl_multi_remove_handle(api->multi, r->easy);
}

static enum api_fail fail_kind(CURLcode rc, bool too_big)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return API_FAIL_RESOLVE;
	case CURLE_COULDNT_CONNECT:
		return API_FAIL_CONNECT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_USE_SSL_FAILED:
		return API_FAIL_TLS;
	case CURLE_OPERATION_TIMEDOUT:
		return API_FAIL_TIMEOUT;
	case CURLE_PARTIAL_FILE:
		return API_FAIL_TRUNCATED;
	case CURLE_FILESIZE_EXCEEDED:	/* CURLOPT_MAXFILESIZE_LARGE */
		return API_FAIL_TOO_BIG;
	case CURLE_WRITE_ERROR:
		return too_big ? API_FAIL_TOO_BIG : API_FAIL_BROKEN;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_TOO_MANY_REDIRECTS:
		return API_FAIL_BAD_REPLY;
	default:
		/* CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR and the rest. */
		return too_big ? API_FAIL_TOO_BIG : API_FAIL_BROKEN;
	}
}

/* OpenSSL's verification results (X509_V_ERR_*), as CURLINFO_SSL_VERIFYRESULT
 * gives them; the numbers are OpenSSL's ABI. */
enum {
	X509_UNABLE_TO_GET_ISSUER_CERT = 2,
	X509_CERT_NOT_YET_VALID = 9,
	X509_CERT_HAS_EXPIRED = 10,
	X509_DEPTH_ZERO_SELF_SIGNED_CERT = 18,
	X509_SELF_SIGNED_CERT_IN_CHAIN = 19,
	X509_UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20,
	X509_UNABLE_TO_VERIFY_LEAF_SIGNATURE = 21,
	X509_HOSTNAME_MISMATCH = 62,
};

/* Why the handshake failed: the verification result when there is one, else
 * libcurl's words (the host name is checked by libcurl after the chain). */
static enum api_tls tls_reason(struct req *r, CURLcode rc)
{
	long verify = 0;

	if (rc == CURLE_SSL_CACERT_BADFILE)
		return API_TLS_CA_FILE;
	if (r->easy && curl_easy_getinfo(r->easy, CURLINFO_SSL_VERIFYRESULT, &verify) != CURLE_OK)
		verify = 0;
	switch (verify) {
	case X509_CERT_NOT_YET_VALID:
		return API_TLS_NOT_YET_VALID;
	case X509_CERT_HAS_EXPIRED:
		return API_TLS_EXPIRED;
	case X509_UNABLE_TO_GET_ISSUER_CERT:
	case X509_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		return API_TLS_UNKNOWN_CA;
	case X509_HOSTNAME_MISMATCH:
		return API_TLS_NAME;
	}
	if (rc != CURLE_PEER_FAILED_VERIFICATION)
		return API_TLS_OTHER;
	if (strstr(r->errbuf, "subject name") || strstr(r->errbuf, "host name"))
		return API_TLS_NAME;
	if (strstr(r->errbuf, "expired"))
		return API_TLS_EXPIRED;
	if (strstr(r->errbuf, "issuer") || strstr(r->errbuf, "self-signed") ||
	    strstr(r->errbuf, "self signed"))
		return API_TLS_UNKNOWN_CA;
	return API_TLS_OTHER;
}

/* libcurl's bound on the whole of the headers (300 KiB, "Too large response
 * headers"; not reached: HTTP_HEADERS_MAX is smaller). */
static bool curl_refused_headers(const struct req *r, CURLcode rc)
{
	return !r->headers_done && strstr(r->errbuf, "response headers");
}

/* libcurl's bound on one header line (CURL_MAX_HTTP_HEADER, 100 KiB): the line is
 * refused before on_header sees it. libcurl 7.88 says so only as out of memory,
 * without words; later ones with words about the header ("Rejected ... header").
 * An out of memory without words is libcurl's bound when memory is there: room for
 * twice such a line is tried, and a real shortage of memory fails it. */
_Static_assert(HTTP_HEADER_LINE_MAX == CURL_MAX_HTTP_HEADER, "libcurl's bound, said in words");

static bool curl_refused_header_line(const struct req *r, CURLcode rc)
{
	void *volatile probe;

	if (r->headers_done || rc == CURLE_OK)
		return false;
	if (r->errbuf[0])
		return strstr(r->errbuf, "header (max is") != NULL;
	if (rc != CURLE_OUT_OF_MEMORY)
		return false;
	probe = malloc(2 * CURL_MAX_HTTP_HEADER);
	if (!probe)
		return false;
	free(probe);
	return true;
}

/* Fills a reply from a finished transfer. The strings point into `hold` (a parsed
 * error body), which the caller frees after the callback. */
static void make_reply(struct req *r, CURLcode rc, struct api_reply *out, char *code,
		       size_t codesize, char *msg, size_t msgsize, char *field, size_t fieldsize)
{
	memset(out, 0, sizeof(*out));
	out->err = APIERR_OK;
	if (r->exposed) {
		out->fail = API_FAIL_EXPOSED;
		out->err = APIERR_UNAVAILABLE;
		out->detail = "";
		return;
	}
	out->detail = r->errbuf[0] ? r->errbuf : curl_easy_strerror(rc);
	if (rc != CURLE_OK) {
		out->header_line = r->head_fail == API_FAIL_NONE && curl_refused_header_line(r, rc);
		out->fail = r->head_fail != API_FAIL_NONE ? r->head_fail
			    : out->header_line || curl_refused_headers(r, rc) ? API_FAIL_HEADERS
									     : fail_kind(rc, r->too_big);
		out->err = APIERR_UNAVAILABLE;
		if (out->fail == API_FAIL_TLS)
			out->tls = tls_reason(r, rc);
		return;
	}
	out->detail = "";
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &out->http);
	out->retry_after = r->retry_after;
	out->retry_capped = r->retry_capped;
	out->body = r->reply ? r->reply : "";
	out->body_len = r->reply_len;
	if (envelope_parse_error(out->body, code, codesize, msg, msgsize, field, fieldsize) != 0) {
		out->fail = API_FAIL_BAD_REPLY;
		out->err = APIERR_INTERNAL;
		return;
	}
	if (code[0]) {
		out->err = apierr_from_name(code);
		out->err_code = code;
		out->err_msg = msg;
		out->field = field[0] ? field : NULL;
	} else if (out->http != 200) {
		/* An error status without an error body: a proxy, or not our server. */
		out->fail = API_FAIL_BAD_REPLY;
		out->err = APIERR_INTERNAL;
	}
}

static void deliver(struct req *r, const struct api_reply *reply)
{
	if (r->done)
		r->done(r->ud, reply);
}

static void cancelled_reply(struct api_reply *out)
{
	memset(out, 0, sizeof(*out));
	out->fail = API_FAIL_CANCELLED;
	out->err = APIERR_UNAVAILABLE;
	out->detail = "";
}

static bool is_login_method(const char *m)
{
	return !strcmp(m, "login") || !strcmp(m, "confirmOtp") || !strcmp(m, "loginByToken") ||
	       !strcmp(m, "confirmRegistration") || !strcmp(m, "pollDeviceLogin");
}

/* A login's answer read by the program's reader: false when there is none or the answer
 * is bad; else the token it holds ("" when none) and whether it asks for a code. */
static bool read_login(struct api *api, const char *body, char *token, size_t size, bool *otp)
{
	token[0] = '\0';
	*otp = false;
	return api->read_login && api->read_login(body, token, size, otp);
}

/* The server hands out a remember token with every login the client makes: keep it in
 * memory for the run and tell the keyring module, which stores it only when asked. */
static void keep_remember_token(struct api *api, const struct api_reply *reply)
{
	char token[API_TOKEN_MAX];
	bool otp;
	if (read_login(api, reply->body, token, sizeof(token), &otp) && token[0]) {
		set_secret(&api->remember, token);
		if (api->on_token)
			api->on_token(api->on_token_ud, api->remember);
	}
	model_wipe(token, sizeof(token));
}

/* The re-login ended: repeat the held reads, or give them the original 401. */
static void release_held(struct api *api, bool relogged, const struct api_reply *failed)
{
	struct req *list = api->held;
	api->held = NULL;
	api->relogin_running = false;
	while (list) {
		struct req *r = list;
		list = r->next;
		r->next = NULL;
		r->retried = true;
		if (relogged && start(api, r) == 0)
			continue;
		deliver(r, failed);
		req_free(r);
	}
}

static void on_relogin(struct api *api, struct req *r, const struct api_reply *reply)
{
	char token[API_TOKEN_MAX];
	bool otp = false;
	bool ok = reply->fail == API_FAIL_NONE && reply->err == APIERR_OK &&
		  read_login(api, reply->body, token, sizeof(token), &otp) && !otp && token[0];
	struct api_reply unauthorized = { .http = 401, .err = APIERR_UNAUTHORIZED,
					  .err_code = "UNAUTHORIZED" };

	if (!ok) {
		/* A dead token must not be offered again in this run. Even after a network
		 * failure: the server may have rotated it before the answer was lost, and
		 * offering it again would then revoke the whole device. */
		set_secret(&api->remember, NULL);
	}
	model_wipe(token, sizeof(token));
	release_held(api, ok, reply->fail == API_FAIL_NONE ? &unauthorized : reply);
	(void)r;
}

/* What a finished transfer taught about the connection: whether the server multiplexes
 * (more requests may then run at once), and whether the name is to be resolved anew
 * (the server may have moved). */
static void learn_connection(struct api *api, struct req *r, CURLcode rc)
{
	long version = 0;

	if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
	    (rc == CURLE_OPERATION_TIMEDOUT && r->easy &&
	     curl_easy_getinfo(r->easy, CURLINFO_HTTP_VERSION, &version) == CURLE_OK &&
	     version == 0))
		api->resolve_again = true;
	if (rc != CURLE_OK || !r->easy ||
	    curl_easy_getinfo(r->easy, CURLINFO_HTTP_VERSION, &version) != CURLE_OK)
		return;
	api->max_flight = version == CURL_HTTP_VERSION_2_0 ? API_MAX_STREAMS : API_POOL;
}

static void finish(struct api *api, struct req *r, CURLcode rc)
{
	struct api_reply reply;
	char code[64] = "", msg[512] = "", field[128] = "";

	learn_connection(api, r, rc);
	unlink_flight(api, r);
	launch_queued(api);
	make_reply(r, rc, &reply, code, sizeof(code), msg, sizeof(msg), field, sizeof(field));
	if (reply.fail == API_FAIL_NONE && reply.err == APIERR_OK && is_login_method(r->method))
		keep_remember_token(api, &reply);

	if (!strcmp(r->method, "loginByToken") && r->done == NULL) {
		on_relogin(api, r, &reply);
		req_free(r);
		return;
	}
	/* An expired session met by a read: log in again with the token once, then repeat. */
	if (reply.err == APIERR_UNAUTHORIZED && !(r->flags & (API_WRITE | API_NO_RELOGIN)) &&
	    !r->retried && api->remember) {
		r->next = api->held;
		api->held = r;
		if (!api->relogin_running) {
			struct req *lr = new_token_req(api, NULL, NULL);
			model_wipe(api->session, sizeof(api->session));
			model_wipe(api->csrf, sizeof(api->csrf));
			api->relogin_running = true;
			if (!lr || guarded_start(api, lr)) {
				req_free(lr);
				release_held(api, false, &reply);
			}
		}
		return;
	}
	deliver(r, &reply);
	req_free(r);
}

/* The requests refused unsent (see launch), answered as if they had been tried.
 * Those their callbacks start wait for the next round. */
static void answer_exposed(struct api *api)
{
	struct req *list = api->exposed;

	api->exposed = NULL;
	api->exposed_tail = &api->exposed;
	while (list) {
		struct req *r = list;
		list = r->next;
		r->next = NULL;
		finish(api, r, CURLE_COULDNT_CONNECT);
	}
}

void api_dispatch(struct api *api)
{
	int running, left;
	bool finished = false;
	CURLMsg *msg;

	answer_exposed(api);
	if (api->parked)
		retry_parked(api);
	curl_multi_perform(api->multi, &running);
	while ((msg = curl_multi_info_read(api->multi, &left))) {
		struct req *r = NULL;
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		if (r) {
			finish(api, r, msg->data.result);
			finished = true;
		}
	}
	/* A load of many requests at once (30 balances as streams of one connection)
	 * leaves their buffers freed but resident in the heap; once nothing is in
	 * flight, they go back to the system. */
	if (finished && !api_busy(api))
		malloc_trim(0);
}

int api_wait(struct api *api, int extra_fd, int timeout_ms)
{
	struct curl_waitfd fd = { .fd = extra_fd, .events = CURL_WAIT_POLLIN };
	/* Refused requests are answered at once. */
	if (api->parked && (timeout_ms < 0 || timeout_ms > API_GUARD_POLL_MS))
		timeout_ms = API_GUARD_POLL_MS;	/* the guard is asked again */
	curl_multi_poll(api->multi, extra_fd >= 0 ? &fd : NULL, extra_fd >= 0 ? 1 : 0,
			api->exposed ? 0 : timeout_ms, NULL);
	return extra_fd >= 0 && (fd.revents & CURL_WAIT_POLLIN);
}

/* Answers every request of a detached list with a cancel. */
static void cancel_list(struct api *api, struct req *list, const struct api_reply *reply)
{
	while (list) {
		struct req *r = list;
		list = r->next;
		if (r->easy)
			curl_multi_remove_handle(api->multi, r->easy);
		if (r->done)
			deliver(r, reply);
		req_free(r);
	}
}

void api_cancel_all(struct api *api)
{
	struct api_reply reply;
	struct req *flight = api->flight, *queue = api->queue, *held = api->held;
	struct req *exposed = api->exposed, *parked = api->parked;

	cancelled_reply(&reply);
	/* Every list is detached before any callback runs: a callback may start new
	 * requests, which are not cancelled with these. */
	api->flight = api->queue = api->held = NULL;
	api->nflight = 0;
	api->queue_tail = &api->queue;
	api->exposed = NULL;
	api->exposed_tail = &api->exposed;
	api->parked = NULL;
	api->relogin_running = false;
	cancel_list(api, flight, &reply);
	cancel_list(api, queue, &reply);
	cancel_list(api, held, &reply);
	cancel_list(api, exposed, &reply);
	cancel_list(api, parked, &reply);
}

static int64_t monotonic_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void api_set_deadline(struct api *api, unsigned seconds)
{
	api->deadline_ms = seconds ? monotonic_ms() + (int64_t)seconds * 1000 : 0;
	api->deadline_passed = false;
}

bool api_deadline_passed(const struct api *api)
{
	return api->deadline_passed;
}

void api_run_until_idle(struct api *api)
{
	while (api_busy(api)) {
		int wait_ms = 1000;
		if (api->deadline_ms) {
			int64_t left = api->deadline_ms - monotonic_ms();
			if (left <= 0) {
				/* What the cancelled callbacks start is cancelled in turn. */
				api->deadline_passed = true;
				api_cancel_all(api);
				continue;
			}
			if (left < wait_ms)
				wait_ms = (int)left;
		}
		api_wait(api, -1, wait_ms);
		api_dispatch(api);
	}
}
