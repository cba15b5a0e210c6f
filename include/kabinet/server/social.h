/* Social login and links (social.c): the API's methods over the device flows of
 * schema 13, and what the approval pages (device_page.c) share with them: the user
 * code's form, the flows' lifetime, a profile's short name and the security notices. */
#ifndef KABINET_SERVER_SOCIAL_H
#define KABINET_SERVER_SOCIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct call;

/* A flow lives 10 minutes; kabinet polls every 5 s at first. */
#define SOCIAL_FLOW_TTL 600
#define SOCIAL_INTERVAL 5
/* At most this many starts per IP address in SOCIAL_WINDOW s; at most SOCIAL_WRONG_MAX
 * wrong codes typed on the page from one address in that time. */
#define SOCIAL_STARTS_MAX 10
#define SOCIAL_WRONG_MAX 3
#define SOCIAL_WINDOW 600
#define SOCIAL_CODE_LEN 8

/* A typed user code in its stored form: 8 letters of the code's alphabet, capitals,
 * dashes and spaces dropped; false when it cannot be one (out needs 9 bytes). */
bool social_code_norm(const char *typed, char *out);
/* "Иванов П. С." of a profile into buf; "" when there is none. */
void social_profile_name(struct call *c, int64_t profile_id, char *buf, size_t size);
/* Sends a security notice to the profile's e-mail, else its phone; CALL_OK or INTERNAL. */
int social_notice(struct call *c, int64_t profile_id, const char *text);
/* How many attempts of kind ("start", "wrong") addr made within the window, and the
 * seconds until the oldest of them leaves it (retry). */
int social_attempts(struct call *c, const char *kind, const char *addr, int *retry);
int social_attempt_add(struct call *c, const char *kind, const char *addr);

#endif
