/* Service methods: tariffs, options, voluntary blocks, usage. */
#include "kabinet/server/call.h"

const struct method service_methods[] = {
	{ NULL, NULL, 0 },
};
