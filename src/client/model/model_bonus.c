/* The model of the bonus program (bonus.h): the status object with its lots, the
 * answer of spendBonuses — replies in, every field checked; the body out. */
#include "kabinet/model/bonus.h"

#include <stdlib.h>
#include <string.h>

#include "kabinet/model/model_json.h"

/* YYYY-MM-DD, the month and day in range: the screen puts it in words. */
static bool date_ok(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	int month, day;

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return false;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static bool parse_level(const cJSON *info, struct bonus_status *s, struct model_err *err)
{
	if (!cJSON_IsObject(info))
		return mj_bad(err, "reply: levelInfo is %s", info ? "not an object" : "missing"),
		       false;
	if (!mj_str(info, "level", true, s->level, sizeof(s->level), err) ||
	    !mj_str(info, "name", true, s->level_name, sizeof(s->level_name), err) ||
	    !mj_str(info, "expireDate", true, s->level_expires, sizeof(s->level_expires), err))
		return false;
	if (!s->level[0])
		return mj_bad(err, "reply: levelInfo.level is empty"), false;
	if (!date_ok(s->level_expires))
		return mj_bad(err, "reply: levelInfo.expireDate is not YYYY-MM-DD"), false;
	return true;
}

static bool parse_lot(const cJSON *it, void *item, struct model_err *err)
{
	struct bonus_lot *l = item;

	if (!cJSON_IsObject(it))
		return mj_bad(err, "reply: a lot of burning points is not an object"), false;
	if (!mj_int(it, "points", true, NULL, &l->points, err) ||
	    !mj_str(it, "burningDate", true, l->date, sizeof(l->date), err))
		return false;
	if (l->points < 1)
		return mj_bad(err, "reply: a lot of burning points has no points"), false;
	if (!date_ok(l->date))
		return mj_bad(err, "reply: burningDate is not YYYY-MM-DD"), false;
	return true;
}

static bool parse_lots(const cJSON *root, struct bonus_status *s, struct model_err *err)
{
	static const struct mj_items lots = {
		.name = "balanceBurningPoints", .required = true, .size = sizeof(struct bonus_lot),
		.parse = parse_lot,
	};

	if (!(s->lots = mj_items(root, &lots, &s->nlots, err)))
		return false;
	/* Soonest first, as the API promises: the first lot is the one to spend. */
	for (size_t i = 1; i < s->nlots; i++)
		if (strcmp(s->lots[i].date, s->lots[i - 1].date) < 0)
			return mj_bad(err, "reply: the burning lots are not soonest first"), false;
	return true;
}

enum model_status model_parse_bonus_status(const char *json, struct bonus_status *out,
					   struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	struct bonus_status s = { 0 };
	const cJSON *info;
	char status[16];

	memset(out, 0, sizeof(*out));
	if (!root)
		return MODEL_BAD;
	if (!mj_str(root, "status", true, status, sizeof(status), err) ||
	    !mj_int(root, "balance", true, NULL, &s.points, err))
		goto fail;
	if (!strcmp(status, "ACTIVE")) {
		s.active = true;
	} else if (strcmp(status, "MISSING")) {
		mj_bad(err, "reply: status is neither ACTIVE nor MISSING");
		goto fail;
	}
	if (s.points < 0) {
		mj_bad(err, "reply: balance is below zero");
		goto fail;
	}
	info = cJSON_GetObjectItemCaseSensitive(root, "levelInfo");
	if (s.active && !parse_level(info, &s, err))
		goto fail;
	if (!s.active && info && !cJSON_IsNull(info)) {
		mj_bad(err, "reply: levelInfo of a profile that is not a member");
		goto fail;
	}
	if (!parse_lots(root, &s, err))
		goto fail;
	if (!s.active && (s.points || s.nlots)) {
		mj_bad(err, "reply: points of a profile that is not a member");
		goto fail;
	}
	cJSON_Delete(root);
	*out = s;
	return MODEL_OK;
fail:
	cJSON_Delete(root);
	model_free_bonus_status(&s);
	return MODEL_BAD;
}

void model_free_bonus_status(struct bonus_status *s)
{
	free(s->lots);
	memset(s, 0, sizeof(*s));
}

void bonus_summary(const struct bonus_status *s, struct bonus *out)
{
	memset(out, 0, sizeof(*out));
	out->active = s->active;
	out->points = s->points;
	memcpy(out->level, s->level, sizeof(out->level));
	memcpy(out->level_name, s->level_name, sizeof(out->level_name));
	memcpy(out->level_expires, s->level_expires, sizeof(out->level_expires));
	if (s->nlots) {
		out->burning_points = s->lots[0].points;
		memcpy(out->burning_date, s->lots[0].date, sizeof(out->burning_date));
	}
}

enum model_status model_parse_bonus_spent(const char *json, struct bonus_spent *out,
					  struct model_err *err)
{
	cJSON *root = mj_object(json, err);
	struct bonus_spent s = { 0 };
	bool ok;

	if (!root)
		return MODEL_BAD;
	ok = mj_int(root, "balance", true, NULL, &s.points, err) &&
	     mj_int(root, "accountBalance", true, NULL, &s.account_balance, err);
	cJSON_Delete(root);
	if (!ok)
		return MODEL_BAD;
	if (s.points < 0)
		return mj_bad(err, "reply: balance is below zero");
	*out = s;
	return MODEL_OK;
}

char *model_body_spend_bonuses(const char *account_id, int64_t points, const char *key)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "accountId", account_id);
	/* At most a million: a double holds it exactly. */
	cJSON_AddNumberToObject(o, "points", (double)points);
	cJSON_AddStringToObject(o, "idempotencyKey", key);
	return mj_print(o, false);
}
