/* Wiping secrets (wipe.h): volatile stores, so that no write is optimised away. */
#include "kabinet/model/wipe.h"

void model_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}
