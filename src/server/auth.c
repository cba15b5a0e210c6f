/* Public methods: login, two-step codes, remember tokens, registration, password reset, logout. */
#include "kabinet/server/call.h"

const struct method auth_methods[] = {
	{ NULL, NULL, 0 },
};
