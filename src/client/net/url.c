/* The normal form of the server's URL (see url.h). */
#include "kabinet/net/url.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"

#define PORT_MAX 65535

struct out {
	char *p;
	size_t size, len;
};

static int refuse(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

/* ASCII only, whatever the locale: tolower() of a Turkish locale leaves 'I' alone. */
static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f');
}

/* '_' is no host name character by RFC 1123, but DNS has such names and container
 * networks (docker compose services) resolve them. */
static bool host_char(char c)
{
	return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z') || c == '-' || c == '.' ||
	       c == '_';
}

/* The scheme's length when text starts with "scheme://", in any case. */
static size_t scheme_is(const char *text, const char *scheme)
{
	size_t n = strlen(scheme);

	for (size_t i = 0; i < n; i++)
		if (lower(text[i]) != scheme[i])
			return 0;
	return strncmp(text + n, "://", 3) ? 0 : n;
}

static void put(struct out *o, const char *s, size_t n, bool fold)
{
	for (size_t i = 0; i < n; i++, o->len++)
		if (o->len + 1 < o->size)
			o->p[o->len] = fold ? lower(s[i]) : s[i];
}

int url_normalize(const char *in, char *out, size_t size, const char **why)
{
	struct out o = { out, size, 0 };
	const char *scheme, *auth, *end, *host, *host_end, *p, *path;
	unsigned port = 0;
	size_t path_len;
	/* Room for any unsigned, so that no compiler has to prove the port small. */
	char port_text[sizeof(":4294967295")] = "";

	for (p = in; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return refuse(why, _("spaces and control characters cannot be in an address"));
	if (scheme_is(in, "http"))
		scheme = "http";
	else if (scheme_is(in, "https"))
		scheme = "https";
	else
		return refuse(why, _("not an http:// or https:// address"));
	auth = in + strlen(scheme) + 3;
	end = auth + strcspn(auth, "/?#");
	/* Said first: it is the one mistake that leaks something. */
	if (memchr(auth, '@', (size_t)(end - auth)))
		return refuse(why, _("a user name or password cannot be in the address: "
				     "a password must never be in a URL"));
	if (strpbrk(in, "?#"))
		return refuse(why, _("a query (?) or fragment (#) cannot be in the address"));

	if (*auth == '[') {
		host = auth + 1;
		host_end = memchr(host, ']', (size_t)(end - host));
		if (!host_end)
			return refuse(why, _("an IPv6 address in brackets lacks its ']'"));
		p = host_end + 1;
		if (host_end > host && !memchr(host, ':', (size_t)(host_end - host)))
			return refuse(why, _("the host has a character that cannot be in a host name"));
		for (const char *c = host; c < host_end; c++)
			if (!is_hex(*c) && *c != ':' && *c != '.')
				return refuse(why, _("the host has a character that cannot be in a host name"));
	} else {
		host = auth;
		host_end = memchr(host, ':', (size_t)(end - host));
		if (!host_end)
			host_end = end;
		p = host_end;
		for (const char *c = host; c < host_end; c++)
			if (!host_char(*c))
				return refuse(why, _("the host has a character that cannot be in a host name"));
	}
	if (host_end == host)
		return refuse(why, _("no host name in the address"));
	if (p < end && *p != ':')
		return refuse(why, _("the host has a character that cannot be in a host name"));

	if (p < end) {
		const char *digits = ++p;
		while (p < end && *p == '0')
			p++;
		/* Six significant digits are too many already; no overflow to fear. */
		if (end - p > 5)
			return refuse(why, _("the port must be a number from 1 to 65535"));
		for (; p < end; p++) {
			if (!is_digit(*p))
				return refuse(why, _("the port must be a number from 1 to 65535"));
			port = port * 10 + (unsigned)(*p - '0');
		}
		if (end > digits && (port == 0 || port > PORT_MAX))
			return refuse(why, _("the port must be a number from 1 to 65535"));
	}
	if (port && port != (strcmp(scheme, "http") ? 443u : 80u))
		snprintf(port_text, sizeof(port_text), ":%u", port);

	path = end;
	path_len = strlen(path);
	while (path_len > 0 && path[path_len - 1] == '/')
		path_len--;

	put(&o, scheme, strlen(scheme), false);
	put(&o, "://", 3, false);
	put(&o, auth, (size_t)(host_end - auth) + (*auth == '['), true);
	put(&o, port_text, strlen(port_text), false);
	put(&o, path, path_len, false);
	if (o.len >= size)
		return refuse(why, _("the address is too long"));
	out[o.len] = '\0';
	return 0;
}

bool url_is_loopback(const char *url)
{
	const char *host = strstr(url, "://");
	char name[64];
	size_t n;
	unsigned char a[16];

	if (!host)
		return false;
	host += 3;
	if (*host == '[') {
		n = strcspn(++host, "]");
		if (host[n] != ']' || n >= sizeof(name))
			return false;
		snprintf(name, sizeof(name), "%.*s", (int)n, host);
		if (inet_pton(AF_INET6, name, a) != 1)
			return false;
		/* ::1, or an IPv4 loopback address mapped into IPv6. */
		static const unsigned char one[16] = { [15] = 1 };
		static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
		return !memcmp(a, one, sizeof(one)) ||
		       (!memcmp(a, mapped, sizeof(mapped)) && a[12] == 127);
	}
	n = strcspn(host, ":/");
	if (n >= sizeof(name))
		return false;
	snprintf(name, sizeof(name), "%.*s", (int)n, host);
	for (size_t i = 0; i < n; i++)
		name[i] = lower(name[i]);
	if (!strcmp(name, "localhost") || !strcmp(name, "localhost."))
		return true;
	return inet_pton(AF_INET, name, a) == 1 && a[0] == 127;
}

bool url_is_exposed(const char *url)
{
	return scheme_is(url, "http") && !url_is_loopback(url);
}
