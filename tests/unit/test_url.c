/* Unit tests of the server URL's normal form: every spelling of one server gives one
 * string, and what cannot be a server address is refused with its reason. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kabinet/app.h"
#include "kabinet/net/url.h"

/* Messages are compared in English: nothing here calls setlocale(). */

static const char *norm(const char *in)
{
	static char out[512];
	const char *why = NULL;

	if (url_normalize(in, out, sizeof(out), &why) != 0)
		fail_msg("\"%s\" refused: %s", in, why);
	return out;
}

static void refused(const char *in, const char *reason)
{
	char out[512];
	const char *why = NULL;

	if (url_normalize(in, out, sizeof(out), &why) != -1)
		fail_msg("\"%s\" accepted as \"%s\"", in, out);
	assert_non_null(why);
	if (strcmp(why, reason))
		fail_msg("\"%s\": got \"%s\", want \"%s\"", in, why, reason);
}

static void spellings_of_one_server_are_one_string(void **state)
{
	assert_string_equal(norm("http://h:8080"), "http://h:8080");
	assert_string_equal(norm("http://h:8080/"), "http://h:8080");
	assert_string_equal(norm("HTTP://H:8080//"), "http://h:8080");
	assert_string_equal(norm("HTTP://Example.ORG:80/"), "http://example.org");
	assert_string_equal(norm("http://example.org"), "http://example.org");
	assert_string_equal(norm("HtTpS://Lk.Example.NET"), "https://lk.example.net");
	/* Already normal: unchanged. */
	assert_string_equal(norm("http://127.0.0.1:8480"), "http://127.0.0.1:8480");
	assert_string_equal(norm("HTTPS://A.b:0443/x/"), "https://a.b/x");
	assert_string_equal(norm("https://a.b/x"), "https://a.b/x");
}

static void default_ports_go_and_others_stay(void **state)
{
	assert_string_equal(norm("https://h:443/"), "https://h");
	assert_string_equal(norm("http://h:80"), "http://h");
	/* Only the scheme's own default is dropped. */
	assert_string_equal(norm("http://h:443"), "http://h:443");
	assert_string_equal(norm("https://h:80"), "https://h:80");
	assert_string_equal(norm("http://h:08480"), "http://h:8480");
	assert_string_equal(norm("http://h:000080"), "http://h");
	assert_string_equal(norm("http://h:1"), "http://h:1");
	assert_string_equal(norm("http://h:65535"), "http://h:65535");
	/* An empty port is no port. */
	assert_string_equal(norm("http://h:/"), "http://h");
	assert_string_equal(norm("http://h:"), "http://h");
}

static void bad_ports_are_refused(void **state)
{
	static const char *const bad[] = {
		"http://h:0", "http://h:00000", "http://h:65536", "http://h:99999",
		"http://h:123456", "http://h:99999999999999999999", "http://h:8o80",
		"http://h:-1", "http://h:+80", "http://h:80:80", "http://[::1]:x",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(bad[i], "the port must be a number from 1 to 65535");
}

static void ipv6_literals_keep_their_brackets(void **state)
{
	assert_string_equal(norm("http://[::1]:8480"), "http://[::1]:8480");
	assert_string_equal(norm("http://[::1]:8480/"), "http://[::1]:8480");
	assert_string_equal(norm("HTTPS://[FE80::A:B]:443/"), "https://[fe80::a:b]");
	assert_string_equal(norm("http://[::ffff:127.0.0.1]"), "http://[::ffff:127.0.0.1]");
	refused("http://[::1", "an IPv6 address in brackets lacks its ']'");
	refused("http://[::1/x]", "an IPv6 address in brackets lacks its ']'");
	refused("http://[]:80", "no host name in the address");
	refused("http://[fe80::1%25eth0]", "the host has a character that cannot be in a host name");
	refused("http://[example.org]", "the host has a character that cannot be in a host name");
	refused("http://[::1]x", "the host has a character that cannot be in a host name");
	refused("http://::1", "no host name in the address");
}

static void the_path_is_kept_but_its_trailing_slashes(void **state)
{
	assert_string_equal(norm("http://h/"), "http://h");
	assert_string_equal(norm("http://h/cabinet/"), "http://h/cabinet");
	assert_string_equal(norm("http://H/Cabinet/API//"), "http://h/Cabinet/API");
	assert_string_equal(norm("http://h:8080/a//b/%7Ex"), "http://h:8080/a//b/%7Ex");
	assert_string_equal(norm("http://h/@user"), "http://h/@user");
}

static void only_http_and_https(void **state)
{
	static const char *const bad[] = {
		"ftp://x", "file:///etc/passwd", "httpx://h", "http:/h", "http:h", "h:8080",
		"//h", "", "https//h", "http ://h",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strchr(bad[i], ' '))
			refused(bad[i], "spaces and control characters cannot be in an address");
		else
			refused(bad[i], "not an http:// or https:// address");
}

static void refuses_what_a_server_address_cannot_have(void **state)
{
	static const char *const password =
		"a user name or password cannot be in the address: a password must never be in a URL";
	static const char *const query = "a query (?) or fragment (#) cannot be in the address";
	static const char *const space = "spaces and control characters cannot be in an address";
	static const char *const host = "the host has a character that cannot be in a host name";

	refused("http://", "no host name in the address");
	refused("http:///cabinet", "no host name in the address");
	refused("http://:8080", "no host name in the address");
	refused("http://user:pass@h", password);
	refused("http://user@h:8080/", password);
	refused("http://@h", password);
	/* The password is named even when a query follows. */
	refused("http://u:p@h/?x=1", password);
	refused("http://h/?x=1", query);
	refused("http://h?x", query);
	refused("http://h/#top", query);
	refused("http://h#", query);
	refused("http://a b", space);
	refused("http://h/a b", space);
	refused("http://h/\t", space);
	refused("http://h\n", space);
	refused("http://h/\x7f", space);
	refused(" http://h", space);
	refused("http://h%2e", host);
	refused("http://exa*mple.org", host);
	refused("http://пример.рф", host);
	refused("http://h\\x", host);
	refused("http://h]:80", host);
}

static void accepts_host_names_as_dns_has_them(void **state)
{
	assert_string_equal(norm("http://kabinet_web:8480"), "http://kabinet_web:8480");
	assert_string_equal(norm("http://xn--e1afmkfd.xn--p1ai"), "http://xn--e1afmkfd.xn--p1ai");
	assert_string_equal(norm("http://10.0.0.1"), "http://10.0.0.1");
}

static void never_writes_past_the_buffer(void **state)
{
	char out[16];
	const char *why = NULL;

	memset(out, 'x', sizeof(out));
	assert_int_equal(url_normalize("http://example.org/cabinet", out, 10, &why), -1);
	assert_string_equal(why, "the address is too long");
	for (size_t i = 10; i < sizeof(out); i++)
		assert_int_equal(out[i], 'x');
	/* The room needed is the normal form's, not the text's. */
	assert_int_equal(url_normalize("HTTP://H:80/x/y//", out, 13, NULL), 0);
	assert_string_equal(out, "http://h/x/y");
	assert_int_equal(url_normalize("http://h/x/y", out, 12, NULL), -1);
	assert_int_equal(url_normalize("http://h/x/y", out, 13, NULL), 0);
	assert_int_equal(url_normalize("http://h", out, 0, NULL), -1);
}

static void app_takes_the_normal_form(void **state)
{
	static struct app app;
	const char *why = NULL;

	assert_int_equal(app_set_server(&app, "HTTP://Example.ORG:80/", &why), 0);
	assert_string_equal(app.server, "http://example.org");
	assert_string_equal(app.host, "example.org");
	assert_int_equal(app_set_server(&app, "https://H:8443/cabinet/", &why), 0);
	assert_string_equal(app.server, "https://h:8443/cabinet");
	assert_string_equal(app.host, "h:8443");
	assert_int_equal(app_set_server(&app, "http://[::1]:08480/", &why), 0);
	assert_string_equal(app.host, "[::1]:8480");
	/* A refused URL leaves both as they were. */
	assert_int_equal(app_set_server(&app, "http://u:p@h", &why), -1);
	assert_non_null(strstr(why, "password"));
	assert_string_equal(app.server, "http://[::1]:8480");
	assert_string_equal(app.host, "[::1]:8480");
}

/* Loopback: what needs no lookup to be known as this computer. */
static void loopback_is_this_computer_only(void **state)
{
	static const char *const yes[] = {
		"http://localhost", "http://localhost:8480", "http://LOCALHOST/x", "http://localhost.",
		"http://127.0.0.1", "http://127.0.0.1:8480", "http://127.1.2.3:1/api",
		"http://127.255.255.255", "http://[::1]", "http://[::1]:8480",
		"http://[0:0:0:0:0:0:0:1]:80", "http://[::ffff:127.0.0.1]:8480", "https://127.0.0.1",
	};
	static const char *const no[] = {
		"http://192.0.2.2", "http://10.0.0.1:8480", "http://128.0.0.1", "http://126.255.255.255",
		"http://localhost.example.org", "http://mylocalhost", "http://localhost-1",
		"http://127.0.0.1.nip.io", "http://127.1", "http://0x7f000001", "http://[::2]",
		"http://[::]", "http://[::ffff:10.0.0.1]", "http://0.0.0.0", "http://kabinet.example",
		"http://[fe80::1]", "not a url", "",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!url_is_loopback(yes[i]))
			fail_msg("\"%s\" is loopback", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (url_is_loopback(no[i]))
			fail_msg("\"%s\" is not loopback", no[i]);
}

/* A password may cross the network in the clear only over plain http beyond loopback. */
static void plain_http_is_exposed_beyond_loopback(void **state)
{
	(void)state;
	assert_true(url_is_exposed("http://192.0.2.2:8480"));
	assert_true(url_is_exposed("http://kabinet.example"));
	assert_true(url_is_exposed("HTTP://kabinet.example"));
	assert_true(url_is_exposed("http://127.1"));
	assert_false(url_is_exposed("https://kabinet.example"));
	assert_false(url_is_exposed("https://192.0.2.2:8443"));
	assert_false(url_is_exposed("http://127.0.0.1:8480"));
	assert_false(url_is_exposed("http://localhost:8480"));
	assert_false(url_is_exposed("http://[::1]:8480"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spellings_of_one_server_are_one_string),
		cmocka_unit_test(default_ports_go_and_others_stay),
		cmocka_unit_test(bad_ports_are_refused),
		cmocka_unit_test(ipv6_literals_keep_their_brackets),
		cmocka_unit_test(the_path_is_kept_but_its_trailing_slashes),
		cmocka_unit_test(only_http_and_https),
		cmocka_unit_test(refuses_what_a_server_address_cannot_have),
		cmocka_unit_test(accepts_host_names_as_dns_has_them),
		cmocka_unit_test(never_writes_past_the_buffer),
		cmocka_unit_test(app_takes_the_normal_form),
		cmocka_unit_test(loopback_is_this_computer_only),
		cmocka_unit_test(plain_http_is_exposed_beyond_loopback),
	};
	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
