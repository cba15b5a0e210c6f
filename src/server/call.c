/* Helpers the method handlers share: failures, request field readers, paging,
 * response builders, queries (bound statements, rows as objects) and the
 * authorization checks on accounts and services. */
#include "kabinet/server/call.h"

#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/server/db.h"
#include "kabinet/server/log.h"
#include "kabinet/server/srv.h"

static const struct method *const method_tables[] = {
	auth_methods, profile_methods, account_methods, service_methods,
	money_methods, payment_methods, autopay_methods, bonus_methods, support_methods,
	audit_methods, first_login_methods, charge_methods,
	social_methods,
	notify_methods,
};

const struct method *call_find_method(const char *name)
{
	for (size_t t = 0; t < sizeof(method_tables) / sizeof(method_tables[0]); t++)
		for (const struct method *m = method_tables[t]; m->name; m++)
			if (!strcmp(m->name, name))
				return m;
	return NULL;
}

int call_fail(struct call *c, enum api_err err, const char *field, const char *ru,
	      const char *en)
{
	c->err = err;
	c->field = field;
	snprintf(c->msg, sizeof(c->msg), "%s", c->en ? en : ru);
	return CALL_FAIL;
}

int call_failf(struct call *c, enum api_err err, const char *field, const char *ru,
	       const char *en, ...)
{
	va_list ap;
	c->err = err;
	c->field = field;
	va_start(ap, en);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(c->msg, sizeof(c->msg), c->en ? en : ru, ap);
#pragma GCC diagnostic pop
	va_end(ap);
	return CALL_FAIL;
}

int call_internal(struct call *c, const char *what)
{
	/* The dry run of an M_SECRETS call cannot write: failing there is expected. */
	if (!c->dry_run)
		log_msg("%s: internal error: %s: %s", c->method, what, sqlite3_errmsg(c->db));
	return call_fail(c, APIERR_INTERNAL, NULL, "Внутренняя ошибка сервера, попробуйте позже",
			 "Internal server error, please try again later");
}

bool call_password_verify(struct call *c, const char *hash, const char *password)
{
	const int max = (int)(sizeof(c->verified) / sizeof(c->verified[0]));
	bool ok;
	for (int i = 0; i < c->nverified; i++)
		if (c->verified[i].password == password && !strcmp(c->verified[i].hash, hash))
			return c->verified[i].ok;
	ok = srv_password_verify(hash, password);
	if (c->dry_run && c->nverified < max && strlen(hash) < sizeof(c->verified[0].hash)) {
		snprintf(c->verified[c->nverified].hash, sizeof(c->verified[0].hash), "%s", hash);
		c->verified[c->nverified].password = password;
		c->verified[c->nverified++].ok = ok;
	}
	return ok;
}

int call_password_hash(struct call *c, const char *password, char *out)
{
	const int max = (int)(sizeof(c->hashed) / sizeof(c->hashed[0]));
	for (int i = 0; i < c->nhashed; i++)
		if (c->hashed[i].password == password) {
			snprintf(out, 128, "%s", c->hashed[i].hash);
			return 0;
		}
	if (srv_password_hash(password, out) != 0)
		return -1;
	if (c->dry_run && c->nhashed < max) {
		snprintf(c->hashed[c->nhashed].hash, sizeof(c->hashed[0].hash), "%s", out);
		c->hashed[c->nhashed++].password = password;
	}
	return 0;
}

static int fail_required(struct call *c, const char *name)
{
	return call_failf(c, APIERR_VALIDATION, name, "Поле %s обязательно",
			  "Field %s is required", name);
}

static int fail_type(struct call *c, const char *name, const char *ru_type, const char *en_type)
{
	/* Same argument order for both formats: the name, then the type word. */
	return call_failf(c, APIERR_BAD_REQUEST, name, "Поле %s должно быть %s",
			  "Field %s must be %s", name, c->en ? en_type : ru_type);
}

/* Counts UTF-8 characters; -1 for invalid UTF-8 or control characters other than
 * newline and tab (never accepted in text fields). */
static long utf8_chars(const char *s)
{
	long n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int len;
		if (*p < 0x80) {
			if (*p < 0x20 && *p != '\n' && *p != '\t')
				return -1;
			len = 1;
		} else if ((*p & 0xe0) == 0xc0 && *p >= 0xc2) {
			len = 2;
		} else if ((*p & 0xf0) == 0xe0) {
			len = 3;
		} else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4) {
			len = 4;
		} else {
			return -1;
		}
		for (int i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				return -1;
		p += len;
		n++;
	}
	return n;
}

int in_str_at(struct call *c, const cJSON *obj, const char *name, const char *path,
	      bool required, size_t min_chars, size_t max_chars, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	long n;

	if (!v || cJSON_IsNull(v)) {
		if (required)
			return fail_required(c, path);
		return CALL_OK;
	}
	if (!cJSON_IsString(v) || !v->valuestring)
		return fail_type(c, path, "строкой", "a string");
	n = utf8_chars(v->valuestring);
	if (n < 0)
		return call_failf(c, APIERR_VALIDATION, path, "Поле %s содержит недопустимые символы",
				  "Field %s contains invalid characters", path);
	if ((size_t)n < min_chars || (size_t)n > max_chars) {
		if (n == 0 && required)
			return fail_required(c, path);
		return call_failf(c, APIERR_VALIDATION, path,
				  "Длина поля %s должна быть от %zu до %zu символов",
				  "Field %s must be %zu to %zu characters long", path, min_chars,
				  max_chars);
	}
	*out = v->valuestring;
	return CALL_OK;
}

int in_str(struct call *c, const char *name, bool required, size_t min_chars,
	   size_t max_chars, const char **out)
{
	return in_str_at(c, c->in, name, name, required, min_chars, max_chars, out);
}

/* JSON numbers arrive as doubles; only exact integers within 2^53 are accepted. */
static int int_value(struct call *c, const cJSON *v, const char *path, int64_t min,
		     int64_t max, int64_t *out)
{
	double d;
	if (!cJSON_IsNumber(v))
		return fail_type(c, path, "целым числом", "an integer");
	d = v->valuedouble;
	if (!isfinite(d) || d != floor(d))
		return fail_type(c, path, "целым числом", "an integer");
	if (d < (double)min || d > (double)max || fabs(d) > 9007199254740992.0)
		return call_failf(c, APIERR_VALIDATION, path,
				  "Значение поля %s должно быть от %lld до %lld",
				  "Field %s must be from %lld to %lld", path, (long long)min,
				  (long long)max);
	*out = (int64_t)d;
	return CALL_OK;
}

int in_int_at(struct call *c, const cJSON *obj, const char *name, const char *path,
	      int64_t min, int64_t max, int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!v || cJSON_IsNull(v))
		return fail_required(c, path);
	return int_value(c, v, path, min, max, out);
}

/* The body's member name when is() accepts it: CALL_OK with *v, NULL when optional and
 * absent (null counts as absent); otherwise the failure, naming the type wanted. */
static int member(struct call *c, const char *name, bool required,
		  cJSON_bool (*is)(const cJSON *), const char *ru_type, const char *en_type,
		  const cJSON **v)
{
	*v = cJSON_GetObjectItemCaseSensitive(c->in, name);
	if (!*v || cJSON_IsNull(*v)) {
		*v = NULL;
		return required ? fail_required(c, name) : CALL_OK;
	}
	return is(*v) ? CALL_OK : fail_type(c, name, ru_type, en_type);
}

int in_int(struct call *c, const char *name, bool required, int64_t min, int64_t max,
	   int64_t *out)
{
	const cJSON *v;
	if (member(c, name, required, cJSON_IsNumber, "целым числом", "an integer", &v) != CALL_OK)
		return CALL_FAIL;
	return v ? int_value(c, v, name, min, max, out) : CALL_OK;
}

int in_bool(struct call *c, const char *name, bool required, bool *out)
{
	const cJSON *v;
	if (member(c, name, required, cJSON_IsBool, "true или false", "true or false", &v) !=
	    CALL_OK)
		return CALL_FAIL;
	if (v)
		*out = cJSON_IsTrue(v);
	return CALL_OK;
}

int in_date(struct call *c, const char *name, bool required, const char **out, int64_t *day)
{
	const char *s = NULL;
	int64_t d;
	if (in_str(c, name, required, 0, 10, &s) != CALL_OK)
		return CALL_FAIL;
	if (!s)
		return CALL_OK;
	d = srv_parse_date(s);
	if (d == INT64_MIN)
		return call_failf(c, APIERR_VALIDATION, name,
				  "Поле %s: ожидается дата ГГГГ-ММ-ДД",
				  "Field %s must be a date YYYY-MM-DD", name);
	*out = s;
	if (day)
		*day = d;
	return CALL_OK;
}

int in_obj(struct call *c, const char *name, bool required, const cJSON **out)
{
	const cJSON *v;
	if (member(c, name, required, cJSON_IsObject, "объектом", "an object", &v) != CALL_OK)
		return CALL_FAIL;
	if (v)
		*out = v;
	return CALL_OK;
}

int in_array(struct call *c, const char *name, bool required, size_t min_items,
	     size_t max_items, const cJSON **out)
{
	const cJSON *v;
	int n;
	if (member(c, name, required, cJSON_IsArray, "массивом", "an array", &v) != CALL_OK)
		return CALL_FAIL;
	if (!v)
		return CALL_OK;
	n = cJSON_GetArraySize(v);
	if ((size_t)n < min_items || (size_t)n > max_items)
		return call_failf(c, APIERR_VALIDATION, name,
				  "В поле %s должно быть от %zu до %zu элементов",
				  "Field %s must have %zu to %zu items", name, min_items, max_items);
	*out = v;
	return CALL_OK;
}

/* Cursors are "v1." + base64url(position), or of position "." bind when bound:
 * opaque to clients, checked on the way in. A forged position only moves within the
 * caller's own rows, since every paged query filters by the caller's profile. */
int in_page_bound(struct call *c, const char *bind, int64_t *limit, int64_t *after,
		  bool *has_cursor)
{
	const char *cur = NULL;
	*limit = 50;
	*has_cursor = false;
	if (in_int(c, "limit", false, 1, 200, limit) != CALL_OK ||
	    in_str(c, "cursor", false, 1, 64, &cur) != CALL_OK)
		return CALL_FAIL;
	if (cur) {
		unsigned char raw[64];
		size_t len = 0;
		char num[65], *end;
		long long v;
		if (strncmp(cur, "v1.", 3) ||
		    sodium_base642bin(raw, sizeof(raw) - 1, cur + 3, strlen(cur + 3), NULL, &len,
				      NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
		    len == 0)
			goto bad;
		memcpy(num, raw, len);
		num[len] = '\0';
		v = strtoll(num, &end, 10);
		if (end == num || v < 0 || (bind ? *end != '.' || strcmp(end + 1, bind) : *end))
			goto bad;
		*after = v;
		*has_cursor = true;
	}
	return CALL_OK;
bad:
	return call_fail(c, APIERR_VALIDATION, "cursor", "Неверный курсор страницы",
			 "Invalid page cursor");
}

int in_page(struct call *c, int64_t *limit, int64_t *after, bool *has_cursor)
{
	return in_page_bound(c, NULL, limit, after, has_cursor);
}

void page_set_next_bound(struct call *c, int64_t pos, const char *bind)
{
	char num[64], b64[96], cursor[104];
	snprintf(num, sizeof(num), "%lld%s%.32s", (long long)pos, bind ? "." : "",
		 bind ? bind : "");
	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)num, strlen(num),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(cursor, sizeof(cursor), "v1.%s", b64);
	cJSON_AddStringToObject(c->out, "nextCursor", cursor);
}

void page_set_next(struct call *c, int64_t pos)
{
	page_set_next_bound(c, pos, NULL);
}

void out_str(cJSON *obj, const char *name, const char *value)
{
	if (value)
		cJSON_AddStringToObject(obj, name, value);
	else
		cJSON_AddNullToObject(obj, name);
}

void out_int(cJSON *obj, const char *name, int64_t value)
{
	cJSON_AddNumberToObject(obj, name, (double)value);
}

void out_bool(cJSON *obj, const char *name, bool value)
{
	cJSON_AddBoolToObject(obj, name, value);
}

void out_null(cJSON *obj, const char *name)
{
	cJSON_AddNullToObject(obj, name);
}

void out_col_str(cJSON *obj, const char *name, sqlite3_stmt *st, int col)
{
	out_str(obj, name, db_text(st, col));
}

void out_col_int(cJSON *obj, const char *name, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		cJSON_AddNullToObject(obj, name);
	else
		out_int(obj, name, sqlite3_column_int64(st, col));
}

static sqlite3_stmt *query_va(struct call *c, const char *what, const char *sql,
			      const char *types, va_list ap)
{
	sqlite3_stmt *st = db_stmt(c->db, sql);
	if (!st) {
		call_internal(c, what);
		return NULL;
	}
	db_bind_va(st, types, ap);
	return st;
}

sqlite3_stmt *call_query(struct call *c, const char *what, const char *sql,
			 const char *types, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	va_start(ap, types);
	st = query_va(c, what, sql, types, ap);
	va_end(ap);
	return st;
}

int call_row(struct call *c, sqlite3_stmt **st, const char *what, const char *sql,
	     const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	*st = query_va(c, what, sql, types, ap);
	va_end(ap);
	if (!*st)
		return CALL_FAIL;
	rc = sqlite3_step(*st);
	if (rc == SQLITE_ROW)
		return CALL_OK;
	sqlite3_reset(*st);
	*st = NULL;
	return rc == SQLITE_DONE ? CALL_OK : call_internal(c, what);
}

/* The array a row's object goes to: list itself without a key; with one, the array
 * member of the parent named by column 0, walking *parent forward through list (NULL
 * when none is left). */
static cJSON *rows_target(cJSON *list, cJSON **parent, const char *key, const char *array,
			  sqlite3_stmt *st)
{
	const char *id;
	if (!key)
		return list;
	id = db_text(st, 0);
	while (*parent && strcmp(cJSON_GetObjectItemCaseSensitive(*parent, key)->valuestring, id))
		*parent = (*parent)->next;
	return *parent ? cJSON_GetObjectItemCaseSensitive(*parent, array) : NULL;
}

static int rows_va(struct call *c, cJSON *list, const char *key, const char *array,
		   row_fn row, const char *what, const char *sql, const char *types, va_list ap)
{
	cJSON *parent = list->child, *into, *obj;
	sqlite3_stmt *st = query_va(c, what, sql, types, ap);
	int rc;

	if (!st)
		return CALL_FAIL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		into = rows_target(list, &parent, key, array, st);
		if (!into)
			break;	/* cannot happen when both queries read one snapshot */
		obj = cJSON_CreateObject();
		row(obj, st);
		cJSON_AddItemToArray(into, obj);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CALL_OK : call_internal(c, what);
}

int call_rows(struct call *c, cJSON *list, row_fn row, const char *what, const char *sql,
	      const char *types, ...)
{
	va_list ap;
	int rc;
	va_start(ap, types);
	rc = rows_va(c, list, NULL, NULL, row, what, sql, types, ap);
	va_end(ap);
	return rc;
}

int call_children(struct call *c, cJSON *list, const char *key, const char *array, row_fn row,
		  const char *what, const char *sql, const char *types, ...)
{
	va_list ap;
	int rc;
	va_start(ap, types);
	rc = rows_va(c, list, key, array, row, what, sql, types, ap);
	va_end(ap);
	return rc;
}

int call_page(struct call *c, cJSON *list, row_fn row, int64_t *first, int64_t *last,
	      const char *what, const char *sql)
{
	return call_page_by(c, c->profile_id, list, row, first, last, what, sql);
}

int call_page_by(struct call *c, int64_t key, cJSON *list, row_fn row, int64_t *first,
		 int64_t *last, const char *what, const char *sql)
{
	int64_t limit, after = 0, n = 0;
	bool has_cursor;
	sqlite3_stmt *st;
	cJSON *obj;
	int rc;

	*first = *last = 0;
	if (in_page(c, &limit, &after, &has_cursor) != CALL_OK ||
	    !(st = call_query(c, what, sql, "iiii", key, (int64_t)has_cursor, after,
			      limit + 1)))
		return CALL_FAIL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == limit) {
			page_set_next(c, *last);
			break;
		}
		*last = sqlite3_column_int64(st, 0);
		if (n++ == 0)
			*first = *last;
		obj = cJSON_CreateObject();
		row(obj, st);
		cJSON_AddItemToArray(list, obj);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CALL_OK : call_internal(c, what);
}

static int not_found(struct call *c, const char *field)
{
	return call_fail(c, APIERR_NOT_FOUND, field, "Не найдено", "Not found");
}

int call_own_account(struct call *c, const char *account_id)
{
	if (!account_id ||
	    db_int(c->db, "SELECT 1 FROM accounts WHERE id = ? AND profile_id = ?", 0, "si",
		   account_id, c->profile_id) != 1)
		return not_found(c, "accountId");
	return CALL_OK;
}

int call_own_service(struct call *c, const char *service_id)
{
	if (!service_id ||
	    db_int(c->db,
		   "SELECT 1 FROM services s JOIN accounts a ON a.id = s.account_id "
		   "WHERE s.id = ? AND a.profile_id = ?", 0, "si", service_id, c->profile_id) != 1)
		return not_found(c, "serviceId");
	return CALL_OK;
}
