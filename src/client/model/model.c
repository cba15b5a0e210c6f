/* The client's data model: API replies parsed into plain structs with every field
 * checked, and request bodies built with proper JSON escaping. */
#include "kabinet/model/model.h"

#include "kabinet/model/model_json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/model/text.h"
#include "kabinet/model/utf8.h"

enum service_status model_service_status(const char *s)
{
	static const char *const names[] = { "ACTIVE", "BLOCKED", "VOLUNTARY_BLOCKED",
					     "OPERATOR_BLOCK", "NOT_CONNECTED" };
	for (int i = 0; i < 5; i++)
		if (!strcmp(s, names[i]))
			return (enum service_status)i;
	return SVC_STATUS_UNKNOWN;
}

static bool parse_service(const cJSON *o, struct service *s, struct model_err *err)
{
	int64_t type;
	if (!cJSON_IsObject(o)) {
		mj_bad(err, "reply: a service is not an object");
		return false;
	}
	if (!mj_id(o, "serviceId", s->id, sizeof(s->id), err) ||
	    !mj_int(o, "type", true, NULL, &type, err) ||
	    !mj_ident(o, "number", MJ_LABEL, false, s->number, sizeof(s->number), err) ||
	    !mj_ident(o, "displayNumber", MJ_LABEL, false, s->display_number,
		      sizeof(s->display_number), err) ||
	    !mj_text(o, "status", true, s->status_code, sizeof(s->status_code), err))
		return false;
	/* The API's word goes out as it came in --json: one that is not a word of capital
	 * letters and '_' is a bad reply (a word the client does not know stays unknown). */
	if (!s->status_code[0] ||
	    strspn(s->status_code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") != strlen(s->status_code))
		return mj_bad(err, "reply: status is not a word of the API"), false;
	s->type = (int)type;
	s->display_sent = s->display_number[0] != '\0';
	s->status = model_service_status(s->status_code);
	if (!s->display_number[0])
		snprintf(s->display_number, sizeof(s->display_number), "%s", s->number);
	return true;
}

static bool parse_account(const cJSON *o, struct account *a, struct model_err *err)
{
	char system[16], relation[16];
	const cJSON *svcs, *it;
	size_t i = 0;

	if (!cJSON_IsObject(o))
		return mj_bad(err, "reply: an account is not an object"), false;
	if (!mj_id(o, "accountId", a->id, sizeof(a->id), err) ||
	    !mj_ident(o, "number", MJ_ACCOUNT_NUMBER, true, a->number, sizeof(a->number), err) ||
	    !mj_text(o, "region", false, a->region, sizeof(a->region), err) ||
	    !mj_text(o, "address", false, a->address, sizeof(a->address), err) ||
	    !mj_str(o, "paymentSystem", false, system, sizeof(system), err) ||
	    !mj_str(o, "relation", false, relation, sizeof(relation), err))
		return false;
	a->credit = !strcmp(system, "CREDIT");
	a->relative = !strcmp(relation, "RELATIVE");
	if (!mj_array(o, "services", false, &svcs, err))
		return false;
	if (cJSON_GetArraySize(svcs) > 0) {
		a->services = calloc((size_t)cJSON_GetArraySize(svcs), sizeof(*a->services));
		if (!a->services)
			return mj_bad(err, "out of memory"), false;
	}
	/* Repeated services are dropped once the whole list is in (index_services). */
	cJSON_ArrayForEach(it, svcs) {
		if (!parse_service(it, &a->services[i], err))
			return false;
		a->nservices = ++i;
	}
	return true;
}

/* --- finding by id --- */

static size_t id_hash(const char *id)
{
	uint64_t h = 14695981039346656037ULL;	/* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

/* Room for n items at most half full. */
static bool ids_init(struct model_ids *ids, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	ids->slots = calloc(cap, sizeof(*ids->slots));
	ids->cap = ids->slots ? cap : 0;
	return ids->slots != NULL;
}

static void ids_free(struct model_ids *ids)
{
	free(ids->slots);
	ids->slots = NULL;
	ids->cap = 0;
}

/* The item with that id, or the free slot where it would go (*slot). */
static void *ids_find(const struct model_ids *ids, const char *id, size_t *slot)
{
	size_t mask = ids->cap - 1;

	for (size_t i = id_hash(id) & mask;; i = (i + 1) & mask) {
		if (!ids->slots[i] || !strcmp((const char *)ids->slots[i], id)) {
			if (slot)
				*slot = i;
			return ids->slots[i];
		}
	}
}

/* Drops the services an account lists twice (one row per service, the first) and
 * indexes the rest. While the accounts are gone through, an id is indexed at its
 * latest row, so that one listed before under the same account is always the one
 * found; then at its first, so that a service id under two accounts (a server's
 * mistake) is found under the first, as an account listed twice is. */
static bool index_services(struct account_list *list)
{
	struct model_ids *ids = &list->services_by_id;
	size_t slot;

	if (!ids_init(ids, model_count_services(list)))
		return false;
	for (size_t i = 0; i < list->n; i++) {
		struct account *a = &list->items[i];
		size_t w = 0;
		for (size_t r = 0; r < a->nservices; r++) {
			struct service *seen = ids_find(ids, a->services[r].id, &slot);
			if (seen && seen >= a->services && seen < a->services + w)
				continue;
			if (w != r)
				a->services[w] = a->services[r];
			ids->slots[slot] = &a->services[w++];
		}
		a->nservices = w;
	}
	for (size_t i = list->n; i-- > 0;)
		for (size_t k = list->items[i].nservices; k-- > 0;) {
			(void)ids_find(ids, list->items[i].services[k].id, &slot);
			ids->slots[slot] = &list->items[i].services[k];
		}
	return true;
}

int model_index_accounts(struct account_list *list)
{
	int repeated = 0;
	size_t slot;

	ids_free(&list->accounts_by_id);
	ids_free(&list->services_by_id);
	if (!ids_init(&list->accounts_by_id, list->n))
		return -1;
	for (size_t i = 0; i < list->n; i++) {
		if (ids_find(&list->accounts_by_id, list->items[i].id, &slot))
			repeated = 1;
		else
			list->accounts_by_id.slots[slot] = &list->items[i];
	}
	if (!index_services(list)) {
		ids_free(&list->accounts_by_id);
		return -1;
	}
	return repeated;
}

const char *model_account_step(const struct account_list *list, const char *id, int dir)
{
	size_t n = list->n, at = n;	/* n: all accounts */

	for (size_t i = 0; i < n; i++)
		if (!strcmp(list->items[i].id, id))
			at = i;
	at = (at + (dir > 0 ? 1 : n)) % (n + 1);
	return at < n ? list->items[at].id : "";
}

struct account *model_find_account(const struct account_list *list, const char *id)
{
	if (list->accounts_by_id.cap)
		return ids_find(&list->accounts_by_id, id, NULL);
	for (size_t i = 0; i < list->n; i++)
		if (!strcmp(list->items[i].id, id))
			return &list->items[i];
	return NULL;
}

struct service *model_find_service(const struct account_list *list, const char *id)
{
	if (list->services_by_id.cap)
		return ids_find(&list->services_by_id, id, NULL);
	for (size_t i = 0; i < list->n; i++)
		for (size_t k = 0; k < list->items[i].nservices; k++)
			if (!strcmp(list->items[i].services[k].id, id))
				return &list->items[i].services[k];
	return NULL;
}

void model_free_accounts(struct account_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->items[i].services);
	free(list->items);
	list->items = NULL;
	list->n = 0;
	ids_free(&list->accounts_by_id);
	ids_free(&list->services_by_id);
}

enum model_status model_parse_accounts(const char *json, struct account_list *out,
				       struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	const cJSON *arr, *it;
	struct account_list list = { 0 };

	memset(out, 0, sizeof(*out));
	if (!root)
		return MODEL_BAD;
	if (!mj_array(root, "accounts", true, &arr, err)) {
		cJSON_Delete(root);
		return MODEL_BAD;
	}
	if ((cJSON_GetArraySize(arr) > 0 &&
	     !(list.items = calloc((size_t)cJSON_GetArraySize(arr), sizeof(*list.items)))) ||
	    !ids_init(&list.accounts_by_id, (size_t)cJSON_GetArraySize(arr))) {
		cJSON_Delete(root);
		model_free_accounts(&list);
		return mj_bad(err, "out of memory");
	}
	/* Tens of thousands of accounts and services: each found through the index, never
	 * by a search through the ones before. */
	cJSON_ArrayForEach(it, arr) {
		struct account *a = &list.items[list.n++];
		size_t slot;
		if (!parse_account(it, a, err)) {
			cJSON_Delete(root);
			model_free_accounts(&list);
			return MODEL_BAD;
		}
		/* An account listed twice is shown once (the first listing). */
		if (ids_find(&list.accounts_by_id, a->id, &slot)) {
			free(a->services);
			memset(a, 0, sizeof(*a));
			list.n--;
		} else {
			list.accounts_by_id.slots[slot] = a;
		}
	}
	cJSON_Delete(root);
	if (!index_services(&list)) {
		model_free_accounts(&list);
		return mj_bad(err, "out of memory");
	}
	*out = list;
	return MODEL_OK;
}

enum model_status model_parse_balance(const char *json, struct balance *out,
				      struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	const cJSON *pp;
	struct balance b = { 0 };

	if (!root)
		return MODEL_BAD;
	if (!mj_int(root, "balance", true, NULL, &b.balance, err) ||
	    !mj_int(root, "recommendedPayment", true, NULL, &b.recommended, err) ||
	    !mj_int(root, "daysToLock", false, &b.has_days_to_lock, &b.days_to_lock, err))
		goto fail;
	pp = cJSON_GetObjectItemCaseSensitive(root, "promisedPayment");
	if (pp && !cJSON_IsNull(pp)) {
		if (!cJSON_IsObject(pp)) {
			mj_bad(err, "reply: promisedPayment is not an object");
			goto fail;
		}
		if (!mj_int(pp, "amount", true, NULL, &b.promised_amount, err) ||
		    !mj_instant(pp, "expiresAt", true, b.promised_expires,
				sizeof(b.promised_expires), err))
			goto fail;
		b.has_promised = true;
	}
	cJSON_Delete(root);
	b.known = true;
	*out = b;
	return MODEL_OK;
fail:
	cJSON_Delete(root);
	return MODEL_BAD;
}

/* A tariff's name goes out whole in accounts --json: one too long for the model is a
 * bad reply, never cut. */
static bool set_tariff(struct service *s, const cJSON *v, struct model_err *err)
{
	if (!cJSON_IsString(v) || !v->valuestring)
		return true;
	if (strlen(v->valuestring) >= sizeof(s->tariff)) {
		mj_bad(err, "reply: a tariff name is longer than %zu bytes", sizeof(s->tariff) - 1);
		return false;
	}
	memcpy(s->tariff, v->valuestring, strlen(v->valuestring) + 1);
	return true;
}

static bool name_service(const struct account_list *list, const cJSON *v,
			 struct model_err *err)
{
	struct service *s = v->string ? model_find_service(list, v->string) : NULL;

	return !s || set_tariff(s, v, err);
}

enum model_status model_apply_tariff_names(const char *json, struct account_list *list,
					   struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	const cJSON *names;
	if (!root)
		return MODEL_BAD;
	names = cJSON_GetObjectItemCaseSensitive(root, "tariffNames");
	if (!cJSON_IsObject(names)) {
		cJSON_Delete(root);
		return mj_bad(err, "reply: tariffNames is not an object");
	}
	if (list->services_by_id.cap && names->child && names->child->prev) {
		/* A batch's names go to their services through the index: a reply costs
		 * its own length, not the list's. Last to first (cJSON keeps the last in
		 * the first's prev), so that a name the reply repeats is its first, as a
		 * lookup in the object would find. */
		const cJSON *v = names->child->prev;
		for (;;) {
			if (!name_service(list, v, err))
				goto bad;
			if (v == names->child)
				break;
			v = v->prev;
		}
	} else if (list->services_by_id.cap) {
		const cJSON *v;
		cJSON_ArrayForEach(v, names)
			if (!name_service(list, v, err))
				goto bad;
	} else {
		for (size_t i = 0; i < list->n; i++)
			for (size_t k = 0; k < list->items[i].nservices; k++) {
				struct service *s = &list->items[i].services[k];
				const cJSON *v = cJSON_GetObjectItemCaseSensitive(names, s->id);
				if (!set_tariff(s, v, err))
					goto bad;
			}
	}
	cJSON_Delete(root);
	return MODEL_OK;
bad:
	cJSON_Delete(root);
	return MODEL_BAD;
}

void model_free_autopay(struct autopay_list *list)
{
	free(list->items);
	list->items = NULL;
	list->n = 0;
}

enum model_status model_parse_declined_autopay(const char *json, struct autopay_list *out,
					       struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	const cJSON *rules, *it;
	struct autopay_list list = { 0 };

	memset(out, 0, sizeof(*out));
	if (!root)
		return MODEL_BAD;
	if (!mj_array(root, "rules", true, &rules, err)) {
		cJSON_Delete(root);
		return MODEL_BAD;
	}
	if (cJSON_GetArraySize(rules) > 0 &&
	    !(list.items = calloc((size_t)cJSON_GetArraySize(rules), sizeof(*list.items)))) {
		cJSON_Delete(root);
		return mj_bad(err, "out of memory");
	}
	cJSON_ArrayForEach(it, rules) {
		const cJSON *last = cJSON_GetObjectItemCaseSensitive(it, "lastRun");
		struct autopay_declined *d = &list.items[list.n];
		char status[16];
		int64_t amount = 0;
		if (!cJSON_IsObject(it) || (last && !cJSON_IsNull(last) && !cJSON_IsObject(last))) {
			model_free_autopay(&list);
			cJSON_Delete(root);
			return mj_bad(err, "reply: a rule is not an object");
		}
		if (!cJSON_IsObject(last) || cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(it, "enabled")))
			continue;
		if (!mj_str(last, "status", true, status, sizeof(status), err) ||
		    !mj_id(it, "accountId", d->account_id, sizeof(d->account_id), err) ||
		    !mj_str(last, "date", false, d->date, sizeof(d->date), err) ||
		    !mj_int(last, "amount", true, NULL, &amount, err)) {
			model_free_autopay(&list);
			cJSON_Delete(root);
			return MODEL_BAD;
		}
		if (strcmp(status, "DECLINED"))
			continue;
		d->amount = amount;
		list.n++;
	}
	cJSON_Delete(root);
	*out = list;
	return MODEL_OK;
}

enum model_status model_parse_bonus(const char *json, struct bonus *out, struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	char status[16];
	const cJSON *level, *burning, *first;
	struct bonus b = { 0 };

	if (!root)
		return MODEL_BAD;
	if (!mj_str(root, "status", true, status, sizeof(status), err) ||
	    !mj_int(root, "balance", true, NULL, &b.points, err))
		goto fail;
	b.active = !strcmp(status, "ACTIVE");
	level = cJSON_GetObjectItemCaseSensitive(root, "levelInfo");
	if (cJSON_IsObject(level) &&
	    (!mj_str(level, "level", false, b.level, sizeof(b.level), err) ||
	     !mj_str(level, "name", false, b.level_name, sizeof(b.level_name), err) ||
	     !mj_str(level, "expireDate", false, b.level_expires, sizeof(b.level_expires), err)))
		goto fail;
	burning = cJSON_GetObjectItemCaseSensitive(root, "balanceBurningPoints");
	first = cJSON_IsArray(burning) ? cJSON_GetArrayItem(burning, 0) : NULL;
	if (cJSON_IsObject(first) &&
	    (!mj_int(first, "points", true, NULL, &b.burning_points, err) ||
	     !mj_str(first, "burningDate", false, b.burning_date, sizeof(b.burning_date), err)))
		goto fail;
	cJSON_Delete(root);
	*out = b;
	return MODEL_OK;
fail:
	cJSON_Delete(root);
	return MODEL_BAD;
}

enum model_status model_parse_profile(const char *json, struct profile *out,
				      struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	struct profile p = { 0 };
	bool ok;
	if (!root)
		return MODEL_BAD;
	ok = mj_str(root, "login", true, p.login, sizeof(p.login), err) &&
	     mj_str(root, "lastName", false, p.last_name, sizeof(p.last_name), err) &&
	     mj_str(root, "name", false, p.name, sizeof(p.name), err) &&
	     mj_str(root, "middleName", false, p.middle_name, sizeof(p.middle_name), err) &&
	     mj_str(root, "email", false, p.email, sizeof(p.email), err) &&
	     mj_ident(root, "phone", MJ_PHONE, false, p.phone, sizeof(p.phone), err) &&
	     mj_str(root, "region", false, p.region, sizeof(p.region), err);
	p.two_step = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "twoStepLogin"));
	cJSON_Delete(root);
	if (!ok)
		return MODEL_BAD;
	*out = p;
	return MODEL_OK;
}

enum model_status model_parse_login(const char *json, struct login_reply *out,
				    struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	char status[32];
	int64_t resend = 0;
	bool ok;

	memset(out, 0, sizeof(*out));
	if (!root)
		return MODEL_BAD;
	ok = mj_str(root, "status", true, status, sizeof(status), err) &&
	     (!cJSON_GetObjectItemCaseSensitive(root, "rememberToken") ||
	      cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root, "rememberToken")) ||
	      mj_id(root, "rememberToken", out->remember_token, sizeof(out->remember_token), err));
	if (ok && !strcmp(status, "OTP_REQUIRED")) {
		out->otp_required = true;
		ok = mj_id(root, "otpId", out->otp_id, sizeof(out->otp_id), err) &&
		     mj_ident(root, "sentTo", MJ_LABEL, false, out->sent_to, sizeof(out->sent_to), err) &&
		     mj_int(root, "resendAfter", false, NULL, &resend, err);
		out->resend_after = resend > 0 && resend < 3600 ? (int)resend : 60;
	} else if (ok && !strcmp(status, "PASSWORD_CHANGE_REQUIRED")) {
		out->password_change = true;
		ok = mj_id(root, "handle", out->handle, sizeof(out->handle), err);
	} else if (ok && strcmp(status, "OK")) {
		ok = mj_bad(err, "reply: unknown login status %s", status) == MODEL_OK;
	}
	/* The reply text held the token too: cJSON's copy is wiped before it is freed. */
	static const char *const secrets[] = { "rememberToken", "handle" };
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		const cJSON *tok = cJSON_GetObjectItemCaseSensitive(root, secrets[i]);
		if (cJSON_IsString(tok) && tok->valuestring)
			model_wipe(tok->valuestring, strlen(tok->valuestring));
	}
	cJSON_Delete(root);
	if (!ok) {
		model_wipe(out, sizeof(*out));
		return MODEL_BAD;
	}
	return MODEL_OK;
}


const char *model_login_problem(const char *login, const char *passwd)
{
	if (login && !*login)
		return _("Enter your login, e-mail, phone or account number.");
	if (login && utf8_chars(login) > MODEL_LOGIN_MAX)
		return _("The login is longer than 254 characters.");
	if (passwd && !*passwd)
		return _("Enter the password.");
	if (passwd && utf8_chars(passwd) > MODEL_PASSWORD_MAX)
		return _("The password is longer than 256 characters: is it the right one?");
	return NULL;
}

char *model_body_login(const char *login, const char *passwd, bool remember,
		       const char *device_name)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "login", login);
	cJSON_AddStringToObject(o, "passwd", passwd);
	cJSON_AddBoolToObject(o, "remember", remember);
	if (remember && device_name && *device_name)
		cJSON_AddStringToObject(o, "deviceName", device_name);
	return mj_print(o, true);
}

char *model_body_otp(const char *otp_id, const char *code)
{
	return mj_body(true, "otpId", otp_id, "code", code, NULL);
}

char *model_body_initial_password(const char *handle, const char *password)
{
	return mj_body(true, "handle", handle, "newPassword", password, NULL);
}

char *model_body_resend(const char *otp_id)
{
	return mj_body(false, "otpId", otp_id, NULL);
}

int model_parse_resend_after(const char *json, int def)
{
	struct model_err err;
	cJSON *root = mj_object(json, &err);
	int64_t v = 0;
	bool present = false;
	if (root && mj_int(root, "resendAfter", false, &present, &v, &err) && present && v > 0 &&
	    v < 3600)
		def = (int)v;
	cJSON_Delete(root);
	return def;
}

char *model_body_empty(void)
{
	return strdup("{}");
}

char *model_body_account(const char *account_id)
{
	return mj_body(false, "accountId", account_id, NULL);
}

size_t model_count_services(const struct account_list *list)
{
	size_t n = 0;
	for (size_t i = 0; i < list->n; i++)
		n += list->items[i].nservices;
	return n;
}

char *model_body_services(const struct account_list *list, size_t skip, size_t max)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *ids = cJSON_AddArrayToObject(o, "servicesId");
	size_t seen = 0, taken = 0;
	for (size_t i = 0; i < list->n && taken < max; i++) {
		const struct account *a = &list->items[i];
		size_t k = 0;
		/* Whole accounts are stepped over: 10 000 services in one cost no walk. */
		if (seen + a->nservices <= skip) {
			seen += a->nservices;
			continue;
		}
		if (seen < skip) {
			k = skip - seen;
			seen = skip;
		}
		for (; k < a->nservices && taken < max; k++, seen++, taken++)
			cJSON_AddItemToArray(ids, cJSON_CreateString(a->services[k].id));
	}
	return mj_print(o, false);
}

void model_free_secret_body(char *body)
{
	if (body) {
		model_wipe(body, strlen(body));
		cJSON_free(body);
	}
}

int model_current_device(const char *json, char *id, size_t size)
{
	struct model_err err;
	cJSON *root = mj_object(json, &err);
	const cJSON *it;
	int rc = -1;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "devices")) {
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "current")) &&
		    mj_id(it, "deviceId", id, size, &err)) {
			rc = 0;
			break;
		}
	}
	cJSON_Delete(root);
	return rc;
}

char *model_body_device(const char *device_id)
{
	return mj_body(false, "deviceId", device_id, NULL);
}

/* Text the server may leave out: null when it did (the API sends none empty). */
static void add_text_or_null(cJSON *o, const char *name, const char *text)
{
	if (text[0])
		cJSON_AddStringToObject(o, name, text);
	else
		cJSON_AddNullToObject(o, name);
}

/* What the subcommands' JSON says of every account, in the API's words. */
static cJSON *account_json(const struct account *a, bool with_address)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "accountId", a->id);
	cJSON_AddStringToObject(j, "number", a->number);
	add_text_or_null(j, "region", a->region);
	if (with_address)
		add_text_or_null(j, "address", a->address);
	cJSON_AddStringToObject(j, "paymentSystem", a->credit ? "CREDIT" : "ADVANCE");
	cJSON_AddStringToObject(j, "relation", a->relative ? "RELATIVE" : "OWN");
	return j;
}

char *model_balance_json(const struct account_list *list, const int64_t *below, bool any_below)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(o, "accounts");
	for (size_t i = 0; i < list->n; i++) {
		const struct account *a = &list->items[i];
		cJSON *j = account_json(a, false);
		if (a->bal.known) {
			cJSON_AddNumberToObject(j, "balance", (double)a->bal.balance);
			cJSON_AddNumberToObject(j, "recommendedPayment", (double)a->bal.recommended);
			if (a->bal.has_days_to_lock)
				cJSON_AddNumberToObject(j, "daysToLock", (double)a->bal.days_to_lock);
			else
				cJSON_AddNullToObject(j, "daysToLock");
			if (a->bal.has_promised) {
				cJSON *p = cJSON_AddObjectToObject(j, "promisedPayment");
				cJSON_AddNumberToObject(p, "amount", (double)a->bal.promised_amount);
				cJSON_AddStringToObject(p, "expiresAt", a->bal.promised_expires);
			} else {
				cJSON_AddNullToObject(j, "promisedPayment");
			}
		} else {
			cJSON_AddNullToObject(j, "balance");
		}
		cJSON_AddItemToArray(arr, j);
	}
	if (below) {
		cJSON_AddNumberToObject(o, "below", (double)*below);
		cJSON_AddBoolToObject(o, "anyBelow", any_below);
	}
	return mj_print(o, false);
}

char *model_accounts_json(const struct account_list *list)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(o, "accounts");
	for (size_t i = 0; i < list->n; i++) {
		const struct account *a = &list->items[i];
		cJSON *j = account_json(a, true);
		cJSON *svcs = cJSON_AddArrayToObject(j, "services");
		for (size_t k = 0; k < a->nservices; k++) {
			const struct service *sv = &a->services[k];
			cJSON *v = cJSON_CreateObject();
			cJSON_AddStringToObject(v, "serviceId", sv->id);
			cJSON_AddNumberToObject(v, "type", sv->type);
			add_text_or_null(v, "number", sv->number);
			add_text_or_null(v, "displayNumber", sv->display_sent ? sv->display_number : "");
			cJSON_AddStringToObject(v, "status", sv->status_code);
			if (sv->tariff[0])
				cJSON_AddStringToObject(v, "tariff", sv->tariff);
			else
				cJSON_AddNullToObject(v, "tariff");
			cJSON_AddItemToArray(svcs, v);
		}
		cJSON_AddItemToArray(arr, j);
	}
	return mj_print(o, false);
}

const char *model_service_type_name(int type)
{
	switch (type) {
	case SVC_INTERNET:
		return _("Internet");
	case SVC_PHONE:
		return _("Home phone");
	case SVC_RENTAL:
		return _("Equipment rental");
	case SVC_IPTV:
		return _("IPTV");
	case SVC_ALLO:
		return _("Allo");
	case SVC_MOBILE:
		return _("Mobile");
	default:
		return _("Service");
	}
}

const char *model_service_status_name(enum service_status s)
{
	switch (s) {
	case SVC_ACTIVE:
		return _("active");
	case SVC_BLOCKED:
		return _("blocked for debt");
	case SVC_VOLUNTARY_BLOCKED:
		return _("voluntarily blocked");
	case SVC_OPERATOR_BLOCK:
		return _("blocked by the operator");
	case SVC_NOT_CONNECTED:
		return _("not connected");
	default:
		return _("unknown status");
	}
}
