/* API tests of kabinetd's connection guard over raw sockets: the per-address and total
 * connection limits (503 with Retry-After, room left for other addresses, the trusted
 * proxy exempt), the whole-request timeout against trickled headers, the minimum body
 * rate, kept-alive connections, and the log of connections that sent no request line.
 * Every loopback address is a client of its own (127.0.0.2, 127.0.0.3, ...). Each test
 * starts its own server with small limits, so that the attacks are small and short. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define CHECK_SESSION                                                                      \
	"POST /client-api/checkSession HTTP/1.1\r\nHost: x\r\n"                            \
	"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
#define MAX_SOCKS 64

struct fix {
	struct kd kd;
	int fds[MAX_SOCKS];
	int n;
};

static int fix_setup(void **state)
{
	struct fix *fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -1;
	*state = fx;
	return 0;
}

static int fix_teardown(void **state)
{
	struct fix *fx = *state;
	for (int i = 0; i < fx->n; i++)
		if (fx->fds[i] >= 0)
			close(fx->fds[i]);
	if (fx->kd.pid > 0)
		kd_stop(&fx->kd);
	free(fx);
	return 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	nanosleep(&ts, NULL);
}

/* A connection from the loopback address `from` (127.0.0.N), closed by the teardown. */
static int connect_from(struct fix *fx, const char *from)
{
	struct sockaddr_in src = { .sin_family = AF_INET };
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons((uint16_t)fx->kd.port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_true(fx->n < MAX_SOCKS);
	fx->fds[fx->n++] = fd;
	inet_pton(AF_INET, from, &src.sin_addr);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&src, sizeof(src)), 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&dst, sizeof(dst)), 0);
	return fd;
}

static void send_text(int fd, const char *s)
{
	size_t len = strlen(s);
	while (len) {
		ssize_t n = send(fd, s, len, MSG_NOSIGNAL);
		assert_true(n > 0);
		s += n;
		len -= (size_t)n;
	}
}

/* Reads until the answer's body is in (by Content-Length) or the peer closes, at most
 * 30 s; the text read, NUL-terminated, in buf. */
static size_t read_answer(int fd, char *buf, size_t size)
{
	size_t got = 0;
	double until = now_s() + 30;
	buf[0] = '\0';
	while (got + 1 < size && now_s() < until) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		const char *end, *cl;
		ssize_t n;
		if (poll(&pfd, 1, 500) <= 0)
			continue;
		n = recv(fd, buf + got, size - 1 - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
		buf[got] = '\0';
		end = strstr(buf, "\r\n\r\n");
		cl = strcasestr(buf, "Content-Length:");
		if (end && cl && got >= (size_t)(end + 4 - buf) + strtoul(cl + 15, NULL, 10))
			break;
	}
	return got;
}

/* Sends checkSession from `from` on a new connection; the answer's status line. */
static void ask_from(struct fix *fx, const char *from, char *buf, size_t size)
{
	int fd = connect_from(fx, from);
	send_text(fd, CHECK_SESSION);
	read_answer(fd, buf, size);
}

static void assert_starts(const char *text, const char *prefix)
{
	if (strncmp(text, prefix, strlen(prefix))) {
		print_message("expected \"%s...\", got: %.300s\n", prefix, text);
		fail();
	}
}

/* Asks from `from` until the answer is a 200, for up to 5 s: the server frees a slot
 * when its worker thread has seen the client go, a moment after the close. */
static void assert_served_soon(struct fix *fx, const char *from)
{
	char ans[2048];
	for (int i = 0; i < 50; i++) {
		ask_from(fx, from, ans, sizeof(ans));
		if (!strncmp(ans, "HTTP/1.1 200 ", 13))
			return;
		sleep_s(0.1);
	}
	assert_starts(ans, "HTTP/1.1 200 ");
}

static void assert_refused_503(const char *answer, const char *retry_after)
{
	char want[64];
	assert_starts(answer, "HTTP/1.1 503 ");
	snprintf(want, sizeof(want), "\r\nRetry-After: %s\r\n", retry_after);
	assert_non_null(strstr(answer, want));
	assert_non_null(strstr(answer, "application/json"));
	assert_non_null(strstr(answer, "\"errorCode\":\"UNAVAILABLE\""));
	assert_non_null(strstr(answer, "\"isError\":true"));
}

/* Waits up to limit_s for the server to close fd while sending `drip` (one byte of it
 * every step_s, never an answer expected); returns the seconds it took, or -1 when the
 * connection was still open at the end. */
static double closed_while_dripping(int fd, const char *drip, double step_s, double limit_s)
{
	double start = now_s();
	size_t i = 0;
	while (now_s() - start < limit_s) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		char c;
		if (drip[i] && send(fd, &drip[i++], 1, MSG_NOSIGNAL) < 0)
			return now_s() - start;
		if (poll(&pfd, 1, (int)(step_s * 1000)) > 0) {
			ssize_t n = recv(fd, &c, 1, 0);
			if (n > 0) {
				print_message("an answer to an unfinished request: %c...\n", c);
				fail();
			}
			return now_s() - start;
		}
	}
	return -1;
}

/* Lines of the server's log that contain `text`. */
static int log_lines_with(const struct kd *kd, const char *text)
{
	char path[400], line[1024];
	int n = 0;
	FILE *f;
	snprintf(path, sizeof(path), "%s/kabinetd.log", kd->dir);
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, text) != NULL;
	fclose(f);
	return n;
}

/* Polls the log for up to 10 s until `text` is in it. */
static bool log_shows(const struct kd *kd, const char *text)
{
	for (int i = 0; i < 100; i++) {
		if (log_lines_with(kd, text) > 0)
			return true;
		sleep_s(0.1);
	}
	return false;
}

static void per_address_limit_answers_503_and_leaves_room(void **state)
{
	struct fix *fx = *state;
	char ans[2048];
	int held[4];

	assert_int_equal(kd_start(&fx->kd, "--max-per-address", "4", NULL), 0);
	for (int i = 0; i < 4; i++)
		held[i] = connect_from(fx, "127.0.0.1");
	/* The fifth from the same address is answered at once, not left hanging. */
	ask_from(fx, "127.0.0.1", ans, sizeof(ans));
	assert_refused_503(ans, "1");
	/* Another address is served as ever. */
	ask_from(fx, "127.0.0.2", ans, sizeof(ans));
	assert_starts(ans, "HTTP/1.1 200 ");
	assert_true(log_shows(&fx->kd, "refused a connection from 127.0.0.1 with 503: it had 4 "
				       "open, the most --max-per-address allows"));
	/* Once the four are gone, the address is served again. */
	for (int i = 0; i < 4; i++) {
		close(held[i]);
		for (int k = 0; k < fx->n; k++)
			if (fx->fds[k] == held[i])
				fx->fds[k] = -1;
	}
	assert_served_soon(fx, "127.0.0.1");
}

static void a_full_server_answers_503_with_retry_after(void **state)
{
	struct fix *fx = *state;
	char ans[2048], from[32];

	assert_int_equal(kd_start(&fx->kd, "--max-connections", "6", "--max-per-address", "2",
				  NULL),
			 0);
	for (int i = 0; i < 6; i++) {
		snprintf(from, sizeof(from), "127.0.0.%d", 10 + i / 2);
		connect_from(fx, from);
	}
	ask_from(fx, "127.0.0.20", ans, sizeof(ans));
	assert_refused_503(ans, "5");
	assert_true(log_shows(&fx->kd, "refused a connection from 127.0.0.20 with 503: 6 open, "
				       "the most --max-connections allows"));
}

static void the_trusted_proxy_has_no_per_address_limit(void **state)
{
	struct fix *fx = *state;
	char ans[2048];

	assert_int_equal(kd_start(&fx->kd, "--max-per-address", "2", "--trusted-proxy",
				  "127.0.0.1", NULL),
			 0);
	for (int i = 0; i < 5; i++)
		connect_from(fx, "127.0.0.1");
	ask_from(fx, "127.0.0.1", ans, sizeof(ans));
	assert_starts(ans, "HTTP/1.1 200 ");
	/* Anyone else is still limited. */
	connect_from(fx, "127.0.0.2");
	connect_from(fx, "127.0.0.2");
	ask_from(fx, "127.0.0.2", ans, sizeof(ans));
	assert_refused_503(ans, "1");
}

/* A header line every half second: each byte well within the 10 s the server allows
 * between bytes, but the request never whole. Without the guard the connection stays
 * open for as long as the bytes come. */
static void trickled_headers_are_cut_at_the_request_timeout(void **state)
{
	static const char drip[] = "POST /client-api/checkSession HTTP/1.1\r\nX-A: b\r\n"
				   "X-C: d\r\nX-E: f\r\nX-G: h\r\nX-I: j\r\nX-K: l\r\n";
	struct fix *fx = *state;
	double took;
	char ans[2048];

	assert_int_equal(kd_start(&fx->kd, "--request-timeout", "2", NULL), 0);
	took = closed_while_dripping(connect_from(fx, "127.0.0.1"), drip, 0.25, 15);
	if (took < 0)
		print_message("the trickling connection was still open after 15 s\n");
	assert_true(took >= 0);
	assert_true(log_shows(&fx->kd, "closed a connection from 127.0.0.1: its request had not "
				       "arrived whole in 2 s (--request-timeout)"));
	ask_from(fx, "127.0.0.1", ans, sizeof(ans));
	assert_starts(ans, "HTTP/1.1 200 ");
}

/* A declared 8 KiB body at a byte every 30 ms (about 33 bytes/s) against a minimum of
 * 1 000 bytes/s: cut after the grace, long before the request timeout of a minute and
 * while every byte comes well within the idle timeout. */
static void a_slow_body_is_cut_at_the_minimum_rate(void **state)
{
	static const char head[] = "POST /client-api/getProfile HTTP/1.1\r\nHost: x\r\n"
				   "Content-Type: application/json\r\nContent-Length: 8192\r\n\r\n";
	char drip[400];
	struct fix *fx = *state;
	double took;
	int fd;

	memset(drip, ' ', sizeof(drip) - 1);
	drip[sizeof(drip) - 1] = '\0';
	assert_int_equal(kd_start(&fx->kd, "--min-body-rate", "1000", "--request-timeout", "60",
				  NULL),
			 0);
	fd = connect_from(fx, "127.0.0.1");
	send_text(fd, head);
	took = closed_while_dripping(fd, drip, 0.03, 10);
	if (took < 0)
		print_message("the slow body's connection was still open after 10 s\n");
	assert_true(took >= 0);
	assert_true(log_shows(&fx->kd, "its body came slower than 1000 bytes/s"));
}

/* A body at a fair pace: 3 000 bytes in three parts over about two seconds. */
static void a_body_at_a_fair_rate_is_answered(void **state)
{
	static const char head[] = "POST /client-api/checkSession HTTP/1.1\r\nHost: x\r\n"
				   "Content-Type: application/json\r\nContent-Length: 3000\r\n\r\n";
	char part[1001], ans[2048];
	struct fix *fx = *state;
	int fd;

	assert_int_equal(kd_start(&fx->kd, "--min-body-rate", "1000", NULL), 0);
	fd = connect_from(fx, "127.0.0.1");
	send_text(fd, head);
	memset(part, ' ', 1000);
	part[1000] = '\0';
	part[0] = '{';
	send_text(fd, part);
	sleep_s(1);
	part[0] = ' ';
	send_text(fd, part);
	sleep_s(1);
	part[999] = '}';
	send_text(fd, part);
	read_answer(fd, ans, sizeof(ans));
	assert_starts(ans, "HTTP/1.1 200 ");
	assert_non_null(strstr(ans, "isSessionLost"));
}

/* After an answer a kept-alive connection may stay silent (up to the idle timeout)
 * before its next request: the request timeout counts from the end of that allowance. */
static void a_kept_alive_connection_may_wait_between_requests(void **state)
{
	struct fix *fx = *state;
	char ans[2048];
	int fd;

	assert_int_equal(kd_start(&fx->kd, "--request-timeout", "2", NULL), 0);
	fd = connect_from(fx, "127.0.0.1");
	send_text(fd, CHECK_SESSION);
	read_answer(fd, ans, sizeof(ans));
	assert_starts(ans, "HTTP/1.1 200 ");
	sleep_s(3);
	send_text(fd, CHECK_SESSION);
	read_answer(fd, ans, sizeof(ans));
	assert_starts(ans, "HTTP/1.1 200 ");
}

/* Bytes that are not an HTTP request line are closed and logged: a line for the first;
 * the rest within 10 s are held back, then said in one line with their count (a flood
 * of them writes no flood of lines, and none goes unsaid). A connection that sends
 * nothing, or whole requests, and closes is no such thing. */
static void no_request_line_is_logged_once(void **state)
{
	static const char *const junk[] = { "GARBAGE\r\n\r\n", "\x16\x03\x01\x02\x05\r\n\r\n",
					    "NOSPACESATALL\r\n\r\n" };
	static const char line[] = "closed a connection from 127.0.0.1 that sent no whole HTTP "
				   "request line";
	struct fix *fx = *state;
	char ans[2048];
	int fd;

	assert_int_equal(kd_start(&fx->kd, NULL), 0);
	/* First the innocent: had they been logged, theirs would be the line at once. */
	fd = connect_from(fx, "127.0.0.3");
	shutdown(fd, SHUT_WR);
	read_answer(fd, ans, sizeof(ans));
	fd = connect_from(fx, "127.0.0.4");
	send_text(fd, CHECK_SESSION);
	read_answer(fd, ans, sizeof(ans));
	assert_starts(ans, "HTTP/1.1 200 ");
	shutdown(fd, SHUT_WR);
	read_answer(fd, ans, sizeof(ans));
	sleep_s(0.5);
	assert_int_equal(log_lines_with(&fx->kd, "sent no whole HTTP request line"), 0);

	for (int i = 0; i < 6; i++) {
		fd = connect_from(fx, "127.0.0.1");
		send_text(fd, junk[i % 3]);
		read_answer(fd, ans, sizeof(ans));
	}
	assert_true(log_shows(&fx->kd, line));
	sleep_s(0.5);
	assert_int_equal(log_lines_with(&fx->kd, line), 1);
	/* The five held back, once the 10 s are over. */
	for (int i = 0; i < 150 && !log_lines_with(&fx->kd, "request line (5 such in the last 10 s)");
	     i++)
		sleep_s(0.1);
	assert_int_equal(log_lines_with(&fx->kd, "request line (5 such in the last 10 s)"), 1);
	assert_int_equal(log_lines_with(&fx->kd, line), 2);
	assert_int_equal(log_lines_with(&fx->kd, "sent no whole HTTP request line"), 2);
}

/* When the server's own thread is held up (here a database another process has locked:
 * the thread waits for it), requests that came whole in time wait unread in the
 * kernel: they are answered once the thread is free, not cut at the request timeout. */
static void a_stalled_server_does_not_cut_requests_that_came_in_time(void **state)
{
	static const char with_cookie[] =
		"POST /client-api/checkSession HTTP/1.1\r\nHost: x\r\nCookie: SESSION=x\r\n"
		"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
	struct fix *fx = *state;
	char script[400], cmd[1000], ans[2048], got[64] = "";
	FILE *f, *lock;
	int a, b;

	assert_int_equal(kd_start(&fx->kd, "--threads", "1", "--request-timeout", "2", NULL), 0);
	snprintf(script, sizeof(script), "%s/lock.sql", fx->kd.dir);
	assert_non_null(f = fopen(script, "w"));
	fputs("PRAGMA locking_mode=EXCLUSIVE;\nBEGIN EXCLUSIVE;\n"
	      "SELECT 'locked' FROM sqlite_master LIMIT 1;\n.shell sleep 4\nCOMMIT;\n", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' < '%s'", fx->kd.db, script);
	assert_non_null(lock = popen(cmd, "r"));
	/* The pragma says "exclusive" first; "locked" once the lock is held. */
	while (fgets(got, sizeof(got), lock) && strncmp(got, "locked", 6))
		;
	assert_starts(got, "locked");
	a = connect_from(fx, "127.0.0.1");
	send_text(a, with_cookie);
	sleep_s(0.2);
	b = connect_from(fx, "127.0.0.2");
	send_text(b, with_cookie);
	read_answer(a, ans, sizeof(ans));
	assert_starts(ans, "HTTP/1.1 200 ");
	read_answer(b, ans, sizeof(ans));
	assert_starts(ans, "HTTP/1.1 200 ");
	assert_int_equal(pclose(lock), 0);
	assert_int_equal(log_lines_with(&fx->kd, "had not arrived whole"), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fix_setup, fix_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(per_address_limit_answers_503_and_leaves_room),
		T(a_full_server_answers_503_with_retry_after),
		T(the_trusted_proxy_has_no_per_address_limit),
		T(trickled_headers_are_cut_at_the_request_timeout),
		T(a_slow_body_is_cut_at_the_minimum_rate),
		T(a_body_at_a_fair_rate_is_answered),
		T(a_kept_alive_connection_may_wait_between_requests),
		T(no_request_line_is_logged_once),
		T(a_stalled_server_does_not_cut_requests_that_came_in_time),
	};
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int rc = cmocka_run_group_tests_name("guard", tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
