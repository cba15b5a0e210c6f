/* Unit tests of the network layer's connections against a small HTTP/1.1 server in a
 * thread of this test: requests share a few kept-alive connections, and a change is
 * never sent twice by libcurl when the connection it went out on dies before the
 * answer (a read is: that is the control that the server would see a resend). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/net/api.h"

#define MAX_CONNS 64

/* The server: answers every request with {} on a kept-alive connection, except the
 * first request for `drop`, whose connection it closes unanswered after reading it. */
static struct server {
	int listener, port;
	pthread_t thread;
	atomic_bool stop;
	char drop[32];
	bool dropped;
	char hold[32];			/* never answered (the connection stays open) */
	pthread_mutex_t lock;
	int seen[8];			/* requests per method index, see method_index */
	char last_head[4096];		/* the header of the last request */
	int accepted;			/* connections */
	int open, max_open;		/* connections open at once */
	struct timespec last_event;
} srv;

static const char *const methods[] = { "getProfile", "createPayment", "getAccounts", NULL };

static int method_index(const char *m)
{
	for (int i = 0; methods[i]; i++)
		if (!strcmp(methods[i], m))
			return i;
	return 7;
}

struct conn {
	int fd;
	char buf[8192];
	size_t len;
};

static void touch(void)
{
	clock_gettime(CLOCK_MONOTONIC, &srv.last_event);
}

/* Takes one whole request off the connection's buffer; 1 when answered, 0 when not
 * whole yet, -1 when the connection is to be closed. */
static int serve_one(struct conn *c)
{
	static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
				     "Content-Length: 2\r\n\r\n{}";
	/* A staff login's cookies, for the staff API's path only. */
	static const char staff_login[] =
		"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		"Set-Cookie: STAFF-SESSION=st4ff; Path=/staff-api; HttpOnly\r\n"
		"Set-Cookie: STAFF-CSRF-TOKEN=csrf5; Path=/staff-api\r\n"
		"Content-Length: 2\r\n\r\n{}";
	const char *reply = answer;
	size_t reply_len = sizeof(answer) - 1;
	char *end = memmem(c->buf, c->len, "\r\n\r\n", 4), method[64] = "", hdr[4096];
	const char *cl, *path;
	size_t head, body = 0, whole;
	bool drop;

	if (!end)
		return 0;
	head = (size_t)(end - c->buf) + 4;
	if (head >= sizeof(hdr))
		return -1;
	memcpy(hdr, c->buf, head);
	hdr[head] = '\0';
	if ((cl = strcasestr(hdr, "\r\nContent-Length:")))
		body = (size_t)atol(cl + 17);
	whole = head + body;
	if (c->len < whole)
		return 0;
	if ((path = strstr(hdr, "/client-api/")))
		sscanf(path + 12, "%63[A-Za-z]", method);
	else if ((path = strstr(hdr, "/staff-api/")))
		sscanf(path + 11, "%63[A-Za-z]", method);
	if (path && !strncmp(path, "/staff-api/staffLogin ", 22)) {
		reply = staff_login;
		reply_len = sizeof(staff_login) - 1;
	}
	pthread_mutex_lock(&srv.lock);
	snprintf(srv.last_head, sizeof(srv.last_head), "%s", hdr);
	srv.seen[method_index(method)]++;
	drop = !srv.dropped && !strcmp(method, srv.drop);
	srv.dropped |= drop;
	touch();
	pthread_mutex_unlock(&srv.lock);
	memmove(c->buf, c->buf + whole, c->len - whole);
	c->len -= whole;
	if (drop)
		return -1;
	if (!strcmp(method, srv.hold))
		return 1;
	return write(c->fd, reply, reply_len) == (ssize_t)reply_len ? 1 : -1;
}

static void *serve(void *unused)
{
	struct conn conns[MAX_CONNS];
	struct pollfd pfd[MAX_CONNS + 1];
	int n = 0, polled;

	(void)unused;
	while (!atomic_load(&srv.stop)) {
		pfd[0] = (struct pollfd){ .fd = srv.listener, .events = POLLIN };
		for (int i = 0; i < n; i++)
			pfd[i + 1] = (struct pollfd){ .fd = conns[i].fd, .events = POLLIN };
		if (poll(pfd, (nfds_t)n + 1, 20) <= 0)
			continue;
		polled = n;	/* a connection accepted now was not polled yet */
		if ((pfd[0].revents & POLLIN) && n < MAX_CONNS) {
			int fd = accept(srv.listener, NULL, NULL);
			if (fd >= 0) {
				conns[n++] = (struct conn){ .fd = fd };
				pthread_mutex_lock(&srv.lock);
				srv.accepted++;
				if (++srv.open > srv.max_open)
					srv.max_open = srv.open;
				touch();
				pthread_mutex_unlock(&srv.lock);
			}
		}
		for (int i = polled - 1; i >= 0; i--) {
			struct conn *c = &conns[i];
			ssize_t got;
			int rc = 0;
			if (!(pfd[i + 1].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			got = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
			if (got <= 0) {
				rc = -1;
			} else {
				c->len += (size_t)got;
				while ((rc = serve_one(c)) > 0)
					;
			}
			if (rc < 0) {
				close(c->fd);
				conns[i] = conns[--n];
				pthread_mutex_lock(&srv.lock);
				srv.open--;
				touch();
				pthread_mutex_unlock(&srv.lock);
			}
		}
	}
	for (int i = 0; i < n; i++)
		close(conns[i].fd);
	return NULL;
}

static int start_server(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);

	(void)state;
	memset(&srv, 0, sizeof(srv));
	pthread_mutex_init(&srv.lock, NULL);
	srv.listener = socket(AF_INET, SOCK_STREAM, 0);
	if (srv.listener < 0 || bind(srv.listener, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(srv.listener, 64) || getsockname(srv.listener, (struct sockaddr *)&a, &len))
		return -1;
	srv.port = ntohs(a.sin_port);
	return pthread_create(&srv.thread, NULL, serve, NULL) ? -1 : 0;
}

static int stop_server(void **state)
{
	(void)state;
	atomic_store(&srv.stop, true);
	pthread_join(srv.thread, NULL);
	close(srv.listener);
	pthread_mutex_destroy(&srv.lock);
	return 0;
}

static int seen(const char *method)
{
	int n;
	pthread_mutex_lock(&srv.lock);
	n = srv.seen[method_index(method)];
	pthread_mutex_unlock(&srv.lock);
	return n;
}

/* Waits until the server has had nothing to do for 300 ms (a resend libcurl makes
 * would reach it well within that), at most 5 s. */
static void server_quiet(void)
{
	for (int i = 0; i < 500; i++) {
		struct timespec now, last;
		pthread_mutex_lock(&srv.lock);
		last = srv.last_event;
		pthread_mutex_unlock(&srv.lock);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000 > 300)
			return;
		usleep(10000);
	}
}

struct outcome {
	int calls;
	enum api_fail fail;
	enum api_err err;
};

static void on_done(void *ud, const struct api_reply *reply)
{
	struct outcome *o = ud;
	o->calls++;
	o->fail = reply->fail;
	o->err = reply->err;
}

static struct api *client(void)
{
	char url[64], err[256];
	struct api *api;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d", srv.port);
	api = api_new(url, "test-client", "en", err, sizeof(err));
	if (!api)
		fail_msg("api_new: %s", err);
	api_set_timeout(api, 10);
	return api;
}

/* One call, run to its end. */
static struct outcome call(struct api *api, const char *method, unsigned flags)
{
	struct outcome o = { 0 };
	assert_true(api_call(api, method, "{}", flags, on_done, &o) > 0);
	api_run_until_idle(api);
	assert_int_equal(o.calls, 1);
	return o;
}

/* A read leaves a kept-alive connection open; `method` goes out on it and the server
 * takes it and closes without an answer. Returns how it ended for the caller; `sent`
 * is how many times the server saw it. */
static struct outcome answer_lost_on_a_kept_connection(struct api *api, const char *method,
							unsigned flags, int *sent)
{
	struct outcome o;

	snprintf(srv.drop, sizeof(srv.drop), "%s", method);
	o = call(api, "getProfile", API_READ);
	assert_int_equal(o.fail, API_FAIL_NONE);
	o = call(api, method, flags);
	server_quiet();
	*sent = seen(method);
	return o;
}

/* A change must not be sent again by libcurl on a new connection: the caller hears of
 * a broken connection and decides (a payment settles by its key). */
/* The header of the last request the server took. */
static void last_head(char *buf, size_t size)
{
	pthread_mutex_lock(&srv.lock);
	snprintf(buf, size, "%s", srv.last_head);
	pthread_mutex_unlock(&srv.lock);
}

/* The staff's calls go to /staff-api/ with the staff's cookies and CSRF header, kept
 * apart from a subscriber's; a view's calls carry its token and no cookie at all. */
static void staff_and_view_calls_carry_their_own_credentials(void **state)
{
	struct api *api = client();
	char head[4096];

	(void)state;
	assert_int_equal(call(api, "staffLogin", API_WRITE | API_STAFF).fail, API_FAIL_NONE);
	last_head(head, sizeof(head));
	assert_non_null(strstr(head, "POST /staff-api/staffLogin HTTP/1.1"));
	assert_true(api_has_staff_session(api));
	assert_false(api_has_session(api));

	assert_int_equal(call(api, "staffGetQueue", API_STAFF).fail, API_FAIL_NONE);
	last_head(head, sizeof(head));
	assert_non_null(strstr(head, "POST /staff-api/staffGetQueue HTTP/1.1"));
	assert_non_null(strstr(head, "Cookie: STAFF-SESSION=st4ff; STAFF-CSRF-TOKEN=csrf5"));
	assert_non_null(strstr(head, "CSRF-TOKEN: csrf5"));

	/* A subscriber's call has no staff cookie: there is no subscriber's session. */
	assert_int_equal(call(api, "getProfile", API_READ).fail, API_FAIL_NONE);
	last_head(head, sizeof(head));
	assert_non_null(strstr(head, "POST /client-api/getProfile HTTP/1.1"));
	assert_null(strstr(head, "Cookie:"));
	assert_null(strstr(head, "VIEW-TOKEN"));

	api_set_view_token(api, "v1ewT0ken");
	assert_true(api_in_view(api));
	assert_int_equal(call(api, "getAccounts", API_READ).fail, API_FAIL_NONE);
	last_head(head, sizeof(head));
	assert_non_null(strstr(head, "POST /client-api/getAccounts HTTP/1.1"));
	assert_non_null(strstr(head, "VIEW-TOKEN: v1ewT0ken"));
	assert_null(strstr(head, "Cookie:"));

	/* The staff session's end ends the view too. */
	api_forget_staff_session(api);
	assert_false(api_in_view(api));
	assert_false(api_has_staff_session(api));
	api_free(api);
}

static void a_change_is_never_sent_twice(void **state)
{
	struct api *api = client();
	struct outcome o;
	int sent;

	(void)state;
	o = answer_lost_on_a_kept_connection(api, "createPayment", API_WRITE, &sent);
	assert_int_equal(o.fail, API_FAIL_BROKEN);
	assert_int_equal(sent, 1);
	/* (libcurl opens the new connection before it finds it cannot send the body again;
	 * nothing goes out on it.) The next request works. */
	o = call(api, "getProfile", API_READ);
	assert_int_equal(o.fail, API_FAIL_NONE);
	api_free(api);
}

/* The control: the same loss on a read, which libcurl repeats on a new connection by
 * itself (harmless: a read changes nothing), so the server sees it twice. */
static void a_read_is_repeated_by_libcurl(void **state)
{
	struct api *api = client();
	struct outcome o;
	int sent;

	(void)state;
	o = answer_lost_on_a_kept_connection(api, "getAccounts", API_READ, &sent);
	assert_int_equal(o.fail, API_FAIL_NONE);
	assert_int_equal(sent, 2);
	api_free(api);
}

/* Forty reads at once over HTTP/1.1: a pool of at most API_POOL connections, reused
 * (not one per request), every read answered. */
static void reads_share_a_small_pool(void **state)
{
	struct api *api = client();
	struct outcome o[40] = { 0 };

	(void)state;
	for (int i = 0; i < 40; i++)
		assert_true(api_call(api, "getAccounts", "{}", API_READ, on_done, &o[i]) > 0);
	api_run_until_idle(api);
	for (int i = 0; i < 40; i++) {
		assert_int_equal(o[i].calls, 1);
		assert_int_equal(o[i].fail, API_FAIL_NONE);
	}
	assert_int_equal(seen("getAccounts"), 40);
	assert_true(srv.max_open <= API_POOL);
	assert_true(srv.accepted <= API_POOL);
	/* And they stay open for what comes next. */
	o[0] = call(api, "getProfile", API_READ);
	assert_int_equal(o[0].fail, API_FAIL_NONE);
	assert_true(srv.accepted <= API_POOL);
	api_free(api);
}

/* Over plain http a request does not wait for another's answer to learn whether the
 * connection multiplexes: with the first read hung, the others are answered on
 * connections of their own meanwhile. */
static void a_hung_read_holds_up_no_other(void **state)
{
	struct api *api = client();
	struct outcome o[6] = { 0 };
	int answered = 0;

	(void)state;
	snprintf(srv.hold, sizeof(srv.hold), "getProfile");
	assert_true(api_call(api, "getProfile", "{}", API_READ, on_done, &o[0]) > 0);
	for (int i = 1; i < 6; i++)
		assert_true(api_call(api, "getAccounts", "{}", API_READ, on_done, &o[i]) > 0);
	for (int pass = 0; pass < 500 && answered < 5; pass++) {
		api_wait(api, -1, 10);
		api_dispatch(api);
		answered = 0;
		for (int i = 1; i < 6; i++)
			answered += o[i].calls;
	}
	assert_int_equal(answered, 5);
	for (int i = 1; i < 6; i++)
		assert_int_equal(o[i].fail, API_FAIL_NONE);
	assert_int_equal(o[0].calls, 0);
	api_free(api);		/* cancels the hung one */
	assert_int_equal(o[0].calls, 1);
	assert_int_equal(o[0].fail, API_FAIL_CANCELLED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(staff_and_view_calls_carry_their_own_credentials,
						start_server, stop_server),
		cmocka_unit_test_setup_teardown(a_change_is_never_sent_twice, start_server,
						stop_server),
		cmocka_unit_test_setup_teardown(a_read_is_repeated_by_libcurl, start_server,
						stop_server),
		cmocka_unit_test_setup_teardown(reads_share_a_small_pool, start_server, stop_server),
		cmocka_unit_test_setup_teardown(a_hung_read_holds_up_no_other, start_server,
						stop_server),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
