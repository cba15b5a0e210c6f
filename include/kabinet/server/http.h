/* kabinetd's HTTP front: libmicrohttpd in a thread pool, /client-api/<method> only. */
#ifndef KABINET_SERVER_HTTP_H
#define KABINET_SERVER_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "kabinet/server/guard.h"

struct http_options {
	const char *host;	/* numeric IPv4 or IPv6 address */
	uint16_t port;		/* 0 picks a free port */
	unsigned threads;	/* 0: one per core */
	const char *tls_cert;	/* PEM text, or NULL for plain HTTP */
	const char *tls_key;
	/* The connection guard's limits (guard.h); its idle timeout, TLS and exempt address
	 * are filled in by http_start. */
	struct guard_limits limits;
	/* Called once the socket is bound (the real port known), before any request is
	 * taken; may be NULL. */
	void (*bound)(const char *host, uint16_t port);
};

struct http_server;

/* Starts serving; returns NULL with a message in err. *bound_port gets the real port. */
struct http_server *http_start(const struct http_options *opt, uint16_t *bound_port,
			       char *err, size_t errsize);
/* Stops accepting, lets requests in flight finish, and frees the server. */
void http_stop(struct http_server *srv);

#endif
