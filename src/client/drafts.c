/* Drafts of support texts on disk (drafts.h): one small JSON file per draft, written
 * whole and renamed into place, read back only when it is what it says it is. */
#include "kabinet/drafts.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/state.h"
#include "kabinet/model/utf8.h"

/* A request's id names a file only when it is short and plain. */
static bool id_ok(const char *id)
{
	size_t n = strlen(id);

	return n > 0 && n < 64 && id[0] != '.' &&
	       strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n;
}

int draft_key_init(struct draft_key *k, const char *server, const char *login,
		   const char *request_id)
{
	char state[4096];
	uint64_t h;
	int n;

	memset(k, 0, sizeof(*k));
	if (!request_id)
		request_id = "";
	if (state_dir(state, sizeof(state)) != 0 || strlen(server) >= sizeof(k->server) ||
	    strlen(login) >= sizeof(k->login) || (request_id[0] && !id_ok(request_id)))
		return -1;
	h = state_key(server, login);
	if (request_id[0])
		n = snprintf(k->path, sizeof(k->path), "%s/drafts/%016" PRIx64 "/reply-%s.json",
			     state, h, request_id);
	else
		n = snprintf(k->path, sizeof(k->path), "%s/drafts/%016" PRIx64 "/new.json", state,
			     h);
	if (n < 0 || (size_t)n >= sizeof(k->path)) {
		k->path[0] = '\0';
		return -1;
	}
	memcpy(k->server, server, strlen(server) + 1);
	memcpy(k->login, login, strlen(login) + 1);
	memcpy(k->request_id, request_id, strlen(request_id) + 1);
	return 0;
}

static bool blank(const char *s)
{
	return !s || s[strspn(s, " \t\r\n")] == '\0';
}

static char *format(const struct draft_key *k, const struct draft *d)
{
	cJSON *o = cJSON_CreateObject();
	char *text = NULL;

	if (o && cJSON_AddStringToObject(o, "server", k->server) &&
	    cJSON_AddStringToObject(o, "login", k->login) &&
	    cJSON_AddStringToObject(o, "requestId", k->request_id) &&
	    cJSON_AddStringToObject(o, "topic", d->topic) &&
	    cJSON_AddStringToObject(o, "accountId", d->account_id) &&
	    cJSON_AddStringToObject(o, "text", d->text ? d->text : "") &&
	    cJSON_AddNumberToObject(o, "saved", (double)(d->saved ? d->saved : time(NULL))))
		text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

/* The text is the person's own words: not left in freed memory. */
static void wipe_free(void *text)
{
	memset(text, 0, strlen(text));
	cJSON_free(text);
}

int draft_save(const struct draft_key *k, const struct draft *d)
{
	char dir[sizeof(k->path)], *slash;

	if (!k->path[0]) {
		errno = EINVAL;
		return -1;
	}
	if (blank(d->topic) && blank(d->text))
		return draft_remove(k);
	memcpy(dir, k->path, sizeof(dir));
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (state_make_dirs(dir) != 0)
		return -1;
	return state_write_text(k->path, format(k, d), wipe_free);
}

int draft_remove(const struct draft_key *k)
{
	if (!k->path[0])
		return 0;
	if (unlink(k->path) != 0 && errno != ENOENT)
		return -1;
	return 0;
}


/* A string member that is there, valid UTF-8 and (when max) shorter than max bytes. */
static const char *str_of(const cJSON *o, const char *name, size_t max)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	size_t n;

	if (!cJSON_IsString(v) || !v->valuestring)
		return NULL;
	n = strlen(v->valuestring);
	if ((max && n >= max) || !utf8_valid(v->valuestring, n))
		return NULL;
	return v->valuestring;
}

int draft_load(const struct draft_key *k, struct draft *out)
{
	char *text;
	cJSON *o;
	const char *server, *login, *req, *topic, *acc, *body;
	const cJSON *saved;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!k->path[0] || !(text = state_read_small(k->path, DRAFT_FILE_MAX)))
		return -1;
	o = cJSON_Parse(text);
	memset(text, 0, strlen(text));
	free(text);
	if (!o)
		return -1;
	server = str_of(o, "server", 0);
	login = str_of(o, "login", 0);
	req = str_of(o, "requestId", 0);
	topic = str_of(o, "topic", sizeof(out->topic));
	acc = str_of(o, "accountId", sizeof(out->account_id));
	body = str_of(o, "text", 0);
	saved = cJSON_GetObjectItemCaseSensitive(o, "saved");
	if (server && login && req && topic && acc && body && cJSON_IsNumber(saved) &&
	    saved->valuedouble > 0 && saved->valuedouble < 1e12 && !strcmp(server, k->server) &&
	    !strcmp(login, k->login) && !strcmp(req, k->request_id) &&
	    (!k->request_id[0] || !topic[0]) && !(blank(topic) && blank(body)) &&
	    (out->text = strdup(body))) {
		memcpy(out->topic, topic, strlen(topic) + 1);
		memcpy(out->account_id, acc, strlen(acc) + 1);
		out->saved = (time_t)saved->valuedouble;
		rc = 0;
	}
	/* The parsed copy of the text is wiped as well. */
	body = str_of(o, "text", 0);
	if (body)
		memset((char *)body, 0, strlen(body));
	cJSON_Delete(o);
	return rc;
}

void draft_free(struct draft *d)
{
	if (d->text) {
		memset(d->text, 0, strlen(d->text));
		free(d->text);
	}
	d->text = NULL;
}
