/* The model of social login and linking (model_social.c): the readers of
 * getSocialProviders, startDeviceLogin / startSocialLink, pollDeviceLogin /
 * pollSocialLink and getSocialLinks, every field checked as untrusted (a provider's id
 * by its shape, the user code exactly XXXX-XXXX of the contract's alphabet, the URLs
 * http(s) of printable ASCII, the times within sane ranges, the names made safe), and
 * the request bodies. An approved pollDeviceLogin is login's answer: login.c reads it
 * with model_parse_login(). */
#ifndef KABINET_MODEL_SOCIAL_H
#define KABINET_MODEL_SOCIAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kabinet/model/model.h"

#define SOCIAL_ID_MAX 16		/* a provider's id: 1-16 of [a-z0-9_-] */
#define SOCIAL_URL_MAX 512		/* a verification URL, bytes */
#define SOCIAL_EXPIRES_MAX 3600		/* expiresIn, seconds: 1 .. this */
#define SOCIAL_INTERVAL_MAX 300		/* interval, seconds: 1 .. this */

struct social_provider {
	char id[SOCIAL_ID_MAX + 1];
	char name[128];			/* made safe */
};

struct social_providers {
	struct social_provider *items;
	size_t n;
};

/* startDeviceLogin's and startSocialLink's answer. device_code is a secret: wipe it
 * (model_wipe) when the flow ends. */
struct social_flow {
	char device_code[64];
	char user_code[10];		/* XXXX-XXXX */
	char uri[SOCIAL_URL_MAX + 1];
	char uri_complete[SOCIAL_URL_MAX + 1];
	int expires_in, interval;	/* seconds */
};

/* One row of getSocialLinks (and pollSocialLink's link). */
struct social_link {
	char provider[SOCIAL_ID_MAX + 1];
	char name[128];
	bool linked;
	char display_name[256];		/* "" when not linked */
	char linked_at[32];		/* RFC 3339, "" when not linked */
};

struct social_links {
	struct social_link *items;
	size_t n;
};

enum social_status {
	SOCIAL_PENDING,			/* AUTHORIZATION_PENDING */
	SOCIAL_SLOW_DOWN,		/* poll less often: interval says how often */
	SOCIAL_DENIED,			/* ACCESS_DENIED, each reason its own */
	SOCIAL_NOT_LINKED,
	SOCIAL_LINKED_ELSEWHERE,
	SOCIAL_PROVIDER_ERROR,
	SOCIAL_EXPIRED,			/* EXPIRED_TOKEN */
	SOCIAL_APPROVED,		/* OK, OTP_REQUIRED, PASSWORD_CHANGE_REQUIRED */
};

struct social_poll {
	enum social_status status;
	int interval;			/* SLOW_DOWN's, seconds */
	struct social_link link;	/* pollSocialLink's OK */
};

enum model_status model_parse_social_providers(const char *json, struct social_providers *out,
					       struct model_err *err);
void model_free_social_providers(struct social_providers *list);
enum model_status model_parse_social_flow(const char *json, struct social_flow *out,
					  struct model_err *err);
/* link: pollSocialLink's answer (OK carries the link row; LINKED_ELSEWHERE is its
 * own), else pollDeviceLogin's (OK, OTP_REQUIRED and PASSWORD_CHANGE_REQUIRED are
 * APPROVED; NOT_LINKED is its own). A status or reason of the other method is bad. */
enum model_status model_parse_social_poll(const char *json, bool link, struct social_poll *out,
					  struct model_err *err);
enum model_status model_parse_social_links(const char *json, struct social_links *out,
					   struct model_err *err);
void model_free_social_links(struct social_links *list);

/* Whether s is a user code as the contract shapes it: XXXX-XXXX of BCDFGHJKLMNPQRSTVWXZ. */
bool model_social_user_code_ok(const char *s);
/* Whether s is an http or https URL of printable ASCII, up to SOCIAL_URL_MAX bytes. */
bool model_social_url_ok(const char *s);

/* Request bodies (malloc'ed; NULL without memory). device_name NULL or "" is left
 * out. The poll bodies hold the device code: free them with model_free_secret_body(). */
char *model_body_social_start(const char *provider, const char *device_name);
char *model_body_social_poll_login(const char *device_code, bool remember,
				   const char *device_name);
char *model_body_social_poll_link(const char *device_code);
char *model_body_social_provider(const char *provider);

#endif
