/* Money intents on disk (see intents.h): one JSON file a key, written like the other
 * state files (a temporary file renamed into place, 0600 in a 0700 directory), read
 * back as untrusted text; a lock file a key for the process that holds it. */
#include "kabinet/intents.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kabinet/state.h"

/* An intent is under 4 KiB; a file of 64 KiB or more is not one. */
#define INTENT_FILE_MAX 65536

#define INTENT_VERSION 1
#define INT_LIMIT 9007199254740992.0	/* 2^53: what a double holds exactly */

static const char *const methods[INTENT_KINDS] = {
	[INTENT_PAY] = "createPayment",
	[INTENT_BIND] = "bindCard",
	[INTENT_TRANSFER] = "transferFunds",
	[INTENT_PROMISED] = "activatePromisedPayment",
	[INTENT_BONUS] = "spendBonuses",
};

const char *intent_method(enum intent_kind kind)
{
	return kind < INTENT_KINDS ? methods[kind] : "";
}

int intent_kind_of(const char *method)
{
	for (int k = 0; k < INTENT_KINDS; k++)
		if (method && !strcmp(method, methods[k]))
			return k;
	return -1;
}

bool intent_total(const struct intent *in, int64_t *total)
{
	int64_t t = 0;

	for (size_t i = 0; i < in->n; i++)
		if (__builtin_add_overflow(t, in->items[i].amount, &t))
			return false;
	*total = t;
	return true;
}

static bool touches(const struct intent *in, const char *id)
{
	if (!id[0])
		return false;
	if (!strcmp(in->from_id, id))
		return true;
	for (size_t i = 0; i < in->n; i++)
		if (!strcmp(in->items[i].account_id, id))
			return true;
	return false;
}

bool intent_overlaps(const struct intent *a, const struct intent *b)
{
	if (touches(b, a->from_id))
		return true;
	for (size_t i = 0; i < a->n; i++)
		if (touches(b, a->items[i].account_id))
			return true;
	/* A binding touches no account: two bindings are the same kind of thing. */
	return a->kind == INTENT_BIND && b->kind == INTENT_BIND;
}

/* Keys are what pay_new_key() makes: 32 lowercase hex digits, safe as a file name. */
static bool key_ok(const char *key)
{
	size_t n = strlen(key);

	return n == PAY_KEY_SIZE - 1 && strspn(key, "0123456789abcdef") == n;
}

int intent_store_init(struct intent_store *s, const char *server, const char *login)
{
	memset(s, 0, sizeof(*s));
	if (strlen(server) >= sizeof(s->server) || strlen(login) >= sizeof(s->login))
		return -1;
	if (state_key_path(state_dir, "intents/", server, login, "", s->dir, sizeof(s->dir)) != 0) {
		s->dir[0] = '\0';
		return -1;
	}
	memcpy(s->server, server, strlen(server) + 1);
	memcpy(s->login, login, strlen(login) + 1);
	return 0;
}

static int path_of(const char *dir, const char *key, const char *ext, char *buf, size_t size)
{
	int n;

	if (!key_ok(key))
		return -1;
	n = snprintf(buf, size, "%s/%s.%s", dir, key, ext);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* --- the file's text --- */

static bool add_item(cJSON *arr, const struct intent_item *it)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !cJSON_AddItemToArray(arr, o))
		return cJSON_Delete(o), false;
	return cJSON_AddStringToObject(o, "accountId", it->account_id) &&
	       cJSON_AddStringToObject(o, "number", it->number) &&
	       cJSON_AddNumberToObject(o, "amount", (double)it->amount);
}

char *intent_format(const struct intent *in, const char *server, const char *login)
{
	cJSON *root = cJSON_CreateObject(), *items;
	char *text = NULL;
	bool ok = root && in->kind < INTENT_KINDS;

	ok = ok && cJSON_AddNumberToObject(root, "version", INTENT_VERSION) &&
	     cJSON_AddStringToObject(root, "server", server) &&
	     cJSON_AddStringToObject(root, "login", login) &&
	     cJSON_AddStringToObject(root, "key", in->key) &&
	     cJSON_AddStringToObject(root, "method", methods[in->kind]) &&
	     cJSON_AddNumberToObject(root, "created", (double)in->created) &&
	     cJSON_AddStringToObject(root, "paymentId", in->payment_id) &&
	     cJSON_AddStringToObject(root, "cardMask", in->card_mask) &&
	     cJSON_AddStringToObject(root, "fromAccountId", in->from_id) &&
	     cJSON_AddStringToObject(root, "fromNumber", in->from_number) &&
	     (items = cJSON_AddArrayToObject(root, "items")) != NULL;
	for (size_t i = 0; ok && i < in->n; i++)
		ok = add_item(items, &in->items[i]);
	if (ok)
		text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return text;
}

/* A whole number within ±2^53. */
static bool get_int(const cJSON *o, const char *name, int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!cJSON_IsNumber(v) || v->valuedouble != v->valuedouble ||
	    v->valuedouble > INT_LIMIT || v->valuedouble < -INT_LIMIT ||
	    v->valuedouble != (double)(int64_t)v->valuedouble)
		return false;
	*out = (int64_t)v->valuedouble;
	return true;
}

static bool same_str(const cJSON *o, const char *name, const char *want)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) && v->valuestring && !strcmp(v->valuestring, want);
}

static bool parse_items(const cJSON *arr, struct intent *in)
{
	const cJSON *it;

	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > PAY_ITEMS_MAX)
		return false;
	cJSON_ArrayForEach(it, arr) {
		struct intent_item *d = &in->items[in->n++];
		if (!state_json_str(it, "accountId", d->account_id, sizeof(d->account_id)) ||
		    !state_json_str(it, "number", d->number, sizeof(d->number)) ||
		    !get_int(it, "amount", &d->amount) || d->amount <= 0)
			return false;
	}
	return true;
}

int intent_parse(const char *text, const char *server, const char *login, struct intent *out)
{
	cJSON *root = cJSON_Parse(text);
	struct intent in = { 0 };
	int64_t version = 0, created = 0;
	char method[64];
	int kind;
	bool ok;

	ok = cJSON_IsObject(root) && get_int(root, "version", &version) &&
	     version == INTENT_VERSION && same_str(root, "server", server) &&
	     same_str(root, "login", login) && state_json_str(root, "key", in.key, sizeof(in.key)) &&
	     key_ok(in.key) && state_json_str(root, "method", method, sizeof(method)) &&
	     (kind = intent_kind_of(method)) >= 0 && get_int(root, "created", &created) &&
	     created > 0 &&
	     state_json_str(root, "paymentId", in.payment_id, sizeof(in.payment_id)) &&
	     state_json_str(root, "cardMask", in.card_mask, sizeof(in.card_mask)) &&
	     state_json_str(root, "fromAccountId", in.from_id, sizeof(in.from_id)) &&
	     state_json_str(root, "fromNumber", in.from_number, sizeof(in.from_number)) &&
	     parse_items(cJSON_GetObjectItemCaseSensitive(root, "items"), &in);
	cJSON_Delete(root);
	if (!ok)
		return -1;
	in.kind = (enum intent_kind)kind;
	in.created = (time_t)created;
	/* A binding has no accounts; everything else has at least one. */
	if ((in.kind == INTENT_BIND) != (in.n == 0))
		return -1;
	*out = in;
	return 0;
}

/* --- files --- */

int intent_save(const struct intent_store *s, const struct intent *in)
{
	char path[4300], dir[4200];

	if (!s->dir[0] || path_of(s->dir, in->key, "json", path, sizeof(path)) != 0) {
		errno = EINVAL;
		return -1;
	}
	memcpy(dir, s->dir, sizeof(dir));
	if (state_make_dirs(dir) != 0)
		return -1;
	return state_write_text(path, intent_format(in, s->server, s->login), cJSON_free);
}

int intent_remove(const struct intent_store *s, const char *key)
{
	char path[4300];

	if (!s->dir[0] || path_of(s->dir, key, "json", path, sizeof(path)) != 0)
		return 0;
	if (unlink(path) != 0 && errno != ENOENT)
		return -1;
	return 0;
}

void intent_drop_lock(const struct intent_store *s, const char *key)
{
	char path[4300];

	if (s->dir[0] && path_of(s->dir, key, "lock", path, sizeof(path)) == 0)
		unlink(path);
}


int intent_load(const struct intent_store *s, const char *key, struct intent *out)
{
	char path[4300], *text;
	int rc;

	if (!s->dir[0] || path_of(s->dir, key, "json", path, sizeof(path)) != 0)
		return -1;
	text = state_read_small(path, INTENT_FILE_MAX);
	if (!text)
		return -1;
	rc = intent_parse(text, s->server, s->login, out);
	free(text);
	return rc == 0 && !strcmp(out->key, key) ? 0 : -1;
}

static int by_created(const void *a, const void *b)
{
	const struct intent *x = a, *y = b;

	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	return strcmp(x->key, y->key);
}

size_t intent_load_all(const struct intent_store *s, struct intent **out)
{
	DIR *d = s->dir[0] ? opendir(s->dir) : NULL;
	struct dirent *e;
	struct intent *list = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char key[PAY_KEY_SIZE];
		size_t len = strlen(e->d_name);
		if (len != PAY_KEY_SIZE - 1 + 5 || strcmp(e->d_name + PAY_KEY_SIZE - 1, ".json"))
			continue;
		memcpy(key, e->d_name, PAY_KEY_SIZE - 1);
		key[PAY_KEY_SIZE - 1] = '\0';
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct intent *nl = realloc(list, ncap * sizeof(*nl));
			if (!nl)
				break;
			list = nl;
			cap = ncap;
		}
		if (intent_load(s, key, &list[n]) == 0)
			n++;
	}
	closedir(d);
	if (!n) {
		free(list);
		return 0;
	}
	qsort(list, n, sizeof(*list), by_created);
	*out = list;
	return n;
}

int intent_lock(const struct intent_store *s, const char *key)
{
	char path[4300], dir[4200];
	int fd;

	if (!s->dir[0] || path_of(s->dir, key, "lock", path, sizeof(path)) != 0) {
		errno = EINVAL;
		return -1;
	}
	memcpy(dir, s->dir, sizeof(dir));
	if (state_make_dirs(dir) != 0)
		return -1;
	/* A lock file its holder removed while this one was opening it is no lock: the
	 * one now at the path is taken instead. */
	for (int tries = 0; tries < 4; tries++) {
		struct stat held, now;
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0)
			return -1;
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (fstat(fd, &held) == 0 && stat(path, &now) == 0 && held.st_ino == now.st_ino &&
		    held.st_dev == now.st_dev)
			return fd;
		close(fd);
	}
	errno = EWOULDBLOCK;
	return -1;
}

void intent_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
