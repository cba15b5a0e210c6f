/* From an HTTP request to a method call and back: session and CSRF checks, the
 * transaction, idempotent replay, and the JSON response or error body. */
#ifndef KABINET_SERVER_DISPATCH_H
#define KABINET_SERVER_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/apierr.h"

struct dispatch_req {
	const char *method;		/* the <method> of /client-api/<method> */
	bool staff;			/* /staff-api/<method>: a staff method and session */
	const char *body;		/* NUL-terminated, body_len bytes before the NUL */
	size_t body_len;
	const char *session_cookie;	/* SESSION, or STAFF-SESSION for staff; may be NULL */
	const char *csrf_header;	/* may be NULL */
	const char *view_token;		/* VIEW-TOKEN under /client-api/: a staff view */
	const char *user_agent;
	const char *remote_addr;
	bool en;
	bool tls;
};

struct dispatch_res {
	int status;
	char *body;		/* malloc'ed JSON */
	int retry_after;	/* seconds, 0 for none */
	char cookies[2][256];	/* Set-Cookie values, "" when unused */
};

void dispatch_call(const struct dispatch_req *req, struct dispatch_res *res);
/* Whether the method does argon2id work (M_SECRETS): the HTTP front runs those on
 * its own workers so that they never occupy the request threads. */
bool dispatch_is_slow(const char *method, bool staff);
/* An error body without a call (bad path, verb, size). */
void dispatch_error(struct dispatch_res *res, enum api_err err, bool en, const char *ru,
		    const char *en_msg);

#endif
