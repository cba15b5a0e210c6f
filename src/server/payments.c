/* Card payments: bound cards, createPayment with 3-D Secure, getPayment. */
#include "kabinet/server/call.h"

const struct method payment_methods[] = {
	{ NULL, NULL, 0 },
};
