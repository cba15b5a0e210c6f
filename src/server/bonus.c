/* The bonus program: status and level, joining, and paying services with points
 * (1 point = 1 rouble), which spends the points that burn soonest first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/ledger.h"

#define BONUS_SPEND_MAX 1000000
#define KOPECKS_PER_POINT 100

static const struct {
	const char *level, *ru, *en;
} levels[] = {
	{ "BASIC", "Базовый", "Basic" },
	{ "STANDARD", "Стандарт", "Standard" },
	{ "PRIVILEGE", "Привилегия", "Privilege" },
};

static const char *level_name(struct call *c, const char *level)
{
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (!strcmp(levels[i].level, level))
			return c->en ? levels[i].en : levels[i].ru;
	return level;
}

static void burning_row(cJSON *b, sqlite3_stmt *st)
{
	out_col_int(b, "points", st, 0);
	out_col_str(b, "burningDate", st, 1);
}

/* Fills c->out with the caller's program status, as getFplStatus answers. */
static int status_out(struct call *c)
{
	sqlite3_stmt *st;
	cJSON *info;

	if (call_row(c, &st, "bonus status",
		     "SELECT status, balance, level, level_expire FROM bonus WHERE profile_id = ?",
		     "i", c->profile_id) != CALL_OK)
		return CALL_FAIL;
	if (!st) {
		out_str(c->out, "status", "MISSING");
		out_int(c->out, "balance", 0);
		out_null(c->out, "levelInfo");
		cJSON_AddArrayToObject(c->out, "balanceBurningPoints");
		return CALL_OK;
	}
	out_col_str(c->out, "status", st, 0);
	out_col_int(c->out, "balance", st, 1);
	info = cJSON_AddObjectToObject(c->out, "levelInfo");
	out_col_str(info, "level", st, 2);
	out_str(info, "name", level_name(c, db_text(st, 2)));
	out_col_str(info, "expireDate", st, 3);
	sqlite3_reset(st);
	return call_rows(c, cJSON_AddArrayToObject(c->out, "balanceBurningPoints"), burning_row,
			 "bonus burning",
			 "SELECT points, burning_date FROM bonus_burning "
			 "WHERE profile_id = ? AND points > 0 ORDER BY burning_date, rowid",
			 "i", c->profile_id);
}

static int get_fpl_status(struct call *c)
{
	return status_out(c);
}

static bool program_active(struct call *c)
{
	return db_int(c->db, "SELECT status = 'ACTIVE' FROM bonus WHERE profile_id = ?", 0, "i",
		      c->profile_id) == 1;
}

static int join_bonus_program(struct call *c)
{
	int year = atoi(c->today), month = atoi(c->today + 5), day = atoi(c->today + 8);
	char expire[40];

	if (program_active(c))
		return call_fail(c, APIERR_CONFLICT, NULL, "Вы уже участвуете в бонусной программе",
				 "You are already in the bonus program");
	/* A year from today; 29 February has no twin next year. */
	if (month == 2 && day == 29)
		day = 28;
	snprintf(expire, sizeof(expire), "%04d-%02d-%02d", year + 1, month, day);
	if (db_exec(c->db, "DELETE FROM bonus_burning WHERE profile_id = ?", "i", c->profile_id) !=
		    SQLITE_DONE ||
	    db_exec(c->db, "INSERT OR REPLACE INTO bonus (profile_id, status, balance, level, "
			   "level_expire) VALUES (?, 'ACTIVE', 0, 'BASIC', ?)", "is", c->profile_id,
		    expire) != SQLITE_DONE)
		return call_internal(c, "bonus join");
	return status_out(c);
}

/* Takes points from the burning lots, soonest first: the user keeps the points that
 * last longest. */
static int spend_burning(struct call *c, int64_t points)
{
	while (points > 0) {
		sqlite3_stmt *st;
		int64_t rowid, lot, take;

		if (call_row(c, &st, "bonus lots",
			     "SELECT rowid, points FROM bonus_burning "
			     "WHERE profile_id = ? AND points > 0 "
			     "ORDER BY burning_date, rowid LIMIT 1",
			     "i", c->profile_id) != CALL_OK)
			return CALL_FAIL;
		if (!st)
			return CALL_OK;	/* the rest of the balance never burns */
		rowid = sqlite3_column_int64(st, 0);
		lot = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
		take = lot < points ? lot : points;
		if (db_exec(c->db, "UPDATE bonus_burning SET points = points - ? WHERE rowid = ?",
			    "ii", take, rowid) != SQLITE_DONE)
			return call_internal(c, "bonus lots");
		points -= take;
	}
	if (db_exec(c->db, "DELETE FROM bonus_burning WHERE profile_id = ? AND points <= 0", "i",
		    c->profile_id) != SQLITE_DONE)
		return call_internal(c, "bonus lots");
	return CALL_OK;
}

/* "1 балл", "2 балла", "5 баллов". */
static const char *points_word(int64_t n)
{
	int64_t d10 = n % 10, d100 = n % 100;
	if (d10 == 1 && d100 != 11)
		return "балл";
	if (d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14))
		return "балла";
	return "баллов";
}

static int spend_bonuses(struct call *c)
{
	const char *account_id = NULL;
	int64_t points = 0, balance;
	char description[64];

	if (in_str(c, "accountId", true, 1, 64, &account_id) != CALL_OK ||
	    in_int(c, "points", true, 1, BONUS_SPEND_MAX, &points) != CALL_OK ||
	    call_own_account(c, account_id) != CALL_OK)
		return CALL_FAIL;
	if (!program_active(c))
		return call_fail(c, APIERR_CONFLICT, NULL, "Вы не участвуете в бонусной программе",
				 "You are not in the bonus program");
	balance = db_int(c->db, "SELECT balance FROM bonus WHERE profile_id = ?", 0, "i",
			 c->profile_id);
	if (points > balance)
		return call_failf(c, APIERR_LIMIT_EXCEEDED, "points",
				  "Недостаточно баллов: на бонусном счёте %lld",
				  "Not enough points: %lld available", (long long)balance);
	if (db_exec(c->db, "UPDATE bonus SET balance = balance - ? WHERE profile_id = ?", "ii",
		    points, c->profile_id) != SQLITE_DONE)
		return call_internal(c, "bonus spend");
	snprintf(description, sizeof(description), "Оплата бонусами: %lld %s", (long long)points,
		 points_word(points));
	if (spend_burning(c, points) != CALL_OK ||
	    ledger_post(c, account_id, "BONUS", points * KOPECKS_PER_POINT, description) != CALL_OK ||
	    ledger_unblock_if_paid(c, account_id) != CALL_OK)
		return CALL_FAIL;
	out_int(c->out, "balance", balance - points);
	out_int(c->out, "accountBalance", ledger_balance(c, account_id));
	return CALL_OK;
}

const struct method bonus_methods[] = {
	{ "getFplStatus", get_fpl_status, M_VIEW },
	{ "joinBonusProgram", join_bonus_program, M_WRITE },
	{ "spendBonuses", spend_bonuses, M_IDEMPOTENT },
	{ NULL, NULL, 0 },
};
