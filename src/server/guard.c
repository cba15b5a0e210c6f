/* kabinetd's connection guard (guard.h): one thread accepts, refuses what is over a
 * limit, and every SWEEP_MS closes the connections whose requests are late; the
 * request threads tell it, through the hooks, where each request is. */
#include "kabinet/server/guard.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/server/log.h"
#include "kabinet/server/srv.h"

#define SWEEP_MS 200
#define BODY_GRACE_MS 2000
/* Refused connections wait this long, their answer sent, for the client to stop
 * sending before they are closed (closing on unread bytes would reset the connection
 * and could throw the answer away); at most GUARD_LINGER_MAX at once, the rest closed at
 * once. */
#define LINGER_MS 2000
/* A refused client that sends more than this while lingering is closed at once. */
#define LINGER_DRAIN_MAX (64 * 1024)
#define ACCEPT_BATCH 64

enum phase {
	FREE,
	WAITING,	/* for a request: until the deadline */
	BODY,		/* headers in: until the deadline, and at the body rate */
	ANSWERING,	/* the request whole: no deadline */
	DROPPED,	/* shut down by the guard; libmicrohttpd has yet to close it */
};

struct slot {
	struct guard *g;
	int fd;
	enum phase phase;
	bool line_seen;		/* a request line since the last answer */
	int family;
	unsigned char addr[16];
	int64_t deadline_ms;
	int64_t body_start_ms;
	uint64_t body_len;	/* UINT64_MAX: not declared */
	uint64_t body_got;
	uint64_t bytes_at_answer;	/* the socket's bytes received when last answered */
};

struct lingering {
	int fd;
	int64_t until_ms;
	size_t drained;
};

struct guard {
	struct guard_limits lim;
	/* The trusted proxy's address as peer_key gives it; family 0 for none. */
	int exempt_family;
	unsigned char exempt_addr[16];
	int lfd;
	int wake[2];
	struct MHD_Daemon *daemon;
	pthread_t thread;
	bool running;
	pthread_mutex_t lock;
	struct slot *slots;
	unsigned nslots;
	int *free_list;		/* the free slots' indexes; nslots - nfree are in use */
	unsigned nfree;
	int *by_fd;		/* slot index by descriptor, -1 for none */
	int nfd;
	struct lingering linger[GUARD_LINGER_MAX];
	unsigned nlinger;
	int64_t accept_paused_until;	/* out of descriptors: not before then */
};

static void addr_text(int family, const unsigned char *addr, char *buf, size_t size)
{
	if (!inet_ntop(family, addr, buf, (socklen_t)size))
		snprintf(buf, size, "?");
}

struct guard *guard_new(int lfd, const struct guard_limits *lim)
{
	struct guard *g = calloc(1, sizeof(*g));
	struct rlimit rl;

	if (!g)
		return NULL;
	g->lim = *lim;
	g->lim.exempt = NULL;	/* parsed here, not kept */
	if (lim->exempt && inet_pton(AF_INET, lim->exempt, g->exempt_addr) == 1)
		g->exempt_family = AF_INET;
	else if (lim->exempt && inet_pton(AF_INET6, lim->exempt, g->exempt_addr) == 1)
		g->exempt_family = AF_INET6;
	g->lfd = lfd;
	g->wake[0] = g->wake[1] = -1;
	pthread_mutex_init(&g->lock, NULL);
	g->nslots = lim->max_connections;
	g->nfd = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
			 rl.rlim_cur < (1u << 20) ? (int)rl.rlim_cur : 1 << 20;
	g->slots = calloc(g->nslots, sizeof(*g->slots));
	g->free_list = calloc(g->nslots, sizeof(*g->free_list));
	g->by_fd = malloc((size_t)g->nfd * sizeof(*g->by_fd));
	if (!g->slots || !g->free_list || !g->by_fd) {
		g->lfd = -1;	/* the caller's still */
		guard_free(g);
		return NULL;
	}
	for (int i = 0; i < g->nfd; i++)
		g->by_fd[i] = -1;
	for (unsigned i = 0; i < g->nslots; i++) {
		g->slots[i].g = g;
		g->slots[i].fd = -1;
		g->free_list[g->nfree++] = (int)(g->nslots - 1 - i);
	}
	return g;
}

/* The peer's address as a family and 16 bytes (IPv4 in the first 4). */
static void peer_key(const struct sockaddr_storage *ss, int *family, unsigned char *addr)
{
	memset(addr, 0, 16);
	*family = ss->ss_family;
	if (ss->ss_family == AF_INET)
		memcpy(addr, &((const struct sockaddr_in *)ss)->sin_addr, 4);
	else if (ss->ss_family == AF_INET6)
		memcpy(addr, &((const struct sockaddr_in6 *)ss)->sin6_addr, 16);
}

static unsigned count_from(struct guard *g, int family, const unsigned char *addr)
{
	unsigned n = 0;
	for (unsigned i = 0; i < g->nslots; i++) {
		const struct slot *s = &g->slots[i];
		n += s->phase != FREE && s->family == family && !memcmp(s->addr, addr, 16);
	}
	return n;
}

/* The 503 a refused connection gets, with the API's error envelope. */
static void write_refusal(int fd, bool full)
{
	static const char body_full[] =
		"{\"isError\":true,\"errorCode\":\"UNAVAILABLE\","
		"\"errorMsg\":\"Сервер перегружен: повторите через несколько секунд\"}";
	static const char body_addr[] =
		"{\"isError\":true,\"errorCode\":\"UNAVAILABLE\","
		"\"errorMsg\":\"Слишком много соединений с вашего адреса: повторите позже\"}";
	const char *body = full ? body_full : body_addr;
	char buf[512];
	int n = snprintf(buf, sizeof(buf),
			 "HTTP/1.1 503 Service Unavailable\r\n"
			 "Content-Type: application/json; charset=utf-8\r\n"
			 "Cache-Control: no-store\r\n"
			 "Retry-After: %d\r\n"
			 "Connection: close\r\n"
			 "Content-Length: %zu\r\n\r\n%s",
			 full ? 5 : 1, strlen(body), body);
	if (n > 0 && (size_t)n < sizeof(buf))
		(void)!send(fd, buf, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* Answers a connection over a limit, then lets it drain a moment before closing. */
static void refuse(struct guard *g, int fd, bool full)
{
	if (g->lim.tls) {
		close(fd);
		return;
	}
	write_refusal(fd, full);
	shutdown(fd, SHUT_WR);
	if (g->nlinger == GUARD_LINGER_MAX) {
		close(fd);
		return;
	}
	g->linger[g->nlinger++] = (struct lingering){ fd, srv_mono_ms() + LINGER_MS, 0 };
}

/* The log's lines, each a kind of its own for log_limited. */
static const char refused_full[] =
	"http: refused a connection from %s %s: %u open, the most --max-connections allows";
static const char refused_addr[] =
	"http: refused a connection from %s %s: it had %u open, the most --max-per-address "
	"allows";
static const char dropped_late[] =
	"http: closed a connection from %s: its request had not arrived whole in %u s "
	"(--request-timeout)";
static const char dropped_slow[] =
	"http: closed a connection from %s: its body came slower than %u bytes/s "
	"(--min-body-rate)";
static const char dropped_no_line[] =
	"http: closed a connection from %s that sent no whole HTTP request line";

static void log_refused(const struct guard *g, const struct sockaddr_storage *ss, bool full)
{
	const char *how = g->lim.tls ? "(closed: no answer before TLS)" : "with 503";
	char text[INET6_ADDRSTRLEN];
	unsigned char addr[16];
	int family;

	peer_key(ss, &family, addr);
	addr_text(family, addr, text, sizeof(text));
	if (full)
		log_limited(refused_full, refused_full, text, how, g->lim.max_connections);
	else
		log_limited(refused_addr, refused_addr, text, how, g->lim.max_per_address);
}

static void release_slot(struct guard *g, struct slot *s)
{
	if (s->fd >= 0 && s->fd < g->nfd)
		g->by_fd[s->fd] = -1;
	s->fd = -1;
	s->phase = FREE;
	g->free_list[g->nfree++] = (int)(s - g->slots);
}

/* Takes a slot for fd, or says which limit it is over. */
static int claim(struct guard *g, int fd, const struct sockaddr_storage *ss, bool *full)
{
	int family, idx;
	unsigned char addr[16];
	bool exempt;

	peer_key(ss, &family, addr);
	exempt = family == g->exempt_family && !memcmp(addr, g->exempt_addr, 16);
	/* A slot still holding this descriptor is stale: libmicrohttpd closed its socket
	 * without telling (a connection it could not set up), and the kernel gave the
	 * number out again. */
	if (fd < g->nfd && g->by_fd[fd] >= 0)
		release_slot(g, &g->slots[g->by_fd[fd]]);
	*full = g->nfree == 0 || fd >= g->nfd;
	if (*full)
		return -1;
	if (!exempt && g->lim.max_per_address &&
	    count_from(g, family, addr) >= g->lim.max_per_address)
		return -1;
	idx = g->free_list[--g->nfree];
	g->by_fd[fd] = idx;
	g->slots[idx] = (struct slot){
		.g = g,
		.fd = fd,
		.phase = WAITING,
		.family = family,
		.deadline_ms = srv_mono_ms() + (int64_t)g->lim.request_timeout_s * 1000,
	};
	memcpy(g->slots[idx].addr, addr, 16);
	return idx;
}

static void accept_one(struct guard *g, int fd, struct sockaddr_storage *ss, socklen_t len)
{
	bool full;
	int idx;

	pthread_mutex_lock(&g->lock);
	idx = claim(g, fd, ss, &full);
	pthread_mutex_unlock(&g->lock);
	if (idx < 0) {
		refuse(g, fd, full);
		log_refused(g, ss, full);
		return;
	}
	if (MHD_add_connection(g->daemon, fd, (const struct sockaddr *)ss, len) != MHD_YES) {
		/* libmicrohttpd has closed the socket. */
		pthread_mutex_lock(&g->lock);
		if (g->slots[idx].fd == fd)
			release_slot(g, &g->slots[idx]);
		pthread_mutex_unlock(&g->lock);
	}
}

static const char accept_failed[] = "http: cannot accept a connection: %s";

/* Accepts what is waiting, a batch at most. Out of descriptors, the client stays in the
 * kernel's queue and the listening socket is left alone until the next sweep, rather
 * than polled again at once (it would stay readable). */
static void accept_all(struct guard *g, int64_t now)
{
	for (int i = 0; i < ACCEPT_BATCH; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int fd = accept4(g->lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM) {
				log_limited(accept_failed, accept_failed, strerror(errno));
				g->accept_paused_until = now + SWEEP_MS;
			}
			return;
		}
		accept_one(g, fd, &ss, len);
	}
}

/* Reads and drops what refused clients still send; closes them at EOF or in time. */
static void drain_lingering(struct guard *g, const struct pollfd *pfd, int64_t now)
{
	unsigned keep = 0;
	for (unsigned i = 0; i < g->nlinger; i++) {
		struct lingering *l = &g->linger[i];
		bool done = now >= l->until_ms;
		if (!done && (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))) {
			char buf[4096];
			ssize_t n = -1;
			errno = EAGAIN;
			while (l->drained <= LINGER_DRAIN_MAX &&
			       (n = recv(l->fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
				l->drained += (size_t)n;
			done = l->drained > LINGER_DRAIN_MAX || n == 0 ||
			       (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
		}
		if (done)
			close(l->fd);
		else
			g->linger[keep++] = *l;
	}
	g->nlinger = keep;
}

/* Whether a body has fallen behind the minimum rate. */
static bool body_too_slow(const struct guard *g, const struct slot *s, int64_t now)
{
	int64_t elapsed = now - s->body_start_ms - BODY_GRACE_MS;
	uint64_t need;
	if (!g->lim.min_body_rate || elapsed <= 0)
		return false;
	need = (uint64_t)elapsed * g->lim.min_body_rate / 1000;
	if (s->body_len != UINT64_MAX && need > s->body_len)
		need = s->body_len;
	return s->body_got < need;
}

/* Whether bytes from the client wait in the kernel, unread: then the request thread is
 * the slow one (a call of another connection's, a locked database), not the client,
 * which a late or slow request is never cut for. libmicrohttpd reads whatever has come
 * as soon as its thread is free, so a trickling client gains nothing from this. */
static bool unread_bytes(int fd)
{
	int n = 0;
	return ioctl(fd, FIONREAD, &n) == 0 && n > 0;
}

/* A connection the sweep has shut down, to be logged once the lock is released. */
struct dropped {
	bool slow_body;
	char addr[INET6_ADDRSTRLEN];
};
#define DROPPED_LOGGED_MAX 8

/* Shuts down the connections whose requests are late or too slow. */
static void sweep(struct guard *g, int64_t now)
{
	struct dropped out[DROPPED_LOGGED_MAX];
	unsigned n = 0;

	pthread_mutex_lock(&g->lock);
	for (unsigned i = 0; i < g->nslots; i++) {
		struct slot *s = &g->slots[i];
		bool slow_body;
		if (s->phase != WAITING && s->phase != BODY)
			continue;
		slow_body = s->phase == BODY && body_too_slow(g, s, now);
		if ((now < s->deadline_ms && !slow_body) || unread_bytes(s->fd))
			continue;
		shutdown(s->fd, SHUT_RDWR);
		s->phase = DROPPED;
		/* More than a few in one sweep are one line and a count in the log anyway. */
		if (n < DROPPED_LOGGED_MAX) {
			out[n].slow_body = slow_body;
			addr_text(s->family, s->addr, out[n].addr, sizeof(out[n].addr));
			n++;
		}
	}
	pthread_mutex_unlock(&g->lock);
	for (unsigned i = 0; i < n; i++) {
		if (out[i].slow_body)
			log_limited(dropped_slow, dropped_slow, out[i].addr, g->lim.min_body_rate);
		else
			log_limited(dropped_late, dropped_late, out[i].addr,
				    g->lim.request_timeout_s);
	}
	log_flush(false);
}

/* Reads the commands on the wake pipe: 'a' stops accepting (the listening socket is
 * closed, the sweeps go on), 'x' ends the thread. Returns false on 'x'. */
static bool take_commands(struct guard *g)
{
	char cmd[8];
	ssize_t n = read(g->wake[0], cmd, sizeof(cmd));
	for (ssize_t i = 0; i < n; i++) {
		if (cmd[i] == 'x')
			return false;
		if (cmd[i] == 'a' && g->lfd >= 0) {
			close(g->lfd);
			g->lfd = -1;
		}
	}
	return true;
}

static void *guard_thread(void *arg)
{
	struct guard *g = arg;
	struct pollfd pfd[2 + GUARD_LINGER_MAX];
	int64_t next_sweep = srv_mono_ms() + SWEEP_MS;

	for (;;) {
		int64_t now = srv_mono_ms();
		int timeout = next_sweep > now ? (int)(next_sweep - now) : 0;
		unsigned n = g->nlinger;
		bool listening = g->lfd >= 0 && now >= g->accept_paused_until;
		for (unsigned i = 0; i < n; i++)
			pfd[i] = (struct pollfd){ .fd = g->linger[i].fd, .events = POLLIN };
		/* A negative descriptor is left out by poll. */
		pfd[n] = (struct pollfd){ .fd = listening ? g->lfd : -1, .events = POLLIN };
		pfd[n + 1] = (struct pollfd){ .fd = g->wake[0], .events = POLLIN };
		if (poll(pfd, n + 2, timeout) < 0) {
			if (errno == EINTR)
				continue;
			log_msg("http: the connection guard stops: poll: %s", strerror(errno));
			break;
		}
		if (pfd[n + 1].revents && !take_commands(g))
			break;
		now = srv_mono_ms();
		drain_lingering(g, pfd, now);
		if (listening && g->lfd >= 0 && (pfd[n].revents & POLLIN))
			accept_all(g, now);
		if (now >= next_sweep) {
			sweep(g, now);
			next_sweep = now + SWEEP_MS;
		}
	}
	return NULL;
}

int guard_run(struct guard *g, struct MHD_Daemon *daemon)
{
	g->daemon = daemon;
	if (pipe2(g->wake, O_CLOEXEC) != 0)
		return -1;
	if (pthread_create(&g->thread, NULL, guard_thread, g) != 0) {
		close(g->wake[0]);
		close(g->wake[1]);
		g->wake[0] = g->wake[1] = -1;
		return -1;
	}
	g->running = true;
	return 0;
}

void guard_stop_accepting(struct guard *g)
{
	if (g && g->running)
		(void)!write(g->wake[1], "a", 1);
}

/* Ends the thread (after which its descriptors are the caller's to close). */
static void stop_thread(struct guard *g)
{
	if (!g->running)
		return;
	(void)!write(g->wake[1], "x", 1);
	pthread_join(g->thread, NULL);
	g->running = false;
}

void guard_free(struct guard *g)
{
	if (!g)
		return;
	stop_thread(g);
	for (unsigned i = 0; i < g->nlinger; i++)
		close(g->linger[i].fd);
	if (g->lfd >= 0)
		close(g->lfd);
	for (int i = 0; i < 2; i++)
		if (g->wake[i] >= 0)
			close(g->wake[i]);
	pthread_mutex_destroy(&g->lock);
	free(g->slots);
	free(g->free_list);
	free(g->by_fd);
	free(g);
}

/* The bytes the socket has received, 0 when the kernel does not say. */
static uint64_t bytes_received(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0 ||
	    len < offsetof(struct tcp_info, tcpi_bytes_received) + sizeof(ti.tcpi_bytes_received))
		return 0;
	return ti.tcpi_bytes_received;
}

/* At its close: a connection that sent bytes since its last answer but no request line
 * (bytes that are not HTTP, a line with no spaces, a line never finished). The kernel
 * counts a FIN among the bytes received: one more than at the answer is only the close. */
static bool sent_no_line(const struct guard *g, const struct slot *s)
{
	return !g->lim.tls && s->phase == WAITING && !s->line_seen &&
	       bytes_received(s->fd) > s->bytes_at_answer + 1;
}

void guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		  enum MHD_ConnectionNotificationCode code)
{
	struct guard *g = cls;
	const union MHD_ConnectionInfo *ci;
	char no_line[INET6_ADDRSTRLEN] = "";
	int fd;

	pthread_mutex_lock(&g->lock);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		fd = ci ? ci->connect_fd : -1;
		*socket_context = fd >= 0 && fd < g->nfd && g->by_fd[fd] >= 0
					  ? &g->slots[g->by_fd[fd]]
					  : NULL;
	} else if (*socket_context) {
		/* Called before libmicrohttpd closes the socket: the descriptor is still this
		 * connection's while the lock is held, so the sweep never shuts down another. */
		struct slot *s = *socket_context;
		if (sent_no_line(g, s))
			addr_text(s->family, s->addr, no_line, sizeof(no_line));
		release_slot(g, s);
		*socket_context = NULL;
	}
	pthread_mutex_unlock(&g->lock);
	if (no_line[0])
		log_limited(dropped_no_line, dropped_no_line, no_line);
}

static struct slot *slot_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

void *guard_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct slot *s = slot_of(conn);
	(void)cls;
	(void)uri;
	if (s) {
		pthread_mutex_lock(&s->g->lock);
		s->line_seen = true;
		pthread_mutex_unlock(&s->g->lock);
	}
	return NULL;
}

void guard_headers(struct MHD_Connection *conn, uint64_t content_length)
{
	struct slot *s = slot_of(conn);
	if (!s)
		return;
	pthread_mutex_lock(&s->g->lock);
	if (s->phase == WAITING) {
		s->phase = BODY;
		s->body_start_ms = srv_mono_ms();
		s->body_len = content_length;
		s->body_got = 0;
	}
	pthread_mutex_unlock(&s->g->lock);
}

void guard_body(struct MHD_Connection *conn, size_t n)
{
	struct slot *s = slot_of(conn);
	if (!s)
		return;
	pthread_mutex_lock(&s->g->lock);
	s->body_got += n;
	pthread_mutex_unlock(&s->g->lock);
}

void guard_whole(struct MHD_Connection *conn)
{
	struct slot *s = slot_of(conn);
	if (!s)
		return;
	pthread_mutex_lock(&s->g->lock);
	if (s->phase == WAITING || s->phase == BODY)
		s->phase = ANSWERING;
	pthread_mutex_unlock(&s->g->lock);
}

void guard_answered(struct MHD_Connection *conn)
{
	struct slot *s = slot_of(conn);
	struct guard *g;
	if (!s)
		return;
	g = s->g;
	pthread_mutex_lock(&g->lock);
	if (s->phase != DROPPED && s->phase != FREE) {
		/* Answered before the request was whole (a 413, a 404 with a body): the client
		 * may still be sending that body, which is no request line of its own. */
		s->line_seen = s->phase == BODY;
		s->phase = WAITING;
		s->deadline_ms = srv_mono_ms() +
				 (int64_t)(g->lim.idle_timeout_s + g->lim.request_timeout_s) * 1000;
		s->bytes_at_answer = g->lim.tls ? 0 : bytes_received(s->fd);
	}
	pthread_mutex_unlock(&g->lock);
}
