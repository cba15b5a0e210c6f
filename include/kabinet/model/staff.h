/* The model of the staff's session and views (model_staff.c): who logged in to the
 * staff API (staffLoginConfirm, staffCheckSession) and the view of a subscriber's
 * cabinet that staffOpenView gave, read as untrusted replies. */
#ifndef KABINET_MODEL_STAFF_H
#define KABINET_MODEL_STAFF_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/model/model.h"

/* Who is logged in to the staff API. */
struct staff_who {
	char login[256];	/* a label: no control, bidi or invisible character */
	char name[256];		/* the display name, for people */
	bool office;		/* role "office" (else "support"; any other is a bad reply) */
};

/* staffLogin's answer: {"status":"TOTP_REQUIRED","loginId":...}, the id (an MJ_ID)
 * into id; any other status is a bad reply. */
enum model_status model_staff_login_id(const char *json, char *id, size_t size,
				       struct model_err *err);
/* staffLoginConfirm's and staffCheckSession's answer. */
enum model_status model_staff_who(const char *json, struct staff_who *who, struct model_err *err);

/* staffOpenView's answer. The token is a secret: wipe it (model_wipe) once handed on. */
struct staff_view_opened {
	char view[64];		/* an MJ_ID, for staffCloseView */
	char token[64];		/* an MJ_ID, for the VIEW-TOKEN header */
	char name[256];		/* the subscriber's name */
	char expires[32];	/* RFC 3339 instant */
};
enum model_status model_staff_view_opened(const char *json, struct staff_view_opened *v,
					  struct model_err *err);

/* The bodies of staffLogin (secret: wiped when freed by model_free_secret_body),
 * staffLoginConfirm, staffOpenView and staffCloseView; NULL when out of memory. */
char *model_staff_login_body(const char *login, const char *password);
char *model_staff_confirm_body(const char *login_id, const char *code);
char *model_staff_open_view_body(const char *subscriber, const char *reason);
char *model_staff_close_view_body(const char *view);

#endif
