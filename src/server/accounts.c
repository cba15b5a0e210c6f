/* Account methods: the list, balances, details, attaching and detaching. */
#include "kabinet/server/call.h"

const struct method account_methods[] = {
	{ NULL, NULL, 0 },
};
