/* The approval pages of social login (device_page.c): /device (the user code),
 * /device/approve (approve or deny, then off to the provider) and /device/callback
 * (the provider's answer). Plain HTML in Russian or English, no script, a CSRF token
 * bound to a cookie on every form. They may call the provider (up to 10 s a call):
 * the HTTP front runs them on its page workers. */
#ifndef KABINET_SERVER_DEVICE_PAGE_H
#define KABINET_SERVER_DEVICE_PAGE_H

#include <stdbool.h>

#define DEVICE_PAGE_PREFIX "/device"

struct page_req {
	const char *path;		/* /device, /device/approve, /device/callback */
	bool post;
	const char *body;		/* POST: the form, application/x-www-form-urlencoded */
	/* GET: the query's values (NULL when absent). */
	const char *q_code, *q_lang, *q_state, *q_error;
	const char *cookie;		/* DEVICE-CSRF, NULL when none */
	const char *flow_cookie;	/* DEVICE-FLOW (the callback's), NULL when none */
	bool en_header;			/* Accept-Language: en */
	const char *remote_addr;
};

struct page_res {
	int status;
	char *body;			/* malloc'ed HTML */
	char *location;			/* malloc'ed, for a 303; else NULL */
	char cookie[160];		/* a Set-Cookie value, "" for none */
	char flow_cookie[160];		/* a second one (DEVICE-FLOW), "" for none */
	int retry_after;		/* seconds, 0 for none */
	char csp[1200];			/* the Content-Security-Policy */
};

/* Answers one page request; res is filled (status 500 with a short page on trouble). */
void device_page(const struct page_req *req, struct page_res *res);
/* Makes the key that binds the forms' CSRF tokens (at start, once). */
void device_page_init(void);

#endif
