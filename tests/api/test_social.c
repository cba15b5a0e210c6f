/* API tests of social login and links: getSocialProviders, startDeviceLogin,
 * pollDeviceLogin, getSocialLinks, startSocialLink, pollSocialLink, unlinkSocial, and
 * the approval pages under /device, walked as a browser would (cookies, forms, the
 * redirects to the provider and back) against a scripted OpenID provider
 * (tests/fake/oidc_provider.py) that can answer with broken ID tokens. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define PASSWORD "Kabinet-2026"
#define SECRET "s3cret-of-the-kabinetd-client"
#define DEMO_MAIL "demo@kabinet.example"
#define ANNA_PHONE "+79227654311"

static struct kd kd;
/* Where the pages are: the start of startDeviceLogin's verificationUri (kabinetd's own
 * address, also when the API goes through a proxy). */
static char pages[128];
static struct {
	pid_t pid;
	char dir[256];
	char issuer[128];
} op;

/* --- the provider --------------------------------------------------------------------- */

static int write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	fclose(f);
	return chmod(path, mode);
}

static int provider_start(void)
{
	char secret[320], line[256];
	int out[2];
	pid_t parent = getpid();
	FILE *f;

	snprintf(op.dir, sizeof(op.dir), "%s/social-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR")
										    : "/tmp");
	if (!mkdtemp(op.dir) || pipe(out))
		return -1;
	snprintf(secret, sizeof(secret), "%s/client.secret", op.dir);
	if (write_file(secret, SECRET "\n", 0600))
		return -1;
	if ((op.pid = fork()) == 0) {
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) || getppid() != parent)
			_exit(127);
		dup2(out[1], 1);
		close(out[0]);
		execlp("python3", "python3", "tests/fake/oidc_provider.py", "--client-id", "kabinetd",
		       "--client-secret-file", secret, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	f = fdopen(out[0], "r");
	if (!f || !fgets(line, sizeof(line), f) || sscanf(line, "oidc_provider listening on %127s",
							  op.issuer) != 1)
		return -1;
	fclose(f);
	return 0;
}

/* The providers file: vk and ya at the scripted provider, dead where nothing listens. */
static int providers_file(char *path, size_t size)
{
	char text[2048];
	snprintf(path, size, "%s/providers.json", op.dir);
	snprintf(text, sizeof(text),
		 "{\"providers\": [\n"
		 " // the scripted provider, twice\n"
		 " {\"id\": \"vk\", \"issuer\": \"%s\", \"clientId\": \"kabinetd\",\n"
		 "  \"clientSecretFile\": \"%s/client.secret\", \"name\": {\"ru\": \"VK ID\", "
		 "\"en\": \"VK ID\"}},\n"
		 " {\"id\": \"ya\", \"issuer\": \"%s\", \"clientId\": \"kabinetd\", \"scopes\": "
		 "\"openid profile\",\n  \"clientSecretFile\": \"%s/client.secret\", \"name\": "
		 "{\"ru\": \"Яндекс ID\", \"en\": \"Yandex ID\"}},\n"
		 " {\"id\": \"dead\", \"issuer\": \"http://127.0.0.1:1\", \"clientId\": \"kabinetd\",\n"
		 "  \"clientSecretFile\": \"%s/client.secret\", \"name\": {\"ru\": \"Недоступный\", "
		 "\"en\": \"Unreachable\"}}\n]}\n", op.issuer, op.dir, op.issuer, op.dir, op.dir);
	return write_file(path, text, 0644);
}

static int learn_pages(void)
{
	struct client c;
	struct resp r = { 0 };
	const char *uri;
	int rc = -1;
	client_init(&c, &kd);
	if (api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\"}") == 200 &&
	    (uri = resp_str(&r, "verificationUri")) && strlen(uri) < sizeof(pages) &&
	    strstr(uri, "/device")) {
		snprintf(pages, sizeof(pages), "%.*s", (int)(strstr(uri, "/device") - uri), uri);
		rc = 0;
	}
	resp_free(&r);
	client_free(&c);
	return rc;
}

static int group_setup(void **state)
{
	char path[320];
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (provider_start() || providers_file(path, sizeof(path)))
		return -1;
	return kd_start(&kd, "--providers", path, NULL) || learn_pages();
}

static int group_teardown(void **state)
{
	char cmd[300];
	int rc = kd_stop(&kd), status;
	kill(op.pid, SIGTERM);
	waitpid(op.pid, &status, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", op.dir);
	if (system(cmd) != 0)
		rc = 1;
	curl_global_cleanup();
	return rc;
}

/* --- a browser ---------------------------------------------------------------------------- */

struct page {
	long status, retry_after;
	char *body;
	char location[2048], csp[1024], frame[64], referrer[64], cache[64];
	char cookies[1024];	/* the Set-Cookie values of the last answer, a line each */
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct page *p = userdata;
	size_t n = size * nmemb, have = p->body ? strlen(p->body) : 0;
	char *nb = realloc(p->body, have + n + 1);
	if (!nb)
		return 0;
	memcpy(nb + have, ptr, n);
	nb[have + n] = '\0';
	p->body = nb;
	return n;
}

static void header_value(const char *line, size_t n, const char *name, char *out, size_t size)
{
	size_t k = strlen(name);
	if (n > k + 1 && !strncasecmp(line, name, k) && line[k] == ':') {
		const char *v = line + k + 1;
		while (*v == ' ')
			v++;
		snprintf(out, size, "%.*s", (int)strcspn(v, "\r\n"), v);
	}
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct page *p = userdata;
	size_t n = size * nmemb;
	char retry[16] = "";
	header_value(ptr, n, "Location", p->location, sizeof(p->location));
	header_value(ptr, n, "Content-Security-Policy", p->csp, sizeof(p->csp));
	header_value(ptr, n, "X-Frame-Options", p->frame, sizeof(p->frame));
	header_value(ptr, n, "Referrer-Policy", p->referrer, sizeof(p->referrer));
	header_value(ptr, n, "Cache-Control", p->cache, sizeof(p->cache));
	header_value(ptr, n, "Retry-After", retry, sizeof(retry));
	if (n > 11 && !strncasecmp(ptr, "Set-Cookie:", 11)) {
		size_t have = strlen(p->cookies);
		snprintf(p->cookies + have, sizeof(p->cookies) - have, "%.*s\n",
			 (int)strcspn(ptr + 11, "\r\n"), ptr + 11);
	}
	if (retry[0])
		p->retry_after = atol(retry);
	return n;
}

static void page_free(struct page *p)
{
	free(p->body);
	memset(p, 0, sizeof(*p));
}

/* GET url, or POST the form when not NULL; the browser's cookies kept; no redirect
 * followed. Returns the status. */
static long browse(CURL *b, struct page *p, const char *url, const char *form)
{
	page_free(p);
	curl_easy_setopt(b, CURLOPT_URL, url);
	if (form)
		curl_easy_setopt(b, CURLOPT_POSTFIELDS, form);
	else
		curl_easy_setopt(b, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(b, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(b, CURLOPT_WRITEDATA, p);
	curl_easy_setopt(b, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(b, CURLOPT_HEADERDATA, p);
	if (curl_easy_perform(b) != CURLE_OK)
		return p->status = -1;
	curl_easy_getinfo(b, CURLINFO_RESPONSE_CODE, &p->status);
	if (!p->body)
		p->body = strdup("");
	return p->status;
}

static CURL *browser(void)
{
	CURL *b = curl_easy_init();
	curl_easy_setopt(b, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(b, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(b, CURLOPT_NOSIGNAL, 1L);
	return b;
}

/* The value of the form's input `name` ("" when none; a static buffer, the same for
 * every call). */
static const char *field(const struct page *p, const char *name)
{
	static char out[256];
	char pat[64];
	const char *s;
	snprintf(pat, sizeof(pat), "name=\"%s\" value=\"", name);
	out[0] = '\0';
	if (p->body && (s = strstr(p->body, pat))) {
		s += strlen(pat);
		snprintf(out, sizeof(out), "%.*s", (int)strcspn(s, "\""), s);
	}
	return out;
}

static void assert_contains(const char *text, const char *want)
{
	if (!text || !strstr(text, want)) {
		print_message("expected \"%s\" in:\n%s\n", want, text ? text : "(null)");
		fail();
	}
}

static void assert_page(const struct page *p, long status, const char *want)
{
	if (p->status != status) {
		print_message("expected HTTP %ld, got %ld:\n%s\n", status, p->status, p->body);
		fail();
	}
	assert_contains(p->body, want);
}

static void url_of(char *out, size_t size, const char *path)
{
	snprintf(out, size, "%s%s", pages, path);
}

/* Types the user code on the page: the confirmation's page in p. */
static void enter_code(CURL *b, struct page *p, const char *code, const char *lang)
{
	char url[256], form[512];
	snprintf(url, sizeof(url), "%s/device?code=%s&lang=%s", pages, code, lang);
	assert_int_equal(browse(b, p, url, NULL), 200);
	snprintf(form, sizeof(form), "code=%s&lang=%s&csrf=%s", code, lang, field(p, "csrf"));
	url_of(url, sizeof(url), "/device");
	browse(b, p, url, form);
}

/* Approves or denies on the confirmation's page in p. */
static long decide(CURL *b, struct page *p, const char *decision)
{
	char url[256], form[512], code[32], lang[8];
	snprintf(code, sizeof(code), "%s", field(p, "code"));
	snprintf(lang, sizeof(lang), "%s", field(p, "lang"));
	snprintf(form, sizeof(form), "code=%s&lang=%s&csrf=%s&decision=%s", code, lang,
		 field(p, "csrf"), decision);
	url_of(url, sizeof(url), "/device/approve");
	return browse(b, p, url, form);
}

/* The rest of an approval: to the provider and back to the callback; the callback's
 * page in p, its URL in callback. */
static void to_provider_and_back(CURL *b, struct page *p, char *callback, size_t size)
{
	char url[2048];
	assert_int_equal(p->status, 303);
	snprintf(url, sizeof(url), "%s", p->location);
	assert_int_equal(browse(b, p, url, NULL), 302);
	snprintf(callback, size, "%s", p->location);
	browse(b, p, callback, NULL);
}

/* What the provider answers next: the person and the mode (ok, aud, ...). */
static void provider_script(const char *sub, const char *mode)
{
	CURL *b = browser();
	struct page p = { 0 };
	char url[512];
	snprintf(url, sizeof(url), "%s/control?sub=%s&name=%%D0%%98%%D0%%B2%%D0%%B0%%D0%%BD"
		 "%%D0%%BE%%D0%%B2+%%D0%%9F.&mode=%s", op.issuer, sub, mode);
	assert_int_equal(browse(b, &p, url, NULL), 200);
	page_free(&p);
	curl_easy_cleanup(b);
}

/* The callback URL the provider sent the browser to last. */
static char callback[2048];

/* Approves the user code as sub with the provider in mode; the callback's page in p. */
static void approve_as(const char *code, const char *sub, const char *mode, struct page *p)
{
	CURL *b = browser();
	provider_script(sub, mode);
	enter_code(b, p, code, "en");
	assert_int_equal(p->status, 200);
	decide(b, p, "approve");
	to_provider_and_back(b, p, callback, sizeof(callback));
	curl_easy_cleanup(b);
}

/* --- flows ------------------------------------------------------------------------------ */

struct flow {
	char device[64], user[16];
};

/* Starts a flow with method; the starts' rate limit is forgotten first, since every
 * test here comes from the same address. */
static void start(struct client *c, const char *method, const char *provider, struct flow *f)
{
	struct resp r = { 0 };
	kd_sql(&kd, "DELETE FROM social_attempts;");
	api(c, &r, method, "{\"provider\":\"%s\",\"deviceName\":\"kabinet on host <b>X</b>\"}",
	    provider);
	assert_status(&r, 200);
	snprintf(f->device, sizeof(f->device), "%s", resp_str(&r, "deviceCode"));
	snprintf(f->user, sizeof(f->user), "%s", resp_str(&r, "userCode"));
	assert_int_equal(strlen(f->device), 43);
	assert_int_equal(resp_int(&r, "expiresIn"), 600);
	assert_int_equal(resp_int(&r, "interval"), 5);
	resp_free(&r);
}

/* Polls with method as if the interval had passed since the previous poll. */
static void poll_flow(struct client *c, struct resp *r, const char *method, const struct flow *f,
		      const char *extra)
{
	kd_sql(&kd, "UPDATE device_flows SET last_poll = NULL;");
	api(c, r, method, "{\"deviceCode\":\"%s\"%s}", f->device, extra ? extra : "");
}

static void assert_denied(struct client *c, const char *method, const struct flow *f,
			  const char *reason)
{
	struct resp r = { 0 };
	poll_flow(c, &r, method, f, NULL);
	assert_status(&r, 200);
	assert_str(&r, "status", "ACCESS_DENIED");
	assert_str(&r, "reason", reason);
	/* Final: the code is spent. */
	poll_flow(c, &r, method, f, NULL);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "deviceCode");
	resp_free(&r);
}

/* A login started by dev and approved as sub with the provider in mode. */
static void approved_login(struct client *dev, const char *provider, const char *sub,
			   const char *mode, struct flow *f, struct page *p)
{
	start(dev, "startDeviceLogin", provider, f);
	approve_as(f->user, sub, mode, p);
}

/* Links provider to the logged-in client's profile as sub. */
static void link_as(struct client *c, const char *provider, const char *sub)
{
	struct flow f;
	struct page p = { 0 };
	struct resp r = { 0 };
	start(c, "startSocialLink", provider, &f);
	approve_as(f.user, sub, "ok", &p);
	assert_page(&p, 200, "is now linked to the profile of");
	poll_flow(c, &r, "pollSocialLink", &f, NULL);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	page_free(&p);
	resp_free(&r);
}

static void unlink_provider(struct client *c, const char *provider)
{
	struct resp r = { 0 };
	api(c, &r, "unlinkSocial", "{\"provider\":\"%s\"}", provider);
	assert_status(&r, 200);
	resp_free(&r);
}

/* Whether a line of the outbox for `to` has `text`. */
static bool outbox_has(const char *to, const char *text)
{
	FILE *f = fopen(kd.outbox, "r");
	char line[8192];
	bool found = false;
	while (f && fgets(line, sizeof(line), f))
		found |= strstr(line, to) && strstr(line, text);
	if (f)
		fclose(f);
	return found;
}

/* --- providers and starts ------------------------------------------------------------------ */

static void providers_in_file_order_and_language(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *list;
	client_init(&c, &kd);
	api(&c, &r, "getSocialProviders", "{}");
	assert_status(&r, 200);
	list = json_get(r.json, "providers");
	assert_int_equal(cJSON_GetArraySize(list), 3);
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 0), "id"), "vk");
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 1), "name"), "Яндекс ID");
	c.en = true;
	api(&c, &r, "getSocialProviders", "{}");
	list = json_get(r.json, "providers");
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 1), "name"), "Yandex ID");
	assert_string_equal(json_str(cJSON_GetArrayItem(list, 2), "id"), "dead");
	resp_free(&r);
	client_free(&c);
}

static void start_checks_its_fields(void **state)
{
	struct client c;
	struct resp r = { 0 };
	char url[128];
	client_init(&c, &kd);
	api(&c, &r, "startDeviceLogin", "{}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "provider");
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"facebook\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "provider");
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\",\"deviceName\":\"a\\u001b[2Jb\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "deviceName");
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\",\"deviceName\":\"%065d\"}", 0);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "deviceName");
	/* Bidi and invisible marks too, as login's device names; and in the poll's. */
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\",\"deviceName\":\"a\\u202eb\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "deviceName");
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\",\"deviceName\":\"a\\u200bb\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "deviceName");
	api(&c, &r, "pollDeviceLogin", "{\"deviceCode\":\"%043d\",\"deviceName\":\"a\\u0085b\"}",
	    0);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "deviceName");
	kd_sql(&kd, "DELETE FROM social_attempts;");
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\"}");
	assert_status(&r, 200);
	/* By default the address kabinetd listens on. */
	snprintf(url, sizeof(url), "%s", resp_str(&r, "verificationUri"));
	assert_int_equal(strncmp(url, "http://127.0.0.1:", 17), 0);
	assert_string_equal(url + strcspn(url + 17, "/") + 17, "/device");
	assert_int_equal(strlen(resp_str(&r, "userCode")), 9);
	assert_int_equal(resp_str(&r, "userCode")[4], '-');
	assert_int_equal(strspn(resp_str(&r, "userCode"), "BCDFGHJKLMNPQRSTVWXZ-"), 9);
	assert_contains(resp_str(&r, "verificationUriComplete"), resp_str(&r, "userCode"));
	resp_free(&r);
	client_free(&c);
}

static void starts_are_limited_per_address(void **state)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, &kd);
	kd_sql(&kd, "DELETE FROM social_attempts;");
	for (int i = 0; i < 10; i++) {
		api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\"}");
		assert_status(&r, 200);
	}
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\"}");
	assert_error(&r, 429, "RATE_LIMITED");
	assert_true(r.retry_after > 0 && r.retry_after <= 600);
	kd_sql(&kd, "DELETE FROM social_attempts;");
	resp_free(&r);
	client_free(&c);
}

/* Ten starts from one address. */
static void ten_starts(struct client *c, const char *real_ip)
{
	struct resp r = { 0 };
	snprintf(c->real_ip, sizeof(c->real_ip), "%s", real_ip);
	for (int i = 0; i < 10; i++) {
		api(c, &r, "startDeviceLogin", "{\"provider\":\"vk\"}");
		assert_status(&r, 200);
	}
	resp_free(&r);
}

/* Behind a proxy named by --trusted-proxy each browser is counted by the X-Real-IP the
 * proxy sends; without the option the header is the client's own word and is not
 * believed. */
static void starts_behind_a_trusted_proxy_count_the_real_address(void **state)
{
	struct kd other;
	struct client c;
	struct resp r = { 0 };
	char path[320];
	snprintf(path, sizeof(path), "%s/providers.json", op.dir);
	assert_int_equal(kd_start(&other, "--providers", path, "--trusted-proxy", "127.0.0.1",
				  NULL), 0);
	client_init(&c, &other);
	ten_starts(&c, "192.0.2.1");
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\"}");
	assert_error(&r, 429, "RATE_LIMITED");
	snprintf(c.real_ip, sizeof(c.real_ip), "2001:db8::0:7");
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\"}");
	assert_status(&r, 200);
	client_free(&c);
	assert_int_equal(kd_stop(&other), 0);

	client_init(&c, &kd);
	kd_sql(&kd, "DELETE FROM social_attempts;");
	ten_starts(&c, "192.0.2.3");
	snprintf(c.real_ip, sizeof(c.real_ip), "192.0.2.4");
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\"}");
	assert_error(&r, 429, "RATE_LIMITED");
	kd_sql(&kd, "DELETE FROM social_attempts;");
	resp_free(&r);
	client_free(&c);
}

/* --- logins --------------------------------------------------------------------------- */

static void login_through_a_link(void **state)
{
	struct client c, dev;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct flow f;
	client_init(&c, &kd);
	client_init(&dev, &kd);
	client_login(&c, "demo", PASSWORD);
	link_as(&c, "vk", "ivanov-vk");
	assert_true(outbox_has(DEMO_MAIL, "VK ID привязан"));

	start(&dev, "startDeviceLogin", "vk", &f);
	poll_flow(&dev, &r, "pollDeviceLogin", &f, NULL);
	assert_str(&r, "status", "AUTHORIZATION_PENDING");
	approve_as(f.user, "ivanov-vk", "ok", &p);
	assert_page(&p, 200, "is now logged in as Иванов П. С. You may close this window.");
	assert_contains(p.body, "«kabinet on host &lt;b&gt;X&lt;/b&gt;»");
	poll_flow(&dev, &r, "pollDeviceLogin", &f, NULL);
	assert_status(&r, 200);
	assert_str(&r, "status", "OK");
	assert_false(resp_has(&r, "rememberToken"));
	api(&dev, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	assert_true(outbox_has(DEMO_MAIL, "Выполнен вход в личный кабинет через VK ID"));
	/* Spent by the answer. */
	poll_flow(&dev, &r, "pollDeviceLogin", &f, NULL);
	assert_error(&r, 422, "VALIDATION");
	unlink_provider(&c, "vk");
	page_free(&p);
	resp_free(&r);
	client_free(&c);
	client_free(&dev);
}

static void login_remembered(void **state)
{
	struct client c, dev, later;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct flow f;
	char token[64];
	client_init(&c, &kd);
	client_init(&dev, &kd);
	client_init(&later, &kd);
	client_login(&c, "demo", PASSWORD);
	link_as(&c, "ya", "ivanov-ya");
	approved_login(&dev, "ya", "ivanov-ya", "ok", &f, &p);
	poll_flow(&dev, &r, "pollDeviceLogin", &f, ",\"remember\":true,\"deviceName\":\"desk\"");
	assert_str(&r, "status", "OK");
	snprintf(token, sizeof(token), "%s", resp_str(&r, "rememberToken"));
	api(&dev, &r, "getDevices", "{}");
	assert_status(&r, 200);
	assert_non_null(json_find(json_get(r.json, "devices"), "name", "desk"));
	api(&later, &r, "loginByToken", "{\"rememberToken\":\"%s\"}", token);
	assert_status(&r, 200);
	unlink_provider(&c, "ya");
	page_free(&p);
	resp_free(&r);
	client_free(&c);
	client_free(&dev);
	client_free(&later);
}

/* demo2fa logged in with its code. */
static void login_two_step(struct client *c)
{
	struct resp r = { 0 };
	char otp[64], *code;
	api(c, &r, "login", "{\"login\":\"demo2fa\",\"passwd\":\"" PASSWORD "\"}");
	assert_str(&r, "status", "OTP_REQUIRED");
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	code = kd_outbox_code(&kd, ANNA_PHONE);
	assert_non_null(code);
	api(c, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_status(&r, 200);
	free(code);
	resp_free(&r);
}

static void login_of_a_two_step_profile_wants_the_code(void **state)
{
	struct client c, dev;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct flow f;
	char otp[64], *code;
	client_init(&c, &kd);
	client_init(&dev, &kd);
	login_two_step(&c);
	link_as(&c, "vk", "anna-vk");
	approved_login(&dev, "vk", "anna-vk", "ok", &f, &p);
	poll_flow(&dev, &r, "pollDeviceLogin", &f, NULL);
	assert_status(&r, 200);
	assert_str(&r, "status", "OTP_REQUIRED");
	assert_str(&r, "sentTo", "+7 (922) ***-**-11");
	snprintf(otp, sizeof(otp), "%s", resp_str(&r, "otpId"));
	api(&dev, &r, "getAccounts", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	code = kd_outbox_code(&kd, ANNA_PHONE);
	api(&dev, &r, "confirmOtp", "{\"otpId\":\"%s\",\"code\":\"%s\"}", otp, code);
	assert_status(&r, 200);
	api(&dev, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	unlink_provider(&c, "vk");
	free(code);
	page_free(&p);
	resp_free(&r);
	client_free(&c);
	client_free(&dev);
}

static void login_with_a_one_time_password_wants_a_new_one(void **state)
{
	struct client c, dev;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct flow f;
	client_init(&c, &kd);
	client_init(&dev, &kd);
	client_login(&c, "other", PASSWORD);
	link_as(&c, "vk", "igor-vk");
	kd_sql(&kd, "UPDATE profiles SET must_change_password = 1 WHERE login = 'other';");
	approved_login(&dev, "vk", "igor-vk", "ok", &f, &p);
	poll_flow(&dev, &r, "pollDeviceLogin", &f, NULL);
	assert_status(&r, 200);
	assert_str(&r, "status", "PASSWORD_CHANGE_REQUIRED");
	assert_non_null(resp_str(&r, "handle"));
	api(&dev, &r, "getAccounts", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	kd_sql(&kd, "UPDATE profiles SET must_change_password = 0 WHERE login = 'other';");
	unlink_provider(&c, "vk");
	page_free(&p);
	resp_free(&r);
	client_free(&c);
	client_free(&dev);
}

static void login_of_an_unlinked_person_is_refused(void **state)
{
	struct client dev;
	struct page p = { 0 };
	struct flow f;
	client_init(&dev, &kd);
	approved_login(&dev, "vk", "nobody-vk", "ok", &f, &p);
	assert_page(&p, 200, "is not linked to a profile");
	assert_denied(&dev, "pollDeviceLogin", &f, "NOT_LINKED");
	page_free(&p);
	client_free(&dev);
}

static void denied_on_the_page(void **state)
{
	struct client dev;
	struct page p = { 0 };
	struct flow f;
	CURL *b = browser();
	client_init(&dev, &kd);
	start(&dev, "startDeviceLogin", "vk", &f);
	enter_code(b, &p, f.user, "ru");
	assert_page(&p, 200, "«kabinet on host &lt;b&gt;X&lt;/b&gt;» просит войти через VK ID");
	decide(b, &p, "deny");
	assert_page(&p, 200, "Вы отказали");
	assert_denied(&dev, "pollDeviceLogin", &f, "DENIED");
	curl_easy_cleanup(b);
	page_free(&p);
	client_free(&dev);
}

static void denied_at_the_provider(void **state)
{
	struct client dev;
	struct page p = { 0 };
	struct flow f;
	client_init(&dev, &kd);
	approved_login(&dev, "vk", "ivanov-vk", "access_denied", &f, &p);
	assert_contains(callback, "error=access_denied");
	assert_page(&p, 200, "Access was denied");
	assert_denied(&dev, "pollDeviceLogin", &f, "DENIED");
	page_free(&p);
	client_free(&dev);
}

static void expired_code(void **state)
{
	struct client dev;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct flow f;
	CURL *b = browser();
	client_init(&dev, &kd);
	start(&dev, "startDeviceLogin", "vk", &f);
	kd_sql(&kd, "UPDATE device_flows SET expires_at = expires_at - 601;");
	poll_flow(&dev, &r, "pollDeviceLogin", &f, NULL);
	assert_status(&r, 200);
	assert_str(&r, "status", "EXPIRED_TOKEN");
	enter_code(b, &p, f.user, "en");
	assert_page(&p, 200, "The code is wrong or has expired");
	assert_contains(p.body, f.user);	/* the code kept in the form */
	kd_sql(&kd, "DELETE FROM social_attempts;");
	curl_easy_cleanup(b);
	page_free(&p);
	resp_free(&r);
	client_free(&dev);
}

/* An approval collected after the 10 minutes logs no one in. */
static void an_approval_collected_too_late_expires(void **state)
{
	struct client c, dev;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct flow f;
	client_init(&c, &kd);
	client_init(&dev, &kd);
	client_login(&c, "demo", PASSWORD);
	link_as(&c, "vk", "late-vk");
	approved_login(&dev, "vk", "late-vk", "ok", &f, &p);
	assert_page(&p, 200, "is now logged in as");
	kd_sql(&kd, "UPDATE device_flows SET expires_at = expires_at - 601;");
	poll_flow(&dev, &r, "pollDeviceLogin", &f, NULL);
	assert_status(&r, 200);
	assert_str(&r, "status", "EXPIRED_TOKEN");
	api(&dev, &r, "getAccounts", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	poll_flow(&dev, &r, "pollDeviceLogin", &f, NULL);
	assert_error(&r, 422, "VALIDATION");
	unlink_provider(&c, "vk");
	page_free(&p);
	resp_free(&r);
	client_free(&c);
	client_free(&dev);
}

static void three_wrong_codes_lock_the_page(void **state)
{
	struct page p = { 0 };
	CURL *b = browser();
	kd_sql(&kd, "DELETE FROM social_attempts;");
	enter_code(b, &p, "BBBB-BBBB", "en");
	assert_page(&p, 200, "The code is wrong or has expired");
	enter_code(b, &p, "bbbb+bbbc", "en");
	assert_page(&p, 200, "The code is wrong or has expired");
	enter_code(b, &p, "AAAA-1111", "en");
	assert_page(&p, 429, "Too many attempts");
	assert_true(p.retry_after > 0 && p.retry_after <= 600);
	enter_code(b, &p, "BBBB-BBBD", "en");
	assert_page(&p, 429, "Too many attempts");
	/* The lock lasts 10 minutes from the third wrong code, not from the first: the
	 * first two 650 s ago, the third a minute ago, still locked. */
	kd_sql(&kd, "UPDATE social_attempts SET at = at - 60; UPDATE social_attempts SET at = "
	       "at - 590 WHERE rowid IN (SELECT rowid FROM social_attempts WHERE kind = "
	       "'wrong' ORDER BY rowid LIMIT 2);");
	enter_code(b, &p, "BBBB-BBBF", "en");
	assert_page(&p, 429, "Too many attempts");
	assert_true(p.retry_after > 500 && p.retry_after <= 540);
	kd_sql(&kd, "DELETE FROM social_attempts;");
	curl_easy_cleanup(b);
	page_free(&p);
}

static void polling_too_soon_slows_down(void **state)
{
	struct client dev;
	struct resp r = { 0 };
	struct flow f;
	client_init(&dev, &kd);
	start(&dev, "startDeviceLogin", "vk", &f);
	poll_flow(&dev, &r, "pollDeviceLogin", &f, NULL);
	assert_str(&r, "status", "AUTHORIZATION_PENDING");
	api(&dev, &r, "pollDeviceLogin", "{\"deviceCode\":\"%s\"}", f.device);
	assert_str(&r, "status", "SLOW_DOWN");
	assert_int_equal(resp_int(&r, "interval"), 10);
	api(&dev, &r, "pollDeviceLogin", "{\"deviceCode\":\"%s\"}", f.device);
	assert_str(&r, "status", "SLOW_DOWN");
	assert_int_equal(resp_int(&r, "interval"), 15);
	api(&dev, &r, "pollDeviceLogin", "{\"deviceCode\":\"nope\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "deviceCode");
	resp_free(&r);
	client_free(&dev);
}

/* --- the provider's answer checked ------------------------------------------------------- */

static void bad_id_token(const char *mode)
{
	struct client dev;
	struct page p = { 0 };
	struct flow f;
	client_init(&dev, &kd);
	approved_login(&dev, "vk", "ivanov-vk", mode, &f, &p);
	assert_page(&p, 502, "could not be verified");
	assert_denied(&dev, "pollDeviceLogin", &f, "PROVIDER_ERROR");
	page_free(&p);
	client_free(&dev);
}

/* Each broken ID token of the provider's modes: a wrong aud, signature or iss, expired,
 * a wrong nonce, a foreign azp, issued in the future, unsigned, HS256 keyed with the
 * provider's public key. */
static void bad_id_tokens_are_refused(void **state)
{
	static const char *const modes[] = { "aud", "signature", "iss", "expired", "nonce",
					     "azp", "iat", "none", "hs256" };
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		bad_id_token(modes[i]);
}

/* How many times the provider has been asked for a token. */
static int tokens_asked(void)
{
	CURL *b = browser();
	struct page p = { 0 };
	char url[256];
	int seen = 0;
	snprintf(url, sizeof(url), "%s/log", op.issuer);
	browse(b, &p, url, NULL);
	for (const char *s = p.body; s && (s = strstr(s, "/token\n")); s++)
		seen++;
	page_free(&p);
	curl_easy_cleanup(b);
	return seen;
}

/* The approving browser (its DEVICE-FLOW cookie) following the callback in a thread. */
struct slow_callback {
	CURL *b;
	struct page p;
	atomic_bool done;
};

static void *follow_callback(void *arg)
{
	struct slow_callback *sc = arg;
	browse(sc->b, &sc->p, callback, NULL);
	atomic_store(&sc->done, true);
	return NULL;
}

/* A provider that does not answer holds up its page (10 s, then PROVIDER_ERROR), and
 * nothing else: the API answers meanwhile. */
static void a_slow_provider_holds_up_no_one(void **state)
{
	struct client dev;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct flow f;
	CURL *b = browser();
	struct slow_callback sc = { .b = b, .done = false };
	pthread_t t;
	int asked = tokens_asked();

	client_init(&dev, &kd);
	start(&dev, "startDeviceLogin", "vk", &f);
	provider_script("ivanov-vk", "hang");
	enter_code(b, &p, f.user, "en");
	decide(b, &p, "approve");
	assert_int_equal(p.status, 303);
	snprintf(callback, sizeof(callback), "%s", p.location);
	assert_int_equal(browse(b, &p, callback, NULL), 302);
	snprintf(callback, sizeof(callback), "%s", p.location);
	assert_int_equal(pthread_create(&t, NULL, follow_callback, &sc), 0);
	while (tokens_asked() == asked)
		msleep(20);
	poll_flow(&dev, &r, "pollDeviceLogin", &f, NULL);
	assert_str(&r, "status", "AUTHORIZATION_PENDING");
	assert_false(atomic_load(&sc.done));
	pthread_join(t, NULL);
	assert_page(&sc.p, 502, "could not be verified");
	assert_denied(&dev, "pollDeviceLogin", &f, "PROVIDER_ERROR");
	curl_easy_cleanup(b);
	page_free(&p);
	page_free(&sc.p);
	resp_free(&r);
	client_free(&dev);
}

/* A provider that accepts connections and never answers: a listening socket nobody
 * accepts on (the kernel completes the connections). Its port in *port. */
static int blackhole(unsigned *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t n = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, n) || listen(fd, 16) ||
	    getsockname(fd, (struct sockaddr *)&a, &n))
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

/* How many connections came to the blackhole since last asked (kept open, unanswered,
 * in fds). */
static int hole_calls(int hole, int *fds, int *nfds)
{
	int n = 0, c;
	while ((c = accept(hole, NULL, NULL)) >= 0) {
		fds[(*nfds)++ % 16] = c;
		n++;
	}
	return n;
}

struct confirm_in_thread {
	CURL *b;
	const char *code;
	struct page p;
	atomic_bool done;
};

static void *confirm_thread(void *arg)
{
	struct confirm_in_thread *t = arg;
	enter_code(t->b, &t->p, t->code, "en");
	atomic_store(&t->done, true);
	return NULL;
}

/* While a page waits for a provider that never answers, the other pages answer; its
 * failure is remembered: the next approval for it answers the provider's error without
 * calling it again. */
static void a_blackholed_provider_stalls_no_other_page(void **state)
{
	struct kd other;
	struct client c;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct confirm_in_thread t = { .done = false };
	char path[320], text[1400], saved[sizeof(pages)], hole_user[16], vk_user[16];
	unsigned port = 0;
	int hole = blackhole(&port), fds[16], nfds = 0;
	pthread_t th;
	CURL *b = browser(), *b2 = browser();

	assert_true(hole >= 0);
	snprintf(path, sizeof(path), "%s/hole.json", op.dir);
	snprintf(text, sizeof(text), "{\"providers\": [{\"id\": \"vk\", \"issuer\": \"%s\", "
		 "\"clientId\": \"kabinetd\", \"clientSecretFile\": \"%s/client.secret\", "
		 "\"name\": {\"ru\": \"V\", \"en\": \"V\"}}, {\"id\": \"hole\", \"issuer\": "
		 "\"http://127.0.0.1:%u\", \"clientId\": \"kabinetd\", \"clientSecretFile\": "
		 "\"%s/client.secret\", \"name\": {\"ru\": \"H\", \"en\": \"H\"}}]}\n",
		 op.issuer, op.dir, port, op.dir);
	assert_int_equal(write_file(path, text, 0644), 0);
	assert_int_equal(kd_start(&other, "--providers", path, NULL), 0);
	client_init(&c, &other);
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"hole\"}");
	snprintf(hole_user, sizeof(hole_user), "%s", resp_str(&r, "userCode"));
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\"}");
	snprintf(vk_user, sizeof(vk_user), "%s", resp_str(&r, "userCode"));
	memcpy(saved, pages, sizeof(pages));
	snprintf(pages, sizeof(pages), "%s", other.url);

	/* The hole's confirmation waits for its discovery... */
	t.b = b;
	t.code = hole_user;
	assert_int_equal(pthread_create(&th, NULL, confirm_thread, &t), 0);
	while (hole_calls(hole, fds, &nfds) == 0)
		msleep(20);
	/* ...while the code's form and the other provider's confirmation answer. */
	snprintf(text, sizeof(text), "%s/device", other.url);
	assert_int_equal(browse(b2, &p, text, NULL), 200);
	enter_code(b2, &p, vk_user, "en");
	assert_page(&p, 200, "asks to log in with V");
	assert_false(atomic_load(&t.done));
	pthread_join(th, NULL);
	assert_page(&t.p, 200, "asks to log in with H");
	/* Approved within the minute: the provider's error at once, no new call. */
	decide(b, &t.p, "approve");
	assert_page(&t.p, 502, "could not be reached");
	assert_int_equal(hole_calls(hole, fds, &nfds), 0);

	memcpy(pages, saved, sizeof(pages));
	for (int i = 0; i < nfds && i < 16; i++)
		close(fds[i]);
	close(hole);
	curl_easy_cleanup(b);
	curl_easy_cleanup(b2);
	page_free(&p);
	page_free(&t.p);
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&other), 0);
}

static void unreachable_provider(void **state)
{
	struct client dev;
	struct page p = { 0 };
	struct flow f;
	CURL *b = browser();
	client_init(&dev, &kd);
	start(&dev, "startDeviceLogin", "dead", &f);
	enter_code(b, &p, f.user, "en");
	decide(b, &p, "approve");
	assert_page(&p, 502, "could not be reached");
	assert_denied(&dev, "pollDeviceLogin", &f, "PROVIDER_ERROR");
	curl_easy_cleanup(b);
	page_free(&p);
	client_free(&dev);
}

static void replayed_state_changes_nothing(void **state)
{
	struct client c, dev;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct flow f;
	CURL *b = browser();
	client_init(&c, &kd);
	client_init(&dev, &kd);
	approved_login(&dev, "vk", "nobody-2", "ok", &f, &p);
	assert_page(&p, 200, "is not linked");
	/* The same answer again (a page without the flow is Russian), after the person got
	 * linked: still NOT_LINKED. */
	client_login(&c, "demo", PASSWORD);
	link_as(&c, "vk", "nobody-2");
	browse(b, &p, callback, NULL);
	assert_page(&p, 400, "уже использована или устарела");
	assert_denied(&dev, "pollDeviceLogin", &f, "NOT_LINKED");
	unlink_provider(&c, "vk");
	curl_easy_cleanup(b);
	page_free(&p);
	resp_free(&r);
	client_free(&c);
	client_free(&dev);
}

/* The provider's answer is taken only in the browser that approved: the callback's
 * link opened in another browser (a victim's, logged in at the provider) is refused
 * and changes nothing; the right browser then still completes. */
static void the_callback_is_tied_to_the_approving_browser(void **state)
{
	struct client dev;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct flow f;
	char url[2048];
	CURL *b = browser(), *victim = browser();
	client_init(&dev, &kd);
	start(&dev, "startDeviceLogin", "vk", &f);
	provider_script("nobody-3", "ok");
	enter_code(b, &p, f.user, "en");
	decide(b, &p, "approve");
	assert_int_equal(p.status, 303);
	assert_contains(p.cookies, "DEVICE-FLOW=");
	assert_contains(p.cookies, "Path=/device/callback; HttpOnly; SameSite=Lax");
	snprintf(url, sizeof(url), "%s", p.location);
	assert_int_equal(browse(victim, &p, url, NULL), 302);
	snprintf(url, sizeof(url), "%s", p.location);
	browse(victim, &p, url, NULL);
	assert_page(&p, 400, "уже использована или устарела");
	poll_flow(&dev, &r, "pollDeviceLogin", &f, NULL);
	assert_str(&r, "status", "AUTHORIZATION_PENDING");
	browse(b, &p, url, NULL);
	assert_page(&p, 200, "is not linked");
	assert_denied(&dev, "pollDeviceLogin", &f, "NOT_LINKED");
	curl_easy_cleanup(b);
	curl_easy_cleanup(victim);
	page_free(&p);
	resp_free(&r);
	client_free(&dev);
}

/* A flow is approved or denied once: the confirmation's form sent again (approve or
 * deny, this browser or another that typed the code) changes nothing. */
static void a_flow_is_decided_once(void **state)
{
	struct client dev;
	struct page p = { 0 }, again = { 0 };
	struct flow f;
	char form[512], url[256], code[32];
	CURL *b = browser(), *other = browser();
	client_init(&dev, &kd);
	start(&dev, "startDeviceLogin", "vk", &f);
	provider_script("nobody-4", "ok");
	enter_code(b, &p, f.user, "en");
	snprintf(code, sizeof(code), "%s", field(&p, "code"));
	snprintf(form, sizeof(form), "code=%s&lang=en&csrf=%s&decision=deny", code,
		 field(&p, "csrf"));
	enter_code(other, &again, f.user, "en");
	decide(other, &again, "approve");
	assert_int_equal(again.status, 303);
	url_of(url, sizeof(url), "/device/approve");
	browse(b, &p, url, form);
	assert_page(&p, 409, "already approved");
	to_provider_and_back(other, &again, callback, sizeof(callback));
	assert_page(&again, 200, "is not linked");
	assert_denied(&dev, "pollDeviceLogin", &f, "NOT_LINKED");
	curl_easy_cleanup(b);
	curl_easy_cleanup(other);
	page_free(&p);
	page_free(&again);
	client_free(&dev);
}

/* --- links -------------------------------------------------------------------------------- */

static void links_listed_made_and_removed(void **state)
{
	struct client c;
	struct resp r = { 0 };
	const cJSON *row;
	client_init(&c, &kd);
	client_login(&c, "demo", PASSWORD);
	api(&c, &r, "getSocialLinks", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "links")), 3);
	row = json_find(json_get(r.json, "links"), "provider", "vk");
	assert_false(cJSON_IsTrue(json_get(row, "linked")));
	assert_true(cJSON_IsNull(json_get(row, "displayName")));
	assert_true(cJSON_IsNull(json_get(row, "linkedAt")));
	link_as(&c, "vk", "ivanov-links");
	api(&c, &r, "getSocialLinks", "{}");
	row = json_find(json_get(r.json, "links"), "provider", "vk");
	assert_true(cJSON_IsTrue(json_get(row, "linked")));
	assert_string_equal(json_str(row, "displayName"), "Иванов П.");
	assert_int_equal(strlen(json_str(row, "linkedAt")), 20);
	api(&c, &r, "startSocialLink", "{\"provider\":\"vk\"}");
	assert_error(&r, 409, "CONFLICT");
	api(&c, &r, "startSocialLink", "{\"provider\":\"x\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "provider");
	unlink_provider(&c, "vk");
	assert_true(outbox_has(DEMO_MAIL, "VK ID отвязан"));
	api(&c, &r, "unlinkSocial", "{\"provider\":\"vk\"}");
	assert_error(&r, 409, "CONFLICT");
	api(&c, &r, "unlinkSocial", "{\"provider\":\"nope\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "provider");
	resp_free(&r);
	client_free(&c);
}

static void a_person_links_one_profile_only(void **state)
{
	struct client c, other;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct flow f;
	client_init(&c, &kd);
	client_init(&other, &kd);
	client_login(&c, "demo", PASSWORD);
	client_login(&other, "other", PASSWORD);
	link_as(&c, "vk", "shared-person");
	start(&other, "startSocialLink", "vk", &f);
	/* A profile's flow is its own. */
	poll_flow(&c, &r, "pollSocialLink", &f, NULL);
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "deviceCode");
	approve_as(f.user, "shared-person", "ok", &p);
	assert_page(&p, 200, "already linked to another profile");
	assert_denied(&other, "pollSocialLink", &f, "LINKED_ELSEWHERE");
	unlink_provider(&c, "vk");
	page_free(&p);
	resp_free(&r);
	client_free(&c);
	client_free(&other);
}

/* --- the page itself ------------------------------------------------------------------ */

static void pages_send_their_headers(void **state)
{
	struct page p = { 0 };
	char url[256];
	CURL *b = browser();
	snprintf(url, sizeof(url), "%s/device?code=%%22%%3E%%3Cscript%%3E", pages);
	assert_int_equal(browse(b, &p, url, NULL), 200);
	assert_contains(p.body, "<html lang=\"ru\">");
	assert_contains(p.body, "<label for=\"code\">");
	assert_contains(p.body, "value=\"&quot;&gt;&lt;script&gt;\"");
	assert_null(strstr(p.body, "<script"));
	assert_contains(p.csp, "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
	assert_contains(p.csp, op.issuer);
	assert_string_equal(p.frame, "DENY");
	assert_string_equal(p.referrer, "no-referrer");
	assert_string_equal(p.cache, "no-store");
	snprintf(url, sizeof(url), "%s/device?lang=en", pages);
	browse(b, &p, url, NULL);
	assert_contains(p.body, "<html lang=\"en\">");
	curl_easy_cleanup(b);
	page_free(&p);
}

static void forms_without_their_token_are_refused(void **state)
{
	struct client dev;
	struct page p = { 0 }, q = { 0 };
	struct flow f;
	char url[256], form[512];
	CURL *b = browser(), *stranger = browser();
	client_init(&dev, &kd);
	start(&dev, "startDeviceLogin", "vk", &f);
	url_of(url, sizeof(url), "/device");
	snprintf(form, sizeof(form), "code=%s&lang=en", f.user);
	assert_page((browse(stranger, &p, url, form), &p), 403, "The form has expired");
	/* A token of another browser's cookie. */
	url_of(url, sizeof(url), "/device?lang=en");
	browse(b, &q, url, NULL);
	snprintf(form, sizeof(form), "code=%s&lang=en&csrf=%s", f.user, field(&q, "csrf"));
	url_of(url, sizeof(url), "/device");
	assert_page((browse(stranger, &p, url, form), &p), 403, "The form has expired");
	/* The code's form token does not approve. */
	url_of(url, sizeof(url), "/device/approve");
	snprintf(form, sizeof(form), "code=%s&lang=en&decision=deny&csrf=%s", f.user,
		 field(&q, "csrf"));
	assert_page((browse(b, &p, url, form), &p), 403, "The form has expired");
	curl_easy_cleanup(b);
	curl_easy_cleanup(stranger);
	page_free(&p);
	page_free(&q);
	client_free(&dev);
}

/* --- start-up ---------------------------------------------------------------------------- */

/* Runs kabinetd with the providers file of that text (the secret file with that mode);
 * its exit status, its standard error in err. */
/* kabinetd started with the providers file text (%s: the secret's file, holding
 * secret_text) and listening on listen: its exit status, what it said in err. */
static int run_with(const char *text, const char *secret_text, mode_t secret_mode,
		    const char *listen, char *err, size_t size)
{
	char path[320], secret[320], cmd[1200], body[1024];
	FILE *f;
	size_t n;
	int status;
	snprintf(path, sizeof(path), "%s/bad.json", op.dir);
	snprintf(secret, sizeof(secret), "%s/bad.secret", op.dir);
	assert_int_equal(write_file(secret, secret_text, secret_mode), 0);
	snprintf(body, sizeof(body), text, secret);
	assert_int_equal(write_file(path, body, 0644), 0);
	snprintf(cmd, sizeof(cmd), "'%s' --listen %s --db '%s/bad.db' --providers '%s' "
		 "2>&1 >/dev/null", kd_binary(), listen, op.dir, path);
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(err, 1, size - 1, f);
	err[n] = '\0';
	status = pclose(f);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run_with_providers(const char *text, mode_t secret_mode, char *err, size_t size)
{
	return run_with(text, "x\n", secret_mode, "127.0.0.1:0", err, size);
}

#define GOOD_PROVIDER "{\"providers\": [{\"id\": \"vk\", \"issuer\": \"https://id.example\", " \
	"\"clientId\": \"1\", \"clientSecretFile\": \"%s\", \"name\": {\"ru\": \"a\", " \
	"\"en\": \"a\"}}]}"

/* A secret longer than kabinetd reads is refused, not cut. */
static void a_long_secret_stops_kabinetd(void **state)
{
	char err[2048], secret[1200];
	memset(secret, 'a', 1100);
	strcpy(secret + 1100, "\n");
	assert_int_equal(run_with(GOOD_PROVIDER, secret, 0600, "127.0.0.1:0", err, sizeof(err)),
			 2);
	assert_contains(err, "provider 1: clientSecretFile: longer than 1023 bytes");
}

/* Listening on every address, the default public URL would be 0.0.0.0's: refused. */
static void a_wildcard_listen_needs_a_public_url(void **state)
{
	char err[2048];
	assert_int_equal(run_with(GOOD_PROVIDER, "x\n", 0600, "0.0.0.0:0", err, sizeof(err)), 2);
	assert_contains(err, "needs --public-url");
	assert_int_equal(run_with(GOOD_PROVIDER, "x\n", 0600, "[::]:0", err, sizeof(err)), 2);
	assert_contains(err, "needs --public-url");
}

static void broken_providers_files_stop_kabinetd(void **state)
{
	static const struct {
		const char *text, *want;
		mode_t mode;
	} cases[] = {
		{ "{\"providers\": [%s", "not JSON", 0600 },
		{ "{\"providers\": [{\"id\": \"vk\", \"issuer\": \"https://id.example\", "
		  "\"clientId\": \"1\", \"clientSecretFile\": \"%s\", \"name\": {\"ru\": \"a\", "
		  "\"en\": \"a\"}, \"colour\": \"red\"}]}", "provider 1: colour: unknown key", 0600 },
		{ "{\"providers\": [{\"id\": \"vk\", \"issuer\": \"https://id.example\", "
		  "\"clientSecretFile\": \"%s\", \"name\": {\"ru\": \"a\", \"en\": \"a\"}}]}",
		  "provider 1: clientId: missing", 0600 },
		{ "{\"providers\": [{\"id\": \"vk\", \"issuer\": \"https://id.example\", "
		  "\"clientId\": \"1\", \"clientSecretFile\": \"%s\", \"name\": {\"ru\": \"a\", "
		  "\"en\": \"a\"}}]}", "world-readable", 0644 },
		{ "{\"providers\": [{\"id\": \"vk\", \"issuer\": \"http://id.example\", "
		  "\"clientId\": \"1\", \"clientSecretFile\": \"%s\", \"name\": {\"ru\": \"a\", "
		  "\"en\": \"a\"}}]}", "provider 1: issuer: must be https", 0600 },
		{ "{\"providers\": [{\"id\": \"vk\", \"issuer\": \"https://id.example\", "
		  "\"clientId\": \"1\", \"clientSecretFile\": \"%s\", \"scopes\": \"email\", "
		  "\"name\": {\"ru\": \"a\", \"en\": \"a\"}}]}", "provider 1: scopes: must contain "
		  "openid", 0600 },
		{ "{\"providers\": [{\"id\": \"VK!\", \"issuer\": \"https://id.example\", "
		  "\"clientId\": \"1\", \"clientSecretFile\": \"%s\", \"name\": {\"ru\": \"a\", "
		  "\"en\": \"a\"}}]}", "provider 1: id:", 0600 },
	};
	char err[2048];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(run_with_providers(cases[i].text, cases[i].mode, err, sizeof(err)), 2);
		assert_contains(err, "bad.json");
		assert_contains(err, cases[i].want);
	}
}

static void without_a_providers_file_there_is_no_provider(void **state)
{
	struct kd bare;
	struct client c;
	struct resp r = { 0 };
	assert_int_equal(kd_start(&bare, NULL), 0);
	client_init(&c, &bare);
	api(&c, &r, "getSocialProviders", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "providers")), 0);
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "provider");
	client_login(&c, "demo", PASSWORD);
	api(&c, &r, "getSocialLinks", "{}");
	assert_status(&r, 200);
	assert_int_equal(cJSON_GetArraySize(json_get(r.json, "links")), 0);
	api(&c, &r, "startSocialLink", "{\"provider\":\"vk\"}");
	assert_error(&r, 422, "VALIDATION");
	assert_field(&r, "provider");
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&bare), 0);
}

static void public_url_names_the_page(void **state)
{
	struct kd other;
	struct client c;
	struct resp r = { 0 };
	struct page p = { 0 };
	char path[320], url[256];
	CURL *b = browser();
	snprintf(path, sizeof(path), "%s/providers.json", op.dir);
	assert_int_equal(kd_start(&other, "--providers", path, "--public-url",
				  "https://kabinet.example.ru/", NULL), 0);
	client_init(&c, &other);
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"vk\"}");
	assert_status(&r, 200);
	assert_string_equal(resp_str(&r, "verificationUri"), "https://kabinet.example.ru/device");
	assert_contains(resp_str(&r, "verificationUriComplete"),
			"https://kabinet.example.ru/device?code=");
	/* Behind a proxy's https the page's cookie is Secure. */
	snprintf(url, sizeof(url), "%s/device", other.url);
	assert_int_equal(browse(b, &p, url, NULL), 200);
	assert_contains(p.cookies, "DEVICE-CSRF=");
	assert_contains(p.cookies, "SameSite=Strict; Secure");
	curl_easy_cleanup(b);
	page_free(&p);
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&other), 0);
}

/* A kabinetd whose only provider "evil" has the issuer ISSUER (a format with the
 * scripted provider's address): an approval ends in the provider's error. */
static void approval_fails_at(const char *issuer_fmt)
{
	struct kd other;
	struct client c;
	struct resp r = { 0 };
	struct page p = { 0 };
	struct flow f;
	char path[320], issuer[256], text[1024], saved[sizeof(pages)];
	CURL *b = browser();
	snprintf(path, sizeof(path), "%s/evil.json", op.dir);
	snprintf(issuer, sizeof(issuer), issuer_fmt, op.issuer);
	snprintf(text, sizeof(text), "{\"providers\": [{\"id\": \"evil\", \"issuer\": "
		 "\"%s\", \"clientId\": \"kabinetd\", \"clientSecretFile\": "
		 "\"%s/client.secret\", \"name\": {\"ru\": \"E\", \"en\": \"E\"}}]}\n",
		 issuer, op.dir);
	assert_int_equal(write_file(path, text, 0644), 0);
	assert_int_equal(kd_start(&other, "--providers", path, NULL), 0);
	client_init(&c, &other);
	api(&c, &r, "startDeviceLogin", "{\"provider\":\"evil\"}");
	assert_status(&r, 200);
	snprintf(f.device, sizeof(f.device), "%s", resp_str(&r, "deviceCode"));
	snprintf(f.user, sizeof(f.user), "%s", resp_str(&r, "userCode"));
	memcpy(saved, pages, sizeof(pages));
	snprintf(pages, sizeof(pages), "%s", other.url);
	enter_code(b, &p, f.user, "en");
	decide(b, &p, "approve");
	memcpy(pages, saved, sizeof(pages));
	assert_page(&p, 502, "could not be reached");
	api(&c, &r, "pollDeviceLogin", "{\"deviceCode\":\"%s\"}", f.device);
	assert_str(&r, "status", "ACCESS_DENIED");
	assert_str(&r, "reason", "PROVIDER_ERROR");
	curl_easy_cleanup(b);
	page_free(&p);
	resp_free(&r);
	client_free(&c);
	assert_int_equal(kd_stop(&other), 0);
}

/* A discovery document whose token endpoint looks local but names another host
 * (http://127.0.0.1:80@evil.example/token) is refused: nothing goes to that host. */
static void a_hostile_discovery_is_refused(void **state)
{
	approval_fails_at("%s/hostile");
}

/* The issuer is compared as configured: "X/" is not the discovery's "X". */
static void an_issuer_differing_by_a_slash_is_refused(void **state)
{
	approval_fails_at("%s/");
}

/* After every other test: the log says which check failed, and nothing secret reached
 * it. */
static void no_secret_in_the_log(void **state)
{
	char path[400], *log;
	FILE *f;
	long n;
	snprintf(path, sizeof(path), "%s/kabinetd.log", kd.dir);
	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	log = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(log, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	/* The log names the check that failed. */
	static const char *const checks[] = { "aud check", "azp check", "iss check", "exp check",
					      "iat check", "nonce check", "signature check",
					      "id_token: not a JWT", "/token: Timeout",
					      "algorithm not allowed" };
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		assert_contains(log, checks[i]);
	assert_null(strstr(log, SECRET));
	assert_null(strstr(log, "code="));
	assert_null(strstr(log, "state="));
	assert_null(strstr(log, "eyJ"));	/* no JWT */
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(providers_in_file_order_and_language),
		cmocka_unit_test(start_checks_its_fields),
		cmocka_unit_test(starts_are_limited_per_address),
		cmocka_unit_test(starts_behind_a_trusted_proxy_count_the_real_address),
		cmocka_unit_test(login_through_a_link),
		cmocka_unit_test(login_remembered),
		cmocka_unit_test(login_of_a_two_step_profile_wants_the_code),
		cmocka_unit_test(login_with_a_one_time_password_wants_a_new_one),
		cmocka_unit_test(login_of_an_unlinked_person_is_refused),
		cmocka_unit_test(denied_on_the_page),
		cmocka_unit_test(denied_at_the_provider),
		cmocka_unit_test(expired_code),
		cmocka_unit_test(an_approval_collected_too_late_expires),
		cmocka_unit_test(three_wrong_codes_lock_the_page),
		cmocka_unit_test(polling_too_soon_slows_down),
		cmocka_unit_test(bad_id_tokens_are_refused),
		cmocka_unit_test(a_slow_provider_holds_up_no_one),
		cmocka_unit_test(a_blackholed_provider_stalls_no_other_page),
		cmocka_unit_test(unreachable_provider),
		cmocka_unit_test(replayed_state_changes_nothing),
		cmocka_unit_test(the_callback_is_tied_to_the_approving_browser),
		cmocka_unit_test(a_flow_is_decided_once),
		cmocka_unit_test(links_listed_made_and_removed),
		cmocka_unit_test(a_person_links_one_profile_only),
		cmocka_unit_test(pages_send_their_headers),
		cmocka_unit_test(forms_without_their_token_are_refused),
		cmocka_unit_test(broken_providers_files_stop_kabinetd),
		cmocka_unit_test(a_long_secret_stops_kabinetd),
		cmocka_unit_test(a_wildcard_listen_needs_a_public_url),
		cmocka_unit_test(without_a_providers_file_there_is_no_provider),
		cmocka_unit_test(public_url_names_the_page),
		cmocka_unit_test(a_hostile_discovery_is_refused),
		cmocka_unit_test(an_issuer_differing_by_a_slash_is_refused),
		cmocka_unit_test(no_secret_in_the_log),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
