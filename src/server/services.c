/* Service methods: tariffs, options, voluntary blocks, usage. */
#include "kabinet/server/call.h"

#include <stdio.h>
#include <string.h>

#include "kabinet/server/db.h"
#include "kabinet/server/ledger.h"
#include "kabinet/server/srv.h"

/* Service types of the contract. */
enum {
	SVC_INTERNET = 1,
	SVC_HOME_PHONE = 2,
	SVC_RENTAL = 6,
	SVC_IPTV = 8,
	SVC_ALLO = 15,
	SVC_MOBILE = 16,
};

#define BLOCK_MAX_DAYS 90
#define USAGE_MAX_DAYS 366

static int not_found(struct call *c, const char *field)
{
	return call_fail(c, APIERR_NOT_FOUND, field, "Не найдено", "Not found");
}

/* What the handlers need to know about the service they act on. */
struct svc {
	const char *id;
	int type;
	char status[24];
	char account_id[64];
	char tariff_id[64];
};

/* Reads serviceId, checks that it is the caller's (unknown and foreign ids are both
 * 404) and loads its type, status, account and tariff. */
static int own_service(struct call *c, struct svc *s)
{
	sqlite3_stmt *st;

	memset(s, 0, sizeof(*s));
	if (in_str(c, "serviceId", true, 1, 64, &s->id) != CALL_OK ||
	    call_own_service(c, s->id) != CALL_OK)
		return CALL_FAIL;
	if (call_row(c, &st, "service",
		     "SELECT type, status, account_id, tariff_id FROM services WHERE id = ?",
		     "s", s->id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return not_found(c, "serviceId");
	s->type = sqlite3_column_int(st, 0);
	snprintf(s->status, sizeof(s->status), "%s", db_text(st, 1));
	snprintf(s->account_id, sizeof(s->account_id), "%s", db_text(st, 2));
	if (db_text(st, 3))
		snprintf(s->tariff_id, sizeof(s->tariff_id), "%s", db_text(st, 3));
	sqlite3_reset(st);
	return CALL_OK;
}

static int get_service_tariff_name(struct call *c)
{
	const cJSON *ids = NULL, *v;
	cJSON *names;
	sqlite3_stmt *st;

	if (in_array(c, "servicesId", true, 1, 100, &ids) != CALL_OK)
		return CALL_FAIL;
	cJSON_ArrayForEach(v, ids)
		if (!cJSON_IsString(v) || !v->valuestring)
			return call_fail(c, APIERR_BAD_REQUEST, "servicesId",
					 "Поле servicesId должно быть массивом строк",
					 "Field servicesId must be an array of strings");
	names = cJSON_AddObjectToObject(c->out, "tariffNames");
	cJSON_ArrayForEach(v, ids) {
		if (cJSON_GetObjectItemCaseSensitive(names, v->valuestring))
			continue;
		if (call_row(c, &st, "tariff names",
			     "SELECT t.name FROM services s "
			     "JOIN accounts a ON a.id = s.account_id "
			     "LEFT JOIN tariffs t ON t.id = s.tariff_id "
			     "WHERE s.id = ? AND a.profile_id = ?",
			     "si", v->valuestring, c->profile_id) != CALL_OK)
			return CALL_FAIL;
		if (!st)
			return not_found(c, "servicesId");
		out_col_str(names, v->valuestring, st, 0);
		sqlite3_reset(st);
	}
	return CALL_OK;
}

static void option_row(cJSON *o, sqlite3_stmt *st)
{
	out_col_str(o, "optionId", st, 0);
	out_col_str(o, "name", st, 1);
	out_col_int(o, "monthlyFee", st, 2);
	out_bool(o, "enabled", sqlite3_column_int(st, 3) != 0);
}

static int get_service_info(struct call *c)
{
	struct svc s;
	sqlite3_stmt *st;
	cJSON *t;

	if (own_service(c, &s) != CALL_OK)
		return CALL_FAIL;
	if (call_row(c, &st, "service info",
		     "SELECT s.status, s.type, s.number, s.display_number, "
		     "  t.id, t.name, t.monthly_fee, "
		     "  p.id, p.name, p.monthly_fee, s.pending_from, "
		     "  CASE WHEN s.status = 'VOLUNTARY_BLOCKED' THEN s.block_until END "
		     "FROM services s LEFT JOIN tariffs t ON t.id = s.tariff_id "
		     "LEFT JOIN tariffs p ON p.id = s.pending_tariff_id WHERE s.id = ?",
		     "s", s.id) != CALL_OK)
		return CALL_FAIL;
	if (!st)
		return not_found(c, "serviceId");
	out_col_str(c->out, "status", st, 0);
	out_col_int(c->out, "type", st, 1);
	out_col_str(c->out, "number", st, 2);
	out_col_str(c->out, "displayNumber", st, 3);
	if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
		t = cJSON_AddObjectToObject(c->out, "tariff");
		out_col_str(t, "tariffId", st, 4);
		out_col_str(t, "name", st, 5);
		out_col_int(t, "monthlyFee", st, 6);
	} else {
		out_null(c->out, "tariff");
	}
	if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
		t = cJSON_AddObjectToObject(c->out, "pendingTariff");
		out_col_str(t, "tariffId", st, 7);
		out_col_str(t, "name", st, 8);
		out_col_int(t, "monthlyFee", st, 9);
		out_col_str(t, "effectiveFrom", st, 10);
	} else {
		out_null(c->out, "pendingTariff");
	}
	out_col_str(c->out, "voluntaryBlockEndDate", st, 11);
	sqlite3_reset(st);
	return call_rows(c, cJSON_AddArrayToObject(c->out, "options"), option_row,
			 "service options",
			 "SELECT o.id, o.name, o.monthly_fee, COALESCE(so.enabled, 0) "
			 "FROM options o LEFT JOIN service_options so "
			 "  ON so.option_id = o.id AND so.service_id = ?1 "
			 "WHERE o.type = ?2 ORDER BY o.monthly_fee, o.name, o.id",
			 "si", s.id, (int64_t)s.type);
}

/* The figures that describe a tariff of each type; others stay out of the answer. */
static void tariff_figures(cJSON *o, int type, sqlite3_stmt *st, int col)
{
	static const struct {
		const char *name;
		int types[2];
	} figures[] = {
		{ "speedMbps", { SVC_INTERNET, 0 } },
		{ "channels", { SVC_IPTV, 0 } },
		{ "minutes", { SVC_MOBILE, SVC_HOME_PHONE } },
		{ "gigabytes", { SVC_MOBILE, 0 } },
	};
	for (int i = 0; i < 4; i++)
		if ((figures[i].types[0] == type || figures[i].types[1] == type) &&
		    sqlite3_column_type(st, col + i) != SQLITE_NULL)
			out_col_int(o, figures[i].name, st, col + i);
}

/* A tariff's row: id, name, description, monthly_fee, the four figures, its type and
 * whether it is the service's. */
static void tariff_row(cJSON *o, sqlite3_stmt *st)
{
	out_col_str(o, "tariffId", st, 0);
	out_col_str(o, "name", st, 1);
	out_col_str(o, "description", st, 2);
	out_col_int(o, "monthlyFee", st, 3);
	out_bool(o, "current", sqlite3_column_int(st, 9) != 0);
	tariff_figures(o, sqlite3_column_int(st, 8), st, 4);
}

static int get_available_tariffs(struct call *c)
{
	struct svc s;

	if (own_service(c, &s) != CALL_OK)
		return CALL_FAIL;
	return call_rows(c, cJSON_AddArrayToObject(c->out, "tariffs"), tariff_row, "tariffs",
			 "SELECT id, name, description, monthly_fee, "
			 "  speed_mbps, channels, minutes, gigabytes, type, id = ?2 "
			 "FROM tariffs WHERE type = ?1 AND available = 1 "
			 "ORDER BY monthly_fee, name, id",
			 "is", (int64_t)s.type, s.tariff_id);
}

static int conflict_status(struct call *c)
{
	return call_fail(c, APIERR_CONFLICT, NULL,
			 "Действие недоступно в текущем состоянии услуги",
			 "Not possible in the service's current state");
}

/* Billing switches the tariff on effectiveFrom; until then the choice can be
 * replaced by another. */
static int change_tariff(struct call *c)
{
	struct svc s;
	const char *tariff_id = NULL;
	char from[11];

	if (own_service(c, &s) != CALL_OK ||
	    in_str(c, "tariffId", true, 1, 64, &tariff_id) != CALL_OK)
		return CALL_FAIL;
	if (db_int(c->db, "SELECT 1 FROM tariffs WHERE id = ? AND type = ? AND available = 1", 0,
		   "si", tariff_id, (int64_t)s.type) != 1)
		return not_found(c, "tariffId");
	if (strcmp(s.status, "ACTIVE") && strcmp(s.status, "VOLUNTARY_BLOCKED"))
		return conflict_status(c);
	if (!strcmp(tariff_id, s.tariff_id))
		return call_fail(c, APIERR_CONFLICT, "tariffId", "Этот тариф уже подключён",
				 "This tariff is already in use");
	srv_day_to_date(c->today_day + 1, from);
	if (db_exec(c->db, "UPDATE services SET pending_tariff_id = ?, pending_from = ? WHERE id = ?",
		    "sss", tariff_id, from, s.id) != SQLITE_DONE)
		return call_internal(c, "change tariff");
	out_str(c->out, "effectiveFrom", from);
	return CALL_OK;
}

static int set_service_option(struct call *c)
{
	struct svc s;
	const char *option_id = NULL;
	bool enabled = false;
	int64_t now_on;

	if (own_service(c, &s) != CALL_OK ||
	    in_str(c, "optionId", true, 1, 64, &option_id) != CALL_OK ||
	    in_bool(c, "enabled", true, &enabled) != CALL_OK)
		return CALL_FAIL;
	if (db_int(c->db, "SELECT 1 FROM options WHERE id = ? AND type = ?", 0, "si", option_id,
		   (int64_t)s.type) != 1)
		return not_found(c, "optionId");
	if (strcmp(s.status, "ACTIVE"))
		return conflict_status(c);
	now_on = db_int(c->db, "SELECT enabled FROM service_options "
			       "WHERE service_id = ? AND option_id = ?", 0, "ss", s.id, option_id);
	if ((now_on != 0) == enabled)
		return call_fail(c, APIERR_CONFLICT, "enabled",
				 enabled ? "Опция уже подключена" : "Опция уже отключена",
				 enabled ? "The option is already on" : "The option is already off");
	if (db_exec(c->db, "INSERT INTO service_options (service_id, option_id, enabled) "
			   "VALUES (?, ?, ?) ON CONFLICT (service_id, option_id) "
			   "DO UPDATE SET enabled = excluded.enabled", "ssi", s.id, option_id,
		    (int64_t)enabled) != SQLITE_DONE)
		return call_internal(c, "set option");
	out_str(c->out, "optionId", option_id);
	out_bool(c->out, "enabled", enabled);
	return CALL_OK;
}

static int set_voluntary_block(struct call *c)
{
	struct svc s;
	const char *until = NULL;
	int64_t until_day = 0;

	if (own_service(c, &s) != CALL_OK ||
	    in_date(c, "until", true, &until, &until_day) != CALL_OK)
		return CALL_FAIL;
	if (until_day - c->today_day < 1 || until_day - c->today_day > BLOCK_MAX_DAYS)
		return call_failf(c, APIERR_VALIDATION, "until",
				  "Блокировка возможна на срок от 1 до %d дней",
				  "A block lasts from 1 to %d days", BLOCK_MAX_DAYS);
	if (strcmp(s.status, "ACTIVE"))
		return conflict_status(c);
	if (db_exec(c->db, "UPDATE services SET status = 'VOLUNTARY_BLOCKED', block_until = ? "
			   "WHERE id = ?", "ss", until, s.id) != SQLITE_DONE)
		return call_internal(c, "voluntary block");
	out_str(c->out, "status", "VOLUNTARY_BLOCKED");
	out_str(c->out, "voluntaryBlockEndDate", until);
	return CALL_OK;
}

/* Back to ACTIVE, unless the account went into debt meanwhile: then it is blocked
 * for debt like any other service of the account. */
static int remove_voluntary_block(struct call *c)
{
	struct svc s;
	sqlite3_stmt *st;

	if (own_service(c, &s) != CALL_OK)
		return CALL_FAIL;
	if (strcmp(s.status, "VOLUNTARY_BLOCKED"))
		return conflict_status(c);
	if (db_exec(c->db, "UPDATE services SET status = 'ACTIVE', block_until = NULL WHERE id = ?",
		    "s", s.id) != SQLITE_DONE)
		return call_internal(c, "remove block");
	if (ledger_block_if_debt(c, s.account_id) != CALL_OK)
		return CALL_FAIL;
	st = call_query(c, "service status",
			"SELECT status FROM services WHERE id = ?",
			"s", s.id);
	if (!st)
		return CALL_FAIL;
	if (sqlite3_step(st) == SQLITE_ROW)
		out_col_str(c->out, "status", st, 0);
	sqlite3_reset(st);
	return CALL_OK;
}

/* Daily usage, paged by day: the cursor is the day number of the page's last item. */
static int get_usage(struct call *c)
{
	struct svc s;
	const char *from = NULL, *to = NULL, *unit;
	int64_t from_day = 0, to_day = 0, limit, after = 0, n = 0, last_day = 0;
	bool has_cursor;
	char after_date[11];
	sqlite3_stmt *st;
	cJSON *items;

	if (own_service(c, &s) != CALL_OK ||
	    in_date(c, "from", true, &from, &from_day) != CALL_OK ||
	    in_date(c, "to", true, &to, &to_day) != CALL_OK ||
	    in_page(c, &limit, &after, &has_cursor) != CALL_OK)
		return CALL_FAIL;
	if (from_day > to_day)
		return call_fail(c, APIERR_VALIDATION, "to", "Дата «по» раньше даты «с»",
				 "The end date is before the start date");
	if (to_day - from_day + 1 > USAGE_MAX_DAYS)
		return call_failf(c, APIERR_VALIDATION, "to", "Период — не больше %d дней",
				  "The period is at most %d days", USAGE_MAX_DAYS);
	if (s.type == SVC_INTERNET)
		unit = "MB";
	else if (s.type == SVC_HOME_PHONE || s.type == SVC_MOBILE)
		unit = "MIN";
	else
		return call_fail(c, APIERR_CONFLICT, NULL,
				 "У этой услуги нет детализации потребления",
				 "This service has no usage records");
	out_str(c->out, "unit", unit);
	items = cJSON_AddArrayToObject(c->out, "items");
	srv_day_to_date(has_cursor ? after : from_day - 1, after_date);
	st = call_query(c, "usage",
			"SELECT date, value FROM usage "
			"WHERE service_id = ? AND date >= ? AND date <= ? AND date > ? "
			"ORDER BY date LIMIT ?",
			"ssssi", s.id, from, to, after_date, limit + 1);
	if (!st)
		return CALL_FAIL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		cJSON *o;
		if (n == limit) {
			page_set_next(c, last_day);
			break;
		}
		o = cJSON_CreateObject();
		out_col_str(o, "date", st, 0);
		out_col_int(o, "value", st, 1);
		cJSON_AddItemToArray(items, o);
		last_day = srv_parse_date(db_text(st, 0));
		n++;
	}
	sqlite3_reset(st);
	out_int(c->out, "total",
		db_int(c->db, "SELECT COALESCE(SUM(value), 0) FROM usage "
			      "WHERE service_id = ? AND date >= ? AND date <= ?", 0, "sss", s.id,
		       from, to));
	return CALL_OK;
}

const struct method service_methods[] = {
	{ "getServiceTariffName", get_service_tariff_name, M_VIEW },
	{ "getServiceInfo", get_service_info, M_VIEW },
	{ "getAvailableTariffs", get_available_tariffs, M_VIEW },
	{ "changeTariff", change_tariff, M_WRITE },
	{ "setServiceOption", set_service_option, M_WRITE },
	{ "setVoluntaryBlock", set_voluntary_block, M_WRITE },
	{ "removeVoluntaryBlock", remove_voluntary_block, M_WRITE },
	{ "getUsage", get_usage, M_VIEW },
	{ NULL, NULL, 0 },
};
