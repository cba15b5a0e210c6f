/* kabinetd's connection guard: it accepts the connections itself and hands them to
 * libmicrohttpd, so that no client can hold the server's connection slots.
 *
 * - At most max_connections in all and max_per_address from one client address (the
 *   trusted proxy's address excepted: the proxy limits its own clients). A connection
 *   over either limit gets "503 UNAVAILABLE" with Retry-After and is closed (under TLS
 *   it is closed without an answer: there is no handshake to answer in).
 * - A request must arrive whole, headers and body, within request_timeout seconds of
 *   the server starting to wait for it: the connection's opening, or, on a kept-alive
 *   connection, the end of the previous answer plus the idle allowance. Trickling a
 *   header line every few seconds no longer keeps a slot.
 * - After a 2 s grace a body must keep up min_body_rate bytes a second on average.
 * - A connection that sent bytes but never a whole HTTP request line is logged (one
 *   line, at most every 10 s, with the count of those not logged in between).
 * A connection over a limit is closed by shutting its socket down; libmicrohttpd then
 * finds it closed and cleans it up as if the client had gone.
 *
 * The request handler tells the guard where each request is: its headers in, its body's
 * bytes, the request whole (answering: no deadline while the answer is made and sent),
 * and the answer done. */
#ifndef KABINET_SERVER_GUARD_H
#define KABINET_SERVER_GUARD_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct guard_limits {
	unsigned max_connections;	/* > 0 */
	unsigned max_per_address;	/* 0: no limit */
	unsigned request_timeout_s;	/* > 0 */
	unsigned idle_timeout_s;	/* libmicrohttpd's own, between bytes */
	unsigned min_body_rate;		/* bytes a second; 0: none */
	bool tls;			/* no plain-text refusal to write */
	const char *exempt;		/* the trusted proxy's numeric address ("" or NULL: none) */
};

/* Defaults (kabinetd(8) gives their reasons). */
#define GUARD_MAX_CONNECTIONS 1000
#define GUARD_MAX_PER_ADDRESS 64
#define GUARD_REQUEST_TIMEOUT 10
#define GUARD_MIN_BODY_RATE 1024
/* Refused connections draining at once, each a descriptor for up to 2 s. */
#define GUARD_LINGER_MAX 64

struct guard;

/* A guard for the listening socket lfd (non-blocking), not yet accepting, which from
 * here owns lfd; NULL when out of memory (lfd then still the caller's). */
struct guard *guard_new(int lfd, const struct guard_limits *lim);
/* Starts accepting into the daemon (started with MHD_USE_NO_LISTEN_SOCKET, MHD_USE_ITC
 * and guard_notify/guard_uri as its callbacks, cls the guard). Returns 0 or -1. */
int guard_run(struct guard *g, struct MHD_Daemon *daemon);
/* Stops accepting and closes the listening socket: new clients are refused by the
 * kernel while the connections open finish; the deadlines are still kept meanwhile. */
void guard_stop_accepting(struct guard *g);
/* Ends the guard's thread and frees it, after MHD_stop_daemon (whose closing
 * connections it is told of). */
void guard_free(struct guard *g);

/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION and MHD_OPTION_URI_LOG_CALLBACK. */
void guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		  enum MHD_ConnectionNotificationCode code);
void *guard_uri(void *cls, const char *uri, struct MHD_Connection *conn);

/* From the request handler: the headers are in (content_length UINT64_MAX when not
 * known); n more bytes of body; the request is whole; its answer is done. */
void guard_headers(struct MHD_Connection *conn, uint64_t content_length);
void guard_body(struct MHD_Connection *conn, size_t n);
void guard_whole(struct MHD_Connection *conn);
void guard_answered(struct MHD_Connection *conn);

#endif
