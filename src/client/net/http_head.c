/* Values taken from an answer's headers, checked first (see http_head.h). */
#include "kabinet/net/http_head.h"

#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kabinet/i18n.h"
#include "kabinet/model/wipe.h"

static bool is_ws(char c)
{
	return c == ' ' || c == '\t';
}

/* The value without the white space and the CR LF around it. */
static void trim(const char **s, size_t *len)
{
	while (*len && is_ws(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && (is_ws((*s)[*len - 1]) || (*s)[*len - 1] == '\r' || (*s)[*len - 1] == '\n'))
		(*len)--;
}

static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return len > 0;
}

static int capped_seconds(long long s, bool *capped)
{
	if (s > HTTP_RETRY_AFTER_MAX) {
		*capped = true;
		return HTTP_RETRY_AFTER_MAX;
	}
	return s > 0 ? (int)s : 0;
}

int http_retry_after(const char *value, size_t len, time_t now, bool *capped)
{
	char text[64];
	long long s;
	time_t when;

	*capped = false;
	trim(&value, &len);
	if (all_digits(value, len)) {
		/* Digits only (strtoll alone would take a sign and spaces); more than
		 * fit is a very long wait, cut to the cap; leading zeroes are none. */
		while (len > 1 && *value == '0') {
			value++;
			len--;
		}
		if (len >= sizeof(text))
			return capped_seconds(LLONG_MAX, capped);
		memcpy(text, value, len);
		text[len] = '\0';
		errno = 0;
		s = strtoll(text, NULL, 10);
		return capped_seconds(errno == ERANGE ? LLONG_MAX : s, capped);
	}
	if (!len || len >= sizeof(text) || memchr(value, '\0', len))
		return 0;	/* nothing, or no date */
	memcpy(text, value, len);
	text[len] = '\0';
	/* An HTTP-date ("Sun, 06 Dec 2026 18:00:00 GMT") starts with the day's name;
	 * libcurl reads the three forms RFC 9110 allows. */
	if ((text[0] < 'A' || text[0] > 'Z') && (text[0] < 'a' || text[0] > 'z'))
		return 0;
	when = curl_getdate(text, NULL);
	if (when == (time_t)-1 || when <= now)
		return 0;
	/* Both are within time_t; a difference of two of them may not be. */
	if (now < 0 || (long long)when - (long long)now > HTTP_RETRY_AFTER_MAX)
		return capped_seconds(LLONG_MAX, capped);
	return capped_seconds((long long)(when - now), capped);
}

int http_origin_of(const char *base_url, struct http_origin *o)
{
	const char *h, *p;
	size_t hl, n;

	memset(o, 0, sizeof(*o));
	if (!strncmp(base_url, "https://", 8)) {
		o->https = true;
		h = base_url + 8;
	} else if (!strncmp(base_url, "http://", 7)) {
		h = base_url + 7;
	} else {
		return -1;
	}
	n = strcspn(h, "/?#");
	p = h + n;
	/* The host without the port; an IPv6 literal keeps its brackets' inside. */
	if (*h == '[') {
		const char *end = memchr(h, ']', n);
		if (!end)
			return -1;
		h++;
		hl = (size_t)(end - h);
	} else {
		const char *colon = memchr(h, ':', n);
		hl = colon ? (size_t)(colon - h) : n;
	}
	if (!hl || hl >= sizeof(o->host))
		return -1;
	memcpy(o->host, h, hl);
	n = strcspn(p, "?#");
	while (n && p[n - 1] == '/')
		n--;
	if (snprintf(o->path, sizeof(o->path), "%.*s/client-api/", (int)n, p) >=
	    (int)sizeof(o->path))
		return -1;
	return 0;
}

void http_origin_staff(struct http_origin *o)
{
	size_t n = strlen(o->path), tail = strlen("client-api/");

	/* "staff-api/" is one byte shorter than "client-api/": it always fits. */
	if (n >= tail && !strcmp(o->path + n - tail, "client-api/"))
		memcpy(o->path + n - tail, "staff-api/", strlen("staff-api/") + 1);
}

/* RFC 6265 4.1.1: cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E. */
static bool cookie_octet(unsigned char c)
{
	return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

/* RFC 6265 5.1.4: whether requests to `req` carry a cookie of path `p`. */
static bool path_matches(const char *p, size_t pl, const char *req)
{
	size_t rl = strlen(req);

	if (pl > rl || memcmp(p, req, pl))
		return false;
	return pl == rl || p[pl - 1] == '/' || req[pl] == '/';
}

/* What a cookie's Max-Age and Expires say of its life (RFC 6265 5.2.1, 5.2.2, 5.3):
 * Max-Age, when there is one, wins over Expires. */
struct cookie_life {
	bool max_age;		/* a Max-Age was read */
	bool max_age_gone;	/* ... of 0 or less: the cookie is deleted */
	bool expires_gone;	/* an Expires that has passed */
};

/* Max-Age = [-]digits; anything else is ignored (5.2.2). */
static void read_max_age(const char *v, size_t vl, struct cookie_life *life)
{
	size_t minus = vl && *v == '-', i;

	if (!all_digits(v + minus, vl - minus))
		return;
	life->max_age = true;
	life->max_age_gone = true;	/* below 0, or 0 (any number of zeroes) */
	for (i = minus; i < vl && !minus; i++)
		if (v[i] != '0')
			life->max_age_gone = false;
}

/* Expires = a date libcurl reads (the forms of HTTP dates and Netscape's
 * "Thu, 01-Jan-1970 00:00:00 GMT"); one it cannot read is ignored. */
static void read_expires(const char *v, size_t vl, time_t now, struct cookie_life *life)
{
	char text[64];
	time_t when;

	if (!vl || vl >= sizeof(text) || memchr(v, '\0', vl))
		return;
	memcpy(text, v, vl);
	text[vl] = '\0';
	when = curl_getdate(text, NULL);
	if (when != (time_t)-1)
		life->expires_gone = when <= now;
}

/* Checks one attribute ("Domain=x", "Secure", "Path=/"); HTTP_COOKIE_TAKEN when it
 * lets the cookie through. Max-Age and Expires are noted in *life; other attributes
 * the client does not act on pass. */
static enum http_cookie check_attr(const char *a, size_t al, const struct http_origin *o,
				   time_t now, struct cookie_life *life)
{
	const char *eq = memchr(a, '=', al);
	const char *v = eq ? eq + 1 : a + al;
	size_t nl = eq ? (size_t)(eq - a) : al, vl = eq ? al - nl - 1 : 0;

	trim(&a, &nl);
	trim(&v, &vl);
	if (nl == 7 && !strncasecmp(a, "Max-Age", 7))
		read_max_age(v, vl, life);
	if (nl == 7 && !strncasecmp(a, "Expires", 7))
		read_expires(v, vl, now, life);
	if (nl == 6 && !strncasecmp(a, "Secure", 6))
		return o->https ? HTTP_COOKIE_TAKEN : HTTP_COOKIE_SECURE;
	if (nl == 6 && !strncasecmp(a, "Domain", 6) && vl) {
		/* A leading dot is ignored (5.2.3); anything but the host itself widens the
		 * cookie to other hosts, or names another one. */
		if (*v == '.') {
			v++;
			vl--;
		}
		if (vl != strlen(o->host) || strncasecmp(v, o->host, vl))
			return HTTP_COOKIE_DOMAIN;
	}
	/* A Path that does not start with "/" is no path (5.2.4): the default. */
	if (nl == 4 && !strncasecmp(a, "Path", 4) && vl && *v == '/' &&
	    !path_matches(v, vl, o->path))
		return HTTP_COOKIE_PATH;
	return HTTP_COOKIE_TAKEN;
}

enum http_cookie http_take_cookie(const char *line, size_t len, const char *name,
				  const struct http_origin *o, char *dst, size_t dstsize)
{
	size_t nl = strlen(name), v = 0, i, q;
	const char *value, *attrs;
	struct cookie_life life = { false, false, false };

	trim(&line, &len);
	if (len <= nl || strncmp(line, name, nl) || line[nl] != '=')
		return HTTP_COOKIE_OTHER;
	value = line + nl + 1;
	len -= nl + 1;
	while (v < len && value[v] != ';')
		v++;
	attrs = value + v;
	len -= v;
	/* White space around the value is not part of it (5.2); inside it is not a
	 * cookie-octet. One pair of double quotes around it is allowed (4.1.1) and kept:
	 * the value goes back as the server gave it. */
	trim(&value, &v);
	q = v >= 2 && value[0] == '"' && value[v - 1] == '"';
	for (i = q; i < v - q; i++)
		if (!cookie_octet((unsigned char)value[i]))
			return HTTP_COOKIE_VALUE;
	while (len) {
		size_t al;
		enum http_cookie verdict;
		attrs++;
		len--;
		for (al = 0; al < len && attrs[al] != ';'; al++)
			;
		verdict = check_attr(attrs, al, o, time(NULL), &life);
		if (verdict != HTTP_COOKIE_TAKEN)
			return verdict;
		attrs += al;
		len -= al;
	}
	/* A cookie already expired deletes the one kept (5.3 step 11), whatever its
	 * value. */
	if (life.max_age ? life.max_age_gone : life.expires_gone)
		v = 0;
	if (v >= dstsize)
		return HTTP_COOKIE_LONG;	/* refused rather than a token cut */
	model_wipe(dst, dstsize);
	memcpy(dst, value, v);
	dst[v] = '\0';
	return HTTP_COOKIE_TAKEN;
}

const char *http_cookie_why(enum http_cookie verdict)
{
	switch (verdict) {
	case HTTP_COOKIE_DOMAIN:
		return _("it is for another host (Domain)");
	case HTTP_COOKIE_SECURE:
		return _("it is for https only, and the connection is plain http");
	case HTTP_COOKIE_PATH:
		return _("it is for another path than the API's (Path)");
	case HTTP_COOKIE_VALUE:
		return _("its value has bytes a cookie cannot have");
	case HTTP_COOKIE_LONG:
		return _("its value is longer than kabinet keeps");
	case HTTP_COOKIE_OTHER:
	case HTTP_COOKIE_TAKEN:
		break;
	}
	return NULL;
}
