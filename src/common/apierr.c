/* The API's error codes: names and HTTP statuses from one table. */
#include "kabinet/apierr.h"

#include <string.h>

static const struct {
	const char *name;
	int status;
} api_errors[] = {
#define API_ERR_ROW(name, status) { #name, status },
	API_ERRORS(API_ERR_ROW)
#undef API_ERR_ROW
};

const char *apierr_name(enum api_err e)
{
	return (unsigned)e < APIERR_COUNT ? api_errors[e].name : NULL;
}

int apierr_http_status(enum api_err e)
{
	return (unsigned)e < APIERR_COUNT ? api_errors[e].status : 500;
}

enum api_err apierr_from_name(const char *name)
{
	for (unsigned i = 0; name && i < APIERR_COUNT; i++)
		if (!strcmp(api_errors[i].name, name))
			return (enum api_err)i;
	return APIERR_COUNT;
}
