/* The model of the bonus program (docs/api.md "Bonus program"): the status object of
 * getFplStatus and joinBonusProgram with every lot that burns, the answer of
 * spendBonuses and its body (the points as typed are read by number.h). Pure: no
 * curses, no network. */
#ifndef KABINET_BONUS_H
#define KABINET_BONUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kabinet/model/model.h"

/* What the API takes (docs/api.md, spendBonuses). */
#define BONUS_SPEND_MIN INT64_C(1)
#define BONUS_SPEND_MAX INT64_C(1000000)
/* One point pays one rouble. */
#define BONUS_POINT_KOPECKS INT64_C(100)

/* A lot of points that burns: spendable up to and including `date`. */
struct bonus_lot {
	int64_t points;
	char date[16];			/* YYYY-MM-DD */
};

struct bonus_status {
	bool active;			/* ACTIVE; else MISSING (never joined) */
	int64_t points;
	char level[16];			/* BASIC, STANDARD, PRIVILEGE ("" when MISSING) */
	char level_name[64];		/* in the language asked */
	char level_expires[16];		/* YYYY-MM-DD */
	struct bonus_lot *lots;		/* soonest first */
	size_t nlots;
};

/* The status object (getFplStatus, joinBonusProgram). Strict: status ACTIVE or
 * MISSING, the level and its date for a member and none otherwise, lots of more than
 * zero points with their dates in order. Free with model_free_bonus_status(). */
enum model_status model_parse_bonus_status(const char *json, struct bonus_status *out,
					   struct model_err *err);
void model_free_bonus_status(struct bonus_status *s);
/* What the overview shows of it (model.h's struct bonus). */
void bonus_summary(const struct bonus_status *s, struct bonus *out);

/* The answer of spendBonuses. */
struct bonus_spent {
	int64_t points;			/* the points left */
	int64_t account_balance;	/* kopecks, after the payment */
};
enum model_status model_parse_bonus_spent(const char *json, struct bonus_spent *out,
					  struct model_err *err);
char *model_body_spend_bonuses(const char *account_id, int64_t points, const char *key);

#endif
