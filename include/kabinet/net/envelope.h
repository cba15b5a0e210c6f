/* The API's envelope, read and written by the network layer itself: the error body
 * every method may answer with ({"isError":true,"errorCode","errorMsg","field"}) and
 * the body of loginByToken ({"rememberToken"}). The replies of the methods are the
 * model's to read; a login's answer is read for api.c by the reader the program gives
 * it (api_set_login_reader), so that the network layer never calls the model. */
#ifndef KABINET_NET_ENVELOPE_H
#define KABINET_NET_ENVELOPE_H

#include <stddef.h>

/* Reads an error body's errorCode, errorMsg and field (empty strings on success
 * bodies; a text too long for its buffer is cut on a character boundary). Returns 0,
 * or -1 when the text is not a JSON object. */
int envelope_parse_error(const char *json, char *code, size_t codesize, char *msg,
			 size_t msgsize, char *field, size_t fieldsize);

/* loginByToken's body (malloc'ed JSON text, NULL on out of memory): it holds the
 * token, so it is freed with envelope_free_secret(), which zeroes it first. */
char *envelope_body_remember(const char *token);
void envelope_free_secret(char *body);

#endif
