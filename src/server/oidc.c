/* The OpenID Connect relying party of kabinetd: the providers file, discovery and JWKS
 * (fetched on first need with no lock held, swapped in under each provider's lock;
 * a failed discovery remembered a minute; the keys fetched again when a token names an
 * unknown kid, at most once a minute), the authorization URL
 * and the code exchange with the ID token's checks (librhonabwy for the signature).
 * Provider calls use libcurl with 10 s timeouts, no redirects, http(s) only; the
 * client secrets and the provider's tokens are wiped after use and never logged. */
#include "kabinet/server/oidc.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <pthread.h>
#include <rhonabwy.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/server/log.h"

#define HTTP_TIMEOUT 10L
#define BODY_MAX (1 << 20)
#define DISCOVERY_TTL 86400
#define JWKS_REFETCH 60
/* How long a failed discovery is remembered (the provider's error answered at once). */
#define FAIL_MEMORY 60
/* How far in the future an ID token's iat may be (clock skew). */
#define IAT_SKEW 60

struct oidc_provider {
	char id[OIDC_ID_MAX + 1];
	char *issuer, *client_id, *secret, *scopes, *name_ru, *name_en, *subject_claim,
		*name_claim;
	pthread_mutex_t lock;	/* guards what follows; never held over a fetch */
	char *auth_ep, *token_ep, *jwks_uri, *jwks;
	char *origins;		/* " issuer-origin auth-origin", built at discovery */
	time_t disc_at, jwks_at, disc_failed_at;
};

static struct oidc_provider *providers;
static int nproviders;

int oidc_count(void)
{
	return nproviders;
}

const struct oidc_provider *oidc_at(int i)
{
	return i >= 0 && i < nproviders ? &providers[i] : NULL;
}

const struct oidc_provider *oidc_find(const char *id)
{
	for (int i = 0; id && i < nproviders; i++)
		if (!strcmp(providers[i].id, id))
			return &providers[i];
	return NULL;
}

const char *oidc_id(const struct oidc_provider *p)
{
	return p->id;
}

const char *oidc_name(const struct oidc_provider *p, bool en)
{
	return en ? p->name_en : p->name_ru;
}

static void wipe_free(char *s)
{
	if (s) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

void oidc_free_all(void)
{
	for (int i = 0; i < nproviders; i++) {
		struct oidc_provider *p = &providers[i];
		wipe_free(p->secret);
		free(p->issuer);
		free(p->client_id);
		free(p->scopes);
		free(p->name_ru);
		free(p->name_en);
		free(p->subject_claim);
		free(p->name_claim);
		free(p->auth_ep);
		free(p->token_ep);
		free(p->jwks_uri);
		free(p->jwks);
		free(p->origins);
		pthread_mutex_destroy(&p->lock);
	}
	free(providers);
	providers = NULL;
	nproviders = 0;
}

/* --- the providers file -------------------------------------------------------------- */

/* https, or http to the machine itself (tests, a provider on the same host): parsed as
 * curl will parse it, no user part (http://127.0.0.1:80@elsewhere/ goes elsewhere). */
static bool url_allowed(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL, *pw = NULL;
	bool ok = false;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_NO_USER &&
	    curl_url_get(u, CURLUPART_PASSWORD, &pw, 0) == CURLUE_NO_PASSWORD && host[0])
		ok = !strcasecmp(scheme, "https") ||
		     (!strcasecmp(scheme, "http") &&
		      (!strcmp(host, "127.0.0.1") || !strcmp(host, "[::1]") ||
		       !strcasecmp(host, "localhost")));
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(pw);
	curl_url_cleanup(u);
	return ok;
}

static bool valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > OIDC_ID_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

/* Whether the space-separated scopes contain "openid". */
static bool has_openid(const char *scopes)
{
	const char *s = scopes;
	while ((s = strstr(s, "openid"))) {
		bool start = s == scopes || s[-1] == ' ', end = !s[6] || s[6] == ' ';
		if (start && end)
			return true;
		s += 6;
	}
	return false;
}

struct load {
	const char *path;
	char *err;
	size_t errsize;
	int index;
};

static int load_fail(struct load *l, const char *field, const char *what)
{
	snprintf(l->err, l->errsize, "%s: provider %d: %s: %s", l->path, l->index + 1, field,
		 what);
	return -1;
}

/* A string member: required or defaulted; NULL after a failure set in l. */
static char *member(struct load *l, const cJSON *o, const char *name, const char *def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!v) {
		if (!def)
			load_fail(l, name, "missing");
		return def ? strdup(def) : NULL;
	}
	if (!cJSON_IsString(v) || !v->valuestring[0] || strlen(v->valuestring) > 2048) {
		load_fail(l, name, "must be a non-empty string");
		return NULL;
	}
	return strdup(v->valuestring);
}

/* The secret: the file's first line, the file not readable by others; read with no
 * stdio buffer (nothing left to wipe), a line longer than the buffer refused. */
static char *read_secret(struct load *l, const char *file)
{
	struct stat sb;
	char buf[1024];
	size_t have = 0, len = 0;
	ssize_t n = 1;
	char *s = NULL;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &sb) != 0) {
		if (fd >= 0)
			close(fd);
		snprintf(l->err, l->errsize, "%s: provider %d: clientSecretFile: cannot read %s",
			 l->path, l->index + 1, file);
		return NULL;
	}
	if (sb.st_mode & S_IROTH) {
		close(fd);
		snprintf(l->err, l->errsize, "%s: provider %d: clientSecretFile: %s is "
			 "world-readable (chmod o-r)", l->path, l->index + 1, file);
		return NULL;
	}
	while (have < sizeof(buf) && (n = read(fd, buf + have, sizeof(buf) - have)) > 0)
		have += (size_t)n;
	close(fd);
	while (len < have && buf[len] != '\n' && buf[len] != '\r' && buf[len])
		len++;
	if (len == sizeof(buf))
		load_fail(l, "clientSecretFile", "longer than 1023 bytes");
	else if (!len)
		load_fail(l, "clientSecretFile", "the file's first line is empty");
	else if ((s = malloc(len + 1))) {
		memcpy(s, buf, len);
		s[len] = '\0';
	}
	sodium_memzero(buf, sizeof(buf));
	return s;
}

static int load_names(struct load *l, const cJSON *o, struct oidc_provider *p)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, "name");
	const cJSON *ru = cJSON_GetObjectItemCaseSensitive(n, "ru");
	const cJSON *en = cJSON_GetObjectItemCaseSensitive(n, "en");
	if (!cJSON_IsObject(n))
		return load_fail(l, "name", "missing (an object {\"ru\": ..., \"en\": ...})");
	for (const cJSON *k = n->child; k; k = k->next)
		if (strcmp(k->string, "ru") && strcmp(k->string, "en"))
			return load_fail(l, "name", "only \"ru\" and \"en\" are known");
	if (!cJSON_IsString(ru) || !ru->valuestring[0] || strlen(ru->valuestring) > 64 ||
	    !cJSON_IsString(en) || !en->valuestring[0] || strlen(en->valuestring) > 64)
		return load_fail(l, "name", "needs \"ru\" and \"en\", 1 to 64 bytes each");
	p->name_ru = strdup(ru->valuestring);
	p->name_en = strdup(en->valuestring);
	return 0;
}

static int load_keys(struct load *l, const cJSON *o)
{
	static const char *const known[] = { "id", "issuer", "clientId", "clientSecretFile",
					     "scopes", "name", "subjectClaim", "nameClaim" };
	for (const cJSON *k = o->child; k; k = k->next) {
		size_t i = 0;
		while (i < sizeof(known) / sizeof(known[0]) && strcmp(k->string, known[i]))
			i++;
		if (i == sizeof(known) / sizeof(known[0]))
			return load_fail(l, k->string, "unknown key");
	}
	return 0;
}

static int load_provider(struct load *l, const cJSON *o, struct oidc_provider *p)
{
	char *id, *file;

	pthread_mutex_init(&p->lock, NULL);
	if (!cJSON_IsObject(o))
		return load_fail(l, "-", "not an object");
	if (load_keys(l, o) || !(id = member(l, o, "id", NULL)))
		return -1;
	if (!valid_id(id) || oidc_find(id)) {
		free(id);
		return load_fail(l, "id", "1-16 characters a-z 0-9 _ -, unique");
	}
	snprintf(p->id, sizeof(p->id), "%s", id);
	free(id);
	if (!(p->issuer = member(l, o, "issuer", NULL)) ||
	    !(p->client_id = member(l, o, "clientId", NULL)) ||
	    !(p->scopes = member(l, o, "scopes", "openid")) ||
	    !(p->subject_claim = member(l, o, "subjectClaim", "sub")) ||
	    !(p->name_claim = member(l, o, "nameClaim", "name")) || load_names(l, o, p))
		return -1;
	if (!url_allowed(p->issuer))
		return load_fail(l, "issuer", "must be https (http only for 127.0.0.1/localhost)");
	if (!has_openid(p->scopes))
		return load_fail(l, "scopes", "must contain openid");
	if (!(file = member(l, o, "clientSecretFile", NULL)))
		return -1;
	p->secret = read_secret(l, file);
	free(file);
	return p->secret ? 0 : -1;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && n <= BODY_MAX &&
	    !fseek(f, 0, SEEK_SET) && (buf = malloc((size_t)n + 1))) {
		if (fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

int oidc_load(const char *path, char *err, size_t errsize)
{
	struct load l = { path, err, errsize, 0 };
	char *text = read_text(path);
	cJSON *root, *list;
	int n;

	if (!text) {
		snprintf(err, errsize, "%s: cannot read the providers file", path);
		return -1;
	}
	cJSON_Minify(text);	/* drops // and block comments */
	root = cJSON_Parse(text);
	free(text);
	list = cJSON_GetObjectItemCaseSensitive(root, "providers");
	if (!cJSON_IsObject(root) || !cJSON_IsArray(list) || cJSON_GetArraySize(root) != 1) {
		cJSON_Delete(root);
		snprintf(err, errsize, "%s: not JSON of the form {\"providers\": [...]}", path);
		return -1;
	}
	n = cJSON_GetArraySize(list);
	providers = calloc(n ? (size_t)n : 1, sizeof(*providers));
	for (const cJSON *o = list->child; providers && o; o = o->next, l.index++) {
		nproviders = l.index + 1;
		if (load_provider(&l, o, &providers[l.index])) {
			cJSON_Delete(root);
			oidc_free_all();
			return -1;
		}
	}
	cJSON_Delete(root);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	r_global_init();
	return 0;
}

/* Whether the space-separated list has that word (" origin") already. */
static bool listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *s = strstr(list, word); s; s = strstr(s + 1, word))
		if (s[n] == ' ' || !s[n])
			return true;
	return false;
}

/* Appends url's origin (" scheme://host[:port]") to buf unless listed already. */
static void add_origin(char *buf, size_t size, const char *u)
{
	const char *host = u ? strstr(u, "://") : NULL;
	size_t len = host ? strcspn(host + 3, "/?#") + (size_t)(host + 3 - u) : 0;
	size_t n = strlen(buf);
	char origin[300];
	snprintf(origin, sizeof(origin), " %.*s", (int)len, u);
	if (len && len < sizeof(origin) - 1 && n + len + 2 < size && !listed(buf, origin))
		snprintf(buf + n, size - n, "%s", origin);
}

void oidc_origins(char *buf, size_t size)
{
	buf[0] = '\0';
	for (int i = 0; i < nproviders; i++) {
		struct oidc_provider *p = &providers[i];
		char mine[700] = "";
		pthread_mutex_lock(&p->lock);
		if (p->origins)
			snprintf(mine, sizeof(mine), "%s", p->origins);
		pthread_mutex_unlock(&p->lock);
		if (!mine[0])
			add_origin(mine, sizeof(mine), p->issuer);
		char *save = NULL;
		for (char *o = strtok_r(mine, " ", &save); o; o = strtok_r(NULL, " ", &save))
			add_origin(buf, size, o);
	}
}

/* --- HTTP ------------------------------------------------------------------------------ */

struct body {
	char *p;
	size_t n;
	bool too_big;
};

static size_t on_data(char *d, size_t s, size_t k, void *u)
{
	struct body *b = u;
	size_t n = s * k;
	char *q;
	if (b->n + n > BODY_MAX) {
		b->too_big = true;
		return 0;
	}
	if (!(q = realloc(b->p, b->n + n + 1)))
		return 0;
	b->p = q;
	memcpy(b->p + b->n, d, n);
	b->n += n;
	b->p[b->n] = '\0';
	return n;
}

/* A header list's values wiped before it is freed (it may hold the client secret). */
static void free_headers(struct curl_slist *h)
{
	for (struct curl_slist *i = h; i; i = i->next)
		sodium_memzero(i->data, strlen(i->data));
	curl_slist_free_all(h);
}

/* GET url, or POST form with the Authorization header auth; the parsed JSON of a 200
 * answer, else NULL with why. The raw body is wiped (it may hold tokens). */
static cJSON *http_json(const char *url, const char *form, const char *auth, char *why,
			size_t whysize)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	struct body b = { 0 };
	long status = 0;
	cJSON *j = NULL;
	CURLcode rc;

	if (!c) {
		snprintf(why, whysize, "curl: out of memory");
		return NULL;
	}
	h = curl_slist_append(h, "Accept: application/json");
	if (auth)
		h = curl_slist_append(h, auth);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, HTTP_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, HTTP_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "kabinetd");
	if (form)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	free_headers(h);
	if (rc != CURLE_OK)
		snprintf(why, whysize, "%s: %s", url, b.too_big ? "answer too large"
							       : curl_easy_strerror(rc));
	else if (status != 200)
		snprintf(why, whysize, "%s: HTTP %ld", url, status);
	else if (!(j = b.p ? cJSON_Parse(b.p) : NULL) || !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		j = NULL;
		snprintf(why, whysize, "%s: not a JSON object", url);
	}
	if (b.p)
		sodium_memzero(b.p, b.n);
	free(b.p);
	return j;
}

static const char *jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* Whether the discovery is known and fresh (0), failed within FAIL_MEMORY (-1, why
 * set), or to be fetched (1). */
static int discovery_state(struct oidc_provider *p, char *why, size_t whysize)
{
	time_t now = time(NULL);
	int rc = 1;
	pthread_mutex_lock(&p->lock);
	if (p->auth_ep && now - p->disc_at < DISCOVERY_TTL)
		rc = 0;
	else if (p->disc_failed_at && now - p->disc_failed_at < FAIL_MEMORY)
		rc = -1;
	pthread_mutex_unlock(&p->lock);
	if (rc < 0)
		snprintf(why, whysize, "%s: discovery failed less than a minute ago", p->id);
	return rc;
}

static void discovery_failed(struct oidc_provider *p)
{
	pthread_mutex_lock(&p->lock);
	p->disc_failed_at = time(NULL);
	pthread_mutex_unlock(&p->lock);
}

/* The discovery document, fetched when not known or old, with no lock held while
 * fetching (the issuer does not change); the result swapped in under the lock. */
static int discover(struct oidc_provider *p, char *why, size_t whysize)
{
	char url[2200], origins[700] = "";
	const char *iss, *auth, *token, *jwks;
	char *old[4], *a, *t, *j, *o;
	size_t n = strlen(p->issuer);
	int st = discovery_state(p, why, whysize);
	cJSON *d;

	if (st <= 0)
		return st;
	/* The issuer is compared as configured; only the discovery URL drops its slash. */
	snprintf(url, sizeof(url), "%.*s/.well-known/openid-configuration",
		 (int)(n && p->issuer[n - 1] == '/' ? n - 1 : n), p->issuer);
	if (!(d = http_json(url, NULL, NULL, why, whysize))) {
		discovery_failed(p);
		return -1;
	}
	iss = jstr(d, "issuer");
	auth = jstr(d, "authorization_endpoint");
	token = jstr(d, "token_endpoint");
	jwks = jstr(d, "jwks_uri");
	if (!iss || strcmp(iss, p->issuer) || !auth || !token || !jwks || !url_allowed(auth) ||
	    !url_allowed(token) || !url_allowed(jwks)) {
		snprintf(why, whysize, "%s: discovery: issuer differs or an endpoint is missing "
			 "or not https", p->id);
		cJSON_Delete(d);
		discovery_failed(p);
		return -1;
	}
	add_origin(origins, sizeof(origins), p->issuer);
	add_origin(origins, sizeof(origins), auth);
	a = strdup(auth);
	t = strdup(token);
	j = strdup(jwks);
	o = strdup(origins);
	cJSON_Delete(d);
	if (!a || !t || !j || !o) {
		free(a);
		free(t);
		free(j);
		free(o);
		snprintf(why, whysize, "%s: discovery: out of memory", p->id);
		return -1;
	}
	pthread_mutex_lock(&p->lock);
	old[0] = p->auth_ep, old[1] = p->token_ep, old[2] = p->jwks_uri, old[3] = p->origins;
	p->auth_ep = a, p->token_ep = t, p->jwks_uri = j, p->origins = o;
	p->disc_at = time(NULL);
	p->disc_failed_at = 0;
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < 4; i++)
		free(old[i]);
	return 0;
}

/* A copy of the keys (JSON), fetched when not known, or when `force` and not fetched
 * within a minute; a fetch is tried at most once a minute, also when none is known.
 * No lock is held while fetching. NULL with why. */
static char *fetch_jwks(struct oidc_provider *p, bool force, char *why, size_t whysize)
{
	time_t now = time(NULL);
	char *text = NULL, *uri = NULL, *old;
	bool recent;
	cJSON *j;

	pthread_mutex_lock(&p->lock);
	recent = p->jwks_at && now - p->jwks_at < JWKS_REFETCH;
	if (p->jwks && (!force || recent))
		text = strdup(p->jwks);
	else if (!recent && p->jwks_uri && (uri = strdup(p->jwks_uri)))
		p->jwks_at = now;
	pthread_mutex_unlock(&p->lock);
	if (text || !uri) {
		if (!text)
			snprintf(why, whysize, "%s: jwks: fetched less than a minute ago", p->id);
		return text;
	}
	j = http_json(uri, NULL, NULL, why, whysize);
	free(uri);
	if (!j)
		return NULL;
	text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	if (!text || !(uri = strdup(text))) {
		free(text);
		snprintf(why, whysize, "%s: jwks: out of memory", p->id);
		return NULL;
	}
	pthread_mutex_lock(&p->lock);
	old = p->jwks;
	p->jwks = uri;
	pthread_mutex_unlock(&p->lock);
	free(old);
	return text;
}

void oidc_challenge(const char *verifier, char *out)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	sodium_bin2base64(out, 44, h, sizeof(h), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int oidc_prepare(const struct oidc_provider *cp)
{
	struct oidc_provider *p = (struct oidc_provider *)cp;
	char why[400];
	int rc = discover(p, why, sizeof(why));
	if (rc)
		log_msg("social: %s", why);
	return rc;
}

/* A copy of the authorization or the token endpoint, the discovery document fetched
 * first if need be, and a curl handle for the call; false (nothing to free) with why. */
static bool endpoint(struct oidc_provider *p, bool token, char **ep, CURL **c, char *why,
		     size_t whysize)
{
	*ep = NULL;
	if (discover(p, why, whysize) == 0) {
		pthread_mutex_lock(&p->lock);
		*ep = strdup(token ? p->token_ep : p->auth_ep);
		pthread_mutex_unlock(&p->lock);
	}
	if (*ep && (*c = curl_easy_init()))
		return true;
	free(*ep);
	return false;
}

char *oidc_auth_url(const struct oidc_provider *cp, const char *redirect_uri,
		    const char *state, const char *nonce, const char *challenge, char *why,
		    size_t whysize)
{
	struct oidc_provider *p = (struct oidc_provider *)cp;
	char *url = NULL, *ru, *ci, *sc, *ep;
	CURL *c;

	if (!endpoint(p, false, &ep, &c, why, whysize))
		return NULL;
	ru = curl_easy_escape(c, redirect_uri, 0);
	ci = curl_easy_escape(c, p->client_id, 0);
	sc = curl_easy_escape(c, p->scopes, 0);
	if (ru && ci && sc &&
	    asprintf(&url, "%s%sresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s"
		     "&state=%s&nonce=%s&code_challenge=%s&code_challenge_method=S256", ep,
		     strchr(ep, '?') ? "&" : "?", ci, ru, sc, state, nonce, challenge) < 0)
		url = NULL;
	curl_free(ru);
	curl_free(ci);
	curl_free(sc);
	curl_easy_cleanup(c);
	free(ep);
	return url;
}

/* --- the ID token ---------------------------------------------------------------------- */

/* The key of the token's kid (or the only key when it names none), the keys fetched
 * again once when the kid is unknown. NULL with why. */
static jwk_t *signing_key(struct oidc_provider *p, jwt_t *jwt, char *why, size_t whysize)
{
	const char *kid = r_jwt_get_header_str_value(jwt, "kid");
	jwk_t *k = NULL;

	for (int pass = 0; pass < 2 && !k; pass++) {
		jwks_t *set = NULL;
		char *keys = fetch_jwks(p, pass == 1, why, whysize);
		if (keys && r_jwks_init(&set) == RHN_OK &&
		    r_jwks_import_from_json_str(set, keys) == RHN_OK)
			k = kid ? r_jwks_get_by_kid(set, kid)
				: r_jwks_size(set) == 1 ? r_jwks_get_at(set, 0) : NULL;
		free(keys);
		r_jwks_free(set);
	}
	if (!k)
		snprintf(why, whysize, "%s: id_token: no key for its kid", p->id);
	return k;
}

static bool aud_has(const cJSON *aud, const char *client_id)
{
	const cJSON *a;
	if (cJSON_IsString(aud))
		return !strcmp(aud->valuestring, client_id);
	if (!cJSON_IsArray(aud))
		return false;
	cJSON_ArrayForEach(a, aud)
		if (cJSON_IsString(a) && !strcmp(a->valuestring, client_id))
			return true;
	return false;
}

/* A claim as text: a string, or an integer number (some providers number people). */
static bool claim_text(const cJSON *o, const char *name, char *out, size_t size)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (cJSON_IsString(v) && v->valuestring[0] && strlen(v->valuestring) < size) {
		snprintf(out, size, "%s", v->valuestring);
		return true;
	}
	if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 9e15 &&
	    v->valuedouble == (double)(int64_t)v->valuedouble) {
		snprintf(out, size, "%lld", (long long)v->valuedouble);
		return true;
	}
	return false;
}

/* The claims' checks; the failed one named in why. */
static int check_claims(const struct oidc_provider *p, const cJSON *cl, const char *nonce,
			char *subject, char *name, char *why, size_t whysize)
{
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(cl, "exp");
	const cJSON *iat = cJSON_GetObjectItemCaseSensitive(cl, "iat");
	const char *iss = jstr(cl, "iss"), *azp, *n = jstr(cl, "nonce");
	double now = (double)time(NULL);
	const char *bad = NULL;

	if (!iss || strcmp(iss, p->issuer))
		bad = "iss";
	else if (!aud_has(cJSON_GetObjectItemCaseSensitive(cl, "aud"), p->client_id))
		bad = "aud";
	else if (cJSON_GetObjectItemCaseSensitive(cl, "azp") &&
		 (!(azp = jstr(cl, "azp")) || strcmp(azp, p->client_id)))
		bad = "azp";
	else if (!cJSON_IsNumber(exp) || exp->valuedouble <= now)
		bad = "exp";
	else if (!cJSON_IsNumber(iat) || iat->valuedouble > now + IAT_SKEW)
		bad = "iat";
	else if (!n || strcmp(n, nonce))
		bad = "nonce";
	else if (!claim_text(cl, p->subject_claim, subject, OIDC_SUBJECT_MAX + 1))
		bad = p->subject_claim;
	if (bad) {
		snprintf(why, whysize, "%s: id_token: %s check failed", p->id, bad);
		return -1;
	}
	if (!claim_text(cl, p->name_claim, name, OIDC_NAME_MAX + 1))
		name[0] = '\0';
	return 0;
}

static int verify_id_token(struct oidc_provider *p, const char *token, const char *nonce,
			   char *subject, char *name, char *why, size_t whysize)
{
	jwt_t *jwt = NULL;
	jwk_t *k = NULL;
	char *claims = NULL;
	cJSON *cl = NULL;
	int rc = -1;
	jwa_alg alg;

	if (r_jwt_init(&jwt) != RHN_OK)
		return -1;
	/* R_PARSE_NONE: no unsigned token, no key taken from the token's own header. */
	if (r_jwt_advanced_parse(jwt, token, R_PARSE_NONE, 0) != RHN_OK)
		snprintf(why, whysize, "%s: id_token: not a JWT", p->id);
	else if ((alg = r_jwt_get_sign_alg(jwt)) != R_JWA_ALG_RS256 && alg != R_JWA_ALG_ES256 &&
		 alg != R_JWA_ALG_PS256)
		snprintf(why, whysize, "%s: id_token: algorithm not allowed", p->id);
	else if (!(k = signing_key(p, jwt, why, whysize)))
		;
	else if (r_jwt_verify_signature(jwt, k, 0) != RHN_OK)
		snprintf(why, whysize, "%s: id_token: signature check failed", p->id);
	else if (!(claims = r_jwt_get_full_claims_str(jwt)) || !(cl = cJSON_Parse(claims)))
		snprintf(why, whysize, "%s: id_token: claims unreadable", p->id);
	else
		rc = check_claims(p, cl, nonce, subject, name, why, whysize);
	cJSON_Delete(cl);
	r_free(claims);
	r_jwk_free(k);
	r_jwt_free(jwt);
	return rc;
}

/* "Authorization: Basic ..." of client_secret_basic (id and secret form-encoded). */
static char *basic_auth(CURL *c, const struct oidc_provider *p)
{
	char *id = curl_easy_escape(c, p->client_id, 0), *pw = curl_easy_escape(c, p->secret, 0);
	char *pair = NULL, *hdr = NULL;
	size_t n, b64;

	if (id && pw && asprintf(&pair, "%s:%s", id, pw) >= 0) {
		n = strlen(pair);
		b64 = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
		if ((hdr = malloc(b64 + 32))) {
			memcpy(hdr, "Authorization: Basic ", 22);
			sodium_bin2base64(hdr + 21, b64, (unsigned char *)pair, n,
					  sodium_base64_VARIANT_ORIGINAL);
		}
		sodium_memzero(pair, n);
		free(pair);
	}
	if (pw)
		sodium_memzero(pw, strlen(pw));
	curl_free(id);
	curl_free(pw);
	return hdr;
}

int oidc_exchange(const struct oidc_provider *cp, const char *redirect_uri, const char *code,
		  const char *verifier, const char *nonce, char *subject, char *name, char *why,
		  size_t whysize)
{
	struct oidc_provider *p = (struct oidc_provider *)cp;
	CURL *c;
	char *form = NULL, *auth = NULL, *ep, *cc, *ru, *cv;
	cJSON *tok = NULL;
	int rc = -1;

	if (!endpoint(p, true, &ep, &c, why, whysize))
		return -1;
	cc = curl_easy_escape(c, code, 0);
	ru = curl_easy_escape(c, redirect_uri, 0);
	cv = curl_easy_escape(c, verifier, 0);
	auth = basic_auth(c, p);
	if (cc && ru && cv && auth &&
	    asprintf(&form, "grant_type=authorization_code&code=%s&redirect_uri=%s"
		     "&code_verifier=%s", cc, ru, cv) >= 0) {
		tok = http_json(ep, form, auth, why, whysize);
		sodium_memzero(form, strlen(form));
		free(form);
	}
	if (tok && !jstr(tok, "id_token"))
		snprintf(why, whysize, "%s: token: no id_token", p->id);
	else if (tok)
		rc = verify_id_token(p, jstr(tok, "id_token"), nonce, subject, name, why, whysize);
	/* The provider's tokens are never kept. */
	for (cJSON *i = tok ? tok->child : NULL; i; i = i->next)
		if (cJSON_IsString(i))
			sodium_memzero(i->valuestring, strlen(i->valuestring));
	cJSON_Delete(tok);
	wipe_free(auth);
	if (cv)
		sodium_memzero(cv, strlen(cv));
	if (cc)
		sodium_memzero(cc, strlen(cc));
	curl_free(cc);
	curl_free(ru);
	curl_free(cv);
	curl_easy_cleanup(c);
	free(ep);
	return rc;
}
