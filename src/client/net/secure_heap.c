/* Wiping frees for libcurl and cJSON (see secure_heap.h). The size of a block comes
 * from malloc_usable_size(), so nothing needs a header of its own; a realloc that
 * moves the block wipes the old one. The cost is one memset per free, paid on
 * buffers of a few kilobytes. */
#include "kabinet/net/secure_heap.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/wipe.h"

void *secure_malloc(size_t n)
{
	return malloc(n);
}

void secure_free(void *p)
{
	if (p) {
		model_wipe(p, malloc_usable_size(p));
		free(p);
	}
}

void *secure_realloc(void *p, size_t n)
{
	size_t old;
	void *q;

	if (!p)
		return malloc(n);
	if (!n) {
		secure_free(p);
		return NULL;
	}
	old = malloc_usable_size(p);
	if (n <= old)
		return p;	/* the block stays where it is; its tail is simply unused */
	q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old);
	secure_free(p);
	return q;
}

void *secure_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

char *secure_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

int secure_heap_init(void)
{
	static bool done;
	cJSON_Hooks hooks = { secure_malloc, secure_free };

	if (done)
		return 0;
	/* With hooks other than malloc/free, cJSON grows its print buffers by malloc,
	 * copy and free, so every old copy goes through secure_free too. */
	cJSON_InitHooks(&hooks);
	if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, secure_malloc, secure_free, secure_realloc,
				 secure_strdup, secure_calloc) != CURLE_OK)
		return -1;
	done = true;
	return 0;
}
