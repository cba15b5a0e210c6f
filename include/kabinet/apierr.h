/* The API's error codes (docs/api.md, "Success and failure"), shared by server and
 * client. */
#ifndef KABINET_APIERR_H
#define KABINET_APIERR_H

#define API_ERRORS(X) \
	X(OK,                 200) \
	X(BAD_REQUEST,        400) \
	X(VALIDATION,         422) \
	X(UNAUTHORIZED,       401) \
	X(CSRF,               403) \
	X(FORBIDDEN,          403) \
	X(NOT_FOUND,          404) \
	X(METHOD_NOT_ALLOWED, 405) \
	X(CONFLICT,           409) \
	X(INSUFFICIENT_FUNDS, 409) \
	X(LIMIT_EXCEEDED,     409) \
	X(IDEMPOTENCY_MISMATCH, 409) \
	X(PAYLOAD_TOO_LARGE,  413) \
	X(RATE_LIMITED,       429) \
	X(INTERNAL,           500) \
	X(UNAVAILABLE,        503) \
	X(WRONG_ROLE,         403) \
	X(READ_ONLY_VIEW,     403)

enum api_err {
#define API_ERR_ENUM(name, status) APIERR_##name,
	API_ERRORS(API_ERR_ENUM)
#undef API_ERR_ENUM
	APIERR_COUNT
};

/* "VALIDATION" for APIERR_VALIDATION; NULL for an out-of-range value. */
const char *apierr_name(enum api_err e);
/* The HTTP status that goes with the code. */
int apierr_http_status(enum api_err e);
/* APIERR_COUNT when the name is unknown (a newer server), so callers fall back to errorMsg. */
enum api_err apierr_from_name(const char *name);

#endif
