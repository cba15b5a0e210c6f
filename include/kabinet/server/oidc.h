/* kabinetd as an OpenID Connect relying party (oidc.c): the providers of --providers,
 * their discovery documents and signing keys fetched lazily and cached, the
 * authorization URL of a login (state, nonce, PKCE S256), and the code exchange with
 * the ID token's checks. Every provider call has a 10 s timeout and runs on the
 * caller's thread: the HTTP front calls these from its slow workers only. */
#ifndef KABINET_SERVER_OIDC_H
#define KABINET_SERVER_OIDC_H

#include <stdbool.h>
#include <stddef.h>

#define OIDC_ID_MAX 16
#define OIDC_SUBJECT_MAX 255
#define OIDC_NAME_MAX 200

struct oidc_provider;

/* Reads the providers file (JSON; // comments allowed), the client secrets named in
 * it, and checks everything; 0, or -1 with a message naming the file, the provider
 * and the field in err. */
int oidc_load(const char *path, char *err, size_t errsize);
/* Wipes the secrets and frees the providers (at exit). */
void oidc_free_all(void);
int oidc_count(void);
const struct oidc_provider *oidc_at(int i);
/* The provider of that id, NULL when none. */
const struct oidc_provider *oidc_find(const char *id);
const char *oidc_id(const struct oidc_provider *p);
/* Its name for people in Russian or English. */
const char *oidc_name(const struct oidc_provider *p, bool en);
/* "https://id.vk.com https://oauth.vk.com": the origins a browser may be sent to (the
 * issuers' and the known authorization endpoints'), for the pages' form-action. */
void oidc_origins(char *buf, size_t size);

/* Fetches the discovery document when it is not known (oidc_origins() then names the
 * authorization endpoint); 0, or -1 (logged). */
int oidc_prepare(const struct oidc_provider *p);
/* The PKCE S256 challenge of a verifier (43 base64url characters; out needs 44). */
void oidc_challenge(const char *verifier, char *out);
/* The authorization URL (malloc'ed) for state, nonce and challenge, the discovery
 * document fetched first if need be; NULL with the reason (for the log) in why. */
char *oidc_auth_url(const struct oidc_provider *p, const char *redirect_uri,
		    const char *state, const char *nonce, const char *challenge, char *why,
		    size_t whysize);
/* Exchanges code (with the PKCE verifier) at the token endpoint and checks the ID
 * token: signature by the provider's keys, iss, aud and azp, exp, iat, nonce. On
 * success 0 with the person's subject and name ("" when none); else -1 with the
 * failed check in why. The provider's tokens are wiped, never kept. */
int oidc_exchange(const struct oidc_provider *p, const char *redirect_uri, const char *code,
		  const char *verifier, const char *nonce, char *subject, char *name,
		  char *why, size_t whysize);

#endif
