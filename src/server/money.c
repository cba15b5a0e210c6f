/* Money methods: history, transfers, promised payments, payment system, invoices. */
#include "kabinet/server/call.h"

const struct method money_methods[] = {
	{ NULL, NULL, 0 },
};
