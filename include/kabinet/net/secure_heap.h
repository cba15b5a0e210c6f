/* Memory that held a secret is zeroed before it goes back to the allocator: the
 * buffers of libcurl (a request with a password or a card number in it) and of cJSON
 * (bodies being printed, replies with tokens) are freed through functions that wipe
 * them first, so no freed block keeps a secret for a later reader of the process's
 * memory (a core dump, a debugger). */
#ifndef KABINET_SECURE_HEAP_H
#define KABINET_SECURE_HEAP_H

#include <stddef.h>

/* Installs the wiping allocator for cJSON and initialises libcurl with it. Call once,
 * before any other use of either; returns 0, or -1 when libcurl failed to start. */
int secure_heap_init(void);

/* The wiping allocator itself (for tests). */
void *secure_malloc(size_t n);
void secure_free(void *p);
void *secure_realloc(void *p, size_t n);
void *secure_calloc(size_t n, size_t size);
char *secure_strdup(const char *s);

#endif
