/* Autopay rules. */
#include "kabinet/server/call.h"

const struct method autopay_methods[] = {
	{ NULL, NULL, 0 },
};
