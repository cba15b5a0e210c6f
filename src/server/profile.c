/* Profile methods: personal data, password, contacts, remembered devices. */
#include "kabinet/server/call.h"

const struct method profile_methods[] = {
	{ NULL, NULL, 0 },
};
