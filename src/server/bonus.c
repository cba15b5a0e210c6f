/* The bonus program. */
#include "kabinet/server/call.h"

const struct method bonus_methods[] = {
	{ NULL, NULL, 0 },
};
