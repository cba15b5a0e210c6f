/* API test harness: a private kabinetd per test group, and a libcurl client with a
 * cookie jar and the CSRF header. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 48

const char *kd_binary(void)
{
	static char path[512];
	const char *p = getenv("KABINETD"), *build = getenv("KABINET_BUILD");
	if (p && *p)
		return p;
	if (build && *build) {
		snprintf(path, sizeof(path), "%s/kabinetd", build);
		return path;
	}
	return "build/kabinetd";
}

int kd_wrapper_args(char **argv, int max, char *buf, size_t size)
{
	const char *w = getenv("KABINETD_WRAPPER");
	int n = 0;
	if (!w || !*w)
		return 0;
	snprintf(buf, size, "%s", w);
	for (char *tok = strtok(buf, " "); tok && n < max; tok = strtok(NULL, " "))
		argv[n++] = tok;
	return n;
}

void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int kd_vstart(struct kd *kd, va_list ap)
{
	char *argv[MAX_ARGS + 16], wbuf[512];
	int n, out[2];
	const char *a;
	char line[256];
	FILE *f;
	pid_t parent;

	memset(kd, 0, sizeof(*kd));
	snprintf(kd->dir, sizeof(kd->dir), "%s/kabinet-test-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(kd->dir))
		return -1;
	snprintf(kd->db, sizeof(kd->db), "%s/kabinet.db", kd->dir);
	snprintf(kd->outbox, sizeof(kd->outbox), "%s/outbox.jsonl", kd->dir);

	n = kd_wrapper_args(argv, 16, wbuf, sizeof(wbuf));
	argv[n++] = (char *)kd_binary();
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--db";
	argv[n++] = kd->db;
	argv[n++] = "--seed";
	argv[n++] = "demo";
	argv[n++] = "--outbox";
	argv[n++] = kd->outbox;
	while ((a = va_arg(ap, const char *)) && n < MAX_ARGS)
		argv[n++] = (char *)a;
	argv[n] = NULL;

	if (pipe(out))
		return -1;
	parent = getpid();
	kd->pid = fork();
	if (kd->pid < 0)
		return -1;
	if (kd->pid == 0) {
		char logpath[400];
		int logfd;
		/* A test that fails mid-way skips its kd_stop(): the server ends with it
		 * rather than listening on for ever. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) || getppid() != parent)
			_exit(127);
		snprintf(logpath, sizeof(logpath), "%s/kabinetd.log", kd->dir);
		logfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);
		dup2(out[1], 1);
		if (logfd >= 0 && !getenv("KABINETD_STDERR"))
			dup2(logfd, 2);
		close(out[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	f = fdopen(out[0], "r");
	/* Under valgrind the seed takes long: allow a generous start-up. */
	if (!f || !fgets(line, sizeof(line), f)) {
		if (f)
			fclose(f);
		kd_stop(kd);
		return -1;
	}
	fclose(f);
	if (kd_listening(kd, line)) {
		kd_stop(kd);
		return -1;
	}
	return 0;
}

int kd_start(struct kd *kd, ...)
{
	va_list ap;
	int rc;
	va_start(ap, kd);
	rc = kd_vstart(kd, ap);
	va_end(ap);
	return rc;
}

int kd_group_start(struct kd *kd, ...)
{
	va_list ap;
	int rc;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	va_start(ap, kd);
	rc = kd_vstart(kd, ap);
	va_end(ap);
	return rc;
}

int kd_group_stop(struct kd *kd)
{
	int rc = kd_stop(kd);
	curl_global_cleanup();
	return rc;
}

int kd_listening(struct kd *kd, const char *line)
{
	static const char want[] = "kabinetd listening on http://127.0.0.1:";
	const char *colon = strrchr(line, ':');
	if (strncmp(line, want, sizeof(want) - 1) || !colon)
		return -1;
	kd->port = (unsigned)atoi(colon + 1);
	snprintf(kd->url, sizeof(kd->url), "http://127.0.0.1:%u", kd->port);
	return 0;
}

static void remove_dir(const char *dir)
{
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "harness: could not remove %s\n", dir);
}

int kd_stop(struct kd *kd)
{
	int status = 0, rc = -1;
	if (kd->pid > 0) {
		kill(kd->pid, SIGTERM);
		while (waitpid(kd->pid, &status, 0) < 0 && errno == EINTR)
			;
		rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		kd->pid = 0;
	}
	if (kd->dir[0]) {
		if (getenv("KABINET_KEEP_TEST_DIR") || rc != 0) {
			char logpath[400], buf[4096];
			size_t got;
			FILE *f;
			snprintf(logpath, sizeof(logpath), "%s/kabinetd.log", kd->dir);
			if (rc != 0 && (f = fopen(logpath, "r"))) {
				fprintf(stderr, "kabinetd exited with %d; its log:\n", rc);
				while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
					fwrite(buf, 1, got, stderr);
				fclose(f);
			}
		}
		if (!getenv("KABINET_KEEP_TEST_DIR"))
			remove_dir(kd->dir);
		kd->dir[0] = '\0';
	}
	return rc;
}

int kd_admin(struct kd *kd, ...)
{
	char *argv[MAX_ARGS + 8];
	int n = 0, status;
	va_list ap;
	const char *a;
	pid_t pid;

	argv[n++] = (char *)kd_binary();
	argv[n++] = "admin";
	va_start(ap, kd);
	while ((a = va_arg(ap, const char *)) && n < MAX_ARGS) {
		argv[n++] = (char *)a;
		if (n == 3) {	/* after the subcommand, the database */
			argv[n++] = "--db";
			argv[n++] = kd->db;
		}
	}
	va_end(ap);
	argv[n] = NULL;
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

char *kd_sql_str(struct kd *kd, const char *query)
{
	char qpath[400], cmd[1024];
	FILE *f;
	size_t len = 0, cap = 4096, n;
	char *out = malloc(cap);

	/* Through a file, so that the query may hold any quotes. */
	snprintf(qpath, sizeof(qpath), "%s/query.sql", kd->dir);
	f = fopen(qpath, "w");
	assert_non_null(f);
	fprintf(f, ".timeout 10000\n%s;\n", query);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "sqlite3 -batch -noheader '%s' < '%s'", kd->db, qpath);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((n = fread(out + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 1024)
			out = realloc(out, cap *= 2);
	}
	assert_int_equal(pclose(f), 0);
	out[len] = '\0';
	while (len > 0 && out[len - 1] == '\n')
		out[--len] = '\0';
	return out;
}

int64_t kd_sql_int(struct kd *kd, const char *query)
{
	char *s = kd_sql_str(kd, query);
	int64_t v = strtoll(s, NULL, 10);
	free(s);
	return v;
}

void kd_sql(struct kd *kd, const char *query)
{
	free(kd_sql_str(kd, query));
}

char *kd_outbox_code(struct kd *kd, const char *to)
{
	for (int tries = 0; tries < 40; tries++) {
		FILE *f = fopen(kd->outbox, "r");
		char line[4096];
		char *found = NULL;
		if (f) {
			while (fgets(line, sizeof(line), f)) {
				cJSON *j = cJSON_Parse(line);
				const cJSON *t = cJSON_GetObjectItem(j, "to");
				const cJSON *code = cJSON_GetObjectItem(j, "code");
				if (cJSON_IsString(code) &&
				    (!to || (cJSON_IsString(t) && strstr(t->valuestring, to)))) {
					free(found);
					found = strdup(code->valuestring);
				}
				cJSON_Delete(j);
			}
			fclose(f);
		}
		if (found)
			return found;
		msleep(50);
	}
	return NULL;
}

int kd_outbox_count(struct kd *kd)
{
	FILE *f = fopen(kd->outbox, "r");
	int n = 0, ch;
	if (!f)
		return 0;
	while ((ch = fgetc(f)) != EOF)
		n += ch == '\n';
	fclose(f);
	return n;
}

struct buf {
	char *data;
	size_t len;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct buf *b = userdata;
	size_t n = size * nmemb;
	char *nd = realloc(b->data, b->len + n + 1);
	if (!nd)
		return 0;
	memcpy(nd + b->len, ptr, n);
	b->data = nd;
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct resp *r = userdata;
	size_t n = size * nmemb;
	if (n > 12 && !strncasecmp(ptr, "Retry-After:", 12))
		r->retry_after = strtol(ptr + 12, NULL, 10);
	return n;
}

void client_init(struct client *c, struct kd *kd)
{
	memset(c, 0, sizeof(*c));
	c->kd = kd;
	c->curl = curl_easy_init();
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");	/* in-memory cookie engine */
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
}

void client_free(struct client *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	c->curl = NULL;
}

void resp_free(struct resp *r)
{
	cJSON_Delete(r->json);
	free(r->raw);
	memset(r, 0, sizeof(*r));
}

void client_cookie(struct client *c, const char *name, char *buf, size_t size)
{
	struct curl_slist *cookies = NULL, *it;
	buf[0] = '\0';
	curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &cookies);
	for (it = cookies; it; it = it->next) {
		/* Netscape format: domain, flag, path, secure, expiry, name, value */
		char *fields[7] = { 0 }, *copy = strdup(it->data), *save = NULL;
		int i = 0;
		for (char *tok = strtok_r(copy, "\t", &save); tok && i < 7;
		     tok = strtok_r(NULL, "\t", &save))
			fields[i++] = tok;
		if (i == 7 && !strcmp(fields[5], name))
			snprintf(buf, size, "%s", fields[6]);
		free(copy);
	}
	curl_slist_free_all(cookies);
}

/* Picks the CSRF-TOKEN cookie out of curl's jar. */
static void refresh_csrf(struct client *c)
{
	client_cookie(c, "CSRF-TOKEN", c->csrf, sizeof(c->csrf));
}

long api_raw(struct client *c, struct resp *r, const char *path, const char *verb,
	     const char *ctype, const char *body, size_t len)
{
	char url[512], hdr[200];
	struct curl_slist *headers = NULL;
	struct buf b = { 0 };
	CURLcode rc;

	resp_free(r);
	r->retry_after = -1;
	snprintf(url, sizeof(url), "%s%s", c->kd->url, path);
	if (ctype) {
		snprintf(hdr, sizeof(hdr), "Content-Type: %s", ctype);
		headers = curl_slist_append(headers, hdr);
	}
	if (c->csrf[0] && !c->no_csrf) {
		snprintf(hdr, sizeof(hdr), "CSRF-TOKEN: %s", c->csrf);
		headers = curl_slist_append(headers, hdr);
	}
	if (c->en)
		headers = curl_slist_append(headers, "Accept-Language: en");
	if (c->view[0]) {
		snprintf(hdr, sizeof(hdr), "VIEW-TOKEN: %s", c->view);
		headers = curl_slist_append(headers, hdr);
	}
	if (c->real_ip[0]) {
		snprintf(hdr, sizeof(hdr), "X-Real-IP: %s", c->real_ip);
		headers = curl_slist_append(headers, hdr);
	}
	headers = curl_slist_append(headers, "Expect:");
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, verb);
	if (body) {
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	} else {
		curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, verb);
	}
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, r);
	rc = curl_easy_perform(c->curl);
	curl_slist_free_all(headers);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, NULL);
	if (rc != CURLE_OK) {
		free(b.data);
		r->status = -1;
		r->raw = strdup(curl_easy_strerror(rc));
		return r->status;
	}
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->status);
	r->raw = b.data ? b.data : strdup("");
	r->json = cJSON_Parse(r->raw);
	refresh_csrf(c);
	return r->status;
}

long api_va(struct client *c, struct resp *r, const char *prefix, const char *method,
	    const char *fmt, va_list ap)
{
	char path[128], *body = NULL;
	int n;
	long status;

	n = vasprintf(&body, fmt, ap);
	if (n < 0)
		return -1;
	snprintf(path, sizeof(path), "%s%s", prefix, method);
	status = api_raw(c, r, path, "POST", "application/json", body, (size_t)n);
	free(body);
	return status;
}

long api(struct client *c, struct resp *r, const char *method, const char *fmt, ...)
{
	va_list ap;
	long status;

	va_start(ap, fmt);
	status = api_va(c, r, "/client-api/", method, fmt, ap);
	va_end(ap);
	return status;
}

long api_staff(struct client *c, struct resp *r, const char *method, const char *fmt, ...)
{
	char csrf[128];
	va_list ap;
	long status;

	client_cookie(c, "STAFF-CSRF-TOKEN", csrf, sizeof(csrf));
	if (csrf[0])
		snprintf(c->csrf, sizeof(c->csrf), "%s", csrf);
	va_start(ap, fmt);
	status = api_va(c, r, "/staff-api/", method, fmt, ap);
	va_end(ap);
	return status;
}

const char *resp_code(const struct resp *r)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, "errorCode");
	return cJSON_IsString(v) ? v->valuestring : "";
}

const char *resp_str(const struct resp *r, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int64_t resp_int(const struct resp *r, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, name);
	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : INT64_MIN;
}

bool resp_has(const struct resp *r, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(r->json, name) != NULL;
}

void assert_str(const struct resp *r, const char *name, const char *want)
{
	const char *v = resp_str(r, name);
	if (!v || strcmp(v, want)) {
		print_message("expected %s = %s: %s\n", name, want, resp_dump(r));
		fail();
	}
}

void assert_field(const struct resp *r, const char *want)
{
	assert_str(r, "field", want);
}

void assert_no_session(struct client *c)
{
	struct resp r = { 0 };
	api(c, &r, "getProfile", "{}");
	assert_error(&r, 401, "UNAUTHORIZED");
	resp_free(&r);
}

void assert_need_session(struct kd *kd, const char *const *methods, size_t n)
{
	struct client c;
	struct resp r = { 0 };
	client_init(&c, kd);
	for (size_t i = 0; i < n; i++) {
		api(&c, &r, methods[i], "{}");
		assert_error(&r, 401, "UNAUTHORIZED");
	}
	resp_free(&r);
	client_free(&c);
}

const char *resp_dump(const struct resp *r)
{
	static _Thread_local char buf[4096];
	snprintf(buf, sizeof(buf), "HTTP %ld %s", r->status, r->raw ? r->raw : "(no body)");
	return buf;
}

static void json_fail(const cJSON *o, const char *name, const char *want)
{
	char *s = cJSON_PrintUnformatted(o);
	print_message("%s: expected %s in %s\n", name, want, s ? s : "(null)");
	free(s);
	fail();
}

const cJSON *json_get(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!v)
		json_fail(o, name, "a member");
	return v;
}

const char *json_str(const cJSON *o, const char *name)
{
	const cJSON *v = json_get(o, name);
	if (!cJSON_IsString(v))
		json_fail(o, name, "a string");
	return v->valuestring;
}

int64_t json_int(const cJSON *o, const char *name)
{
	const cJSON *v = json_get(o, name);
	if (!cJSON_IsNumber(v))
		json_fail(o, name, "a number");
	return (int64_t)v->valuedouble;
}

const cJSON *json_find(const cJSON *list, const char *field, const char *value)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, list) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, field);
		if (cJSON_IsString(v) && !strcmp(v->valuestring, value))
			return it;
	}
	return NULL;
}

void client_staff_login(struct client *c, const char *login)
{
	struct resp r = { 0 };
	char cmd[800], code[16] = "", login_id[64];
	FILE *p;

	api_staff(c, &r, "staffLogin", "{\"login\":\"%s\",\"passwd\":\"Staff-2026\"}", login);
	assert_status(&r, 200);
	snprintf(login_id, sizeof(login_id), "%s", resp_str(&r, "loginId"));
	snprintf(cmd, sizeof(cmd), "'%s' admin staff --db '%s' code %s", kd_binary(), c->kd->db,
		 login);
	assert_non_null(p = popen(cmd, "r"));
	assert_non_null(fgets(code, sizeof(code), p));
	assert_int_equal(pclose(p), 0);
	code[strcspn(code, "\n")] = '\0';
	api_staff(c, &r, "staffLoginConfirm", "{\"loginId\":\"%s\",\"code\":\"%s\"}", login_id,
		  code);
	assert_status(&r, 200);
	resp_free(&r);
}

void client_login(struct client *c, const char *login, const char *passwd)
{
	struct resp r = { 0 };
	curl_easy_setopt(c->curl, CURLOPT_COOKIELIST, "ALL");
	c->csrf[0] = '\0';
	api(c, &r, "login", "{\"login\":\"%s\",\"passwd\":\"%s\"}", login, passwd);
	assert_status(&r, 200);
	if (strcmp(resp_str(&r, "status") ? resp_str(&r, "status") : "", "OK")) {
		print_message("login %s: %s\n", login, resp_dump(&r));
		fail();
	}
	assert_true(c->csrf[0] != '\0');
	resp_free(&r);
}

const char *account_id_by_number(struct client *c, const char *number)
{
	static char id[64];
	struct resp r = { 0 };
	const cJSON *acc;
	api(c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	cJSON_ArrayForEach(acc, cJSON_GetObjectItem(r.json, "accounts")) {
		const cJSON *num = cJSON_GetObjectItem(acc, "number");
		if (cJSON_IsString(num) && !strcmp(num->valuestring, number)) {
			snprintf(id, sizeof(id), "%s",
				 cJSON_GetObjectItem(acc, "accountId")->valuestring);
			resp_free(&r);
			return id;
		}
	}
	print_message("no account %s in %s\n", number, resp_dump(&r));
	resp_free(&r);
	fail();
	return NULL;
}

const char *account_service_status(struct client *c, const char *number, int type)
{
	static char status[32];
	struct resp r = { 0 };
	const cJSON *acc, *svc;
	status[0] = '\0';
	api(c, &r, "getAccounts", "{}");
	assert_status(&r, 200);
	cJSON_ArrayForEach(acc, json_get(r.json, "accounts")) {
		if (strcmp(json_str(acc, "number"), number))
			continue;
		cJSON_ArrayForEach(svc, json_get(acc, "services"))
			if (json_int(svc, "type") == type)
				snprintf(status, sizeof(status), "%s", json_str(svc, "status"));
	}
	resp_free(&r);
	return status;
}

int64_t account_balance(struct client *c, const char *account_id)
{
	struct resp r = { 0 };
	int64_t b;
	api(c, &r, "getAccountBalanceV2", "{\"accountId\":\"%s\"}", account_id);
	assert_status(&r, 200);
	b = resp_int(&r, "balance");
	if (b == INT64_MIN) {
		print_message("no balance: %s\n", resp_dump(&r));
		fail();
	}
	resp_free(&r);
	return b;
}

const char *new_uuid(void)
{
	static _Thread_local char bufs[8][40];
	static _Thread_local int next;
	char *b = bufs[next++ % 8];
	unsigned char raw[16];
	FILE *f = fopen("/dev/urandom", "rb");
	if (!f || fread(raw, 1, sizeof(raw), f) != sizeof(raw)) {
		for (size_t i = 0; i < sizeof(raw); i++)
			raw[i] = (unsigned char)rand();
	}
	if (f)
		fclose(f);
	raw[6] = (raw[6] & 0x0f) | 0x40;
	raw[8] = (raw[8] & 0x3f) | 0x80;
	snprintf(b, 40,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7], raw[8],
		 raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]);
	return b;
}
