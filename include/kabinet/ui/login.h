/* The login screen's pure helpers (login.c), for the attach wizard and unit tests, and
 * the page that the subscribers' and the staff's login screens draw alike. */
#ifndef KABINET_UI_LOGIN_H
#define KABINET_UI_LOGIN_H

#include <curses.h>
#include <stdbool.h>

#include "kabinet/ui/engine.h"
#include "kabinet/ui/form.h"

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

/* A login form's page: the subscribers' (login.c) and the staff's (staff_login.c). */
struct login_page {
	const char *title;		/* the first line (translated); bold when `bold` */
	bool bold;
	const char *line;		/* under it, up to 2 rows (where the code went); or NULL */
	const struct ui_form *form;
	const char *msg;		/* under the form, "" for none */
	enum ui_msg msg_kind;
	bool busy;			/* no cursor while a request is out */
};
struct login_page_at {
	int x, w;			/* the column and the width used */
	int y;				/* the row after the message */
	bool compact;			/* a short window: no room for notes below */
	int cy, cx;			/* the cursor of the focused field, -1 for none */
};
/* Draws the page: the title and its line go first when the window is short, then the
 * form scrolls to keep its focused field in view, the message staying on the last
 * row; nothing is drawn over anything else. */
void login_page_draw(WINDOW *pane, int rows, int cols, const struct login_page *p,
		     struct login_page_at *at);

#endif
