/* kabinetd's HTTP front: accepts POST /client-api/<method> (the subscribers') and
 * /staff-api/<method> (the operator's staff, with their own session cookie) with a JSON
 * body of at most 64 KiB and hands it to the dispatcher; the social login's approval
 * pages under /device (device_page.c) go to their own workers, since they may wait on
 * a provider; everything else gets an error body. */
#include "kabinet/server/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/server/device_page.h"
#include "kabinet/server/dispatch.h"
#include "kabinet/server/guard.h"
#include "kabinet/server/log.h"
#include "kabinet/server/srv.h"

#define BODY_LIMIT (64 * 1024)
/* Seconds a connection may stay silent (libmicrohttpd's own timeout). */
#define IDLE_TIMEOUT 10
#define API_PREFIX "/client-api/"
#define STAFF_PREFIX "/staff-api/"

struct http_server {
	struct MHD_Daemon *daemon;
	struct guard *guard;
};

/* Requests between their first byte and their completion, so that a stop can wait
 * for them rather than cut them off (idle keep-alive connections do not count). */
static atomic_int in_flight;
/* Set first thing on stop: from then on nothing is handed to the workers or the delay
 * timer (they are being stopped), so no connection is left suspended. */
static atomic_bool stopping;

struct req_ctx {
	char *buf;
	size_t len;
	bool too_large;
	bool no_memory;		/* the body could not be kept: answered 500 */
	/* A slow call (argon2id) handed to the workers while the connection is suspended. */
	bool queued;
	atomic_bool done;
	struct MHD_Connection *conn;
	char addr[INET6_ADDRSTRLEN];
	struct dispatch_req req;
	struct dispatch_res res;
	/* An approval page (/device...): its request and answer. */
	bool page;
	struct page_req preq;
	struct page_res pres;
	int64_t due_ms;		/* --delay-ms: when the answer may go */
	struct req_ctx *next;
};

/* A FIFO of suspended requests handed to a thread, which waits on cond for work or
 * for stop. */
struct ctx_queue {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct req_ctx *head, *tail;
	bool stop;
};

/* Workers for slow calls: a burst of logins keeps these busy, never the request
 * threads, so balances and payments are still answered meanwhile. The approval pages
 * have workers of their own: a provider that is slow to answer (10 s at most a call)
 * holds up neither the request threads nor the logins. */
#define SLOW_WORKERS_MAX 16
#define PAGE_WORKERS 4
struct pool {
	struct ctx_queue q;
	pthread_t threads[SLOW_WORKERS_MAX];
	int n;
};
static struct pool slow = { .q = { .lock = PTHREAD_MUTEX_INITIALIZER,
				   .cond = PTHREAD_COND_INITIALIZER } };
static struct pool pages = { .q = { .lock = PTHREAD_MUTEX_INITIALIZER,
				    .cond = PTHREAD_COND_INITIALIZER } };

/* --delay-ms: answers wait here, their connections suspended, until their time has
 * come; the request threads and their warm database connections keep serving.
 * The delay is constant, so deadlines arrive in order and a FIFO is a timer queue. */
static struct {
	struct ctx_queue q;
	bool running;
	pthread_t thread;
} delayed = { .q = { .lock = PTHREAD_MUTEX_INITIALIZER } };

/* Appends ctx, due delay_ms from now, and wakes the queue's thread. The deadline is
 * taken under the lock, so the queue stays in the order of its deadlines. */
static void queue_push(struct ctx_queue *q, struct req_ctx *ctx, int64_t delay_ms)
{
	pthread_mutex_lock(&q->lock);
	ctx->due_ms = srv_mono_ms() + delay_ms;
	ctx->next = NULL;
	if (q->tail)
		q->tail->next = ctx;
	else
		q->head = ctx;
	q->tail = ctx;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

/* Takes the head off the queue (NULL when empty); the caller holds the lock. */
static struct req_ctx *queue_take(struct ctx_queue *q)
{
	struct req_ctx *ctx = q->head;
	if (ctx) {
		q->head = ctx->next;
		if (!q->head)
			q->tail = NULL;
	}
	return ctx;
}

/* Tells the queue's threads to finish what is queued and return. */
static void queue_stop(struct ctx_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->stop = true;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

static void *delay_thread(void *arg)
{
	(void)arg;
	struct ctx_queue *q = &delayed.q;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		struct req_ctx *ctx = q->head;
		if (!ctx) {
			if (q->stop)
				break;
			pthread_cond_wait(&q->cond, &q->lock);
			continue;
		}
		int64_t wait = ctx->due_ms - srv_mono_ms();
		if (wait > 0 && !q->stop) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_sec += wait / 1000;
			ts.tv_nsec += (long)(wait % 1000) * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&q->cond, &q->lock, &ts);
			continue;
		}
		queue_take(q);
		pthread_mutex_unlock(&q->lock);
		atomic_store(&ctx->done, true);
		MHD_resume_connection(ctx->conn);
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* The answer in ctx->res is ready; the connection is suspended. */
static void release(struct req_ctx *ctx)
{
	if (!delayed.running) {
		atomic_store(&ctx->done, true);
		MHD_resume_connection(ctx->conn);
		return;
	}
	queue_push(&delayed.q, ctx, srv_cfg.delay_ms);
}

static void *slow_worker(void *arg)
{
	struct pool *pool = arg;
	for (;;) {
		struct req_ctx *ctx;
		pthread_mutex_lock(&pool->q.lock);
		while (!pool->q.head && !pool->q.stop)
			pthread_cond_wait(&pool->q.cond, &pool->q.lock);
		ctx = queue_take(&pool->q);
		pthread_mutex_unlock(&pool->q.lock);
		if (!ctx)
			return NULL;	/* stopping and nothing left */
		if (ctx->page)
			device_page(&ctx->preq, &ctx->pres);
		else
			dispatch_call(&ctx->req, &ctx->res);
		release(ctx);
	}
}

static void pool_start(struct pool *pool, int workers)
{
	pool->q.stop = false;
	for (pool->n = 0; pool->n < workers; pool->n++)
		if (pthread_create(&pool->threads[pool->n], NULL, slow_worker, pool) != 0)
			break;
}

static void pool_stop(struct pool *pool)
{
	queue_stop(&pool->q);
	for (int i = 0; i < pool->n; i++)
		pthread_join(pool->threads[i], NULL);
	pool->n = 0;
}

static bool wants_english(struct MHD_Connection *conn)
{
	const char *al = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	return al && !strncasecmp(al, "en", 2);
}

static enum MHD_Result reply(struct MHD_Connection *conn, struct dispatch_res *res)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	char retry[16];

	if (!res->body)
		res->body = strdup("{\"isError\":true,\"errorCode\":\"INTERNAL\",\"errorMsg\":\"\"}");
	if (!res->body)
		return MHD_NO;
	r = MHD_create_response_from_buffer(strlen(res->body), res->body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(res->body);
		res->body = NULL;
		return MHD_NO;
	}
	res->body = NULL;	/* the response owns it now */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	for (int i = 0; i < 2; i++)
		if (res->cookies[i][0])
			MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, res->cookies[i]);
	if (res->retry_after > 0) {
		snprintf(retry, sizeof(retry), "%d", res->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, retry);
	}
	if (res->status == 405)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "POST");
	ret = MHD_queue_response(conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result reply_error(struct MHD_Connection *conn, enum api_err err,
				   const char *ru, const char *en)
{
	struct dispatch_res res = { 0 };
	dispatch_error(&res, err, wants_english(conn), ru, en);
	return reply(conn, &res);
}

/* An approval page's answer: HTML with the pages' headers, a Location for a 303. */
static enum MHD_Result reply_page(struct MHD_Connection *conn, struct page_res *res)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	char retry[16];
	const char *body = res->body ? res->body : "";

	r = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "Content-Security-Policy", res->csp[0] ? res->csp
					   : "default-src 'none'; style-src 'unsafe-inline'; "
					     "form-action 'self'");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (res->cookie[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, res->cookie);
	if (res->flow_cookie[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, res->flow_cookie);
	if (res->location)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, res->location);
	if (res->retry_after > 0) {
		snprintf(retry, sizeof(retry), "%d", res->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, retry);
	}
	if (res->status == 405)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, POST");
	ret = MHD_queue_response(conn, (unsigned)(res->status ? res->status : 500), r);
	MHD_destroy_response(r);
	return ret;
}

static bool is_page(const char *url)
{
	size_t n = strlen(DEVICE_PAGE_PREFIX);
	return !strncmp(url, DEVICE_PAGE_PREFIX, n) && (!url[n] || url[n] == '/');
}

/* The address a request is counted as from: its peer's, or, when the peer is
 * --trusted-proxy, the address the proxy put in X-Real-IP (a header that is not a
 * numeric address leaves the proxy's own). */
static void client_addr(struct MHD_Connection *conn, char *addr, size_t size)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	unsigned char bin[sizeof(struct in6_addr)];
	const char *real;
	int family;

	addr[0] = '\0';
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr,
				  (socklen_t)size);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr,
				  (socklen_t)size);
	}
	if (!srv_cfg.trusted_proxy[0] || strcmp(addr, srv_cfg.trusted_proxy))
		return;
	real = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP");
	family = real && strchr(real, ':') ? AF_INET6 : AF_INET;
	if (real && inet_pton(family, real, bin) == 1)
		inet_ntop(family, bin, addr, (socklen_t)size);
}

/* Hands an approval page to the page workers with the connection suspended. Header
 * and query values stay in the connection's memory meanwhile. */
static enum MHD_Result start_page(struct MHD_Connection *conn, struct req_ctx *ctx,
				  const char *url, const char *verb)
{
	client_addr(conn, ctx->addr, sizeof(ctx->addr));
	ctx->preq = (struct page_req){
		.path = url,
		.post = !strcmp(verb, MHD_HTTP_METHOD_POST),
		.body = ctx->buf ? ctx->buf : "",
		.q_code = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "code"),
		.q_lang = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "lang"),
		.q_state = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "state"),
		.q_error = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "error"),
		.cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "DEVICE-CSRF"),
		.flow_cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "DEVICE-FLOW"),
		.en_header = wants_english(conn),
		.remote_addr = ctx->addr,
	};
	if (pages.n == 0 || atomic_load(&stopping)) {
		device_page(&ctx->preq, &ctx->pres);
		return reply_page(conn, &ctx->pres);
	}
	ctx->queued = true;
	ctx->conn = conn;
	MHD_suspend_connection(conn);
	queue_push(&pages.q, ctx, 0);
	return MHD_YES;
}

/* The body a request's headers announce: UINT64_MAX for a chunked one, else
 * Content-Length's figure, 0 for none. */
static uint64_t declared_length(struct MHD_Connection *conn, const char *len)
{
	/* libmicrohttpd goes by Transfer-Encoding when both are there. */
	if (MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING))
		return UINT64_MAX;
	return len ? strtoull(len, NULL, 10) : 0;
}

static bool valid_method_name(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
		      (s[n] >= '0' && s[n] <= '9')))
			return false;
	return n > 0 && n <= 64;
}

/* A Transfer-Encoding other than chunked: libmicrohttpd 0.9.75 would read such a body
 * until the client closes, so the request would never be answered; it is refused before
 * its body instead. */
static bool unknown_transfer_coding(struct MHD_Connection *conn)
{
	const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_TRANSFER_ENCODING);
	return te && strcasecmp(te, "chunked");
}

/* Appends a piece of the body to ctx->buf; past BODY_LIMIT, or when memory runs out,
 * the body is dropped and only that is kept, for the answer at the final call. */
static void take_body(struct req_ctx *ctx, const char *upload, size_t size)
{
	char *nb;

	if (!size || ctx->too_large || ctx->no_memory)
		return;
	if (ctx->len + size > BODY_LIMIT) {
		ctx->too_large = true;
	} else if ((nb = realloc(ctx->buf, ctx->len + size + 1))) {
		memcpy(nb + ctx->len, upload, size);
		ctx->buf = nb;
		ctx->len += size;
		ctx->buf[ctx->len] = '\0';
		return;
	} else {
		ctx->no_memory = true;
	}
	free(ctx->buf);
	ctx->buf = NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *verb, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct req_ctx *ctx = *con_cls;
	const bool tls = cls != NULL;

	if (ctx && ctx->queued) {
		/* Resumed: the worker has the answer. */
		if (!atomic_load(&ctx->done))
			return MHD_YES;
		ctx->queued = false;
		return ctx->page ? reply_page(conn, &ctx->pres) : reply(conn, &ctx->res);
	}
	if (!ctx) {
		const char *len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							      MHD_HTTP_HEADER_CONTENT_LENGTH);
		ctx = calloc(1, sizeof(*ctx));
		if (!ctx)
			return reply_error(conn, APIERR_INTERNAL, "Не хватило памяти",
					   "Out of memory");
		*con_cls = ctx;
		atomic_fetch_add(&in_flight, 1);
		guard_headers(conn, declared_length(conn, len));
		if (is_page(url)) {
			ctx->page = true;
			if (strcmp(verb, MHD_HTTP_METHOD_POST) && strcmp(verb, MHD_HTTP_METHOD_GET)) {
				ctx->pres.status = 405;
				return reply_page(conn, &ctx->pres);
			}
			if (unknown_transfer_coding(conn)) {
				ctx->pres.status = 400;
				return reply_page(conn, &ctx->pres);
			}
			if (len && strtoull(len, NULL, 10) > BODY_LIMIT)
				ctx->too_large = true;
			return MHD_YES;
		}
		if (strncmp(url, API_PREFIX, strlen(API_PREFIX)) &&
		    strncmp(url, STAFF_PREFIX, strlen(STAFF_PREFIX)))
			return reply_error(conn, APIERR_NOT_FOUND, "Не найдено", "Not found");
		if (strcmp(verb, MHD_HTTP_METHOD_POST))
			return reply_error(conn, APIERR_METHOD_NOT_ALLOWED,
					   "Метод HTTP не поддерживается, используйте POST",
					   "HTTP method not allowed, use POST");
		if (unknown_transfer_coding(conn))
			return reply_error(conn, APIERR_BAD_REQUEST,
					   "Transfer-Encoding может быть только chunked",
					   "Transfer-Encoding must be chunked");
		/* Refuse a declared oversize body before reading any of it. */
		if (len && strtoull(len, NULL, 10) > BODY_LIMIT)
			return reply_error(conn, APIERR_PAYLOAD_TOO_LARGE,
					   "Тело запроса больше 64 КиБ",
					   "The request body is larger than 64 KiB");
		return MHD_YES;
	}
	/* Only the final call, whose upload is NULL, says the request is whole: libmicrohttpd
	 * 0.9.75 also calls with an empty upload while the body is still awaited (Expect:
	 * 100-continue with no body and more bytes behind it), when no answer can be queued. */
	if (upload) {
		if (*upload_size)
			guard_body(conn, *upload_size);
		take_body(ctx, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	/* The request is whole: no deadline while it is answered. */
	guard_whole(conn);
	if (ctx->page && (ctx->too_large || ctx->no_memory)) {
		ctx->pres.status = ctx->too_large ? 413 : 500;
		return reply_page(conn, &ctx->pres);
	}
	if (ctx->page)
		return start_page(conn, ctx, url, verb);
	if (ctx->too_large)
		return reply_error(conn, APIERR_PAYLOAD_TOO_LARGE, "Тело запроса больше 64 КиБ",
				   "The request body is larger than 64 KiB");
	if (ctx->no_memory)
		return reply_error(conn, APIERR_INTERNAL, "Не хватило памяти для тела запроса",
				   "Out of memory for the request body");

	bool staff = !strncmp(url, STAFF_PREFIX, strlen(STAFF_PREFIX));
	const char *name = url + strlen(staff ? STAFF_PREFIX : API_PREFIX);
	const char *ctype = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!valid_method_name(name))
		return reply_error(conn, APIERR_NOT_FOUND, "Неизвестный метод API",
				   "Unknown API method");
	if (!ctype || strncasecmp(ctype, "application/json", 16) ||
	    (ctype[16] && ctype[16] != ';' && ctype[16] != ' '))
		return reply_error(conn, APIERR_BAD_REQUEST,
				   "Нужен заголовок Content-Type: application/json",
				   "Content-Type must be application/json");

	char *addr = ctx->addr;
	client_addr(conn, addr, sizeof(ctx->addr));
	/* Header values stay in the connection's memory while it is suspended. */
	ctx->req = (struct dispatch_req){
		.method = name,
		.staff = staff,
		.body = ctx->buf ? ctx->buf : "",
		.body_len = ctx->len,
		.session_cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND,
							      staff ? "STAFF-SESSION" : "SESSION"),
		.csrf_header = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "CSRF-TOKEN"),
		.view_token = staff ? NULL : MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
									 "VIEW-TOKEN"),
		.user_agent = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							  MHD_HTTP_HEADER_USER_AGENT),
		.remote_addr = addr,
		.en = wants_english(conn),
		.tls = tls,
	};
	if (slow.n > 0 && dispatch_is_slow(name, staff) && !atomic_load(&stopping)) {
		ctx->queued = true;
		ctx->conn = conn;
		MHD_suspend_connection(conn);
		queue_push(&slow.q, ctx, 0);
		return MHD_YES;
	}
	dispatch_call(&ctx->req, &ctx->res);
	if (delayed.running && !atomic_load(&stopping)) {
		ctx->queued = true;
		ctx->conn = conn;
		MHD_suspend_connection(conn);
		release(ctx);
		return MHD_YES;
	}
	return reply(conn, &ctx->res);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct req_ctx *ctx = *con_cls;
	guard_answered(conn);
	if (ctx) {
		/* An answer that never went: the client left while its connection was
		 * suspended (a slow call, --delay-ms). */
		free(ctx->res.body);
		free(ctx->pres.body);
		free(ctx->pres.location);
		free(ctx->buf);
		free(ctx);
		*con_cls = NULL;
		atomic_fetch_sub(&in_flight, 1);
	}
}

/* libmicrohttpd's messages, each kind (its format) through log_limited: a flood of
 * clients that vanish mid-request would otherwise write a line each. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_limited(fmt, "http: %s", line);
}

/* A listening socket on ss (its port filled in when 0 was asked); -1 on failure. */
static int listen_on(struct sockaddr_storage *ss)
{
	socklen_t len = ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
						  : sizeof(struct sockaddr_in);
	int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), on = 1;
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    (ss->ss_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on))) ||
	    bind(fd, (struct sockaddr *)ss, len) || listen(fd, SOMAXCONN) ||
	    getsockname(fd, (struct sockaddr *)ss, &len)) {
		close(fd);
		return -1;
	}
	return fd;
}

struct http_server *http_start(const struct http_options *opt, uint16_t *bound_port,
			       char *err, size_t errsize)
{
	struct sockaddr_storage ss;
	/* MHD_USE_AUTO: epoll on Linux, so descriptors past 1024 (select's ceiling) work. */
	/* MHD_USE_NO_LISTEN_SOCKET: the guard accepts (guard.h). */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC |
			 MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET;
	unsigned threads = opt->threads ? opt->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	struct http_server *srv;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, opt->host, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(opt->port);
	} else if (inet_pton(AF_INET6, opt->host, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(opt->port);
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errsize, "--listen: %s is not a numeric IPv4 or IPv6 address",
			 opt->host);
		return NULL;
	}
	if (opt->tls_cert) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			snprintf(err, errsize, "this libmicrohttpd was built without TLS");
			return NULL;
		}
		flags |= MHD_USE_TLS;
	}
	if (threads < 1)
		threads = 1;
	/* Slow calls and --delay-ms answers wait with their connections suspended. */
	flags |= MHD_ALLOW_SUSPEND_RESUME;

	atomic_store(&stopping, false);
	int lfd = listen_on(&ss);
	if (lfd < 0) {
		snprintf(err, errsize, "cannot listen on %s:%u (address in use or not permitted)",
			 opt->host, (unsigned)opt->port);
		return NULL;
	}
	*bound_port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						     : ((struct sockaddr_in *)&ss)->sin_port);
	if (opt->bound)
		opt->bound(opt->host, *bound_port);
	struct guard_limits lim = opt->limits;
	lim.idle_timeout_s = IDLE_TIMEOUT;
	lim.tls = opt->tls_cert != NULL;
	lim.exempt = srv_cfg.trusted_proxy;
	srv = calloc(1, sizeof(*srv));
	if (!srv || !(srv->guard = guard_new(lfd, &lim))) {
		free(srv);
		close(lfd);
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	struct MHD_OptionItem opts[14];
	int n = 0;
#define OPT(o, v, p) (opts[n++] = (struct MHD_OptionItem){ (o), (intptr_t)(v), (p) })
	OPT(MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL);
	OPT(MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL);
	OPT(MHD_OPTION_NOTIFY_CONNECTION, guard_notify, srv->guard);
	OPT(MHD_OPTION_URI_LOG_CALLBACK, guard_uri, srv->guard);
	OPT(MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT, NULL);
	/* The guard keeps to lim.max_connections. libmicrohttpd's own limit is split among
	 * its threads and a connection added to a full one is closed without a word: each
	 * thread's share here holds every connection the guard allows, with the ones on
	 * their way in, so that is never what turns a client away. */
	OPT(MHD_OPTION_CONNECTION_LIMIT, (lim.max_connections + 64) * threads, NULL);
	/* Headers only: bodies are buffered by on_request. libmicrohttpd clears the pool for
	 * every request, so a small one is also a fast one. */
	OPT(MHD_OPTION_CONNECTION_MEMORY_LIMIT, 32 * 1024, NULL);
	/* One thread is libmicrohttpd's own, without a pool (it warns of a pool of one). */
	if (threads > 1)
		OPT(MHD_OPTION_THREAD_POOL_SIZE, threads, NULL);
	if (opt->tls_cert) {
		OPT(MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)opt->tls_cert);
		OPT(MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)opt->tls_key);
	}
	OPT(MHD_OPTION_END, 0, NULL);
#undef OPT
	srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request,
				       opt->tls_cert ? (void *)srv : NULL,
				       MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (!srv->daemon || guard_run(srv->guard, srv->daemon) != 0) {
		if (srv->daemon)
			MHD_stop_daemon(srv->daemon);
		guard_free(srv->guard);
		snprintf(err, errsize, "cannot serve on %s:%u", opt->host, (unsigned)*bound_port);
		free(srv);
		return NULL;
	}
	int cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
	int workers = cores < 1 ? 1 : cores > SLOW_WORKERS_MAX ? SLOW_WORKERS_MAX : cores;
	pool_start(&slow, workers);
	pool_start(&pages, PAGE_WORKERS);
	if (srv_cfg.delay_ms) {
		pthread_condattr_t ca;
		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&delayed.q.cond, &ca);
		pthread_condattr_destroy(&ca);
		delayed.q.stop = false;
		delayed.running = pthread_create(&delayed.thread, NULL, delay_thread, NULL) == 0;
	}
	return srv;
}

void http_stop(struct http_server *srv)
{
	if (!srv)
		return;
	atomic_store(&stopping, true);
	/* From here new clients are refused by the kernel; let the requests in flight finish
	 * (bounded, in case a client never reads its answer), the guard still cutting the
	 * slow ones. */
	guard_stop_accepting(srv->guard);
	for (int waited = 0; atomic_load(&in_flight) > 0 && waited < 30000; waited += 20) {
		struct timespec ts = { 0, 20 * 1000000L };
		nanosleep(&ts, NULL);
	}
	pool_stop(&slow);
	pool_stop(&pages);
	if (delayed.running) {
		queue_stop(&delayed.q);
		pthread_join(delayed.thread, NULL);
		delayed.running = false;
		pthread_cond_destroy(&delayed.q.cond);
	}
	MHD_stop_daemon(srv->daemon);
	guard_free(srv->guard);
	free(srv);
	log_flush(true);
}
