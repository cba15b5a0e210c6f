/* TEMPORARY on the branch money while payments.c (another engineer's) is not merged:
 * the lead removes this file at the merge. */
#include "kabinet/ui.h"

bool payments_run(struct app *app, enum action act, const char *account_id)
{
	(void)app, (void)act, (void)account_id;
	return false;
}
