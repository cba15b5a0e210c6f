/* What the client takes from an answer's headers, each value checked before it is
 * used: Retry-After as a bounded number of seconds, and the session's cookies only
 * when they are for the configured server and hold nothing a cookie cannot hold.
 * Pure functions (no network): api.c calls them from its header callback. */
#ifndef KABINET_HTTP_HEAD_H
#define KABINET_HTTP_HEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* The longest wait a Retry-After is taken for: an hour. A longer one is cut to this,
 * and the message says "or later". */
#define HTTP_RETRY_AFTER_MAX 3600

/* The bytes of an answer's header lines (every line of every interim answer too)
 * and the interim answers (1xx) before the final one that the client reads; past
 * either the transfer is given up with words of its own (API_FAIL_HEADERS,
 * API_FAIL_INTERIM). Room for a flood of 5 000 cookies (some 150 KiB), and below
 * libcurl's own bound (300 KiB) so that the words are ours. */
#define HTTP_HEADERS_MAX (256 * 1024)
/* libcurl's own bound on one header line (its CURL_MAX_HTTP_HEADER): a longer line
 * is refused by libcurl before the client sees it, and said in words of its own. */
#define HTTP_HEADER_LINE_MAX (100 * 1024)
#define HTTP_INTERIM_MAX 20

/* The seconds a Retry-After value (the text after the colon, `len` bytes, not
 * terminated) asks to wait: delta-seconds (digits only, any number of them), or an
 * HTTP-date, counted from `now`. 0 for a value that is neither, or a date that has
 * passed; at most HTTP_RETRY_AFTER_MAX, and *capped is set when the value asked
 * for more. */
int http_retry_after(const char *value, size_t len, time_t now, bool *capped);

/* Where the client's requests go: the configured server's host (no port), whether
 * over https, and the path of the API's methods ("/client-api/", after any path of
 * the server's URL). */
struct http_origin {
	char host[512];
	char path[544];	/* a base URL (at most 511 bytes) and "/client-api/" */
	bool https;
};

/* The origin of a base URL ("https://host:port/prefix"); -1 when it is not one. */
int http_origin_of(const char *base_url, struct http_origin *o);
/* The same origin for the staff API: its path ends in "/staff-api/" instead. */
void http_origin_staff(struct http_origin *o);

/* What became of a Set-Cookie for a cookie the client keeps. */
enum http_cookie {
	HTTP_COOKIE_OTHER,	/* not the named cookie: nothing to do */
	HTTP_COOKIE_TAKEN,	/* the value was copied */
	HTTP_COOKIE_DOMAIN,	/* ignored: a Domain that is not the configured host */
	HTTP_COOKIE_SECURE,	/* ignored: Secure, and the connection is not https */
	HTTP_COOKIE_PATH,	/* ignored: a Path the API's requests are not under */
	HTTP_COOKIE_VALUE,	/* ignored: a byte outside RFC 6265's cookie-octet */
	HTTP_COOKIE_LONG,	/* ignored: longer than the client keeps (never cut) */
};

/* Takes the cookie `name` from a Set-Cookie value ("NAME=value; Attr=x; Secure",
 * `len` bytes, CR LF allowed at the end) into dst when the answer came from `o` and
 * the cookie is for it: the value only of cookie-octets (no space, TAB, control,
 * DEL, DQUOTE, comma, semicolon, backslash or byte over 0x7e; empty is allowed: the
 * logout's), or such octets in one pair of double quotes, kept with the value (it is
 * sent back as given); a Domain naming the host itself or absent, Secure only over
 * https, a Path that the API's path is under. A cookie that has expired (Max-Age of
 * 0 or less, or else an Expires before the clock's now) is TAKEN as empty: the
 * cookie kept is deleted. dst is left as it was unless TAKEN. */
enum http_cookie http_take_cookie(const char *line, size_t len, const char *name,
				  const struct http_origin *o, char *dst, size_t dstsize);

/* The reason a cookie was ignored, in words for the messages (translated); NULL for
 * OTHER and TAKEN. */
const char *http_cookie_why(enum http_cookie verdict);

#endif
