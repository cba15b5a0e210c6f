/* kabinetd's clock, random ids and tokens, password hashing, contact masking, the
 * digits check and the outbox of "sent" messages. */
#include "kabinet/server/srv.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/log.h"

#include <pthread.h>

struct srv_config srv_cfg = {
	.session_idle = 1800,
	.session_max = 12 * 3600,
	.remember_ttl = 30 * 86400,
};

int64_t srv_now(void)
{
	return (int64_t)time(NULL) + srv_cfg.today_offset;
}

int64_t srv_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *srv_instant(int64_t t, char *buf)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

char *srv_date(int64_t t, char *buf)
{
	int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	return srv_day_to_date(day, buf);
}

char *srv_today(char *buf)
{
	return srv_date(srv_now(), buf);
}

int64_t srv_today_day(void)
{
	int64_t t = srv_now();
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

/* Days from civil, after H. Hinnant's public-domain algorithm. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int srv_month_of(const char *date)
{
	return atoi(date) * 12 + atoi(date + 5) - 1;
}

char *srv_month_text(int month, char *buf)
{
	snprintf(buf, 8, "%04u-%02u", (unsigned)(month / 12) % 10000u,
		 (unsigned)(month % 12 + 1) % 100u);
	return buf;
}

char *srv_day_to_date(int64_t z, char *buf)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	int year = (int)(y + (m <= 2));
	if (year < 0 || year > 9999)
		year = year < 0 ? 0 : 9999;
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)year % 10000, m % 100, d % 100);
	return buf;
}

int64_t srv_parse_date(const char *s)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y, m, d;
	char check[11];

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return INT64_MIN;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return INT64_MIN;
	y = (unsigned)((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + s[3] - '0');
	m = (unsigned)((s[5] - '0') * 10 + s[6] - '0');
	d = (unsigned)((s[8] - '0') * 10 + s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return INT64_MIN;
	int64_t day = days_from_civil(y, m, d);
	/* Catches 29 February of a common year. */
	if (strcmp(srv_day_to_date(day, check), s))
		return INT64_MIN;
	return day;
}

char *srv_new_id(const char *prefix, char *buf)
{
	unsigned char raw[8];
	char hex[17];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	snprintf(buf, 32, "%s%s", prefix, hex);
	return buf;
}

char *srv_new_token(char *buf)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(buf, 48, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	return buf;
}

char *srv_token_hash(const char *token, char *buf)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(buf, 65, h, sizeof(h));
	return buf;
}

char *srv_new_code(unsigned n, char *buf)
{
	for (unsigned i = 0; i < n; i++)
		buf[i] = (char)('0' + randombytes_uniform(10));
	buf[n] = '\0';
	return buf;
}

/* argon2id at libsodium's interactive limits: each hash takes 64 MiB, so bound how
 * many run at once; a flood of logins then queues instead of exhausting memory. */
#define PWHASH_PARALLEL 4
static pthread_mutex_t pwhash_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pwhash_cond = PTHREAD_COND_INITIALIZER;
static int pwhash_running;

static void pwhash_enter(void)
{
	pthread_mutex_lock(&pwhash_lock);
	while (pwhash_running >= PWHASH_PARALLEL)
		pthread_cond_wait(&pwhash_cond, &pwhash_lock);
	pwhash_running++;
	pthread_mutex_unlock(&pwhash_lock);
}

static void pwhash_leave(void)
{
	pthread_mutex_lock(&pwhash_lock);
	pwhash_running--;
	pthread_cond_signal(&pwhash_cond);
	pthread_mutex_unlock(&pwhash_lock);
}

int srv_password_hash(const char *password, char *out)
{
	int rc;
	pwhash_enter();
	rc = crypto_pwhash_str_alg(out, password, strlen(password),
				   crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
	pwhash_leave();
	return rc == 0 ? 0 : -1;
}

bool srv_password_verify(const char *hash, const char *password)
{
	bool ok;
	if (!hash || !password)
		return false;
	pwhash_enter();
	ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	pwhash_leave();
	return ok;
}

bool srv_streq_ct(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}

bool srv_all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The two cases of a Cyrillic letter have the same length in UTF-8. */
void srv_fold_case(char *s)
{
	unsigned char *p = (unsigned char *)s;
	for (; *p; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			*p = (unsigned char)(*p + 32);
		} else if (*p == 0xd0 && p[1] >= 0x90 && p[1] <= 0x9f) {	/* А..П */
			p[1] = (unsigned char)(p[1] + 0x20);
			p++;
		} else if (*p == 0xd0 && p[1] >= 0xa0 && p[1] <= 0xaf) {	/* Р..Я */
			p[0] = 0xd1;
			p[1] = (unsigned char)(p[1] - 0x20);
			p++;
		} else if (*p == 0xd0 && p[1] == 0x81) {			/* Ё */
			p[0] = 0xd1;
			p[1] = 0x91;
			p++;
		}
	}
}

char *srv_mask_contact(const char *contact, char *buf, size_t size)
{
	const char *at = strchr(contact, '@');
	size_t n = strlen(contact);

	if (at) {
		snprintf(buf, size, "%c***%s", contact[0], at);
	} else if (n == 12 && contact[0] == '+' && contact[1] == '7') {
		snprintf(buf, size, "+7 (%.3s) ***-**-%.2s", contact + 2, contact + 10);
	} else {
		snprintf(buf, size, "***%s", n > 2 ? contact + n - 2 : "");
	}
	return buf;
}

int srv_outbox_send(struct call *c, const char *channel, const char *to, const char *text,
		    const char *code)
{
	char at[21];
	cJSON *line;

	srv_instant(c->now, at);
	if (db_exec(c->db,
		    "INSERT INTO outbox (at, channel, to_addr, text, code) VALUES (?, ?, ?, ?, ?)",
		    "sssss", at, channel, to, text, code) != SQLITE_DONE)
		return -1;
	if (!srv_cfg.outbox_path)
		return 0;
	if (!c->outbox)
		c->outbox = cJSON_CreateArray();
	line = cJSON_CreateObject();
	cJSON_AddStringToObject(line, "at", at);
	cJSON_AddStringToObject(line, "channel", channel);
	cJSON_AddStringToObject(line, "to", to);
	cJSON_AddStringToObject(line, "text", text);
	if (code)
		cJSON_AddStringToObject(line, "code", code);
	else
		cJSON_AddNullToObject(line, "code");
	cJSON_AddItemToArray(c->outbox, line);
	return 0;
}

/* Outbox lines go to the file under a lock so that threads never interleave. */
static pthread_mutex_t outbox_lock = PTHREAD_MUTEX_INITIALIZER;

void srv_outbox_flush(struct call *c)
{
	const cJSON *line;
	FILE *f;

	if (!c->outbox || !srv_cfg.outbox_path)
		return;
	pthread_mutex_lock(&outbox_lock);
	f = fopen(srv_cfg.outbox_path, "a");
	if (!f)
		log_msg("outbox: cannot open %s", srv_cfg.outbox_path);
	cJSON_ArrayForEach(line, c->outbox) {
		char *json = cJSON_PrintUnformatted(line);
		if (f && json)
			fprintf(f, "%s\n", json);
		cJSON_free(json);
	}
	if (f)
		fclose(f);
	pthread_mutex_unlock(&outbox_lock);
}
