/* The login screen's pure helpers (login.c), for the attach wizard and unit tests. */
#ifndef KABINET_UI_LOGIN_H
#define KABINET_UI_LOGIN_H

enum login_kind {
	LOGIN_KIND_EMPTY,
	LOGIN_KIND_NAME,	/* a login name */
	LOGIN_KIND_EMAIL,
	LOGIN_KIND_PHONE,
	LOGIN_KIND_ACCOUNT,	/* a 12-digit account number */
};

/* Which kind of login the server will take the text for (the rules of `login`). */
enum login_kind login_detect_kind(const char *text);
const char *login_kind_name(enum login_kind kind);	/* translated */

#endif
