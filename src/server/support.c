/* Support requests and their messages. */
#include "kabinet/server/call.h"

const struct method support_methods[] = {
	{ NULL, NULL, 0 },
};
