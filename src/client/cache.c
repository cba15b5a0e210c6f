/* The overview cache (see cache.h): written like the state files (a temporary file
 * renamed into place, 0600 in a 0700 directory), read back as untrusted text. */
#include "kabinet/cache.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kabinet/state.h"
#include "kabinet/xdg.h"

#define CACHE_VERSION 1
#define INT_LIMIT 9007199254740992.0	/* 2^53: what a double holds exactly */

int cache_dir(char *buf, size_t size)
{
	return xdg_dir("XDG_CACHE_HOME", ".cache", buf, size);
}

int cache_path(const char *server, const char *login, char *buf, size_t size)
{
	return state_key_path(cache_dir, "overview-", server, login, ".json", buf, size);
}

/* --- writing --- */

static bool add_str(cJSON *o, const char *name, const char *value)
{
	return cJSON_AddStringToObject(o, name, value) != NULL;
}

static bool add_int(cJSON *o, const char *name, int64_t value)
{
	return cJSON_AddNumberToObject(o, name, (double)value) != NULL;
}

static bool add_balance(cJSON *acc, const struct balance *b)
{
	cJSON *o;

	if (!b->known)
		return true;
	o = cJSON_AddObjectToObject(acc, "balance");
	if (!o || !add_int(o, "balance", b->balance) || !add_int(o, "recommended", b->recommended))
		return false;
	if (b->has_days_to_lock && !add_int(o, "daysToLock", b->days_to_lock))
		return false;
	if (b->has_promised) {
		cJSON *p = cJSON_AddObjectToObject(o, "promised");
		if (!p || !add_int(p, "amount", b->promised_amount) ||
		    !add_str(p, "expires", b->promised_expires))
			return false;
	}
	return true;
}

static bool add_accounts(cJSON *root, const struct account_list *list)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "accounts");

	if (!arr)
		return false;
	for (size_t i = 0; i < list->n; i++) {
		const struct account *a = &list->items[i];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			return false;
		cJSON_AddItemToArray(arr, o);
		if (!add_str(o, "id", a->id) || !add_str(o, "number", a->number) ||
		    !add_str(o, "region", a->region) ||
		    !add_str(o, "paymentSystem", a->credit ? "CREDIT" : "ADVANCE") ||
		    !add_str(o, "relation", a->relative ? "RELATIVE" : "OWN") ||
		    !add_balance(o, &a->bal))
			return false;
	}
	return true;
}

static bool add_bonus(cJSON *root, const struct bonus *b)
{
	cJSON *o = cJSON_AddObjectToObject(root, "bonus");

	return o && cJSON_AddBoolToObject(o, "active", b->active) && add_int(o, "points", b->points) &&
	       add_str(o, "level", b->level) && add_str(o, "levelName", b->level_name) &&
	       add_str(o, "levelExpires", b->level_expires) &&
	       add_int(o, "burningPoints", b->burning_points) &&
	       add_str(o, "burningDate", b->burning_date);
}

static bool add_profile(cJSON *root, const struct profile *p)
{
	cJSON *o = cJSON_AddObjectToObject(root, "profile");

	/* The name only: no e-mail, phone or region is needed to draw the overview. */
	return o && add_str(o, "login", p->login) && add_str(o, "lastName", p->last_name) &&
	       add_str(o, "name", p->name) && add_str(o, "middleName", p->middle_name);
}

char *cache_format(const struct cache_view *v, const char *server, const char *login)
{
	cJSON *root = cJSON_CreateObject();
	char *text = NULL;

	if (root && add_int(root, "version", CACHE_VERSION) && add_str(root, "server", server) &&
	    add_str(root, "login", login) && add_int(root, "taken", (int64_t)v->taken) &&
	    add_accounts(root, &v->accounts) && (!v->bonus_known || add_bonus(root, &v->bonus)) &&
	    (!v->profile_known || add_profile(root, &v->profile)))
		text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return text;
}

int cache_save(const char *server, const char *login, const struct cache_view *v)
{
	char dir[4096], path[4096 + 64];

	if (cache_dir(dir, sizeof(dir)) != 0 || cache_path(server, login, path, sizeof(path)) != 0) {
		errno = ENOENT;
		return -1;
	}
	if (state_make_dirs(dir) != 0)
		return -1;
	return state_write_text(path, cache_format(v, server, login), free);
}

int cache_forget(const char *server, const char *login)
{
	char path[4096 + 64];

	if (cache_path(server, login, path, sizeof(path)) != 0)
		return 0;	/* no home: nothing could have been written */
	if (unlink(path) != 0 && errno != ENOENT)
		return -1;
	return 0;
}

/* --- reading --- */

/* A string member that fits dst as it is (state_json_str()), with `nonempty` not "". */
static bool get_str(const cJSON *o, const char *name, char *dst, size_t size, bool nonempty)
{
	return state_json_str(o, name, dst, size) && (!nonempty || dst[0]);
}

/* An integer member within ±2^53; *present (may be NULL) says whether it was there. */
static bool get_int(const cJSON *o, const char *name, bool required, bool *present, int64_t *out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
	double d;

	if (present)
		*present = false;
	if (!it)
		return !required;
	if (!cJSON_IsNumber(it))
		return false;
	d = it->valuedouble;
	if (!isfinite(d) || d != floor(d) || d > INT_LIMIT || d < -INT_LIMIT)
		return false;
	*out = (int64_t)d;
	if (present)
		*present = true;
	return true;
}

static bool get_word(const cJSON *o, const char *name, const char *yes, const char *no, bool *out)
{
	char word[16];

	if (!get_str(o, name, word, sizeof(word), true))
		return false;
	if (!strcmp(word, yes))
		*out = true;
	else if (!strcmp(word, no))
		*out = false;
	else
		return false;
	return true;
}

static bool read_balance(const cJSON *acc, struct balance *b)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(acc, "balance");
	const cJSON *p;

	memset(b, 0, sizeof(*b));
	if (!o)
		return true;
	if (!cJSON_IsObject(o) || !get_int(o, "balance", true, NULL, &b->balance) ||
	    !get_int(o, "recommended", true, NULL, &b->recommended) ||
	    !get_int(o, "daysToLock", false, &b->has_days_to_lock, &b->days_to_lock))
		return false;
	p = cJSON_GetObjectItemCaseSensitive(o, "promised");
	if (p) {
		if (!cJSON_IsObject(p) || !get_int(p, "amount", true, NULL, &b->promised_amount) ||
		    !get_str(p, "expires", b->promised_expires, sizeof(b->promised_expires), false))
			return false;
		b->has_promised = true;
	}
	b->known = true;
	return true;
}

static bool read_account(const cJSON *o, struct account *a)
{
	return cJSON_IsObject(o) && get_str(o, "id", a->id, sizeof(a->id), true) &&
	       get_str(o, "number", a->number, sizeof(a->number), true) &&
	       get_str(o, "region", a->region, sizeof(a->region), false) &&
	       get_word(o, "paymentSystem", "CREDIT", "ADVANCE", &a->credit) &&
	       get_word(o, "relation", "RELATIVE", "OWN", &a->relative) && read_balance(o, &a->bal);
}

static bool read_accounts(const cJSON *root, struct account_list *list)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "accounts");
	const cJSON *it;
	int n = cJSON_GetArraySize(arr);
	size_t i = 0;

	if (!cJSON_IsArray(arr) || n < 0 || (unsigned)n > CACHE_MAX_ACCOUNTS)
		return false;
	list->items = n ? calloc((size_t)n, sizeof(*list->items)) : NULL;
	if (n && !list->items)
		return false;
	cJSON_ArrayForEach(it, arr) {
		if (!read_account(it, &list->items[i]))
			return false;
		list->n = ++i;
	}
	/* Each id once: the screens find an account by it. */
	return model_index_accounts(list) == 0;
}

static bool read_bonus(const cJSON *root, struct bonus *b, bool *known)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "bonus");
	const cJSON *active;

	*known = false;
	if (!o)
		return true;
	active = cJSON_GetObjectItemCaseSensitive(o, "active");
	if (!cJSON_IsObject(o) || !cJSON_IsBool(active) ||
	    !get_int(o, "points", true, NULL, &b->points) ||
	    !get_str(o, "level", b->level, sizeof(b->level), false) ||
	    !get_str(o, "levelName", b->level_name, sizeof(b->level_name), false) ||
	    !get_str(o, "levelExpires", b->level_expires, sizeof(b->level_expires), false) ||
	    !get_int(o, "burningPoints", true, NULL, &b->burning_points) ||
	    !get_str(o, "burningDate", b->burning_date, sizeof(b->burning_date), false))
		return false;
	b->active = cJSON_IsTrue(active);
	*known = true;
	return true;
}

static bool read_profile(const cJSON *root, struct profile *p, bool *known)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "profile");

	*known = false;
	if (!o)
		return true;
	if (!cJSON_IsObject(o) || !get_str(o, "login", p->login, sizeof(p->login), false) ||
	    !get_str(o, "lastName", p->last_name, sizeof(p->last_name), false) ||
	    !get_str(o, "name", p->name, sizeof(p->name), false) ||
	    !get_str(o, "middleName", p->middle_name, sizeof(p->middle_name), false))
		return false;
	*known = true;
	return true;
}

enum cache_status cache_parse(const char *json, size_t len, const char *server,
			      const char *login, struct cache_view *out)
{
	cJSON *root;
	const cJSON *it;
	int64_t version = 0, taken = 0;
	bool ok;

	memset(out, 0, sizeof(*out));
	if (!json || len > CACHE_MAX_BYTES || memchr(json, '\0', len))
		return CACHE_BAD;
	root = cJSON_ParseWithLength(json, len);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return CACHE_BAD;
	}
	/* Whose figures these are is checked, not taken from the file's name. */
	ok = get_int(root, "version", true, NULL, &version) && version == CACHE_VERSION;
	it = cJSON_GetObjectItemCaseSensitive(root, "server");
	ok = ok && cJSON_IsString(it) && !strcmp(it->valuestring, server);
	it = cJSON_GetObjectItemCaseSensitive(root, "login");
	ok = ok && cJSON_IsString(it) && !strcmp(it->valuestring, login);
	ok = ok && get_int(root, "taken", true, NULL, &taken) && taken > 0;
	ok = ok && read_accounts(root, &out->accounts) &&
	     read_bonus(root, &out->bonus, &out->bonus_known) &&
	     read_profile(root, &out->profile, &out->profile_known);
	cJSON_Delete(root);
	if (!ok) {
		cache_view_free(out);
		return CACHE_BAD;
	}
	out->taken = (time_t)taken;
	return CACHE_OK;
}

/* The directory must be ours and closed to others, or nothing in it is believed. */
static bool dir_safe(const char *dir)
{
	struct stat sb;

	return lstat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) && sb.st_uid == geteuid() &&
	       (sb.st_mode & 022) == 0;
}

enum cache_status cache_load(const char *server, const char *login, struct cache_view *out)
{
	char dir[4096], path[4096 + 64];
	struct stat sb;
	char *text;
	size_t got = 0;
	int fd;
	enum cache_status st;

	memset(out, 0, sizeof(*out));
	if (cache_dir(dir, sizeof(dir)) != 0 || cache_path(server, login, path, sizeof(path)) != 0)
		return CACHE_NONE;
	if (lstat(dir, &sb) != 0)
		return CACHE_NONE;
	if (!dir_safe(dir))
		return CACHE_UNSAFE;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ELOOP) {
			unlink(path);	/* a symlink in our own directory is not our file */
			return CACHE_BAD;
		}
		return errno == ENOENT ? CACHE_NONE : CACHE_BAD;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_uid != geteuid()) {
		close(fd);
		return CACHE_UNSAFE;
	}
	if ((sb.st_mode & 077) != 0 || sb.st_size < 0 || (uintmax_t)sb.st_size > CACHE_MAX_BYTES) {
		close(fd);
		unlink(path);
		return CACHE_BAD;
	}
	text = malloc((size_t)sb.st_size + 1);
	if (!text) {
		close(fd);
		return CACHE_NONE;
	}
	/* Read up to one byte past the size stat gave: a file that grew is refused. */
	got = state_read_fd(fd, text, (size_t)sb.st_size + 1);
	close(fd);
	st = got == (size_t)sb.st_size ? cache_parse(text, got, server, login, out) : CACHE_BAD;
	free(text);
	if (st == CACHE_BAD)
		unlink(path);
	return st;
}

void cache_view_free(struct cache_view *v)
{
	model_free_accounts(&v->accounts);
	memset(v, 0, sizeof(*v));
}
