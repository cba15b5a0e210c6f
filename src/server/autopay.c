/* Autopay rules: what a client sets up so that billing tops an account up from a bound
 * card. Only the rules live here; billing runs them and records lastRun. */
#include <stdio.h>
#include <string.h>

#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/srv.h"

#define AUTOPAY_MONEY_MAX 1500000	/* 15 000 roubles, the payment limit */
#define AUTOPAY_AMOUNT_MIN 100		/* 1 rouble */
#define AUTOPAY_DAY_MAX 28		/* every month has the 28th */

/* The figures a rule may carry, and which kinds use them. The names are static so
 * that call_fail() can keep them as the error's field. */
enum { F_THRESHOLD, F_AMOUNT, F_DAY, F_COUNT };

static const struct {
	const char *name;
	int64_t min, max;
} fields[F_COUNT] = {
	[F_THRESHOLD] = { "threshold", 0, AUTOPAY_MONEY_MAX },
	[F_AMOUNT] = { "amount", AUTOPAY_AMOUNT_MIN, AUTOPAY_MONEY_MAX },
	[F_DAY] = { "day", 1, AUTOPAY_DAY_MAX },
};

static const struct kind {
	const char *name;
	bool uses[F_COUNT];
} kinds[] = {
	{ "THRESHOLD", { [F_THRESHOLD] = true, [F_AMOUNT] = true } },
	{ "MONTHLY", { [F_AMOUNT] = true, [F_DAY] = true } },
	{ "DEBT", { false } },
};

static const struct kind *kind_find(const char *name)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].name, name))
			return &kinds[i];
	return NULL;
}

/* A figure as read from the request: absent (or null) keeps the stored value. */
struct figure {
	bool present;
	int64_t value;
};

/* Reads threshold, amount and day for a kind. A figure the kind does not use must be
 * absent or null, so that a client never believes a figure was stored when it was
 * not. On create the kind's figures are required. */
static int read_figures(struct call *c, const struct kind *k, bool create,
			struct figure fig[F_COUNT])
{
	for (int f = 0; f < F_COUNT; f++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->in, fields[f].name);
		bool given = v && !cJSON_IsNull(v);

		fig[f].present = false;
		if (!k->uses[f]) {
			if (given)
				return call_failf(c, APIERR_VALIDATION, fields[f].name,
						  "Поле %s не используется в правилах %s",
						  "Field %s is not used by %s rules",
						  fields[f].name, k->name);
			continue;
		}
		if (in_int(c, fields[f].name, create, fields[f].min, fields[f].max,
			   &fig[f].value) != CALL_OK)
			return CALL_FAIL;
		fig[f].present = given;
	}
	return CALL_OK;
}

static void bind_figure(sqlite3_stmt *st, int idx, const struct figure *f)
{
	if (f->present)
		sqlite3_bind_int64(st, idx, f->value);
	else
		sqlite3_bind_null(st, idx);
}

static int own_card(struct call *c, const char *card_id)
{
	if (db_int(c->db, "SELECT 1 FROM cards WHERE id = ? AND profile_id = ? AND deleted = 0",
		   0, "si", card_id, c->profile_id) != 1)
		return call_fail(c, APIERR_NOT_FOUND, "cardId", "Карта не найдена",
				 "Card not found");
	return CALL_OK;
}

static int rule_not_found(struct call *c)
{
	return call_fail(c, APIERR_NOT_FOUND, "ruleId", "Правило автоплатежа не найдено",
			 "Autopay rule not found");
}

/* The caller's rules on accounts the caller holds now; one rule when rule_id is given.
 * A rule left behind on a detached account stays invisible until it is attached again. */
static int rules_out(struct call *c, const char *rule_id, cJSON *into)
{
	sqlite3_stmt *st;
	int rc, n = 0;

	st = call_query(c, "autopay rules",
			"SELECT r.id, r.account_id, r.card_id, k.mask, r.kind, r.threshold, "
			"  r.amount, r.day, r.enabled, r.last_date, r.last_status, r.last_amount, "
			"  r.last_reason "
			"FROM autopay_rules r "
			"JOIN accounts a ON a.id = r.account_id AND a.profile_id = r.profile_id "
			"LEFT JOIN cards k ON k.id = r.card_id "
			"WHERE r.profile_id = ?1 AND (?2 IS NULL OR r.id = ?2) "
			"ORDER BY a.number, r.rowid",
			"is", c->profile_id, rule_id);
	if (!st)
		return CALL_FAIL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *rule = rule_id ? into : cJSON_CreateObject();
		out_col_str(rule, "ruleId", st, 0);
		out_col_str(rule, "accountId", st, 1);
		out_col_str(rule, "cardId", st, 2);
		out_col_str(rule, "cardMask", st, 3);
		out_col_str(rule, "kind", st, 4);
		out_col_int(rule, "threshold", st, 5);
		out_col_int(rule, "amount", st, 6);
		out_col_int(rule, "day", st, 7);
		out_bool(rule, "enabled", sqlite3_column_int(st, 8) != 0);
		if (sqlite3_column_type(st, 9) == SQLITE_NULL) {
			out_null(rule, "lastRun");
		} else {
			cJSON *last = cJSON_AddObjectToObject(rule, "lastRun");
			out_col_str(last, "date", st, 9);
			out_col_str(last, "status", st, 10);
			out_col_int(last, "amount", st, 11);
			out_col_str(last, "declineReason", st, 12);
		}
		if (!rule_id)
			cJSON_AddItemToArray(into, rule);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return call_internal(c, "autopay rules");
	if (rule_id && n == 0)
		return rule_not_found(c);
	return CALL_OK;
}

static int get_autopay_rules(struct call *c)
{
	return rules_out(c, NULL, cJSON_AddArrayToObject(c->out, "rules"));
}

/* Binds the rule's figures to st from parameter col on, runs it (an INSERT or UPDATE
 * of the rule) and answers with the rule as it is now. */
static int save_rule(struct call *c, sqlite3_stmt *st, int col, const struct figure *fig,
		     const char *rule_id, const char *what)
{
	int rc;
	bind_figure(st, col, &fig[F_THRESHOLD]);
	bind_figure(st, col + 1, &fig[F_AMOUNT]);
	bind_figure(st, col + 2, &fig[F_DAY]);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return call_internal(c, what);
	return rules_out(c, rule_id, c->out);
}

static int create_autopay_rule(struct call *c)
{
	const char *account_id = NULL, *card_id = NULL, *kind_name = NULL;
	const struct kind *k;
	struct figure fig[F_COUNT];
	bool enabled = true;
	char id[32];
	sqlite3_stmt *st;

	if (in_str(c, "accountId", true, 1, 64, &account_id) != CALL_OK ||
	    in_str(c, "cardId", true, 1, 64, &card_id) != CALL_OK ||
	    in_str(c, "kind", true, 1, 16, &kind_name) != CALL_OK)
		return CALL_FAIL;
	k = kind_find(kind_name);
	if (!k)
		return call_fail(c, APIERR_VALIDATION, "kind",
				 "Вид правила: THRESHOLD, MONTHLY или DEBT",
				 "The rule kind must be THRESHOLD, MONTHLY or DEBT");
	if (read_figures(c, k, true, fig) != CALL_OK ||
	    in_bool(c, "enabled", false, &enabled) != CALL_OK ||
	    call_own_account(c, account_id) != CALL_OK || own_card(c, card_id) != CALL_OK)
		return CALL_FAIL;

	if (!strcmp(k->name, "DEBT") &&
	    db_int(c->db, "SELECT payment_system = 'CREDIT' FROM accounts WHERE id = ?", 0, "s",
		   account_id) != 1)
		return call_fail(c, APIERR_CONFLICT, "kind",
				 "Правило DEBT — только для кредитной системы расчётов",
				 "DEBT rules are only for accounts on the credit payment system");
	if (db_int(c->db, "SELECT 1 FROM autopay_rules WHERE account_id = ? AND kind = ? "
			  "AND profile_id = ?", 0, "ssi", account_id, k->name, c->profile_id) == 1)
		return call_failf(c, APIERR_CONFLICT, "kind",
				  "У этого лицевого счёта уже есть правило %s",
				  "This account already has a %s rule", k->name);
	/* A rule of the account's previous holder is invisible to everyone now (rules
	 * show only on accounts their profile holds) and would block the new one. */
	if (db_exec(c->db, "DELETE FROM autopay_rules WHERE account_id = ? AND kind = ? "
			   "AND profile_id <> ?", "ssi", account_id, k->name, c->profile_id) !=
	    SQLITE_DONE)
		return call_internal(c, "autopay stale rule");

	srv_new_id("ar", id);
	st = call_query(c, "autopay insert",
			"INSERT INTO autopay_rules (id, profile_id, account_id, card_id, kind, "
			"threshold, amount, day, enabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			"sisss", id, c->profile_id, account_id, card_id, k->name);
	if (!st)
		return CALL_FAIL;
	sqlite3_bind_int(st, 9, enabled);
	return save_rule(c, st, 6, fig, id, "autopay insert");
}

/* The kind of the caller's visible rule, into kind (16 bytes); NOT_FOUND otherwise. */
static int own_rule(struct call *c, const char *rule_id, char *kind)
{
	sqlite3_stmt *st;
	bool found = false;

	st = call_query(c, "autopay rule",
			"SELECT r.kind FROM autopay_rules r "
			"JOIN accounts a ON a.id = r.account_id AND a.profile_id = r.profile_id "
			"WHERE r.id = ? AND r.profile_id = ?",
			"si", rule_id, c->profile_id);
	if (!st)
		return CALL_FAIL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(kind, 16, "%s", db_text(st, 0));
		found = true;
	}
	sqlite3_reset(st);
	return found ? CALL_OK : rule_not_found(c);
}

static int update_autopay_rule(struct call *c)
{
	static const char *const fixed[] = { "kind", "accountId" };
	const char *rule_id = NULL, *card_id = NULL;
	char kind_name[16];
	const struct kind *k;
	struct figure fig[F_COUNT];
	bool enabled = true;
	const cJSON *en;
	sqlite3_stmt *st;

	if (in_str(c, "ruleId", true, 1, 64, &rule_id) != CALL_OK)
		return CALL_FAIL;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->in, fixed[i]);
		if (v && !cJSON_IsNull(v))
			return call_failf(c, APIERR_VALIDATION, fixed[i],
					  "Поле %s нельзя изменить: создайте новое правило",
					  "Field %s cannot be changed: create a new rule", fixed[i]);
	}
	if (in_str(c, "cardId", false, 1, 64, &card_id) != CALL_OK ||
	    in_bool(c, "enabled", false, &enabled) != CALL_OK ||
	    own_rule(c, rule_id, kind_name) != CALL_OK)
		return CALL_FAIL;
	k = kind_find(kind_name);
	if (!k)
		return call_internal(c, "autopay rule kind");
	if (read_figures(c, k, false, fig) != CALL_OK ||
	    (card_id && own_card(c, card_id) != CALL_OK))
		return CALL_FAIL;

	st = call_query(c, "autopay update",
			"UPDATE autopay_rules SET card_id = COALESCE(?2, card_id), "
			"threshold = COALESCE(?3, threshold), amount = COALESCE(?4, amount), "
			"day = COALESCE(?5, day), enabled = COALESCE(?6, enabled) WHERE id = ?1",
			"ss", rule_id, card_id);
	if (!st)
		return CALL_FAIL;
	en = cJSON_GetObjectItemCaseSensitive(c->in, "enabled");
	if (en && !cJSON_IsNull(en))
		sqlite3_bind_int(st, 6, enabled);
	return save_rule(c, st, 3, fig, rule_id, "autopay update");
}

static int delete_autopay_rule(struct call *c)
{
	const char *rule_id = NULL;
	char kind[16];

	if (in_str(c, "ruleId", true, 1, 64, &rule_id) != CALL_OK ||
	    own_rule(c, rule_id, kind) != CALL_OK)
		return CALL_FAIL;
	if (db_exec(c->db, "DELETE FROM autopay_rules WHERE id = ? AND profile_id = ?", "si",
		    rule_id, c->profile_id) != SQLITE_DONE)
		return call_internal(c, "autopay delete");
	out_str(c->out, "status", "OK");
	return CALL_OK;
}

const struct method autopay_methods[] = {
	{ "getAutopayRules", get_autopay_rules, M_VIEW },
	{ "createAutopayRule", create_autopay_rule, M_WRITE },
	{ "updateAutopayRule", update_autopay_rule, M_WRITE },
	{ "deleteAutopayRule", delete_autopay_rule, M_WRITE },
	{ NULL, NULL, 0 },
};
