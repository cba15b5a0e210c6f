/* The API's envelope (envelope.h): the error body and loginByToken's body, with cJSON.
 * A string member that is absent, null or not a string reads as "". */
#include "kabinet/net/envelope.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/model/text.h"
#include "kabinet/model/wipe.h"

/* Text for people, copied into dst and cut on a character boundary. */
static void member_text(const cJSON *obj, const char *name, char *dst, size_t size)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	text_copy(dst, size, cJSON_IsString(v) && v->valuestring ? v->valuestring : "");
}

/* A NUL escape would end cJSON's copy of a string early: it is read as U+FFFD
 * (text_json_nul_replaced(), as the model reads it), so that an error's text is not
 * cut short there. */
static cJSON *parse_object(const char *json)
{
	cJSON *root = NULL;
	char *copy;

	if (json && strstr(json, "\\u0000") && (copy = text_json_nul_replaced(json))) {
		root = cJSON_Parse(copy);
		model_wipe(copy, strlen(copy));	/* the reply may hold a token */
		free(copy);
	} else if (json) {
		root = cJSON_Parse(json);
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

int envelope_parse_error(const char *json, char *code, size_t codesize, char *msg,
			 size_t msgsize, char *field, size_t fieldsize)
{
	cJSON *root = parse_object(json);

	code[0] = msg[0] = field[0] = '\0';
	if (!root)
		return -1;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "isError"))) {
		member_text(root, "errorCode", code, codesize);
		member_text(root, "errorMsg", msg, msgsize);
		member_text(root, "field", field, fieldsize);
		if (!code[0])
			snprintf(code, codesize, "INTERNAL");
	}
	cJSON_Delete(root);
	return 0;
}

char *envelope_body_remember(const char *token)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *t = cJSON_AddStringToObject(o, "rememberToken", token);
	char *s = cJSON_PrintUnformatted(o);

	/* cJSON's own copy of the token is wiped before it is freed. */
	if (t && t->valuestring)
		model_wipe(t->valuestring, strlen(t->valuestring));
	cJSON_Delete(o);
	return s;
}

void envelope_free_secret(char *body)
{
	if (body) {
		model_wipe(body, strlen(body));
		cJSON_free(body);
	}
}
