/* The server's address in one normal form, so that every spelling of one server
 * (HTTP://H:80/, http://h) is one keyring item, one config value, one top line. */
#ifndef KABINET_URL_H
#define KABINET_URL_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the normal form of an http:// or https:// URL to out: scheme and host in
 * lower case, IPv6 literals kept in brackets, the port without leading zeros and
 * left out when it is the scheme's default (or empty), trailing slashes of the
 * path dropped, the rest of the path as it was. Refuses user info, a query or a
 * fragment, whitespace and control characters, a missing host, a host with a
 * character no host name has, a port outside 1-65535. The normal form is never
 * longer than in; out must not overlap in. Returns 0, or -1 with a translated
 * reason in *why (when why is not NULL). */
int url_normalize(const char *in, char *out, size_t size, const char **why);

/* Whether the URL's host is this computer: "localhost", an IPv4 address in
 * 127.0.0.0/8 (dotted quad), ::1 or ::ffff:127.x.y.z in brackets. Nothing that has
 * to be looked up counts (a name in /etc/hosts may point anywhere). */
bool url_is_loopback(const char *url);
/* Whether a password or token sent to the URL would cross a network unencrypted:
 * plain http:// to a host that is not loopback. */
bool url_is_exposed(const char *url);

#endif
