/* TOTP (RFC 6238) for staff logins: HOTP's dynamic truncation of HMAC-SHA-1 from
 * OpenSSL's libcrypto (libsodium has no SHA-1), the window of one step either side,
 * the replay rule, and base32. Every secret copy is wiped after use. */
#include "kabinet/server/totp.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int64_t totp_step(int64_t unix_time)
{
	return unix_time >= 0 ? unix_time / TOTP_STEP : -((-unix_time + TOTP_STEP - 1) / TOTP_STEP);
}

int totp_code(const unsigned char *key, size_t key_len, int64_t counter, int digits,
	      char *out)
{
	unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	uint32_t bin, mod = 1;
	uint64_t ctr = (uint64_t)counter;

	if (digits < 6 || digits > 8)
		return -1;
	for (int i = 7; i >= 0; i--, ctr >>= 8)
		msg[i] = (unsigned char)(ctr & 0xff);
	if (!HMAC(EVP_sha1(), key, (int)key_len, msg, sizeof(msg), mac, &mac_len) || mac_len < 20)
		return -1;
	int off = mac[mac_len - 1] & 0x0f;
	bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
	      ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
	OPENSSL_cleanse(mac, sizeof(mac));
	for (int i = 0; i < digits; i++)
		mod *= 10;
	bin %= mod;
	for (int i = digits - 1; i >= 0; i--, bin /= 10)
		out[i] = (char)('0' + bin % 10);
	out[digits] = '\0';
	return 0;
}

void totp_base32_encode(const unsigned char *in, size_t len, char *out)
{
	uint32_t buf = 0;
	int bits = 0;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[n++] = b32_alphabet[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[n++] = b32_alphabet[(buf << (5 - bits)) & 31];
	out[n] = '\0';
}

static int b32_value(char ch)
{
	if (ch >= 'a' && ch <= 'z')
		ch = (char)(ch - 'a' + 'A');
	const char *p = ch ? strchr(b32_alphabet, ch) : NULL;
	return p ? (int)(p - b32_alphabet) : -1;
}

int totp_base32_decode(const char *in, unsigned char *out, size_t size)
{
	uint32_t buf = 0;
	int bits = 0;
	size_t n = 0;

	for (const char *p = in; *p; p++) {
		int v = b32_value(*p);
		if (v < 0)
			return -1;
		buf = (buf << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			if (n == size)
				return -1;
			out[n++] = (unsigned char)((buf >> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	if (bits >= 5 || (buf & ((1u << bits) - 1)))
		return -1;
	return (int)n;
}

static bool six_digits(const char *s)
{
	for (int i = 0; i < TOTP_DIGITS; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[TOTP_DIGITS] == '\0';
}

bool totp_verify(const char *secret_b32, const char *code, int64_t unix_time,
		 int64_t last_step, int64_t *step)
{
	unsigned char key[64];
	char want[TOTP_DIGITS + 1];
	int64_t now = totp_step(unix_time);
	int key_len = totp_base32_decode(secret_b32, key, sizeof(key));
	bool found = false;

	if (key_len <= 0 || !six_digits(code)) {
		OPENSSL_cleanse(key, sizeof(key));
		return false;
	}
	for (int64_t s = now - 1; s <= now + 1; s++) {
		if (totp_code(key, (size_t)key_len, s, TOTP_DIGITS, want) == 0 &&
		    CRYPTO_memcmp(want, code, TOTP_DIGITS) == 0 && s > last_step && !found) {
			*step = s;
			found = true;
		}
	}
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(want, sizeof(want));
	return found;
}
