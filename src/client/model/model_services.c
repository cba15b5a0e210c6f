/* The model of the Accounts and Tariffs & services screens: account details, the
 * attach wizard, a service with its tariff and options, the tariffs on sale, usage;
 * and the bodies of the changes. JSON in, structs out, every field checked. */
#include "kabinet/model/services.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/model/model.h"
#include "kabinet/model/model_json.h"

/* calloc for n items of size, 1 when n is 0 (so that NULL means out of memory). */
enum model_status model_parse_account_info(const char *json, struct account_info *out,
					   struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	struct account_info a = { 0 };
	const cJSON *email;
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_str(root, "ownerName", false, a.owner, sizeof(a.owner), err) &&
	     mj_str(root, "address", false, a.address, sizeof(a.address), err) &&
	     mj_str(root, "contractDate", false, a.contract_date, sizeof(a.contract_date), err) &&
	     mj_ident(root, "number", MJ_ACCOUNT_NUMBER, false, a.number, sizeof(a.number), err) &&
	     mj_str(root, "region", false, a.region, sizeof(a.region), err) &&
	     mj_str(root, "invoiceEmail", false, a.invoice_email, sizeof(a.invoice_email), err);
	email = cJSON_GetObjectItemCaseSensitive(root, "invoiceEmail");
	a.has_invoice_email = cJSON_IsString(email) && a.invoice_email[0];
	cJSON_Delete(root);
	if (!ok)
		return MODEL_BAD;
	*out = a;
	return MODEL_OK;
}

enum model_status model_parse_invoice_email(const char *json, struct account_info *info,
					    struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	char email[sizeof(info->invoice_email)];
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_str(root, "invoiceEmail", false, email, sizeof(email), err);
	cJSON_Delete(root);
	if (!ok)
		return MODEL_BAD;
	memcpy(info->invoice_email, email, sizeof(email));
	info->has_invoice_email = email[0] != '\0';
	return MODEL_OK;
}

void model_free_attach(struct attach_offer *a)
{
	free(a->services);
	memset(a, 0, sizeof(*a));
}

static bool parse_attach_service(const cJSON *it, void *item, struct model_err *err)
{
	struct service *s = item;
	int64_t type;

	if (!cJSON_IsObject(it))
		return mj_bad(err, "reply: a service is not an object"), false;
	if (!mj_id(it, "serviceId", s->id, sizeof(s->id), err) ||
	    !mj_int(it, "type", true, NULL, &type, err) ||
	    !mj_ident(it, "number", MJ_LABEL, false, s->number, sizeof(s->number), err) ||
	    !mj_ident(it, "displayNumber", MJ_LABEL, false, s->display_number,
		      sizeof(s->display_number), err))
		return false;
	s->type = (int)type;
	s->status = SVC_ACTIVE;
	if (!s->display_number[0])
		memcpy(s->display_number, s->number, sizeof(s->number));
	return true;
}

enum model_status model_parse_attach(const char *json, struct attach_offer *out,
				     struct model_err *err)
{
	static const struct mj_items services = {
		.name = "services", .size = sizeof(struct service), .parse = parse_attach_service,
	};
	cJSON *root = mj_object(json, err);
	struct attach_offer a = { 0 };

	memset(out, 0, sizeof(*out));
	if (!root)
		return MODEL_BAD;
	if (!mj_id(root, "attachId", a.attach_id, sizeof(a.attach_id), err) ||
	    !mj_ident(root, "number", MJ_ACCOUNT_NUMBER, false, a.number, sizeof(a.number), err) ||
	    !(a.services = mj_items(root, &services, &a.nservices, err)))
		goto fail;
	if (a.nservices == 0) {
		mj_bad(err, "reply: no service to prove the right with");
		goto fail;
	}
	cJSON_Delete(root);
	*out = a;
	return MODEL_OK;
fail:
	cJSON_Delete(root);
	model_free_attach(&a);
	return MODEL_BAD;
}

enum model_status model_parse_attached(const char *json, char *account_id, size_t size,
				       bool *reattached, struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_id(root, "accountId", account_id, size, err);
	*reattached = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "reattached"));
	cJSON_Delete(root);
	return ok ? MODEL_OK : MODEL_BAD;
}

static bool parse_tariff_ref(const cJSON *o, struct tariff_ref *t, struct model_err *err)
{
	if (!cJSON_IsObject(o)) {
		mj_bad(err, "reply: a tariff is not an object");
		return false;
	}
	return mj_id(o, "tariffId", t->id, sizeof(t->id), err) &&
	       mj_str(o, "name", false, t->name, sizeof(t->name), err) &&
	       mj_int(o, "monthlyFee", true, NULL, &t->fee, err);
}

void model_free_service_info(struct service_info *s)
{
	free(s->options);
	memset(s, 0, sizeof(*s));
}

static bool parse_option(const cJSON *it, void *item, struct model_err *err)
{
	struct service_option *o = item;

	if (!cJSON_IsObject(it))
		return mj_bad(err, "reply: an option is not an object"), false;
	if (!mj_id(it, "optionId", o->id, sizeof(o->id), err) ||
	    !mj_str(it, "name", false, o->name, sizeof(o->name), err) ||
	    !mj_int(it, "monthlyFee", true, NULL, &o->fee, err))
		return false;
	o->enabled = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "enabled"));
	return true;
}

enum model_status model_parse_service_info(const char *json, struct service_info *out,
					   struct model_err *err)
{
	static const struct mj_items options = {
		.name = "options", .size = sizeof(struct service_option), .parse = parse_option,
	};
	cJSON *root = mj_object(json, err);
	struct service_info s = { 0 };
	const cJSON *t, *p;
	char status[32];
	int64_t type;

	memset(out, 0, sizeof(*out));
	if (!root)
		return MODEL_BAD;
	if (!mj_str(root, "status", true, status, sizeof(status), err) ||
	    !mj_int(root, "type", true, NULL, &type, err) ||
	    !mj_ident(root, "number", MJ_LABEL, false, s.number, sizeof(s.number), err) ||
	    !mj_ident(root, "displayNumber", MJ_LABEL, false, s.display_number,
		      sizeof(s.display_number), err) ||
	    !mj_str(root, "voluntaryBlockEndDate", false, s.block_end, sizeof(s.block_end), err))
		goto fail;
	s.status = model_service_status(status);
	s.type = (int)type;
	if (!s.display_number[0])
		memcpy(s.display_number, s.number, sizeof(s.number));
	t = cJSON_GetObjectItemCaseSensitive(root, "tariff");
	if (t && !cJSON_IsNull(t)) {
		if (!parse_tariff_ref(t, &s.tariff, err))
			goto fail;
		s.has_tariff = true;
	}
	p = cJSON_GetObjectItemCaseSensitive(root, "pendingTariff");
	if (p && !cJSON_IsNull(p)) {
		if (!parse_tariff_ref(p, &s.pending, err) ||
		    !mj_str(p, "effectiveFrom", false, s.pending_from, sizeof(s.pending_from), err))
			goto fail;
		s.has_pending = true;
	}
	if (!(s.options = mj_items(root, &options, &s.noptions, err)))
		goto fail;
	cJSON_Delete(root);
	*out = s;
	return MODEL_OK;
fail:
	cJSON_Delete(root);
	model_free_service_info(&s);
	return MODEL_BAD;
}

void model_free_tariffs(struct tariff_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static bool parse_tariff(const cJSON *it, void *item, struct model_err *err)
{
	struct tariff_offer *t = item;

	if (!cJSON_IsObject(it))
		return mj_bad(err, "reply: a tariff is not an object"), false;
	if (!mj_id(it, "tariffId", t->id, sizeof(t->id), err) ||
	    !mj_str(it, "name", false, t->name, sizeof(t->name), err) ||
	    !mj_str(it, "description", false, t->description, sizeof(t->description), err) ||
	    !mj_int(it, "monthlyFee", true, NULL, &t->fee, err) ||
	    !mj_int(it, "speedMbps", false, &t->has_speed, &t->speed, err) ||
	    !mj_int(it, "channels", false, &t->has_channels, &t->channels, err) ||
	    !mj_int(it, "minutes", false, &t->has_minutes, &t->minutes, err) ||
	    !mj_int(it, "gigabytes", false, &t->has_gigabytes, &t->gigabytes, err))
		return false;
	t->current = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "current"));
	return true;
}

enum model_status model_parse_tariffs(const char *json, struct tariff_list *out,
				      struct model_err *err)
{
	static const struct mj_items tariffs = {
		.name = "tariffs", .required = true, .size = sizeof(struct tariff_offer),
		.parse = parse_tariff,
	};

	memset(out, 0, sizeof(*out));
	out->items = mj_list(json, &tariffs, &out->n, err);
	return out->items ? MODEL_OK : MODEL_BAD;
}

void model_free_usage(struct usage *u)
{
	free(u->items);
	memset(u, 0, sizeof(*u));
}

static bool parse_day(const cJSON *it, void *item, struct model_err *err)
{
	struct usage_day *d = item;

	if (!cJSON_IsObject(it))
		return mj_bad(err, "reply: a day of usage is not an object"), false;
	if (!mj_str(it, "date", true, d->date, sizeof(d->date), err) ||
	    !mj_int(it, "value", true, NULL, &d->value, err))
		return false;
	if (d->value < 0)
		return mj_bad(err, "reply: usage below zero"), false;
	return true;
}

enum model_status model_parse_usage(const char *json, struct usage *out, struct model_err *err)
{
	static const struct mj_items days = {
		.name = "items", .size = sizeof(struct usage_day), .parse = parse_day,
	};
	cJSON *root = mj_object(json, err);
	struct usage u = { 0 };

	memset(out, 0, sizeof(*out));
	if (!root)
		return MODEL_BAD;
	if (!mj_str(root, "unit", true, u.unit, sizeof(u.unit), err) ||
	    !mj_int(root, "total", true, NULL, &u.total, err) ||
	    !mj_ident(root, "nextCursor", MJ_CURSOR, false, u.next_cursor, sizeof(u.next_cursor),
		      err) ||
	    !(u.items = mj_items(root, &days, &u.n, err)))
		goto fail;
	cJSON_Delete(root);
	*out = u;
	return MODEL_OK;
fail:
	cJSON_Delete(root);
	model_free_usage(&u);
	return MODEL_BAD;
}

enum model_status model_parse_effective_from(const char *json, char *date, size_t size,
					     struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_str(root, "effectiveFrom", true, date, size, err);
	cJSON_Delete(root);
	return ok ? MODEL_OK : MODEL_BAD;
}

enum model_status model_parse_service_status(const char *json, enum service_status *status,
					     char *block_end, size_t size, struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	char st[32];
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_str(root, "status", true, st, sizeof(st), err) &&
	     mj_str(root, "voluntaryBlockEndDate", false, block_end, size, err);
	cJSON_Delete(root);
	if (!ok)
		return MODEL_BAD;
	*status = model_service_status(st);
	return MODEL_OK;
}

enum model_status model_parse_payment_system(const char *json, bool *credit,
					     struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	char system[16];
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_str(root, "paymentSystem", true, system, sizeof(system), err);
	cJSON_Delete(root);
	if (ok && strcmp(system, "CREDIT") && strcmp(system, "ADVANCE"))
		ok = mj_bad(err, "reply: unknown payment system %s", system) == MODEL_OK;
	if (ok)
		*credit = !strcmp(system, "CREDIT");
	return ok ? MODEL_OK : MODEL_BAD;
}

/* --- bodies --- */

static const char *const attach_keys[] = {
	[ATTACH_BY_NUMBER] = "number",
	[ATTACH_BY_PHONE] = "phone",
	[ATTACH_BY_LOGIN] = "serviceLogin",
};

const char *model_attach_field(enum attach_by by)
{
	return attach_keys[by];
}

char *model_body_attach(const char *region, enum attach_by by, const char *value)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "region", region);
	cJSON_AddStringToObject(o, attach_keys[by], value);
	return mj_print(o, false);
}

char *model_body_attach_confirm(const char *attach_id, const char *service_id,
				const char *password)
{
	return mj_body(true, "attachId", attach_id, "serviceId", service_id, "servicePassword",
		       password, NULL);
}

char *model_body_service(const char *service_id)
{
	return mj_body(false, "serviceId", service_id, NULL);
}

char *model_body_change_tariff(const char *service_id, const char *tariff_id)
{
	return mj_body(false, "serviceId", service_id, "tariffId", tariff_id, NULL);
}

char *model_body_set_option(const char *service_id, const char *option_id, bool enabled)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "serviceId", service_id);
	cJSON_AddStringToObject(o, "optionId", option_id);
	cJSON_AddBoolToObject(o, "enabled", enabled);
	return mj_print(o, false);
}

char *model_body_block(const char *service_id, const char *until)
{
	return mj_body(false, "serviceId", service_id, "until", until, NULL);
}

char *model_body_usage(const char *service_id, const char *from, const char *to, int limit,
		       const char *cursor)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "serviceId", service_id);
	cJSON_AddStringToObject(o, "from", from);
	cJSON_AddStringToObject(o, "to", to);
	cJSON_AddNumberToObject(o, "limit", limit);
	if (cursor && *cursor)
		cJSON_AddStringToObject(o, "cursor", cursor);
	return mj_print(o, false);
}

char *model_body_invoice_email(const char *account_id, const char *email)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "accountId", account_id);
	if (email)
		cJSON_AddStringToObject(o, "email", email);
	else
		cJSON_AddNullToObject(o, "email");
	return mj_print(o, false);
}

char *model_body_payment_system(const char *account_id, bool credit)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "accountId", account_id);
	cJSON_AddStringToObject(o, "system", credit ? "CREDIT" : "ADVANCE");
	return mj_print(o, false);
}

bool model_email_valid(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	size_t n = strlen(s);

	/* The API's rule: 3 to 254 characters, one @ with something before it, a dot
	 * after it with something on both sides, no spaces. */
	if (n < 3 || n > 254 || !at || at == s || strchr(at + 1, '@') || strpbrk(s, " \t\n"))
		return false;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}
